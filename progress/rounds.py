"""Preparing, opening and closing reporting rounds: the secretariat's services.

A round is prepared in the "being prepared" state: its tasks are proposed from the previous SOM's
decisions and the work plans, then edited, added, removed, moved and grouped into the report's
sections. Opening it makes the tasks the focal points' to report on; from then on only the
secretariat changes them, and a closed round changes no more.

Tasks of the previous round not completed then are proposed again. How a proposed task's draft
starts: when the previous round had a task with the same source (the same decision, activity or
milestone) or, failing that, the same mandate and wording (a task carried over, say), and its
update named next steps, the new task gets a draft update whose first progress item is "ongoing"
with those next steps as its text. What the body said it would do next is what the focal point
reports on now; they rewrite it into what happened. Such a draft has no author until a focal point
saves it, which is how the dashboard tells it from a started one.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from emg import ordering
from emg.models import Meeting, Session
from emg.versions import claim
from mandates.models import Decision, Mandate
from progress.models import ReportingRound, ReportSection, Status, Task, Update, UpdateItem
from workplans.models import Activity, WorkPlan

# Without a previous round or meeting to start from, a round covers the year before its deadline.
DEFAULT_PERIOD = datetime.timedelta(days=365)


def _refuse_closed(report_round: ReportingRound) -> None:
    if report_round.state == ReportingRound.State.CLOSED:
        raise ValidationError(_("This round is closed: its tasks and sections no longer change."))


# Rounds


@transaction.atomic
def round_create(
    *,
    meeting: Meeting,
    title: str,
    session: Session | None = None,
    opens_on: datetime.date | None = None,
    deadline: datetime.date | None = None,
) -> ReportingRound:
    report_round = ReportingRound(
        meeting=meeting, session=session, title=title, opens_on=opens_on, deadline=deadline
    )
    report_round.full_clean()
    report_round.save()
    return report_round


@transaction.atomic
def round_update(
    *,
    report_round: ReportingRound,
    version: int,
    title: str,
    session: Session | None,
    opens_on: datetime.date | None,
    deadline: datetime.date | None,
) -> ReportingRound:
    claim(report_round, version)
    _refuse_closed(report_round)
    report_round.title = title
    report_round.session = session
    report_round.opens_on = opens_on
    report_round.deadline = deadline
    report_round.full_clean()
    report_round.save()
    return report_round


@transaction.atomic
def round_open(*, report_round: ReportingRound) -> ReportingRound:
    report_round = ReportingRound.objects.select_for_update().get(pk=report_round.pk)
    if report_round.state != ReportingRound.State.DRAFT:
        raise ValidationError(_("Only a round being prepared can be opened."))
    if report_round.deadline is None:
        raise ValidationError(_("Set a deadline before opening the round."))
    if not report_round.tasks.exists():
        raise ValidationError(_("Add at least one task before opening the round."))
    report_round.state = ReportingRound.State.OPEN
    report_round.save(update_fields=["state"])
    return report_round


@transaction.atomic
def round_close(*, report_round: ReportingRound) -> ReportingRound:
    report_round = ReportingRound.objects.select_for_update().get(pk=report_round.pk)
    if report_round.state != ReportingRound.State.OPEN:
        raise ValidationError(_("Only an open round can be closed."))
    report_round.state = ReportingRound.State.CLOSED
    report_round.save(update_fields=["state"])
    return report_round


# What a round follows on from


def previous_meeting(report_round: ReportingRound) -> Meeting | None:
    """The SOM before the round's meeting whose decisions the round reports on: the highest
    meeting number below it that has decisions."""
    return (
        Meeting.objects.filter(
            number__lt=report_round.meeting.number, decision_sections__decisions__isnull=False
        )
        .order_by("-number")
        .first()
    )


def previous_round(report_round: ReportingRound) -> ReportingRound | None:
    """The round reported before this one: of an earlier meeting, or of the same meeting with an
    earlier deadline (the mid-term report comes before the report to the SOM itself)."""
    earlier = Q(meeting__number__lt=report_round.meeting.number)
    if report_round.deadline is not None:
        earlier |= Q(meeting=report_round.meeting, deadline__lt=report_round.deadline)
    return (
        ReportingRound.objects.filter(earlier)
        .exclude(pk=report_round.pk)
        .order_by("-meeting__number", "-deadline", "-pk")
        .first()
    )


def round_period(report_round: ReportingRound) -> tuple[datetime.date, datetime.date] | None:
    """The days whose work the round reports on: from the previous round's deadline (or the
    previous meeting's last session) up to this round's deadline."""
    last = report_round.deadline or report_round.opens_on
    if last is None:
        return None
    first = None
    before = previous_round(report_round)
    if before is not None and before.deadline is not None:
        first = before.deadline
    if first is None:
        meeting = previous_meeting(report_round)
        if meeting is not None:
            first = meeting.sessions.filter(date__isnull=False).aggregate(last=Max("date"))["last"]
    if first is None or first > last:
        first = last - DEFAULT_PERIOD
    return first, last


# Proposals


def _decision_mandate(decision: Decision) -> int | None:
    if decision.mandate_id is not None:
        return decision.mandate_id
    if decision.parent is not None and decision.parent.mandate_id is not None:
        return decision.parent.mandate_id
    return decision.section.mandate_id


def _proposed_decisions(meeting: Meeting | None) -> list[tuple[int, Decision]]:
    """(mandate id, decision) for each decision of ``meeting`` addressed to a mandate. A lead-in
    with items is not a task: its items are."""
    if meeting is None:
        return []
    decisions = (
        Decision.objects.filter(section__meeting=meeting)
        .exclude(children__isnull=False)
        .select_related("section", "parent")
        .in_document_order()
    )
    proposed = []
    for decision in decisions:
        mandate_id = _decision_mandate(decision)
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
    """Add the tasks the round should have: the previous SOM's decisions addressed to each
    mandate, the mandates' work-plan items scheduled in the round's period, and the previous
    round's tasks that were not completed then (the next report lists them again). Tasks already
    in the round (the same source, or the same mandate and words) are left alone, so proposing
    twice adds nothing twice.

    Tasks are grouped into the sections of the previous round under which their mandate
    reported; a mandate that did not report then goes into one section for the others."""
    report_round = ReportingRound.objects.select_for_update().get(pk=report_round.pk)
    if report_round.state != ReportingRound.State.DRAFT:
        raise ValidationError(_("Tasks are proposed only while a round is being prepared."))

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


# Tasks


@transaction.atomic
def task_add(
    *,
    report_round: ReportingRound,
    mandate: Mandate,
    text: str,
    section: ReportSection | None = None,
) -> Task:
    report_round = ordering.lock(ReportingRound, report_round.pk)
    _refuse_closed(report_round)
    if section is not None and section.round_id != report_round.pk:
        raise ValidationError(_("That section belongs to another round."))
    if section is not None:
        section = ordering.current(section)
    order = ordering.next_order(report_round.tasks.all())
    return Task.objects.create(
        round=report_round, mandate=mandate, text=text, section=section, order=order
    )


@transaction.atomic
def task_update(
    *, task: Task, version: int, mandate: Mandate, text: str, section: ReportSection | None
) -> Task:
    claim(task, version)
    _refuse_closed(task.round)
    if section is not None and section.round_id != task.round_id:
        raise ValidationError(_("That section belongs to another round."))
    task.mandate = mandate
    task.text = text
    task.section = section
    task.save()
    return task


@transaction.atomic
def task_remove(*, task: Task) -> None:
    _refuse_closed(task.round)
    update = getattr(task, "update", None)
    if update is not None and update.state == Update.State.ACCEPTED:
        raise ValidationError(_("An accepted task stays in the report."))
    task.delete()


@transaction.atomic
def task_move(*, task: Task, direction: str) -> bool:
    """Move a task one place up or down among the tasks of its body in its section (the rows of
    one table of the report). False when it is first or last of them already.

    A task's order is unique in its whole round, not among these siblings, so the step aside
    goes past the round's last task. Each of the two tasks keeps the move in its history."""
    # The tasks a move writes are locked before the round: a focal point's save locks its task
    # and then the round (progress.services), so in the other order a move and a save of the
    # same task would each wait for what the other holds. By key, an order no move changes, so
    # that two moves lock them in the same order too.
    list(
        Task.objects.select_for_update()
        .filter(round_id=task.round_id, section_id=task.section_id, mandate_id=task.mandate_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    report_round = ordering.lock(ReportingRound, task.round_id)
    _refuse_closed(report_round)
    # As stored now: an edit may have put it in another section or given it another body.
    task = ordering.current(task)
    tasks = report_round.tasks.all()
    siblings = list(
        tasks.filter(section_id=task.section_id, mandate_id=task.mandate_id).order_by("order")
    )
    aside = ordering.next_order(tasks)
    return ordering.swap(siblings, task, direction, aside=aside) is not None


# Sections


@transaction.atomic
def section_add(*, report_round: ReportingRound, title: str) -> ReportSection:
    report_round = ordering.lock(ReportingRound, report_round.pk)
    _refuse_closed(report_round)
    order = ordering.next_order(report_round.sections.all())
    return ReportSection.objects.create(round=report_round, order=order, title=title)


@transaction.atomic
def section_update(*, section: ReportSection, version: int, title: str) -> ReportSection:
    claim(section, version)
    _refuse_closed(section.round)
    section.title = title
    section.save()
    return section


@transaction.atomic
def section_remove(*, section: ReportSection) -> int:
    """Remove a section; its tasks stay in the round, in no section, until regrouped. Answers
    how many tasks that left without a section."""
    report_round = section.round
    _refuse_closed(report_round)
    left = section.tasks.count()
    section.delete()
    remaining = list(report_round.sections.select_for_update().order_by("order"))
    ordering.renumber(ReportSection, remaining, user=None)
    return left


@transaction.atomic
def section_move(*, section: ReportSection, direction: str) -> bool:
    """Swap the section with the one above ("up") or below ("down"). False when it is first or
    last already."""
    report_round = ordering.lock(ReportingRound, section.round_id)
    _refuse_closed(report_round)
    sections = list(report_round.sections.order_by("order"))
    return ordering.swap(sections, section, direction) is not None
