"""The update life cycle: drafts, submitting with checks, returning with a comment, accepting and
locking, and two focal points saving one update."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from emg.versions import StaleEdit
from progress.models import ReportingRound, Status, Task, Update, UpdateItem
from progress.services.updates import (
    ItemData,
    update_accept,
    update_return,
    update_save_draft,
    update_submit,
)

ONGOING = ItemData(Status.ONGOING, "The drafting group met.")


def open_task(meeting, mandate, order=1, state=ReportingRound.State.OPEN):
    report_round, _ = ReportingRound.objects.get_or_create(
        meeting=meeting,
        title="Mid-term report",
        defaults={"deadline": datetime.date(2020, 4, 15), "state": state},
    )
    return Task.objects.create(round=report_round, mandate=mandate, order=order, text="A task")


@pytest.fixture
def task(world):
    return open_task(world.meeting, world.mandate, order=2)


def submitted(task, user):
    return update_submit(task=task, user=user, items=[ONGOING], next_steps="More", version=0)


def test_it_saves_a_draft_with_its_items_in_order(task, focal_point):
    update = update_save_draft(
        task=task,
        user=focal_point,
        items=[ONGOING, ItemData(Status.NOT_STARTED)],
        next_steps=" Share the outline ",
        version=0,
    )

    assert update.state == Update.State.DRAFT
    assert update.author == focal_point
    assert update.next_steps == "Share the outline"
    assert [(i.order, i.status, i.text) for i in update.items.all()] == [
        (1, Status.ONGOING, "The drafting group met."),
        (2, Status.NOT_STARTED, ""),
    ]


def test_every_item_written_leaves_its_history_and_every_item_replaced_too(task, focal_point):
    first = update_save_draft(
        task=task,
        user=focal_point,
        items=[ONGOING, ItemData(Status.NOT_STARTED)],
        next_steps="",
        version=0,
    )
    items = list(first.items.order_by("order"))
    for item in items:
        (created,) = UpdateItem.history.filter(id=item.pk)
        assert created.history_type == "+"
        assert created.history_user == focal_point
        assert (created.update_id, created.order, created.text) == (first.pk, item.order, item.text)

    second = submitted_over(task, focal_point, first)

    replaced = UpdateItem.history.filter(id__in=[item.pk for item in items], history_type="-")
    assert replaced.count() == 2
    (item,) = second.items.all()
    assert UpdateItem.history.filter(id=item.pk, history_type="+").get().text == item.text


def submitted_over(task, user, update):
    return update_submit(
        task=task, user=user, items=[ONGOING], next_steps="More", version=update.version
    )


def test_it_submits_and_keeps_who_and_when(task, focal_point):
    update = submitted(task, focal_point)

    assert update.state == Update.State.SUBMITTED
    assert update.submitted_by == focal_point
    assert update.submitted_at is not None


def test_it_refuses_to_submit_a_postponed_item_without_a_new_target_date(task, focal_point):
    postponed = ItemData(Status.ONGOING_POSTPONED, "The congress moved to 2021.")

    with pytest.raises(ValidationError) as refused:
        update_submit(task=task, user=focal_point, items=[postponed], next_steps="", version=0)

    assert "Item 1: A postponed item needs its new target date." in refused.value.messages
    assert not Update.objects.filter(task=task).exists()


def test_it_refuses_to_submit_an_item_without_text_unless_not_yet_started(task, focal_point):
    with pytest.raises(ValidationError) as refused:
        update_submit(
            task=task,
            user=focal_point,
            items=[ItemData(Status.NOT_STARTED), ItemData(Status.COMPLETED, "  ")],
            next_steps="",
            version=0,
        )

    assert refused.value.messages == ["Item 2: Say what was done: an item needs its text."]


def test_it_refuses_to_submit_no_items(task, focal_point):
    with pytest.raises(ValidationError) as refused:
        update_submit(task=task, user=focal_point, items=[], next_steps="x", version=0)

    assert refused.value.messages == ["Add at least one progress item before submitting."]


def test_a_postponed_item_keeps_its_new_target_date(task, focal_point):
    date = datetime.date(2021, 1, 31)
    update = update_submit(
        task=task,
        user=focal_point,
        items=[ItemData(Status.ONGOING_POSTPONED, "Moved.", date)],
        next_steps="",
        version=0,
    )

    assert update.items.get().target_date == date


def test_a_second_focal_point_saving_a_stale_form_is_refused(task, focal_point):
    opened = 0  # the task had no update yet
    first = update_save_draft(
        task=task, user=focal_point, items=[ONGOING], next_steps="Mine", version=opened
    )

    with pytest.raises(StaleEdit) as stale:
        update_save_draft(
            task=task,
            user=focal_point,
            items=[ItemData(Status.COMPLETED, "Theirs")],
            next_steps="Theirs",
            version=opened,
        )

    assert stale.value.current.pk == first.pk
    first.refresh_from_db()
    assert first.next_steps == "Mine"
    assert [i.text for i in first.items.all()] == ["The drafting group met."]


def test_saving_against_the_current_version_replaces_the_update(task, focal_point):
    first = update_save_draft(
        task=task, user=focal_point, items=[ONGOING], next_steps="Mine", version=0
    )

    update = update_save_draft(
        task=task,
        user=focal_point,
        items=[ItemData(Status.COMPLETED, "Done")],
        next_steps="",
        version=first.version,
    )

    assert [i.status for i in update.items.all()] == [Status.COMPLETED]


def test_it_returns_update_without_comment_is_refused(task, focal_point, secretariat):
    update = submitted(task, focal_point)

    with pytest.raises(ValidationError) as refused:
        update_return(update=update, version=update.version, user=secretariat, comment="  ")

    assert "comment" in refused.value.message_dict
    update.refresh_from_db()
    assert update.state == Update.State.SUBMITTED


def test_a_returned_update_keeps_the_comment_and_can_be_fixed_and_resubmitted(
    task, focal_point, secretariat
):
    update = submitted(task, focal_point)
    update = update_return(
        update=update, version=update.version, user=secretariat, comment="Add the dates."
    )

    assert (update.state, update.reviewer_comment) == (Update.State.RETURNED, "Add the dates.")
    assert update.returned_by == secretariat and update.returned_at is not None

    update = update_save_draft(
        task=task, user=focal_point, items=[ONGOING], next_steps="x", version=update.version
    )
    assert update.state == Update.State.RETURNED  # until submitted again
    update = update_submit(
        task=task, user=focal_point, items=[ONGOING], next_steps="x", version=update.version
    )
    assert update.state == Update.State.SUBMITTED


def test_an_accepted_update_is_locked(task, focal_point, secretariat):
    update = submitted(task, focal_point)
    update = update_accept(update=update, version=update.version, user=secretariat)

    assert update.state == Update.State.ACCEPTED
    assert update.accepted_by == secretariat and update.accepted_at is not None
    with pytest.raises(ValidationError, match="accepted and is locked"):
        update_save_draft(
            task=task, user=focal_point, items=[], next_steps="", version=update.version
        )
    with pytest.raises(ValidationError):
        update_return(update=update, version=update.version, user=secretariat, comment="Too late")


def test_a_review_of_an_update_changed_since_it_was_read_is_refused(task, focal_point, secretariat):
    read = submitted(task, focal_point)  # one reviewer opens it
    returned = update_return(  # another returns it, and the focal points submit it again
        update=read, version=read.version, user=secretariat, comment="Add the dates."
    )
    again = update_submit(
        task=task, user=focal_point, items=[ONGOING], next_steps="y", version=returned.version
    )

    for review in (
        lambda: update_accept(update=read, version=read.version, user=secretariat),
        lambda: update_return(update=read, version=read.version, user=secretariat, comment="?"),
    ):
        with pytest.raises(ValidationError, match="changed this update after you opened it"):
            review()
    again.refresh_from_db()
    assert again.state == Update.State.SUBMITTED and again.accepted_by is None
    assert update_accept(update=again, version=again.version, user=secretariat).state == (
        Update.State.ACCEPTED
    )


def test_only_a_submitted_update_can_be_accepted(task, focal_point, secretariat):
    draft = update_save_draft(task=task, user=focal_point, items=[], next_steps="", version=0)

    with pytest.raises(ValidationError, match="this one is draft"):
        update_accept(update=draft, version=draft.version, user=secretariat)


def test_a_submitted_update_cannot_be_changed_until_reviewed(task, focal_point):
    update = submitted(task, focal_point)

    with pytest.raises(ValidationError, match="awaits review"):
        update_save_draft(
            task=task, user=focal_point, items=[], next_steps="", version=update.version
        )


def test_updates_of_a_round_that_is_not_open_cannot_be_written(world, focal_point):
    world.round.state = ReportingRound.State.CLOSED
    world.round.save()

    with pytest.raises(ValidationError, match="not open"):
        update_save_draft(
            task=world.task,
            user=focal_point,
            items=[],
            next_steps="",
            version=world.update.version,
        )


def test_a_progress_item_is_seen_by_whoever_sees_its_task_only(world):
    item = world.update.items.create(order=99, status="ongoing", text="Work goes on.")
    people = world.people

    assert people["secretariat"].has_perm("progress.view_updateitem", item)
    assert people["focal_point"].has_perm("progress.view_updateitem", item)
    assert not people["other_focal_point"].has_perm("progress.view_updateitem", item)


def test_a_task_of_a_round_being_prepared_is_the_secretariats_alone_whatever_its_update(
    world, client_as
):
    # A round goes from prepared to open, never back; an accepted update in a round being
    # prepared can only come from the admin, and still tells nobody else the round exists.
    task = Task.objects.create(round=world.draft_round, mandate=world.mandate, order=1, text="T")
    Update.objects.create(task=task, state=Update.State.ACCEPTED)
    url = reverse("progress:task", args=[task.pk])

    for role, status in [
        ("secretariat", 200),
        ("focal_point", 404),
        ("senior_official", 404),
        ("other_focal_point", 404),
    ]:
        assert client_as(world.people[role]).get(url).status_code == status, role
