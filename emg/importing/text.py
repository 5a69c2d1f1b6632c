"""Reading the text of legacy EMG documents: the small amount of markup they carry (<p>, <ul>,
<b>, <sup>, Markdown emphasis), dates, times and ordinals written the UN way."""

import datetime
import html
import re

from emg.schedules import MONTHS

_TAG = re.compile(r"<[^>]+>")
_INLINE_TAG = re.compile(r"</?(?:sup|sub|b|i|u|em|strong|span|a|small)\b[^>]*>", re.IGNORECASE)
_BLOCK_TAG = re.compile(r"</?(?:p|ul|ol|li|div|br|hr|tr|td|table)\b[^>]*>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200b]+")
_MARKDOWN = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|^#+\s*)", re.MULTILINE)
SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")

ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40}
ORDINAL = (
    r"(?:(?P<digits>\d{1,3})\s*(?:<sup>\s*)?(?:st|nd|rd|th)(?:\s*</sup>)?"
    r"|(?P<words>(?:(?:twenty|thirty|forty)[-\s])?(?:" + "|".join(ORDINAL_WORDS) + r")))"
)


# A line break inside a table cell's paragraph: a row of the text form is one line, so a Word
# file's line break in a cell is written as the Unicode line separator, read back as a newline.
LINE_BREAK = "\u2028"
_LINE_BREAK = re.compile(rf" ?{LINE_BREAK} ?")


def strip_markup(text: str) -> str:
    """Inline text without tags, entities or emphasis marks, on one line (but for the line
    breaks a cell's paragraph keeps)."""
    text = _INLINE_TAG.sub("", text)
    text = _TAG.sub(" ", text)
    text = _MARKDOWN.sub("", text)
    text = html.unescape(text)
    text = _SPACES.sub(" ", text).strip()
    return _LINE_BREAK.sub("\n", text) if LINE_BREAK in text else text


def paragraphs(cell: str) -> list[str]:
    """The paragraphs of a table cell or block: split at block tags, cleaned, empties dropped."""
    return [p for p in (strip_markup(part) for part in _BLOCK_TAG.split(cell)) if p]


def ordinal_value(text: str) -> int | None:
    """ "26th", "26<sup>th</sup>", "sixteenth", "twenty-first" → the number."""
    match = re.search(ORDINAL, text, re.IGNORECASE)
    if not match:
        return None
    if match.group("digits"):
        return int(match.group("digits"))
    words = re.split(r"[-\s]", match.group("words").lower())
    return sum(_TENS.get(word) or ORDINAL_WORDS[word] for word in words)


_DATE = re.compile(
    r"(?P<day>\d{1,2})\s*(?:<sup>\s*)?(?:st|nd|rd|th)?(?:\s*</sup>)?\s+"
    r"(?P<month>[A-Za-z]{3,9})\.?,?\s+(?P<year>(?:19|20)\d\d)"
    r"|(?P<month2>[A-Za-z]{3,9})\.?\s+(?P<day2>\d{1,2}),?\s+(?P<year2>(?:19|20)\d\d)"
)


def find_date(text: str) -> tuple[datetime.date, re.Match] | None:
    """The first date written in ``text`` ("29 April 2020", "28 <sup>th</sup> October 2020",
    "7th October 2020", "September 23, 2009"), with the match."""
    for match in _DATE.finditer(text):
        day = match.group("day") or match.group("day2")
        month = MONTHS.get((match.group("month") or match.group("month2")).lower())
        year = match.group("year") or match.group("year2")
        if month is None:
            continue
        try:
            return datetime.date(int(year), month, int(day)), match
        except ValueError:
            continue
    return None


_TIME = r"(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?\s?m\.?|p\.?\s?m\.?)?"
_TIME_RANGE = re.compile(
    r"(?:from\s+)?" + _TIME + r"\s*(?:[-\u2010-\u2015]|to)\s*" + _TIME, re.IGNORECASE
)


def _clock(hour: str, minute: str | None, meridiem: str | None) -> datetime.time:
    value = int(hour)
    if meridiem:
        pm = meridiem.lower().startswith("p")
        if pm and value < 12:
            value += 12
        if not pm and value == 12:
            value = 0
    return datetime.time(value, int(minute or 0))


def find_time_range(text: str) -> tuple[datetime.time, datetime.time, re.Match] | None:
    """ "9:00 a.m. – 12:30 p.m.", "3:00 – 6:00 p.m.", "from 3:00 p.m. to 5:00 p.m.",
    "14:00 -15:30". A start without a.m./p.m. takes the end's, unless that would put it after
    the end ("11:00 – 1:00 p.m." is late morning to early afternoon)."""
    for match in _TIME_RANGE.finditer(text):
        h1, m1, ap1, h2, m2, ap2 = match.groups()
        if m1 is None and m2 is None and not (ap1 or ap2):
            continue  # "2014 - 2015" or "1-3" are not times
        try:
            end = _clock(h2, m2, ap2)
            start = _clock(h1, m1, ap1 or ap2)
            if not ap1 and ap2 and start > end:
                start = _clock(h1, m1, "a.m.")
        except ValueError:
            continue
        return start, end, match
    return None


def find_footnote_mark(text: str, number: int, start: int = 0) -> re.Match | None:
    """Where footnote ``number`` is marked in body text: a superscript digit ("Group¹"), or the
    number glued to the end of a word or a year ("20091", "Nations,2")."""
    superscript = str(number).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    glued = re.compile(
        rf"\s?{re.escape(superscript)}"
        rf"|(?<=[A-Za-z\)\]’'\",;:.])\s?{number}(?=[\s,;:.)]|$)"
        rf"|(?<=\b(?:19|20)\d\d){number}(?=[\s,;:.)]|$)"
    )
    return glued.search(text, start)
