"""Reminders: focal points with unsubmitted tasks in open rounds are e-mailed N days before the
deadline, on the day and once overdue, each once per person and round, whatever re-runs.

The clock is frozen with time-machine; the real task function runs (and the Celery task through
its eager path and through a real worker); only the outgoing mail is caught (mail.outbox)."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from emg.tests.factories import UserFactory
from mandates.tests.factories import FocalPointFactory
from progress.models import Reminder, ReportingRound, Update
from progress.tasks import send_reminders

# world.round: open, deadline 15 April 2020; world.task (of world.mandate) has a draft update.
SEVEN_DAYS_BEFORE = datetime.datetime(2020, 4, 8, 7, tzinfo=datetime.UTC)
TOO_EARLY = datetime.datetime(2020, 4, 7, 7, tzinfo=datetime.UTC)
DEADLINE = datetime.datetime(2020, 4, 15, 7, tzinfo=datetime.UTC)
AFTER = datetime.datetime(2020, 4, 16, 7, tzinfo=datetime.UTC)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the real task function on a frozen day; the mail goes after commit, so run the
    callbacks the test's transaction would otherwise hold back."""

    def at(moment, task=send_reminders):
        with (
            time_machine.travel(moment, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return task()

    return at


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.mark.parametrize(
    ("moment", "kind", "subject"),
    [
        (SEVEN_DAYS_BEFORE, Reminder.Kind.BEFORE, "Reminder: progress updates for"),
        (DEADLINE, Reminder.Kind.DUE, "Due today: your progress updates for"),
        (AFTER, Reminder.Kind.OVERDUE, "Overdue: your progress updates for"),
    ],
)
def test_the_focal_point_of_an_unsubmitted_task_gets_each_kind_of_reminder(
    run, world, focal_point, moment, kind, subject
):
    assert run(moment) == 1

    assert recipients() == [focal_point.email]
    (message,) = mail.outbox
    assert message.subject.startswith(subject)
    assert world.round.title in message.subject
    assert world.task.text in message.body
    assert "/progress/my-tasks/" in message.body
    assert Reminder.objects.get().kind == kind


def test_nothing_is_sent_before_the_window_opens(run, world, focal_point):
    assert run(TOO_EARLY) == 0
    assert mail.outbox == []


@override_settings(REMINDER_DAYS_BEFORE=10)
def test_the_number_of_days_before_is_a_setting(run, world, focal_point):
    assert run(datetime.datetime(2020, 4, 5, 7, tzinfo=datetime.UTC)) == 1


def test_a_reminder_is_never_sent_twice_by_a_rerun(run, world, focal_point):
    run(SEVEN_DAYS_BEFORE)
    run(SEVEN_DAYS_BEFORE)
    run(datetime.datetime(2020, 4, 10, 7, tzinfo=datetime.UTC))  # still the "before" window

    assert len(mail.outbox) == 1
    run(DEADLINE)
    run(DEADLINE)
    run(AFTER)
    run(AFTER + datetime.timedelta(days=3))

    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Reminder", "Due today", "Overdue"]
    assert Reminder.objects.count() == 3


def test_only_focal_points_with_unsubmitted_tasks_are_reminded(
    run, world, focal_point, other_focal_point
):
    # other_focal_point's mandate has no task; a second focal point of world.mandate shares it.
    colleague = UserFactory(username="carla", role="focal_point")
    FocalPointFactory(mandate=world.mandate, user=colleague)

    run(DEADLINE)

    assert recipients() == sorted([focal_point.email, colleague.email])


@pytest.mark.parametrize(
    ("model", "part", "state"),
    [
        (Update, "update", Update.State.SUBMITTED),
        (Update, "update", Update.State.ACCEPTED),
        (ReportingRound, "round", ReportingRound.State.DRAFT),
        (ReportingRound, "round", ReportingRound.State.CLOSED),
    ],
    ids=["submitted task", "accepted task", "draft round", "closed round"],
)
def test_submitted_and_accepted_tasks_and_rounds_not_open_need_no_reminder(
    run, world, focal_point, model, part, state
):
    model.objects.filter(pk=getattr(world, part).pk).update(state=state)

    assert run(DEADLINE) == 0
    assert mail.outbox == []


def test_a_returned_task_is_unsubmitted_again(run, world, focal_point):
    Update.objects.filter(pk=world.update.pk).update(state=Update.State.RETURNED)

    assert run(DEADLINE) == 1


def test_a_person_without_an_address_or_inactive_is_skipped(run, world, focal_point):
    focal_point.email = ""
    focal_point.save()

    assert run(DEADLINE) == 0


def test_one_mail_lists_all_of_a_persons_tasks_in_a_round(run, world, focal_point):
    from progress.models import Task

    Task.objects.create(round=world.round, mandate=world.mandate, order=2, text="Second task")

    run(DEADLINE)

    (message,) = mail.outbox
    assert "Agree on the approach" in message.body
    assert "Second task" in message.body


def test_the_celery_task_runs_eagerly_the_same_way(run, world, focal_point):
    result = run(DEADLINE, task=lambda: send_reminders.delay().get())

    assert result == 1
    assert recipients() == [focal_point.email]
    assert run(DEADLINE, task=lambda: send_reminders.delay().get()) == 0


def test_the_management_command_sends_them_by_hand(
    world, focal_point, capsys, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(DEADLINE, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("send_reminders")

    assert "1 reminder(s) sent." in capsys.readouterr().out
    assert recipients() == [focal_point.email]


def test_the_daily_task_is_scheduled_in_celery_beat():
    from django.conf import settings

    schedule = settings.CELERY_BEAT_SCHEDULE["progress-send-reminders"]
    assert schedule["task"] == send_reminders.name == "progress.tasks.send_reminders"


def test_an_inactive_focal_point_is_skipped(run, world, focal_point):
    focal_point.is_active = False
    focal_point.save()

    assert run(DEADLINE) == 0


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_them_once(world, focal_point):
    # The worker's clock is not frozen: today is long after the round's deadline in 2020.
    assert send_reminders.delay().get(timeout=60) == 1
    assert send_reminders.delay().get(timeout=60) == 0

    reminder = Reminder.objects.get()
    assert (reminder.user, reminder.kind) == (focal_point, Reminder.Kind.OVERDUE)
