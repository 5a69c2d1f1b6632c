"""Carrying a plan forward: the next biennium's draft, made from this one.

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

from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from emg.schedules import Period, Schedule
from mandates.models import Mandate
from workplans.models import Activity, Footnote, Milestone, Outcome, WorkPlan, number_plan
from workplans.revisions import ActionRefused, activity_number


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


def _sort_activities(plan: WorkPlan, starts: datetime.date, numbered: list[dict] | None = None):
    """The plan's activities in reading order, split into those a plan starting on ``starts``
    keeps and those it leaves out (with why). ``numbered``: the plan's rows numbered already
    (``plan.numbered()`` otherwise)."""
    kept, left_out = [], []
    for outcome_row in plan.numbered() if numbered is None else numbered:
        for row in outcome_row["activities"]:
            activity = row["activity"]
            reason = left_out_reason(activity.mandate, starts)
            if reason is None:
                kept.append(activity)
                continue
            number = activity_number(plan, outcome_row["label"], row["number"])
            left_out.append(
                LeftOut(
                    reference=_("activity %(number)s") % {"number": number},
                    title=activity.title,
                    mandate=activity.mandate,
                    reason=reason,
                )
            )
    return kept, left_out


def previous_plan_left_out(plan: WorkPlan) -> tuple[WorkPlan | None, list[LeftOut]]:
    """The current plan of the period before ``plan``'s, if any, and which of its activities
    ``plan`` leaves out. Three queries, whether or not there is such a plan: its outcomes and
    activities are asked for by the period, not after it was found (milestones are not
    needed to number activities)."""
    length = plan.period_end - plan.period_start + 1
    previous_plans = (
        WorkPlan.objects.exclude(status=WorkPlan.Status.SUPERSEDED)
        .filter(period_start=plan.period_start - length, period_end=plan.period_end - length)
        .order_by("pk")
    )
    previous = previous_plans.select_related("meeting").first()
    first = previous_plans.values("pk")[:1]
    outcomes = list(Outcome.objects.filter(work_plan__in=first))
    activities = list(
        Activity.objects.filter(outcome__work_plan__in=first).select_related("mandate")
    )
    if previous is None:
        return None, []
    numbered = number_plan(previous, outcomes, activities, [])
    return previous, _sort_activities(previous, datetime.date(plan.period_start, 1, 1), numbered)[1]


def _shift_year(day: datetime.date | None, years: int) -> datetime.date | None:
    if day is None:
        return None
    last = calendar.monthrange(day.year + years, day.month)[1]
    return day.replace(year=day.year + years, day=min(day.day, last))


def _shift(schedule: Schedule | None, years: int) -> Schedule | None:
    if schedule is None:
        return None

    def moved(period: Period) -> Period:
        return Period(period.year + years, period.precision, period.index)

    return Schedule(moved(schedule.start), moved(schedule.end))


@transaction.atomic
def work_plan_carry_forward(*, plan: WorkPlan, user) -> tuple[WorkPlan, list[LeftOut]]:
    """Create the draft for the period after ``plan``'s; return it with the activities it left
    out. Refused when a plan for that period exists already."""
    start, end = next_period(plan)
    exists = _("A work plan for %(start)s\u2013%(end)s exists already.") % {
        "start": start,
        "end": end,
    }
    current = WorkPlan.objects.exclude(status=WorkPlan.Status.SUPERSEDED)
    if current.filter(period_start=start, period_end=end).exists():
        raise ActionRefused(exists)
    shift = start - plan.period_start
    try:
        # Someone carrying the same plan forward at this moment trips the database's one
        # current plan per period; they get the same message as a later visitor.
        with transaction.atomic():
            new_plan = WorkPlan.objects.create(
                title=carried_title(plan, start, end),
                period_start=start,
                period_end=end,
                status=WorkPlan.Status.DRAFT,
                revision=0,
                meeting=None,
                introduction=plan.introduction,
                outcome_numbering=plan.outcome_numbering,
                activity_numbering=plan.activity_numbering,
                milestone_style=plan.milestone_style,
            )
    except IntegrityError:
        raise ActionRefused(exists) from None

    bulk_create_with_history(
        [
            Footnote(work_plan=new_plan, order=f.order, anchor=f.anchor, text=f.text)
            for f in plan.footnotes.all()
        ],
        Footnote,
        default_user=user,
    )

    old_outcomes = list(plan.outcomes.all())
    new_outcomes = bulk_create_with_history(
        [
            Outcome(work_plan=new_plan, order=o.order, heading=o.heading, statement=o.statement)
            for o in old_outcomes
        ],
        Outcome,
        default_user=user,
    )
    outcome_ids = {old.pk: new.pk for old, new in zip(old_outcomes, new_outcomes, strict=True)}

    kept, left_out = _sort_activities(plan, datetime.date(start, 1, 1))
    new_activities = []
    for activity in kept:
        copy = Activity(
            outcome_id=outcome_ids[activity.outcome_id],
            order=activity.order,
            mandate=activity.mandate,
            title=activity.title,
            description=activity.description,
        )
        copy.schedule = _shift(activity.schedule, shift)
        new_activities.append(copy)
    new_activities = bulk_create_with_history(new_activities, Activity, default_user=user)
    activity_ids = {old.pk: new.pk for old, new in zip(kept, new_activities, strict=True)}

    # Milestones level by level, so that each nested one finds its parent's new key.
    milestone_ids: dict[int, int] = {}
    pending = list(
        Milestone.objects.filter(activity_id__in=activity_ids).order_by("activity", "order")
    )
    while pending:
        level = [m for m in pending if m.parent_id is None or m.parent_id in milestone_ids]
        if not level:
            break  # a parent outside the plan: cannot happen, but never loop forever
        copies = []
        for milestone in level:
            copy = Milestone(
                activity_id=activity_ids[milestone.activity_id],
                parent_id=milestone_ids.get(milestone.parent_id),
                order=milestone.order,
                text=milestone.text,
                due_date=_shift_year(milestone.due_date, shift),
            )
            copy.schedule = _shift(milestone.schedule, shift)
            copies.append(copy)
        copies = bulk_create_with_history(copies, Milestone, default_user=user)
        milestone_ids.update((old.pk, new.pk) for old, new in zip(level, copies, strict=True))
        done = {m.pk for m in level}
        pending = [m for m in pending if m.pk not in done]
    return new_plan, left_out
