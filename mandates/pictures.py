"""A mandate's life across SOMs as a picture: on a time axis, the periods it ran (established,
then each extension) ending where it was concluded or transferred, and below them a marker per
decision about it at the date of its meeting, each linked to the decision in its meeting's
action points. Drawn by templates/mandates/includes/life.html above the mandate's decisions,
which are the picture's text alternative.

The periods are replayed from the decisions as mandates.services.mandate_apply_decisions
replays the mandate's status: an establishment runs from its meeting to the date it names; an
extension from the end it extends (or its meeting, when the mandate had lapsed) to its new
date; a conclusion or transfer ends the period running.
"""

from __future__ import annotations

import datetime

from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from emg.pictures import FONT_SIZE, WIDTH, Fill, TimeAxis, short
from mandates.models import Decision, Mandate
from mandates.selectors import meeting_date

LEFT = 92  # the lanes' names
AXIS = 20
BAR_Y, BAR_HEIGHT = AXIS + 8, 20
MARKS_Y = BAR_Y + BAR_HEIGHT + 18  # the first decision's marker
STEP = 13  # between the markers of one meeting's decisions
BAR_LABEL_ROOM = 70


def fills() -> list[Fill]:
    return [
        Fill("established", _("Established"), "#4a78b5", "plain"),
        Fill("extended", _("Extended"), "#a6c8e8", "hatch"),
    ]


def _decisions(item: dict) -> list[Decision]:
    """The decisions about the mandate in a meeting of the timeline, in the order it reads."""
    found = []
    for block in item["sections"]:
        for entry in block["entries"]:
            if entry["about"]:
                found.append(entry["decision"])
            found.extend(sub["decision"] for sub in entry["items"])
    return found


def _periods(changes: list[tuple[datetime.date, Decision]]) -> tuple[list[dict], list[dict]]:
    periods: list[dict] = []
    ends: list[dict] = []
    running = None
    for day, decision in changes:
        if decision.verb == Decision.Verb.ESTABLISH:
            if running is not None and (running["end"] is None or running["end"] > day):
                running["end"] = day
            running = {"kind": "established", "start": day, "end": decision.effective_until}
            running["decision"] = decision
            periods.append(running)
        elif decision.verb == Decision.Verb.EXTEND:
            start = day
            if running is not None:
                if running["end"] is None:
                    running["end"] = day
                start = max(running["end"], day)
            running = {"kind": "extended", "start": start, "end": decision.effective_until}
            running["decision"] = decision
            periods.append(running)
        else:  # concluded or transferred: the period running ends at the meeting
            if running is not None and (running["end"] is None or running["end"] > day):
                running["end"] = day
            running = None
            ends.append({"kind": decision.verb, "day": day, "decision": decision})
    return periods, ends


def mandate_life(mandate: Mandate, timeline: list[dict]) -> dict | None:
    """The picture of ``mandate``'s life from its decision timeline
    (mandates.selectors.decision_timeline); None when no decision about it has a date. Reads
    the meetings' sessions for their dates: one query, however many meetings."""
    prefetch_related_objects([item["meeting"] for item in timeline], "sessions")
    meetings, undated = [], []
    for item in timeline:
        day = meeting_date(item["meeting"])
        if day is None:
            undated.append(item["meeting"])
        else:
            meetings.append((item["meeting"], day, _decisions(item)))
    if not meetings:
        return None
    changes = [
        (day, decision)
        for _meeting, day, decisions in meetings
        for decision in decisions
        if decision.changes_mandate
    ]
    periods, ends = _periods(changes)
    days = [day for _meeting, day, _decisions in meetings]
    today = timezone.localdate()
    for period in periods:
        period["open"] = period["end"] is None
        if period["open"]:  # runs on with no end decided: drawn to today or the last meeting
            period["end"] = max(today, *days)
        days += [period["start"], period["end"]]
    axis = TimeAxis.whole_years(min(days), max(days), left=LEFT, width=WIDTH - LEFT - 6)

    looks = {fill.key: fill for fill in fills()}
    bars = []
    for period in periods:
        x = axis.x(period["start"])
        # A mandate runs until the day it names, where the next period takes over.
        width = max(2.0, round(axis.x(period["end"]) - x, 1))
        fill = looks[period["kind"]]
        meeting = period["decision"].section.meeting
        if period["open"]:
            words = _("%(what)s at %(meeting)s, %(start)s, with no end date") % {
                "what": fill.label,
                "meeting": meeting,
                "start": date_format(period["start"], "j F Y"),
            }
        else:
            words = _("%(what)s at %(meeting)s, from %(start)s to %(end)s") % {
                "what": fill.label,
                "meeting": meeting,
                "start": date_format(period["start"], "j F Y"),
                "end": date_format(period["end"], "j F Y"),
            }
        bars.append(
            {
                **period,
                "x": x,
                "width": width,
                "label": fill.label if width >= BAR_LABEL_ROOM else "",
                "label_x": round(x + 4, 1),
                "words": words,
            }
        )
    # "Concluded", "Transferred": the status the decision leaves the mandate in.
    end_marks = [
        {
            "x": axis.x(end["day"]),
            # Its word after the line, or before it near the right edge.
            "before": axis.x(end["day"]) > WIDTH - BAR_LABEL_ROOM - 10,
            "label": Decision.STATUS_AFTER[end["kind"]].label,
            "words": _("%(what)s at %(meeting)s, %(day)s")
            % {
                "what": Decision.STATUS_AFTER[end["kind"]].label,
                "meeting": end["decision"].section.meeting,
                "day": date_format(end["day"], "j F Y"),
            },
        }
        for end in ends
    ]

    marks, tallest = [], 0
    for meeting, day, decisions in meetings:
        x = round((axis.x(day) + axis.x_after(day)) / 2, 1)
        url = reverse("meetings:detail", kwargs={"number": meeting.number})
        for position, decision in enumerate(decisions):
            y = MARKS_Y + STEP * position
            marks.append(
                {
                    "x": x,
                    "y": y,
                    "points": f"{x},{y - 6} {x + 6},{y} {x},{y + 6} {x - 6},{y}",
                    "changes": decision.changes_mandate,
                    "url": f"{url}#decision-{decision.pk}",
                    "words": f"{meeting} ({date_format(day, 'j F Y')}): "
                    f"{decision.get_verb_display()} \u2013 {short(decision.text, 160)}",
                }
            )
        tallest = max(tallest, len(decisions))
    names_y = MARKS_Y + STEP * (tallest - 1) + 18
    names = [
        {"x": round((axis.x(day) + axis.x_after(day)) / 2, 1), "label": str(meeting)}
        for meeting, day, _decisions in meetings
    ]
    sentences = []
    if bars or end_marks:
        sentences.append(
            "; ".join([bar["words"] for bar in bars] + [e["words"] for e in end_marks])
        )
    sentences.append(
        _("A marker for each of its %(count)s decisions, at the date of its meeting")
        % {"count": len(marks)}
    )
    if undated:
        sentences.append(
            _("The decisions of %(meetings)s, which have no date, are not drawn")
            % {"meetings": ", ".join(str(meeting) for meeting in undated)}
        )
    return {
        "id": f"mandate-life-{mandate.pk}",
        "title": _("The life of %(mandate)s across SOMs") % {"mandate": mandate.name},
        "description": " ".join(f"{sentence}." for sentence in sentences),
        "fills": fills(),
        "years": axis.years(),
        "bars": bars,
        "ends": end_marks,
        "marks": marks,
        "names": names,
        "names_y": names_y,
        "width": WIDTH,
        "height": names_y + 40,
        "font_size": FONT_SIZE,
        "left": LEFT,
        "bar_y": BAR_Y,
        "bar_height": BAR_HEIGHT,
        "bar_text_y": BAR_Y + 14,
        "marks_y": MARKS_Y,
        "end_text_y": BAR_Y - 2,
    }
