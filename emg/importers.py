"""Saving what a document's head says (emg.importing.header reads it): its meeting with the
sessions, and the document itself, linked to the version it revises. The apps' readers call
these for the records their documents share; the Group has no reader of its own."""

from __future__ import annotations

import re

from django.contrib.contenttypes.models import ContentType
from django.db import models

from emg.importing import ImportProblem, Summary
from emg.importing.header import REVISION, Header
from emg.models import Document, Entity, Meeting, Session


def save_meeting(header: Header, summary: Summary) -> Meeting | None:
    """The meeting the head names, with its host and sessions; None when it names none."""
    if not header.meeting_number:
        return None
    values = {}
    if header.host_acronym:
        values["host"] = summary.upsert(
            Entity, {"acronym": header.host_acronym}, defaults={"name": header.host_name}
        )
    known = Meeting.objects.filter(number=header.meeting_number).first()
    # A meeting without a title is shown by its number ("27th Senior Officials Meeting"); a head
    # that names it just so (the workspace's own printed documents) gives it nothing more.
    shown = known.ordinal_title if known else ""
    if header.meeting_title and (known is None or _fuller(header.meeting_title, shown)):
        values["title"] = header.meeting_title
    meeting = summary.upsert(Meeting, {"number": header.meeting_number}, values)
    for info in header.sessions:
        known = {
            name: getattr(info, name)
            for name in ("date", "start_time", "end_time", "time_zone", "venue", "online_platform")
            if getattr(info, name)
        }
        if info.online:
            known["online"] = True
        summary.upsert(Session, {"meeting": meeting, "segment": info.segment}, known)
    return meeting


def _fuller(title: str, than: str) -> bool:
    """Whether ``title`` names the meeting more fully than ``than``. Each document's head names
    its meeting its own way ("26th Senior Officials Meeting", "… of the United Nations Environment
    Management Group"); the fullest name wins, the first in alphabetical order between names as
    long, so the title is the same whichever document was imported first."""
    return (len(title), than) > (len(than), title)


def save_meeting_number(number: int, summary: Summary) -> Meeting:
    """A meeting a document only mentions ("the 15th senior officials meeting")."""
    return summary.upsert(Meeting, {"number": number})


def save_document(
    header: Header,
    *,
    kind: str,
    meeting: Meeting | None,
    source: models.Model,
    summary: Summary,
) -> Document:
    """The document row for an imported file: found by its meeting, symbol and kind, or, for
    documents without a symbol, by what it is the document of. A symbol is one document's: a
    symbol already given to another meeting's document or to another kind of document is
    refused (a later meeting's file carrying an earlier symbol over), never moved over."""
    source_type = ContentType.objects.get_for_model(source)
    line = header.title_line  # the head's fields are short pieces; the title can run long
    values = {
        "title": header.title,
        "kind": kind,
        "date": header.document_date,
        "distribution": header.distribution,
        "author_line": header.author_line,
        "meeting": meeting,
        "status": Document.Status.DRAFT if header.draft else Document.Status.FINAL,
        "source_type": source_type,
        "source_id": source.pk,
    }
    if header.language:
        values["language"] = header.language
    if header.symbol:
        taken = (
            Document.objects.filter(symbol__iexact=header.symbol)
            .exclude(meeting=meeting, kind=kind)
            .select_related("meeting")
            .first()
        )
        if taken is not None:
            raise ImportProblem(
                f"the symbol {header.symbol} is already the symbol of “{taken.title}” "
                f"({taken.get_kind_display()}, {taken.meeting or 'no meeting'}); is it the "
                "symbol of an earlier document left in this one?",
                line=header.symbol_line,
            )
        lookup = {"symbol": header.symbol, "meeting": meeting, "kind": kind}
        document = summary.upsert(Document, lookup, values, line=line)
    else:
        lookup = {"symbol": None, "kind": kind, "source_type": source_type, "source_id": source.pk}
        document = summary.upsert(Document, lookup, values, line=line)
    link_revisions(document, summary)
    return document


def link_revisions(document: Document, summary: Summary) -> None:
    """A "/Rev.1" supersedes the original (or the previous revision), whichever came first."""
    if not document.symbol:
        return
    match = REVISION.match(document.symbol)
    if match:
        number = int(match.group("number"))
        earlier = [f"{match.group('base')}/Rev.{n}" for n in range(number - 1, 0, -1)]
        for symbol in [*earlier, match.group("base")]:
            previous = Document.objects.filter(symbol__iexact=symbol).first()
            if previous:
                summary.upsert(Document, {"pk": document.pk}, {"supersedes": previous})
                break
    later = Document.objects.filter(
        symbol__iregex=rf"^{re.escape(document.symbol)}/Rev\.?\s*1$", supersedes__isnull=True
    ).first()
    if later:
        summary.upsert(Document, {"pk": later.pk}, {"supersedes": document})
