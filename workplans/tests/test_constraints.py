"""The database itself keeps work plans consistent: one place per order, schedules and periods
that do not end before they start."""

import datetime

import pytest

from workplans.models import Activity, Milestone, Outcome, WorkPlan

pytestmark = pytest.mark.django_db

MONTH = "month"


@pytest.fixture
def plan():
    return WorkPlan.objects.create(title="Work plan 2021–2022", period_start=2021, period_end=2022)


@pytest.fixture
def outcome(plan):
    return Outcome.objects.create(work_plan=plan, order=1, heading="Enhanced coherence")


@pytest.fixture
def activity(outcome):
    return Activity.objects.create(outcome=outcome, order=1, title="IMG on biodiversity")


def backwards_schedule():
    """October 2022 – September 2022, written straight into the columns."""
    return {
        "schedule_start": datetime.date(2022, 10, 1),
        "schedule_start_precision": MONTH,
        "schedule_end": datetime.date(2022, 9, 30),
        "schedule_end_precision": MONTH,
    }


def test_a_work_plan_period_cannot_end_before_it_starts(violates):
    WorkPlan.objects.create(title="One year", period_start=2022, period_end=2022)

    with violates("work_plan_period_end_not_before_start"):
        WorkPlan.objects.create(title="Backwards", period_start=2022, period_end=2021)


def test_only_one_current_work_plan_per_period(violates, plan):
    WorkPlan.objects.create(
        title="Superseded", period_start=2021, period_end=2022, status=WorkPlan.Status.SUPERSEDED
    )

    with violates("work_plan_one_current_per_period"):
        WorkPlan.objects.create(title="Second current", period_start=2021, period_end=2022)


def test_outcomes_of_a_plan_have_distinct_orders(violates, plan, outcome):
    with violates("outcome_unique_order"):
        Outcome.objects.create(work_plan=plan, order=1, heading="Another outcome")


def test_activities_of_an_outcome_have_distinct_orders(violates, plan, outcome, activity):
    other = Outcome.objects.create(work_plan=plan, order=2, heading="Sustainability")
    Activity.objects.create(outcome=other, order=1, title="IMG on sustainability management")

    with violates("activity_unique_order"):
        Activity.objects.create(outcome=outcome, order=1, title="Task team")


def test_top_level_milestones_of_an_activity_have_distinct_orders(violates, activity):
    Milestone.objects.create(activity=activity, order=1, text="(a) Finalize the mapping tool")

    with violates("milestone_unique_order_at_top"):
        Milestone.objects.create(activity=activity, order=1, text="(b) Develop an approach")


def test_milestones_within_a_parent_have_distinct_orders(violates, activity):
    parent = Milestone.objects.create(activity=activity, order=1, text="(a) Guide")
    Milestone.objects.create(activity=activity, order=2, text="(b) Promote")
    Milestone.objects.create(activity=activity, parent=parent, order=1, text="(i) Steer")
    Milestone.objects.create(activity=activity, parent=parent, order=2, text="(ii) Monitor")

    with violates("milestone_unique_order_in_parent"):
        Milestone.objects.create(activity=activity, parent=parent, order=2, text="(ii) Again")


def test_an_activity_schedule_cannot_end_before_it_starts(violates, outcome):
    with violates("workplans_activity_schedule_end_not_before_start"):
        Activity.objects.create(outcome=outcome, order=2, title="Backwards", **backwards_schedule())


def test_a_milestone_schedule_cannot_end_before_it_starts(violates, activity):
    with violates("workplans_milestone_schedule_end_not_before_start"):
        Milestone.objects.create(
            activity=activity, order=1, text="Backwards", **backwards_schedule()
        )


def test_a_schedule_is_stored_whole_or_not_at_all(violates, outcome):
    with violates("workplans_activity_schedule_complete"):
        Activity.objects.create(
            outcome=outcome,
            order=2,
            title="Start only",
            schedule_start=datetime.date(2022, 10, 1),
            schedule_start_precision=MONTH,
        )
