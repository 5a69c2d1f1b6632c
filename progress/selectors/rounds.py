"""Reads of reporting rounds: what a round follows on from (the previous meeting and round, the
days it reports on), the rounds with their counts, and a round's outline as the report will read."""

from __future__ import annotations

import datetime
from itertools import groupby

from django.db.models import Count, Max, Q

from emg import numbering
from emg.models import Meeting
from progress.models import ReportingRound, ReportSection, Task, Update

# Without a previous round or meeting to start from, a round covers the year before its deadline.
DEFAULT_PERIOD = datetime.timedelta(days=365)


def meeting_before(meeting: Meeting) -> Meeting | None:
    """The SOM before ``meeting`` whose decisions are followed up for it: the highest meeting
    number below it that has decisions."""
    return (
        Meeting.objects.filter(
            number__lt=meeting.number, decision_sections__decisions__isnull=False
        )
        .order_by("-number")
        .first()
    )


def previous_meeting(report_round: ReportingRound) -> Meeting | None:
    """The SOM before the round's meeting whose decisions the round reports on."""
    return meeting_before(report_round.meeting)


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


def count_tasks(report_rounds: list[ReportingRound]) -> list[ReportingRound]:
    """Set on each of ``report_rounds`` how many tasks it has, submitted and accepted: one
    query over the rounds shown, however many rounds there are."""
    counts = {
        row["round"]: row
        for row in Task.objects.filter(round__in=report_rounds)
        .values("round")
        .annotate(
            tasks=Count("pk"),
            submitted=Count("pk", filter=Q(update__state=Update.State.SUBMITTED)),
            accepted=Count("pk", filter=Q(update__state=Update.State.ACCEPTED)),
        )
        .order_by()
    }
    for report_round in report_rounds:
        row = counts.get(report_round.pk, {})
        report_round.task_count = row.get("tasks", 0)
        report_round.submitted_count = row.get("submitted", 0)
        report_round.accepted_count = row.get("accepted", 0)
    return report_rounds


def round_outline(report_round: ReportingRound) -> tuple[list[dict], list[dict], int]:
    """The round as the report will read: numbered sections, each with its bodies (lettered)
    and their tasks; tasks in no section last; and how many tasks there are. Each task has its
    mandate and update, and says whether the previous round had a task of its mandate in the
    same words (``carried``: carried over, or imported without a source)."""
    sections = list(report_round.sections.order_by("order"))
    before = previous_round(report_round)
    carried = set(before.tasks.values_list("mandate", "text")) if before is not None else set()
    tasks = list(report_round.tasks.select_related("mandate", "update").order_by("order"))
    by_section: dict[int | None, list[Task]] = {}
    # A body comes where its first task comes.
    first_order: dict[int, int] = {}
    for task in tasks:
        task.carried = (task.mandate_id, task.text) in carried
        by_section.setdefault(task.section_id, []).append(task)
        first_order.setdefault(task.mandate_id, task.order)

    def bodies(section_tasks: list[Task]) -> list[dict]:
        ordered = sorted(section_tasks, key=lambda task: (first_order[task.mandate_id], task.order))
        groups = [list(group) for _mandate, group in groupby(ordered, key=lambda t: t.mandate_id)]
        return [
            {
                "label": numbering.label(ReportSection.BODY_PATTERN, position),
                "mandate": group[0].mandate,
                "tasks": group,
            }
            for position, group in enumerate(groups, start=1)
        ]

    outline = [
        {
            "section": section,
            "label": numbering.label(ReportSection.NUMBER_PATTERN, position),
            "first": position == 1,
            "last": position == len(sections),
            "bodies": bodies(by_section.get(section.pk, [])),
        }
        for position, section in enumerate(sections, start=1)
    ]
    return outline, bodies(by_section.get(None, [])), len(tasks)
