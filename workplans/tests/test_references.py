"""How items are cited (workplans.references), the same wherever a plan names them: the editor's
controls and messages, the diff between revisions, the activities a carried-forward plan leaves
out."""

import pytest
from django.urls import reverse

from mandates.tests.factories import MandateFactory
from workplans.models import Activity, Milestone, WorkPlan
from workplans.references import references
from workplans.services import revision_issue, work_plan_carry_forward
from workplans.tests.editing import HTMX, activity_data, words
from workplans.tests.plan_builder import make_plan

pytestmark = pytest.mark.django_db


def cited(plan) -> dict:
    return {key: (ref.short, ref.name) for key, ref in references(plan, plan.numbered()).items()}


def test_items_are_cited_by_their_labels_without_full_stops():
    plan = make_plan(2, outcomes=2)  # lettered milestones, activities numbered across the plan
    activity = Activity.objects.get(outcome__work_plan=plan, title="Activity 2.2")
    step = Milestone.objects.get(activity=activity, parent__isnull=False)

    refs = cited(plan)

    assert refs["outcome", activity.outcome_id] == ("II", "outcome II")
    assert refs["activity", activity.pk] == ("4", "activity 4")
    assert refs["milestone", step.pk] == ("4.(a)(i)", "4.(a)(i)")


def test_activities_numbered_under_each_outcome_are_cited_with_it():
    plan = make_plan(
        2,
        outcomes=2,
        outcome_numbering=WorkPlan.OutcomeNumbering.LETTERS,
        activity_numbering=WorkPlan.ActivityNumbering.PER_OUTCOME,
    )
    activity = Activity.objects.get(outcome__work_plan=plan, title="Activity 2.2")
    first = Milestone.objects.get(activity=activity, order=1, parent=None)

    refs = cited(plan)

    assert refs["activity", activity.pk] == ("B.2", "activity B.2")
    assert refs["milestone", first.pk] == ("B.2.(a)", "B.2.(a)")


def test_bullets_are_counted_under_their_activity():
    plan = make_plan(1, outcomes=1, milestone_style=WorkPlan.MilestoneStyle.BULLETED)
    activity = Activity.objects.get(outcome__work_plan=plan)
    step = Milestone.objects.get(activity=activity, parent__isnull=False)

    assert cited(plan)["milestone", step.pk] == ("activity 1, bullet 1.1",) * 2


def test_the_editor_and_the_diff_cite_an_activity_numbered_under_its_outcome_alike(
    client_as, secretariat
):
    plan = make_plan(
        2,
        outcomes=2,
        outcome_numbering=WorkPlan.OutcomeNumbering.LETTERS,
        activity_numbering=WorkPlan.ActivityNumbering.PER_OUTCOME,
    )
    revision_issue(plan=plan, note="Issued for review.", user=secretariat)
    activity = Activity.objects.get(outcome__work_plan=plan, title="Activity 2.2")
    client = client_as(secretariat)

    saved = client.post(
        reverse("workplans:activity_edit", args=[activity.pk]),
        activity_data(activity, title="Activity 2.2, renamed"),
        headers=HTMX,
    )
    diff = client.get(reverse("workplans:diff", args=[plan.pk]))

    assert "Activity B.2 saved." in words(saved)
    assert "activity B.2 title changed" in words(diff)


def test_a_carried_forward_plan_cites_what_it_left_out_as_the_diff_would(secretariat):
    ended = MandateFactory(status="concluded")
    plan = make_plan(
        1,
        outcomes=2,
        mandate=ended,
        outcome_numbering=WorkPlan.OutcomeNumbering.LETTERS,
        activity_numbering=WorkPlan.ActivityNumbering.PER_OUTCOME,
    )

    _new, left_out = work_plan_carry_forward(plan=plan, user=secretariat)

    assert [item.reference for item in left_out] == ["activity A.1", "activity B.1"]
