"""Progress reporting on the home page: what the secretariat must review, and a focal point's
open tasks; on a mandate's page, its tasks and action points; on a meeting's page, how far its
action points are implemented. Found and registered by emg.home."""

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emg import home
from emg.models import User
from emg.permissions import visible_to
from mandates.panels import MANDATE
from progress.models import ReportingRound, Task
from progress.selectors.action_points import (
    followed_action_points,
    mandate_action_points,
    status_of_implementation_document,
)
from progress.selectors.rounds import count_tasks, meeting_before
from progress.selectors.tasks import awaiting_review_updates, open_tasks_of, update_of


@home.panel(
    "progress.awaiting_review",
    title=_("Updates awaiting review"),
    template="progress/panels/awaiting_review.html",
    roles=[User.Role.SECRETARIAT],
    order=10,
    wide=True,
    rows="updates",
)
def awaiting_review(request):
    return awaiting_review_updates()


@home.panel(
    "progress.open_rounds",
    title=_("Open reporting rounds"),
    template="progress/panels/open_rounds.html",
    roles=[User.Role.SECRETARIAT],
    order=20,
    wide=True,
)
def open_rounds(request):
    rounds = ReportingRound.objects.filter(state=ReportingRound.State.OPEN).select_related(
        "meeting"
    )
    shown, total = home.first_rows(rounds.order_by(F("deadline").asc(nulls_last=True), "pk"))
    return {"rounds": count_tasks(shown), "total": total, "today": timezone.localdate()}


@home.panel(
    "progress.my_tasks",
    title=_("My open tasks"),
    template="progress/panels/my_tasks.html",
    roles=[User.Role.FOCAL_POINT],
    order=20,
    wide=True,
)
def my_tasks(request):
    shown, total = home.first_rows(open_tasks_of(request.user))
    rows = [(task, update_of(task)) for task in shown]
    return {"rows": rows, "total": total, "today": timezone.localdate()}


@home.panel(
    "progress.mandate_tasks",
    title=_("Progress reporting tasks"),
    template="progress/panels/mandate_tasks.html",
    page=MANDATE,
    order=20,
)
def mandate_tasks(request, mandate):
    """The mandate's tasks, newest round first. Only those the reader may open: a round being
    prepared is the secretariat's, and a focal point or senior official sees only some tasks of
    an open one."""
    tasks = list(
        visible_to(Task.objects.filter(mandate=mandate), request.user)
        .select_related("round")
        .only("text", "round__title", "round__state")
        .order_by("-round__meeting__number", "round__title", "order")
    )
    for task in tasks:
        # From the enum: get_state_display costs more than the rest of the row.
        task.round.state_label = ReportingRound.State(task.round.state).label
    return {"tasks": tasks}


# Action points followed up: who is to act on each, by when, and how far the progress accepted
# on it says it is implemented.


@home.panel(
    "progress.action_points",
    title=_("Status of implementation of the action points"),
    template="progress/panels/action_points.html",
    page=home.MEETING,
    order=15,
    wide=True,
)
def meeting_action_points(request, meeting):
    """The meeting's action points; for the secretariat, the button that makes (or refreshes)
    the meeting's document on how far the previous SOM's are implemented."""
    context = {"points": followed_action_points([meeting]), "meeting": meeting}
    if request.user.has_perm("emg.add_document", meeting):
        reported_on = meeting_before(meeting)
        context.update(
            reported_on=reported_on,
            implementation_document=status_of_implementation_document(meeting, reported_on),
            agenda_items=list(meeting.agenda_items.order_by("order")),
        )
    return context


@home.panel(
    "progress.mandate_action_points",
    title=_("Action points"),
    template="progress/panels/mandate_action_points.html",
    page=MANDATE,
    order=15,
)
def mandate_action_points_panel(request, mandate):
    return {"points": mandate_action_points(mandate)}
