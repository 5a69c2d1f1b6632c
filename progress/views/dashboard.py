"""The secretariat's dashboard of a round: per section and mandate, how many tasks are not
started, in draft, submitted, returned and accepted; what is overdue; and links straight to what
needs attention."""

from __future__ import annotations

from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from emg.permissions import get_object_for_user
from progress.filters import DashboardFilter
from progress.models import Progress, ReportingRound
from progress.selectors.dashboard import dashboard_rows, dashboard_tasks


@require_safe
def dashboard(request, pk):
    report_round = get_object_for_user(
        request.user,
        ReportingRound.objects.select_related("meeting", "session"),
        "progress.change_reportinground",
        pk=pk,
    )
    today = timezone.localdate()
    late = report_round.is_late(today)
    sections = list(report_round.sections.order_by("order"))
    tasks = report_round.tasks.with_progress()
    filterset = DashboardFilter(request.GET, queryset=tasks, report_round=report_round, today=today)
    shown = dashboard_tasks(filterset.qs, sections=sections, late=late)
    rows = dashboard_rows(shown, sections)
    # What needs attention in the whole round, whatever the filters show: unfiltered, the tasks
    # shown are the whole round, and need no second query.
    filtered = any(request.GET.values())
    if filtered:
        attention = tasks.aggregate(
            to_review=Count("pk", filter=Q(progress=Progress.SUBMITTED)),
            unsubmitted=Count("pk", filter=Q(progress__in=Progress.UNSUBMITTED)),
        )
    else:
        attention = {
            "to_review": sum(task.progress == Progress.SUBMITTED for task in shown),
            "unsubmitted": sum(task.progress in Progress.UNSUBMITTED for task in shown),
        }
    return render(
        request,
        "progress/dashboard/dashboard.html",
        {
            "round": report_round,
            "filter": filterset,
            "filtered": filtered,
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
