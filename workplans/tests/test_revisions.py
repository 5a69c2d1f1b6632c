"""Snapshots of a plan, issuing revisions (original, Rev.1 …) and approving a plan, through
workplans.snapshots and workplans.services; their pages are in test_revision_pages.py."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from emg.tests.factories import MeetingFactory
from workplans.models import Activity, WorkPlan
from workplans.services import revision_issue, work_plan_approve
from workplans.snapshots import plan_snapshot, thaw
from workplans.tests.plan_builder import (
    PLAN_2014,
    PLAN_2021,
    activities_of,
    import_seed,
    make_plan,
    milestones_of,
)

pytestmark = pytest.mark.django_db


def labels(numbered) -> list:
    """Every label of a numbered plan with the text it labels and its schedule, in order."""
    found = []

    def walk(rows):
        for row in rows:
            milestone = row["milestone"]
            found.append((row["label"], milestone.text, str(milestone.schedule)))
            walk(row["children"])

    for outcome_row in numbered:
        found.append((outcome_row["label"], str(outcome_row["outcome"]), ""))
        for activity_row in outcome_row["activities"]:
            activity = activity_row["activity"]
            found.append(
                (
                    activity_row["label"],
                    activity.title,
                    str(activity.schedule),
                    str(activity.mandate),
                )
            )
            walk(activity_row["milestones"])
    return found


# Snapshots


def test_a_snapshot_keeps_identities_texts_mandates_schedules_orders_and_parents():
    plan = make_plan(1, outcomes=1)
    activity = activities_of(plan)[0]
    first, second, child = milestones_of(activity)

    snapshot = plan_snapshot(plan)

    assert json.loads(json.dumps(snapshot)) == snapshot  # what a JSONField stores, unchanged
    assert snapshot["title"] == plan.title
    assert snapshot["introduction"] == plan.introduction
    assert snapshot["footnotes"][0]["text"] == "Subject to approval by SOM 27."
    (row,) = snapshot["activities"]
    assert row["id"] == activity.pk
    assert row["mandate"] == {"id": activity.mandate.pk, "name": activity.mandate.name}
    assert row["schedule"] == {
        "start": "2021-10-01",
        "start_precision": "month",
        "end": "2022-09-30",
        "end_precision": "month",
    }
    by_id = {m["id"]: m for m in snapshot["milestones"]}
    assert by_id[child.pk]["parent"] == first.pk
    assert by_id[first.pk]["schedule"]["start_precision"] == "quarter"
    assert (by_id[first.pk]["order"], by_id[second.pk]["order"]) == (1, 2)


@pytest.mark.parametrize("seed", [PLAN_2014, PLAN_2021])
def test_a_thawed_snapshot_numbers_and_schedules_like_the_live_plan(seed):
    plan = import_seed(seed)

    frozen = thaw(json.loads(json.dumps(plan_snapshot(plan))))

    assert labels(frozen.numbered()) == labels(plan.numbered())
    assert frozen.period == plan.period
    assert [f.text for f in frozen.footnotes] == [f.text for f in plan.footnotes.all()]


def test_a_snapshot_costs_the_same_queries_for_ten_times_the_plan(django_assert_num_queries):
    small, large = make_plan(1), make_plan(10, period=(2023, 2024))
    small = WorkPlan.objects.select_related("meeting").get(pk=small.pk)
    large = WorkPlan.objects.select_related("meeting").get(pk=large.pk)

    with CaptureQueriesContext(connection) as one:
        plan_snapshot(small)
    with django_assert_num_queries(len(one)):
        plan_snapshot(large)


# Issuing


def test_the_first_issue_of_a_new_draft_is_the_original_and_the_next_rev_1(secretariat):
    plan = make_plan()

    original = revision_issue(plan=plan, note="Issued for review.", user=secretariat)
    activity = activities_of(plan)[0]
    activity.title = "A new title"
    activity.save()
    rev_1 = revision_issue(plan=plan, note="Issued for review.", user=secretariat)

    assert (original.number, rev_1.number) == (0, 1)
    assert str(rev_1) == f"{plan.title} Rev.1"
    assert original.issued_by == secretariat
    plan.refresh_from_db()
    assert plan.revision == 1
    assert plan.revision_label == "Rev.1"
    titles = {a["title"] for a in original.snapshot["activities"]}
    assert "A new title" not in titles
    assert "A new title" in {a["title"] for a in rev_1.snapshot["activities"]}


def test_a_plan_imported_as_rev_1_first_freezes_rev_1(secretariat):
    plan = import_seed(PLAN_2014)
    assert plan.revision == 1  # the symbol says /Rev.1

    revision = revision_issue(plan=plan, note="Issued for review.", user=secretariat)

    assert revision.number == 1
    assert list(plan.revisions.values_list("number", flat=True)) == [1]


def test_issuing_again_without_a_change_is_refused(secretariat):
    plan = make_plan()
    revision_issue(plan=plan, note="Issued for review.", user=secretariat)

    with pytest.raises(ValidationError, match="Nothing has changed since the original"):
        revision_issue(plan=plan, note="Issued for review.", user=secretariat)

    assert plan.revisions.count() == 1


def test_a_revision_keeps_its_text_when_the_plan_changes_later(secretariat):
    plan = make_plan()
    revision = revision_issue(plan=plan, note="Issued for review.", user=secretariat)
    Activity.objects.filter(outcome__work_plan=plan).delete()

    revision.refresh_from_db()

    assert len(revision.snapshot["activities"]) == 4
    assert len(revision.snapshot["milestones"]) == 12


# Approving


def test_approving_records_the_som_freezes_the_plan_and_issues_a_revision(secretariat):
    plan = make_plan()
    revision_issue(plan=plan, note="Issued for review.", user=secretariat)
    som_27 = MeetingFactory(number=27)

    revision = work_plan_approve(plan=plan, meeting=som_27, user=secretariat)

    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.APPROVED
    assert plan.meeting == som_27
    assert plan.is_frozen
    assert revision.number == 1  # nothing else changed, yet the approved text is its own issue
    assert revision.snapshot["status"] == "approved"
    assert revision.snapshot["meeting"] == {"id": som_27.pk, "number": 27}
    assert plan.revision == 1


def test_an_approved_plan_is_neither_approved_again_nor_revised(secretariat):
    plan = make_plan()
    work_plan_approve(plan=plan, meeting=MeetingFactory(number=27), user=secretariat)

    with pytest.raises(ValidationError, match="already approved"):
        work_plan_approve(plan=plan, meeting=MeetingFactory(number=28), user=secretariat)
    with pytest.raises(ValidationError, match="cannot be revised"):
        revision_issue(plan=plan, note="Issued for review.", user=secretariat)

    plan.refresh_from_db()
    assert plan.meeting.number == 27
    assert plan.revisions.count() == 1


def test_a_superseded_plan_is_frozen():
    plan = make_plan(status=WorkPlan.Status.SUPERSEDED)

    assert plan.is_frozen
    assert not make_plan(period=(2023, 2024)).is_frozen
