"""Work plans read from Word files: the workspace's own (written and imported back to the same
records) and a plan laid out in Word by hand, with merged cells and Word's own list numbering."""

import pytest
from django.db import transaction

from emg.models import Document, Meeting
from emg.tests.word_files import (
    WordFile,
    differences,
    document_values,
    import_sample,
    import_word,
    round_trip,
    values,
)
from mandates.tests.factories import MandateFactory
from workplans.exports import build_docx
from workplans.models import Activity, Milestone, WorkPlan
from workplans.snapshots import plan_snapshot, thaw
from workplans.tests.plan_builder import PLAN_2014, PLAN_2021, make_plan


def plan_records(*, with_document: bool = True) -> dict:
    plan = WorkPlan.objects.get()

    def milestone_values(milestone: Milestone) -> dict:
        found = values(milestone, "order", "text", "due_date")
        found["schedule"] = str(milestone.schedule) if milestone.schedule else None
        found["children"] = [
            milestone_values(child) for child in milestone.children.order_by("order")
        ]
        return found

    return {
        "plan": values(
            plan,
            "title",
            "period_start",
            "period_end",
            "status",
            "revision",
            "meeting",
            "introduction",
            "outcome_numbering",
            "activity_numbering",
            "milestone_style",
        ),
        "footnotes": [
            values(note, "order", "text", "anchor") for note in plan.footnotes.order_by("order")
        ],
        "outcomes": [
            {
                **values(outcome, "order", "heading", "statement"),
                "activities": [
                    {
                        **values(activity, "order", "mandate", "title", "description"),
                        "schedule": str(activity.schedule) if activity.schedule else None,
                        "milestones": [
                            milestone_values(milestone)
                            for milestone in activity.milestones.filter(parent=None).order_by(
                                "order"
                            )
                        ],
                    }
                    for activity in outcome.activities.order_by("order")
                ],
            }
            for outcome in plan.outcomes.order_by("order")
        ],
        "document": (
            document_values(Document.objects.get(kind=Document.Kind.WORK_PLAN))
            if with_document
            else None
        ),
    }


def _imported_plan_document(sample: str):
    def make():
        import_sample(sample)
        return Document.objects.get(kind=Document.Kind.WORK_PLAN)

    return make


# What the printed plan does not say, so no reader can find it again: that a plan is a draft (the
# 2021 seed says "DRAFT" in its head; the workspace prints no status), and the body an activity
# serves when its title does not name it (the 2014 seed's "UN Sustainability management" sits
# under the heading "IMG on Environmental Sustainability Management", which the printed table
# leaves out).
NOT_PRINTED = {
    PLAN_2014: [
        "outcomes[2].activities[0].mandate: 'IMG on Environmental Sustainability Management' "
        "became None"
    ],
    PLAN_2021: [
        "plan.status: 'draft' became 'approved'",
        "document.status: 'draft' became 'final'",
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize("sample", [PLAN_2014, PLAN_2021])
def test_a_work_plan_written_as_word_imports_back_to_the_same_records(sample):
    before, after, result = round_trip(_imported_plan_document(sample), plan_records)

    assert result.kind == "work plan"
    assert sum(len(outcome["activities"]) for outcome in before["outcomes"]) == 10
    assert sum(len(outcome["activities"]) for outcome in after["outcomes"]) == 10
    assert differences(before, after) == NOT_PRINTED[sample]


def named_plan(**fields) -> WorkPlan:
    """A plan for 2021-2022 presented to SOM 27 whose activities are named after the bodies they
    serve, as a printed plan must name them for a reader to find them."""
    plan = make_plan(
        outcomes=2,
        activities_per_outcome=2,
        title="Environment Management Group work plan 2021\u20132022",
        meeting=Meeting.objects.create(number=27),
        **fields,
    )
    names = (
        "Issue Management Group on Biodiversity",
        "Task Team on Marine Litter",
        "Consultative Process on Sustainable Infrastructure",
        "Issue Management Group on Environmental Sustainability Management",
    )
    activities = Activity.objects.filter(outcome__work_plan=plan).order_by("pk")
    for activity, name in zip(activities, names, strict=True):
        activity.mandate = MandateFactory(name=name)
        activity.title = name
        activity.save()
    return plan


@pytest.mark.django_db
def test_a_work_plan_made_in_the_workspace_imports_back_from_word():
    def make():
        plan = named_plan(
            status=WorkPlan.Status.APPROVED,
            introduction="This note presents the work plan for 2021-2022 approved by the 27th "
            "meeting of the EMG Senior Officials.\n\nIt remains un-costed.",
        )
        return Document.objects.create(
            kind=Document.Kind.WORK_PLAN,
            title=plan.title,
            source=plan,
            meeting=plan.meeting,
            status=Document.Status.FINAL,
        )

    before, after, _ = round_trip(make, plan_records)

    assert before["outcomes"][0]["activities"][0]["milestones"][0]["children"]
    assert differences(before, after) == []


@pytest.mark.django_db
def test_a_work_plan_without_an_introduction_imports_back_from_word():
    def make():
        plan = named_plan(status=WorkPlan.Status.PROPOSED, introduction="")
        return Document.objects.create(
            kind=Document.Kind.WORK_PLAN,
            title=plan.title,
            source=plan,
            meeting=plan.meeting,
            status=Document.Status.FINAL,
        )

    before, after, _ = round_trip(make, plan_records)

    assert before["plan"]["introduction"] == ""
    assert differences(before, after) == []


@pytest.mark.django_db
def test_a_work_plan_laid_out_with_merged_cells_and_word_lists_imports():
    word = WordFile()
    word.paragraph("Environment Management Group work plan 2023-2024", style="Title")
    word.paragraph("Introduction", style="Heading 1")
    word.paragraph("This note presents the work plan for 2023-2024.")
    table = word.table(
        [
            ["Expected outcome", "Activities and milestones", "Schedule"],
            ["", "", ""],
            ["", "", ""],
            ["", "", ""],
        ],
        columns=3,
    )
    # The outcome's cell runs down the rows of its activities, as Word merges it.
    outcome = table.cell(1, 0).merge(table.cell(3, 0))
    outcome.paragraphs[0].add_run("I. Enhanced coherence in programming")
    first, second, third = table.cell(1, 1), table.cell(2, 1), table.cell(3, 1)
    word.item("Issue Management Group on Biodiversity", kind="legal", container=first)
    word.item("Map the members' work;", kind="legal", level=1, container=first)
    word.item("Survey the members;", kind="legal", level=2, container=first)
    word.item("Publish the map.", kind="legal", level=1, container=first)
    word.item("Task Team on Marine Litter", kind="legal", container=second)
    word.item("Present the report.", kind="legal", level=1, container=second)
    # A heading cell spanning the activities and the schedule, as a sub-heading row.
    span = third.merge(table.cell(3, 2))
    word.item("Consultative Process on Sustainable Infrastructure", kind="legal", container=span)
    for row, text in ((1, "Q1 2023"), (2, "October 2023 \u2013 June 2024")):
        table.cell(row, 2).paragraphs[0].add_run(text)
    data = word.bytes()

    result = import_word("work-plan-2023-2024.docx", data)

    assert result.ok, result.problem
    plan = WorkPlan.objects.get()
    assert (plan.period_start, plan.period_end) == (2023, 2024)
    outcome = plan.outcomes.get()
    assert (outcome.heading, outcome.statement) == ("Enhanced coherence in programming", "")
    activities = list(outcome.activities.order_by("order"))
    assert [a.title for a in activities] == [
        "Issue Management Group on Biodiversity",
        "Task Team on Marine Litter",
        "Consultative Process on Sustainable Infrastructure",
    ]
    assert str(activities[0].schedule) == "Q1 2023"
    assert str(activities[1].schedule) == "October 2023 \u2013 June 2024"
    first_milestones = list(activities[0].milestones.filter(parent=None).order_by("order"))
    assert [m.text for m in first_milestones] == ["Map the members' work;", "Publish the map."]
    assert [m.text for m in first_milestones[0].children.all()] == ["Survey the members;"]
    assert [m.text for m in activities[1].milestones.all()] == ["Present the report."]
    assert activities[2].schedule is None and not activities[2].milestones.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", [WorkPlan.Status.DRAFT, WorkPlan.Status.APPROVED])
def test_a_work_plan_exported_as_word_imports_back_to_the_same_plan(status):
    with transaction.atomic():
        plan = named_plan(status=status, revision=1)
        before = plan_records(with_document=False)
        data = build_docx(thaw(plan_snapshot(plan)), plan.revision)
        transaction.set_rollback(True)

    result = import_word("work-plan-2021-2022-rev1.docx", data)

    assert result.ok, result.problem
    assert differences(before, plan_records(with_document=False)) == []
