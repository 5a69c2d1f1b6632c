"""Progress reporting on the home page: what the secretariat must review, and a focal point's
open tasks; on a mandate's page, its tasks. Found and registered by emg.home."""

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emg import home
from emg.models import User
from emg.permissions import visible_to
from emg.selectors import first_rows
from mandates.panels import MANDATE
from progress.models import ReportingRound, Task
from progress.selectors.rounds import count_tasks
from progress.selectors.tasks import awaiting_review_updates, open_tasks_of, update_of

PANEL_ROWS = home.PANEL_ROWS


@home.panel(
    "progress.awaiting_review",
    title=_("Updates awaiting review"),
    template="progress/panels/awaiting_review.html",
    roles=[User.Role.SECRETARIAT],
    order=10,
    wide=True,
)
def awaiting_review(request):
    updates, total = first_rows(awaiting_review_updates(), limit=PANEL_ROWS)
    return {"updates": updates, "total": total}


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
    shown, total = first_rows(
        rounds.order_by(F("deadline").asc(nulls_last=True), "pk"), limit=PANEL_ROWS
    )
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
    shown, total = first_rows(open_tasks_of(request.user), limit=PANEL_ROWS)
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
