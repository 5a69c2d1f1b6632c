"""Reading a work plan document into plain data, before anything is saved.

A work plan is a head (the SOM, the symbol, the title), an introduction, footnotes, and one table:
expected outcome | activities (and milestones) | schedule, its header row repeated after each page
break. The outcome column either holds a lettered heading row followed by a statement row ("A.
Programmatic issues", then "Enhanced coherence …") or repeats a numbered outcome on every activity
row ("I. Enhanced coherence in programming"). An outcome is known by its text: the numerals the
document types are not trusted, since legacy plans mislabel them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from emg.importing import ImportProblem, Source
from emg.importing.header import REVISION, Header, find_body_start, parse_header
from emg.importing.text import ORDINAL, SUPERSCRIPT_DIGITS, ordinal_value, strip_markup
from emg.numbering import is_roman
from emg.schedules import Schedule, ScheduleSyntaxError, parse_schedules
from mandates.matching import read_body_name
from workplans.importing.cells import (
    BULLET,
    NUMBER,
    TEXT,
    Item,
    LabelState,
    blocks,
    split_cell,
    split_title,
)
from workplans.models import Activity, Footnote, WorkPlan

FOOTNOTE_LINE = re.compile(r"^\s*(?P<mark>[¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*(?P<text>\S.*)$")
# A note that says the words it is attached to, as the workspace prints its notes.
NOTE_ANCHOR = re.compile(r"^\(to [“\"](?P<anchor>[^”\"]+)[”\"]\)\s*(?P<text>\S.*)$")
_MARKS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
OUTCOME_COLUMN = re.compile(r"^expected\s+(?:outcome|accomplishment|result)s?\b", re.IGNORECASE)
ACTIVITIES_COLUMN = re.compile(r"\bactivit(?:y|ies)\b", re.IGNORECASE)
SCHEDULE_COLUMN = re.compile(
    r"\b(?:schedule|timeline|time\s*frame|timing|deadline)s?\b", re.IGNORECASE
)
SEPARATOR_CELL = re.compile(r"^[-–—_=\s]*$")
# Lines of a page's foot or head that may fall between table rows.
PAGE_FURNITURE = re.compile(r"^(?:DRAFT|\d{1,3}|Page\s+\d+(?:\s+of\s+\d+)?)$", re.IGNORECASE)
INTRODUCTION = re.compile(r"^Introduction\s*:?$", re.IGNORECASE)
# The heading over the notes after the table, as the workspace's own Word files write it.
NOTES_HEADING = re.compile(r"^(?:Notes|Footnotes)\s*:?$", re.IGNORECASE)
# A milestone's schedule on a line of its own in the Schedule cell, after the milestone's label.
SCHEDULE_LABEL = re.compile(r"^\(?(?P<label>[a-z]{1,4})\)\s+(?P<text>\S.*)$")
PARAGRAPH_NUMBER = re.compile(r"^\d{1,2}\.\s+")
OUTCOME_LABEL = re.compile(r"^(?P<label>[A-Z]|[IVXL]+)\.\s+(?P<text>\S.*)$")
PERIOD = re.compile(
    r"\b(?P<start>(?:19|20)\d\d)\s*(?:[-\u2010-\u2015/]|\bto\b|\band\b)\s*"
    r"(?P<end>(?:19|20)\d\d|\d\d)\b"
)
# A plan for one year ("work plan 2019", "work plan for 2019", "2019 work plan").
ONE_YEAR = re.compile(
    r"\bwork\s*plan\s+(?:for\s+(?:the\s+year\s+)?)?(?P<year>(?:19|20)\d\d)\b"
    r"|\b(?P<before>(?:19|20)\d\d)\s+work\s*plan\b",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
SOM = re.compile(
    rf"(?P<ordinal>{ORDINAL})\s+(?:(?:EMG|Environment\s+Management\s+Group)\s+)?"
    r"(?:meeting\s+of\s+the\s+(?:(?:EMG|Environment\s+Management\s+Group)\s+)?senior\s+officials"
    r"|senior\s+officials[’']?\s+meeting|SOM)\b"
    r"|\bSOM\s*\.?\s*(?P<number>\d{1,3})\b",
    re.IGNORECASE,
)
APPROVED = re.compile(r"\b(?:approved|adopted|endorsed)\s+(?:by|at)\b", re.IGNORECASE)
PRESENTED = re.compile(
    r"\b(?:presented|submitted|proposed)\s+(?:to|for)\b"
    r"|\bsubject\s+to\s+(?:the\s+)?(?:approval|adoption)\s+(?:by|of|at)\b"
    r"|\bfor\s+(?:consideration|approval|adoption)\s+(?:by|at)\b",
    re.IGNORECASE,
)
PROPOSED_TITLE = re.compile(r"\bproposed\b", re.IGNORECASE)


@dataclass
class MilestoneText:
    text: str
    line: int
    children: list[MilestoneText] = field(default_factory=list)
    schedule: Schedule | None = None
    label: str = ""


@dataclass
class RowSchedules:
    """The schedules one table row gives, and the top-level milestones that row adds."""

    line: int
    schedules: list[Schedule]
    milestones: list[MilestoneText]


@dataclass
class ActivityText:
    number: int | None
    title: str
    line: int
    description: str = ""
    heading: str = ""  # the unnumbered heading above it ("IMG on …"), if any
    first_under_heading: bool = False
    milestones: list[MilestoneText] = field(default_factory=list)
    rows: list[RowSchedules] = field(default_factory=list)
    schedule: Schedule | None = None
    depth_kinds: list[str] = field(default_factory=list)  # the kind of label at each depth
    base_level: int | None = None  # the level its first milestone's paragraph gives, if any
    path: list[MilestoneText] = field(default_factory=list)  # the last milestone at each depth

    @property
    def last(self) -> MilestoneText | None:
        return self.path[-1] if self.path else None


@dataclass
class OutcomeText:
    label: str
    heading: str
    statement: str
    line: int
    activities: list[ActivityText] = field(default_factory=list)


@dataclass
class FootnoteText:
    number: int
    text: str
    line: int
    anchor: str = ""


@dataclass
class PlanText:
    header: Header
    period_start: int
    period_end: int
    status: str
    revision: int
    meeting_number: int | None
    introduction: list[str]
    footnotes: list[FootnoteText]
    outcomes: list[OutcomeText]
    outcome_numbering: str
    activity_numbering: str
    milestone_style: str


@dataclass
class Columns:
    outcome: int
    activities: int
    schedule: int | None
    count: int


def table_columns(line: str) -> Columns | None:
    """The columns of a work-plan table header row, or None when ``line`` is not one."""
    if "\t" not in line:
        return None
    cells = [strip_markup(cell).translate({ord(m): None for m in _MARKS}) for cell in _cells(line)]
    if not cells or not OUTCOME_COLUMN.match(cells[0]):
        return None
    activities = next((i for i, c in enumerate(cells) if ACTIVITIES_COLUMN.search(c)), None)
    if activities is None or activities == 0:
        return None
    schedule = next(
        (i for i, c in enumerate(cells) if i != activities and SCHEDULE_COLUMN.search(c)), None
    )
    return Columns(outcome=0, activities=activities, schedule=schedule, count=len(cells))


def _cells(line: str) -> list[str]:
    cells = line.split("\t")
    while len(cells) > 1 and not cells[-1].strip():
        cells.pop()  # trailing empty cells carry nothing
    return cells


def continues(previous: str, text: str) -> bool:
    """Whether ``text`` is the rest of a sentence a page break cut ("… the UN system to" / "the
    implementation of …") rather than a paragraph of its own."""
    return bool(previous) and not re.search(r"[.:;!?)\"”’]$", previous) and text[:1].islower()


def join_text(previous: str, text: str) -> str:
    if not previous:
        return text
    return f"{previous} {text}" if continues(previous, text) else f"{previous}\n\n{text}"


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" .;:").casefold()


def read_plan(source: Source) -> PlanText:
    return _PlanReader(source).read()


class _PlanReader:
    def __init__(self, source: Source):
        self.source = source
        # The head ends where the body starts, and at the latest at the table's header row (a
        # plan with no introduction goes from its title to its table).
        end = find_body_start(source)
        table = next((number for number, line in source.numbered() if table_columns(line)), end)
        self.header = parse_header(source, min(end, table))
        self.footnotes = _footnotes(source)
        self.footnote_lines = {note.line for note in self.footnotes}
        self.outcomes: list[OutcomeText] = []
        self.outcome: OutcomeText | None = None
        self.activity: ActivityText | None = None
        self.heading = ""
        self.heading_used = False
        self.caption = ""
        self.years: tuple[int, int] | None = None  # the plan's first and last year

    # -- the document ---------------------------------------------------------------------------

    def read(self) -> PlanText:
        table_line = self._table_start()
        introduction = self._introduction(table_line)
        # The plan's years come first: a schedule such as "Ongoing" or "by December 2023" is
        # read against them.
        period_start, period_end = self._period(introduction, table_line)
        self.years = (period_start, period_end)
        columns = table_columns(self.source.lines[table_line - 1])
        self._read_table(table_line, columns)
        if not any(outcome.activities for outcome in self.outcomes):
            raise ImportProblem("the work plan's table has no activities", line=table_line)
        for outcome in self.outcomes:
            for activity in outcome.activities:
                _settle_schedules(activity)
        approved, presented = self._meeting_mentions(introduction, period_start)
        header = self.header
        if header.state in WorkPlan.Status.values:
            status = header.state  # the workspace's export says it
        elif header.draft:
            status = WorkPlan.Status.DRAFT
        elif PROPOSED_TITLE.search(header.title):
            status = WorkPlan.Status.PROPOSED
        elif approved:
            status = WorkPlan.Status.APPROVED
        else:
            status = WorkPlan.Status.PROPOSED  # put forward, and not (yet) said to be adopted
        revision = REVISION.match(header.symbol) if header.symbol else None
        return PlanText(
            header=header,
            period_start=period_start,
            period_end=period_end,
            status=status,
            revision=(
                header.revision
                if header.revision is not None
                else int(revision.group("number"))
                if revision
                else 0
            ),
            meeting_number=header.meeting_number or approved or presented,
            introduction=introduction,
            footnotes=self.footnotes,
            outcomes=self.outcomes,
            outcome_numbering=self._outcome_numbering(),
            activity_numbering=self._activity_numbering(),
            milestone_style=self._milestone_style(),
        )

    def _table_start(self) -> int:
        for number, line in self.source.numbered(self.header.end_line):
            if table_columns(line):
                return number
            if "\t" in line and number not in self.footnote_lines and line.strip():
                raise ImportProblem(
                    "a table row comes before the table's header row "
                    '("Expected outcome", "Activities" …)',
                    line=number,
                )
        raise ImportProblem(
            "the work plan has no table of activities: no header row such as "
            '"Expected outcome | Activities | Schedule"',
            line=len(self.source.lines),
        )

    def _introduction(self, table_line: int) -> list[str]:
        paragraphs: list[str] = []
        wrapped = False  # the line before held text too: a paragraph may run on
        for number, line in self.source.numbered(self.header.end_line):
            if number >= table_line:
                break
            texts = [] if number in self.footnote_lines else blocks(line)
            for text in texts:
                if not paragraphs and INTRODUCTION.match(text):
                    continue
                text = PARAGRAPH_NUMBER.sub("", text)
                if paragraphs and (
                    continues(paragraphs[-1], text)
                    or (wrapped and not re.search(r"[.:;!?]$", paragraphs[-1]))
                ):
                    paragraphs[-1] = f"{paragraphs[-1]} {text}"
                else:
                    paragraphs.append(text)
            # A line that carries its own <p> tags says where its paragraphs end.
            wrapped = bool(texts) and "<" not in line
        # The plan's table is usually announced by a caption ("… work plan for 2021-2022").
        if paragraphs and len(paragraphs[-1]) < 150 and not re.search(r"[.:;!?]$", paragraphs[-1]):
            self.caption = paragraphs.pop()
        return paragraphs

    def _period(self, introduction: list[str], table_line: int) -> tuple[int, int]:
        for text in [self.header.title, *introduction, self.caption]:
            if text is not self.header.title and text is not self.caption:
                one_year = None  # an introduction speaks of other years too
            else:
                one_year = ONE_YEAR.search(text)
            if (match := PERIOD.search(text)) is None and one_year:
                year = int(one_year.group("year") or one_year.group("before"))
                return year, year
            if match:
                start, end = int(match.group("start")), match.group("end")
                end = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
                if end < start or end - start > 5:
                    raise ImportProblem(
                        f"the period {match.group(0)!r} does not run forward by a few years",
                        line=self.header.title_line or table_line,
                    )
                return start, end
        raise ImportProblem(
            'the work plan\'s period (such as "2021-2022") is not in its title or introduction',
            line=self.header.title_line or table_line,
        )

    def _meeting_mentions(self, introduction, period_start):
        """The SOM the introduction says approved this plan, and the one it goes to. Sentences
        that do not name the plan's years speak of other plans ("builds on the work plan
        adopted by the 18th …")."""
        approved = presented = None
        for paragraph in introduction:
            for sentence in SENTENCE_END.split(paragraph):
                if str(period_start) not in sentence:
                    continue
                approved = approved or _meeting_after(APPROVED, sentence)
                presented = presented or _meeting_after(PRESENTED, sentence)
        for note in self.footnotes:
            presented = presented or _meeting_after(PRESENTED, note.text)
        return approved, presented

    def _outcome_numbering(self) -> str:
        labels = [outcome.label for outcome in self.outcomes if outcome.label]
        if not labels or labels[0] == "I":
            return WorkPlan.OutcomeNumbering.ROMAN
        if all(is_roman(label) for label in labels) and any(len(label) > 1 for label in labels):
            return WorkPlan.OutcomeNumbering.ROMAN
        return WorkPlan.OutcomeNumbering.LETTERS

    def _activity_numbering(self) -> str:
        previous = None
        for outcome in self.outcomes:
            numbers = [a.number for a in outcome.activities if a.number is not None]
            if numbers and previous is not None and numbers[0] <= previous:
                return WorkPlan.ActivityNumbering.PER_OUTCOME
            if numbers:
                previous = numbers[-1]
        return WorkPlan.ActivityNumbering.CONTINUOUS

    def _milestone_style(self) -> str:
        kinds = [
            activity.depth_kinds[0]
            for outcome in self.outcomes
            for activity in outcome.activities
            if activity.depth_kinds
        ]
        bulleted = kinds.count(BULLET)
        if bulleted > len(kinds) - bulleted:
            return WorkPlan.MilestoneStyle.BULLETED
        return WorkPlan.MilestoneStyle.LETTERED

    # -- the table ------------------------------------------------------------------------------

    def _read_table(self, table_line: int, columns: Columns) -> None:
        state = LabelState()
        rows: list[tuple[int, list[str]]] = []
        for number, line in self.source.numbered(table_line):
            if number in self.footnote_lines or not line.strip():
                continue
            if "\t" not in line:
                if PAGE_FURNITURE.match(strip_markup(line)) or NOTES_HEADING.match(
                    strip_markup(line)
                ):
                    continue
                raise ImportProblem(
                    "this text sits inside the table but outside its rows; was a table row "
                    "broken over two lines?",
                    line=number,
                )
            if table_columns(line):
                continue  # the header row, repeated after each page break
            cells = line.split("\t")
            if all(SEPARATOR_CELL.match(strip_markup(cell)) for cell in cells):
                continue
            if len(cells) < columns.count:
                raise ImportProblem(
                    f"this table row has {len(cells)} cells where the table has {columns.count} "
                    "columns; was the row broken over two lines?",
                    line=number,
                )
            if any(strip_markup(cell) for cell in cells[columns.count :]):
                raise ImportProblem(
                    f"this table row has {len(cells)} cells where the table has {columns.count} "
                    "columns",
                    line=number,
                )
            rows.append((number, cells[: columns.count]))
        # All rows are cut into items first, so that a heading can see the item after it even
        # when a page break put that item in the next row.
        cut = [
            (number, cells, split_cell(cells[columns.activities], state)) for number, cells in rows
        ]
        following = [*(item for _, _, items in cut for item in items), None][1:]
        position = 0
        for number, cells, items in cut:
            if outcome_paragraphs := blocks(cells[columns.outcome]):
                self._switch_outcome(outcome_paragraphs, number)
            before = self.activity
            added: dict[int, list[MilestoneText]] = {}
            for item in items:
                self._item(item, following[position], number, added)
                position += 1
            if columns.schedule is not None:
                self._row_schedules(cells[columns.schedule], number, before, added)

    def _switch_outcome(self, paragraphs: list[str], line: int) -> None:
        """Make the outcome a row names current: a labelled heading ("A. Programmatic issues"),
        a statement, or both; the same text again is the same outcome, whatever its label."""
        label = heading = ""
        if match := OUTCOME_LABEL.match(paragraphs[0]):
            label, heading = match.group("label"), match.group("text")
            paragraphs = paragraphs[1:]
        statement = "\n\n".join(paragraphs)
        if heading:
            found = next((o for o in self.outcomes if _key(o.heading) == _key(heading)), None)
        else:
            found = next((o for o in self.outcomes if _key(o.statement) == _key(statement)), None)
            current = self.outcome
            if found is None and current and not current.statement and not current.activities:
                found = current  # the statement row under a heading row
        if found is None:
            found = OutcomeText(label=label, heading=heading, statement=statement, line=line)
            self.outcomes.append(found)
        elif statement and not found.statement:
            found.statement = statement
        if found is not self.outcome:
            self.outcome, self.activity, self.heading = found, None, ""

    def _item(self, item: Item, following: Item | None, line: int, added) -> None:
        if item.kind == NUMBER:
            self._start_activity(int(item.label), item.text, line)
        elif item.kind == TEXT:
            # A short unlabelled line right above a numbered activity is a heading over it
            # ("IMG on Environmental Sustainability Management" above "1. UN Sustainability
            # management"), if it opens the cell or names a body.
            if (
                following is not None
                and following.kind == NUMBER
                and len(item.text) < 150
                and item.text[:1].isupper()
                and not re.search(r"[.;!?]$", item.text)
                and (self.activity is None or read_body_name(item.text).kind)
            ):
                self.heading, self.heading_used, self.activity = item.text, False, None
            elif self.activity is None:
                self._start_activity(None, item.text, line)
            elif not self.activity.milestones:
                self.activity.description = join_text(self.activity.description, item.text)
            else:
                # Unlabelled text after milestones belongs to the last one: the rest of it after
                # a page break, or a note under it ("Themes: …").
                last = self.activity.last
                last.text = join_text(last.text, item.text)
        else:
            self._add_milestone(item, line, added)

    def _start_activity(self, number: int | None, text: str, line: int) -> None:
        if self.outcome is None:
            raise ImportProblem("an activity comes before any expected outcome", line=line)
        title, description = split_title(text)
        if not title:
            raise ImportProblem("an activity has no title", line=line)
        max_length = Activity._meta.get_field("title").max_length
        if len(title) > max_length:
            raise ImportProblem(
                f"an activity's title is longer than {max_length} characters", line=line
            )
        self.activity = ActivityText(
            number=number,
            title=title,
            line=line,
            description=description,
            heading=self.heading,
            first_under_heading=bool(self.heading) and not self.heading_used,
        )
        self.heading_used = True
        self.outcome.activities.append(self.activity)

    def _add_milestone(self, item: Item, line: int, added) -> None:
        activity = self.activity
        if activity is None:
            raise ImportProblem(
                f"a milestone ({item.text[:60]!r}) belongs to no activity: no numbered activity "
                "comes before it under its expected outcome",
                line=line,
            )
        if not item.text:
            raise ImportProblem("a milestone has a label but no text", line=line)
        if item.level is not None and activity.base_level is None and not activity.path:
            activity.base_level = item.level
        if item.level is not None and activity.base_level is not None:
            # The file says how deep the paragraph sits: bullets under bullets are nested.
            depth = max(0, min(item.level - activity.base_level, len(activity.path)))
            activity.depth_kinds[depth:] = [item.kind]
        elif item.kind in activity.depth_kinds:
            depth = activity.depth_kinds.index(item.kind)
            del activity.depth_kinds[depth + 1 :]
        else:
            depth = len(activity.depth_kinds)
            activity.depth_kinds.append(item.kind)
        milestone = MilestoneText(text=item.text, line=line, label=item.label)
        if depth == 0:
            activity.milestones.append(milestone)
            added.setdefault(id(activity), []).append(milestone)
        else:
            activity.path[depth - 1].children.append(milestone)
        activity.path[depth:] = [milestone]

    def _row_schedules(self, cell: str, line: int, before, added) -> None:
        paragraphs = blocks(cell)
        labelled = any(SCHEDULE_LABEL.match(paragraph) for paragraph in paragraphs)
        if labelled:
            paragraphs = self._labelled_schedules(paragraphs, line, added)
        text = " ".join(paragraphs)
        if not text:
            return
        try:
            schedules = parse_schedules(text, plan=self.years)
        except (ScheduleSyntaxError, ValueError) as error:
            raise ImportProblem(f"the schedule {text!r} cannot be read", line=line) from error
        if not schedules:
            raise ImportProblem(f"the schedule {text!r} names no month or quarter", line=line)
        activity = self.activity
        if activity is None:
            raise ImportProblem("a schedule belongs to no activity", line=line)
        if before is not None and before is not activity and added.get(id(before)):
            raise ImportProblem(
                "one Schedule cell serves the milestones of two activities", line=line
            )
        # Milestones whose schedules their labels gave keep them; the rest is the activity's.
        milestones = [] if labelled else added.get(id(activity), [])
        if len(schedules) > 1 and len(schedules) != len(milestones):
            raise ImportProblem(
                f"the Schedule cell holds {len(schedules)} schedules for {len(milestones)} "
                "milestones",
                line=line,
            )
        activity.rows.append(RowSchedules(line=line, schedules=schedules, milestones=milestones))

    def _labelled_schedules(self, paragraphs: list[str], line: int, added) -> list[str]:
        """Give each schedule written after a milestone's label ("(a) Q1 2022") to the milestone
        of this row with that label; what is left (unlabelled) is the row's own schedule."""
        activity = self.activity
        milestones = []
        pending = list(added.get(id(activity), [])) if activity else []
        while pending:
            milestone = pending.pop(0)
            milestones.append(milestone)
            pending[:0] = milestone.children
        left = []
        for paragraph in paragraphs:
            match = SCHEDULE_LABEL.match(paragraph)
            if not match:
                left.append(paragraph)
                continue
            label = match.group("label")
            milestone = next(
                (m for m in milestones if m.label == label and m.schedule is None), None
            )
            if milestone is None:
                raise ImportProblem(
                    f"the schedule {paragraph!r} names a milestone ({label}) not in this row",
                    line=line,
                )
            milestone.schedule = _parse_schedule(match.group("text"), line, self.years)
        return left


def _parse_schedule(text: str, line: int, years) -> Schedule:
    try:
        schedules = parse_schedules(text, plan=years)
    except (ScheduleSyntaxError, ValueError) as error:
        raise ImportProblem(f"the schedule {text!r} cannot be read", line=line) from error
    if len(schedules) != 1:
        raise ImportProblem(f"the schedule {text!r} is not one month or quarter range", line=line)
    return schedules[0]


def _settle_schedules(activity: ActivityText) -> None:
    """One schedule for everything an activity does goes on the activity; otherwise each
    milestone keeps the schedule its row or its own line of the Schedule cell gives it."""
    every = {schedule for row in activity.rows for schedule in row.schedules}
    if len(every) == 1:
        activity.schedule = every.pop()
        return
    for row in activity.rows:
        if len(row.schedules) == 1:
            if not row.milestones:
                activity.schedule = row.schedules[0]
            for milestone in row.milestones:
                milestone.schedule = row.schedules[0]
        else:
            for milestone, schedule in zip(row.milestones, row.schedules, strict=True):
                milestone.schedule = schedule


def _meeting_after(verb: re.Pattern, sentence: str) -> int | None:
    match = verb.search(sentence)
    if not match:
        return None
    som = SOM.search(sentence, match.end())
    if not som:
        return None
    if som.group("number"):
        return int(som.group("number"))
    return ordinal_value(som.group("ordinal"))


def _footnotes(source: Source) -> list[FootnoteText]:
    """The footnotes, wherever page breaks put them, each with the words its mark follows."""
    notes = []
    for number, line in source.numbered():
        if "\t" in line:
            continue
        match = FOOTNOTE_LINE.match(strip_markup(line))
        if match:
            value = int(match.group("mark").translate(SUPERSCRIPT_DIGITS))
            text, anchor = match.group("text").strip(), ""
            if said := NOTE_ANCHOR.match(text):
                text, anchor = said.group("text"), said.group("anchor")
            notes.append(FootnoteText(number=value, text=text, line=number, anchor=anchor))
    note_lines = {note.line for note in notes}
    for note in notes:
        if note.anchor:
            continue
        mark = re.compile(rf"(?<![{_MARKS}])\s?{note_mark(note.number)}(?![{_MARKS}])")
        for number, line in source.numbered():
            if number in note_lines:
                continue
            for cell in line.split("\t"):
                found = mark.search(cell)
                if found:
                    note.anchor = _anchor(cell[: found.start()])
                    break
            if note.anchor:
                break
    return notes


def note_mark(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


def _anchor(before: str) -> str:
    text = SENTENCE_END.split(strip_markup(before))[-1]
    limit = Footnote._meta.get_field("anchor").max_length
    if len(text) > limit:
        text = text[-limit:]
        text = text.split(" ", 1)[1] if " " in text else text
    return text.strip()
