"""Preparing, opening and closing reporting rounds: the secretariat's services.

A round is prepared in the "being prepared" state: its tasks are proposed (services/proposals.py),
then edited, added, removed, moved and grouped into the report's sections. Opening it makes the
tasks the focal points' to report on; from then on only the secretariat changes them, and a
closed round changes no more.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from emg import ordering
from emg.models import Meeting, Session
from emg.versions import claim
from mandates.models import Mandate
from progress.models import ReportingRound, ReportSection, Task, Update
from progress.notifications import round_opened_notify


def _refuse_closed(report_round: ReportingRound) -> None:
    if report_round.state == ReportingRound.State.CLOSED:
        raise ValidationError(_("This round is closed: its tasks and sections no longer change."))


# Rounds


@transaction.atomic
def round_create(
    *,
    meeting: Meeting,
    title: str,
    session: Session | None = None,
    opens_on: datetime.date | None = None,
    deadline: datetime.date | None = None,
) -> ReportingRound:
    report_round = ReportingRound(
        meeting=meeting, session=session, title=title, opens_on=opens_on, deadline=deadline
    )
    report_round.full_clean()
    report_round.save()
    return report_round


@transaction.atomic
def round_update(
    *,
    report_round: ReportingRound,
    version: int,
    title: str,
    session: Session | None,
    opens_on: datetime.date | None,
    deadline: datetime.date | None,
) -> ReportingRound:
    claim(report_round, version)
    _refuse_closed(report_round)
    report_round.title = title
    report_round.session = session
    report_round.opens_on = opens_on
    report_round.deadline = deadline
    report_round.full_clean()
    report_round.save()
    return report_round


def locked_in(report_round: ReportingRound, state: str, refusal: str) -> ReportingRound:
    """``report_round`` as stored, locked until the transaction ends; refused with ``refusal``
    unless it is in ``state``."""
    report_round = ReportingRound.objects.select_for_update().get(pk=report_round.pk)
    if report_round.state != state:
        raise ValidationError(refusal)
    return report_round


def _step(report_round: ReportingRound, state: str) -> ReportingRound:
    report_round.state = state
    report_round.save(update_fields=["state"])
    return report_round


@transaction.atomic
def round_open(*, report_round: ReportingRound) -> ReportingRound:
    draft = ReportingRound.State.DRAFT
    report_round = locked_in(report_round, draft, _("Only a round being prepared can be opened."))
    if report_round.deadline is None:
        raise ValidationError(_("Set a deadline before opening the round."))
    if not report_round.tasks.exists():
        raise ValidationError(_("Add at least one task before opening the round."))
    report_round = _step(report_round, ReportingRound.State.OPEN)
    round_opened_notify(report_round=report_round)
    return report_round


@transaction.atomic
def round_close(*, report_round: ReportingRound) -> ReportingRound:
    report_round = locked_in(
        report_round, ReportingRound.State.OPEN, _("Only an open round can be closed.")
    )
    return _step(report_round, ReportingRound.State.CLOSED)


# Tasks


@transaction.atomic
def task_add(
    *,
    report_round: ReportingRound,
    mandate: Mandate,
    text: str,
    section: ReportSection | None = None,
) -> Task:
    report_round = ordering.lock(ReportingRound, report_round.pk)
    _refuse_closed(report_round)
    if section is not None and section.round_id != report_round.pk:
        raise ValidationError(_("That section belongs to another round."))
    if section is not None:
        section = ordering.current(section)
    order = ordering.next_order(report_round.tasks.all())
    return Task.objects.create(
        round=report_round, mandate=mandate, text=text, section=section, order=order
    )


@transaction.atomic
def task_update(
    *, task: Task, version: int, mandate: Mandate, text: str, section: ReportSection | None
) -> Task:
    claim(task, version)
    _refuse_closed(task.round)
    if section is not None and section.round_id != task.round_id:
        raise ValidationError(_("That section belongs to another round."))
    task.mandate = mandate
    task.text = text
    task.section = section
    task.save()
    return task


@transaction.atomic
def task_remove(*, task: Task) -> None:
    report_round = ordering.lock(ReportingRound, task.round_id)
    task = ordering.current(task)
    _refuse_closed(report_round)
    update = getattr(task, "update", None)
    if update is not None and update.state == Update.State.ACCEPTED:
        raise ValidationError(_("An accepted task stays in the report."))
    task.delete()


@transaction.atomic
def round_tasks_drop(*, report_round: ReportingRound, tasks: dict[int, int]) -> int:
    """Drop in one go the tasks of a round being prepared that ``tasks`` names (primary key →
    the version the page showed): how many were dropped. Refused, dropping none, when one of
    them was changed since the page showed it, so that a colleague's edit is not thrown away
    unseen; one deleted meanwhile is gone already."""
    report_round = locked_in(
        report_round,
        ReportingRound.State.DRAFT,
        _("Tasks are kept or dropped in bulk only while a round is being prepared."),
    )
    rows = list(Task.objects.select_for_update().filter(round=report_round, pk__in=list(tasks)))
    changed = [task for task in rows if task.version != tasks[task.pk]]
    if changed:
        raise ValidationError(
            ngettext(
                "%(count)s of these tasks was changed since the page was shown: look at it "
                "again, then choose.",
                "%(count)s of these tasks were changed since the page was shown: look at them "
                "again, then choose.",
                len(changed),
            )
            % {"count": len(changed)}
        )
    for task in rows:
        task.delete()
    return len(rows)


@transaction.atomic
def task_move(*, task: Task, direction: str) -> bool:
    """Move a task one place up or down among the tasks of its body in its section (the rows of
    one table of the report). False when it is first or last of them already.

    A task's order is unique in its whole round, not among these siblings, so the step aside
    goes past the round's last task. Each of the two tasks keeps the move in its history."""
    # The tasks a move writes are locked before the round: a focal point's save locks its task
    # and then the round (progress.services), so in the other order a move and a save of the
    # same task would each wait for what the other holds. By key, an order no move changes, so
    # that two moves lock them in the same order too.
    list(
        Task.objects.select_for_update()
        .filter(round_id=task.round_id, section_id=task.section_id, mandate_id=task.mandate_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    report_round = ordering.lock(ReportingRound, task.round_id)
    _refuse_closed(report_round)
    # As stored now: an edit may have put it in another section or given it another body.
    task = ordering.current(task)
    tasks = report_round.tasks.all()
    siblings = list(
        tasks.filter(section_id=task.section_id, mandate_id=task.mandate_id).order_by("order")
    )
    aside = ordering.next_order(tasks)
    return ordering.swap(siblings, task, direction, aside=aside) is not None


# Sections


@transaction.atomic
def section_add(*, report_round: ReportingRound, title: str) -> ReportSection:
    report_round = ordering.lock(ReportingRound, report_round.pk)
    _refuse_closed(report_round)
    order = ordering.next_order(report_round.sections.all())
    return ReportSection.objects.create(round=report_round, order=order, title=title)


@transaction.atomic
def section_update(*, section: ReportSection, version: int, title: str) -> ReportSection:
    claim(section, version)
    _refuse_closed(section.round)
    section.title = title
    section.save()
    return section


@transaction.atomic
def section_remove(*, section: ReportSection) -> int:
    """Remove a section; its tasks stay in the round, in no section, until regrouped. Answers
    how many tasks that left without a section."""
    report_round = ordering.lock(ReportingRound, section.round_id)
    section = ordering.current(section)
    _refuse_closed(report_round)
    left = section.tasks.count()
    section.delete()
    remaining = list(report_round.sections.select_for_update().order_by("order"))
    ordering.renumber(ReportSection, remaining, user=None)
    return left


@transaction.atomic
def section_move(*, section: ReportSection, direction: str) -> bool:
    """Swap the section with the one above ("up") or below ("down"). False when it is first or
    last already."""
    report_round = ordering.lock(ReportingRound, section.round_id)
    _refuse_closed(report_round)
    sections = list(report_round.sections.order_by("order"))
    return ordering.swap(sections, section, direction) is not None
