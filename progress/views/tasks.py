"""Focal points' pages: "My tasks" (the tasks of their mandates in open rounds) and a task's page,
where they write the update (progress items and next steps), save it as a draft and submit it.
The secretariat and senior officials read the same task page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from emg.history import render_history
from emg.permissions import get_object_for_user, permission_required
from emg.versions import StaleEdit
from emg.views.editing import form_status, refuse, say_refusal
from progress.forms import update_forms
from progress.models import ReportingRound, Task, Update
from progress.selectors.tasks import open_tasks_by_round, task_for, task_history_sources, update_of
from progress.services import updates


def can_edit(task: Task, update: Update | None) -> bool:
    """Whether the update may still be written (the permission aside)."""
    return task.round.state == ReportingRound.State.OPEN and (
        update is None or update.state in updates.EDITABLE
    )


@require_safe
@permission_required("progress.file_updates", raise_exception=True)
def my_tasks(request):
    returned, rounds = open_tasks_by_round(request.user)
    return render(
        request,
        "progress/tasks/my_tasks.html",
        {"returned": returned, "rounds": rounds, "today": timezone.localdate()},
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
    action = updates.update_submit if submitting else updates.update_save_draft
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
    except ValidationError as refusal:
        # The update can no longer be written (submitted, accepted, or the round closed since
        # the page was read): the page shows no form to put the refusal on.
        say_refusal(request, refusal)
        return redirect("progress:task", pk=task.pk)
    if submitting:
        messages.success(request, _("Your update was submitted to the secretariat for review."))
    else:
        messages.success(request, _("Your draft was saved. Submit it when it is ready."))
    return redirect(reverse("progress:task", kwargs={"pk": task.pk}))


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
