"""Adding to and reordering a work plan's outcomes, activities and milestones at the same moment
(a double-click, or two people at once): every request answers, none with a server error, and
the orders stay 1, 2, 3 …"""

import pytest
from django.urls import reverse

from emg.tests.concurrency import AT_ONCE, check_added_at_once, check_moved_at_once
from workplans.models import Activity, Milestone, Outcome

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql(reason="SQLite serialises writers: the requests could not overlap"),
]


def test_outcomes_added_at_once_all_go_to_the_end_in_turn(world, secretariat):
    url = reverse("workplans:outcome_add", args=[world.work_plan.pk])
    data = [{"heading": f"Outcome {n}", "statement": ""} for n in range(AT_ONCE)]

    check_added_at_once(secretariat, url, data, world.work_plan.outcomes.all())


def test_neighbouring_outcomes_moved_up_and_down_at_once_keep_distinct_orders(world, secretariat):
    outcomes = [world.outcome] + [
        Outcome.objects.create(work_plan=world.work_plan, order=n, heading=f"Outcome {n}")
        for n in range(2, AT_ONCE + 1)
    ]

    check_moved_at_once(
        secretariat, "workplans:outcome_move", outcomes, world.work_plan.outcomes.all()
    )


def test_activities_added_at_once_all_go_to_the_end_in_turn(world, secretariat):
    url = reverse("workplans:activity_add", args=[world.outcome.pk])
    data = [
        {"outcome": world.outcome.pk, "title": f"Activity {n}", "mandate": ""}
        for n in range(AT_ONCE)
    ]

    check_added_at_once(secretariat, url, data, world.outcome.activities.all())


def test_neighbouring_activities_moved_up_and_down_at_once_keep_distinct_orders(world, secretariat):
    activities = [world.activity] + [
        Activity.objects.create(outcome=world.outcome, order=n, title=f"Activity {n}")
        for n in range(2, AT_ONCE + 1)
    ]

    check_moved_at_once(
        secretariat, "workplans:activity_move", activities, world.outcome.activities.all()
    )


def test_milestones_added_at_once_all_go_to_the_end_in_turn(world, secretariat):
    url = reverse("workplans:milestone_add", args=[world.activity.pk])
    data = [{"text": f"Milestone {n}", "parent": ""} for n in range(AT_ONCE)]

    check_added_at_once(secretariat, url, data, world.activity.milestones.all())


def test_neighbouring_milestones_moved_up_and_down_at_once_keep_distinct_orders(world, secretariat):
    milestones = [world.milestone] + [
        Milestone.objects.create(activity=world.activity, order=n, text=f"Milestone {n}")
        for n in range(2, AT_ONCE + 1)
    ]

    check_moved_at_once(
        secretariat, "workplans:milestone_move", milestones, world.activity.milestones.all()
    )
