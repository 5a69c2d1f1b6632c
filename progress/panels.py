"""Progress reporting on the home page: what the secretariat must review, and a focal point's
open tasks; on a mandate's page, its tasks. Registered in apps.py; see emg.home."""

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emg import home
from emg.models import User
from emg.permissions import visible_to
from mandates.models import FocalPoint
from mandates.panels import MANDATE
from progress.models import ReportingRound, Task, Update

# A panel shows at most this many rows, with a link to the page that lists them all: the home
# page must not grow with the years.
PANEL_ROWS = 10


def awaiting_review_updates():
    """The submitted updates, across every round, oldest first: reviewed in the order they came.

    Only the columns their rows show (progress/review/includes/awaiting_rows.html) are read:
    the rows are kept rendered per content, and the key hashes every field read, the mandate's
    and the task's long texts too. The order is an index's (update_review_queue_idx), so
    PostgreSQL stops after the rows asked for."""
    return (
        Update.objects.filter(state=Update.State.SUBMITTED)
        .select_related("task__mandate", "task__round", "submitted_by__entity")
        .only(
            "submitted_at",
            "task__text",
            "task__mandate__name",
            "task__mandate__short_name",
            "task__round__title",
            "submitted_by__username",
            "submitted_by__first_name",
            "submitted_by__last_name",
            "submitted_by__entity__acronym",
        )
        .order_by("submitted_at", "pk")
    )


def first_rows(queryset, counted=None) -> tuple[list, int]:
    """The first PANEL_ROWS rows of ``queryset``, and how many there are in all: the rows of
    ``counted`` when given, the same rows without the annotations an aggregate count would
    compute (and join for) in vain."""
    return list(queryset[:PANEL_ROWS]), (queryset if counted is None else counted).count()


@home.panel(
    "progress.awaiting_review",
    title=_("Updates awaiting review"),
    template="progress/panels/awaiting_review.html",
    roles=[User.Role.SECRETARIAT],
    order=10,
    wide=True,
)
def awaiting_review(request):
    updates, total = first_rows(awaiting_review_updates())
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
    open_rounds = ReportingRound.objects.filter(state=ReportingRound.State.OPEN)
    rounds = (
        open_rounds.select_related("meeting")
        .annotate(
            task_count=Count("tasks", distinct=True),
            submitted_count=Count(
                "tasks__update", filter=Q(tasks__update__state=Update.State.SUBMITTED)
            ),
            accepted_count=Count(
                "tasks__update", filter=Q(tasks__update__state=Update.State.ACCEPTED)
            ),
        )
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )
    shown, total = first_rows(rounds, counted=open_rounds)
    return {"rounds": shown, "total": total, "today": timezone.localdate()}


@home.panel(
    "progress.my_tasks",
    title=_("My open tasks"),
    template="progress/panels/my_tasks.html",
    roles=[User.Role.FOCAL_POINT],
    order=20,
    wide=True,
)
def my_tasks(request):
    my_mandates = FocalPoint.objects.filter(user=request.user).values("mandate")
    tasks = (
        Task.objects.filter(round__state=ReportingRound.State.OPEN, mandate__in=my_mandates)
        .select_related("round", "mandate", "update")
        .order_by(F("round__deadline").asc(nulls_last=True), "round", "mandate__name", "order")
    )
    shown, total = first_rows(tasks)
    # A task has no update until its focal point starts one; select_related leaves None then.
    rows = [(task, getattr(task, "update", None)) for task in shown]
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
