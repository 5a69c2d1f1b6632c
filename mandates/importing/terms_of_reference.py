"""Terms of reference: the body they constitute, their clauses and their footnotes.

A ToR is laid out as lettered section headings ("A. Background"), paragraphs numbered across the
whole document ("1."), lettered clauses ("a)") and roman sub-clauses ("i", "ii" — in Word
conversions often without a dot, with extra or leading spaces). The text comes from a paginated
document: lines are wrapped mid-sentence, and at a page break the page's footnotes ("1 See report
…", after a line of spaces) sit between two clauses, with the body going on after them.

Blank lines help but are not needed: text extracted from a PDF has none. Without one, a heading is
a heading when it is the next letter in order after a finished sentence, and a footnote starts
where the next footnote's number opens a line after a finished sentence, its mark already glued to
a word of the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from emg import numbering
from emg.importing import ImportProblem, Source
from emg.importing.header import Header, parse_header
from emg.importing.text import (
    ORDINAL,
    SUPERSCRIPT_DIGITS,
    find_footnote_mark,
    ordinal_value,
    strip_markup,
)
from mandates.models import Clause, Footnote

_EDITION = r"(?:(?:draft|revised|proposed|updated|amended|new)\s+)*"
TITLE_IS_TOR = re.compile(rf"^{_EDITION}terms\s+of\s+reference\b", re.IGNORECASE)
HEAD_LINE_IS_TOR = re.compile(rf"^\W*{_EDITION}terms\s+of\s+reference\W*$", re.IGNORECASE)
# What a title says before the body's own name: "Terms of Reference for the", "Draft terms of
# reference of a", "Terms of Reference (ToR):".
TITLE_LEAD = re.compile(
    rf"^{_EDITION}terms\s+of\s+reference\b\W*(?:\(?ToRs?\)?\W*)?(?:(?:for|of)\s+)?(?:(?:the|an?)\s+)?",
    re.IGNORECASE,
)

SECTION = re.compile(r"^(?P<label>[A-Z]|[IVX]{1,5})\.\s+(?P<text>\S.{0,150})$")
PARAGRAPH = re.compile(r"^(?P<label>\d{1,3})[.)]\s+(?P<text>\S.*)$")
LETTERED = re.compile(r"^\(?(?P<label>[a-z])[.)]\s+(?P<text>\S.*)$")
ROMAN = re.compile(r"^\(?(?P<label>[ivxl]{1,6})(?:[.)]\s*|\s+)(?P<text>[A-Z“\"‘'(].*)$")
FOOTNOTE_START = re.compile(
    r"^(?:(?P<digits>\d{1,2})\s+|(?P<superscript>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*)(?P<text>\S.*)$"
)
RULE = re.compile(r"^[\s_\-–—=*]*$")  # blank, a line of spaces, or the rule above footnotes
SENTENCE_END = (".", ";", ":", "!", "?")
FOOTNOTE_END = (".", "!", "?")  # a footnote may run on after "addendum:"
ANCHOR_WORDS = 5

_SOM = (
    r"(?:EMG\s+)?(?:senior\s+officials['’]?\s+meeting|SOM\b"
    r"|meeting\s+of\s+the\s+(?:EMG\s+)?senior\s+officials)"
)
ESTABLISHED_BY = re.compile(
    rf"\b(?:constituted|established|created|set\s+up|formed|launched)\s+(?:by|at)\s+"
    rf"(?:the\s+)?{ORDINAL}\s+{_SOM}",
    re.IGNORECASE,
)
SOM_MENTIONED = re.compile(rf"\b{ORDINAL}\s+{_SOM}", re.IGNORECASE)
REPORTS_AT = re.compile(
    rf"\b(?:report|present|submit)\w*\b[^.\n]*?\bat\s+(?:its|their|the)\s+{ORDINAL}\s+"
    rf"(?:{_SOM}|meeting)",
    re.IGNORECASE,
)
REPORTS_TO = re.compile(
    rf"\b(?:report|present|submit)\w*\b[^.\n]*?\bto\s+the\s+{ORDINAL}\s+{_SOM}", re.IGNORECASE
)
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18,
    "twenty-four": 24, "thirty-six": 36,
}  # fmt: skip
DURATION = re.compile(
    r"\bfor\s+(?:(?:a|an|the)\s+(?:initial\s+)?(?:period|term)\s+of\s+)?"
    rf"(?P<count>\d{{1,2}}|{'|'.join(NUMBER_WORDS)})\s+(?P<unit>years?|months?)\b",
    re.IGNORECASE,
)


@dataclass
class ClauseText:
    kind: str  # a Clause.Kind
    label: str  # as the document writes it; only used to tell "i)" the letter from "i)" the numeral
    line: int
    text: str = ""
    children: list[ClauseText] = field(default_factory=list)

    def add(self, words: str, *, new_paragraph: bool = False) -> None:
        if not self.text:
            self.text = words
        elif new_paragraph:
            self.text += "\n\n" + words
        elif self.text.endswith("-") and self.text[-2:-1].isalpha() and words[:1].islower():
            self.text += words  # "climate-" at the end of a line, "neutral" on the next
        else:
            self.text += " " + words


@dataclass
class FootnoteText:
    number: int
    line: int
    text: str
    clause: ClauseText | None = None
    anchor: str = ""


@dataclass
class TermsText:
    title: str
    body_name: str
    title_line: int
    clauses: list[ClauseText]  # the top of the tree, in order
    footnotes: list[FootnoteText]
    established_at: int | None = None
    reports_to: int | None = None
    duration_months: int | None = None


def score(source: Source) -> int:
    try:
        header = parse_header(source)
    except ImportProblem:
        return 0
    if TITLE_IS_TOR.match(header.title):
        return 20
    head = source.lines[: header.end_line - 1]
    if any(HEAD_LINE_IS_TOR.match(strip_markup(line)) for line in head):
        return 15  # "TERMS OF REFERENCE" in capitals above the body's name
    return 0


def body_name(title: str) -> str:
    """ "Terms of Reference for the Issue Management Group on …" → "Issue Management Group on …"."""
    return TITLE_LEAD.sub("", title).strip() or title


def parse_terms(source: Source, header: Header) -> TermsText:
    parser = _ClauseParser()
    for number, line in source.numbered(header.end_line):
        parser.feed(number, line)
    if not parser.top:
        raise ImportProblem(
            "no section headings or numbered paragraphs follow the title", line=header.end_line
        )
    reading = parser.reading
    _place_footnotes(parser.footnotes, reading)
    text = "\n\n".join(clause.text for clause in reading)
    reports = REPORTS_AT.search(text) or REPORTS_TO.search(text)
    return TermsText(
        title=header.title,
        body_name=body_name(header.title),
        title_line=header.title_line or 1,
        clauses=parser.top,
        footnotes=parser.footnotes,
        established_at=_established_at(text, reports),
        reports_to=_ordinal(reports) if reports else None,
        duration_months=_duration_months(text),
    )


class _ClauseParser:
    """Builds the clause tree line by line. Keeps the clause open at each level, so a label says
    where a line belongs, and an unlabelled line continues whatever clause came last."""

    def __init__(self):
        self.top: list[ClauseText] = []
        self.reading: list[ClauseText] = []
        self.footnotes: list[FootnoteText] = []
        self.section = self.paragraph = self.lettered = None
        self.last: ClauseText | None = None
        self.after_blank = True
        self.in_footnotes = False

    def feed(self, number: int, line: str) -> None:
        text = strip_markup(line)
        if RULE.match(line) or not text:
            self.after_blank = True
            self.in_footnotes = False
            return
        if self.in_footnotes and self._footnote_line(number, text):
            return
        if self.reading and self._footnote_start(number, text, after_text=not self.after_blank):
            return
        if not self._labelled(number, text):
            self._unlabelled(number, text)
        self.after_blank = False

    def _footnote_start(self, number: int, text: str, *, after_text: bool = False) -> bool:
        match = FOOTNOTE_START.match(text)
        if not match:
            return False
        mark = (match.group("digits") or match.group("superscript")).translate(SUPERSCRIPT_DIGITS)
        if int(mark) != len(self.footnotes) + 1:
            return False
        if after_text and not (self._sentence_ended() and self._glued_mark(int(mark))):
            return False  # "… in the next\n2 years" is the body's sentence going on
        self.footnotes.append(FootnoteText(int(mark), number, match.group("text")))
        self.in_footnotes = True
        return True

    def _sentence_ended(self) -> bool:
        return self.last is None or self.last.text.endswith(SENTENCE_END)

    def _glued_mark(self, number: int) -> bool:
        """Whether a clause read so far has footnote ``number``'s mark glued to a word."""
        for clause in self.reading:
            start = 0
            while match := find_footnote_mark(clause.text, number, start):
                if not match.group(0)[0].isspace():
                    return True
                start = match.end()
        return False

    def _next_section(self, label: str) -> bool:
        """Whether ``label`` is the next section heading's: "B." after "A.", "III." after "II."."""
        count = sum(1 for clause in self.top if clause.kind == Clause.Kind.SECTION)
        return label in (numbering.to_letters(count + 1).upper(), numbering.to_roman(count + 1))

    def _footnote_line(self, number: int, text: str) -> bool:
        """A line inside the footnotes at a page break: the next footnote, the rest of the last
        one, or (once that one has ended its sentence) the body going on."""
        if self._footnote_start(number, text):
            return True
        self.in_footnotes = False
        if self._label_of(text) is not None:
            return False
        last = self.footnotes[-1]
        if not last.text.endswith(FOOTNOTE_END):
            last.text += " " + text
            self.in_footnotes = True
            return True
        self.last.add(text)  # the sentence the page break interrupted
        self.after_blank = False
        return True

    def _label_of(self, text: str) -> tuple[str, re.Match] | None:
        """Which kind of clause a line opens, if any: section, paragraph, letter or numeral."""
        # A heading stands on its own after a blank line, or comes next in order after a
        # finished sentence, and is not a sentence itself.
        match = SECTION.match(text)
        if (
            match
            and not text.endswith((".", ",", ";"))
            and (
                self.after_blank
                or (self._sentence_ended() and self._next_section(match.group("label")))
            )
        ):
            return Clause.Kind.SECTION, match
        if match := PARAGRAPH.match(text):
            return Clause.Kind.PARAGRAPH, match
        letter = LETTERED.match(text)
        roman = ROMAN.match(text)
        if roman and not numbering.is_roman(roman.group("label")):
            roman = None
        if letter and roman:
            # "i)" follows "h)" as a letter; anywhere else it is the first numeral.
            label = letter.group("label")
            previous = self.lettered.label if self.lettered else ""
            follows = previous and ord(label) == ord(previous) + 1
            return ("letter", letter) if follows else ("roman", roman)
        if letter:
            return "letter", letter
        if roman:
            return "roman", roman
        return None

    def _labelled(self, number: int, text: str) -> bool:
        found = self._label_of(text)
        if found is None:
            return False
        kind, match = found
        label, words = match.group("label"), match.group("text").strip()
        if kind == Clause.Kind.SECTION:
            clause = ClauseText(Clause.Kind.SECTION, label, number)
            self.top.append(clause)
            self.section, self.paragraph, self.lettered = clause, None, None
        elif kind == Clause.Kind.PARAGRAPH:
            clause = ClauseText(Clause.Kind.PARAGRAPH, label, number)
            (self.section.children if self.section else self.top).append(clause)
            self.paragraph, self.lettered = clause, None
        elif kind == "letter":
            if self.paragraph is None:
                raise ImportProblem(
                    f"the clause “{label})” is not inside a numbered paragraph", line=number
                )
            clause = ClauseText(Clause.Kind.ITEM, label, number)
            self.paragraph.children.append(clause)
            self.lettered = clause
        else:
            parent = self.lettered or self.paragraph
            if parent is None:
                raise ImportProblem(
                    f"the clause “{label}” is not inside a numbered paragraph or a lettered clause",
                    line=number,
                )
            clause = ClauseText(Clause.Kind.ITEM, label, number)
            parent.children.append(clause)
        clause.add(words)
        self.reading.append(clause)
        self.last = clause
        return True

    def _unlabelled(self, number: int, text: str) -> None:
        if self.last is None:
            raise ImportProblem(
                "text before the first section heading or numbered paragraph", line=number
            )
        if self.last.kind == Clause.Kind.SECTION:
            if self.after_blank:
                raise ImportProblem(
                    f"a paragraph without a number under the heading “{self.last.text}”",
                    line=number,
                )
            self.last.add(text)  # a heading wrapped over two lines
            return
        # After a blank line, a capitalised sentence after a finished one is a new paragraph of
        # the same clause; anything else is the same sentence resumed after a page break.
        starts_sentence = text[:1].isupper() or text[:1].isdigit() or text[:1] in "“\"‘'("
        new_paragraph = (
            self.after_blank and starts_sentence and self.last.text.endswith(SENTENCE_END)
        )
        self.last.add(text, new_paragraph=new_paragraph)


def _place_footnotes(footnotes: list[FootnoteText], reading: list[ClauseText]) -> None:
    """Find each footnote's mark in the clauses before it, in order, take it out of the text and
    remember the words it followed. A number glued to a word ("20091", "Nations,2") is a mark; a
    number after a space ("paragraph 4") is one only when nothing glued is found."""
    index, position = 0, 0
    for footnote in footnotes:
        glued = spaced = None
        for at in range(index, len(reading)):
            clause = reading[at]
            if clause.line > footnote.line:
                break
            start = position if at == index else 0
            while match := find_footnote_mark(clause.text, footnote.number, start):
                if not match.group(0)[0].isspace():
                    glued = glued or (at, match)
                    break
                spaced = spaced or (at, match)
                start = match.end()
            if glued:
                break
        found = glued or spaced
        if found is None:
            raise ImportProblem(
                f"footnote {footnote.number} has no mark in the text before it",
                line=footnote.line,
            )
        index, match = found
        clause = reading[index]
        before = clause.text[: match.start()]
        clause.text = before + clause.text[match.end() :]
        position = match.start()
        footnote.clause = clause
        footnote.anchor = _anchor(before)


def _anchor(before: str) -> str:
    """The few words a footnote mark follows, exactly as the clause text has them."""
    paragraph = before.rstrip().rsplit("\n\n", 1)[-1]
    match = re.search(rf"(?:\S+\s+){{0,{ANCHOR_WORDS - 1}}}\S+$", paragraph)
    anchor = match.group(0) if match else ""
    limit = Footnote._meta.get_field("anchor").max_length
    return anchor[-limit:].lstrip()


def _ordinal(match: re.Match) -> int | None:
    digits, words = match.group("digits"), match.group("words")
    return ordinal_value(f"{digits}th" if digits else words)


def _established_at(text: str, reports: re.Match | None) -> int | None:
    """The meeting that constituted the body: said outright ("constituted by the 15th senior
    officials meeting"), or else the first meeting the ToR mentions other than the one it
    reports to."""
    if match := ESTABLISHED_BY.search(text):
        return _ordinal(match)
    for match in SOM_MENTIONED.finditer(text):
        if reports and reports.start() <= match.start() < reports.end():
            continue
        return _ordinal(match)
    return None


def _duration_months(text: str) -> int | None:
    match = DURATION.search(text)
    if not match:
        return None
    count = match.group("count").lower()
    number = int(count) if count.isdigit() else NUMBER_WORDS[count]
    return number * 12 if match.group("unit").lower().startswith("year") else number
