"""Reading legacy progress reports ("Mid-Term Progress Report, Note by the Secretariat").

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

The reader builds the whole report in memory first and saves it afterwards, so most reports it
cannot read are refused before anything is written (and the rest is rolled back by the importer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from emg import numbering
from emg.importers import save_document, save_meeting
from emg.importing import ImportProblem, Reader, Source, Summary, register
from emg.importing.header import Header, parse_header
from emg.importing.text import paragraphs, strip_markup
from emg.models import Document, Meeting, Session
from mandates.services import mandate_resolve
from progress.models import ReportingRound, ReportSection, Status, Task, Update, UpdateItem

# How reports write each status. Hyphens, spaces around "/" and capitals vary; the words do not.
STATUS_WORDS: dict[str, Status] = {
    "completed": Status.COMPLETED,
    "ongoing": Status.ONGOING,
    "on-going": Status.ONGOING,
    "on going": Status.ONGOING,
    "ongoing/postponed": Status.ONGOING_POSTPONED,
    "on-going/postponed": Status.ONGOING_POSTPONED,
    "postponed": Status.ONGOING_POSTPONED,
    "not yet started": Status.NOT_STARTED,
    "not started": Status.NOT_STARTED,
}
KNOWN_STATUSES = "Completed, Ongoing, Ongoing/postponed, Not yet started"


def _spelling(word: str) -> str:
    return re.escape(word).replace(r"\ ", r"\s+").replace("/", r"\s*/\s*")


# A status word counts only when it stands alone: "Ongoing: …", "Ongoing.", "Ongoing – …" or the
# whole paragraph. "Ongoing discussions with FAO …" is a sentence, not a status.
_STATUS = re.compile(
    r"^(?P<word>"
    + "|".join(_spelling(w) for w in sorted(STATUS_WORDS, key=len, reverse=True))
    + r")(?:\s*[:.]\s*|\s+[-\u2013\u2014]\s+|\s*$)",
    re.IGNORECASE,
)
# What a status would look like if the report used one we do not know ("Delayed: …").
_STATUS_LIKE = re.compile(r"^(?P<word>[A-Z][A-Za-z-]*(?:[ /][A-Za-z-]+){0,2})\s*:")


def read_status(text: str) -> tuple[Status, str] | None:
    """The status a progress paragraph starts with and the text after it, or None."""
    match = _STATUS.match(text)
    if not match:
        return None
    word = re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", match.group("word").lower()))
    return STATUS_WORDS[word], text[match.end() :].strip()


SECTION = re.compile(r"^(?P<numeral>[IVX]+)\.\s+(?P<title>\S.*)$")
BODY = re.compile(r"^\(?(?P<letter>[a-z]{1,2})[.)]\s+(?P<name>\S.*)$")
COLUMNS = (r"tasks?", r"progress", r"next\s+steps?")
SEPARATOR = re.compile(r"^[\s|:=_\-\u2013\u2014]*-[\s|:=_\-\u2013\u2014]*$")

# Lists inside a cell: "<ol> 1) … 2) …" (often never closed) or <ul>/<ol> with <li> items.
_LIST = re.compile(r"<(?P<kind>ol|ul)\b[^>]*>(?P<body>.*?)(?:</(?P=kind)\s*>|$)", re.I | re.S)
_LIST_ITEM = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_NUMBERED = re.compile(r"(?<!\S)(?=\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})\)\s)")
_BULLETED = re.compile(r"(?<!\S)(?=[-\u2022\u25aa\u25e6\u00b7]\s)")
_HELD = "\x00list{}\x00"


def _list_lines(kind: str, body: str) -> list[str]:
    if _LIST_ITEM.search(body):
        lines = [strip_markup(part) for part in _LIST_ITEM.split(body)[1:]]
        lines = [line for line in lines if line]
        if kind.lower() == "ol":
            return [
                line if _NUMBERED.match(line) else f"{number}) {line}"
                for number, line in enumerate(lines, start=1)
            ]
        return [line if _BULLETED.match(line) else f"\u2022 {line}" for line in lines]
    splitter = _NUMBERED if kind.lower() == "ol" else _BULLETED
    return [line for line in (strip_markup(part) for part in splitter.split(body)) if line]


def cell_paragraphs(cell: str) -> list[str]:
    """The paragraphs of a table cell. A list stays in the paragraph before it, a line per
    list item, because it finishes that paragraph's sentence ("… postponed: 1) … 2) …")."""
    lists: list[list[str]] = []

    def hold(match: re.Match) -> str:
        lists.append(_list_lines(match.group("kind"), match.group("body")))
        return f"<p>{_HELD.format(len(lists) - 1)}</p>"

    result: list[str] = []
    for paragraph in paragraphs(_LIST.sub(hold, cell)):
        held = re.fullmatch(_HELD.format(r"(\d+)"), paragraph)
        if not held:
            result.append(paragraph)
            continue
        lines = "\n".join(lists[int(held.group(1))])
        if not lines:
            continue
        if result:
            result[-1] = f"{result[-1]}\n{lines}"
        else:
            result.append(lines)
    return result


def _ends_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?:;][\"'”’)\]]*$", text))


def carry_on(paragraphs_: list[str], more: list[str]) -> None:
    """Append ``more`` to ``paragraphs_`` the way the text reads across a page break: a
    sentence cut in the middle is joined with a space, anything else is a new paragraph."""
    if not more:
        return
    first, *rest = more
    if paragraphs_ and (not _ends_sentence(paragraphs_[-1]) or first[:1].islower()):
        paragraphs_[-1] = f"{paragraphs_[-1]} {first}"
    else:
        paragraphs_.append(first)
    paragraphs_.extend(rest)


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
    if task and items == [] and lead and (unknown := _STATUS_LIKE.match(lead[0])):
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
        if "\t" in line or SEPARATOR.match(line):
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


@register
class ProgressReportReader(Reader):
    kind = "progress report"

    def score(self, source: Source) -> int:
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

    def load(self, source: Source, summary: Summary) -> None:
        header = parse_header(source)
        sections = read_report(source, header.end_line)
        meeting = save_meeting(header, summary)
        if meeting is None:
            raise ImportProblem(
                "the report does not say which Senior Officials Meeting it is for",
                line=header.title_line or 1,
            )
        report_round = _save_round(header, meeting, summary)
        _save_sections(report_round, sections, summary)
        save_document(
            header,
            kind=Document.Kind.PROGRESS_REPORT,
            meeting=meeting,
            source=report_round,
            summary=summary,
        )


def _save_round(header: Header, meeting: Meeting, summary: Summary) -> ReportingRound:
    # One round per meeting and session: the mid-term report and the report to the SOM itself
    # are different rounds of the same meeting.
    session = None
    if header.sessions:
        session = Session.objects.get(meeting=meeting, segment=header.sessions[0].segment)
    return summary.upsert(
        ReportingRound,
        {"meeting": meeting, "session": session},
        {"title": round_title(header), "state": ReportingRound.State.CLOSED},
        defaults={"opens_on": None, "deadline": None},
    )


def _save_sections(report_round: ReportingRound, sections: list[Section], summary: Summary):
    kept_sections, kept_tasks = [], []
    for section_order, section in enumerate(sections, start=1):
        report_section = summary.upsert(
            ReportSection,
            {"round": report_round, "order": section_order},
            {"title": section.title},
            line=section.line,
        )
        kept_sections.append(report_section)
        for body in section.bodies:
            mandate = mandate_resolve(name=body.name, summary=summary)
            if mandate is None:
                raise ImportProblem(
                    f"“{body.name}” does not name a kind of body (Issue Management Group, "
                    "Task Team, Consultative Process, Coalition …)",
                    line=body.line,
                )
            for row in body.rows:
                task = summary.upsert(
                    Task,
                    {"round": report_round, "order": len(kept_tasks) + 1},
                    {"section": report_section, "mandate": mandate, "text": row.text},
                    line=row.line,
                )
                kept_tasks.append(task)
                _save_update(task, row, summary)
    summary.prune(report_round.tasks.all(), kept_tasks)
    summary.prune(report_round.sections.all(), kept_sections)


def _save_update(task: Task, row: Row, summary: Summary) -> None:
    # What the report says was reviewed and published: imported updates are accepted, with no
    # author in this application.
    update = summary.upsert(
        Update,
        {"task": task},
        {"state": Update.State.ACCEPTED, "next_steps": "\n\n".join(row.next_steps)},
        line=row.line,
    )
    kept = [
        summary.upsert(
            UpdateItem,
            {"update": update, "order": order},
            {"status": item.status, "text": item.text},
            line=row.line,
        )
        for order, item in enumerate(row.items, start=1)
    ]
    summary.prune(update.items.all(), kept)
