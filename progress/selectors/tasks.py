"""Reads of tasks and their updates: a task's page, a focal point's open tasks, the updates
awaiting review, and what a task's history may show its reader."""

from __future__ import annotations

from itertools import groupby

from django.db.models import Case, F, IntegerField, Prefetch, Value, When
from django.utils import timezone

from emg.history import seen_from
from emg.models import User
from emg.permissions import get_object_for_user, is_secretariat, is_senior_official
from progress.models import ReportingRound, Task, Update, UpdateItem

# Who wrote, submitted, returned and accepted an update.
PEOPLE = ("author", "submitted_by", "returned_by", "accepted_by")


def update_of(task: Task) -> Update | None:
    """The task's update, or None: select_related leaves no attribute when a task has none yet."""
    return getattr(task, "update", None)


def people_load(updates) -> None:
    """Load the people of ``updates`` with their entities (their names say it) in one query: a
    join each would make the tasks' query four tables larger, and dearer to plan. Still asked
    of the database when there is nobody (rather than an empty pk__in, which Django answers
    without a query), so that a page costs the same queries whoever has reported."""
    updates = [update for update in updates if update is not None]
    ids = {getattr(update, f"{field}_id") for update in updates for field in PEOPLE} - {None}
    people = User.objects.select_related("entity").in_bulk(ids or [0])
    for update in updates:
        for field in PEOPLE:
            setattr(update, field, people.get(getattr(update, f"{field}_id")))


def task_for(user, pk: int, perm: str) -> Task:
    """The task ``pk`` with what its pages show (its round, mandate, section, update with its
    items and people), for ``user`` who needs ``perm`` on it (404 or 403 otherwise)."""
    tasks = Task.objects.select_related(
        "round__meeting", "round__session", "mandate", "section", "update"
    ).prefetch_related(Prefetch("update__items", queryset=UpdateItem.objects.order_by("order")))
    task = get_object_for_user(user, tasks, perm, pk=pk)
    update = update_of(task)
    if update is not None:
        people_load([update])
    return task


def open_tasks_of(user):
    """The tasks ``user`` reports on in the open rounds, with their round, mandate and update:
    those whose update the secretariat returned first (they wait for the focal points), then
    the soonest deadline first, by mandate and place in the round."""
    sent_back = Case(
        When(update__state=Update.State.RETURNED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        Task.objects.visible_to(user)
        .filter(round__state=ReportingRound.State.OPEN)
        .select_related("round", "mandate", "update")
        .alias(sent_back=sent_back)
        .order_by(
            "sent_back",
            F("round__deadline").asc(nulls_last=True),
            "round",
            "mandate__name",
            "order",
        )
    )


def is_returned(update: Update | None) -> bool:
    return update is not None and update.state == Update.State.RETURNED


def open_tasks_by_round(user) -> tuple[list, list[tuple]]:
    """``open_tasks_of(user)``: first those returned, as (task, update) pairs; then the others
    grouped: (round, [(mandate, [(task, update or None)])])."""
    tasks = list(open_tasks_of(user))
    returned = [(task, update_of(task)) for task in tasks if is_returned(update_of(task))]
    others = [task for task in tasks if not is_returned(update_of(task))]
    rounds = [
        (
            report_round,
            [
                (mandate, [(task, update_of(task)) for task in mandate_tasks])
                for mandate, mandate_tasks in groupby(round_tasks, key=lambda task: task.mandate)
            ],
        )
        for report_round, round_tasks in groupby(others, key=lambda task: task.round)
    ]
    return returned, rounds


def awaiting_review_updates():
    """The submitted updates, across every round, oldest first: reviewed in the order they came.
    The order is an index's (update_review_queue_idx), so PostgreSQL stops after the rows asked
    for."""
    return (
        Update.objects.filter(state=Update.State.SUBMITTED)
        .select_related("task__mandate", "task__round", "submitted_by__entity")
        .order_by("submitted_at", "pk")
    )


def task_history_sources(task: Task, user) -> tuple[list, dict]:
    """The versions of the task, its update and the update's items that ``user`` may read, and
    the fields hidden from them: what the task's page showed them, or would have.

    - The secretariat: every version.
    - A focal point of the task's mandate: from the round's opening on (until then the round
      was the secretariat's, and the task's wording theirs to prepare); the drafts and the
      comments the update was returned with are theirs.
    - A senior official: from the update's acceptance on, which is when the task became theirs
      to see; only the update's accepted versions, and never the reviewer's comment."""
    updates = Update.history.filter(task_id=task.pk)
    tasks, items = (
        Task.history.filter(id=task.pk),
        UpdateItem.history.filter(update_id__in=updates.values("id")),
    )
    if is_secretariat(user):
        return [tasks, updates, items], {}
    if is_senior_official(user):
        updates = updates.filter(state=Update.State.ACCEPTED)
        # With no acceptance recorded (rows written without history), what stands now only.
        moment = first_date(updates) or timezone.now()
        hidden = {Update: ("reviewer_comment",)}
    else:
        moment = first_date(
            ReportingRound.history.filter(id=task.round_id).exclude(
                state=ReportingRound.State.DRAFT
            )
        )
        hidden = {}
    if moment is None:  # the round's opening is not recorded: nothing was hidden before it
        return [tasks, updates, items], hidden
    return [seen_from(queryset, moment) for queryset in (tasks, updates, items)], hidden


def first_date(versions):
    """When the first of ``versions`` (a historical queryset) was written, or None."""
    return versions.order_by("history_id").values_list("history_date", flat=True).first()
