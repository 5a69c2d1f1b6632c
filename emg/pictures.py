"""What the pictures drawn on the server share: a time axis, the fills of their bars and how long
a label may run.

Each picture is an SVG written inline by a template from geometry its app computes in Python (a
mandate's life: mandates/pictures.py; a work plan's Gantt: workplans/pictures.py; a round's and a
report's progress: progress/pictures.py). The Content-Security-Policy forbids inline style, so
the SVG carries presentation attributes only (fill, stroke, x, y …), never a style attribute or
element; the same markup prints in the PDFs, where WeasyPrint draws it. Every fill is a colour
with a pattern over it (templates/emg/includes/picture_fills.html), so that bars stay apart in
black-and-white print.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.text import Truncator

# The width every picture is drawn at, in SVG units: printed on A4 it is shrunk to the text's
# width, at which a label of FONT_SIZE reads as about 8 points.
WIDTH = 680
FONT_SIZE = 11


@dataclass(frozen=True)
class Fill:
    """How a kind of bar is filled: ``key`` names it (a status, a state), ``label`` is what the
    legend says, ``pattern`` the marks over the colour: "plain", "hatch", "back" (hatched the
    other way), "dots" or "cross"."""

    key: str
    label: str
    colour: str
    pattern: str


def short(text: str, length: int) -> str:
    """``text`` cut to ``length`` characters with an ellipsis: a label must fit its column; the
    whole text is in the picture's text alternative."""
    return Truncator(" ".join(text.split())).chars(length)


@dataclass(frozen=True)
class Tick:
    x: float
    width: float
    label: str


@dataclass(frozen=True)
class TimeAxis:
    """Days from ``first`` to ``last`` (both shown) laid across ``width`` units from ``left``."""

    first: datetime.date
    last: datetime.date
    left: float
    width: float

    @classmethod
    def whole_years(cls, first: datetime.date, last: datetime.date, *, left: float, width: float):
        return cls(datetime.date(first.year, 1, 1), datetime.date(last.year, 12, 31), left, width)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def x(self, day: datetime.date) -> float:
        """Where ``day`` starts."""
        day = min(max(day, self.first), self.last + datetime.timedelta(days=1))
        return round(self.left + self.width * (day - self.first).days / self.days, 1)

    def x_after(self, day: datetime.date) -> float:
        """Where ``day`` ends."""
        return self.x(day + datetime.timedelta(days=1))

    def years(self) -> list[Tick]:
        """One tick per year; with many years, only every second or fifth is labelled, so that
        labels never overlap."""
        count = self.last.year - self.first.year + 1
        step = 1 if count <= 12 else 2 if count <= 24 else 5
        ticks = []
        for year in range(self.first.year, self.last.year + 1):
            start = self.x(max(self.first, datetime.date(year, 1, 1)))
            end = self.x_after(min(self.last, datetime.date(year, 12, 31)))
            label = str(year) if (year - self.first.year) % step == 0 else ""
            ticks.append(Tick(start, round(end - start, 1), label))
        return ticks

    def quarters(self) -> list[Tick]:
        ticks = []
        for year in range(self.first.year, self.last.year + 1):
            for quarter in range(1, 5):
                start = datetime.date(year, 3 * quarter - 2, 1)
                end = datetime.date(year + quarter // 4, 3 * quarter % 12 + 1, 1)
                if end <= self.first or start > self.last:
                    continue
                x = self.x(start)
                ticks.append(Tick(x, round(self.x(end) - x, 1), f"Q{quarter}"))
        return ticks
