"""What progress reporting tells people (progress/notifications.py): who is told when a round
opens, an update is submitted, returned or accepted, and who is not; what the mail says; and
that returned updates come first in "My tasks" and on the focal point's home.

The services run for real and the mail goes through the real task (eagerly here; through the
real worker in emg/tests/test_notifications_celery.py); only the outgoing mail is caught."""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape

from emg.models import Delivery, Notification, NotificationPreference, User
from emg.tests.factories import UserFactory
from emg.tests.payloads import XSS
from mandates.tests.factories import FocalPointFactory
from progress.models import Task, Update
from progress.notifications import round_opened_notify
from progress.services.rounds import round_open
from progress.services.updates import ItemData, update_accept, update_return, update_submit
from progress.tests.updates import submitted

ITEM = ItemData(status="ongoing", text="The drafting group met.")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the mail's queueing) the test's transaction holds back."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def told(kind: str) -> list[str]:
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True)
    )


def mailed() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def returned(world, comment="Add the dates of the meetings."):
    update = submitted(world, ITEM)
    return update_return(
        update=update, version=update.version, user=world.people["secretariat"], comment=comment
    )


# A round opened


@pytest.fixture
def opening(world):
    """The world's round being prepared, with a task of each mandate and a second of
    ``world.mandate``."""
    draft = world.draft_round
    Task.objects.create(round=draft, mandate=world.mandate, order=1, text="Alpha: first task")
    Task.objects.create(round=draft, mandate=world.other_mandate, order=2, text="Omega: a task")
    Task.objects.create(round=draft, mandate=world.mandate, order=3, text="Alpha: second task")
    return draft


def test_opening_a_round_tells_each_focal_point_with_tasks_in_it_their_tasks_only(
    world, opening, committed
):
    with committed():
        round_open(report_round=opening)

    assert told("round_opened") == ["fiona", "oscar"]
    fiona = Notification.objects.get(kind="round_opened", recipient__username="fiona")
    assert [task["text"] for task in fiona.context["tasks"]] == [
        "Alpha: first task",
        "Alpha: second task",
    ]
    assert fiona.context["deadline"] == "2020-09-30"
    assert mailed() == ["fiona@example.org", "oscar@example.org"]
    (message,) = [m for m in mail.outbox if m.to == ["fiona@example.org"]]
    assert "Alpha: first task" in message.body and "Alpha: second task" in message.body
    assert "Omega" not in message.body
    assert "2020-09-30" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert "Alpha: second task" in html and "Omega" not in html


def test_opening_a_round_tells_nobody_else(world, opening, committed):
    FocalPointFactory(
        mandate=world.mandate,
        user=UserFactory(username="gone", role=User.Role.FOCAL_POINT, is_active=False),
    )
    no_tasks = FocalPointFactory(
        user=UserFactory(username="idle", role=User.Role.FOCAL_POINT)
    ).user  # of a mandate with no task in the round

    with committed():
        round_open(report_round=opening)

    assert "gone" not in told("round_opened")
    assert no_tasks.username not in told("round_opened")
    assert not Notification.objects.filter(
        recipient__role__in=[User.Role.SECRETARIAT, User.Role.SENIOR_OFFICIAL]
    ).exists()


@override_settings(SITE_URL="https://emg.example.org")
def test_the_round_mail_links_from_outside(world, opening, committed):
    with committed():
        round_open(report_round=opening)

    (message,) = [m for m in mail.outbox if m.to == ["fiona@example.org"]]
    task = opening.tasks.get(text="Alpha: first task")
    link = f"https://emg.example.org{reverse('progress:task', kwargs={'pk': task.pk})}"
    assert link in message.body
    assert f'href="{link}"' in message.alternatives[0][0]
    assert f"https://emg.example.org{reverse('progress:my_tasks')}" in message.body


def test_a_round_is_announced_once_whatever_calls_again(world, opening, committed):
    with committed():
        round_open(report_round=opening)
        opening.refresh_from_db()
        again = round_opened_notify(report_round=opening)

    assert again == 0
    assert told("round_opened") == ["fiona", "oscar"]
    assert len(mail.outbox) == 2


# An update submitted, returned, accepted


def test_a_submitted_update_tells_every_active_secretariat_member_in_a_digest(
    world, bob, committed
):
    UserFactory(username="retired", role=User.Role.SECRETARIAT, is_active=False)

    with committed():
        submitted(world, ITEM)

    assert told("update_submitted") == ["alice", "bob"]
    assert set(
        Notification.objects.filter(kind="update_submitted").values_list("delivery", flat=True)
    ) == {Delivery.DIGEST}
    assert mail.outbox == []  # the secretariat's default: one digest a day


def test_a_secretariat_member_who_chose_each_gets_the_submission_at_once(world, bob, committed):
    NotificationPreference.objects.create(
        user=bob, kind="update_submitted", delivery=Delivery.IMMEDIATE
    )

    with committed():
        submitted(world, ITEM)

    assert mailed() == ["bob@example.org"]
    assert world.mandate.name in mail.outbox[0].body


def test_a_returned_update_tells_its_mandates_focal_points_with_the_comment(world, committed):
    second = FocalPointFactory(
        mandate=world.mandate, user=UserFactory(username="gina", role=User.Role.FOCAL_POINT)
    ).user

    with committed():
        update = returned(world, comment="Say which agencies took part.")

    assert told("update_returned") == ["fiona", second.username]
    notification = Notification.objects.get(kind="update_returned", recipient__username="fiona")
    assert notification.key == f"{update.pk}:{update.version}"
    assert notification.context["comment"] == "Say which agencies took part."
    assert notification.url == reverse("progress:task", kwargs={"pk": world.task.pk})
    assert mailed() == ["fiona@example.org", "gina@example.org"]
    message = mail.outbox[0]
    assert "Say which agencies took part." in message.body
    assert "Say which agencies took part." in message.alternatives[0][0]
    assert message.subject == f"[EMG] Update returned: {world.mandate.name}"


def test_another_mandates_focal_point_hears_nothing_of_an_update(world, committed):
    with committed():
        returned(world)
        update_accept_after_resubmit(world)

    assert "oscar" not in told("update_returned") + told("update_accepted")
    assert not Notification.objects.filter(recipient__username="oscar").exists()
    assert "oscar@example.org" not in mailed()


def update_accept_after_resubmit(world):
    world.update.refresh_from_db()
    update = submitted(world, ITEM)
    return update_accept(update=update, version=update.version, user=world.people["secretariat"])


def test_an_update_returned_twice_is_told_twice(world, committed):
    with committed():
        first = returned(world, comment="First round of fixes.")
        world.update.refresh_from_db()
        second = returned(world, comment="Second round of fixes.")

    assert first.pk == second.pk
    comments = list(
        Notification.objects.filter(kind="update_returned", recipient__username="fiona")
        .order_by("pk")
        .values_list("context__comment", flat=True)
    )
    assert comments == ["First round of fixes.", "Second round of fixes."]
    assert [m.body.count("round of fixes") for m in mail.outbox] == [1, 1]


def test_an_accepted_update_tells_the_focal_points(world, committed):
    with committed():
        update_accept_after_resubmit(world)

    assert told("update_accepted") == ["fiona"]
    assert mailed() == ["fiona@example.org"]
    assert "accepted" in mail.outbox[0].body


@pytest.mark.parametrize("payload", XSS)
def test_a_comment_comes_out_as_text_in_both_parts_of_the_mail(world, committed, payload):
    with committed():
        returned(world, comment=payload)

    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert payload in message.body  # the text part shows it as typed
    assert escape(payload) in html  # the HTML part shows it as text
    if any(character in payload for character in "<>\"'"):
        assert payload not in html
    assert "<script" not in html


# Returned updates first


@pytest.fixture
def three_tasks(world):
    """Two more tasks of the focal point's mandate in the open round, after the world's."""
    later = [
        Task.objects.create(round=world.round, mandate=world.mandate, order=n, text=f"Task {n}")
        for n in (2, 3)
    ]
    return [world.task, *later]


def test_my_tasks_shows_the_returned_updates_first(world, three_tasks, client_as):
    last = three_tasks[-1]
    update = Update.objects.create(task=last, author=world.people["focal_point"])
    update = submitted_update(world, last, update)
    update_return(
        update=update, version=update.version, user=world.people["secretariat"], comment="Fix it"
    )

    page = client_as(world.people["focal_point"]).get(reverse("progress:my_tasks"))

    html = page.content.decode()
    assert page.context["returned"] == [(last, last.update)]
    others = [task for _m, rows in page.context["rounds"][0][1] for task, _u in rows]
    assert others == three_tasks[:2]
    assert html.index("Returned to you for changes") < html.index(world.round.title)
    assert html.index("Task 3") < html.index("Agree on the approach") < html.index("Task 2")
    assert "Fix it" in html


def test_the_focal_points_home_shows_the_returned_updates_first(world, three_tasks, client_as):
    last = three_tasks[-1]
    update = Update.objects.create(task=last, author=world.people["focal_point"])
    update = submitted_update(world, last, update)
    update_return(
        update=update, version=update.version, user=world.people["secretariat"], comment="Fix it"
    )

    html = client_as(world.people["focal_point"]).get(reverse("home")).content.decode()

    assert html.index("Task 3") < html.index("Agree on the approach") < html.index("Task 2")


def test_without_returned_updates_the_order_is_as_before(world, three_tasks, client_as):
    html = client_as(world.people["focal_point"]).get(reverse("home")).content.decode()

    assert html.index("Agree on the approach") < html.index("Task 2") < html.index("Task 3")


def submitted_update(world, task, update):
    return update_submit(
        task=task,
        user=world.people["focal_point"],
        items=[ITEM],
        next_steps="",
        version=update.version,
    )
