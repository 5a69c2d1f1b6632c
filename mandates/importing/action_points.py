"""Summaries of action points: what the Senior Officials decided at a meeting, body by body.

The document's head names the meeting; its body is a run of sections, each headed by a roman
numeral and the name of a body ("### *I. Consultative Process on Biodiversity*", "## VIII. *…*",
"*XII. …*"), opened by "The Senior Officials:" and followed by labelled decisions ("- a) …",
"- i. …", "1.", "(1)", "2)"). A line without a label that ends in a colon ("Agree to extend the Task
Team … to:") is a lead-in: the labelled items after it are its children. Labelled decisions nest by
their numbering: an item that goes on a sequence ("b)" after "a)", "2." after "1.") is the next of
that sequence; one that starts a sequence of another form ("a)" after "1.", "i." after "a)") is the
first item under the decision above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from emg import numbering
from emg.importing import ImportProblem, Source
from emg.importing.header import parse_header
from emg.importing.text import strip_markup
from mandates.models import Decision, DecisionSection

TITLE = re.compile(r"\bsummary\s+of\s+(?:the\s+)?(?:action\s+points|decisions)\b", re.IGNORECASE)
RULE = re.compile(r"^[\s\-–—_*=|:\t]*$")  # blank, "---", a Markdown table's "---\t---"
BULLET = re.compile(r"^\s*(?:[-•–]|\*(?=\s))\s*")
HEADING = re.compile(r"^(?P<numeral>[IVXLC]{1,7})\.\s+(?P<title>\S.*)$")
OPENER = re.compile(r"^The\s+(?:EMG\s+)?Senior\s+Officials\b[^.]{0,60}:$", re.IGNORECASE)
LABEL = re.compile(
    r"^(?P<open>\()?(?P<label>[a-z]{1,2}|[ivxlc]{1,7}|\d{1,2})(?P<close>[.)])\s+(?P<text>\S.*)$"
)
FIRST_LABELS = {"a", "i", "1"}


# What a decision does, read from the words it opens with. The Senior Officials write in the
# imperative; a framing phrase ("Decide to", "Agree to", "Consider and") hands over to the verb
# after it, so "Decide to extend" extends and "Consider and endorse" endorses. The first row whose
# words open the decision wins.
FRAMING = re.compile(
    r"^(?:(?:the\s+)?(?:EMG\s+)?senior\s+officials\s+)?(?:(?:also|further|hereby)\s+)?"
    r"(?:(?:decide[sd]?|agree[sd]?|resolve[sd]?)\s+(?:to\s+)?|consider(?:s|ed)?\s+and\s+)?",
    re.IGNORECASE,
)
VERBS: list[tuple[str, str]] = [
    (Decision.Verb.TAKE_NOTE, r"(?:take|takes|took)\s+note|note[sd]?"),
    (Decision.Verb.ENDORSE, r"endorse[sd]?|approve[sd]?|adopt(?:s|ed)?"),
    (Decision.Verb.EXTEND, r"extend(?:s|ed)?|renew(?:s|ed)?|prolong(?:s|ed)?"),
    (Decision.Verb.TRANSFER, r"transfer(?:s|red)?|hand(?:s|ed)?\s+over"),
    (Decision.Verb.CONCLUDE, r"conclude[sd]?|close[sd]?|terminate[sd]?|discontinue[sd]?"),
    (Decision.Verb.ESTABLISH, r"establish(?:es|ed)?|create[sd]?|set(?:s)?\s+up|launch(?:es|ed)?"),
    (Decision.Verb.REQUEST, r"request(?:s|ed)?|ask(?:s|ed)?"),
    (Decision.Verb.INVITE, r"invite[sd]?"),
    (Decision.Verb.WELCOME, r"welcome[sd]?"),
    (Decision.Verb.ENCOURAGE, r"encourage[sd]?|urge[sd]?"),
]
_VERB_PATTERNS = [(verb, re.compile(rf"(?:{words})\b", re.IGNORECASE)) for verb, words in VERBS]


def decision_verb(text: str) -> str:
    """The kind of a decision (a Decision.Verb) from the words it opens with."""
    words = strip_markup(text)
    words = words[FRAMING.match(words).end() :]
    for verb, pattern in _VERB_PATTERNS:
        if pattern.match(words):
            return verb
    return Decision.Verb.OTHER


@dataclass
class DecisionText:
    line: int
    text: str
    label: str = ""  # "a", "ii"; empty for a lead-in or a decision written without one
    children: list[DecisionText] = field(default_factory=list)
    lead_in: bool = False

    def add(self, words: str, *, new_paragraph: bool = False) -> None:
        self.text += ("\n\n" if new_paragraph else " ") + words


@dataclass
class SectionText:
    line: int
    title: str
    opener_line: int | None = None
    decisions: list[DecisionText] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    @property
    def label_style(self) -> str:
        """Roman when the first item is numbered "i", else letters (the documents' default)."""
        first = self.labels[0] if self.labels else "a"
        roman = first == "i" or (len(first) > 1 and numbering.is_roman(first))
        return DecisionSection.LabelStyle.ROMAN if roman else DecisionSection.LabelStyle.LETTER


def score(source: Source) -> int:
    try:
        header = parse_header(source)
    except ImportProblem:
        header = None
    if header and TITLE.search(header.title):
        return 20
    openers = sum(1 for line in source.lines if OPENER.match(strip_markup(line)))
    return min(5 * openers, 15)  # one "The Senior Officials:" may be a quotation


def parse_sections(source: Source, start: int) -> list[SectionText]:
    parser = _SectionParser()
    for number, line in source.numbered(start):
        parser.feed(number, line)
    parser.finish()
    if not parser.sections:
        raise ImportProblem("no numbered section headings follow the title", line=start)
    return parser.sections


def _follows(previous: str, label: str) -> bool:
    """Whether ``label`` is the one after ``previous`` in a numbering: 1 → 2, a → b, iv → v."""
    if previous.isdigit() and label.isdigit():
        return int(label) == int(previous) + 1
    if len(previous) == 1 and len(label) == 1 and ord(label) == ord(previous) + 1:
        return True
    if numbering.is_roman(previous) and numbering.is_roman(label):
        return numbering.from_roman(label) == numbering.from_roman(previous) + 1
    return False


@dataclass
class _Level:
    """One level of a section's decisions: the section's own, or the items under a decision."""

    items: list[DecisionText]
    form: str = ""  # how its labels are written: "x)", "x.", "(x)"; empty before the first
    first: str = ""  # its first label
    label: str = ""  # its last label
    lead_in: bool = False  # the items of an unlabelled lead-in: every labelled item until the next
    # unlabelled decision, however they are numbered ("c)" after "b)" above the lead-in)


class _SectionParser:
    def __init__(self):
        self.sections: list[SectionText] = []
        self.section: SectionText | None = None
        self.levels: list[_Level] = []
        self.last: DecisionText | None = None
        self.after_blank = True

    def feed(self, number: int, line: str) -> None:
        text = strip_markup(line)
        if RULE.match(line) or not text:
            self.after_blank = True
            return
        bullet = BULLET.match(line)
        if bullet:
            text = strip_markup(line[bullet.end() :])
        if not bullet and (heading := HEADING.match(text)):
            self._close_section()
            title = heading.group("title").strip().rstrip(":").strip()
            self.section = SectionText(number, title)
            self.sections.append(self.section)
            self.levels = [_Level(self.section.decisions)]
            self.last = None
        elif OPENER.match(text):
            self._open(number)
        elif self.section is None:
            pass  # an introduction before the first section decides nothing
        elif self.section.opener_line is None:
            raise ImportProblem(
                f"a decision in section “{self.section.title}” comes before "
                "“The Senior Officials:”",
                line=number,
            )
        else:
            self._decision(number, text, bulleted=bullet is not None)
        self.after_blank = False

    def _open(self, number: int) -> None:
        if self.section is None:
            raise ImportProblem(
                "“The Senior Officials:” comes before any numbered section heading", line=number
            )
        if self.section.opener_line is not None:
            raise ImportProblem(
                f"a second “The Senior Officials:” in section “{self.section.title}”: "
                "is the heading of a section missing?",
                line=number,
            )
        self.section.opener_line = number

    def _decision(self, number: int, text: str, *, bulleted: bool) -> None:
        section = self.section
        labelled = LABEL.match(text)
        if labelled:
            label = labelled.group("label")
            form = f"{labelled.group('open') or ''}x{labelled.group('close')}"
            item = DecisionText(number, labelled.group("text").strip(), label)
            section.labels.append(label)
            self._level_of(label, form, number).items.append(item)
            self.last = item
            return
        if bulleted:
            item = DecisionText(number, text)
            self.levels[-1].items.append(item)
            self.last = item
            return
        if self.last is not None and not self.after_blank:
            self.last.add(text)  # a decision wrapped over two lines
            return
        lead_in = text.endswith(":")
        if lead_in or self.last is None or decision_verb(text) != Decision.Verb.OTHER:
            # A new unlabelled decision, or a lead-in to the items after it.
            decision = DecisionText(number, text, lead_in=lead_in)
            section.decisions.append(decision)
            self.levels = [self.levels[0]]
            if lead_in:
                self.levels.append(_Level(decision.children, lead_in=True))
            self.last = decision
            return
        self.last.add(text, new_paragraph=True)

    def _level_of(self, label: str, form: str, number: int) -> _Level:
        """The level a decision labelled ``label`` goes to: the one whose numbering it goes on,
        else a new one under the decision above when it starts another numbering, else the
        deepest (a numbering out of order stays where it is, as written)."""
        for depth in range(len(self.levels) - 1, -1, -1):
            level = self.levels[depth]
            if level.form == form and _follows(level.label, label):
                del self.levels[depth + 1 :]
                level.label = label
                return level
            if level.lead_in:
                break
        level = self.levels[-1]
        starts_another = label in FIRST_LABELS and (level.first, level.form) != (label, form)
        if level.form and starts_another and self.last is not None and self.last.label:
            if len(self.levels) > 1:
                raise ImportProblem(
                    f"“{label}” starts a third level of decisions: decisions are items of a "
                    "decision at most, not items of an item",
                    line=number,
                )
            level = _Level(self.last.children)
            self.levels.append(level)
        if not level.form:
            level.form, level.first = form, label
        level.label = label
        return level

    def _close_section(self) -> None:
        section = self.section
        if section is None:
            return
        if section.opener_line is None or not section.decisions:
            raise ImportProblem(
                f"section “{section.title}” has no decisions of the Senior Officials",
                line=section.line,
            )
        for decision in section.decisions:
            if decision.lead_in and not decision.children:
                raise ImportProblem(
                    "the lead-in ends with a colon but no labelled items follow it",
                    line=decision.line,
                )

    def finish(self) -> None:
        self._close_section()
