"""A document as its reader downloads it: the PDF, printed once per content of its HTML page (the
pack's parts, emg.packs.build) and served from that file until an edit changes what it shows, or
the Word file laid out as it prints (emg.docx); each named from the document's symbol or title.

An unsaved Document prints too: a ToR, a work plan or a draft report that no meeting document
publishes yet, under its own title (emg.selectors.publishing_or_own)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from emg.docx import document_docx, docx_filename
from emg.files import CONTENT_TYPES, DOCX, PDF, file_stem
from emg.models import Document
from emg.packs.build import document_part


def document_pdf(document: Document) -> bytes:
    part = document_part(document)
    try:
        with part.file.open("rb") as handle:
            return handle.read()
    except FileNotFoundError as exc:  # removed in the instant since: printed again next time
        raise Http404(_("This document's PDF is missing; try again.")) from exc


def _attachment(content: bytes, kind: str, name: str) -> HttpResponse:
    return HttpResponse(
        content,
        content_type=CONTENT_TYPES[kind],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def pdf_download(document: Document, *, name: str | None = None) -> HttpResponse:
    """``document``'s PDF, as ``name`` or named from its symbol or title."""
    name = name or f"{file_stem(document.symbol or document.title)}.pdf"
    return _attachment(document_pdf(document), PDF, name)


def docx_download(document: Document) -> HttpResponse:
    return _attachment(document_docx(document).bytes(), DOCX, docx_filename(document))
