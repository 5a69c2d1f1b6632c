"""Reading the cells of a legacy progress report's tables: the status a progress paragraph starts
with, the paragraphs of a cell (a list inside one stays in the paragraph it finishes), and text
carried over a page break."""

from __future__ import annotations

import re

from emg.importing.text import paragraphs, strip_markup
from progress.models import Status

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
# What a status would look like if the report used one we do not know: up to three words before
# a colon ("Delayed: …", "On hold: …"), or one word alone or before a full stop or a dash
# ("Delayed.", "Cancelled – …").
STATUS_LIKE = re.compile(
    r"^(?P<word>[A-Z][A-Za-z-]*(?:[ /][A-Za-z-]+){0,2})\s*:"
    r"|^(?P<single>[A-Z][a-z]+(?:[-/][A-Za-z]+)?)(?:\s*\.(?:\s|$)|\s+[-\u2013\u2014]\s+|\s*$)"
)


def unknown_status(text: str) -> str | None:
    """The word a paragraph starts with when it looks like a status the reader does not know."""
    match = STATUS_LIKE.match(text)
    if not match or read_status(text):
        return None
    return match.group("word") or match.group("single")


def read_status(text: str) -> tuple[Status, str] | None:
    """The status a progress paragraph starts with and the text after it, or None."""
    match = _STATUS.match(text)
    if not match:
        return None
    word = re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", match.group("word").lower()))
    return STATUS_WORDS[word], text[match.end() :].strip()


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


def carries_on(paragraphs_: list[str], more: list[str]) -> bool:
    """Whether ``more`` reads as the rest of ``paragraphs_`` cut at a page break: the sentence
    before is unfinished, or the text goes on in lower case."""
    if not paragraphs_ or not more:
        return False
    return not _ends_sentence(paragraphs_[-1]) or more[0][:1].islower()


def carry_on(paragraphs_: list[str], more: list[str]) -> None:
    """Append ``more`` to ``paragraphs_`` the way the text reads across a page break: a
    sentence cut in the middle is joined with a space, anything else is a new paragraph."""
    if not more:
        return
    first, *rest = more
    if carries_on(paragraphs_, more):
        paragraphs_[-1] = f"{paragraphs_[-1]} {first}"
    else:
        paragraphs_.append(first)
    paragraphs_.extend(rest)
