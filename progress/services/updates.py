"""Writes of progress reporting.

An update's life: focal points of the task's mandate save it as a draft (as often as they like) and
submit it; the secretariat accepts it, which locks it for good, or returns it with a comment, and
the focal points fix it and submit again. Who submitted, returned and accepted it, and when, stays
on the update (the latest of each) and in its history (all of them).

Several focal points report for one mandate, so a save claims the version of the update its form
was opened on (emg.versions; 0 when the task had no update yet): a save over a newer version is
refused with ``StaleEdit``, never applied on top of it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from emg.versions import StaleEdit, claim
from progress.models import ReportingRound, Status, Task, Update, UpdateItem
from progress.notifications import (
    update_accepted_notify,
    update_returned_notify,
    update_submitted_notify,
)

# An update focal points may still change: not yet with the secretariat, or sent back by it.
EDITABLE = (Update.State.DRAFT, Update.State.RETURNED)


@dataclass(frozen=True)
class ItemData:
    status: str
    text: str = ""
    target_date: datetime.date | None = None


def item_problems(item: ItemData) -> dict[str, str]:
    """What keeps ``item`` from being submitted, by field. A "not yet started" item may have no
    text: the status says it all (the SOM 26 report prints such items as "Not yet started.")."""
    problems = {}
    if not item.text.strip() and item.status != Status.NOT_STARTED:
        problems["text"] = _("Say what was done: an item needs its text.")
    if item.status == Status.ONGOING_POSTPONED and item.target_date is None:
        problems["target_date"] = _("A postponed item needs its new target date.")
    return problems


def submit_problems(items: list[ItemData]) -> list[str]:
    """Why ``items`` cannot be submitted, in words, or nothing."""
    if not items:
        return [_("Add at least one progress item before submitting.")]
    return [
        _("Item %(number)s: %(problem)s") % {"number": number, "problem": problem}
        for number, item in enumerate(items, start=1)
        for problem in item_problems(item).values()
    ]


def _locked_task(task: Task) -> Task:
    # Locking the task row makes saves of one task take turns, including the first save of two
    # focal points, which would otherwise both create its update.
    return Task.objects.select_for_update().select_related("round").get(pk=task.pk)


def _editable_update(task: Task, version: int) -> Update | None:
    """The task's update, its ``version`` claimed (emg.versions.StaleEdit when someone saved it
    since), or None when the task has none yet."""
    update = Update.objects.filter(task=task).first()
    if task.round.state != ReportingRound.State.OPEN:
        raise ValidationError(_("The reporting round is not open: updates cannot be changed."))
    if update is not None and update.state == Update.State.ACCEPTED:
        raise ValidationError(_("This update was accepted and is locked."))
    if update is not None and update.state == Update.State.SUBMITTED:
        raise ValidationError(
            _("This update was submitted and awaits review; it cannot be changed now.")
        )
    if update is not None:
        claim(update, version)
    return update


def _write(task: Task, update: Update | None, *, user, items, next_steps: str, **fields) -> Update:
    if update is None:
        update = Update(task=task)
    update.next_steps = next_steps.strip()
    update.author = user
    for name, value in fields.items():
        setattr(update, name, value)
    update.save()
    # Both leave history: the delete a row per item (Django sends each row's signals), the
    # items written theirs with who wrote them.
    update.items.all().delete()
    bulk_create_with_history(
        [
            UpdateItem(
                update=update,
                order=order,
                status=item.status,
                text=item.text.strip(),
                target_date=item.target_date if item.status == Status.ONGOING_POSTPONED else None,
            )
            for order, item in enumerate(items, start=1)
        ],
        UpdateItem,
        default_user=user,
    )
    return update


@transaction.atomic
def update_save_draft(
    *, task: Task, user, items: list[ItemData], next_steps: str, version: int
) -> Update:
    """Keep what a focal point wrote without sending it. A returned update stays returned (with
    the reviewer's comment) until it is submitted again."""
    task = _locked_task(task)
    update = _editable_update(task, version)
    return _write(task, update, user=user, items=items, next_steps=next_steps)


@transaction.atomic
def update_submit(
    *, task: Task, user, items: list[ItemData], next_steps: str, version: int
) -> Update:
    """Save and send the update to the secretariat for review."""
    task = _locked_task(task)
    update = _editable_update(task, version)
    problems = submit_problems(items)
    if problems:
        raise ValidationError(problems)
    # One save, so that the history shows the submission as one change.
    update = _write(
        task,
        update,
        user=user,
        items=items,
        next_steps=next_steps,
        state=Update.State.SUBMITTED,
        submitted_by=user,
        submitted_at=timezone.now(),
    )
    update_submitted_notify(update=update)
    return update


def _submitted(update: Update, version: int) -> Update:
    """The update, locked and its ``version`` claimed: the one the reviewer read. A review of
    what the focal points have changed since (returned and submitted again) is refused, so that
    nobody accepts or returns a text they have not seen."""
    update = Update.objects.select_for_update().get(pk=update.pk)
    if update.state != Update.State.SUBMITTED:
        raise ValidationError(
            _("Only a submitted update can be reviewed; this one is %(state)s.")
            % {"state": update.get_state_display().lower()}
        )
    try:
        claim(update, version)
    except StaleEdit:
        raise ValidationError(
            _(
                "The focal points changed this update after you opened it. Read it again "
                "before you review it."
            )
        ) from None
    return update


@transaction.atomic
def update_return(*, update: Update, version: int, user, comment: str) -> Update:
    """Send the update, as read at ``version``, back to its focal points with what to fix."""
    if not comment.strip():
        raise ValidationError(
            {"comment": _("Say what the focal points should fix: a comment is required.")}
        )
    update = _submitted(update, version)
    update.state = Update.State.RETURNED
    update.reviewer_comment = comment.strip()
    update.returned_by = user
    update.returned_at = timezone.now()
    update.save()
    update_returned_notify(update=update)
    return update


@transaction.atomic
def update_accept(*, update: Update, version: int, user) -> Update:
    """Accept the update, as read at ``version``, for the report; it is locked from now on."""
    update = _submitted(update, version)
    update.state = Update.State.ACCEPTED
    update.accepted_by = user
    update.accepted_at = timezone.now()
    update.save()
    update_accepted_notify(update=update)
    return update


@transaction.atomic
def updates_hand_over(*, mandate, former, successor) -> int:
    """The updates ``former`` was writing for ``mandate``'s tasks in the open rounds (drafts,
    and those returned to be fixed) pass to ``successor``, who replaces them as focal point;
    each change is in the update's history. Answers how many passed."""
    handed = 0
    for update in Update.objects.filter(
        task__mandate=mandate,
        task__round__state=ReportingRound.State.OPEN,
        author=former,
        state__in=EDITABLE,
    ).order_by("pk"):
        update.author = successor
        update._change_reason = _("Handed over from %(former)s to %(successor)s.") % {
            "former": former,
            "successor": successor,
        }
        update.save(update_fields=["author", "modified_at"])
        handed += 1
    return handed
