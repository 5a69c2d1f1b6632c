"""The secretariat's review of an update: accept it (which locks it), or return it to the focal
points with a comment saying what to fix."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emg.permissions import permission_required
from emg.views.editing import attempt
from emg.views.lists import page_context, paginate
from progress.forms import AcceptForm, ReturnForm
from progress.selectors.tasks import awaiting_review_updates, task_for, update_of
from progress.services import updates


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
    if update is not None and not form.is_bound:
        form.initial["version"] = update.version
    return render(
        request,
        "progress/review/review.html",
        {
            "task": task,
            "update": update,
            "items": list(update.items.all()) if update is not None else [],
            "form": form,
            "accept_form": AcceptForm(initial={"version": form["version"].value()}),
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
    # A refusal (the update is not there to review, or no longer) is said on the next page: the
    # review page shows the form only while the update awaits review.
    if update is None:
        messages.error(request, _("Nothing to review: the focal points have not started."))
    elif attempt(
        request,
        lambda: updates.update_return(
            update=update,
            version=form.cleaned_data["version"],
            user=request.user,
            comment=form.cleaned_data["comment"],
        ),
    )[0]:
        messages.success(
            request, _("The update was returned to the focal points with your comment.")
        )
    return redirect("progress:review", pk=task.pk)


@require_POST
def accept(request, pk):
    task = task_for(request.user, pk, "progress.review_task")
    update = update_of(task)
    form = AcceptForm(request.POST)
    form.is_valid()  # a version that is not one reads as 0, which the service refuses
    if update is None:
        messages.error(request, _("Nothing to accept: the focal points have not started."))
    elif attempt(
        request,
        lambda: updates.update_accept(
            update=update, version=form.cleaned_data["version"], user=request.user
        ),
    )[0]:
        messages.success(
            request, _("The update was accepted; it is locked and goes into the report.")
        )
    return redirect("progress:review", pk=task.pk)
