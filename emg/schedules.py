"""Schedules as UN work plans write them, and the one place they are parsed and written.

A schedule runs from a start period to an end period; each period is a month or a quarter of a
year. They are stored as two dates (first day of the start period, last day of the end period) with
a precision each, and written back the way the documents do:

    October 2021 – September 2022      January – September 2022      February 2022
    Q1/Q2 2022                         Q3 2022                       September 2021 – Q2 2022
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

DASH = "\u2013"  # en dash, as UN documents use between the ends of a range
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9


class Precision(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")


PRECISIONS = frozenset(Precision.values)  # Precision.values makes a new list each time


@dataclass(frozen=True, order=True)
class Period:
    """A month (index 1–12) or a quarter (index 1–4) of a year."""

    year: int
    precision: str
    index: int

    def __post_init__(self):
        top = 12 if self.precision == Precision.MONTH else 4
        if self.precision not in PRECISIONS or not 1 <= self.index <= top:
            raise ValueError(f"no such period: {self.precision} {self.index} of {self.year}")

    @property
    def first_month(self) -> int:
        return self.index if self.precision == Precision.MONTH else 3 * self.index - 2

    @property
    def last_month(self) -> int:
        return self.index if self.precision == Precision.MONTH else 3 * self.index

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.first_month, 1)

    @property
    def last_day(self) -> datetime.date:
        days = calendar.monthrange(self.year, self.last_month)[1]
        return datetime.date(self.year, self.last_month, days)

    @classmethod
    def starting(cls, day: datetime.date, precision: str) -> "Period":
        index = day.month if precision == Precision.MONTH else (day.month - 1) // 3 + 1
        return cls(day.year, precision, index)

    def name(self, with_year: bool = True) -> str:
        if self.precision == Precision.MONTH:
            text = calendar.month_name[self.index]
        else:
            text = f"Q{self.index}"
        return f"{text} {self.year}" if with_year else text


@dataclass(frozen=True)
class Schedule:
    start: Period
    end: Period

    def __post_init__(self):
        if self.end.last_day < self.start.first_day:
            raise ValueError(_("The end of a schedule cannot come before its start."))

    @classmethod
    def from_dates(
        cls, start: datetime.date, start_precision: str, end: datetime.date, end_precision: str
    ) -> "Schedule":
        return cls(Period.starting(start, start_precision), Period.starting(end, end_precision))

    def __str__(self) -> str:
        start, end = self.start, self.end
        if start == end:
            return start.name()
        if start.year == end.year and start.precision == end.precision:
            if start.precision == Precision.QUARTER and end.index == start.index + 1:
                return f"Q{start.index}/Q{end.index} {end.year}"
            return f"{start.name(with_year=False)} {DASH} {end.name()}"
        return f"{start.name()} {DASH} {end.name()}"

    def overlaps(self, first: datetime.date, last: datetime.date) -> bool:
        return self.start.first_day <= last and first <= self.end.last_day


_TOKEN = re.compile(
    r"(?P<quarters>Q(?P<q1>[1-4])(?:\s*[/&-]\s*Q(?P<q2>[1-4]))?)"
    r"|\bH(?P<half>[12])\b"
    r"|(?P<dash>[-\u2010-\u2015]|\bto\b)"
    r"|(?P<month>[A-Za-z]{2,})\.?"
    r"|(?P<year>(?:19|20)\d\d)",
    re.IGNORECASE,
)


# Words that say how the date after them is meant: a deadline ("by December 2023", "by end of
# 2023"), a whole year ("Throughout 2023"), or work that runs all through the plan ("Ongoing").
DEADLINE_WORDS = frozenset({"by", "until", "till", "before", "end"})
WHOLE_YEAR_WORDS = frozenset({"throughout", "during", "in"})
ONGOING_WORDS = frozenset({"ongoing", "continuous", "continuing", "continual"})


class ScheduleSyntaxError(ValueError):
    pass


def parse_schedules(text: str, *, plan: tuple[int, int] | None = None) -> list[Schedule]:
    """Read every schedule in a work-plan cell, in order.

    A cell may hold several ("February 2022 October 2021 - September 2022"). A month or quarter
    without a year takes the year that follows it and opens a range with the period that has it
    ("January September 2022", "January - September 2022"); two periods joined by a dash make a
    range; "Q1/Q2 2022" is the range Q1 to Q2, and a half year ("H2 2023") the range of its two
    quarters. A range whose start borrowed its year and would then come after its end starts the
    year before ("December – February 2022" runs from December 2021).

    ``plan`` is the first and last year of the plan the cell belongs to. A deadline ("by December
    2023", "by end of 2023") is work due by then, not work of that month alone: it runs from the
    plan's first month (or the first of its own year, when that comes later or no plan is given)
    to the date due. "Throughout 2023" is the whole year; "Ongoing" (or "Continuous") is the
    whole plan when the cell names no date of its own ("Ongoing until June 2023" is
    a deadline), and no date when no plan is given.

    Raises ScheduleSyntaxError for anything it cannot read as schedules, including a range that
    ends before it starts.
    """
    pieces: list[dict | str] = []  # periods being read, and "-" for a joining dash
    meaning = ""  # "due" or "year": what the words just read say of the date that follows
    ongoing = False
    for match in _TOKEN.finditer(text):
        if match.group("quarters") or match.group("half"):
            if match.group("half"):
                first = 2 * int(match.group("half")) - 1
                last = first + 1
            else:
                first = int(match.group("q1"))
                last = int(match.group("q2") or first)
            piece = {"precision": Precision.QUARTER, "first": first, "last": last}
            pieces.append({**piece, "due": meaning == "due"})
            meaning = ""
        elif match.group("month"):
            word = match.group("month").lower()
            if month := MONTHS.get(word):
                piece = {"precision": Precision.MONTH, "first": month, "last": month}
                pieces.append({**piece, "due": meaning == "due"})
                meaning = ""
            elif word in DEADLINE_WORDS:
                meaning = "due"
            elif word in WHOLE_YEAR_WORDS or word in ONGOING_WORDS:
                meaning = "year"  # "Ongoing 2022" is the whole of 2022
                ongoing = ongoing or word in ONGOING_WORDS
            # other words ("of", "the", "and") carry no date
        elif match.group("year"):
            year = int(match.group("year"))
            pending = [p for p in pieces if p != "-" and "year" not in p]
            if not pending and meaning:
                # a year alone: due by its end, or all of it
                first = 12 if meaning == "due" else 1
                piece = {"precision": Precision.MONTH, "first": first, "last": 12}
                pieces.append(
                    {**piece, "due": meaning == "due", "year": year, "opens_range": False}
                )
                meaning = ""
                continue
            if not pending:
                raise ScheduleSyntaxError(f"a year with no month or quarter before it: {text!r}")
            for piece in pending:
                piece["year"] = year
                piece["opens_range"] = piece is not pending[-1]
        else:
            pieces.append("-")

    schedules: list[Schedule] = []
    extend_last = start_borrowed_year = False
    try:
        for piece in pieces:
            if piece == "-":
                extend_last = bool(schedules)
                continue
            if "year" not in piece:
                raise ScheduleSyntaxError(f"a month or quarter without a year: {text!r}")
            first = Period(piece["year"], piece["precision"], piece["first"])
            last = Period(piece["year"], piece["precision"], piece["last"])
            if piece.get("due"):
                opens = plan[0] if plan is not None and plan[0] <= last.year else last.year
                first = Period(opens, last.precision, 1)
            if extend_last:
                start = schedules[-1].start
                if start_borrowed_year and start.first_day > last.last_day:
                    start = Period(start.year - 1, start.precision, start.index)
                schedules[-1] = Schedule(start, last)
            else:
                schedules.append(Schedule(first, last))
                start_borrowed_year = piece["opens_range"]
            extend_last = piece["opens_range"]
    except ScheduleSyntaxError:
        raise
    except ValueError as exc:  # a period that does not exist, or a range that ends too early
        raise ScheduleSyntaxError(f"{str(exc).rstrip('.')}: {text!r}") from exc
    if ongoing and not schedules and plan is not None:
        first_year, last_year = plan
        schedules.append(
            Schedule(Period(first_year, Precision.MONTH, 1), Period(last_year, Precision.MONTH, 12))
        )
    return schedules
