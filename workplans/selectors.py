"""Reads of work plans that more than one page needs, or that a page, the printed plan, a panel
and the forms share: the list's rows, the plans in preparation, the document a plan is the
source of, the history of its items, the SOMs that may approve it, the plans before and after
it, and the mandates an activity may serve. (A plan's numbered rows: WorkPlan.numbered; its
table as pages show it: workplans.table.)"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from emg.models import Document, Meeting, Session
from emg.selectors import count_rows, documents_publishing
from mandates.models import Mandate, MandateAlias
from workplans.carry_forward import LeftOut, activities_carried, next_period
from workplans.models import Activity, Footnote, Milestone, Outcome, WorkPlan, number_plan

# The plans


def plan_list():
    """Every plan with its SOM and how many outcomes, activities and milestones it has. A
    subquery per count (for the page's rows only, and left out of the paginator's count):
    joining the plans to their items would read every milestone of every plan."""
    return WorkPlan.objects.select_related("meeting").annotate(
        outcome_count=count_rows(Outcome.objects.filter(work_plan=OuterRef("pk"))),
        activity_count=count_rows(Activity.objects.filter(outcome__work_plan=OuterRef("pk"))),
        milestone_count=count_rows(
            Milestone.objects.filter(activity__outcome__work_plan=OuterRef("pk"))
        ),
    )


def plans_in_preparation():
    """The drafts and proposed plans, newest biennium first, each with its count of
    activities."""
    return (
        WorkPlan.objects.filter(status__in=[WorkPlan.Status.DRAFT, WorkPlan.Status.PROPOSED])
        .select_related("meeting")
        .annotate(
            activity_count=count_rows(Activity.objects.filter(outcome__work_plan=OuterRef("pk")))
        )
        .order_by("-period_start", "title", "pk")
    )


def plan_document(plan: WorkPlan) -> Document | None:
    """The SOM document the plan is the source of (its latest issue), if one exists."""
    return documents_publishing([plan]).get(plan.pk)


def following_plan(plan: WorkPlan) -> WorkPlan | None:
    """The current plan of the period after ``plan``'s, if one has been started."""
    start, end = next_period(plan)
    return (
        WorkPlan.objects.exclude(status=WorkPlan.Status.SUPERSEDED)
        .filter(period_start=start, period_end=end)
        .first()
    )


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
    rows = number_plan(previous, outcomes, activities, [])
    return previous, activities_carried(previous, datetime.date(plan.period_start, 1, 1), rows)[1]


# History


def with_people(*querysets):
    """History records with who made them and their entity, which a person's name shows."""
    return [queryset.select_related("history_user__entity") for queryset in querysets]


def plan_changes(plan: WorkPlan) -> list:
    """Every change to the plan and to everything in it, deleted items included."""
    outcome_ids = Outcome.history.filter(work_plan_id=plan.pk).values("id")
    activity_ids = Activity.history.filter(outcome_id__in=outcome_ids).values("id")
    return with_people(
        WorkPlan.history.filter(id=plan.pk),
        Footnote.history.filter(work_plan_id=plan.pk),
        Outcome.history.filter(work_plan_id=plan.pk),
        Activity.history.filter(outcome_id__in=outcome_ids),
        Milestone.history.filter(activity_id__in=activity_ids),
    )


def activity_changes(activity: Activity) -> list:
    """The activity's changes with those of its milestones, which are part of its cell."""
    return with_people(
        Activity.history.filter(id=activity.pk),
        Milestone.history.filter(activity_id=activity.pk),
    )


# Choices the forms offer

# A plan is approved by a SOM held in the years before its period starts or during it.
APPROVAL_YEARS_BEFORE = 2
# The mandate select lists at most this many (the search above it finds any other): the Group
# has hundreds of mandates over the years, and a select of all of them grows with every one.
MANDATE_OPTIONS = 50


def approving_meetings(plan: WorkPlan):
    """The SOMs that may have approved ``plan``: those with a session dated from January of
    ``APPROVAL_YEARS_BEFORE`` years before its period to the period's end, those not yet dated
    that come after every dated one (the next SOMs), and the one it names already. Not every
    SOM the Group has held: the list would grow with every year."""
    first = datetime.date(plan.period_start - APPROVAL_YEARS_BEFORE, 1, 1)
    last = datetime.date(plan.period_end, 12, 31)
    dated = Session.objects.filter(date__isnull=False)
    latest_dated = dated.order_by("-meeting__number").values("meeting__number")[:1]
    return Meeting.objects.filter(
        Exists(dated.filter(meeting=OuterRef("pk"), date__range=(first, last)))
        | (
            ~Exists(dated.filter(meeting=OuterRef("pk")))
            & Q(number__gt=Coalesce(Subquery(latest_dated), 0))
        )
        | Q(pk=plan.meeting_id)
    ).order_by("-number")


def offered_mandates(words: str = "", selected: int | None = None) -> list[Mandate]:
    """The mandates the activity form's select offers, by name: the first ``MANDATE_OPTIONS``
    whose name, short name or another name a document gave it holds ``words``, and the chosen
    one (``selected``) always. One query, whether or not the chosen one is among the first.
    The form's first showing and the search (workplans.views.editor.mandate_options) offer
    the same."""
    matching = Mandate.objects.all()
    if words:
        matching = matching.filter(
            Q(name__icontains=words)
            | Q(short_name__icontains=words)
            | Exists(MandateAlias.objects.filter(mandate=OuterRef("pk"), name__icontains=words))
        )
    first = matching.order_by("name").values("pk")[:MANDATE_OPTIONS]
    return list(Mandate.objects.filter(Q(pk__in=first) | Q(pk=selected)).order_by("name"))
