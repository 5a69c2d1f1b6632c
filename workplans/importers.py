"""The work plan reader of ``import_documents``: a plan's head, introduction, footnotes and its
table of expected outcomes, activities and milestones with their schedules.

How the reader decides what the document does not say outright:

- period: the first years written as a range ("2021-2022", "2021 to 2022") in the title, the
  introduction or the table's caption; a plan for one year says so in its title or caption
  ("work plan 2019"). Schedules are read against these years: "Ongoing" runs through them, and a
  deadline ("by December 2023") from their first month.
- status: "draft" when the head is marked DRAFT; "proposed" when the title says "Proposed";
  "approved" when the introduction says this plan (a sentence naming its years) was approved,
  adopted or endorsed by a SOM; otherwise "proposed", a plan put forward and not said to be
  adopted.
- meeting: the SOM in the head; failing that, the SOM the introduction says approved the plan or
  that it goes to, or the one a footnote says it is subject to approval by.
- revision: the "/Rev.N" of the symbol. A document older than the revision the workspace already
  holds for the same years is recorded as a document of that plan and leaves its content alone.
"""

from __future__ import annotations

from emg.importers import save_document, save_meeting, save_meeting_number
from emg.importing import ImportProblem, Reader, Source, Summary, register
from emg.models import Document
from emg.schedules import Schedule
from mandates.services import mandate_resolve
from workplans.importing.reading import (
    ActivityText,
    MilestoneText,
    PlanText,
    read_plan,
    table_columns,
)
from workplans.models import Activity, Footnote, Milestone, Outcome, WorkPlan


@register
class WorkPlanReader(Reader):
    kind = "work plan"

    def score(self, source: Source) -> int:
        tables = sum(1 for line in source.lines if table_columns(line))
        head = "\n".join(source.lines[:60]).lower()
        titled = "work plan" in head or "workplan" in head
        return 10 * tables + 5 * titled

    def load(self, source: Source, summary: Summary) -> None:
        plan_text = read_plan(source)
        header = plan_text.header
        meeting = save_meeting(header, summary)
        if meeting is None and plan_text.meeting_number:
            meeting = save_meeting_number(plan_text.meeting_number, summary)
        plan = work_plan_save(plan_text=plan_text, meeting=meeting, summary=summary)
        save_document(
            header, kind=Document.Kind.WORK_PLAN, meeting=meeting, source=plan, summary=summary
        )


def work_plan_save(*, plan_text: PlanText, meeting, summary: Summary) -> WorkPlan:
    """The plan for the document's years, with everything its table holds. A plan for the same
    years is the same plan, whatever its title says this time."""
    header = plan_text.header
    if len(header.title) > WorkPlan._meta.get_field("title").max_length:
        raise ImportProblem(
            "the work plan's title is too long to be a title", line=header.title_line
        )
    values = {
        "title": header.title,
        "status": plan_text.status,
        "revision": plan_text.revision,
        "meeting": meeting,
        "introduction": "\n\n".join(plan_text.introduction),
        "outcome_numbering": plan_text.outcome_numbering,
        "activity_numbering": plan_text.activity_numbering,
        "milestone_style": plan_text.milestone_style,
    }
    current = (
        WorkPlan.objects.exclude(status=WorkPlan.Status.SUPERSEDED)
        .filter(period_start=plan_text.period_start, period_end=plan_text.period_end)
        .first()
    )
    if current is not None and current.revision > plan_text.revision:
        return current  # an earlier revision: the workspace already holds a later text
    if current is not None:
        plan = summary.upsert(WorkPlan, {"pk": current.pk}, values, line=header.end_line)
    else:
        lookup = {"period_start": plan_text.period_start, "period_end": plan_text.period_end}
        plan = summary.upsert(WorkPlan, lookup, values, line=header.end_line)

    kept = [
        summary.upsert(
            Footnote,
            {"work_plan": plan, "order": order},
            {"anchor": note.anchor, "text": note.text},
            line=note.line,
        )
        for order, note in enumerate(plan_text.footnotes, start=1)
    ]
    summary.prune(plan.footnotes.all(), kept)

    outcomes = []
    for order, outcome_text in enumerate(plan_text.outcomes, start=1):
        outcome = summary.upsert(
            Outcome,
            {"work_plan": plan, "order": order},
            {"heading": outcome_text.heading, "statement": outcome_text.statement},
            line=outcome_text.line,
        )
        outcomes.append(outcome)
        activities = [
            _save_activity(outcome, position, activity_text, summary)
            for position, activity_text in enumerate(outcome_text.activities, start=1)
        ]
        summary.prune(outcome.activities.all(), activities)
    summary.prune(plan.outcomes.all(), outcomes)
    return plan


def _schedule_fields(schedule: Schedule | None) -> dict:
    row = Activity()
    row.schedule = schedule
    names = ("schedule_start", "schedule_start_precision", "schedule_end", "schedule_end_precision")
    return {name: getattr(row, name) for name in names}


def _save_activity(outcome: Outcome, order: int, text: ActivityText, summary: Summary):
    mandate = mandate_resolve(name=text.title, summary=summary)
    heading_mandate = mandate_resolve(name=text.heading, summary=summary) if text.heading else None
    description = text.description
    if text.heading and heading_mandate is None and text.first_under_heading:
        description = f"{text.heading}\n\n{description}".strip()
    values = {
        "title": text.title,
        "description": description,
        **_schedule_fields(text.schedule),
    }
    found = mandate or heading_mandate
    # A printed plan shows an activity's title, not the body it serves: the same activity read
    # again from such a document keeps the body it is linked to when its title names none.
    same = Activity.objects.filter(outcome=outcome, order=order, title=text.title)
    if found is not None or not same.exclude(mandate=None).exists():
        values["mandate"] = found
    activity = summary.upsert(
        Activity, {"outcome": outcome, "order": order}, values, line=text.line
    )
    _save_milestones(activity, None, text.milestones, summary)
    return activity


def _save_milestones(activity, parent, texts: list[MilestoneText], summary: Summary) -> None:
    kept = []
    for order, text in enumerate(texts, start=1):
        milestone = summary.upsert(
            Milestone,
            {"activity": activity, "parent": parent, "order": order},
            {"text": text.text, **_schedule_fields(text.schedule)},
            line=text.line,
        )
        _save_milestones(activity, milestone, text.children, summary)
        kept.append(milestone)
    summary.prune(Milestone.objects.filter(activity=activity, parent=parent), kept)
