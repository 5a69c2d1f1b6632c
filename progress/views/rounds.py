"""Reporting rounds for the secretariat: the list, a new round, and preparing one (proposing its
tasks, editing, adding, removing, moving and grouping them into the report's sections), then
opening and closing it.

Only the secretariat prepares rounds (progress/rules.py); a task of another mandate's round is
not found for a focal point (Task.objects.visible_to).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emg import numbering, params
from emg.permissions import get_object_for_user, permission_required
from emg.views.editing import attempt, cleaned, form_status, move_answer, posted, save_edit
from emg.views.lists import page_context, paginate
from progress import rounds
from progress.forms_rounds import RoundForm, SectionForm, TaskForm
from progress.models import ReportingRound, ReportSection, Task, Update

PERM = "progress.change_reportinground"


def round_url(pk: int, anchor: str = "") -> str:
    return reverse("progress:round", kwargs={"pk": pk}) + (f"#{anchor}" if anchor else "")


def form_page(request, form, *, title: str, back: str, submit: str, report_round=None, note=""):
    return render(
        request,
        "progress/rounds/form.html",
        {
            "form": form,
            "title": title,
            "back_url": back,
            "submit": submit,
            "round": report_round,
            "note": note,
        },
        status=form_status(form),
    )


def edit(request, form, update) -> tuple[bool, object]:
    """Save a valid ``form`` by ``update`` (an edit service, given the version the form was
    opened on): (whether the page is done with the form, what ``update`` returned). Done when it
    saved, and when the service refused (a closed round), saying why; not when the form has
    errors or the row changed since it was opened (``form.conflict``)."""
    done, saved = attempt(request, lambda: save_edit(form, update))
    return (not done or saved is not None), saved


def round_for(user, pk: int) -> ReportingRound:
    return get_object_for_user(
        user, ReportingRound.objects.select_related("meeting", "session"), PERM, pk=pk
    )


def task_for(user, pk: int) -> Task:
    return get_object_for_user(
        user, Task.objects.select_related("round", "section"), "progress.change_task", pk=pk
    )


def section_for(user, pk: int) -> ReportSection:
    return get_object_for_user(
        user, ReportSection.objects.select_related("round"), "progress.change_reportsection", pk=pk
    )


# The list and a new round


def count_tasks(report_rounds: list[ReportingRound]) -> list[ReportingRound]:
    """Set on each of ``report_rounds`` how many tasks it has, submitted and accepted: one
    query over the rounds shown, however many rounds there are."""
    counts = {
        row["round"]: row
        for row in Task.objects.filter(round__in=report_rounds)
        .values("round")
        .annotate(
            tasks=Count("pk"),
            submitted=Count("pk", filter=Q(update__state=Update.State.SUBMITTED)),
            accepted=Count("pk", filter=Q(update__state=Update.State.ACCEPTED)),
        )
        .order_by()
    }
    for report_round in report_rounds:
        row = counts.get(report_round.pk, {})
        report_round.task_count = row.get("tasks", 0)
        report_round.submitted_count = row.get("submitted", 0)
        report_round.accepted_count = row.get("accepted", 0)
    return report_rounds


@require_safe
@permission_required(PERM, raise_exception=True)
def round_list(request):
    """The rounds being prepared and open, which the secretariat works on, above the closed
    ones, which only grow and so come 25 at a time."""
    report_rounds = ReportingRound.objects.select_related("meeting", "session")
    current = list(report_rounds.exclude(state=ReportingRound.State.CLOSED))
    page = paginate(request, report_rounds.filter(state=ReportingRound.State.CLOSED))
    count_tasks(current + page.object_list)
    return render(
        request,
        "progress/rounds/list.html",
        {
            "current": current,
            "closed": page.object_list,
            **page_context(page),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(PERM, raise_exception=True)
def round_create(request):
    form = RoundForm(posted(request))
    if form.is_valid():
        report_round = rounds.round_create(
            **cleaned(form, "meeting", "session", "title", "opens_on", "deadline")
        )
        created = rounds.round_propose_tasks(report_round=report_round)
        messages.success(
            request,
            _(
                "The round was created with %(count)s proposed task(s). Edit, add, remove and "
                "group them, then open the round."
            )
            % {"count": len(created)},
        )
        return redirect(round_url(report_round.pk))
    return form_page(
        request,
        form,
        title=_("New reporting round"),
        back=reverse("progress:rounds"),
        submit=_("Create round and propose tasks"),
        note=_(
            "Tasks are proposed from the previous SOM's decisions addressed to each mandate and "
            "from the work-plan activities and milestones scheduled up to the deadline."
        ),
    )


# Preparing a round


@dataclass(frozen=True)
class OutlineBody:
    """A mandate as the outline names it."""

    pk: int
    name: str


@dataclass(frozen=True)
class OutlineTask:
    """A task as the round's page shows it: plain values, so that the kept outline
    (emg/fragments.py) is keyed on them cheaply."""

    pk: int
    section_id: int | None
    mandate: OutlineBody
    order: int
    text: str
    source_decision_id: int | None
    source_activity_id: int | None
    source_milestone_id: int | None
    carried: bool  # the previous round had a task of the mandate in the same words
    draft: str  # the update's state, as said, or "" without one


OUTLINE_FIELDS = (
    "pk",
    "section_id",
    "mandate_id",
    "mandate__name",
    "order",
    "text",
    "source_decision_id",
    "source_activity_id",
    "source_milestone_id",
    "update__state",
)


def round_outline(report_round: ReportingRound, before: ReportingRound | None):
    """The round as the report will read: numbered sections, each with its bodies (lettered) and
    their tasks; tasks in no section last. ``before``: the previous round (rounds.previous_round),
    whose tasks in the same words say a task was carried over."""
    sections = list(report_round.sections.order_by("order"))
    # Tasks the previous round had in the same words (carried over, or imported without a
    # source) say so.
    carried = set(before.tasks.values_list("mandate", "text")) if before is not None else set()
    states = dict(Update.State.choices)
    tasks = []
    for row in report_round.tasks.order_by("order").values_list(*OUTLINE_FIELDS):
        values = dict(zip(OUTLINE_FIELDS, row, strict=True))
        tasks.append(
            OutlineTask(
                pk=values["pk"],
                section_id=values["section_id"],
                mandate=OutlineBody(values["mandate_id"], values["mandate__name"]),
                order=values["order"],
                text=values["text"],
                source_decision_id=values["source_decision_id"],
                source_activity_id=values["source_activity_id"],
                source_milestone_id=values["source_milestone_id"],
                carried=(values["mandate_id"], values["text"]) in carried,
                draft=str(states.get(values["update__state"], "")),
            )
        )
    by_section: dict[int | None, list[OutlineTask]] = {}
    for task in tasks:
        by_section.setdefault(task.section_id, []).append(task)

    # A body comes where its first task comes.
    first_order: dict[int, int] = {}
    for task in tasks:
        first_order.setdefault(task.mandate.pk, task.order)

    def bodies(section_tasks):
        ordered = sorted(section_tasks, key=lambda t: (first_order[t.mandate.pk], t.order))
        grouped = []
        for position, (_mandate, group) in enumerate(
            groupby(ordered, key=lambda t: t.mandate.pk), start=1
        ):
            group = list(group)
            grouped.append(
                {
                    "label": numbering.label(ReportSection.BODY_PATTERN, position),
                    "mandate": group[0].mandate,
                    "tasks": group,
                }
            )
        return grouped

    outline = [
        {
            "section": section,
            "label": numbering.label(ReportSection.NUMBER_PATTERN, position),
            "first": position == 1,
            "last": position == len(sections),
            "bodies": bodies(by_section.get(section.pk, [])),
        }
        for position, section in enumerate(sections, start=1)
    ]
    return outline, bodies(by_section.get(None, [])), len(tasks)


@require_safe
def round_detail(request, pk):
    report_round = round_for(request.user, pk)
    outline, unsectioned, task_count = round_outline(
        report_round, rounds.previous_round(report_round)
    )
    period = rounds.round_period(report_round)
    return render(
        request,
        "progress/rounds/detail.html",
        {
            "round": report_round,
            "outline": outline,
            "unsectioned": unsectioned,
            "task_count": task_count,
            "period": period,
            "editable": report_round.state != ReportingRound.State.CLOSED,
        },
    )


@require_http_methods(["GET", "POST"])
def round_edit(request, pk):
    report_round = round_for(request.user, pk)
    form = RoundForm(posted(request), instance=report_round)
    fields = ("version", "title", "session", "opens_on", "deadline")
    done, saved = edit(
        request,
        form,
        lambda: rounds.round_update(report_round=report_round, **cleaned(form, *fields)),
    )
    if saved is not None:
        messages.success(request, _("The round was saved."))
    if done:
        return redirect(round_url(report_round.pk))
    return form_page(
        request,
        form,
        title=_("Edit the round"),
        back=round_url(report_round.pk),
        submit=_("Save round"),
        report_round=report_round,
    )


@require_POST
def round_propose(request, pk):
    report_round = round_for(request.user, pk)
    done, created = attempt(request, lambda: rounds.round_propose_tasks(report_round=report_round))
    if done:
        if created:
            messages.success(
                request, _("%(count)s task(s) were proposed.") % {"count": len(created)}
            )
        else:
            messages.info(request, _("No new task to propose: every source is already a task."))
    return redirect(round_url(report_round.pk))


@require_POST
def round_open(request, pk):
    report_round = round_for(request.user, pk)
    done = attempt(request, lambda: rounds.round_open(report_round=report_round))[0]
    if done:
        messages.success(
            request, _("The round is open: focal points now see their tasks and file updates.")
        )
    return redirect(round_url(report_round.pk))


@require_POST
def round_close(request, pk):
    report_round = round_for(request.user, pk)
    done = attempt(request, lambda: rounds.round_close(report_round=report_round))[0]
    if done:
        messages.success(request, _("The round is closed."))
    return redirect(round_url(report_round.pk))


# Sections


@require_http_methods(["GET", "POST"])
def section_add(request, pk):
    report_round = round_for(request.user, pk)
    form = SectionForm(posted(request))
    if form.is_valid():
        done, section = attempt(
            request,
            lambda: rounds.section_add(report_round=report_round, title=form.cleaned_data["title"]),
        )
        if not done:
            return redirect(round_url(report_round.pk))
        messages.success(request, _("The section was added."))
        return redirect(round_url(report_round.pk, f"section-{section.pk}"))
    return form_page(
        request,
        form,
        title=_("Add a section"),
        back=round_url(report_round.pk),
        submit=_("Add section"),
        report_round=report_round,
    )


@require_http_methods(["GET", "POST"])
def section_edit(request, pk):
    section = section_for(request.user, pk)
    form = SectionForm(posted(request), instance=section)
    done, saved = edit(
        request,
        form,
        lambda: rounds.section_update(section=section, **cleaned(form, "version", "title")),
    )
    if saved is not None:
        messages.success(request, _("The section was renamed."))
    if done:
        return redirect(round_url(section.round_id, f"section-{section.pk}"))
    return form_page(
        request,
        form,
        title=_("Rename the section"),
        back=round_url(section.round_id),
        submit=_("Save section"),
        report_round=section.round,
    )


@require_POST
def section_move(request, pk):
    section = section_for(request.user, pk)
    return move_answer(
        request,
        lambda direction: rounds.section_move(section=section, direction=direction),
        unknown=_("Say whether to move the section up or down."),
        at_end=_("The section is already at that end of the report."),
        back=round_url(section.round_id, f"section-{section.pk}"),
    )


@require_POST
def section_delete(request, pk):
    section = section_for(request.user, pk)
    done, left = attempt(request, lambda: rounds.section_remove(section=section))
    if done:
        if left:
            messages.success(
                request,
                _(
                    "The section was removed; its %(count)s task(s) are now in no section. "
                    "Move them into another."
                )
                % {"count": left},
            )
        else:
            messages.success(request, _("The section was removed."))
    return redirect(round_url(section.round_id))


# Tasks


@require_http_methods(["GET", "POST"])
def task_add(request, pk):
    report_round = round_for(request.user, pk)
    form = TaskForm(
        posted(request),
        report_round=report_round,
        initial={"section": params.integer(request.GET, "section")},
    )
    if form.is_valid():
        fields = cleaned(form, "mandate", "section", "text")
        done, task = attempt(request, lambda: rounds.task_add(report_round=report_round, **fields))
        if not done:
            return redirect(round_url(report_round.pk))
        messages.success(request, _("The task was added."))
        return redirect(round_url(report_round.pk, f"task-{task.pk}"))
    return form_page(
        request,
        form,
        title=_("Add a task"),
        back=round_url(report_round.pk),
        submit=_("Add task"),
        report_round=report_round,
    )


@require_http_methods(["GET", "POST"])
def task_edit(request, pk):
    task = task_for(request.user, pk)
    form = TaskForm(
        posted(request),
        instance=task,
        report_round=task.round,
    )
    fields = ("version", "mandate", "section", "text")
    done, saved = edit(
        request, form, lambda: rounds.task_update(task=task, **cleaned(form, *fields))
    )
    if saved is not None:
        messages.success(request, _("The task was saved."))
    if done:
        return redirect(round_url(task.round_id, f"task-{task.pk}"))
    return form_page(
        request,
        form,
        title=_("Edit the task"),
        back=round_url(task.round_id),
        submit=_("Save task"),
        report_round=task.round,
    )


@require_POST
def task_move(request, pk):
    task = task_for(request.user, pk)
    return move_answer(
        request,
        lambda direction: rounds.task_move(task=task, direction=direction),
        unknown=_("Say whether to move the task up or down."),
        at_end=_("The task is already at that end of its body's tasks."),
        back=round_url(task.round_id, f"task-{task.pk}"),
    )


@require_POST
def task_delete(request, pk):
    task = task_for(request.user, pk)
    done = attempt(request, lambda: rounds.task_remove(task=task))[0]
    if done:
        messages.success(request, _("The task was removed."))
    return redirect(round_url(task.round_id))
