"""Writing and sending notifications.

Once each: a notification is a row unique per recipient, kind and event key, created inside the
transaction of the change it tells about (a rolled-back change tells nothing). Its mail is
queued for after that commit with the row's pk only; the task claims the row (``emailed_at``
from empty to now, one UPDATE that one caller wins) before sending, so that a rerun, a retry or
a second worker sends nothing. At most once, like the reminders (progress/reminders.py): if the
mail server refuses the message after the claim, that mail is lost, the inbox still has it.

The daily digest gathers a person's notifications whose delivery is "digest" into one mail. A
``NotificationDigest`` row per person and day (unique) claims the day, and each notification is
claimed into it the same way, so a second run that day sends nothing and nothing is sent twice.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError

from emg.mail import absolute, mail_send
from emg.models import Delivery, Notification, NotificationDigest, NotificationPreference, User
from emg.notifications.registry import kind_named, kinds_for

logger = logging.getLogger(__name__)

# An immediate notification still unsent this long after it was created was never handed to a
# worker (the broker was down at the commit): the daily run sends it then.
UNSENT_AFTER = datetime.timedelta(minutes=30)


def delivery_for(user: User, kind: str) -> str:
    """How ``user`` wants ``kind`` by e-mail: their choice, or the kind's default for their
    role."""
    chosen = (
        NotificationPreference.objects.filter(user=user, kind=kind)
        .values_list("delivery", flat=True)
        .first()
    )
    return chosen or kind_named(kind).default_for(user)


def notify(
    *,
    kind: str,
    recipients: Iterable[User],
    key: str,
    summary: str,
    url: str = "",
    context: dict | None = None,
) -> list[Notification]:
    """Notify each of ``recipients`` (the active ones, each once) of the event ``key`` of
    ``kind``: ``summary`` is its one line, ``url`` the path of what it is about, ``context`` the
    details its kind's templates show (plain JSON values: what the recipient may read).

    Call it inside the transaction of the change. Answers the notifications created now; a
    recipient already notified of this event gets nothing new."""
    the_kind = kind_named(kind)
    people = {user.pk: user for user in recipients if user.is_active}
    chosen = dict(
        NotificationPreference.objects.filter(user__in=list(people), kind=kind).values_list(
            "user", "delivery"
        )
    )
    created = []
    for user in sorted(people.values(), key=lambda user: user.pk):
        delivery = chosen.get(user.pk) or the_kind.default_for(user)
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=user,
                    kind=kind,
                    key=key[:100],
                    summary=summary[:300],
                    url=url,
                    context=context or {},
                    delivery=delivery,
                )
        except IntegrityError:
            continue  # told already: the event happened again, or a racing caller told them
        if delivery == Delivery.IMMEDIATE:
            transaction.on_commit(lambda pk=notification.pk: notification_enqueue(pk))
        created.append(notification)
    return created


def notification_enqueue(pk: int) -> None:
    """Hand the sending of notification ``pk`` to a worker. A broker that cannot be reached
    leaves it unsent for the daily run (``digests_send``) to pick up."""
    from emg.notifications.tasks import send_notification
    from emg.packs.queue import FAIL_FAST

    app = send_notification.app
    try:
        if app.conf.task_always_eager:  # no broker: sent here and now
            send_notification.apply(args=[pk])
        else:
            # As a pack's request: an unreachable broker fails in a moment, not after kombu's
            # retries, and the request that made the change is not kept waiting.
            with app.connection_for_write(transport_options=FAIL_FAST) as connection:
                send_notification.apply_async(args=[pk], connection=connection, retry=False)
    except (BrokerError, RedisConnectionError, OSError) as exc:
        logger.warning("Notification %s could not be queued: %s", pk, exc)


def _mail_context(notification: Notification) -> dict:
    return {
        "notification": notification,
        "recipient": notification.recipient,
        "details": notification.context,
        "kind": kind_named(notification.kind),
        "link": absolute(notification.url) if notification.url else "",
        "inbox_url": absolute(reverse("inbox:list")),
        "preferences_url": absolute(reverse("inbox:preferences")),
    }


def notification_send(*, pk: int) -> bool:
    """Send notification ``pk`` by e-mail if nobody has yet; True when this call sent it."""
    claimed = (
        Notification.objects.filter(pk=pk, emailed_at__isnull=True)
        .exclude(delivery=Delivery.OFF)
        .update(emailed_at=timezone.now())
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=pk)
    recipient = notification.recipient
    if not recipient.is_active or not recipient.email:
        return False
    mail_send(
        template="emg/email/notification",
        context=_mail_context(notification),
        to=[recipient.email],
    )
    return True


def digests_send(*, today: datetime.date | None = None) -> int:
    """Send each person with notifications waiting for a digest their digest of ``today``,
    unless it went already; also send the immediate notifications that no worker was given.
    Answers how many digests were sent."""
    now = timezone.now()
    today = today or timezone.localdate()
    for pk in Notification.objects.filter(
        delivery=Delivery.IMMEDIATE, emailed_at__isnull=True, created_at__lt=now - UNSENT_AFTER
    ).values_list("pk", flat=True):
        notification_send(pk=pk)

    waiting = Notification.objects.filter(delivery=Delivery.DIGEST, emailed_at__isnull=True)
    sent = 0
    for recipient_id in sorted(set(waiting.values_list("recipient", flat=True))):
        try:
            with transaction.atomic():
                digest = NotificationDigest.objects.create(recipient_id=recipient_id, date=today)
        except IntegrityError:
            continue  # today's digest went already: the rest waits for tomorrow's
        waiting.filter(recipient_id=recipient_id).update(emailed_at=now, digest=digest)
        notifications = list(digest.notifications.order_by("created_at", "pk"))
        recipient = User.objects.get(pk=recipient_id)
        if not notifications or not recipient.is_active or not recipient.email:
            continue
        mail_send(
            template="emg/email/digest",
            context={
                "recipient": recipient,
                "date": today,
                "items": [_mail_context(notification) for notification in notifications],
                "inbox_url": absolute(reverse("inbox:list")),
                "preferences_url": absolute(reverse("inbox:preferences")),
            },
            to=[recipient.email],
        )
        sent += 1
    return sent


# The inbox


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_read(*, notification: Notification) -> Notification:
    """Mark ``notification`` read (once: the first reading's time stays)."""
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_read_all(*, user: User) -> int:
    """Mark every unread notification of ``user`` read; answers how many were."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def preferences_save(*, user: User, choices: dict[str, str]) -> None:
    """Keep ``user``'s delivery per kind (``choices``: kind name → Delivery value), for the
    kinds their role receives; a choice equal to the default is kept too (the default may
    change, their choice should not)."""
    allowed = {kind.name for kind in kinds_for(user)}
    for kind, delivery in choices.items():
        if kind not in allowed or delivery not in Delivery.values:
            continue
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery}
        )


def preferences_of(user: User) -> dict[str, str]:
    """``user``'s delivery for every kind their role receives: chosen, or the default."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind.name: chosen.get(kind.name) or kind.default_for(user) for kind in kinds_for(user)}


def inbox_of(user: User):
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")
