"""The secretariat's review of an update: accept it (which locks it), or return it to the focal
points with a comment saying what to fix."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emg.permissions import permission_required
from emg.views.lists import page_context, paginate
from progress import services
from progress.forms import ReturnForm
from progress.panels import awaiting_review_updates
from progress.views.tasks import task_for, update_of


@require_safe
@permission_required("progress.change_reportinground", raise_exception=True)
def awaiting_list(request):
    """Every update awaiting review, oldest first, 25 at a time: the home page's panel shows
    the first few and links here."""
    page = paginate(request, awaiting_review_updates())
    return render(
        request,
        "progress/review/awaiting.html",
        {
            "updates": page.object_list,
            **page_context(page),
        },
    )


def _review_page(request, task, form):
    update = update_of(task)
    return render(
        request,
        "progress/review/review.html",
        {
            "task": task,
            "update": update,
            "items": list(update.items.all()) if update is not None else [],
            "form": form,
            "reviewable": update is not None and update.state == update.State.SUBMITTED,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def review(request, pk):
    task = task_for(request.user, pk, "progress.review_task")
    if request.method == "GET":
        return _review_page(request, task, ReturnForm())
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _review_page(request, task, form)
    update = update_of(task)
    if update is None:
        messages.error(request, _("Nothing to review: the focal points have not started."))
        return redirect("progress:review", pk=task.pk)
    try:
        services.update_return(
            update=update, user=request.user, comment=form.cleaned_data["comment"]
        )
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
        return redirect("progress:review", pk=task.pk)
    messages.success(request, _("The update was returned to the focal points with your comment."))
    return redirect("progress:review", pk=task.pk)


@require_POST
def accept(request, pk):
    task = task_for(request.user, pk, "progress.review_task")
    update = update_of(task)
    try:
        if update is None:
            raise ValidationError(_("Nothing to accept: the focal points have not started."))
        services.update_accept(update=update, user=request.user)
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
        return redirect("progress:review", pk=task.pk)
    messages.success(request, _("The update was accepted; it is locked and goes into the report."))
    return redirect("progress:review", pk=task.pk)
