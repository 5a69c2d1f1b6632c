"""The secretariat's dashboard of a round: per section and mandate, how many tasks are not
started, in draft, submitted, returned and accepted; what is overdue; and links straight to what
needs attention. Two queries for the tasks whatever the size of the round."""

from __future__ import annotations

from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from emg import numbering
from emg.permissions import get_object_for_user
from progress.filters import DashboardFilter, Progress, is_late, with_progress
from progress.models import ReportingRound, ReportSection


def summarise(tasks, sections, late: bool) -> list[dict]:
    """Rows of counts per section (in the report's order, tasks in no section last) and mandate
    (in the order their first task comes)."""
    rows: dict[tuple, dict] = {}
    for task in sorted(tasks, key=lambda t: t.order):
        key = (task.section_id, task.mandate_id)
        row = rows.get(key)
        if row is None:
            row = rows[key] = {
                "section_id": task.section_id,
                "mandate": task.mandate,
                "counts": dict.fromkeys((value for value, _label in Progress.CHOICES), 0),
                "overdue": 0,
                "total": 0,
            }
        row["counts"][task.progress] += 1
        row["total"] += 1
        if late and task.progress in Progress.UNSUBMITTED:
            row["overdue"] += 1
    place = {section.pk: index for index, section in enumerate(sections)}
    ordered = sorted(rows.values(), key=lambda row: place.get(row["section_id"], len(place)))
    for row in ordered:
        row["counts"] = [row["counts"][value] for value, _label in Progress.CHOICES]
    return ordered


@require_safe
def dashboard(request, pk):
    report_round = get_object_for_user(
        request.user,
        ReportingRound.objects.select_related("meeting", "session"),
        "progress.change_reportinground",
        pk=pk,
    )
    today = timezone.localdate()
    late = is_late(report_round, today)
    sections = list(report_round.sections.order_by("order"))
    labels = {
        section.pk: numbering.label(ReportSection.NUMBER_PATTERN, position)
        for position, section in enumerate(sections, start=1)
    }
    tasks = with_progress(
        report_round.tasks.select_related(
            "mandate",
            "section",
            "update__submitted_by__entity",
            "update__returned_by__entity",
            "update__accepted_by__entity",
        )
    ).order_by("section__order", "mandate__name", "order")
    filterset = DashboardFilter(request.GET, queryset=tasks, report_round=report_round, today=today)
    shown = list(filterset.qs)
    for task in shown:
        task.overdue = late and task.progress in Progress.UNSUBMITTED
        task.section_label = labels.get(task.section_id, "")
    rows = summarise(shown, sections, late)
    # What needs attention in the whole round, whatever the filters show.
    attention = tasks.order_by().aggregate(
        to_review=Count("pk", filter=Q(progress=Progress.SUBMITTED)),
        unsubmitted=Count("pk", filter=Q(progress__in=Progress.UNSUBMITTED)),
    )
    titles = {section.pk: (labels[section.pk], section.title) for section in sections}
    for row in rows:
        row["section"] = titles.get(row["section_id"])
    return render(
        request,
        "progress/dashboard/dashboard.html",
        {
            "round": report_round,
            "filter": filterset,
            "filtered": any(request.GET.values()),
            "rows": rows,
            "tasks": shown,
            "states": Progress.CHOICES,
            "totals": [
                sum(row["counts"][index] for row in rows) for index in range(len(Progress.CHOICES))
            ],
            "overdue_total": sum(row["overdue"] for row in rows),
            "to_review": attention["to_review"],
            "overdue_in_round": attention["unsubmitted"] if late else 0,
            "late": late,
            "today": today,
        },
    )
