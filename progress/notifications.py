"""What progress reporting tells people (emg.notifications): a round opened, to the focal points
with tasks in it; an update submitted, to the secretariat; returned or accepted, to the focal
points of its task's mandate. Registered here, found by emg's registry; the services call the
``*_notify`` functions inside their transactions.

Each recipient is told only about what they may read: a focal point about their own mandates'
tasks, the secretariat about any."""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emg.models import Delivery, User
from emg.notifications.registry import Kind, register
from emg.notifications.services import notify
from mandates.models import FocalPoint
from progress.models import ReportingRound, Update

FOCAL_POINTS = frozenset({User.Role.FOCAL_POINT})

ROUND_OPENED = register(
    Kind(
        name="round_opened",
        label=gettext_lazy("A reporting round opened with tasks of my mandates"),
        roles=FOCAL_POINTS,
        template="progress/email/notifications/round_opened",
        order=10,
    )
)
UPDATE_RETURNED = register(
    Kind(
        name="update_returned",
        label=gettext_lazy("An update of my mandates was returned with a comment"),
        roles=FOCAL_POINTS,
        template="progress/email/notifications/update_returned",
        order=20,
    )
)
UPDATE_ACCEPTED = register(
    Kind(
        name="update_accepted",
        label=gettext_lazy("An update of my mandates was accepted"),
        roles=FOCAL_POINTS,
        template="progress/email/notifications/update_accepted",
        order=30,
    )
)
UPDATE_SUBMITTED = register(
    Kind(
        name="update_submitted",
        label=gettext_lazy("An update was submitted for review"),
        roles=frozenset({User.Role.SECRETARIAT}),
        template="progress/email/notifications/update_submitted",
        defaults={User.Role.SECRETARIAT: Delivery.DIGEST},
        order=40,
    )
)


def focal_points_of(mandate_ids) -> dict[int, list[User]]:
    """The active focal points of each of ``mandate_ids``, by mandate."""
    people: dict[int, list[User]] = defaultdict(list)
    for focal_point in FocalPoint.objects.filter(
        mandate__in=mandate_ids, user__is_active=True, user__role=User.Role.FOCAL_POINT
    ).select_related("user"):
        people[focal_point.mandate_id].append(focal_point.user)
    return people


def round_opened_notify(*, report_round: ReportingRound) -> int:
    """Tell each focal point with tasks in ``report_round`` that it opened, listing their tasks
    and the deadline. Once per round: it opens once."""
    tasks = list(report_round.tasks.select_related("mandate").order_by("order"))
    people = focal_points_of({task.mandate_id for task in tasks})
    theirs: dict[int, tuple[User, list]] = {}
    for task in tasks:
        for user in people.get(task.mandate_id, []):
            theirs.setdefault(user.pk, (user, []))[1].append(task)
    deadline = report_round.deadline.isoformat() if report_round.deadline else ""
    count = 0
    for user, user_tasks in theirs.values():
        count += len(
            notify(
                kind=ROUND_OPENED.name,
                recipients=[user],
                key=str(report_round.pk),
                summary=_("Reporting round opened: %(title)s") % {"title": report_round.title},
                url=reverse("progress:my_tasks"),
                context={
                    "round": report_round.title,
                    "deadline": deadline,
                    "tasks": [
                        {
                            "mandate": task.mandate.name,
                            "text": task.text,
                            "url": reverse("progress:task", kwargs={"pk": task.pk}),
                        }
                        for task in user_tasks
                    ],
                },
            )
        )
    return count


def _update_context(update: Update) -> dict:
    task = update.task
    return {
        "round": task.round.title,
        "mandate": task.mandate.name,
        "task": task.text,
        "deadline": task.round.deadline.isoformat() if task.round.deadline else "",
    }


def _to_focal_points(update: Update, kind: Kind, summary: str, **context) -> int:
    task = update.task
    recipients = focal_points_of([task.mandate_id]).get(task.mandate_id, [])
    return len(
        notify(
            kind=kind.name,
            recipients=recipients,
            key=f"{update.pk}:{update.version}",
            summary=summary,
            url=reverse("progress:task", kwargs={"pk": task.pk}),
            context={**_update_context(update), **context},
        )
    )


def update_returned_notify(*, update: Update) -> int:
    """Tell the focal points of the update's mandate that it came back, with the comment."""
    return _to_focal_points(
        update,
        UPDATE_RETURNED,
        _("Update returned: %(mandate)s") % {"mandate": update.task.mandate.name},
        comment=update.reviewer_comment,
    )


def update_accepted_notify(*, update: Update) -> int:
    """Tell the focal points of the update's mandate that it was accepted for the report."""
    return _to_focal_points(
        update,
        UPDATE_ACCEPTED,
        _("Update accepted: %(mandate)s") % {"mandate": update.task.mandate.name},
    )


def update_submitted_notify(*, update: Update) -> int:
    """Tell every active member of the secretariat that the update awaits review."""
    task = update.task
    by = update.submitted_by
    return len(
        notify(
            kind=UPDATE_SUBMITTED.name,
            recipients=User.objects.filter(is_active=True, role=User.Role.SECRETARIAT),
            key=f"{update.pk}:{update.version}",
            summary=_("Update submitted: %(mandate)s") % {"mandate": task.mandate.name},
            url=reverse("progress:task", kwargs={"pk": task.pk}),
            context={
                **_update_context(update),
                "by": (by.get_full_name() or by.username) if by else "",
            },
        )
    )
