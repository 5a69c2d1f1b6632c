"""Reminders to focal points with unsubmitted tasks in open rounds.

Three kinds, each sent at most once per person and round:
- "before": from REMINDER_DAYS_BEFORE days before the deadline until the day before it,
- "due": on the deadline,
- "overdue": any day after it.
A day's run sends only the kind that day calls for; a run that missed a window does not catch up
on an earlier kind (an "it is due in a week" mail sent after the deadline would mislead).

At most once, not at least once: for each person the Reminder row is written and the mail queued
for after the commit of that row's own transaction. A second run, at once or concurrently, finds
the row (the unique constraint decides between racing runs) and sends nothing. If the mail server
then refuses the message, the row stays and that reminder is lost: a missed reminder is a
nuisance, a reminder sent every time the task is retried would be spam.

"Unsubmitted" is a task of one of the person's mandates still the focal points' to do
(Progress.UNSUBMITTED): with no update, or whose update is a draft or was returned.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from emg.models import User
from mandates.models import FocalPoint
from progress.models import Progress, Reminder, ReportingRound, Task


def reminder_kind(report_round: ReportingRound, today: datetime.date) -> str | None:
    """Which reminder ``today`` calls for in ``report_round``, if any."""
    deadline = report_round.deadline
    if deadline is None:
        return None
    if today > deadline:
        return Reminder.Kind.OVERDUE
    if today == deadline:
        return Reminder.Kind.DUE
    if deadline - datetime.timedelta(days=settings.REMINDER_DAYS_BEFORE) <= today:
        return Reminder.Kind.BEFORE
    return None


@dataclass
class Due:
    report_round: ReportingRound
    kind: str
    user: User
    tasks: list[Task]


def reminders_due(today: datetime.date) -> list[Due]:
    """Who should get which reminder about which of their tasks today, leaving out reminders
    already sent."""
    kinds = {}
    for report_round in ReportingRound.objects.filter(
        state=ReportingRound.State.OPEN, deadline__isnull=False
    ).select_related("meeting"):
        kind = reminder_kind(report_round, today)
        if kind is not None:
            kinds[report_round.pk] = (report_round, kind)
    if not kinds:
        return []

    tasks = (
        Task.objects.filter(round__in=list(kinds))
        .with_progress()
        .filter(progress__in=Progress.UNSUBMITTED)
        .select_related("mandate")
        .order_by("round", "order")
    )
    by_mandate: dict[tuple[int, int], list[Task]] = defaultdict(list)
    for task in tasks:
        by_mandate[(task.round_id, task.mandate_id)].append(task)
    mandates = {mandate_id for _round, mandate_id in by_mandate}
    focal_points = (
        FocalPoint.objects.filter(mandate__in=mandates, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__username", "mandate_id")
    )
    sent = set(Reminder.objects.filter(round__in=list(kinds)).values_list("round", "user", "kind"))
    due: dict[tuple[int, int], Due] = {}
    for focal_point in focal_points:
        for round_id, (report_round, kind) in kinds.items():
            round_tasks = by_mandate.get((round_id, focal_point.mandate_id))
            if not round_tasks or (round_id, focal_point.user_id, kind) in sent:
                continue
            key = (round_id, focal_point.user_id)
            if key not in due:
                due[key] = Due(report_round, kind, focal_point.user, [])
            due[key].tasks.extend(round_tasks)
    for item in due.values():
        item.tasks.sort(key=lambda task: task.order)
    return list(due.values())


def _message(due: Due, today: datetime.date) -> tuple[str, str]:
    context = {
        "round": due.report_round,
        "kind": due.kind,
        "user": due.user,
        "tasks": due.tasks,
        "today": today,
        "days_left": (due.report_round.deadline - today).days,
        "my_tasks_url": settings.SITE_URL + reverse("progress:my_tasks"),
    }
    subject = render_to_string("progress/email/reminder_subject.txt", context)
    body = render_to_string("progress/email/reminder.txt", context)
    return " ".join(subject.split()), body


def reminders_send(*, today: datetime.date) -> int:
    """Send today's reminders; answers how many were sent (or, inside an outer transaction,
    queued for its commit)."""
    count = 0
    for due in reminders_due(today):
        subject, body = _message(due, today)
        try:
            with transaction.atomic():
                Reminder.objects.create(round=due.report_round, user=due.user, kind=due.kind)
                transaction.on_commit(
                    lambda subject=subject, body=body, to=due.user.email: send_mail(
                        subject, body, None, [to]
                    )
                )
        except IntegrityError:
            # Another run got there first.
            continue
        count += 1
    return count
