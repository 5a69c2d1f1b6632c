"""A work plan's outcomes, activities and milestones added or moved after someone deleted the
plan, what they go under, or the item itself since the page was read: a 404, as reading the page
again would answer, never a server error, and nothing half-saved. (Transactional tests: the
database checks what refers to what when the transaction commits.)"""

import pytest
from django.http import Http404

from workplans import services
from workplans.models import Activity, Milestone, Outcome, WorkPlan
from workplans.tests.plan_builder import make_plan

pytestmark = pytest.mark.django_db(transaction=True)

ADDED = "Added after the delete"


def test_an_outcome_added_to_a_plan_deleted_meanwhile_is_not_found(secretariat):
    plan = make_plan(1, outcomes=1)
    WorkPlan.objects.filter(pk=plan.pk).delete()

    with pytest.raises(Http404):
        services.outcome_create(work_plan=plan, heading=ADDED, statement="", user=secretariat)

    assert not Outcome.objects.filter(heading=ADDED).exists()


def test_an_activity_added_under_an_outcome_deleted_meanwhile_is_not_found(world, secretariat):
    Outcome.objects.filter(pk=world.outcome.pk).delete()

    with pytest.raises(Http404):
        services.activity_create(
            outcome=world.outcome,
            title=ADDED,
            description="",
            mandate=None,
            schedule=None,
            user=secretariat,
        )

    assert not Activity.objects.filter(title=ADDED).exists()


def test_a_milestone_added_to_an_activity_deleted_meanwhile_is_not_found(world, secretariat):
    Activity.objects.filter(pk=world.activity.pk).delete()

    with pytest.raises(Http404):
        services.milestone_create(
            activity=world.activity,
            parent=None,
            text=ADDED,
            schedule=None,
            due_date=None,
            user=secretariat,
        )

    assert not Milestone.objects.filter(text=ADDED).exists()


def test_a_milestone_added_under_one_deleted_meanwhile_is_not_found(world, secretariat):
    Milestone.objects.filter(pk=world.milestone.pk).delete()

    with pytest.raises(Http404):
        services.milestone_create(
            activity=world.activity,
            parent=world.milestone,
            text=ADDED,
            schedule=None,
            due_date=None,
            user=secretariat,
        )

    assert not Milestone.objects.filter(text=ADDED).exists()


# The list each kind of item moves in, and the field that names an item.
SIBLINGS = {
    "outcome": (lambda world: world.work_plan.outcomes, "heading"),
    "activity": (lambda world: world.outcome.activities, "title"),
    "milestone": (lambda world: world.activity.milestones, "text"),
}


@pytest.mark.parametrize("kind", SIBLINGS)
def test_an_item_deleted_meanwhile_is_not_found_when_moved(world, secretariat, kind):
    siblings, named = SIBLINGS[kind]
    second = siblings(world).create(order=2, **{named: "B"})
    type(second).objects.filter(pk=second.pk).delete()
    move = getattr(services, f"{kind}_move")

    with pytest.raises(Http404):
        move(**{kind: second}, direction="up", user=secretariat)

    assert list(siblings(world).values_list("order", flat=True)) == [1]
