"""The progress report of a round, laid out as the SOM 26 mid-term report: organisation header,
meeting and session, symbol, date, distribution, title, "Note by the Secretariat", then sections
I., II. … with, per body (a), b) …), a table Tasks | Progress | Next steps whose progress items
each start with their status words.

``report_context(round)`` gathers what the template ``progress/report/document.html`` prints: the
browser's page, the printed document (progress/documents.py) and its Word file read the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from emg import numbering
from emg.models import Document
from mandates.models import Mandate
from progress.models import ReportingRound, ReportSection, Task, Update, UpdateItem
from progress.pictures import report_summary


@dataclass
class Row:
    task: Task
    update: Update | None
    items: list[UpdateItem]

    @property
    def accepted(self) -> bool:
        return self.update is not None and self.update.state == Update.State.ACCEPTED


@dataclass
class Body:
    label: str
    mandate: Mandate
    rows: list[Row] = field(default_factory=list)


@dataclass
class Part:
    label: str
    title: str
    bodies: list[Body] = field(default_factory=list)
    numbered: bool = False  # a section of the round's; not the tasks in none


def report_document(report_round: ReportingRound) -> Document | None:
    """The meeting document that publishes the round's report, if one is recorded."""
    return (
        Document.objects.filter(
            source_type=ContentType.objects.get_for_model(ReportingRound),
            source_id=report_round.pk,
        )
        .order_by("pk")
        .first()
    )


def report_context(report_round: ReportingRound, *, include_unaccepted: bool = False) -> dict:
    """What the report prints. Only accepted updates, unless ``include_unaccepted`` (the
    secretariat's preview), where the rows not yet accepted are marked."""
    round_ = ReportingRound.objects.select_related("meeting", "session").get(pk=report_round.pk)
    tasks = (
        Task.objects.filter(round=round_)
        .select_related("mandate", "section", "update")
        .prefetch_related(Prefetch("update__items", queryset=UpdateItem.objects.order_by("order")))
        .order_by("section__order", "order")
    )
    if not include_unaccepted:
        tasks = tasks.filter(update__state=Update.State.ACCEPTED)
    parts: list[Part] = []
    by_section: dict[int | None, Part] = {}
    sections = list(ReportSection.objects.filter(round=round_).order_by("order"))
    for section in sections:
        part = Part("", section.title, numbered=True)
        parts.append(part)
        by_section[section.pk] = part
    for task in tasks:
        part = by_section.get(task.section_id)
        if part is None:
            part = by_section[None] = Part("", _("Tasks in no section"))
            parts.append(part)
        # A body's place is that of its first task.
        body = next((b for b in part.bodies if b.mandate.pk == task.mandate_id), None)
        if body is None:
            label = numbering.label(ReportSection.BODY_PATTERN, len(part.bodies) + 1)
            body = Body(label, task.mandate)
            part.bodies.append(body)
        update = getattr(task, "update", None)
        items = list(update.items.all()) if update is not None else []
        body.rows.append(Row(task, update, items))
    # Numbered among the sections the report prints: one with nothing accepted yet is left out
    # and takes no number, so the first printed is always "I.".
    parts = [part for part in parts if part.bodies]
    numbered = (part for part in parts if part.numbered)
    for position, part in enumerate(numbered, start=1):
        part.label = numbering.label(ReportSection.NUMBER_PATTERN, position)
    document = report_document(round_)
    session = round_.session
    return {
        "round": round_,
        "meeting": round_.meeting,
        "session": session,
        "document": document,
        "title": document.title if document else round_.title,
        "symbol": document.symbol if document else "",
        "date": (document.date if document and document.date else None)
        or (session.date if session else None),
        "distribution": document.distribution if document else "",
        "author_line": (document.author_line if document else "") or _("Note by the Secretariat"),
        "parts": parts,
        # The status summary drawn from the parts: only what the report shows its reader.
        "summary": report_summary(round_, parts),
        "preview": include_unaccepted,
    }
