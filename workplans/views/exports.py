"""A work plan downloaded: CSV and XLSX of its activities and milestones, DOCX laid out as the UN
document. The current text by default; ``?revision=N`` gives a frozen revision instead."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from emg.permissions import get_object_for_user
from workplans import exports
from workplans.models import WorkPlan
from workplans.revisions import FrozenPlan, plan_snapshot, thaw

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _source(request, pk) -> tuple[FrozenPlan, int, bool]:
    """The plan (or the revision asked for), its revision number, and whether it is a revision."""
    plan = get_object_for_user(
        request.user, WorkPlan.objects.select_related("meeting"), "workplans.view_workplan", pk=pk
    )
    asked = request.GET.get("revision")
    if asked is None:
        return thaw(plan_snapshot(plan)), plan.revision, False
    snapshot = (
        plan.revisions.filter(number=int(asked)).values_list("snapshot", flat=True).first()
        if asked.isdigit()
        else None
    )
    if snapshot is None:
        raise Http404(_("This plan has no such revision."))
    return thaw(snapshot), int(asked), True


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def export_csv(request, pk):
    plan, number, frozen = _source(request, pk)
    name = exports.filename(plan, number if frozen else None, "csv")
    return _download(exports.build_csv(plan), "text/csv; charset=utf-8", name)


@require_safe
def export_xlsx(request, pk):
    plan, number, frozen = _source(request, pk)
    name = exports.filename(plan, number if frozen else None, "xlsx")
    return _download(exports.build_xlsx(plan), XLSX, name)


@require_safe
def export_docx(request, pk):
    plan, number, frozen = _source(request, pk)
    name = exports.filename(plan, number if frozen else None, "docx")
    return _download(exports.build_docx(plan, number), DOCX, name)
