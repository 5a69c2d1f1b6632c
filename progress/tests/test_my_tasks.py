"""Focal points' pages: "My tasks" and a task's page, where the update is written."""

import datetime

import pytest
from django.urls import reverse

from mandates.tests.factories import FocalPointFactory
from progress.models import ReportingRound, Status, Task, Update
from progress.services.updates import ItemData, update_return
from progress.tests.growth import assert_same_queries, more_items, more_mandates
from progress.tests.updates import accepted, submitted


def form_data(world, **items):
    data = {
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "1",
        "items-0-status": "ongoing",
        "items-0-text": "The drafting group met twice.",
        "next_steps": "Share the draft",
        "version": world.update.version,
    }
    data.update({f"items-0-{name}": value for name, value in items.items()})
    return data


def test_my_tasks_lists_the_tasks_of_my_mandates_in_open_rounds_only(world, client_as):
    closed = ReportingRound.objects.create(
        meeting=world.meeting, title="Closed round", state=ReportingRound.State.CLOSED
    )
    Task.objects.create(round=closed, mandate=world.mandate, order=1, text="Closed task")
    Task.objects.create(round=world.round, mandate=world.other_mandate, order=2, text="Omega task")

    response = client_as(world.people["focal_point"]).get(reverse("progress:my_tasks"))

    page = response.content.decode()
    assert "Agree on the approach" in page
    assert world.round.title in page
    assert world.mandate.name in page
    assert "Omega task" not in page
    assert "Closed task" not in page
    assert reverse("progress:task", kwargs={"pk": world.task.pk}) in page


def test_a_task_of_another_mandate_answers_404(world, client_as):
    response = client_as(world.people["other_focal_point"]).get(
        reverse("progress:task", kwargs={"pk": world.task.pk})
    )

    assert response.status_code == 404


def test_a_focal_point_saves_a_draft(world, client_as):
    response = client_as(world.people["focal_point"]).post(
        reverse("progress:task", kwargs={"pk": world.task.pk}), {**form_data(world), "save": ""}
    )

    assert response.status_code == 302
    world.update.refresh_from_db()
    assert world.update.state == Update.State.DRAFT
    assert [i.text for i in world.update.items.all()] == ["The drafting group met twice."]


def test_a_focal_point_submits(world, client_as):
    client = client_as(world.people["focal_point"])

    response = client.post(
        reverse("progress:task", kwargs={"pk": world.task.pk}),
        {**form_data(world), "submit": ""},
        follow=True,
    )

    world.update.refresh_from_db()
    assert world.update.state == Update.State.SUBMITTED
    assert world.update.submitted_by == world.people["focal_point"]
    page = response.content.decode()
    assert "submitted to the secretariat" in page
    assert "awaits the secretariat" in page


def test_submitting_a_postponed_item_without_date_shows_the_error_next_to_it(world, client_as):
    response = client_as(world.people["focal_point"]).post(
        reverse("progress:task", kwargs={"pk": world.task.pk}),
        {**form_data(world, status="ongoing_postponed"), "submit": ""},
    )

    assert response.status_code == 200
    errors = response.context["formset"].forms[0].errors
    assert errors == {"target_date": ["A postponed item needs its new target date."]}
    assert "A postponed item needs its new target date." in response.content.decode()
    world.update.refresh_from_db()
    assert world.update.state == Update.State.DRAFT
    assert world.update.items.get().status == Status.ONGOING  # nothing half-saved


def test_submitting_an_item_without_text_shows_the_error_next_to_it(world, client_as):
    response = client_as(world.people["focal_point"]).post(
        reverse("progress:task", kwargs={"pk": world.task.pk}),
        {**form_data(world, status="completed", text=""), "submit": ""},
    )

    errors = response.context["formset"].forms[0].errors
    assert errors == {"text": ["Say what was done: an item needs its text."]}


def test_a_draft_may_have_an_item_without_text(world, client_as):
    client_as(world.people["focal_point"]).post(
        reverse("progress:task", kwargs={"pk": world.task.pk}),
        {**form_data(world, status="completed", text=""), "save": ""},
    )

    assert world.update.items.get().status == Status.COMPLETED


def test_submitting_with_every_item_deleted_is_refused(world, client_as):
    response = client_as(world.people["focal_point"]).post(
        reverse("progress:task", kwargs={"pk": world.task.pk}),
        {**form_data(world, DELETE="on"), "submit": ""},
    )

    assert "Add at least one progress item before submitting." in response.content.decode()
    world.update.refresh_from_db()
    assert world.update.state == Update.State.DRAFT


def test_a_stale_save_is_refused_with_the_current_text_shown_and_mine_kept(world, client_as):
    other = world.people["focal_point"]
    colleague = FocalPointFactory(mandate=world.mandate).user
    stale = form_data(world, text="My version of events")
    # The colleague saves first.
    client_as(colleague).post(
        reverse("progress:task", kwargs={"pk": world.task.pk}),
        {**form_data(world, text="Their version of events"), "save": ""},
    )

    response = client_as(other).post(
        reverse("progress:task", kwargs={"pk": world.task.pk}), {**stale, "save": ""}
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert f"{colleague} changed this update on" in page
    assert "Their version of events" in page  # the current text, shown
    assert "My version of events" in page  # mine, kept in the form
    world.update.refresh_from_db()
    assert [i.text for i in world.update.items.all()] == ["Their version of events"]
    # Saving again deliberately replaces theirs.
    again = {**stale, "version": response.context["form"].data["version"], "save": ""}
    client_as(other).post(reverse("progress:task", kwargs={"pk": world.task.pk}), again)
    assert [i.text for i in world.update.items.all()] == ["My version of events"]


def test_a_returned_update_shows_the_comment_and_can_be_resubmitted(world, client_as):
    update = submitted(world, ItemData(Status.ONGOING, "Met."))
    update = update_return(
        update=update,
        version=update.version,
        user=world.people["secretariat"],
        comment="Add dates.",
    )
    client = client_as(world.people["focal_point"])
    url = reverse("progress:task", kwargs={"pk": world.task.pk})

    page = client.get(url).content.decode()
    assert "Returned by the secretariat with this comment" in page
    assert "Add dates." in page

    data = {**form_data(world, text="Met on 3 and 24 March."), "version": update.version}
    client.post(url, {**data, "submit": ""})
    update.refresh_from_db()
    assert update.state == Update.State.SUBMITTED


def test_an_accepted_update_is_locked_and_the_page_says_so(world, client_as):
    update = accepted(world, ItemData(Status.COMPLETED, "Done."))
    client = client_as(world.people["focal_point"])
    url = reverse("progress:task", kwargs={"pk": world.task.pk})

    response = client.get(url)
    assert "It is locked" in response.content.decode()
    assert not response.context["editable"]

    client.post(url, {**form_data(world), "version": update.version, "save": ""})
    update.refresh_from_db()
    assert [i.text for i in update.items.all()] == ["Done."]


def test_a_senior_official_reads_an_accepted_task_without_a_form(world, client_as):
    accepted(world, ItemData(Status.COMPLETED, "Done."))

    response = client_as(world.people["senior_official"]).get(
        reverse("progress:task", kwargs={"pk": world.task.pk})
    )

    assert response.status_code == 200
    assert not response.context["editable"]
    assert "Done." in response.content.decode()


@pytest.mark.parametrize("page", ["my_tasks", "task"])
def test_query_counts_do_not_grow_with_the_data(world, client_as, page):
    url = (
        reverse("progress:my_tasks")
        if page == "my_tasks"
        else reverse("progress:task", kwargs={"pk": world.task.pk})
    )

    def grow(start, stop, items):
        more_mandates(world, start, stop)
        more_items(world.update, *items)

    assert_same_queries(
        client_as(world.people["focal_point"]),
        url,
        grow_small=lambda: grow(0, 1, (2, 4)),
        grow_large=lambda: grow(1, 10, (4, 22)),
    )


def test_deadline_passed_is_flagged_on_my_tasks(world, client_as):
    world.round.deadline = datetime.date(2000, 1, 1)
    world.round.save()

    page = client_as(world.people["focal_point"]).get(reverse("progress:my_tasks"))

    assert "overdue" in page.content.decode()


def test_a_task_of_a_round_being_prepared_answers_404_to_its_focal_point(world, client_as):
    world.round.state = ReportingRound.State.DRAFT
    world.round.save()

    response = client_as(world.people["focal_point"]).get(
        reverse("progress:task", kwargs={"pk": world.task.pk})
    )

    assert response.status_code == 404
