"""The secretariat's dashboard of a round: counts per section and mandate, overdue flags, filters
and links to what needs attention."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from progress.models import ReportSection, Status, Task, Update, UpdateItem
from progress.tests.growth import assert_same_queries


def add_task(report_round, mandate, state=None, *, author=None, section=None):
    """A task in the round's first section unless ``section`` is given."""
    section = section or report_round.sections.order_by("order").first()
    order = report_round.tasks.count() + 1
    task = Task.objects.create(
        round=report_round, mandate=mandate, order=order, text=f"Task {order}", section=section
    )
    if state is not None:
        filed = state != Update.State.DRAFT
        accepted = state == Update.State.ACCEPTED
        update = Update.objects.create(
            task=task,
            state=state,
            author=author,
            submitted_by=author if filed else None,
            submitted_at=timezone.now() if filed else None,
            accepted_by=author if accepted else None,
            accepted_at=timezone.now() if accepted else None,
        )
        UpdateItem.objects.create(update=update, order=1, status=Status.ONGOING, text="x")
    return task


@pytest.fixture
def dashboard(client_as, secretariat, world):
    client = client_as(secretariat)

    def get(query=None):
        url = reverse("progress:dashboard", kwargs={"pk": world.round.pk})
        return client.get(url, query or {})

    return get


def counts(response):
    return {row["mandate"].pk: row["counts"] for row in response.context["rows"]}


@time_machine.travel(datetime.datetime(2020, 4, 1, 9, tzinfo=datetime.UTC), tick=False)
def test_it_counts_each_mandates_tasks_by_state(dashboard, world, focal_point):
    report_round = world.round  # already one task of world.mandate with a saved draft
    add_task(report_round, world.mandate)  # no update: not started
    add_task(report_round, world.mandate, Update.State.DRAFT)  # carried over, nobody saved it
    add_task(report_round, world.mandate, Update.State.SUBMITTED, author=focal_point)
    add_task(report_round, world.other_mandate, Update.State.RETURNED, author=focal_point)
    add_task(report_round, world.other_mandate, Update.State.ACCEPTED, author=focal_point)

    response = dashboard()

    # not started, draft, submitted, returned, accepted
    assert counts(response) == {
        world.mandate.pk: [2, 1, 1, 0, 0],
        world.other_mandate.pk: [0, 0, 0, 1, 1],
    }
    assert response.context["totals"] == [2, 1, 1, 1, 1]
    assert response.context["overdue_total"] == 0


@time_machine.travel(datetime.datetime(2020, 5, 1, 9, tzinfo=datetime.UTC), tick=False)
def test_after_the_deadline_unsubmitted_tasks_are_flagged_overdue(dashboard, world, focal_point):
    add_task(world.round, world.mandate, Update.State.SUBMITTED, author=focal_point)
    add_task(world.round, world.other_mandate, Update.State.RETURNED, author=focal_point)

    response = dashboard()

    overdue = {task.text: task.overdue for task in response.context["tasks"]}
    assert overdue == {"Agree on the approach": True, "Task 2": False, "Task 3": True}
    assert response.context["overdue_total"] == 2
    assert "overdue" in response.content.decode()


@time_machine.travel(datetime.datetime(2020, 5, 1, 9, tzinfo=datetime.UTC), tick=False)
def test_it_filters_by_mandate_state_and_overdue(dashboard, world, focal_point):
    add_task(world.round, world.mandate, Update.State.SUBMITTED, author=focal_point)
    add_task(world.round, world.other_mandate)

    def shown(query):
        return sorted(task.text for task in dashboard(query).context["tasks"])

    assert shown({"mandate": world.other_mandate.pk}) == ["Task 3"]
    assert shown({"progress": "submitted"}) == ["Task 2"]
    assert shown({"progress": "not_started"}) == ["Task 3"]
    assert shown({"overdue": "true"}) == ["Agree on the approach", "Task 3"]
    assert shown({"overdue": "false"}) == ["Task 2"]


@time_machine.travel(datetime.datetime(2020, 4, 1, 9, tzinfo=datetime.UTC), tick=False)
def test_before_the_deadline_nothing_is_overdue(dashboard, world):
    assert [task.text for task in dashboard({"overdue": "true"}).context["tasks"]] == []


def test_a_submitted_update_links_straight_to_its_review(dashboard, world, focal_point):
    task = add_task(world.round, world.mandate, Update.State.SUBMITTED, author=focal_point)

    page = dashboard().content.decode()

    assert reverse("progress:review", kwargs={"pk": task.pk}) in page
    assert reverse("progress:review", kwargs={"pk": world.task.pk}) not in page


def test_rows_follow_the_reports_sections(dashboard, world):
    second = ReportSection.objects.create(round=world.round, order=2, title="Sustainability")
    add_task(world.round, world.other_mandate, section=second)

    rows = dashboard().context["rows"]

    assert [(row["section"], row["mandate"].pk) for row in rows] == [
        (("I.", "Collaboration on Global Environmental Issues"), world.mandate.pk),
        (("II.", "Sustainability"), world.other_mandate.pk),
    ]


def test_only_the_secretariat_sees_the_dashboard(client_as, world, focal_point, senior_official):
    url = reverse("progress:dashboard", kwargs={"pk": world.round.pk})
    assert client_as(focal_point).get(url).status_code == 403
    assert client_as(senior_official).get(url).status_code == 403


def test_the_dashboard_costs_the_same_queries_with_ten_times_the_tasks(
    world, focal_point, client_as, secretariat
):
    def grow(n):
        section = ReportSection.objects.create(
            round=world.round, order=world.round.sections.count() + 1, title="S"
        )
        for i in range(n):
            mandate = world.mandate if i % 2 else world.other_mandate
            state = [None, *Update.State.values][i % 5]
            add_task(world.round, mandate, state, author=focal_point, section=section)

    assert_same_queries(
        client_as(secretariat),
        reverse("progress:dashboard", kwargs={"pk": world.round.pk}),
        grow_small=lambda: grow(2),
        grow_large=lambda: grow(20),
    )


@time_machine.travel(datetime.datetime(2020, 5, 1, 9, tzinfo=datetime.UTC), tick=False)
def test_it_links_to_what_needs_attention_in_the_whole_round(dashboard, world, focal_point):
    add_task(world.round, world.other_mandate, Update.State.SUBMITTED, author=focal_point)

    response = dashboard({"mandate": world.mandate.pk})

    assert (response.context["to_review"], response.context["overdue_in_round"]) == (1, 1)
    page = response.content.decode()
    assert 'href="?progress=submitted">1 update to review' in page
    assert 'href="?overdue=true">1 task overdue' in page


def test_the_secretariats_home_links_each_open_round_to_its_dashboard(
    client_as, secretariat, world
):
    page = client_as(secretariat).get("/").content.decode()

    assert reverse("progress:dashboard", kwargs={"pk": world.round.pk}) in page


def test_each_task_says_who_took_its_last_step_and_the_round_what_needs_attention(
    dashboard, world, focal_point
):
    add_task(world.round, world.mandate, Update.State.SUBMITTED, author=focal_point)
    add_task(world.round, world.other_mandate, Update.State.ACCEPTED, author=focal_point)

    response = dashboard()

    steps = {task.text: (task.progress, task.who) for task in response.context["tasks"]}
    assert steps == {
        "Agree on the approach": ("draft", ""),
        "Task 2": ("submitted", str(focal_point)),
        "Task 3": ("accepted", str(focal_point)),
    }
    page = response.content.decode()
    assert f"Submitted by {focal_point}" in page
    assert f"Accepted by {focal_point}" in page
    # Unfiltered, the counts of what needs attention come from the tasks shown.
    assert response.context["to_review"] == 1
    assert 'href="?progress=submitted">1 update to review' in page
