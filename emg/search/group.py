"""The Group's own search sources: meetings and documents, with the text of uploaded PDF and Word
files. Everyone with a role reads them (emg.rules), so everyone finds them."""

from __future__ import annotations

import io
import logging

from django.db.models import Min
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from emg import search
from emg.files import DOCX, PDF, WORD_KINDS, stored_kind
from emg.importing.word import WordProblem, read_word
from emg.models import AgendaItem, ConvertedFile, Document, Meeting, Session

logger = logging.getLogger(__name__)


def _meetings():
    return Meeting.objects.annotate(first_day=Min("sessions__date")).prefetch_related(
        "agenda_items"
    )


@search.source(
    "meeting",
    label=_("Meetings"),
    model=Meeting,
    queryset=_meetings,
    follows={
        Session: lambda session: [session.meeting_id],
        AgendaItem: lambda item: [item.meeting_id],
    },
    order=10,
)
def meeting_entry(meeting: Meeting) -> search.Entry:
    return search.Entry(
        title=f"{meeting} · {meeting.ordinal_title}",
        url=reverse("meetings:detail", args=[meeting.number]),
        year=meeting.first_day.year if meeting.first_day else None,
        headings=search.joined(item.title for item in meeting.agenda_items.all()),
    )


def _documents():
    return Document.objects.select_related("meeting").annotate(
        first_day=Min("meeting__sessions__date")
    )


@search.source(
    "document",
    label=_("Documents"),
    model=Document,
    queryset=_documents,
    # A Word file's converted PDF is read for the text of .doc, .odt and .rtf files.
    follows={
        ConvertedFile: lambda converted: Document.objects.filter(
            file_hash=converted.content_hash
        ).values_list("pk", flat=True)
    },
    order=20,
)
def document_entry(document: Document) -> search.Entry:
    if document.file and document.meeting_id:
        url = reverse("meetings:document_download", args=[document.meeting.number, document.pk])
    elif document.source_id is None and document.meeting_id:
        url = reverse("meetings:detail", args=[document.meeting.number])
    else:
        url = reverse("documents:preview", args=[document.pk])
    day = document.date or document.first_day
    return search.Entry(
        title=document.title,
        symbol=document.symbol or "",
        url=url,
        year=day.year if day else None,
        headings=search.joined([document.author_line, document.distribution]),
        body=file_text(document),
    )


def file_text(document: Document) -> str:
    """The text of the document's uploaded file: a PDF's, a Word (.docx) file's, or the PDF an
    older Word format was converted to (emg.conversions) once it is; "" for none, or for a file
    that cannot be read (it is still found by its title and symbol)."""
    if not document.file:
        return ""
    kind = stored_kind(document.file)
    try:
        if kind == PDF:
            return _pdf_text(_read(document.file))
        if kind == DOCX:
            return search.joined(read_word(_read(document.file)).lines)
        if kind in WORD_KINDS:
            converted = ConvertedFile.objects.filter(
                content_hash=document.file_hash, status=ConvertedFile.Status.READY
            ).first()
            return _pdf_text(_read(converted.file)) if converted and converted.file else ""
    except (OSError, PyPdfError, WordProblem, ValueError, KeyError) as problem:
        logger.warning("Document %s: its file's text could not be read: %s", document.pk, problem)
    return ""


def _read(stored) -> bytes:
    with stored.open("rb") as handle:
        return handle.read()


def _pdf_text(data: bytes) -> str:
    texts, length = [], 0
    for page in PdfReader(io.BytesIO(data)).pages:
        text = page.extract_text() or ""
        texts.append(text)
        length += len(text)
        if length >= search.MAX_BODY:
            break
    return search.joined(texts)
