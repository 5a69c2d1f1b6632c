"""A work plan downloaded: CSV and XLSX of its activities and milestones, DOCX laid out as the UN
document, and the PDF it prints as. The current text by default; for CSV, XLSX and DOCX,
``?revision=N`` gives a frozen revision instead.

A large plan's Word file takes about a second to write: each file is kept (Django's cache) under
a hash of the snapshot it is written from, so that downloading again after no change does not
write it again, and any change (another hash) does."""

from __future__ import annotations

import hashlib
import json

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from emg import params
from emg.models import Document
from emg.printing import pdf_download
from emg.selectors import publishing_or_own
from workplans import exports
from workplans.snapshots import plan_snapshot, thaw
from workplans.views import plan_for_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
KEPT_FOR = 24 * 60 * 60  # seconds


def _source(request, pk) -> tuple[dict, int, bool]:
    """The snapshot of the plan (or of the revision asked for), its revision number, and
    whether it is a revision."""
    plan = plan_for_user(request.user, pk)
    asked = params.integer(request.GET, "revision", min_value=0, max_value=params.MAX_SMALL_INTEGER)
    if asked is None:
        return plan_snapshot(plan), plan.revision, False
    snapshot = plan.revisions.filter(number=asked).values_list("snapshot", flat=True).first()
    if snapshot is None:
        raise Http404(_("This plan has no such revision."))
    return snapshot, asked, True


def _written(extension: str, snapshot: dict, number: int, write) -> bytes:
    """The file ``write()`` makes of ``snapshot`` (revision ``number``), kept by its content."""
    content = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), default=str)
    digest = hashlib.sha256(content.encode()).hexdigest()
    key = f"workplans:export:{extension}:{get_language()}:{number}:{digest}"
    return cache.get_or_set(key, write, KEPT_FOR)


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _export(request, pk, extension: str, content_type: str, build) -> HttpResponse:
    """The file ``build(plan, number)`` makes of the plan or revision asked for."""
    snapshot, number, frozen = _source(request, pk)
    plan = thaw(snapshot)
    content = _written(extension, snapshot, number, lambda: build(plan, number))
    name = exports.filename(plan, number if frozen else None, extension)
    return _download(content, content_type, name)


@require_safe
def export_csv(request, pk):
    return _export(
        request, pk, "csv", "text/csv; charset=utf-8", lambda plan, _n: exports.build_csv(plan)
    )


@require_safe
def export_xlsx(request, pk):
    return _export(request, pk, "xlsx", XLSX, lambda plan, _n: exports.build_xlsx(plan))


@require_safe
def export_docx(request, pk):
    return _export(request, pk, "docx", DOCX, exports.build_docx)


@require_safe
def export_pdf(request, pk):
    """The plan's current text printed as its UN document: the meeting document that publishes
    it (symbol, date, distribution, revision mark), the very file the meeting's page serves; a
    plan no document publishes yet prints under its own title."""
    plan = plan_for_user(request.user, pk)
    document = publishing_or_own(plan, kind=Document.Kind.WORK_PLAN, title=plan.title)
    # Published, it is named from its symbol; else as the plan's other files are.
    return pdf_download(document, name=None if document.pk else exports.filename(plan, None, "pdf"))
