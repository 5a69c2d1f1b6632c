"""Cutting the activities cell of a work plan into labelled items.

A cell holds numbered activities ("1. IMG on biodiversity …"), lettered milestones ("(a) …"),
nested ones ("(i) …", "i. …") and bullets ("- …"), in <p> and <ul> blocks or run together in one
paragraph ("… agenda (a) Upon the decision …", "… Biodiversity.- Source, develop …"). The labels
the document types are only read to tell where an item starts and how deep it sits: a label in the
middle of a paragraph counts only when it is the next one in its sequence, so "(a)" after "(c)" or a
word in brackets such as "(hub)" stays part of the text.

A paragraph read from a Word file may say how deep it sits (``<p data-level="2">``: its list level
or its indentation), which tells nested bullets from their parents when both wear the same dash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from emg.importing.text import strip_markup
from emg.numbering import from_letters, from_roman, to_letters

NUMBER = "number"  # "1." — an activity
LETTER = "letter"  # "(a)", "a)", "a."
ROMAN = "roman"  # "(i)", "i.", "i)"
BULLET = "bullet"  # "-", "•"
TEXT = "text"  # a paragraph with no label

_BLOCK_TAG = re.compile(
    r"<\s*(?P<closing>/?)\s*(?P<tag>p|ul|ol|li|div|br|hr|tr|td|table)\b(?P<attributes>[^>]*)>",
    re.IGNORECASE,
)
_LEVEL = re.compile(r"\bdata-level=\"(?P<level>\d{1,2})\"")
_NUMBER_AT_START = re.compile(r"^(\d{1,2})\.\s+(?=\S)")
_LABEL_AT_START = re.compile(r"^(?:\((?P<paren>[a-z]{1,4})\)|(?P<bare>[a-z]{1,4})[.)])\s+(?=\S)")
_LABEL_INSIDE = re.compile(r"(?<=\s)\((?P<paren>[a-z]{1,4})\)\s+(?=\S)")
_BULLET_AT_START = re.compile(r"^[-–•▪◦·]\s*(?=\S)")
# A dash opens a bullet when it follows the end of a sentence ("Biodiversity.- Source") or stands
# apart from the word before it (" - Present", " -Develop"); a hyphen inside a word or between
# years ("post-2020", "2011-2020") never does.
_BULLET_INSIDE = re.compile(r"(?:(?<=[.;:!?)”\"'’])\s*|\s+)[-•]\s*(?=[A-Za-z‘“'\"(])")
_ROMAN = re.compile(r"^[ivx]+$")


@dataclass
class Item:
    kind: str
    label: str
    text: str
    level: int | None = None  # how deep the paragraph sits, when the file says so


@dataclass
class LabelState:
    """Where the lettered and roman sequences of the current activity stand."""

    letter: int = 0
    roman: int = 0

    def restart(self) -> None:
        self.letter = self.roman = 0

    def kind_of(self, label: str, *, at_start: bool) -> str | None:
        """LETTER or ROMAN for a label such as "c" or "iv", or None when, in the middle of a
        paragraph, it is not the next label of either sequence."""
        roman = _roman_value(label)
        if roman and self.roman and roman == self.roman + 1:
            return ROMAN
        if label == to_letters(self.letter + 1).lower():
            return LETTER
        if roman == 1:
            return ROMAN
        if not at_start:
            return None
        if roman:
            return ROMAN
        return LETTER if len(label) == 1 else None

    def accept(self, kind: str, label: str) -> None:
        if kind == LETTER:
            self.letter, self.roman = from_letters(label), 0
        elif kind == ROMAN:
            self.roman = _roman_value(label) or self.roman


def _roman_value(label: str) -> int | None:
    if not _ROMAN.match(label):
        return None
    try:
        return from_roman(label)
    except ValueError:
        return None


def blocks(cell: str) -> list[str]:
    """The paragraphs and list blocks of a cell, as clean text."""
    return [text for text, _, _ in _blocks(cell)]


def _blocks(cell: str) -> list[tuple[str, bool, int | None]]:
    """(text, whether an <li> opened it, the level its tag gives) for each block of a cell."""
    found, start, list_item, level = [], 0, False, None
    for tag in [*_BLOCK_TAG.finditer(cell), None]:
        text = strip_markup(cell[start : tag.start() if tag else len(cell)])
        if text:
            found.append((text, list_item, level))
        if tag:
            start = tag.end()
            opening = not tag.group("closing")
            list_item = tag.group("tag").lower() == "li" and opening
            given = _LEVEL.search(tag.group("attributes")) if opening else None
            level = int(given.group("level")) if given else None
    return found


def split_cell(cell: str, state: LabelState) -> list[Item]:
    """The items of an activities cell, in order. ``state`` carries the label sequences from
    one row to the next, since an activity often continues on the next page."""
    items: list[Item] = []
    for block, list_item, level in _blocks(cell):
        found = _split_block(block, state)
        if list_item and found and found[0].kind == TEXT:
            found[0].kind = BULLET  # <li> is a bullet the converter did not write out
        if found:
            found[0].level = level
        items.extend(found)
    return items


def _opening(text: str, state: LabelState) -> tuple[str, str, int]:
    if match := _NUMBER_AT_START.match(text):
        state.restart()
        return NUMBER, match.group(1), match.end()
    if match := _LABEL_AT_START.match(text):
        label = match.group("paren") or match.group("bare")
        kind = state.kind_of(label, at_start=True)
        if kind:
            state.accept(kind, label)
            return kind, label, match.end()
    if match := _BULLET_AT_START.match(text):
        return BULLET, "", match.end()
    return TEXT, "", 0


def _next_marker(text: str, pos: int, state: LabelState, bulleted: bool):
    """The next label inside a paragraph: (start, end, kind, label), or None."""
    found = None
    for match in _LABEL_INSIDE.finditer(text, pos):
        kind = state.kind_of(match.group("paren"), at_start=False)
        if kind:
            found = (match.start(), match.end(), kind, match.group("paren"))
            break
    for match in _BULLET_INSIDE.finditer(text, pos):
        if found and match.start() >= found[0]:
            break
        before = text[: match.start()].rstrip()
        if not before or before[-1].isdigit():
            continue
        if bulleted or before.endswith(":"):
            found = (match.start(), match.end(), BULLET, "")
            break
    return found


def _split_block(text: str, state: LabelState) -> list[Item]:
    kind, label, pos = _opening(text, state)
    bulleted = kind in (BULLET, NUMBER)
    items = []
    while True:
        marker = _next_marker(text, pos, state, bulleted)
        end = marker[0] if marker else len(text)
        body = text[pos:end].strip()
        if body or kind != TEXT:
            items.append(Item(kind, label, body))
        if marker is None:
            return items
        _, pos, kind, label = marker
        state.accept(kind, label)
        bulleted = bulleted or kind == BULLET


# Imperatives that open the description of an activity whose title shares its paragraph
# ("1. IMG on biodiversity Further the cooperation …"), and the nouns made from them
# ("… on EMG accomplishments Preparations of a report …").
ACTION_VERBS = frozenset({
    "accelerate", "adopt", "advance", "agree", "analyse", "analyze", "assess", "assist", "build",
    "collaborate", "collect", "commission", "compile", "complete", "conduct", "consider",
    "consolidate", "contribute", "continue", "convene", "coordinate", "create", "define",
    "deliver", "design", "develop", "disseminate", "enable", "encourage", "engage", "enhance",
    "ensure", "establish", "evaluate", "expand", "explore", "facilitate", "finalise", "finalize",
    "foster", "further", "guide", "identify", "implement", "improve", "increase", "initiate",
    "integrate", "launch", "maintain", "mobilise", "mobilize", "monitor", "organise", "organize",
    "prepare", "present", "produce", "promote", "propose", "provide", "publish", "report",
    "respond", "review", "serve", "share", "strengthen", "submit", "support", "undertake",
    "update", "upload",
})  # fmt: skip
_NOMINAL = re.compile(r"^(?P<stem>[a-z]+?)(?:ations?|ments?)$")
_FUNCTION_WORDS = frozenset({
    "a", "an", "and", "at", "by", "for", "from", "in", "into", "its", "of", "on", "or", "the",
    "their", "to", "towards", "with",
})  # fmt: skip
_WORD = re.compile(r"(?<=\s)(?P<word>[A-Z][a-z]+)\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _is_action_word(word: str) -> bool:
    word = word.lower()
    if word in ACTION_VERBS:
        return True
    match = _NOMINAL.match(word)
    if not match:
        return False
    stem = match.group("stem")
    return any(verb == stem or verb.removesuffix("e") == stem for verb in ACTION_VERBS)


def split_title(text: str) -> tuple[str, str]:
    """An activity's title and the description that follows it in the same paragraph.

    The description starts at the first capitalised action word ("Further", "Provide",
    "Preparations") that begins a clause: not the first word, not right after a preposition or
    article ("on Review of …" is part of a name), and followed by a lower-case word ("Green
    Economy Provide a …" splits at "Provide", not at "Economy"). Without one, a paragraph of
    several sentences splits after its first sentence, and a single phrase is all title."""
    text = text.strip()
    for match in _WORD.finditer(text):
        before = text[: match.start()].split()
        after = text[match.end() :].split()
        if not before or before[-1].lower() in _FUNCTION_WORDS:
            continue
        if not after or not after[0][:1].islower():
            continue
        if _is_action_word(match.group("word")):
            return text[: match.start()].strip(" :;,"), text[match.start() :].strip()
    parts = _SENTENCE_END.split(text, maxsplit=1)
    if len(parts) == 2:
        return parts[0].rstrip("."), parts[1]
    return text.strip(" :;,"), ""
