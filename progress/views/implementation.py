"""The status of implementation of the previous SOM's action points, generated as a document of
a meeting by the secretariat from the meeting's page (its "Status of implementation" panel,
progress/panels.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emg import params
from emg.models import AgendaItem, Meeting
from emg.permissions import get_object_for_user
from emg.views.editing import attempt
from progress.services import implementation

PANEL = "panel-progress-action-points"


@require_POST
def status_of_implementation_generate(request, number: int):
    meeting = get_object_for_user(request.user, Meeting, "emg.add_document", number=number)
    agenda_item = None
    chosen = params.integer(request.POST, "agenda_item")
    if chosen is not None:
        agenda_item = AgendaItem.objects.filter(meeting=meeting, pk=chosen).first()
        if agenda_item is None:
            raise BadRequest("agenda_item: not an item of this meeting's agenda.")
    done, document = attempt(
        request,
        lambda: implementation.status_of_implementation_generate(
            meeting=meeting, by=request.user, agenda_item=agenda_item
        ),
    )
    if not done:
        return redirect(reverse("meetings:detail", kwargs={"number": meeting.number}) + f"#{PANEL}")
    messages.success(
        request,
        _("%(symbol)s %(title)s is up to date with the progress accepted so far.")
        % {"symbol": document.symbol, "title": document.title},
    )
    return redirect(reverse("documents:preview", kwargs={"pk": document.pk}))
