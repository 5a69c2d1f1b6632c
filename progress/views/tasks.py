"""Focal points' pages: "My tasks" (the tasks of their mandates in open rounds) and a task's page,
where they write the update (progress items and next steps), save it as a draft and submit it.
The secretariat and senior officials read the same task page."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from emg.history import render_history, seen_from
from emg.models import User
from emg.permissions import (
    get_object_for_user,
    is_secretariat,
    is_senior_official,
    permission_required,
)
from emg.versions import StaleEdit
from emg.views.editing import form_status, refuse
from progress import services
from progress.forms import update_forms
from progress.models import ReportingRound, Task, Update, UpdateItem


def tasks_for_page():
    """Tasks with what their pages show, in a fixed number of queries (the people of the update
    come with task_for)."""
    return Task.objects.select_related(
        "round__meeting", "round__session", "mandate", "section", "update"
    ).prefetch_related(Prefetch("update__items", queryset=UpdateItem.objects.order_by("order")))


# Who wrote, submitted, returned and accepted an update.
PEOPLE = ("author", "submitted_by", "returned_by", "accepted_by")


def load_people(update: Update | None) -> None:
    """Load the people of ``update`` with their entities (their names say it) in one query: a
    join each would make the task's query four tables larger, and dearer to plan."""
    if update is None:
        return
    people = User.objects.select_related("entity").in_bulk(
        {getattr(update, f"{field}_id") for field in PEOPLE} - {None}
    )
    for field in PEOPLE:
        setattr(update, field, people.get(getattr(update, f"{field}_id")))


def task_for(user, pk: int, perm: str) -> Task:
    task = get_object_for_user(user, tasks_for_page(), perm, pk=pk)
    load_people(update_of(task))
    return task


def update_of(task: Task) -> Update | None:
    # select_related leaves no attribute when a task has no update yet.
    return getattr(task, "update", None)


def can_edit(task: Task, update: Update | None) -> bool:
    """Whether the update may still be written (the permission aside)."""
    return task.round.state == ReportingRound.State.OPEN and (
        update is None or update.state in services.EDITABLE
    )


@require_safe
@permission_required("progress.file_updates", raise_exception=True)
def my_tasks(request):
    tasks = (
        Task.objects.visible_to(request.user)
        .filter(round__state=ReportingRound.State.OPEN)
        .select_related("round__meeting", "mandate", "section", "update")
        .order_by(F("round__deadline").asc(nulls_last=True), "round", "mandate__name", "order")
    )
    rounds = []
    for report_round, round_tasks in groupby(tasks, key=lambda task: task.round):
        mandates = [
            (mandate, [(task, update_of(task)) for task in mandate_tasks])
            for mandate, mandate_tasks in groupby(round_tasks, key=lambda task: task.mandate)
        ]
        rounds.append((report_round, mandates))
    return render(
        request,
        "progress/tasks/my_tasks.html",
        {"rounds": rounds, "today": timezone.localdate()},
    )


def _task_page(request, task, update, form, formset):
    may_report = request.user.has_perm("progress.report_on_task", task)
    return render(
        request,
        "progress/tasks/task.html",
        {
            "task": task,
            "update": update,
            "items": list(update.items.all()) if update is not None else [],
            "form": form,
            "formset": formset,
            "editable": may_report and can_edit(task, update),
            "may_review": request.user.has_perm("progress.review_task", task),
            "today": timezone.localdate(),
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
def task_detail(request, pk):
    if request.method == "GET":
        task = task_for(request.user, pk, "progress.view_task")
        update = update_of(task)
        form, formset = update_forms(update)
        return _task_page(request, task, update, form, formset)

    task = task_for(request.user, pk, "progress.report_on_task")
    update = update_of(task)
    form, formset = update_forms(update, request.POST)
    submitting = "submit" in request.POST
    valid = form.is_valid() & formset.is_valid()
    if valid and submitting:
        valid = formset.check_for_submit()
    if not valid:
        return _task_page(request, task, update, form, formset)
    action = services.update_submit if submitting else services.update_save_draft
    try:
        action(
            task=task,
            user=request.user,
            items=formset.items(),
            next_steps=form.cleaned_data["next_steps"],
            version=form.cleaned_data["version"],
        )
    except StaleEdit as stale:
        refuse(form, stale)
        return _task_page(request, task, stale.current or update, form, formset)
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
        return redirect("progress:task", pk=task.pk)
    if submitting:
        messages.success(request, _("Your update was submitted to the secretariat for review."))
    else:
        messages.success(request, _("Your draft was saved. Submit it when it is ready."))
    return redirect(reverse("progress:task", kwargs={"pk": task.pk}))


def task_history_sources(task: Task, user) -> tuple[list, dict]:
    """The versions of the task, its update and the update's items that ``user`` may read, and
    the fields hidden from them: what the task's page showed them, or would have.

    - The secretariat: every version.
    - A focal point of the task's mandate: from the round's opening on (until then the round
      was the secretariat's, and the task's wording theirs to prepare); the drafts and the
      comments the update was returned with are theirs.
    - A senior official: from the update's acceptance on, which is when the task became theirs
      to see; only the update's accepted versions, and never the reviewer's comment."""
    updates = Update.history.filter(task_id=task.pk)
    tasks, items = (
        Task.history.filter(id=task.pk),
        UpdateItem.history.filter(update_id__in=updates.values("id")),
    )
    if is_secretariat(user):
        return [tasks, updates, items], {}
    if is_senior_official(user):
        updates = updates.filter(state=Update.State.ACCEPTED)
        # With no acceptance recorded (rows written without history), what stands now only.
        moment = first_date(updates) or timezone.now()
        hidden = {Update: ("reviewer_comment",)}
    else:
        moment = first_date(
            ReportingRound.history.filter(id=task.round_id).exclude(
                state=ReportingRound.State.DRAFT
            )
        )
        hidden = {}
    if moment is None:  # the round's opening is not recorded: nothing was hidden before it
        return [tasks, updates, items], hidden
    return [seen_from(queryset, moment) for queryset in (tasks, updates, items)], hidden


def first_date(versions):
    """When the first of ``versions`` (a historical queryset) was written, or None."""
    return versions.order_by("history_id").values_list("history_date", flat=True).first()


@require_safe
def task_history(request, pk):
    """Every change to the task and its update that the reader may see: who saved, submitted,
    returned and accepted it."""
    # The history shows none of the update's items or people: the task, its mandate and update
    # (which the permission reads) are enough.
    task = get_object_for_user(
        request.user, Task.objects.select_related("mandate", "update"), "progress.view_task", pk=pk
    )
    querysets, hidden = task_history_sources(task, request.user)
    return render_history(
        request,
        subject=task,
        title=_("Task of %(mandate)s") % {"mandate": task.mandate.name},
        back_url=reverse("progress:task", kwargs={"pk": task.pk}),
        querysets=querysets,
        hidden=hidden,
    )
