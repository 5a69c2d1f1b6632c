"""What the global search finds of reporting (emg.search): the tasks of each round, and the
progress reported on them. Who finds one is who may open the task's page
(``Task.objects.visible_to``): the secretariat always; a round being prepared is theirs alone;
once it is open, the focal points of the task's mandate, drafts included; the Senior
Officials once the secretariat has accepted the update. A focal point never finds another
mandate's tasks or drafts."""

from __future__ import annotations

from django.db.models import Min
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from emg import search
from progress.models import ReportingRound, Status, Task, Update, UpdateItem

# A task is its own title: a long one is cut after this many words.
TITLE_WORDS = 40


def _audience(task: Task, update: Update | None) -> dict:
    if task.round.state == ReportingRound.State.DRAFT:
        audience = search.Audience.SECRETARIAT
    elif update is not None and update.state == Update.State.ACCEPTED:
        audience = search.Audience.MANDATE_AND_SENIOR
    else:
        audience = search.Audience.MANDATE
    return {"audience": audience, "mandate_id": task.mandate_id}


def _year(task: Task) -> int | None:
    day = task.round.deadline or task.round.opens_on or task.first_day
    return day.year if day else None


def _round_title(task: Task) -> str:
    return f"{task.round.title} · {task.mandate.name}"


@search.source(
    "task",
    label=_("Tasks"),
    model=Task,
    queryset=lambda: Task.objects.select_related("round", "mandate", "update").annotate(
        first_day=Min("round__meeting__sessions__date")
    ),
    follows={
        Update: lambda update: [update.task_id],
        ReportingRound: lambda round_: round_.tasks.values_list("pk", flat=True),
    },
    order=80,
)
def task_entry(task: Task) -> search.Entry:
    return search.Entry(
        title=Truncator(task.text).words(TITLE_WORDS),
        url=reverse("progress:task", args=[task.pk]),
        year=_year(task),
        headings=_round_title(task),
        body=task.text,
        **_audience(task, getattr(task, "update", None)),
    )


@search.source(
    "progress",
    label=_("Progress"),
    model=Update,
    queryset=lambda: (
        Update.objects.select_related("task__round", "task__mandate")
        .annotate(first_day=Min("task__round__meeting__sessions__date"))
        .prefetch_related("items")
    ),
    follows={
        UpdateItem: lambda item: [item.update_id],
        ReportingRound: lambda round_: Update.objects.filter(task__round=round_).values_list(
            "pk", flat=True
        ),
    },
    order=90,
)
def progress_entry(update: Update) -> search.Entry | None:
    """The progress reported on a task: its items, each led by its status as the report writes
    it ("Ongoing: …"), and the next steps. An update with nothing in it is not a result."""
    items = [f"{Status(item.status).lead} {item.text}" for item in update.items.all()]
    if not any(item.strip() for item in items) and not update.next_steps.strip():
        return None
    task = update.task
    task.first_day = update.first_day
    return search.Entry(
        title=Truncator(task.text).words(TITLE_WORDS),
        url=reverse("progress:task", args=[task.pk]),
        year=_year(task),
        headings=_round_title(task),
        body=search.joined([*items, update.next_steps]),
        **_audience(task, update),
    )
