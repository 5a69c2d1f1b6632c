"""Carrying a plan forward: what the next biennium's draft takes from this one
(``workplans.services.work_plan_carry_forward`` writes it).

The new plan covers the period that follows (2021–2022 → 2023–2024), is a draft at revision 0
with no SOM yet, and copies the introduction, footnotes, numbering, outcomes, activities and
milestones. Schedules move forward by the length of the period ("October 2021 – September 2022"
becomes "October 2023 – September 2024"): the new plan starts from the rhythm of the last one and
the secretariat adjusts what differs, which is less work than typing every schedule again; the
introduction and footnotes are copied unchanged, to be rewritten.

Activities whose mandate will have ended by the first day of the new period (concluded or
transferred, or with an end date before it) are left out, and listed with the reason for review.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from emg.schedules import Period, Schedule
from mandates.models import Mandate
from workplans.references import Citations


def next_period(plan) -> tuple[int, int]:
    """The period after the plan's, of the same length: 2021–2022 → 2023–2024."""
    length = plan.period_end - plan.period_start + 1
    return plan.period_start + length, plan.period_end + length


def carried_title(plan, start: int, end: int) -> str:
    """The title with the new years: "EMG work plan 2021- 2022" → "EMG work plan 2023- 2024"."""
    shift = start - plan.period_start
    years = {plan.period_start, plan.period_end}
    # One pass, so that a year just written is never shifted again.
    title = re.sub(
        r"(?<!\d)(\d{4})(?!\d)",
        lambda match: str(int(match[1]) + shift) if int(match[1]) in years else match[1],
        plan.title,
    )
    if title == plan.title:
        return f"{plan.title} {start}\u2013{end}"
    return title


def left_out_reason(mandate: Mandate | None, starts: datetime.date) -> str | None:
    """Why an activity of ``mandate`` has no place in a plan starting on ``starts``, or None."""
    if mandate is None:
        return None
    ended_before = mandate.end_date is not None and mandate.end_date < starts
    if mandate.status in (Mandate.Status.CONCLUDED, Mandate.Status.TRANSFERRED):
        if mandate.end_date is not None and not ended_before:
            return None  # it still runs into the new period
        if mandate.status == Mandate.Status.CONCLUDED:
            if mandate.end_date:
                return _("Its mandate was concluded on %(date)s.") % {
                    "date": date_format(mandate.end_date, "j F Y")
                }
            return _("Its mandate was concluded.")
        if mandate.end_date:
            return _("Its mandate was transferred on %(date)s.") % {
                "date": date_format(mandate.end_date, "j F Y")
            }
        return _("Its mandate was transferred.")
    if ended_before:
        return _("Its mandate ends on %(date)s, before the period starts.") % {
            "date": date_format(mandate.end_date, "j F Y")
        }
    return None


@dataclass(frozen=True)
class LeftOut:
    """An activity of the old plan that the new one does not carry, and why."""

    reference: str  # "activity 5", in the old plan's numbering
    title: str
    mandate: Mandate
    reason: str


def activities_carried(plan, starts: datetime.date, rows: list[dict]):
    """The activities of ``plan`` (numbered: ``rows``) in reading order, split into those a plan
    starting on ``starts`` keeps and those it leaves out (with why)."""
    kept, left_out, cite = [], [], Citations(plan)
    for outcome_row in rows:
        for row in outcome_row["activities"]:
            activity = row["activity"]
            reason = left_out_reason(activity.mandate, starts)
            if reason is None:
                kept.append(activity)
                continue
            reference = cite.activity(outcome_row["label"], row["number"])
            left_out.append(
                LeftOut(
                    reference=reference.name,
                    title=activity.title,
                    mandate=activity.mandate,
                    reason=reason,
                )
            )
    return kept, left_out


def shift_year(day: datetime.date | None, years: int) -> datetime.date | None:
    if day is None:
        return None
    last = calendar.monthrange(day.year + years, day.month)[1]
    return day.replace(year=day.year + years, day=min(day.day, last))


def shift_schedule(schedule: Schedule | None, years: int) -> Schedule | None:
    if schedule is None:
        return None

    def moved(period: Period) -> Period:
        return Period(period.year + years, period.precision, period.index)

    return Schedule(moved(schedule.start), moved(schedule.end))
