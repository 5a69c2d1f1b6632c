"""Reporting rounds for the secretariat: the list, a new round, and preparing one (proposing its
tasks, editing, adding, removing, moving and grouping them into the report's sections), then
opening and closing it.

Only the secretariat prepares rounds (progress/rules.py); a task of another mandate's round is
not found for a focal point (Task.objects.visible_to).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emg import params, selectors
from emg.models import Document
from emg.permissions import get_object_for_user, permission_required
from emg.views.editing import attempt, cleaned, form_page, move_answer, posted, save_edit
from emg.views.issuing import issue_answer
from emg.views.lists import page_context, paginate
from progress.forms import RoundForm, SectionForm, TaskForm
from progress.models import ReportingRound, ReportSection, Task
from progress.pictures import round_progress
from progress.selectors.rounds import count_tasks, round_outline, round_period
from progress.services import proposals, rounds

PERM = "progress.change_reportinground"


def round_url(pk: int, anchor: str = "") -> str:
    return reverse("progress:round", kwargs={"pk": pk}) + (f"#{anchor}" if anchor else "")


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


def saved(form, service, fields: tuple[str, ...], **given):
    """Call ``service`` with ``given`` and the values of ``fields`` of a valid ``form``
    (``save_edit``): what it returned; None when the form has errors, when the row changed
    since the form was opened (``form.conflict``) or when the service refused (a closed round;
    the refusal is on the form)."""
    return save_edit(form, lambda: service(**given, **cleaned(form, *fields)))


def round_form_page(request, form, *, title: str, submit: str, report_round=None, note=""):
    """``form`` on a page of its own, under the list of rounds and ``report_round`` (None for a
    new round)."""
    crumbs = [(_("Reporting rounds"), reverse("progress:rounds"))]
    if report_round is None:
        back, lead = reverse("progress:rounds"), ""
    else:
        back, lead = round_url(report_round.pk), report_round.title
        crumbs.append((report_round.title, back))
    return form_page(
        request, form, title=title, back=back, submit=submit, crumbs=crumbs, lead=lead, note=note
    )


# The list and a new round


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
    fields = ("meeting", "session", "title", "opens_on", "deadline")
    report_round = saved(form, rounds.round_create, fields)
    if report_round is not None:
        created = proposals.round_propose_tasks(report_round=report_round)
        messages.success(
            request,
            _(
                "The round was created with %(count)s proposed task(s). Edit, add, remove and "
                "group them, then open the round."
            )
            % {"count": len(created)},
        )
        return redirect(round_url(report_round.pk))
    return round_form_page(
        request,
        form,
        title=_("New reporting round"),
        submit=_("Create round and propose tasks"),
        note=_(
            "Tasks are proposed from the previous SOM's decisions addressed to each mandate and "
            "from the work-plan activities and milestones scheduled up to the deadline."
        ),
    )


# Preparing a round


@require_safe
def round_detail(request, pk):
    report_round = round_for(request.user, pk)
    outline, unsectioned, task_count = round_outline(report_round)
    return render(
        request,
        "progress/rounds/detail.html",
        {
            "round": report_round,
            "outline": outline,
            "unsectioned": unsectioned,
            "task_count": task_count,
            # Drawn from the outline's tasks and updates: no query of its own.
            "progress": round_progress(report_round, outline, unsectioned),
            "period": round_period(report_round),
            "editable": report_round.state != ReportingRound.State.CLOSED,
            "bulk": report_round.state == ReportingRound.State.DRAFT,
            "issued": selectors.generated_document(
                source=report_round, kind=Document.Kind.PROGRESS_REPORT
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def round_issue(request, pk):
    """Issue the round's compiled progress report as a document of its meeting, or save the
    particulars of the one issued: whether the round was prepared here or imported."""
    report_round = round_for(request.user, pk)
    return issue_answer(
        request,
        source=report_round,
        kind=Document.Kind.PROGRESS_REPORT,
        meeting=report_round.meeting,
        title=report_round.title,
        author_line=_("Note by the Secretariat"),
        back=round_url(report_round.pk),
        crumbs=[
            (_("Reporting rounds"), reverse("progress:rounds")),
            (report_round.title, round_url(report_round.pk)),
        ],
    )


@require_http_methods(["GET", "POST"])
def round_edit(request, pk):
    report_round = round_for(request.user, pk)
    form = RoundForm(posted(request), instance=report_round)
    fields = ("version", "title", "session", "opens_on", "deadline")
    if saved(form, rounds.round_update, fields, report_round=report_round):
        messages.success(request, _("The round was saved."))
        return redirect(round_url(report_round.pk))
    return round_form_page(
        request, form, title=_("Edit the round"), submit=_("Save round"), report_round=report_round
    )


@require_POST
def round_propose(request, pk):
    report_round = round_for(request.user, pk)
    done, created = attempt(
        request, lambda: proposals.round_propose_tasks(report_round=report_round)
    )
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
    section = saved(form, rounds.section_add, ("title",), report_round=report_round)
    if section is not None:
        messages.success(request, _("The section was added."))
        return redirect(round_url(report_round.pk, f"section-{section.pk}"))
    return round_form_page(
        request, form, title=_("Add a section"), submit=_("Add section"), report_round=report_round
    )


@require_http_methods(["GET", "POST"])
def section_edit(request, pk):
    section = section_for(request.user, pk)
    form = SectionForm(posted(request), instance=section)
    if saved(form, rounds.section_update, ("version", "title"), section=section):
        messages.success(request, _("The section was renamed."))
        return redirect(round_url(section.round_id, f"section-{section.pk}"))
    return round_form_page(
        request,
        form,
        title=_("Rename the section"),
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


# The most tasks one bulk choice names: a round holds some hundred; this leaves room.
MAX_BULK_TASKS = 2000


def shown_versions(request) -> dict[int, int]:
    """The tasks the round's page listed, each posted as "primary key:version"."""
    values = request.POST.getlist("shown")
    if len(values) > MAX_BULK_TASKS:
        raise BadRequest(f"shown: at most {MAX_BULK_TASKS} values.")
    shown = {}
    for value in values:
        pk, _colon, version = value.partition(":")
        pk, version = params.as_integer(pk), params.as_integer(version)
        if pk is None or version is None:
            raise BadRequest("shown: each value is a task's number and version.")
        shown[pk] = version
    return shown


@require_POST
def round_tasks_bulk(request, pk):
    """Keep the selected tasks and drop the others the page listed, or drop the selected ones:
    the proposals sorted in one go while a round is prepared."""
    report_round = round_for(request.user, pk)
    action = request.POST.get("action")
    if action not in ("keep", "drop"):
        return HttpResponseBadRequest(_("Say whether to keep or drop the selected tasks."))
    shown = shown_versions(request)
    selected = set(params.integers(request.POST, "task", max_count=MAX_BULK_TASKS))
    if not selected <= set(shown):
        raise BadRequest("task: only tasks the page listed may be selected.")
    if not selected:
        messages.info(request, _("Select the tasks to keep or drop first."))
        return redirect(round_url(report_round.pk))
    dropped = {
        task: version for task, version in shown.items() if (task in selected) == (action == "drop")
    }
    done, count = attempt(
        request, lambda: rounds.round_tasks_drop(report_round=report_round, tasks=dropped)
    )
    if done:
        messages.success(
            request,
            ngettext("%(count)s task was dropped.", "%(count)s tasks were dropped.", count)
            % {"count": count},
        )
    return redirect(round_url(report_round.pk))


@require_http_methods(["GET", "POST"])
def task_add(request, pk):
    report_round = round_for(request.user, pk)
    form = TaskForm(
        posted(request),
        report_round=report_round,
        initial={"section": params.integer(request.GET, "section")},
    )
    fields = ("mandate", "section", "text")
    task = saved(form, rounds.task_add, fields, report_round=report_round)
    if task is not None:
        messages.success(request, _("The task was added."))
        return redirect(round_url(report_round.pk, f"task-{task.pk}"))
    return round_form_page(
        request, form, title=_("Add a task"), submit=_("Add task"), report_round=report_round
    )


@require_http_methods(["GET", "POST"])
def task_edit(request, pk):
    task = task_for(request.user, pk)
    form = TaskForm(posted(request), instance=task, report_round=task.round)
    fields = ("version", "mandate", "section", "text")
    if saved(form, rounds.task_update, fields, task=task):
        messages.success(request, _("The task was saved."))
        return redirect(round_url(task.round_id, f"task-{task.pk}"))
    return round_form_page(
        request, form, title=_("Edit the task"), submit=_("Save task"), report_round=task.round
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
