"""A meeting document as the UN lays it out: one HTML page, the same for the browser preview and
the PDF.

emg may not import the apps to its right, yet a document's content lives in them (a ToR in
mandates, a work plan in workplans, a progress report in progress). So each app keeps, in its own
``documents.py``, a renderer for the model it is the source of, registered with
``register_renderer(model, fn)`` (optionally for one ``Document.Kind`` only); the modules are found
the way the admin finds ``admin`` modules. A renderer takes the Document and its source and returns
``(template, context)``; the template extends ``documents/base.html``. With ``read=``, the app also
says how its sources are read when many documents are rendered at once (a meeting's pack): the
queryset, with what its renderer reads prefetched, that ``with_sources`` reads them with, so that a
pack of seven ToRs costs the queries of one.

A document with no renderer (an uploaded file, a source no app renders) shows its head alone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db import models
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from emg import selectors
from emg.models import Document, Meeting, MeetingReport
from emg.reports import report_text

Renderer = Callable[[Document, models.Model], tuple[str, dict]]

_renderers: dict[tuple[type[models.Model], str | None], Renderer] = {}
_source_reads: dict[type[models.Model], Callable[[], models.QuerySet]] = {}

BASE_TEMPLATE = "documents/base.html"


def register_renderer(
    model: type[models.Model],
    renderer: Renderer,
    *,
    kind: str | None = None,
    read: Callable[[], models.QuerySet] | None = None,
):
    """Render Documents whose source is a ``model`` (of ``kind``, or of any kind) with
    ``renderer``. Registering the same model and kind again replaces the earlier renderer.
    ``read``: the queryset of ``model`` that ``with_sources`` reads such sources with."""
    _renderers[model, kind] = renderer
    if read is not None:
        _source_reads[model] = read
    return renderer


def with_sources(documents: list[Document]) -> list[Document]:
    """``documents`` with their sources read for rendering: one query for each kind of source
    (and what its app's ``read`` prefetches), however many documents there are."""
    discover()
    reads = [read() for read in _source_reads.values()]
    prefetch_related_objects(documents, GenericPrefetch("source", reads))
    return documents


@functools.cache
def discover() -> None:
    """Import every app's ``documents`` module (which registers its renderers and DOCX
    builders), once a process: autodiscover_modules looks for the module on disk in every
    installed app each time it is asked, milliseconds of every document and pack page."""
    autodiscover_modules("documents")


def registered_for(registry: dict, document: Document):
    """What ``registry`` (by source model and document kind) holds for ``document``: for its
    source's model and its kind, else for the model and any kind; None without a source."""
    discover()
    if document.source_type_id is None:
        return None
    model = document.source_type.model_class()
    return registry.get((model, document.kind)) or registry.get((model, None))


def renderer_for(document: Document) -> Renderer | None:
    return registered_for(_renderers, document)


# A chain of revisions longer than this is a loop left by bad data, not an issue history.
MAX_REVISIONS = 99
REVISED_SYMBOL = re.compile(r"/Rev\.\d+\b")


def revision_number(document: Document) -> int:
    """How many documents ``document`` supersedes one after the other: 1 for "Rev.1"."""
    number, earlier = 0, document
    while earlier.supersedes_id is not None and number < MAX_REVISIONS:
        number += 1
        earlier = earlier.supersedes
    return number


def revision_mark(document: Document, *, revision: int | None = None, draft: bool = False) -> str:
    """What the head and the running header print after the symbol: "Rev.1" for a revision
    (unless the symbol says so already, as UN symbols do: "EMG/SOM.26/04/Rev.1"), "Draft" for
    a draft. ``revision``: the number when the source counts its own (a work plan's issues);
    ``draft``: the source is a draft, whatever the document's status."""
    marks = []
    revision = revision_number(document) if revision is None else revision
    if revision and not REVISED_SYMBOL.search(document.symbol or ""):
        marks.append(f"Rev.{revision}")
    if draft or document.status == Document.Status.DRAFT:
        marks.append(_("Draft"))
    return " · ".join(marks)


def document_html(document: Document) -> str:
    """The whole HTML page of ``document``: what the preview shows and what WeasyPrint prints.
    A renderer may give its own ``revision_mark`` (``revision_mark`` with its source's
    figures)."""
    renderer = renderer_for(document)
    source = document.source if renderer else None
    if renderer is None or source is None:
        template, context = BASE_TEMPLATE, {}
    else:
        template, context = renderer(document, source)
    if "revision_mark" not in context:
        context = {**context, "revision_mark": revision_mark(document)}
    return render_to_string(template, {**context, "document": document})


def agenda(document: Document, meeting: Meeting) -> tuple[str, dict]:
    """A meeting's provisional agenda: its sessions, then its items numbered as on the meeting's
    page, each with the documents presented under it."""
    documents = Document.objects.filter(meeting=meeting).order_by("symbol", "title", "pk")
    return "documents/agenda.html", {
        "meeting": meeting,
        "sessions": list(selectors.sessions_in_order().filter(meeting=meeting)),
        "items": selectors.meeting_agenda(meeting=meeting, documents=list(documents)),
    }


register_renderer(Meeting, agenda, kind=Document.Kind.AGENDA)


# The provisional annotated agenda. What an app to the right has to say under an item (the
# open action points addressed to it …) comes through register_agenda_annotation.

AgendaAnnotation = Callable[..., dict[int, list[str]]]
_agenda_annotations: list[AgendaAnnotation] = []


def register_agenda_annotation(annotation: AgendaAnnotation) -> AgendaAnnotation:
    """Have ``annotation(meeting=…, items=[AgendaItem, …])`` say what the annotated agenda
    prints under each item besides its own annotation: lines of text by agenda item pk. Call it
    from an app's ``documents`` module."""
    if annotation not in _agenda_annotations:
        _agenda_annotations.append(annotation)
    return annotation


def annotated_agenda(document: Document, meeting: Meeting) -> tuple[str, dict]:
    """A meeting's provisional annotated agenda: its sessions, then each item numbered as on
    the meeting's page with its annotation, what the apps add under it, the documents
    presented under it (symbol and title) and the action suggested to the Senior Officials."""
    discover()
    documents = (
        Document.objects.filter(meeting=meeting)
        .exclude(pk=document.pk)
        .filter(superseded_by__isnull=True)
        .order_by("symbol", "title", "pk")
    )
    items = selectors.meeting_agenda(meeting=meeting, documents=list(documents))
    extra: dict[int, list[str]] = {}
    for annotation in _agenda_annotations:
        found = annotation(meeting=meeting, items=[entry["item"] for entry in items])
        for pk, lines in found.items():
            extra.setdefault(pk, []).extend(lines)
    for entry in items:
        entry["extra"] = extra.get(entry["item"].pk, [])
    return "documents/annotated_agenda.html", {
        "meeting": meeting,
        "sessions": list(selectors.sessions_in_order().filter(meeting=meeting)),
        "items": items,
    }


register_renderer(Meeting, annotated_agenda, kind=Document.Kind.ANNOTATED_AGENDA)


def participants(document: Document, meeting: Meeting) -> tuple[str, dict]:
    """A meeting's list of participants: by session, then entity, each person with their
    title or function."""
    return "documents/participants.html", {
        "meeting": meeting,
        "groups": selectors.meeting_participants(meeting=meeting),
    }


register_renderer(Meeting, participants, kind=Document.Kind.PARTICIPANTS)


def meeting_report(document: Document, report: MeetingReport) -> tuple[str, dict]:
    """The report of a meeting, as its text reads (emg.reports): built from the data while a
    draft, as kept the day it was issued final after that."""
    return "documents/meeting_report.html", {"text": report_text(report)}


register_renderer(
    MeetingReport,
    meeting_report,
    read=lambda: MeetingReport.objects.select_related("meeting"),
)
