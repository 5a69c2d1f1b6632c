"""Moves write orders in steps the history does not keep (a row set aside at a free order, by
an UPDATE); each moved row's history still gets the move itself, as one change by its mover."""

import pytest

from workplans import services
from workplans.models import Activity
from workplans.tests.plan_builder import make_plan

pytestmark = pytest.mark.django_db


def test_an_activity_crossing_into_another_outcome_leaves_one_change_naming_it(secretariat):
    plan = make_plan(2, outcomes=2)
    moving = Activity.objects.get(outcome__work_plan=plan, title="Activity 1.2")
    second = plan.outcomes.get(order=2)
    before = moving.history.count()

    services.activity_move(activity=moving, direction="down", user=secretariat)

    versions = list(moving.history.order_by("history_id"))[before:]
    assert len(versions) == 1
    (moved,) = versions
    assert (moved.history_type, moved.outcome_id, moved.order) == ("~", second.pk, 1)
    assert moved.history_user == secretariat
