"""Reporting rounds prepared: created, their tasks edited, added, removed, moved and grouped into
sections before opening, then opened and closed."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from emg.models import Meeting, Session
from progress.models import ReportingRound, Task, Update
from progress.services import rounds

D = datetime.date


def texts(report_round):
    return [task.text for task in report_round.tasks.order_by("order")]


# Creating


def test_it_refuses_a_deadline_before_the_round_opens(world):
    with pytest.raises(ValidationError):
        rounds.round_create(
            meeting=world.meeting, title="Backwards", opens_on=D(2020, 5, 1), deadline=D(2020, 4, 1)
        )
    assert not ReportingRound.objects.filter(title="Backwards").exists()


def test_the_new_round_form_says_the_deadline_is_before_the_opening_next_to_it(
    client_as, secretariat, world
):
    response = client_as(secretariat).post(
        "/progress/rounds/new/",
        {
            "meeting": world.meeting.pk,
            "title": "Backwards",
            "opens_on": "2020-05-01",
            "deadline": "2020-04-01",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["deadline"] == [
        "The deadline cannot come before the round opens (2020-05-01)."
    ]
    assert not ReportingRound.objects.filter(title="Backwards").exists()


def test_the_new_round_form_refuses_a_session_of_another_meeting(client_as, secretariat, som27):
    other = Session.objects.create(meeting=som27, segment=Session.Segment.TECHNICAL)
    meeting = Meeting.objects.get(number=26)

    response = client_as(secretariat).post(
        "/progress/rounds/new/",
        {"meeting": meeting.pk, "session": other.pk, "title": "X", "deadline": "2020-04-01"},
    )

    assert "session" in response.context["form"].errors


def test_creating_a_round_proposes_its_tasks_and_shows_them(client_as, secretariat, som27, world):
    response = client_as(secretariat).post(
        "/progress/rounds/new/",
        {"meeting": som27.pk, "title": "Progress for SOM 27", "deadline": "2021-04-15"},
        follow=True,
    )

    report_round = ReportingRound.objects.get(title="Progress for SOM 27")
    assert report_round.state == ReportingRound.State.DRAFT
    assert world.decision.text in texts(report_round)
    assert world.decision.text in response.content.decode()


# Editing before opening


def test_tasks_are_added_edited_and_removed(world):
    report_round = world.draft_round
    section = rounds.section_add(report_round=report_round, title="Collaboration")
    task = rounds.task_add(report_round=report_round, mandate=world.mandate, text="Do A")

    rounds.task_update(
        task=task, version=task.version, mandate=world.other_mandate, text="Do B", section=section
    )
    task.refresh_from_db()
    assert (task.mandate, task.text, task.section) == (world.other_mandate, "Do B", section)

    rounds.task_remove(task=task)
    assert not report_round.tasks.exists()


def test_a_task_cannot_go_into_another_rounds_section(world):
    other_section = world.round.sections.get()
    with pytest.raises(ValidationError):
        rounds.task_add(
            report_round=world.draft_round, mandate=world.mandate, text="X", section=other_section
        )


def test_tasks_move_among_the_tasks_of_their_body(world):
    report_round = world.draft_round
    rounds.task_add(report_round=report_round, mandate=world.mandate, text="A")
    other = rounds.task_add(report_round=report_round, mandate=world.other_mandate, text="O")
    b = rounds.task_add(report_round=report_round, mandate=world.mandate, text="B")

    assert rounds.task_move(task=b, direction="up")

    assert texts(report_round) == ["B", "O", "A"]
    other.refresh_from_db()
    assert other.order == 2
    assert not rounds.task_move(task=b, direction="up")  # already first of its body
    assert texts(report_round) == ["B", "O", "A"]


def test_moving_a_task_leaves_one_change_in_the_history_of_each_task_that_moved(world):
    report_round = world.draft_round
    a = rounds.task_add(report_round=report_round, mandate=world.mandate, text="A")
    b = rounds.task_add(report_round=report_round, mandate=world.mandate, text="B")

    rounds.task_move(task=b, direction="up")

    for task, before, after in ((a, 1, 2), (b, 2, 1)):
        versions = list(Task.history.filter(id=task.pk).order_by("history_id"))
        assert [v.history_type for v in versions] == ["+", "~"], task.text
        assert (versions[0].order, versions[1].order) == (before, after)


def test_sections_are_renamed_moved_and_removed_leaving_their_tasks(world):
    report_round = world.draft_round
    first = rounds.section_add(report_round=report_round, title="One")
    second = rounds.section_add(report_round=report_round, title="Two")
    task = rounds.task_add(
        report_round=report_round, mandate=world.mandate, text="A", section=first
    )

    rounds.section_update(section=second, version=second.version, title="Deux")
    assert rounds.section_move(section=second, direction="up")
    assert list(report_round.sections.values_list("title", "order")) == [("Deux", 1), ("One", 2)]

    assert rounds.section_remove(section=first) == 1
    task.refresh_from_db()
    assert task.section is None
    assert list(report_round.sections.values_list("title", "order")) == [("Deux", 1)]


def test_an_accepted_task_cannot_be_removed(world):
    Update.objects.filter(pk=world.update.pk).update(state=Update.State.ACCEPTED)
    world.task.refresh_from_db()

    with pytest.raises(ValidationError):
        rounds.task_remove(task=world.task)


def test_a_closed_round_changes_no_more(world):
    rounds.round_close(report_round=world.round)
    world.task.refresh_from_db()

    with pytest.raises(ValidationError):
        rounds.task_update(
            task=world.task,
            version=world.task.version,
            mandate=world.mandate,
            text="X",
            section=None,
        )
    with pytest.raises(ValidationError):
        rounds.section_add(report_round=world.task.round, title="X")


# Opening and closing


def test_a_round_opens_with_tasks_and_a_deadline_then_closes(world):
    report_round = world.draft_round
    with pytest.raises(ValidationError, match="at least one task"):
        rounds.round_open(report_round=report_round)
    rounds.task_add(report_round=report_round, mandate=world.mandate, text="A")

    assert rounds.round_open(report_round=report_round).state == ReportingRound.State.OPEN
    with pytest.raises(ValidationError):
        rounds.round_open(report_round=report_round)
    assert rounds.round_close(report_round=report_round).state == ReportingRound.State.CLOSED


def test_opening_a_round_without_tasks_says_why(client_as, secretariat, world):
    response = client_as(secretariat).post(
        f"/progress/rounds/{world.draft_round.pk}/open/", follow=True
    )

    assert "Add at least one task before opening the round." in response.content.decode()
    world.draft_round.refresh_from_db()
    assert world.draft_round.state == ReportingRound.State.DRAFT
