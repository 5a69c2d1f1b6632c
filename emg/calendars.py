"""Calendars in iCalendar form: the events each app contributes, and the feeds made of them.

A person's feed (/calendar/<token>.ics) gathers what that person may see from every app: the SOM
sessions (emg), the deadlines of reporting rounds and of the person's own tasks (progress), and
the milestones of the mandates the person is a focal point of (workplans). emg may not import the
apps to its right, so each keeps its events in its ``calendars.py`` and registers a function
with ``@calendars.source(...)``; the feed only asks this registry. Like a panel's, a source's
function must run a constant number of queries whatever the number of events.

Events keep their UID from one fetch to the next (``<kind>-<pk>@<host of SITE_URL>``), so that a
calendar client updates an event rather than adding it again; SEQUENCE follows the row's
version. A date without a time is an all-day event.
"""

from __future__ import annotations

import datetime
import functools
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from emg.models import Session

# Meetings are announced in Geneva time unless a session names another zone.
DEFAULT_TIME_ZONE = "Europe/Zurich"
PRODUCT = "-//EMG Secretariat Workspace//Calendar//EN"


@dataclass(frozen=True)
class Event:
    """One event of a feed. ``start`` and ``end`` are both dates (all day; ``end`` inclusive,
    None for one day) or both aware datetimes (``end`` None when unknown)."""

    kind: str  # with ``pk``, the event's identity: "session", "round-deadline" …
    pk: int
    summary: str
    start: datetime.date | datetime.datetime
    end: datetime.date | datetime.datetime | None = None
    description: str = ""
    location: str = ""
    url: str = ""
    version: int = 1
    # Whether the event takes the person's time (a session) or only marks a date (a deadline).
    busy: bool = False

    @property
    def uid(self) -> str:
        return f"{self.kind}-{self.pk}@{site_host()}"


Source = Callable[[object], Iterable[Event]]
_sources: dict[str, Source] = {}


def source(name: str) -> Callable[[Source], Source]:
    """Register the decorated function as the source ``name`` of personal feeds: given a user
    (active, with a role), it returns the events that user may see. Registering a name again
    replaces the earlier source."""

    def register(function: Source) -> Source:
        _sources[name] = function
        return function

    return register


@functools.cache
def discover() -> None:
    """Import every app's ``calendars`` module (which registers its sources), once a process."""
    autodiscover_modules("calendars")


def events_for(user) -> list[Event]:
    """Every event of ``user``'s personal feed, from every app, in order of time."""
    discover()
    events = [event for name in sorted(_sources) for event in _sources[name](user)]
    return sorted(events, key=lambda e: (_sort_key(e.start), e.kind, e.pk))


def _sort_key(moment) -> datetime.datetime:
    if isinstance(moment, datetime.datetime):
        return moment.astimezone(datetime.UTC)
    return datetime.datetime.combine(moment, datetime.time.min, tzinfo=datetime.UTC)


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def shorten(text: str, length: int = 80) -> str:
    """``text`` on one line, cut to ``length`` characters: an event's title, whose whole text
    is in its description."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def feed(events: Iterable[Event], *, name: str) -> bytes:
    """The iCalendar text of ``events``, as a calendar named ``name``. icalendar escapes the
    text (commas, semicolons, new lines) and folds long lines."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for event in events:
        calendar.add_component(_component(event, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _component(event: Event, stamp: datetime.datetime) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", event.uid)
    component.add("dtstamp", stamp)
    component.add("sequence", max(event.version - 1, 0))
    component.add("summary", event.summary)
    if isinstance(event.start, datetime.datetime):
        component.add("dtstart", event.start)
        if event.end is not None:
            component.add("dtend", event.end)
    else:
        # All day: DTEND is the day after the last (RFC 5545, 3.6.1).
        last = event.end or event.start
        component.add("dtstart", event.start)
        component.add("dtend", last + datetime.timedelta(days=1))
    if event.description:
        component.add("description", event.description)
    if event.location:
        component.add("location", event.location)
    if event.url:
        component.add("url", event.url)
    component.add("transp", "OPAQUE" if event.busy else "TRANSPARENT")
    return component


# The Group's own events: SOM sessions.


def session_zone(session) -> zoneinfo.ZoneInfo:
    """The session's time zone when it names one the zone database knows ("Africa/Nairobi"),
    else Geneva's: the field also holds announcements such as "Geneva time"."""
    name = (session.time_zone or "").strip()
    if name and "/" in name:
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE)


def session_event(session) -> Event:
    """The event of a dated session (``session.meeting`` loaded with it)."""
    meeting = session.meeting
    start: datetime.date | datetime.datetime = session.date
    end: datetime.date | datetime.datetime | None = None
    if session.start_time is not None:
        zone = session_zone(session)
        start = datetime.datetime.combine(session.date, session.start_time, tzinfo=zone)
        if session.end_time is not None:
            end = datetime.datetime.combine(session.date, session.end_time, tzinfo=zone)
    location = session.place or (_("Online") if session.online else "")
    return Event(
        kind="session",
        pk=session.pk,
        summary=f"{meeting} · {session.get_segment_display()}",
        start=start,
        end=end,
        description=meeting.ordinal_title,
        location=location,
        url=absolute(reverse("meetings:detail", kwargs={"number": meeting.number})),
        version=session.version,
        busy=True,
    )


def session_events(sessions) -> list[Event]:
    return [session_event(s) for s in sessions.filter(date__isnull=False).select_related("meeting")]


@source("emg.sessions")
def sessions_of_meetings(user) -> list[Event]:
    """Every dated session of every meeting: everyone with a role sees the meetings."""
    return session_events(Session.objects.all())
