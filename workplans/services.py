"""Writes to a work plan: its outcomes, activities and milestones added, edited, moved, reordered
and deleted; its revisions issued; its approval by a SOM; its carrying forward to the next
biennium. Views, forms and scripts call these; nothing else writes these rows. A change that
cannot be made now is refused with ``ValidationError``, saying why.

Three rules hold in every edit of the plan's items:

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
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from emg import ordering
from emg.schedules import Schedule
from emg.versions import StaleEdit, claim
from mandates.models import Mandate
from workplans.carry_forward import (
    LeftOut,
    activities_carried,
    carried_title,
    next_period,
    shift_schedule,
    shift_year,
)
from workplans.diff import diff_snapshots
from workplans.models import (
    Activity,
    Footnote,
    Milestone,
    Outcome,
    WorkPlan,
    WorkPlanRevision,
    revision_name,
)
from workplans.snapshots import plan_snapshot


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


def _save(instance: Model, user) -> Model:
    """Save ``instance``, its history naming ``user``; return it."""
    instance._history_user = user
    instance.save()
    return instance


def _delete(instance: Model, user) -> None:
    instance._history_user = user
    instance.delete()


# The plan's own text


@transaction.atomic
def work_plan_update(
    *,
    plan: WorkPlan,
    version: int,
    title: str,
    introduction: str,
    period_start: int,
    period_end: int,
    notes: list[str],
    user,
) -> WorkPlan:
    """Change the plan's head: its title, introduction and period, and its notes (the
    footnotes, in order). A note whose text is kept keeps the words its mark follows (its
    anchor); a new or rewritten note has none."""
    _lock_plan(plan.pk)
    claim(plan, version)
    plan.title, plan.introduction = title, introduction
    plan.period_start, plan.period_end = period_start, period_end
    _save(plan, user)
    existing = list(plan.footnotes.order_by("order"))
    anchors = {footnote.text: footnote.anchor for footnote in existing}
    for footnote in existing[len(notes) :]:
        _delete(footnote, user)
    for order, text in enumerate(notes, start=1):
        if order <= len(existing):
            footnote = existing[order - 1]
            if footnote.text == text:
                continue
            footnote.text, footnote.anchor = text, anchors.get(text, "")
        else:
            footnote = Footnote(
                work_plan=plan, order=order, text=text, anchor=anchors.get(text, "")
            )
        _save(footnote, user)
    return plan


# Outcomes


@transaction.atomic
def outcome_create(*, work_plan: WorkPlan, heading: str, statement: str, user) -> Outcome:
    plan = _lock_plan(work_plan.pk)
    order = ordering.next_order(plan.outcomes.all())
    return _save(Outcome(work_plan=plan, order=order, heading=heading, statement=statement), user)


@transaction.atomic
def outcome_update(
    *, outcome: Outcome, version: int, heading: str, statement: str, user
) -> Outcome:
    _lock_plan(_stored(Outcome, outcome.pk, "work_plan_id")["work_plan_id"])
    claim(outcome, version)
    outcome.heading, outcome.statement = heading, statement
    return _save(outcome, user)


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
    order = ordering.next_order(outcome.activities.all())
    activity = Activity(outcome=outcome, order=order, title=title, schedule=schedule)
    activity.description, activity.mandate = description, mandate
    return _save(activity, user)


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
    activity.schedule = schedule
    return _save(activity, user)


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
    order = ordering.next_order(_siblings(activity.pk, parent.pk if parent else None))
    milestone = Milestone(activity=activity, parent=parent, order=order, text=text)
    milestone.due_date, milestone.schedule = due_date, schedule
    return _save(milestone, user)


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
        or parent.pk in milestone.descendant_ids()
    ):
        raise ValidationError(
            _("A milestone can only sit under another milestone of its activity, not under itself.")
        )
    claim(milestone, version)
    if parent_id != stored["parent_id"]:
        milestone.order = ordering.next_order(_siblings(milestone.activity_id, parent_id))
    milestone.parent = parent
    milestone.text, milestone.due_date = text, due_date
    milestone.schedule = schedule
    return _save(milestone, user)


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


# Revisions and approval


def next_revision_number(plan: WorkPlan, latest: WorkPlanRevision | None) -> int:
    """After the last frozen revision comes the next; a plan with none yet freezes the revision
    its text already is (0, the original, for a new draft; 1 for a plan imported as Rev.1)."""
    return latest.number + 1 if latest is not None else plan.revision


def _issue(plan: WorkPlan, user, *, note: str, require_changes: bool) -> WorkPlanRevision:
    latest = plan.revisions.order_by("-number").first()
    snapshot = plan_snapshot(plan)
    if require_changes and latest is not None and not diff_snapshots(latest.snapshot, snapshot):
        raise ValidationError(
            _("Nothing has changed since %(revision)s: there is nothing to issue.")
            % {"revision": revision_name(latest.number)}
        )
    number = next_revision_number(plan, latest)
    revision = WorkPlanRevision.objects.create(
        work_plan=plan, number=number, snapshot=snapshot, issued_by=user, note=note
    )
    if plan.revision != number:
        plan.revision = number
        plan.save(update_fields=["revision"])
    return revision


def _locked(plan: WorkPlan) -> WorkPlan:
    # Two people issuing at once must not both take the next number: the second waits here.
    return WorkPlan.objects.select_for_update().get(pk=plan.pk)


@transaction.atomic
def revision_issue(*, plan: WorkPlan, note: str, user) -> WorkPlanRevision:
    """Freeze the plan as it stands as its next revision ("original", "Rev.1" …), with a
    ``note`` saying what it changes and why, which the revisions and the diff show."""
    if not note.strip():
        raise ValidationError(_("Say in a note what this revision changes and why."))
    plan = _locked(plan)
    if plan.is_frozen:
        raise ValidationError(
            _("This plan is %(status)s: it cannot be revised.")
            % {"status": plan.get_status_display().lower()}
        )
    return _issue(plan, user, note=note.strip(), require_changes=True)


@transaction.atomic
def work_plan_approve(*, plan: WorkPlan, meeting, user) -> WorkPlanRevision:
    """Record that ``meeting`` approved the plan and freeze it as a revision; from then on the
    plan is not edited."""
    plan = _locked(plan)
    if plan.is_frozen:
        raise ValidationError(
            _("This plan is already %(status)s.") % {"status": plan.get_status_display().lower()}
        )
    plan.status = WorkPlan.Status.APPROVED
    plan.meeting = meeting
    plan.save(update_fields=["status", "meeting"])
    note = _("Approved by %(meeting)s.") % {"meeting": meeting}
    return _issue(plan, user, note=note, require_changes=False)


# Carrying forward (workplans.carry_forward says what is carried)


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
        raise ValidationError(exists)
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
        raise ValidationError(exists) from None

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

    kept, left_out = activities_carried(plan, datetime.date(start, 1, 1), plan.numbered())
    new_activities = []
    for activity in kept:
        copy = Activity(
            outcome_id=outcome_ids[activity.outcome_id],
            order=activity.order,
            mandate=activity.mandate,
            title=activity.title,
            description=activity.description,
        )
        copy.schedule = shift_schedule(activity.schedule, shift)
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
                due_date=shift_year(milestone.due_date, shift),
            )
            copy.schedule = shift_schedule(milestone.schedule, shift)
            copies.append(copy)
        copies = bulk_create_with_history(copies, Milestone, default_user=user)
        milestone_ids.update((old.pk, new.pk) for old, new in zip(level, copies, strict=True))
        done = {m.pk for m in level}
        pending = [m for m in pending if m.pk not in done]
    return new_plan, left_out
