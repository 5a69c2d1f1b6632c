"""The report of a meeting (emg.models.MeetingReport) as it reads: its text, built from the data.

The text is plain data (strings, lists and dicts), numbered as the UN report numbers it:
sections "I.", "II." … (the opening, the sessions, who attended them from the list of
participants, one per agenda item with its summary, what other apps add, the closing), a
section left out when it has nothing to say. The same text is what the page, the PDF and the
Word file show. While the report is a draft or circulated for comment it is built afresh from
the data each time; the day it is issued final it is kept (``MeetingReport.final_text``) and
from then on the report prints that, whatever changes since.

emg may not import the apps to its right, yet the decisions adopted at a meeting live in
mandates: an app adds a section with ``register_report_section``, in its ``documents`` module
(found by ``discover``). Its function takes the meeting and returns the section's
groups, each a label and title ("A.", "IMG on biodiversity"), a lead ("The Senior Officials:")
and labelled paragraphs nested as deep as they go::

    [{"label": "A.", "title": "IMG on biodiversity", "lead": "The Senior Officials:",
      "paragraphs": [{"label": "a)", "text": "Endorse …", "paragraphs": []}]}]

or an empty list when there is nothing to report.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from emg import numbering
from emg.models import ItemSummary, Meeting, MeetingReport
from emg.selectors import meeting_participants, sessions_in_order

# Sections as the report numbers them: I., II. …
SECTION_PATTERN = "{I}."


@dataclass(frozen=True)
class ReportSection:
    key: str
    title: Callable[[], str]  # called when the text is built, in the language of the day
    groups: Callable[[Meeting], list[dict]]
    order: int


_sections: dict[str, ReportSection] = {}


def register_report_section(
    key: str, *, title: Callable[[], str], groups: Callable[[Meeting], list[dict]], order: int
) -> None:
    """Add a section to every report of a meeting, after the agenda items and before the
    closing, in ``order``. Registering ``key`` again replaces it."""
    _sections[key] = ReportSection(key, title, groups, order)


@functools.cache
def discover() -> None:
    """Import every app's ``documents`` module, where apps register their sections (as
    emg.documents.discover does for renderers; that module imports this one)."""
    autodiscover_modules("documents")


def _session_line(session) -> str:
    parts = [str(session.get_segment_display())]
    if session.date:
        parts.append(date_format(session.date, "j F Y"))
    if session.start_time and session.end_time:
        parts.append(f"{session.start_time:%H:%M}\u2013{session.end_time:%H:%M}")
    if session.place:
        parts.append(str(session.place))
    return ", ".join(parts)


def _attendance_line(group: dict) -> str:
    """Who attended a session, as the report says it: how many, and from which entities."""
    entities = [entry["entity"] for entry in group["entities"]]
    return ngettext(
        "%(session)s: %(count)s participant, from %(entities)s.",
        "%(session)s: %(count)s participants, from %(entities)s.",
        group["count"],
    ) % {
        "session": _session_line(group["session"]),
        "count": group["count"],
        "entities": "; ".join(entities),
    }


def _paragraphs(text: str) -> list[str]:
    return [paragraph.strip() for paragraph in text.split("\n\n") if paragraph.strip()]


def report_text(report: MeetingReport) -> dict:
    """The report's text as it reads now: what is kept when it is final, else built from the
    data (a handful of queries, whatever the meeting's size)."""
    if report.is_final and report.final_text is not None:
        return report.final_text
    return build_report_text(report)


def build_report_text(report: MeetingReport) -> dict:
    discover()
    meeting = report.meeting
    sessions = list(sessions_in_order().filter(meeting=meeting))
    summaries = {
        summary.agenda_item_id: summary.text
        for summary in ItemSummary.objects.filter(report=report)
    }
    sections = []

    def add(title: str, paragraphs: list[str], groups: list[dict] | None = None, **extra):
        if not paragraphs and not groups:
            return
        number = numbering.label(SECTION_PATTERN, len(sections) + 1)
        sections.append(
            {"number": number, "title": title, "paragraphs": paragraphs, "groups": groups or []}
            | extra
        )

    add(_("Opening of the meeting"), _paragraphs(report.opening))
    add(_("Sessions"), [_session_line(session) for session in sessions])
    add(
        _("Attendance"),
        [_attendance_line(group) for group in meeting_participants(meeting=meeting)],
    )
    for position, item in enumerate(meeting.agenda_items.order_by("order"), start=1):
        add(
            _("Agenda item %(number)s: %(title)s") % {"number": position, "title": item.title},
            _paragraphs(summaries.get(item.pk, "")),
            agenda_item=item.pk,
        )
    for section in sorted(_sections.values(), key=lambda section: section.order):
        add(str(section.title()), [], section.groups(meeting))
    add(_("Closing of the meeting"), _paragraphs(report.closing))
    return {
        "meeting": meeting.ordinal_title,
        "sessions": [_session_line(session) for session in sessions],
        "sections": sections,
    }
