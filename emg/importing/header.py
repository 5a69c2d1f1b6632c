"""The head of an EMG document: which SOM it is for, where and when that meeting sits, and the
document's own symbol, date, distribution, title and author line.

The heads of the seed documents are laid out in many ways (lines, a two-column table, a title split
over two lines), so the head is cut into short segments and each segment is recognised by what it
says, not by where it stands.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from emg.importing import ImportProblem, Source
from emg.importing.text import (
    find_date,
    find_time_range,
    ordinal_value,
    strip_markup,
)
from emg.models import Language

MEETING = re.compile(
    r"(?P<before>.*?)\b(?P<ordinal>\d{1,3}\s*(?:st|nd|rd|th)|[a-z]+(?:-[a-z]+)?)\s+"
    r"(?:EMG\s+)?Senior\s+Officials[’']?\s*(?:Meeting|SOM)\b(?P<after>.*)",
    re.IGNORECASE,
)
HOSTED = re.compile(r"^Hosted\s+by\s+(?:the\s+)?(?P<name>.+?)\s*\((?P<acronym>[^)]+)\)", re.I)
SEGMENT = re.compile(r"^(?P<name>[\w\s'’-]*?\bsegment)\b\s*[:,]?\s*(?P<rest>.*)$", re.IGNORECASE)
DISTRIBUTION = re.compile(r"^Distribution\s*:\s*(?P<value>.+)$", re.IGNORECASE)
AUTHOR = re.compile(
    r"^(?:Note|Report|Submission|Proposal|Paper|Statement)\s+(?:by|of)\s+(?:the\s+)?\S.*$", re.I
)
SYMBOL = re.compile(r"^(?=.*\d)(?=.*[/._])[A-Z]{2,}[A-Za-z0-9]*(?:[ /._-][A-Za-z0-9.\-]+)*$")
AGENDA_ITEM = re.compile(
    r"^(?:Agenda\s+item\s+(?P<number>\d+[a-z]?)\b"
    r"|Item\s+(?P<item>\d+[a-z]?)\s+of\s+the\s+(?:provisional\s+)?agenda\b)",
    re.IGNORECASE,
)
# The language the document was written in, as UN heads give it ("Original: English").
ORIGINAL = re.compile(r"^Original\s*:\s*(?P<language>[A-Za-z]+)$", re.IGNORECASE)
DRAFT = re.compile(r"^DRAFT\b", re.IGNORECASE)
# A revision's symbol: "EMG/SOM.19/03/Rev.1" revises "EMG/SOM.19/03".
REVISION = re.compile(r"^(?P<base>.+?)/Rev\.?\s*(?P<number>\d+)$", re.IGNORECASE)
ONLINE = re.compile(
    r"\b(online|virtual|GoToMeeting|Zoom|Microsoft Teams|Teams|WebEx|Skype)\b", re.IGNORECASE
)
TIME_ZONE = re.compile(r"\b(?P<zone>[A-Z][A-Za-z]+|[A-Z]{2,5})\s+time\b")
SUBTITLE = re.compile(r"^(As\s+approved|As\s+adopted|Subject\s+to|Revised)\b", re.IGNORECASE)
BODY_START = re.compile(
    r"^\s*(?:#+\s*)?\*?(?:Introduction\b|[IVX]+\.\s|[A-H]\.\s|\d+\.\s|The Senior Officials)",
    re.IGNORECASE,
)
# The line under the head of a plan the workspace exports: its state, its revision and its SOM
# ("Draft · original, for SOM 27", "Approved · Rev.1, approved by SOM 27").
STATE_LINE = re.compile(
    r"^(?P<state>Draft|Proposed|Approved|Superseded)\s*·\s*(?:original|Rev\.\s*(?P<revision>\d+))"
    r"(?:,\s*(?:approved\s+by|for)\s+SOM\s*(?P<meeting>\d{1,3}))?$",
    re.IGNORECASE,
)
FOOTNOTE_MARK = re.compile(r"\s*[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*$")


@dataclass
class SessionInfo:
    segment: str  # a Session.Segment value
    date: datetime.date | None = None
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    time_zone: str = ""
    venue: str = ""
    online: bool = False
    online_platform: str = ""


@dataclass
class Header:
    meeting_number: int | None = None
    meeting_title: str = ""
    host_name: str = ""
    host_acronym: str = ""
    sessions: list[SessionInfo] = field(default_factory=list)
    symbol: str = ""
    symbol_line: int | None = None
    date: datetime.date | None = None
    distribution: str = ""
    title: str = ""
    subtitle: str = ""
    author_line: str = ""
    draft: bool = False
    state: str = ""  # as a state line says it ("approved"), lower case
    revision: int | None = None  # as a state line says it: 0 for the original
    agenda_item: str = ""
    language: str = ""  # the original's, as "Original: French" says it: "fr"
    title_line: int | None = None
    end_line: int = 1  # the first line of the body

    @property
    def document_date(self) -> datetime.date | None:
        return self.date or next((s.date for s in self.sessions if s.date), None)


def language_code(name: str) -> str:
    """The code of the UN language ``name`` names in English ("French": "fr"), or ""."""
    return next(
        (code for code, label in Language.choices if str(label).lower() == name.lower()), ""
    )


def segment_kind(name: str) -> str:
    words = name.lower()
    if "mid-term" in words or "midterm" in words or "mid term" in words:
        return "mid_term_technical"
    if "senior" in words or "high-level" in words:
        return "senior"
    if "technical" in words or "preparatory" in words:
        return "technical"
    return "other"


def _segments(source: Source, end_line: int):
    """(line number, text) for each short piece of the head: table cells, the paragraphs of a
    cell, bold runs and runs separated by wide spaces are pieces of their own."""
    for number, raw in source.numbered():
        if number >= end_line:
            return
        for cell in raw.split("\t"):
            for part in re.split(r"</?b>|</?p\b[^>]*>|<br\s*/?>|\s{2,}", cell):
                text = strip_markup(part)
                if text and not re.fullmatch(r"[\W_]+", text):
                    yield number, text


def find_body_start(source: Source, start: int = 1) -> int:
    """The first line after the title block that begins the body of the document."""
    for number, line in source.numbered(start):
        text = strip_markup(line)
        if not text:
            continue
        if BODY_START.match(text) or (len(text) > 250 and "\t" not in line):
            return number
    return len(source.lines) + 1


def _session_details(info: SessionInfo, text: str) -> None:
    found = find_date(text)
    if found and info.date is None:
        info.date = found[0]
    times = find_time_range(text)
    if times:
        info.start_time, info.end_time = times[0], times[1]
        zone = TIME_ZONE.search(text[times[2].end() :])
        if zone:
            info.time_zone = f"{zone.group('zone')} time"
    online = ONLINE.search(text)
    if online:
        info.online = True
        if online.group(1).lower() not in {"online", "virtual"}:
            info.online_platform = online.group(1)


def parse_header(source: Source, end_line: int | None = None) -> Header:
    """Read the head of ``source`` up to ``end_line`` (by default, where the body starts)."""
    header = Header(end_line=end_line or find_body_start(source))
    seen_meeting = False
    loose: list[tuple[int, str]] = []  # unrecognised pieces after the meeting line
    title_parts: list[tuple[int, str]] = []
    for number, text in _segments(source, header.end_line):
        bare = FOOTNOTE_MARK.sub("", text)
        if header.title and not header.author_line and AUTHOR.match(bare):
            header.author_line = bare
            continue
        if title_parts and SUBTITLE.match(bare):
            header.subtitle = bare
            continue
        if (match := AGENDA_ITEM.match(bare)) and not header.agenda_item:
            header.agenda_item = match.group("number") or match.group("item")
            continue
        if match := ORIGINAL.match(bare):
            header.language = language_code(match.group("language"))
            continue
        if (match := STATE_LINE.match(bare)) and not header.state:
            header.state = match.group("state").lower()
            header.revision = int(match.group("revision") or 0)
            header.draft = header.draft or header.state == "draft"
            if match.group("meeting") and not header.meeting_number:
                header.meeting_number = int(match.group("meeting"))
            continue
        if DRAFT.match(bare) and len(bare) < 12:
            header.draft = True
            continue
        if (match := DISTRIBUTION.match(bare)) and not header.distribution:
            header.distribution = match.group("value").strip()
            continue
        if not header.meeting_number and not title_parts and (match := MEETING.match(bare)):
            number_ = ordinal_value(match.group("ordinal"))
            if number_:
                header.meeting_number = number_
                header.meeting_title = _meeting_title(bare, match)
                seen_meeting = True
                before = match.group("before").strip()
                if re.search(r"segment", before, re.IGNORECASE):
                    header.sessions.append(SessionInfo(segment=segment_kind(before)))
                continue
        if (match := HOSTED.match(bare)) and not header.host_acronym:
            header.host_name = match.group("name").strip()
            header.host_acronym = match.group("acronym").strip()
            continue
        if seen_meeting and not title_parts and (match := SEGMENT.match(bare)):
            info = SessionInfo(segment=segment_kind(match.group("name")))
            _session_details(info, match.group("rest"))
            header.sessions.append(info)
            continue
        if not header.symbol and SYMBOL.match(bare) and len(bare) <= 50 and bare.count(" ") <= 2:
            header.symbol = bare
            header.symbol_line = number
            continue
        found = find_date(bare)
        if found and len(bare) - len(found[1].group(0)) < 8:
            # Before the symbol a date line belongs to the meeting; after it, to the document.
            if seen_meeting and not header.symbol and header.sessions:
                if header.sessions[-1].date is None:
                    header.sessions[-1].date = found[0]
            elif header.date is None:
                header.date = found[0]
            continue
        if (
            seen_meeting
            and not title_parts
            and (ONLINE.fullmatch(bare) or find_time_range(bare) or ONLINE.match(bare))
        ):
            if not header.sessions:
                header.sessions.append(SessionInfo(segment="other"))
            for info in header.sessions:
                _session_details(info, bare)
            continue
        if title_parts:
            if header.author_line or number > title_parts[-1][0] + 1:
                continue  # the title is the first unrecognised block, on consecutive lines
        elif _is_letterhead(bare) and not seen_meeting:
            continue
        elif seen_meeting and not (header.symbol or header.distribution):
            loose.append((number, bare))  # between the meeting line and the symbol: the venue
            continue
        title_parts.append((number, bare))
        header.title = " ".join(part for _, part in title_parts)
        header.title_line = title_parts[0][0]
    if not title_parts and loose:
        # No symbol or distribution between the meeting line and the title (a plan's head may
        # have neither): the pieces taken for the venue are the title, then perhaps an author
        # line, then what the head says of the document ("Period: 2021–2022").
        (header.title_line, header.title), *rest = loose
        if rest and AUTHOR.match(rest[0][1]) and not header.author_line:
            header.author_line = rest[0][1]
        loose = []
    if loose:
        venue = "; ".join(text for _, text in loose)
        for info in header.sessions:
            if not info.online and not info.venue:
                info.venue = venue
    if header.title:
        header.title = re.sub(r"\s+", " ", header.title).strip()
    if not header.title:
        raise ImportProblem("the document has no title before its body", line=header.end_line)
    return header


def _meeting_title(text: str, match: re.Match) -> str:
    before = match.group("before")
    title = text[len(before) :] if re.search(r"segment", before, re.IGNORECASE) else text
    return re.sub(r"^(?:of\s+)?the\s+", "", title.strip(), flags=re.IGNORECASE)


_LETTERHEAD = {"UNITED NATIONS", "ENVIRONMENT MANAGEMENT GROUP", "EMG"}


def _is_letterhead(text: str) -> bool:
    """The organisation's header: capitals, the name in other languages, the EMG logo text."""
    if text.upper() == text or text in _LETTERHEAD:
        return True
    latin = sum(ch.isascii() for ch in text if ch.isalpha())
    letters = sum(ch.isalpha() for ch in text) or 1
    return latin / letters < 0.5 or bool(
        re.search(r"\b(Programme des|Programa de|Nations Unies|Naciones Unidas)\b", text)
    )
