"""Summaries of action points: what the Senior Officials decided at a meeting, body by body.

The document's head names the meeting; its body is a run of sections, each headed by a roman
numeral and the name of a body ("### *I. Consultative Process on Biodiversity*", "## VIII. *…*",
"*XII. …*"), opened by "The Senior Officials:" and followed by labelled decisions ("- a) …",
"- i. …"). A line without a label that ends in a colon ("Agree to extend the Task Team … to:") is a
lead-in: the labelled items after it are its children.
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
LABEL = re.compile(r"^\(?(?P<label>[a-z]{1,2}|[ivxlc]{1,7})[.)]\s+(?P<text>\S.*)$")


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
    return 5 if openers else 0


def parse_sections(source: Source, start: int) -> list[SectionText]:
    parser = _SectionParser()
    for number, line in source.numbered(start):
        parser.feed(number, line)
    parser.finish()
    if not parser.sections:
        raise ImportProblem("no numbered section headings follow the title", line=start)
    return parser.sections


class _SectionParser:
    def __init__(self):
        self.sections: list[SectionText] = []
        self.section: SectionText | None = None
        self.lead_in: DecisionText | None = None
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
            self.lead_in = self.last = None
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
        if labelled or bulleted:
            label = labelled.group("label") if labelled else ""
            words = labelled.group("text").strip() if labelled else text
            item = DecisionText(number, words, label)
            if label:
                section.labels.append(label)
            (self.lead_in.children if self.lead_in else section.decisions).append(item)
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
            self.lead_in = decision if lead_in else None
            self.last = decision
            return
        self.last.add(text, new_paragraph=True)

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
