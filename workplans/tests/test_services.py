"""Writes to a plan's content through workplans.services: orders kept unique and gapless where
it matters, versions that refuse stale edits, frozen plans left alone, and history kept."""

import pytest
from django.core.exceptions import ValidationError

from emg.schedules import Period, Precision, Schedule
from emg.versions import StaleEdit
from workplans import services
from workplans.models import Activity, Milestone, Outcome, WorkPlan
from workplans.tests.plan_builder import make_plan

pytestmark = pytest.mark.django_db


def outcome_titles(plan):
    return [o.heading for o in plan.outcomes.order_by("order")]


def activity_titles(outcome):
    return [a.title for a in outcome.activities.order_by("order")]


def plan_activities(plan):
    return [
        (a.outcome.heading, a.title)
        for a in Activity.objects.filter(outcome__work_plan=plan)
        .select_related("outcome")
        .order_by("outcome__order", "order")
    ]


def q(year, first, last=None):
    return Schedule(
        Period(year, Precision.QUARTER, first), Period(year, Precision.QUARTER, last or first)
    )


@pytest.fixture
def plan(db):
    return make_plan(2, outcomes=3)


# Creating


def test_new_items_go_to_the_end_of_their_list(plan, secretariat):
    services.outcome_create(
        work_plan=plan, heading="Outcome heading 4", statement="", user=secretariat
    )
    first = plan.outcomes.order_by("order").first()
    activity = services.activity_create(
        outcome=first,
        title="Activity 1.3",
        description="",
        mandate=None,
        schedule=q(2022, 1, 2),
        user=secretariat,
    )
    parent = first.activities.order_by("order").first().milestones.get(parent=None, order=1)
    step = services.milestone_create(
        activity=parent.activity,
        parent=parent,
        text="Second step",
        schedule=None,
        due_date=None,
        user=secretariat,
    )

    assert outcome_titles(plan)[-1] == "Outcome heading 4"
    assert activity_titles(first) == ["Activity 1.1", "Activity 1.2", "Activity 1.3"]
    assert str(Activity.objects.get(pk=activity.pk).schedule) == "Q1/Q2 2022"
    assert [m.text for m in parent.children.order_by("order")] == [
        "Milestone 1.1.a.i",
        "Second step",
    ]
    assert step.version == 1


def test_a_milestone_cannot_be_added_under_a_milestone_of_another_activity(plan, secretariat):
    one, two = Activity.objects.filter(outcome__work_plan=plan).order_by("pk")[:2]

    with pytest.raises(ValidationError):
        services.milestone_create(
            activity=one,
            parent=two.milestones.first(),
            text="Misplaced",
            schedule=None,
            due_date=None,
            user=secretariat,
        )


# Editing and versions


def test_an_edit_on_the_current_version_is_saved_and_takes_the_next_version(plan, secretariat):
    activity = Activity.objects.filter(outcome__work_plan=plan).first()

    services.activity_update(
        activity=activity,
        version=1,
        outcome=activity.outcome,
        title="Renamed",
        description="New words",
        mandate=None,
        schedule=q(2022, 3),
        user=secretariat,
    )

    stored = Activity.objects.get(pk=activity.pk)
    assert (stored.title, stored.description, stored.mandate, stored.version) == (
        "Renamed",
        "New words",
        None,
        2,
    )
    assert str(stored.schedule) == "Q3 2022"
    assert stored.history.first().history_user == secretariat


def test_an_edit_opened_on_an_older_version_is_refused_with_the_current_row(plan, secretariat):
    outcome = plan.outcomes.first()
    services.outcome_update(
        outcome=outcome, version=1, heading="First save", statement="", user=secretariat
    )

    with pytest.raises(StaleEdit) as refused:
        services.outcome_update(
            outcome=Outcome.objects.get(pk=outcome.pk),
            version=1,
            heading="Second save",
            statement="",
            user=secretariat,
        )

    assert refused.value.current.heading == "First save"
    assert refused.value.current.version == 2
    assert Outcome.objects.get(pk=outcome.pk).heading == "First save"


def test_an_edit_of_a_deleted_item_is_refused_with_no_current_row(plan, secretariat):
    milestone = Milestone.objects.filter(activity__outcome__work_plan=plan).first()
    stale = Milestone.objects.get(pk=milestone.pk)
    services.milestone_delete(milestone=milestone, user=secretariat)

    with pytest.raises(StaleEdit) as refused:
        services.milestone_update(
            milestone=stale,
            version=1,
            parent=None,
            text="Too late",
            schedule=None,
            due_date=None,
            user=secretariat,
        )

    assert refused.value.current is None


def test_moving_an_activity_to_another_outcome_puts_it_last_there(plan, secretariat):
    first, second, _third = plan.outcomes.order_by("order")
    activity = first.activities.order_by("order").first()

    services.activity_update(
        activity=activity,
        version=1,
        outcome=second,
        title=activity.title,
        description=activity.description,
        mandate=activity.mandate,
        schedule=activity.schedule,
        user=secretariat,
    )

    assert activity_titles(first) == ["Activity 1.2"]
    assert activity_titles(second) == ["Activity 2.1", "Activity 2.2", "Activity 1.1"]


def test_an_activity_cannot_move_to_an_outcome_of_another_plan(plan, secretariat):
    other = make_plan(1, outcomes=1, period=(2023, 2024))
    activity = Activity.objects.filter(outcome__work_plan=plan).first()

    with pytest.raises(ValidationError):
        services.activity_update(
            activity=activity,
            version=1,
            outcome=other.outcomes.get(),
            title=activity.title,
            description="",
            mandate=None,
            schedule=None,
            user=secretariat,
        )
    assert Activity.objects.get(pk=activity.pk).outcome.work_plan == plan


def test_a_milestone_moves_under_another_and_never_under_itself_or_its_steps(plan, secretariat):
    activity = Activity.objects.filter(outcome__work_plan=plan).first()
    a, b = activity.milestones.filter(parent=None).order_by("order")
    step = a.children.get()

    services.milestone_update(
        milestone=b,
        version=1,
        parent=a,
        text=b.text,
        schedule=None,
        due_date=None,
        user=secretariat,
    )
    for parent in (a, step):
        with pytest.raises(ValidationError):
            services.milestone_update(
                milestone=Milestone.objects.get(pk=a.pk),
                version=1,
                parent=parent,
                text=a.text,
                schedule=None,
                due_date=None,
                user=secretariat,
            )

    assert [m.text for m in a.children.order_by("order")] == [step.text, b.text]
    assert Milestone.objects.get(pk=a.pk).parent is None


# Moving and reordering


def test_moving_an_outcome_up_and_down_swaps_it_with_its_neighbour(plan, secretariat):
    second = plan.outcomes.get(order=2)

    assert services.outcome_move(outcome=second, direction="up", user=secretariat)
    assert outcome_titles(plan) == ["Outcome heading 2", "Outcome heading 1", "Outcome heading 3"]
    assert services.outcome_move(outcome=second, direction="down", user=secretariat)
    assert services.outcome_move(outcome=second, direction="down", user=secretariat)
    assert outcome_titles(plan) == ["Outcome heading 1", "Outcome heading 3", "Outcome heading 2"]
    assert not services.outcome_move(outcome=second, direction="down", user=secretariat)


def test_an_activity_moved_past_the_end_of_its_outcome_crosses_into_the_next(plan, secretariat):
    last_of_first = Activity.objects.get(outcome__work_plan=plan, title="Activity 1.2")
    first_of_third = Activity.objects.get(outcome__work_plan=plan, title="Activity 3.1")

    services.activity_move(activity=last_of_first, direction="down", user=secretariat)
    services.activity_move(activity=first_of_third, direction="up", user=secretariat)

    assert plan_activities(plan) == [
        ("Outcome heading 1", "Activity 1.1"),
        ("Outcome heading 2", "Activity 1.2"),
        ("Outcome heading 2", "Activity 2.1"),
        ("Outcome heading 2", "Activity 2.2"),
        ("Outcome heading 2", "Activity 3.1"),
        ("Outcome heading 3", "Activity 3.2"),
    ]
    # Crossing into another outcome is a change an open edit form would undo: a new version.
    assert Activity.objects.get(pk=last_of_first.pk).version == 2
    assert Activity.objects.get(outcome__work_plan=plan, title="Activity 2.2").version == 1


def test_the_first_and_last_items_of_a_plan_do_not_move_further(plan, secretariat):
    first = Activity.objects.get(outcome__work_plan=plan, title="Activity 1.1")
    last = Activity.objects.get(outcome__work_plan=plan, title="Activity 3.2")
    milestone = first.milestones.get(parent=None, order=1)

    assert not services.activity_move(activity=first, direction="up", user=secretariat)
    assert not services.activity_move(activity=last, direction="down", user=secretariat)
    assert not services.milestone_move(milestone=milestone, direction="up", user=secretariat)
    assert services.milestone_move(milestone=milestone, direction="down", user=secretariat)
    assert [m.text for m in first.milestones.filter(parent=None).order_by("order")] == [
        "Milestone 1.1.b",
        "Milestone 1.1.a",
    ]


def test_a_drag_and_drop_reorders_a_list_in_two_steps_past_the_unique_orders(plan, secretariat):
    # The unique (work plan, order) constraint is checked row by row: 3, 1, 2 cannot be written
    # in place; the service moves the rows aside first.
    outcomes = list(plan.outcomes.order_by("order"))

    services.outcomes_reorder(
        work_plan=plan, ordered=[outcomes[2].pk, outcomes[0].pk, outcomes[1].pk], user=secretariat
    )

    assert outcome_titles(plan) == ["Outcome heading 3", "Outcome heading 1", "Outcome heading 2"]
    assert list(plan.outcomes.order_by("order").values_list("order", flat=True)) == [1, 2, 3]
    assert outcomes[2].history.first().history_user == secretariat


def test_an_activity_dropped_into_another_outcome_joins_it_at_that_place(plan, secretariat):
    first, second, _ = plan.outcomes.order_by("order")
    moving = first.activities.get(title="Activity 1.1")
    there = list(second.activities.order_by("order"))

    services.activities_reorder(
        outcome=second, ordered=[there[0].pk, moving.pk, there[1].pk], user=secretariat
    )

    assert activity_titles(second) == ["Activity 2.1", "Activity 1.1", "Activity 2.2"]
    assert activity_titles(first) == ["Activity 1.2"]
    assert Activity.objects.get(pk=moving.pk).version == 2


def test_a_drop_naming_a_list_that_changed_meanwhile_moves_nothing(plan, secretariat):
    first = plan.outcomes.get(order=1)
    one, two = first.activities.order_by("order")
    services.activity_create(
        outcome=first,
        title="Added meanwhile",
        description="",
        mandate=None,
        schedule=None,
        user=secretariat,
    )

    with pytest.raises(services.StaleOrder):
        services.activities_reorder(outcome=first, ordered=[two.pk, one.pk], user=secretariat)
    a, _b = one.milestones.filter(parent=None).order_by("order")
    with pytest.raises(services.StaleOrder):
        services.milestones_reorder(activity=one, parent=None, ordered=[a.pk], user=secretariat)

    assert activity_titles(first) == ["Activity 1.1", "Activity 1.2", "Added meanwhile"]


def test_milestones_reorder_within_their_parent(plan, secretariat):
    activity = Activity.objects.get(outcome__work_plan=plan, title="Activity 1.1")
    a, b = activity.milestones.filter(parent=None).order_by("order")

    services.milestones_reorder(
        activity=activity, parent=None, ordered=[b.pk, a.pk], user=secretariat
    )

    assert [m.text for m in activity.milestones.filter(parent=None).order_by("order")] == [
        "Milestone 1.1.b",
        "Milestone 1.1.a",
    ]


# Deleting


def test_deleting_an_outcome_takes_its_activities_and_milestones_and_keeps_their_history(
    plan, secretariat
):
    outcome = plan.outcomes.get(order=1)
    outcome_id = outcome.pk
    activity_ids = list(outcome.activities.values_list("pk", flat=True))

    services.outcome_delete(outcome=outcome, user=secretariat)

    assert outcome_titles(plan) == ["Outcome heading 2", "Outcome heading 3"]
    assert not Activity.objects.filter(pk__in=activity_ids).exists()
    assert not Milestone.objects.filter(activity_id__in=activity_ids).exists()
    deleted = Outcome.history.filter(id=outcome_id, history_type="-").get()
    assert deleted.history_user == secretariat


# Frozen plans


@pytest.mark.parametrize("status", [WorkPlan.Status.APPROVED, WorkPlan.Status.SUPERSEDED])
def test_nothing_in_a_frozen_plan_is_written(plan, secretariat, status):
    outcome = plan.outcomes.get(order=1)
    activity = outcome.activities.get(order=1)
    milestone = activity.milestones.get(parent=None, order=1)
    WorkPlan.objects.filter(pk=plan.pk).update(status=status)

    writes = [
        lambda: services.outcome_create(
            work_plan=plan, heading="X", statement="", user=secretariat
        ),
        lambda: services.outcome_update(
            outcome=outcome, version=1, heading="X", statement="", user=secretariat
        ),
        lambda: services.outcome_move(outcome=outcome, direction="down", user=secretariat),
        lambda: services.activity_create(
            outcome=outcome,
            title="X",
            description="",
            mandate=None,
            schedule=None,
            user=secretariat,
        ),
        lambda: services.activity_delete(activity=activity, user=secretariat),
        lambda: services.activities_reorder(
            outcome=outcome, ordered=[activity.pk], user=secretariat
        ),
        lambda: services.milestone_update(
            milestone=milestone,
            version=1,
            parent=None,
            text="X",
            schedule=None,
            due_date=None,
            user=secretariat,
        ),
        lambda: services.milestone_move(milestone=milestone, direction="down", user=secretariat),
    ]
    for write in writes:
        with pytest.raises(services.PlanFrozen):
            write()

    assert Outcome.objects.get(pk=outcome.pk).heading == "Outcome heading 1"
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert Milestone.objects.get(pk=milestone.pk).text == "Milestone 1.1.a"
