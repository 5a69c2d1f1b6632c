"""A meeting pack's life: asked for (``pack_request``), handed to the broker once its row is
committed (``pack_enqueue``), built by the Celery task ``build_pack`` (emg.packs.build), retried
after a failure (``pack_retry``), failed with its reason (``pack_fail``), and swept up by the
beat's ``sweep_packs`` when its worker died or the broker could not be reached (``packs_sweep``).

The tasks live here, beside the services that queue them and that they call, so that neither
imports the other in a circle; emg.tasks imports this module for the worker to register them.

Run the worker with the prefork pool (the default; ``celery -A config worker --pool=prefork``):
the per-child memory cap (CELERY_WORKER_MAX_MEMORY_PER_CHILD) and the soft time limit only
apply there, since they work by replacing or signalling child processes."""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError

from emg.models import Language, Meeting, MeetingPack, User
from emg.notifications.kinds import pack_finished_notify
from emg.packs.build import pack_build

logger = logging.getLogger(__name__)

# A rendering pack is given the task's hard time limit and this much more before the sweeper
# calls it lost (its worker was killed, or the row was never told).
SWEEP_GRACE = datetime.timedelta(minutes=2)
# A pack handed to the broker that no worker has started within this time is failed: the
# worker is down or the queue is stuck, and the page should say so rather than wait for ever.
QUEUE_TIMEOUT = datetime.timedelta(hours=1)


def pack_fail(*, pack_pk: int, reason: str) -> None:
    """Mark the pack failed with ``reason`` unless it has finished meanwhile."""
    now = timezone.now()
    for pack in MeetingPack.objects.unfinished().filter(pk=pack_pk):
        pack.status = MeetingPack.Status.FAILED
        pack.error = reason
        pack.finished_at = max(now, pack.started_at) if pack.started_at else now
        pack.save(update_fields=["status", "error", "finished_at"])
        pack_finished_notify(pack=pack)


# Sending a pack to an unreachable broker should fail in a moment, not after kombu's usual
# retries (seconds of a page hanging): the row stays queued and the sweeper sends it later.
FAIL_FAST = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def pack_enqueue(pack: MeetingPack) -> bool:
    """Hand the pack to the broker; False, with the row left queued, when it cannot be
    reached. Called once the row is committed, so that a worker always finds it."""
    app = build_pack.app
    try:
        if app.conf.task_always_eager:  # no broker: built here and now, retries included
            build_pack.apply(args=[pack.pk], throw=False)
        else:
            with app.connection_for_write(transport_options=FAIL_FAST) as connection:
                build_pack.apply_async(args=[pack.pk], connection=connection, retry=False)
    except (BrokerError, RedisConnectionError, OSError) as exc:
        logger.warning("Meeting pack %s could not be queued: %s", pack.pk, exc)
        return False
    MeetingPack.objects.filter(pk=pack.pk, enqueued_at__isnull=True).update(
        enqueued_at=timezone.now()
    )
    return True


def pack_request(
    *, meeting: Meeting, user: User, language: str = Language.ENGLISH, notify: bool = False
) -> tuple[MeetingPack, bool]:
    """A pack of ``meeting`` in ``language`` being built for ``user``: the one already under
    way, or a new one queued once this transaction commits. Returns it and whether it is new.
    With ``notify``, ``user`` is told when it is ready or has failed (``pack_watch``)."""
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)  # one request at a time
        under_way = (
            meeting.packs.unfinished().filter(language=language).order_by("-created_at").first()
        )
        if under_way is not None:
            if notify:
                under_way.watchers.add(user)
            return under_way, False
        pack = MeetingPack.objects.create(meeting=meeting, requested_by=user, language=language)
        if notify:
            pack.watchers.add(user)
        transaction.on_commit(lambda: pack_enqueue(pack))
    return pack, True


def pack_watch(*, pack: MeetingPack, user: User) -> bool:
    """Tell ``user`` when ``pack`` is ready or has failed. False when it has finished already
    (nothing left to tell). Asking twice asks once."""
    with transaction.atomic():
        pack = MeetingPack.objects.select_for_update().get(pk=pack.pk)
        if not pack.is_unfinished:
            return False
        pack.watchers.add(user)
    return True


def pack_retry(*, pack: MeetingPack) -> MeetingPack:
    """Queue a failed pack again, as it was requested."""
    with transaction.atomic():
        updated = MeetingPack.objects.filter(pk=pack.pk, status=MeetingPack.Status.FAILED).update(
            status=MeetingPack.Status.PENDING,
            progress=0,
            error="",
            started_at=None,
            finished_at=None,
            enqueued_at=None,
        )
        if updated:
            transaction.on_commit(lambda: pack_enqueue(pack))
    pack.refresh_from_db()
    return pack


def packs_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Fail the packs left rendering past the time limit, and those queued that no worker
    took; queue again those the broker could not be given. Returns the counts."""
    now = now or timezone.now()
    limit = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT) + SWEEP_GRACE
    lost = MeetingPack.objects.filter(
        status=MeetingPack.Status.RENDERING, started_at__lt=now - limit
    )
    lost_reason = _(
        "The build did not finish within the time limit of %(seconds)s seconds: its worker "
        "stopped or was stopped. Try again."
    ) % {"seconds": settings.CELERY_TASK_TIME_LIMIT}
    stuck = MeetingPack.objects.filter(
        status=MeetingPack.Status.PENDING, enqueued_at__lt=now - QUEUE_TIMEOUT
    )
    stuck_reason = _(
        "No background worker started the build within %(minutes)s minutes of it being "
        "queued. Try again."
    ) % {"minutes": int(QUEUE_TIMEOUT.total_seconds() // 60)}
    failed = 0
    for packs, reason in ((lost, lost_reason), (stuck, stuck_reason)):
        for pack in packs:
            pack_fail(pack_pk=pack.pk, reason=reason)
            failed += 1
    unsent = list(MeetingPack.objects.filter(status=MeetingPack.Status.PENDING, enqueued_at=None))
    sent = sum(pack_enqueue(pack) for pack in unsent)
    return {"failed": failed, "queued": sent, "unsent": len(unsent) - sent}


# The tasks

# Errors that say "not now" rather than "never": the database or Redis went away for a moment.
TRANSIENT_ERRORS = (
    OperationalError,
    InterfaceError,
    RedisConnectionError,
    ConnectionError,
)
PACK_MAX_RETRIES = 3


def retry_delay(retries: int) -> int:
    """Seconds before the next attempt: 10, 20, 40 … at most 120, with full jitter so that the
    packs a database outage interrupted do not all come back at once."""
    return get_exponential_backoff_interval(
        factor=10, retries=retries, maximum=120, full_jitter=True
    )


def _fail(pack_pk: int, reason: str) -> None:
    try:
        pack_fail(pack_pk=pack_pk, reason=reason)
    except TRANSIENT_ERRORS:
        # The database is gone too: the sweeper fails the pack once the time limit has passed.
        logger.exception("Meeting pack %s: could not record that it failed", pack_pk)


@shared_task(bind=True, max_retries=PACK_MAX_RETRIES, acks_late=True)
def build_pack(self, pack_pk: int) -> str | None:
    """Build the meeting pack ``pack_pk`` (``pack_build``). Safe to run twice; transient errors
    are retried PACK_MAX_RETRIES times with backoff, anything else fails the pack with its
    reason on the row."""
    try:
        pack = pack_build(pack_pk)
    except SoftTimeLimitExceeded:
        _fail(
            pack_pk,
            _("The build took longer than the time limit of %(seconds)s seconds.")
            % {"seconds": settings.CELERY_TASK_SOFT_TIME_LIMIT},
        )
        return None
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            logger.exception("Meeting pack %s: giving up", pack_pk)
            _fail(
                pack_pk,
                _("The build was interrupted %(attempts)s times (%(error)s). Try again later.")
                % {"attempts": self.request.retries + 1, "error": exc.__class__.__name__},
            )
            return None
        logger.warning("Meeting pack %s: %s; retrying", pack_pk, exc)
        if self.request.is_eager:
            # Run in-process (no broker): there is no queue to come back through, so the next
            # attempt runs here, without the wait.
            again = self.apply(args=[pack_pk], retries=self.request.retries + 1, throw=False)
            return again.result
        raise self.retry(exc=exc, countdown=retry_delay(self.request.retries)) from exc
    except Exception as exc:
        logger.exception("Meeting pack %s could not be built", pack_pk)
        _fail(
            pack_pk,
            _("The build failed: %(error)s") % {"error": f"{exc.__class__.__name__}: {exc}"[:500]},
        )
        return None
    return pack.status if pack else None


@shared_task
def sweep_packs() -> dict:
    """The beat's periodic clean-up of packs (``packs_sweep``)."""
    return packs_sweep()
