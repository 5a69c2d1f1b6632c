"""What the secretariat's edit views share, in every app: reading a form's data and values,
showing a form on a page of its own, saving an add or an edit or showing why it was refused, and
moving a row up or down among its siblings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from emg import ordering
from emg.versions import StaleEdit, latest_change

CONCURRENT_SAVE = _(
    "Someone else saved a change that conflicts with this one at the same moment. Check the "
    "form and save it again."
)


def posted(request: HttpRequest):
    """The data to bind a form to: what was posted, or None (an unbound form) on GET."""
    return request.POST if request.method == "POST" else None


def cleaned(form, *names: str) -> dict:
    """The form's values that a service takes, by name."""
    return {name: form.cleaned_data[name] for name in names}


@dataclass
class Conflict:
    """Why a save was refused: who changed the row after the form was opened (or deleted it),
    and when; and the values it holds now, as (label, value) pairs."""

    thing: str  # the row's kind, as a sentence names it: "meeting", "activity" …
    who: object | None
    when: datetime.datetime | None
    values: list[tuple[str, str]] = field(default_factory=list)
    deleted: bool = False


def refuse(form, stale: StaleEdit) -> Conflict:
    """Say on ``form`` why its save was refused (``form.conflict``, shown by
    emg/includes/conflict.html) and reopen it on the row's current version, keeping what was
    typed: saving it again then replaces the current values on purpose. ``form`` has a
    ``version`` field and a ``current_values(row)`` method."""
    latest = latest_change(stale.model, stale.pk)
    conflict = Conflict(
        thing=str(stale.model._meta.verbose_name),
        who=latest.history_user if latest else None,
        when=latest.history_date if latest else None,
        deleted=stale.current is None,
    )
    if stale.current is not None:
        conflict.values = form.current_values(stale.current)
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = str(stale.current.version)
    form.conflict = conflict
    return conflict


def save_edit(form, save, *, refused_on: str | None = None):
    """Save a valid ``form`` by calling ``save`` (its service; an edit's is given the version
    the form was opened on). What ``save`` returns; None when the form has errors, when the row
    changed since the form was opened (``form.conflict`` says how: ``refuse``), or when the
    service refused the change (the form says why, on its field ``refused_on``; None: on the
    whole form)."""
    if not form.is_valid():
        return None
    try:
        with transaction.atomic():
            return save()
    except StaleEdit as stale:
        refuse(form, stale)
    except ValidationError as refusal:
        form.add_error(refused_on, refusal)
    except IntegrityError:
        # Saved at the same instant as a colleague's save: the form was checked before theirs
        # was committed (a number or a name both took, a row one of them deleted). Checked
        # again now, the form says which value is taken, next to its field.
        form.full_clean()
        if not form.errors:
            form.add_error(None, CONCURRENT_SAVE)
    return None


def was_saved(form) -> bool:
    """Whether ``save_edit`` saved ``form``: it is valid, nothing refused it."""
    return form.is_bound and not form.errors and getattr(form, "conflict", None) is None


def form_answer(request: HttpRequest, form, save, *, done, then=None, refused_on=None, **page):
    """What a form's page answers, for an add or an edit: when ``form`` is valid and its
    service ``save()`` takes it, the message ``done`` and a redirect to ``then`` (by default
    where the page's way ``back`` leads), each a string or a function of what ``save``
    returned; else ``form`` on its page (``form_page(request, form, **page)``). An edit's
    service is given the version the form was opened on: when the row changed since, the form
    says how (``refuse``). When the service refuses the change, the form says why, on its
    field ``refused_on`` (None: on the whole form)."""
    saved = save_edit(form, save, refused_on=refused_on)
    if not was_saved(form):
        return form_page(request, form, **page)
    messages.success(request, done(saved) if callable(done) else done)
    then = page["back"] if then is None else then
    return redirect(then(saved) if callable(then) else then)


def form_status(form) -> int:
    """The status of a page showing ``form``: 409 when its save was refused, else 200."""
    return 409 if getattr(form, "conflict", None) else 200


def form_page(
    request: HttpRequest,
    form,
    *,
    title: str,
    back: str,
    submit: str,
    crumbs: list[tuple[str, str]] = (),
    lead: str = "",
    note: str = "",
    template: str = "emg/form_page.html",
    context: dict | None = None,
) -> HttpResponse:
    """``form`` on a page of its own (emg/form_page.html, or a template extending it): the
    breadcrumb ``crumbs`` ((label, URL) pairs, from the list down) then ``title``, a ``lead``
    naming what the form is about, a ``note``, the form with why its save was refused if it
    was, the ``submit`` button and a way ``back``. 409 when the save was refused."""
    return render(
        request,
        template,
        {
            "form": form,
            "title": title,
            "back_url": back,
            "submit": submit,
            "crumbs": crumbs,
            "lead": lead,
            "note": note,
            **(context or {}),
        },
        status=form_status(form),
    )


def say_refusal(request: HttpRequest, refusal: ValidationError) -> None:
    """Show why a service refused a change that was asked without a form (a move, a delete, a
    step of a workflow): each of its messages, as an error on the next page. A change asked
    with a form shows the refusal on the form instead (``form.add_error(None, refusal)``)."""
    for message in refusal.messages:
        messages.error(request, message)


def attempt(request: HttpRequest, action):
    """Call the service ``action``; when it refuses, say why (``say_refusal``).
    (done, what it returned)."""
    try:
        return True, action()
    except ValidationError as refusal:
        say_refusal(request, refusal)
        return False, None


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
        say_refusal(request, refusal)
    return redirect(back)
