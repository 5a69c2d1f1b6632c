"""What the secretariat's edit views share, in every app: reading a form's data and values, and
moving a row up or down among its siblings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect

from emg import ordering


def posted(request: HttpRequest):
    """The data to bind a form to: what was posted, or None (an unbound form) on GET."""
    return request.POST if request.method == "POST" else None


def cleaned(form, *names: str) -> dict:
    """The form's values that a service takes, by name."""
    return {name: form.cleaned_data[name] for name in names}


def move_answer(
    request: HttpRequest, move, *, unknown: str, at_end: str, back: str
) -> HttpResponse:
    """Move a row up or down as the posted "direction" says: ``move`` takes the direction and
    says whether the row moved. Back to ``back``, saying ``at_end`` when the row was first or
    last already, or why the service refused. A direction that is neither is a bad request,
    answered with ``unknown``."""
    direction = request.POST.get("direction")
    if direction not in ordering.DIRECTIONS:
        return HttpResponseBadRequest(unknown)
    try:
        if not move(direction):
            messages.info(request, at_end)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    return redirect(back)
