"""Reading legacy progress reports ("Mid-Term Progress Report, Note by the Secretariat") into
sections, bodies and rows, before anything is saved (progress/importers.py saves them).

After the head, a report groups the bodies that report under roman-numbered sections ("I. …");
each body ("a) Consultative Process on …", "b. The IMG on …") has a table whose rows are
Task | Progress | Next steps, one cell per tab. A progress cell holds one or more items, each
starting with a status word ("Completed:", "On-going:", "Not yet started.").

The tables come from Word documents cut at page breaks, so one task may run over several text
rows: a row with no task, or whose progress does not start with a status word, carries on the row
above. Separator rows ("---\t--\t--"), blank lines and a header row repeated after a page break
are not rows.

Status words the reader does not know: inside a cell that has a known status, a paragraph such as
"Delayed: …" is text of the item before it. A cell with no known status at all is refused when it
would begin a task: the first row of a table, or a row with a task whose progress starts like a
status ("Delayed: …"); anything else there is the row above carried over a page break.

The whole report is read here before anything is saved, so most reports the importer cannot read
are refused before anything is written (and the rest is rolled back by the importer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from emg import numbering
from emg.importing import ImportProblem, Source
from emg.importing.header import Header
from emg.importing.text import strip_markup
from progress.importing.cells import (
    KNOWN_STATUSES,
    STATUS_LIKE,
    carry_on,
    cell_paragraphs,
    read_status,
)
from progress.models import Status

SECTION = re.compile(r"^(?P<numeral>[IVX]+)\.\s+(?P<title>\S.*)$")
BODY = re.compile(r"^\(?(?P<letter>[a-z]{1,2})[.)]\s+(?P<name>\S.*)$")
COLUMNS = (r"tasks?", r"progress", r"next\s+steps?")
SEPARATOR = re.compile(r"^[\s|:=_\-\u2013\u2014]*-[\s|:=_\-\u2013\u2014]*$")


@dataclass
class Item:
    status: Status
    paragraphs: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass
class Row:
    line: int  # where the row starts
    task: list[str]
    items: list[Item]
    next_steps: list[str]

    @property
    def text(self) -> str:
        return "\n\n".join(self.task)


@dataclass
class Body:
    line: int
    name: str
    header_line: int | None = None
    rows: list[Row] = field(default_factory=list)


@dataclass
class Section:
    line: int
    title: str
    bodies: list[Body] = field(default_factory=list)


def _cells(line: str) -> list[str]:
    return line.rstrip("\r\n").split("\t")


def _is_header_row(cells: list[str]) -> bool:
    words = [strip_markup(cell).lower() for cell in cells]
    while words and not words[-1]:
        words.pop()
    return len(words) == len(COLUMNS) and all(
        re.fullmatch(column, word) for column, word in zip(COLUMNS, words, strict=True)
    )


def _read_items(cell: str) -> tuple[list[str], list[Item]]:
    """The paragraphs before the first status word (the tail of the row above, after a page
    break) and the items. A paragraph without a status word belongs to the item before it."""
    lead: list[str] = []
    items: list[Item] = []
    for paragraph in cell_paragraphs(cell):
        found = read_status(paragraph)
        if found:
            status, text = found
            items.append(Item(status, [text] if text else []))
        elif items:
            items[-1].paragraphs.append(paragraph)
        else:
            lead.append(paragraph)
    return lead, items


def _add_row(body: Body, number: int, cells: list[str]) -> None:
    task = cell_paragraphs(cells[0])
    lead, items = _read_items(cells[1])
    next_steps = cell_paragraphs(cells[2])
    if task and not lead and items:
        body.rows.append(Row(number, task, items, next_steps))
        return
    if task and items == [] and lead and (unknown := STATUS_LIKE.match(lead[0])):
        # The cell has no status we know, and starts the way a status would: refusing is safer
        # than folding what is probably a new task into the one above.
        raise ImportProblem(
            f"“{unknown.group('word')}” is not a status the importer knows ({KNOWN_STATUSES})",
            line=number,
        )
    if not body.rows:
        if not task:
            problem = f"the first row of the table of “{body.name}” has no task"
        else:
            problem = (
                f"the progress of the first task of “{body.name}” does not start with a status "
                f"({KNOWN_STATUSES})"
            )
        raise ImportProblem(problem, line=number)
    row = body.rows[-1]
    carry_on(row.task, task)
    if lead and row.items:
        carry_on(row.items[-1].paragraphs, lead)
    row.items.extend(items)
    carry_on(row.next_steps, next_steps)


def read_report(source: Source, start: int) -> list[Section]:
    """The sections, bodies and rows of the report from line ``start`` (where the head ends)."""
    sections: list[Section] = []
    body: Body | None = None
    previous_was_row = False
    for number, raw in source.numbered(start):
        line = raw.strip()
        if not line:
            previous_was_row = False
            continue
        cells = _cells(raw)
        if "\t" in raw or SEPARATOR.match(line):
            if SEPARATOR.match(strip_markup(" ".join(cells))):
                previous_was_row = False
                continue
            if body is None:
                raise ImportProblem(
                    "a table row before any body heading (such as “a) Task Team on …”)",
                    line=number,
                )
            if _is_header_row(cells):
                body.header_line = body.header_line or number  # repeated after a page break
                previous_was_row = False
                continue
            if body.header_line is None:
                raise ImportProblem(
                    f"a table row under “{body.name}” before the table's header row "
                    "(Tasks, Progress, Next steps)",
                    line=number,
                )
            while len(cells) > len(COLUMNS) and not cells[-1].strip():
                cells.pop()
            if len(cells) != len(COLUMNS):
                raise ImportProblem(
                    f"this table row has {len(cells)} cells where the table has "
                    f"{len(COLUMNS)} (Tasks, Progress, Next steps); was the row cut in half?",
                    line=number,
                )
            _add_row(body, number, cells)
            previous_was_row = True
            continue
        text = strip_markup(line)
        if (match := SECTION.match(text)) and numbering.is_roman(match.group("numeral")):
            _finish(body)
            body = None
            sections.append(Section(number, match.group("title").strip()))
            continue
        if match := BODY.match(text):
            if not sections:
                raise ImportProblem(
                    "a body heading before any section heading (such as “I. …”)", line=number
                )
            _finish(body)
            section = sections[-1]
            if section.bodies and numbering.from_letters(match.group("letter")) == 1:
                raise ImportProblem(
                    f"the bodies start again at “{match.group('letter')}” without a section "
                    "heading (such as “II. …”) before them",
                    line=number,
                )
            body = Body(number, match.group("name").strip())
            section.bodies.append(body)
            continue
        if previous_was_row:
            raise ImportProblem(
                "this line carries on the table row above without tab-separated cells; "
                "was the row cut in half?",
                line=number,
            )
        # Prose outside the tables (the introduction, a closing note) has nowhere to go in a
        # reporting round; the tables are what the report records.
    _finish(body)
    if not any(section.bodies for section in sections):
        raise ImportProblem(
            "the report has no section (“I. …”) with a body and its table of tasks", line=start
        )
    return sections


def _finish(body: Body | None) -> None:
    if body is not None and not body.rows:
        raise ImportProblem(
            f"“{body.name}” has no table of tasks (Tasks, Progress, Next steps)", line=body.line
        )


def round_title(header: Header) -> str:
    """The document's title, said for which meeting unless it says so already."""
    number = header.meeting_number
    if re.search(rf"\b(?:SOM\s*\.?\s*{number}|{number}\s*(?:st|nd|rd|th))\b", header.title, re.I):
        return header.title
    return f"{header.title}, {numbering.ordinal(number)} Senior Officials Meeting"


def score(source: Source) -> int:
    """How much ``source`` looks like a progress report: its tables' header rows (Tasks,
    Progress, Next steps) and rows whose progress starts with a status; 0 without a header."""
    headers = rows = 0
    for _, line in source.numbered():
        cells = _cells(line)
        if len(cells) < len(COLUMNS):
            continue
        if _is_header_row(cells):
            headers += 1
        elif (progress := cell_paragraphs(cells[1])) and read_status(progress[0]):
            rows += 1
    return 10 * headers + rows if headers else 0
