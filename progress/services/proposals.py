"""Proposing a round's tasks while it is being prepared: one per open action point of the
previous SOM and earlier ones addressed to a mandate (none for taking note or welcoming), the
work-plan items scheduled in the days the round reports on, and the previous round's tasks not
completed then.

How a proposed task's draft starts: when the previous round had a task with the same source (the
same decision, activity or milestone) or, failing that, the same mandate and wording (a task
carried over, say), and its update named next steps, the new task gets a draft update whose first
progress item is "ongoing" with those next steps as its text. What the body said it would do next
is what the focal point reports on now; they rewrite it into what happened. Such a draft has no
author until a focal point saves it, which is how the dashboard tells it from a started one.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from emg import ordering
from emg.models import Meeting
from mandates.models import Decision
from progress.models import ReportingRound, ReportSection, Status, Task, Update, UpdateItem
from progress.selectors.action_points import open_action_points
from progress.selectors.rounds import previous_meeting, previous_round, round_period
from progress.services.rounds import locked_in
from workplans.models import Activity, WorkPlan


def _proposed_decisions(meeting: Meeting | None) -> list[tuple[int, Decision]]:
    """(mandate id, decision) for each open action point (``open_action_points``) addressed to
    a mandate: taking note of a report or welcoming an event asks nobody to act, and a
    completed action point is not reported on again."""
    proposed = []
    for decision in open_action_points(meeting):
        mandate_id = decision.addressed_mandate_id
        if mandate_id is not None:
            proposed.append((mandate_id, decision))
    return proposed


def _overlaps(item, first: datetime.date, last: datetime.date) -> bool:
    schedule = item.schedule
    return schedule is not None and schedule.overlaps(first, last)


def _proposed_plan_items(first: datetime.date, last: datetime.date):
    """(mandate id, activity, milestone or None) for the work-plan items scheduled in the period:
    an activity's milestones in the period (a milestone without a schedule of its own follows its
    activity's), else the activity itself."""
    activities = (
        Activity.objects.filter(mandate__isnull=False)
        .exclude(outcome__work_plan__status=WorkPlan.Status.SUPERSEDED)
        .prefetch_related("milestones")
        .order_by("outcome__work_plan__period_start", "outcome__order", "order")
    )
    proposed = []
    for activity in activities:
        milestones = [
            milestone
            for milestone in sorted(activity.milestones.all(), key=lambda m: (m.order, m.pk))
            if _overlaps(milestone, first, last)
            or (milestone.schedule is None and _overlaps(activity, first, last))
            or (milestone.due_date is not None and first <= milestone.due_date <= last)
        ]
        if milestones:
            proposed += [(activity.mandate_id, activity, milestone) for milestone in milestones]
        elif _overlaps(activity, first, last):
            proposed.append((activity.mandate_id, activity, None))
    return proposed


def _source_key(task: Task) -> tuple:
    return (task.source_decision_id, task.source_activity_id, task.source_milestone_id)


@transaction.atomic
def round_propose_tasks(*, report_round: ReportingRound) -> list[Task]:
    """Add the tasks the round should have: one per open action point addressed to a mandate,
    the mandates' work-plan items scheduled in the round's period, and the previous round's
    tasks that were not completed then (the next report lists them again). Tasks already
    in the round (the same source, or the same mandate and words) are left alone, so proposing
    twice adds nothing twice.

    Tasks are grouped into the sections of the previous round under which their mandate
    reported; a mandate that did not report then goes into one section for the others."""
    report_round = locked_in(
        report_round,
        ReportingRound.State.DRAFT,
        _("Tasks are proposed only while a round is being prepared."),
    )

    before = previous_round(report_round)
    earlier_tasks = (
        list(before.tasks.select_related("section", "update").prefetch_related("update__items"))
        if before is not None
        else []
    )
    earlier_section = {}
    for task in earlier_tasks:
        if task.section is not None:
            earlier_section.setdefault(task.mandate_id, task.section.title)
    others = _("Other bodies")

    # (task not saved yet, the earlier task it follows on from, its section's title)
    candidates: list[tuple[Task, Task | None, str]] = []

    def propose(mandate_id: int, text: str, **sources) -> None:
        task = Task(round=report_round, mandate_id=mandate_id, text=text, **sources)
        earlier = _earlier_task(task, earlier_tasks)
        title = earlier_section.get(mandate_id, others)
        candidates.append((task, earlier, title))

    for mandate_id, decision in _proposed_decisions(previous_meeting(report_round)):
        propose(mandate_id, decision.text, source_decision=decision)
    period = round_period(report_round)
    if period is not None:
        for mandate_id, activity, milestone in _proposed_plan_items(*period):
            text = milestone.text if milestone else activity.title
            propose(mandate_id, text, source_activity=activity, source_milestone=milestone)
    followed = {earlier.pk for _task, earlier, _title in candidates if earlier is not None}
    for earlier in earlier_tasks:
        if earlier.pk not in followed and not _completed(earlier):
            task = Task(
                round=report_round,
                mandate_id=earlier.mandate_id,
                text=earlier.text,
                source_decision_id=earlier.source_decision_id,
                source_activity_id=earlier.source_activity_id,
                source_milestone_id=earlier.source_milestone_id,
            )
            title = earlier.section.title if earlier.section else others
            candidates.append((task, earlier, title))

    sections = {section.title: section for section in report_round.sections.all()}
    next_order = ordering.next_order(report_round.tasks.all())
    section_order = ordering.next_order(report_round.sections.all())

    def section_for(title: str) -> ReportSection:
        nonlocal section_order
        if title not in sections:
            sections[title] = ReportSection.objects.create(
                round=report_round, order=section_order, title=title
            )
            section_order += 1
        return sections[title]

    existing = {_identity(task) for task in report_round.tasks.all()}
    # Sections in the previous round's order first, then the others; a stable sort keeps the
    # order within each.
    rank = {title: index for index, title in enumerate(dict.fromkeys(earlier_section.values()))}
    candidates.sort(key=lambda candidate: rank.get(candidate[2], len(rank)))
    created = []
    for task, earlier, title in candidates:
        if _identity(task) in existing:
            continue
        existing.add(_identity(task))
        task.section = section_for(title)
        task.order = next_order
        next_order += 1
        task.save()
        _start_draft(task, earlier)
        created.append(task)
    return created


def _identity(task: Task) -> tuple:
    """What makes two tasks of a round the same: their source, or without one their mandate
    and words."""
    key = _source_key(task)
    return key if any(key) else ("text", task.mandate_id, task.text.strip())


def _completed(task: Task) -> bool:
    """Whether the task's update says it was completed: every progress item "Completed"."""
    update = getattr(task, "update", None)
    if update is None:
        return False
    items = list(update.items.all())
    return bool(items) and all(item.status == Status.COMPLETED for item in items)


def _earlier_task(task: Task, earlier_tasks: list[Task]) -> Task | None:
    key = _source_key(task)
    if any(key):
        for earlier in earlier_tasks:
            if _source_key(earlier) == key:
                return earlier
    for earlier in earlier_tasks:
        if earlier.mandate_id == task.mandate_id and earlier.text.strip() == task.text.strip():
            return earlier
    return None


def _start_draft(task: Task, earlier: Task | None) -> None:
    update = getattr(earlier, "update", None) if earlier is not None else None
    if update is None or not update.next_steps.strip():
        return
    draft = Update.objects.create(task=task, state=Update.State.DRAFT)
    UpdateItem.objects.create(update=draft, order=1, status=Status.ONGOING, text=update.next_steps)
