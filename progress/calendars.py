"""What reporting rounds put in a person's calendar feed (emg.calendars): the deadlines of the
rounds they may see, and, for a focal point, the deadline of each task of their mandates."""

from django.urls import reverse
from django.utils.translation import gettext as _

from emg import calendars
from mandates.models import Mandate
from progress.models import ReportingRound, Task


@calendars.source("progress.round_deadlines")
def round_deadlines(user) -> list[calendars.Event]:
    """The deadline of every round ``user`` may know of: all for the secretariat; the opened
    ones (open, and once closed, past) for everyone else, never one being prepared."""
    rounds = ReportingRound.objects.visible_to(user).filter(deadline__isnull=False)
    rounds = rounds.select_related("meeting")
    return [
        calendars.Event(
            kind="round-deadline",
            pk=report_round.pk,
            summary=_("Deadline: %(round)s") % {"round": report_round.title},
            start=report_round.deadline,
            description=_("Progress reports due for %(meeting)s.")
            % {"meeting": report_round.meeting},
            url=calendars.absolute(_round_page(user, report_round)),
            version=report_round.version,
        )
        for report_round in rounds
    ]


@calendars.source("progress.task_deadlines")
def task_deadlines(user) -> list[calendars.Event]:
    """Each task ``user`` reports on (the tasks of the mandates they are a focal point of, in
    rounds opened to them), due on its round's deadline."""
    theirs = Mandate.objects.filter(focal_points__user=user)
    tasks = (
        Task.objects.visible_to(user)
        .filter(mandate__in=theirs, round__deadline__isnull=False)
        .select_related("round", "mandate")
    )
    return [
        calendars.Event(
            kind="task",
            pk=task.pk,
            summary=_("Report due: %(task)s") % {"task": calendars.shorten(task.text)},
            start=task.round.deadline,
            description=f"{task.mandate}\n{task.round}\n\n{task.text}",
            url=calendars.absolute(reverse("progress:task", kwargs={"pk": task.pk})),
            version=task.version,
        )
        for task in tasks
    ]


def _round_page(user, report_round) -> str:
    """Where ``user`` follows the round: the secretariat on the round's page, a focal point on
    their tasks, others on the round's report."""
    if user.has_perm("progress.change_reportinground", report_round):
        return reverse("progress:round", kwargs={"pk": report_round.pk})
    if user.role == "focal_point":
        return reverse("progress:my_tasks")
    return reverse("progress:report", kwargs={"pk": report_round.pk})
