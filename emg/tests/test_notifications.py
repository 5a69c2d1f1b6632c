"""Notifications (emg.notifications): once each, whatever calls again; e-mail immediately, in a
daily digest or not at all, as each person chooses; the inbox with its unread count in the
header; a meeting pack's watchers told when it is ready or has failed; an invitation accepted.

The services and tasks run for real (eagerly here; through the real worker in
test_notifications_celery.py); only the outgoing mail is caught (mail.outbox) and the clock
frozen (time-machine)."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emg.mail import mail_send
from emg.models import (
    Delivery,
    Meeting,
    MeetingPack,
    Notification,
    NotificationDigest,
    NotificationPreference,
    User,
)
from emg.notifications.kinds import invitation_accepted_notify, pack_finished_notify
from emg.notifications.registry import kinds_for
from emg.notifications.services import (
    digests_send,
    notification_send,
    notify,
    preferences_of,
)
from emg.notifications.tasks import send_digests, send_notification
from emg.packs import queue
from emg.tests.factories import UserFactory
from emg.tests.form_pages import messages_of, text_of
from emg.tests.payloads import XSS

DAY_ONE = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
LATER_THAT_DAY = datetime.datetime(2026, 3, 2, 16, tzinfo=datetime.UTC)
DAY_TWO = datetime.datetime(2026, 3, 3, 7, tzinfo=datetime.UTC)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the mail's queueing) the test's transaction holds back."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def tell(user, key="1", kind="pack_ready", summary="The pack of SOM 26 is ready", **fields):
    return notify(
        kind=kind,
        recipients=[user],
        key=key,
        summary=summary,
        url=fields.pop("url", "/meetings/26/packs/"),
        context=fields.pop("context", {"meeting": "SOM 26", "language": "English", "ready": True}),
    )


# The mail helper


@override_settings(SITE_URL="https://emg.example.org")
def test_a_templated_mail_has_one_subject_line_text_and_html(secretariat):
    (notification,) = tell(secretariat)

    assert notification_send(pk=notification.pk)

    (message,) = mail.outbox
    assert message.subject == "[EMG] The pack of SOM 26 is ready"
    assert "\n" not in message.subject
    assert "https://emg.example.org/meetings/26/packs/" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert 'href="https://emg.example.org/meetings/26/packs/"' in html
    assert 'href="https://emg.example.org/inbox/preferences/"' in html
    assert "<script" not in html and "style=" not in html


def test_mail_send_to_nobody_sends_nothing(db):
    assert mail_send(template="emg/email/notification", context={}, to=[""]) == 0
    assert mail.outbox == []


@pytest.mark.parametrize("payload", XSS)
def test_what_a_notification_says_comes_out_as_text_in_both_parts(secretariat, payload):
    (notification,) = tell(secretariat, summary=payload, context={"name": payload}, url="/")
    notification.kind = "invitation_accepted"
    notification.save()

    notification_send(pk=notification.pk)

    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert payload in message.body
    assert "<script" not in html
    if any(character in payload for character in "<>\"'"):
        assert payload not in html


# Once each


def test_the_same_event_notifies_a_person_once(secretariat, committed):
    with committed():
        first = tell(secretariat, key="7")
        again = tell(secretariat, key="7")

    assert len(first) == 1 and again == []
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_sending_again_sends_nothing(secretariat):
    (notification,) = tell(secretariat)

    assert send_notification.delay(notification.pk).get() is True
    assert send_notification.delay(notification.pk).get() is False
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_change_rolled_back_tells_nobody(secretariat, committed):
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        tell(secretariat)
        raise RuntimeError("the change failed")

    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_inactive_people_are_not_notified(secretariat):
    secretariat.is_active = False
    secretariat.save()

    assert tell(secretariat) == []


# Each person's choice


def test_off_sends_no_mail_but_the_inbox_keeps_it(focal_point, committed, client_as):
    NotificationPreference.objects.create(user=focal_point, kind="pack_ready", delivery="off")

    with committed():
        (notification,) = tell(focal_point)

    assert notification.delivery == Delivery.OFF
    assert mail.outbox == []
    assert notification_send(pk=notification.pk) is False
    assert with_clock(DAY_TWO, digests_send) == 0
    assert mail.outbox == []
    page = client_as(focal_point).get(reverse("inbox:list"))
    assert "The pack of SOM 26 is ready" in page.content.decode()


def test_a_digest_choice_sends_nothing_at_once(focal_point, committed):
    NotificationPreference.objects.create(user=focal_point, kind="pack_ready", delivery="digest")

    with committed():
        (notification,) = tell(focal_point)

    assert notification.delivery == Delivery.DIGEST
    assert mail.outbox == []


def test_the_preferences_page_offers_the_kinds_of_the_persons_role_only(world, client_as):
    focal = client_as(world.people["focal_point"]).get(reverse("inbox:preferences"))
    fields = set(focal.context["form"].fields)
    assert {"round_opened", "update_returned", "update_accepted", "pack_ready"} <= fields
    assert not {"update_submitted", "invitation_accepted"} & fields

    secretariat = client_as(world.people["secretariat"]).get(reverse("inbox:preferences"))
    fields = set(secretariat.context["form"].fields)
    assert {"update_submitted", "invitation_accepted", "pack_ready"} <= fields
    assert "round_opened" not in fields
    assert secretariat.context["form"]["update_submitted"].initial == Delivery.DIGEST


def test_choices_are_saved_and_a_double_post_saves_them_once(world, client_as):
    client = client_as(world.people["secretariat"])
    data = {"update_submitted": "immediate", "pack_ready": "off", "invitation_accepted": "digest"}

    responses = [client.post(reverse("inbox:preferences"), data) for _ in range(2)]

    assert [response.status_code for response in responses] == [302, 302]
    assert preferences_of(world.people["secretariat"]) == data
    assert NotificationPreference.objects.filter(user=world.people["secretariat"]).count() == 3


def test_a_choice_that_is_none_of_the_three_is_refused_next_to_its_field(world, client_as):
    client = client_as(world.people["focal_point"])
    data = {kind.name: "immediate" for kind in kinds_for(world.people["focal_point"])}

    response = client.post(reverse("inbox:preferences"), {**data, "round_opened": "hourly"})

    assert response.status_code == 200
    assert "round_opened" in response.context["form"].errors
    assert not NotificationPreference.objects.exists()


def test_a_kind_of_another_role_is_not_saved(world, client_as):
    client = client_as(world.people["focal_point"])
    data = {kind.name: "immediate" for kind in kinds_for(world.people["focal_point"])}

    client.post(reverse("inbox:preferences"), {**data, "update_submitted": "off"})

    assert not NotificationPreference.objects.filter(kind="update_submitted").exists()


# The daily digest


def with_clock(moment, function, *args, **kwargs):
    with time_machine.travel(moment, tick=False):
        return function(*args, **kwargs)


def digest_for(user, *keys):
    NotificationPreference.objects.update_or_create(
        user=user, kind="pack_ready", defaults={"delivery": "digest"}
    )
    for key in keys:
        tell(user, key=key, summary=f"Pack {key} is ready")


def test_the_digest_sends_one_mail_a_day_with_every_item_and_nothing_twice(secretariat, bob):
    with_clock(DAY_ONE, digest_for, secretariat, "a", "b", "c")
    with_clock(DAY_ONE, digest_for, bob, "d")

    assert with_clock(LATER_THAT_DAY, send_digests) == 2
    assert with_clock(LATER_THAT_DAY, send_digests) == 0  # a rerun

    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "bob@example.org"]
    (alice,) = [m for m in mail.outbox if m.to == ["alice@example.org"]]
    assert [f"Pack {key} is ready" in alice.body for key in "abc"] == [True] * 3
    assert "Pack d" not in alice.body
    assert alice.subject == "[EMG] Your daily digest: 3 notifications"
    assert "Pack c is ready" in alice.alternatives[0][0]

    # Told again later that day: tomorrow's digest, with that item only.
    with_clock(LATER_THAT_DAY, digest_for, secretariat, "e")
    assert with_clock(LATER_THAT_DAY, send_digests) == 0
    assert with_clock(DAY_TWO, send_digests) == 1
    assert with_clock(DAY_TWO, send_digests) == 0
    tomorrow = mail.outbox[-1]
    assert "Pack e is ready" in tomorrow.body
    assert not any(f"Pack {key} is ready" in tomorrow.body for key in "abc")
    assert NotificationDigest.objects.filter(recipient=secretariat).count() == 2
    assert len(mail.outbox) == 3


def test_the_digest_leaves_out_immediate_and_off_notifications(secretariat):
    with_clock(DAY_ONE, tell, secretariat, key="now")
    NotificationPreference.objects.create(user=secretariat, kind="pack_ready", delivery="off")
    with_clock(DAY_ONE, tell, secretariat, key="never")

    with_clock(DAY_TWO, send_digests)

    # The immediate one, never handed to a worker (no commit in this test), goes on its own.
    assert [m.subject for m in mail.outbox] == ["[EMG] The pack of SOM 26 is ready"]
    assert not NotificationDigest.objects.exists()


# The inbox


def test_the_inbox_lists_the_readers_own_notifications_newest_first(world, client_as):
    fiona, oscar = world.people["focal_point"], world.people["other_focal_point"]
    with_clock(DAY_ONE, tell, fiona, key="old", summary="Older news")
    with_clock(DAY_TWO, tell, fiona, key="new", summary="Newer news")
    tell(oscar, key="x", summary="Oscar's news")

    page = client_as(fiona).get(reverse("inbox:list"))

    text = text_of(page.content.decode())
    assert text.index("Newer news") < text.index("Older news")
    assert "Oscar's news" not in text
    assert [n.summary for n in page.context["notifications"]] == ["Newer news", "Older news"]


def test_opening_a_notification_marks_it_read_and_goes_to_its_object(world, client_as):
    fiona = world.people["focal_point"]
    (notification,) = tell(fiona, url="/meetings/26/packs/")

    response = client_as(fiona).get(reverse("inbox:open", kwargs={"pk": notification.pk}))

    assert response.status_code == 302 and response.url == "/meetings/26/packs/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_persons_notification_answers_404_and_stays_unread(world, client_as):
    (notification,) = tell(world.people["focal_point"])

    for name in ("other_focal_point", "secretariat"):
        response = client_as(world.people[name]).get(
            reverse("inbox:open", kwargs={"pk": notification.pk})
        )
        assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_a_link_to_another_site_is_not_followed(world, client_as):
    (notification,) = tell(world.people["focal_point"], url="https://attacker.invalid/")

    response = client_as(world.people["focal_point"]).get(
        reverse("inbox:open", kwargs={"pk": notification.pk})
    )

    assert response.url == reverse("inbox:list")


def test_mark_all_read_marks_the_readers_own_and_a_double_post_is_fine(world, client_as):
    fiona, oscar = world.people["focal_point"], world.people["other_focal_point"]
    for key in "abc":
        tell(fiona, key=key)
    tell(oscar, key="x")
    client = client_as(fiona)

    first = client.post(reverse("inbox:read_all"))
    second = client.post(reverse("inbox:read_all"))

    assert first.status_code == second.status_code == 302
    assert messages_of(first) == ["All your notifications are marked read."]
    assert not Notification.objects.filter(recipient=fiona, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=oscar, read_at__isnull=True).count() == 1


def test_the_inbox_shows_25_a_page(world, client_as):
    fiona = world.people["focal_point"]
    for number in range(30):
        tell(fiona, key=str(number), summary=f"News {number}")
    client = client_as(fiona)

    first = client.get(reverse("inbox:list"))
    second = client.get(reverse("inbox:list"), {"page": 2})

    assert len(first.context["notifications"]) == 25
    assert len(second.context["notifications"]) == 5


def test_the_inbox_asks_as_many_queries_for_one_notification_as_for_a_full_page(world, client_as):
    fiona = world.people["focal_point"]
    client = client_as(fiona)
    tell(fiona, key="first")
    client.get(reverse("inbox:list"))  # what a first request of the session costs, once
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("inbox:list"))
    for number in range(30):
        tell(fiona, key=str(number), summary=f"News {number}")

    with CaptureQueriesContext(connection) as full:
        page = client.get(reverse("inbox:list"))

    assert len(page.context["notifications"]) == 25
    assert len(full) == len(one)


@pytest.mark.parametrize("page", ["two", "0", "-1", "²", "9" * 30, "%00"])
def test_a_bad_page_parameter_answers_400(world, client_as, page):
    response = client_as(world.people["focal_point"]).get(f"{reverse('inbox:list')}?page={page}")

    assert response.status_code == 400


def test_a_page_beyond_the_last_shows_the_last(world, client_as):
    tell(world.people["focal_point"])

    response = client_as(world.people["focal_point"]).get(reverse("inbox:list"), {"page": 9})

    assert response.status_code == 200
    assert len(response.context["notifications"]) == 1


# The header


def badge(client) -> str | None:
    html = client.get(reverse("home")).content.decode()
    start = html.find('id="unread-count">')
    if start < 0:
        return None
    return html[start + len('id="unread-count">') :].split("<", 1)[0]


def test_the_header_counts_the_readers_unread_notifications(world, client_as):
    fiona = world.people["focal_point"]
    client = client_as(fiona)
    assert badge(client) is None

    for key in "ab":
        tell(fiona, key=key)
    tell(world.people["other_focal_point"], key="x")
    assert badge(client) == "2"

    notification = Notification.objects.filter(recipient=fiona).first()
    client.get(reverse("inbox:open", kwargs={"pk": notification.pk}))
    assert badge(client) == "1"
    client.post(reverse("inbox:read_all"))
    assert badge(client) is None


def test_the_header_asks_one_query_for_the_count(world, client_as):
    client = client_as(world.people["focal_point"])
    url = reverse("meetings:list")
    client.get(url)

    with CaptureQueriesContext(connection) as queries:
        client.get(url)

    counts = [q["sql"] for q in queries if 'FROM "emg_notification"' in q["sql"]]
    assert len(counts) == 1 and "COUNT" in counts[0].upper()


def test_anonymous_people_see_no_inbox_link(client, db):
    html = client.get(reverse("login")).content.decode()

    assert reverse("inbox:list") not in html


# A meeting pack's watchers


@pytest.fixture
def meeting(db):
    return Meeting.objects.create(number=30, title="30th Senior Officials Meeting")


def test_asking_when_preparing_a_pack_tells_the_asker_when_it_is_ready(
    meeting, secretariat, bob, client_as, committed
):
    with committed():
        client_as(secretariat).post(
            reverse("packs:prepare", kwargs={"number": 30}), {"notify": "1"}
        )

    pack = meeting.packs.get()
    assert pack.status == MeetingPack.Status.READY
    (notification,) = Notification.objects.filter(kind="pack_ready")
    assert notification.recipient == secretariat
    assert notification.context["ready"] is True
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert "is ready to download" in mail.outbox[0].body


def test_preparing_without_asking_tells_nobody(meeting, secretariat, client_as, committed):
    with committed():
        client_as(secretariat).post(reverse("packs:prepare", kwargs={"number": 30}))

    assert meeting.packs.get().status == MeetingPack.Status.READY
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_any_reader_asks_to_be_told_and_a_failure_tells_them_why(
    meeting, secretariat, senior_official, focal_point, client_as, committed
):
    pack = MeetingPack.objects.create(meeting=meeting, requested_by=secretariat)
    url = reverse("packs:watch", kwargs={"number": 30, "pk": pack.pk})
    for reader in (senior_official, focal_point, focal_point):  # the second ask asks once
        response = client_as(reader).post(url)
        assert response.status_code == 302

    with committed():
        queue.pack_fail(pack_pk=pack.pk, reason="The build failed: no fonts")
        queue.pack_fail(pack_pk=pack.pk, reason="The build failed: again")  # finished: no-op

    assert sorted(pack.watchers.values_list("username", flat=True)) == ["fiona", "sam"]
    assert told_about(pack) == ["fiona", "sam"]
    assert len(mail.outbox) == 2
    assert "could not be built" in mail.outbox[0].body
    assert "no fonts" in mail.outbox[0].body


def told_about(pack):
    return sorted(
        Notification.objects.filter(kind="pack_ready", key__startswith=f"{pack.pk}:").values_list(
            "recipient__username", flat=True
        )
    )


def test_a_failed_pack_retried_tells_its_watchers_it_failed_then_that_it_is_ready(
    meeting, secretariat, committed
):
    pack = MeetingPack.objects.create(meeting=meeting, requested_by=secretariat)
    queue.pack_watch(pack=pack, user=secretariat)
    with committed():
        queue.pack_fail(pack_pk=pack.pk, reason="The build failed: interrupted")
        queue.pack_retry(pack=pack)
    pack.refresh_from_db()
    assert pack.status == MeetingPack.Status.READY

    keys = list(Notification.objects.order_by("pk").values_list("key", flat=True))
    assert len(keys) == 2
    assert keys[0].startswith(f"{pack.pk}:failed:") and keys[1] == f"{pack.pk}:ready"
    assert ["could not be built" in m.body for m in mail.outbox] == [True, False]


def test_a_ready_pack_tells_its_watchers_once(meeting, secretariat, committed):
    with committed():
        pack, _new = queue.pack_request(meeting=meeting, user=secretariat, notify=True)
        pack_finished_notify(pack=MeetingPack.objects.get(pk=pack.pk))

    assert list(Notification.objects.values_list("key", flat=True)) == [f"{pack.pk}:ready"]
    assert len(mail.outbox) == 1


def test_a_finished_pack_cannot_be_watched(meeting, secretariat, client_as):
    pack = MeetingPack.objects.create(
        meeting=meeting, status=MeetingPack.Status.READY, requested_by=secretariat
    )

    response = client_as(secretariat).post(
        reverse("packs:watch", kwargs={"number": 30, "pk": pack.pk})
    )

    assert messages_of(response) == ["This pack has finished already."]
    assert not pack.watchers.exists()


def test_the_pack_card_offers_to_notify_until_asked(meeting, secretariat, client_as):
    pack = MeetingPack.objects.create(meeting=meeting, requested_by=secretariat)
    client = client_as(secretariat)
    status = reverse("packs:status", kwargs={"number": 30, "pk": pack.pk})

    assert "Notify me when it is ready" in client.get(status).content.decode()
    client.post(reverse("packs:watch", kwargs={"number": 30, "pk": pack.pk}))
    html = client.get(status).content.decode()
    assert "You will be notified when it is ready." in html
    assert "Notify me when it is ready" not in html


# An invitation accepted


def test_the_inviter_is_told_once_that_the_invitation_was_accepted(secretariat, committed):
    invited = UserFactory(
        username="nadia", first_name="Nadia", last_name="Nour", role=User.Role.FOCAL_POINT
    )

    with committed():
        assert invitation_accepted_notify(inviter=secretariat, invited=invited) == 1
        assert invitation_accepted_notify(inviter=secretariat, invited=invited) == 0

    (message,) = mail.outbox
    assert message.to == ["alice@example.org"]
    assert message.subject == "[EMG] Nadia Nour accepted your invitation"
    assert "Nadia Nour (nadia) accepted your invitation" in message.body
