"""Adding to and reordering a work plan's outcomes, activities and milestones at the same moment
(a double-click, or two people at once): every request answers, none with a server error, and
the orders stay 1, 2, 3 …"""

import pytest
from django.urls import reverse

from emg.tests.concurrency import orders, post_at_once, statuses
from workplans.models import Activity, Milestone, Outcome

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql(reason="SQLite serialises writers: the requests could not overlap"),
]

AT_ONCE = 10


def up_and_down(url_name: str, rows) -> list[tuple[str, dict]]:
    """Moves of every row at once, each pair of neighbours towards each other."""
    return [
        (reverse(url_name, args=[row.pk]), {"direction": "down" if index % 2 == 0 else "up"})
        for index, row in enumerate(rows)
    ]


def test_outcomes_added_at_once_all_go_to_the_end_in_turn(world, secretariat):
    url = reverse("workplans:outcome_add", args=[world.work_plan.pk])
    data = [{"heading": f"Outcome {n}", "statement": ""} for n in range(AT_ONCE)]

    answers = post_at_once(secretariat, [(url, values) for values in data])

    assert statuses(answers) == [302] * AT_ONCE
    assert orders(world.work_plan.outcomes.all()) == list(range(1, AT_ONCE + 2))


def test_neighbouring_outcomes_moved_up_and_down_at_once_keep_distinct_orders(world, secretariat):
    outcomes = [world.outcome] + [
        Outcome.objects.create(work_plan=world.work_plan, order=n, heading=f"Outcome {n}")
        for n in range(2, AT_ONCE + 1)
    ]

    answers = post_at_once(secretariat, up_and_down("workplans:outcome_move", outcomes))

    assert statuses(answers) == [302] * AT_ONCE
    assert orders(world.work_plan.outcomes.all()) == list(range(1, AT_ONCE + 1))


def test_activities_added_at_once_all_go_to_the_end_in_turn(world, secretariat):
    url = reverse("workplans:activity_add", args=[world.outcome.pk])
    data = [
        {"outcome": world.outcome.pk, "title": f"Activity {n}", "mandate": ""}
        for n in range(AT_ONCE)
    ]

    answers = post_at_once(secretariat, [(url, values) for values in data])

    assert statuses(answers) == [302] * AT_ONCE
    assert orders(world.outcome.activities.all()) == list(range(1, AT_ONCE + 2))


def test_neighbouring_activities_moved_up_and_down_at_once_keep_distinct_orders(world, secretariat):
    activities = [world.activity] + [
        Activity.objects.create(outcome=world.outcome, order=n, title=f"Activity {n}")
        for n in range(2, AT_ONCE + 1)
    ]

    answers = post_at_once(secretariat, up_and_down("workplans:activity_move", activities))

    assert statuses(answers) == [302] * AT_ONCE
    assert orders(world.outcome.activities.all()) == list(range(1, AT_ONCE + 1))


def test_milestones_added_at_once_all_go_to_the_end_in_turn(world, secretariat):
    url = reverse("workplans:milestone_add", args=[world.activity.pk])
    data = [{"text": f"Milestone {n}", "parent": ""} for n in range(AT_ONCE)]

    answers = post_at_once(secretariat, [(url, values) for values in data])

    assert statuses(answers) == [302] * AT_ONCE
    assert orders(world.activity.milestones.all()) == list(range(1, AT_ONCE + 2))


def test_neighbouring_milestones_moved_up_and_down_at_once_keep_distinct_orders(world, secretariat):
    milestones = [world.milestone] + [
        Milestone.objects.create(activity=world.activity, order=n, text=f"Milestone {n}")
        for n in range(2, AT_ONCE + 1)
    ]

    answers = post_at_once(secretariat, up_and_down("workplans:milestone_move", milestones))

    assert statuses(answers) == [302] * AT_ONCE
    assert orders(world.activity.milestones.all()) == list(range(1, AT_ONCE + 1))
