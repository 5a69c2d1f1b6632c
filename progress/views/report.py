"""The compiled progress report of a round, and the list of rounds' reports."""

from __future__ import annotations

from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_safe

from emg.permissions import get_object_for_user, permission_required
from progress.compile import report_context
from progress.models import ReportingRound, Update


@require_safe
@permission_required("progress.view_reportinground", raise_exception=True)
def report_list(request):
    rounds = (
        ReportingRound.objects.exclude(state=ReportingRound.State.DRAFT)
        .select_related("meeting", "session")
        .annotate(
            task_count=Count("tasks", distinct=True),
            accepted_count=Count(
                "tasks__update", filter=Q(tasks__update__state=Update.State.ACCEPTED)
            ),
        )
    )
    return render(request, "progress/report/list.html", {"rounds": list(rounds)})


@require_safe
def report(request, pk):
    report_round = get_object_for_user(
        request.user, ReportingRound, "progress.view_reportinground", pk=pk
    )
    preview = request.user.has_perm("progress.preview_report", report_round)
    context = report_context(report_round, include_unaccepted=preview)
    return render(request, "progress/report/page.html", context)
