"""Writes to a work plan's content: outcomes, activities and milestones added, edited, moved,
reordered and deleted. Views, forms and scripts call these; nothing else writes these rows.

Three rules hold in every function here:

- The plan is locked first (``emg.ordering.lock`` on its row), so that two people adding or
  moving items in the same plan take turns instead of colliding on an order number, and so that a
  plan approved a moment ago is seen as frozen. The items are then read as stored now: one
  deleted meanwhile answers 404.
- An edit names the ``version`` it started from, and claims it (emg.versions) before anything
  else is written, so of two edits opened on the same version exactly one wins; the other gets
  ``StaleEdit`` with the current row. The version counts changes to what an edit form carries
  (text, schedule, mandate, the outcome or parent an item sits under), not the shifting of
  positions when a sibling moves: a colleague reordering the list does not make an open form
  stale.
- Orders are positions among siblings. A move swaps an item's order with its neighbour's; a drag
  and drop renumbers the list 1, 2, 3 … (emg.ordering, which takes the unique (parent, order)
  constraints in two steps, both in this transaction).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from emg import ordering
from emg.schedules import Schedule
from emg.versions import StaleEdit, claim
from mandates.models import Mandate
from workplans.models import Activity, Milestone, Outcome, WorkPlan


class PlanFrozen(PermissionDenied):
    """The plan is approved or superseded: its content is no longer edited."""

    def __init__(self, plan: WorkPlan):
        self.plan = plan
        super().__init__(
            _("%(plan)s is %(status)s: it can no longer be edited.")
            % {"plan": plan, "status": plan.get_status_display().lower()}
        )


class StaleOrder(Exception):
    """A reorder named a different set of items than the list now holds (someone added,
    removed or moved one meanwhile)."""


# Locks, versions and positions


def _lock_plan(plan_id: int) -> WorkPlan:
    plan = ordering.lock(WorkPlan, plan_id)
    if plan.is_frozen:
        raise PlanFrozen(plan)
    return plan


def _stored(model: type[Model], pk: int, *fields: str) -> dict:
    """Fields of the row as stored (a form may have changed the instance in memory already)."""
    row = model.objects.filter(pk=pk).values(*fields).first()
    if row is None:
        raise StaleEdit(model, pk, None)
    return row


def _save(instance: Model, user) -> None:
    instance._history_user = user
    instance.save()


def _delete(instance: Model, user) -> None:
    instance._history_user = user
    instance.delete()


def _set_schedule(instance, schedule: Schedule | None) -> None:
    instance.schedule = schedule


# Outcomes


@transaction.atomic
def outcome_create(*, work_plan: WorkPlan, heading: str, statement: str, user) -> Outcome:
    plan = _lock_plan(work_plan.pk)
    outcome = Outcome(
        work_plan=plan,
        order=ordering.next_order(plan.outcomes.all()),
        heading=heading,
        statement=statement,
    )
    _save(outcome, user)
    return outcome


@transaction.atomic
def outcome_update(
    *, outcome: Outcome, version: int, heading: str, statement: str, user
) -> Outcome:
    _lock_plan(_stored(Outcome, outcome.pk, "work_plan_id")["work_plan_id"])
    claim(outcome, version)
    outcome.heading, outcome.statement = heading, statement
    _save(outcome, user)
    return outcome


@transaction.atomic
def outcome_delete(*, outcome: Outcome, user) -> None:
    """Delete the outcome with its activities and their milestones."""
    _lock_plan(outcome.work_plan_id)
    _delete(outcome, user)


@transaction.atomic
def outcome_move(*, outcome: Outcome, direction: str, user) -> bool:
    """Swap the outcome with the one above ("up") or below ("down"). False when it is already
    at that end."""
    plan = _lock_plan(outcome.work_plan_id)
    outcomes = list(plan.outcomes.order_by("order"))
    return ordering.swap(outcomes, outcome, direction, user=user) is not None


@transaction.atomic
def outcomes_reorder(*, work_plan: WorkPlan, ordered: list[int], user) -> None:
    """Put the plan's outcomes in the order of the ids ``ordered`` (a drag and drop)."""
    plan = _lock_plan(work_plan.pk)
    outcomes = {o.pk: o for o in plan.outcomes.all()}
    if sorted(ordered) != sorted(outcomes):
        raise StaleOrder
    ordering.renumber(Outcome, [outcomes[pk] for pk in ordered], user=user)


# Activities


def _check_same_plan(plan: WorkPlan, outcome: Outcome) -> None:
    if outcome.work_plan_id != plan.pk:
        raise ValidationError(_("An activity can only move to an outcome of its own plan."))


@transaction.atomic
def activity_create(
    *,
    outcome: Outcome,
    title: str,
    description: str,
    mandate: Mandate | None,
    schedule: Schedule | None,
    user,
) -> Activity:
    _lock_plan(outcome.work_plan_id)
    outcome = ordering.current(outcome)
    activity = Activity(
        outcome=outcome,
        order=ordering.next_order(outcome.activities.all()),
        title=title,
        description=description,
        mandate=mandate,
    )
    _set_schedule(activity, schedule)
    _save(activity, user)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    version: int,
    outcome: Outcome,
    title: str,
    description: str,
    mandate: Mandate | None,
    schedule: Schedule | None,
    user,
) -> Activity:
    """Save the activity's text, mandate and schedule; given another outcome of the plan, the
    activity moves to the end of that outcome's list."""
    stored = _stored(Activity, activity.pk, "outcome_id", "outcome__work_plan_id")
    plan = _lock_plan(stored["outcome__work_plan_id"])
    _check_same_plan(plan, outcome)
    claim(activity, version)
    if outcome.pk != stored["outcome_id"]:
        activity.order = ordering.next_order(outcome.activities.all())
    activity.outcome = outcome
    activity.title, activity.description, activity.mandate = title, description, mandate
    _set_schedule(activity, schedule)
    _save(activity, user)
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, user) -> None:
    """Delete the activity with its milestones."""
    _lock_plan(activity.outcome.work_plan_id)
    _delete(activity, user)


def _activities_in_plan_order(plan: WorkPlan) -> list[Activity]:
    return list(
        Activity.objects.filter(outcome__work_plan=plan)
        .select_related("outcome")
        .order_by("outcome__order", "order")
    )


@transaction.atomic
def activity_move(*, activity: Activity, direction: str, user) -> bool:
    """Move the activity one place up or down in the plan's reading order: within its outcome
    (swapping it with its neighbour), or past the outcome's first or last place into the
    neighbouring outcome (to its end when moving up, to its start when moving down). False when
    it is already first or last in the plan."""
    plan = _lock_plan(activity.outcome.work_plan_id)
    # As stored now: an edit may have put it under another outcome.
    activity = ordering.current(activity)
    outcomes = list(plan.outcomes.order_by("order"))
    by_outcome: dict[int, list[Activity]] = {o.pk: [] for o in outcomes}
    for row in _activities_in_plan_order(plan):
        by_outcome[row.outcome_id].append(row)
    siblings = by_outcome[activity.outcome_id]
    if ordering.swap(siblings, activity, direction, user=user) is not None:
        return True

    outcome_index = next(i for i, o in enumerate(outcomes) if o.pk == activity.outcome_id)
    neighbour_index = outcome_index + ordering.DIRECTIONS[direction]
    if not 0 <= neighbour_index < len(outcomes):
        return False
    neighbour = outcomes[neighbour_index]
    moving = next(a for a in siblings if a.pk == activity.pk)
    neighbours = by_outcome[neighbour.pk]
    if direction == "up":
        neighbours.append(moving)
    else:
        neighbours.insert(0, moving)
    _move_into(moving, neighbour, neighbours, user=user)
    return True


def _move_aside_into(activity: Activity, outcome: Outcome, order: int) -> None:
    """Put ``activity`` under ``outcome`` at a temporary ``order`` that no row holds, taking a
    new version: the outcome is part of what an edit form carries."""
    claim(activity, activity.version)
    # A step on the way, without history: ordering.renumber, which follows, records the
    # activity under its new outcome at its new order.
    Activity.objects.filter(pk=activity.pk).update(outcome=outcome, order=order)
    activity.outcome, activity.order = outcome, order


def _move_into(activity: Activity, outcome: Outcome, rows: list[Activity], *, user) -> None:
    """Move ``activity`` under ``outcome``, whose activities become ``rows`` in that order."""
    _move_aside_into(activity, outcome, ordering.ASIDE * 2)
    ordering.renumber(Activity, rows, user=user)


@transaction.atomic
def activities_reorder(*, outcome: Outcome, ordered: list[int], user) -> None:
    """Put the outcome's activities in the order of the ids ``ordered`` (a drag and drop). An id
    of an activity under another outcome of the plan moves it here."""
    plan = _lock_plan(outcome.work_plan_id)
    in_plan = {a.pk: a for a in _activities_in_plan_order(plan)}
    here = {pk for pk, a in in_plan.items() if a.outcome_id == outcome.pk}
    if len(set(ordered)) != len(ordered) or not here <= set(ordered) <= set(in_plan):
        raise StaleOrder
    rows = [in_plan[pk] for pk in ordered]
    arriving = [a for a in rows if a.outcome_id != outcome.pk]
    for number, activity in enumerate(arriving, start=1):
        _move_aside_into(activity, outcome, ordering.ASIDE * 2 + number)
    ordering.renumber(Activity, rows, user=user)


# Milestones


def _descendant_ids(milestone: Milestone) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Milestone.objects.filter(activity_id=milestone.activity_id).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent_id, []).append(pk)
    found, pending = set(), [milestone.pk]
    while pending:
        for child in children.get(pending.pop(), []):
            found.add(child)
            pending.append(child)
    return found


def _siblings(activity_id: int, parent_id: int | None):
    return Milestone.objects.filter(activity_id=activity_id, parent_id=parent_id)


@transaction.atomic
def milestone_create(
    *,
    activity: Activity,
    parent: Milestone | None,
    text: str,
    schedule: Schedule | None,
    due_date: datetime.date | None,
    user,
) -> Milestone:
    _lock_plan(activity.outcome.work_plan_id)
    activity = ordering.current(activity)
    if parent is not None:
        parent = ordering.current(parent)
    if parent is not None and parent.activity_id != activity.pk:
        raise ValidationError(_("A milestone can only sit under a milestone of its activity."))
    milestone = Milestone(
        activity=activity,
        parent=parent,
        order=ordering.next_order(_siblings(activity.pk, parent.pk if parent else None)),
        text=text,
        due_date=due_date,
    )
    _set_schedule(milestone, schedule)
    _save(milestone, user)
    return milestone


@transaction.atomic
def milestone_update(
    *,
    milestone: Milestone,
    version: int,
    parent: Milestone | None,
    text: str,
    schedule: Schedule | None,
    due_date: datetime.date | None,
    user,
) -> Milestone:
    """Save the milestone; given another parent (a milestone of the same activity, or None for
    the top level) it moves to the end of that parent's list."""
    stored = _stored(Milestone, milestone.pk, "parent_id", "activity__outcome__work_plan_id")
    _lock_plan(stored["activity__outcome__work_plan_id"])
    parent_id = parent.pk if parent else None
    if parent is not None and (
        parent.activity_id != milestone.activity_id
        or parent.pk == milestone.pk
        or parent.pk in _descendant_ids(milestone)
    ):
        raise ValidationError(
            _("A milestone can only sit under another milestone of its activity, not under itself.")
        )
    claim(milestone, version)
    if parent_id != stored["parent_id"]:
        milestone.order = ordering.next_order(_siblings(milestone.activity_id, parent_id))
    milestone.parent = parent
    milestone.text, milestone.due_date = text, due_date
    _set_schedule(milestone, schedule)
    _save(milestone, user)
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone, user) -> None:
    """Delete the milestone with the milestones nested under it."""
    _lock_plan(milestone.activity.outcome.work_plan_id)
    _delete(milestone, user)


@transaction.atomic
def milestone_move(*, milestone: Milestone, direction: str, user) -> bool:
    """Swap the milestone with its sibling above ("up") or below ("down"). False at either
    end."""
    _lock_plan(milestone.activity.outcome.work_plan_id)
    # As stored now: an edit may have put it under another milestone.
    milestone = ordering.current(milestone)
    siblings = list(_siblings(milestone.activity_id, milestone.parent_id).order_by("order"))
    return ordering.swap(siblings, milestone, direction, user=user) is not None


@transaction.atomic
def milestones_reorder(
    *, activity: Activity, parent: Milestone | None, ordered: list[int], user
) -> None:
    """Put the milestones directly under ``parent`` (or at the activity's top level) in the
    order of the ids ``ordered``."""
    _lock_plan(activity.outcome.work_plan_id)
    siblings = {m.pk: m for m in _siblings(activity.pk, parent.pk if parent else None)}
    if len(set(ordered)) != len(ordered) or set(ordered) != set(siblings):
        raise StaleOrder
    ordering.renumber(Milestone, [siblings[pk] for pk in ordered], user=user)
