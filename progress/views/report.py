"""The compiled progress report of a round, and the list of rounds' reports."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_safe

from emg.permissions import get_object_for_user, permission_required
from emg.views.lists import page_context, paginate
from progress.models import ReportingRound
from progress.selectors.report import report_context
from progress.selectors.rounds import count_tasks


@require_safe
@permission_required("progress.view_reportinground", raise_exception=True)
def report_list(request):
    """Every opened round's report, latest meeting first, 25 at a time."""
    page = paginate(
        request,
        ReportingRound.objects.exclude(state=ReportingRound.State.DRAFT).select_related("meeting"),
    )
    count_tasks(page.object_list)
    return render(
        request,
        "progress/report/list.html",
        {
            "rounds": page.object_list,
            **page_context(page),
        },
    )


@require_safe
def report(request, pk):
    report_round = get_object_for_user(
        request.user, ReportingRound, "progress.view_reportinground", pk=pk
    )
    preview = request.user.has_perm("progress.preview_report", report_round)
    context = report_context(report_round, include_unaccepted=preview)
    return render(request, "progress/report/page.html", context)
