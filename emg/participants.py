"""A registration export read as a meeting's participants: a CSV or Excel (XLSX) file with a row
of headers, then one person a row. Only reading here; saving is emg.services.participants_import.

The headers are matched whatever their case and with the names registration systems commonly
use ("Full name", "Organization", "Position" …). Each row's session is named by its date (as
typed or an Excel date) or by its segment ("Senior officials' segment", "senior"); a meeting
of one session needs no session column. A row that cannot be read is reported with its line
number and why, and then none is saved: a half-imported list is worse than none.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from emg.models import Entity, Meeting, Participant, Session

# What each column may be called, lower-cased, spaces and punctuation reduced to one space.
HEADERS = {
    "name": {"name", "full name", "participant", "participant name", "delegate", "person"},
    "entity": {
        "entity",
        "organization",
        "organisation",
        "agency",
        "affiliation",
        "entity organization",
        "entity organisation",
    },
    "title": {"title", "function", "position", "job title", "title function", "designation"},
    "session": {"session", "segment", "date", "day", "meeting day", "session date"},
}
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%d/%m/%Y", "%d.%m.%Y")
MAX_ROWS = 5_000


@dataclass
class Registration:
    line: int
    name: str
    entity: Entity | None
    entity_name: str
    title: str
    session: Session


@dataclass
class Problem:
    line: int
    reason: str


class Unreadable(Exception):
    """The file as a whole cannot be read (not a CSV or XLSX, no header row …)."""


def _key(text) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", str(text or "").lower()).split())


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def table_of(name: str, content: bytes) -> list[list[str]]:
    """The file's rows as text cells: an XLSX's first sheet, else a CSV (UTF-8, a BOM or not;
    comma, semicolon or tab)."""
    if content[:2] == b"PK":
        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise Unreadable(_("This Excel file cannot be read.")) from exc
        sheet = book.worksheets[0]
        rows = [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
        return rows
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unreadable(
            _("The file is neither an Excel (XLSX) file nor a CSV file in UTF-8.")
        ) from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]


def _columns(header: list[str]) -> dict[str, int]:
    found = {}
    for position, text in enumerate(header):
        for column, names in HEADERS.items():
            if _key(text) in names and column not in found:
                found[column] = position
    return found


def _session_by(value: str, sessions: list[Session]) -> Session | None:
    day = None
    for pattern in DATE_FORMATS:
        try:
            day = datetime.datetime.strptime(" ".join(value.replace(",", " ").split()), pattern)
            break
        except ValueError:
            continue
    if day is not None:
        return next((s for s in sessions if s.date == day.date()), None)
    key = _key(value)
    for session in sessions:
        label = _key(session.get_segment_display())
        if key in (label, _key(session.segment), _key(session.segment).split(" ")[0]):
            return session
        if key and label.startswith(key):
            return session
    return None


def read_registrations(
    *, meeting: Meeting, name: str, content: bytes
) -> tuple[list[Registration], list[Problem]]:
    """The people the file registers for ``meeting``'s sessions, and the problems of the rows
    that cannot be read (line numbers as a spreadsheet shows them: the header is line 1)."""
    rows = table_of(name, content)
    header_line = next((n for n, row in enumerate(rows) if any(row)), None)
    if header_line is None:
        raise Unreadable(_("The file is empty."))
    columns = _columns(rows[header_line])
    if "name" not in columns:
        raise Unreadable(_('No column of names: the first row must name the columns, e.g. "Name".'))
    sessions = list(Session.objects.filter(meeting=meeting).order_by("date", "pk"))
    if not sessions:
        raise Unreadable(
            _("%(meeting)s has no session to register people for.") % {"meeting": meeting}
        )
    if "session" not in columns and len(sessions) > 1:
        raise Unreadable(
            _('%(meeting)s has several sessions: add a "Session" column (date or segment).')
            % {"meeting": meeting}
        )
    entities = list(Entity.objects.all())
    by_name = {_key(e.acronym): e for e in entities} | {_key(e.name): e for e in entities}
    body = rows[header_line + 1 :]
    if len(body) > MAX_ROWS:
        raise Unreadable(
            _("The file has %(count)s rows; at most %(limit)s are read at once.")
            % {"count": len(body), "limit": MAX_ROWS}
        )
    registrations, problems = [], []
    limits = {f: Participant._meta.get_field(f).max_length for f in ("name", "title")}

    def cell(row, column):
        position = columns.get(column)
        return row[position].strip() if position is not None and position < len(row) else ""

    for line, row in enumerate(body, start=header_line + 2):
        if not any(row):
            continue
        person, entity_name = cell(row, "name"), cell(row, "entity")
        title, session_text = cell(row, "title"), cell(row, "session")
        if not person:
            problems.append(Problem(line, _("no name")))
            continue
        too_long = [
            column
            for column, text in (("name", person), ("title", title), ("entity", entity_name))
            if len(text) > limits.get(column, limits["name"])
        ]
        if too_long:
            problems.append(
                Problem(line, _("the %(column)s is too long") % {"column": too_long[0]})
            )
            continue
        if session_text:
            session = _session_by(session_text, sessions)
        else:
            session = sessions[0] if len(sessions) == 1 else None
        if session is None:
            problems.append(
                Problem(
                    line,
                    _("no session of %(meeting)s is “%(session)s”")
                    % {"meeting": meeting, "session": session_text}
                    if session_text
                    else _("no session given"),
                )
            )
            continue
        registrations.append(
            Registration(
                line=line,
                name=person,
                entity=by_name.get(_key(entity_name)) if entity_name else None,
                entity_name=entity_name,
                title=title,
                session=session,
            )
        )
    return registrations, problems
