"""A meeting's list of participants (/meetings/26/participants/): everyone with a role reads it;
the secretariat imports a registration export (CSV or XLSX), adds, edits and deletes one
participant, and generates the list as a document of the meeting."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emg import selectors, services
from emg.forms import ParticipantForm, ParticipantImportForm
from emg.models import Document, Meeting, Participant
from emg.permissions import get_object_for_user
from emg.views.editing import cleaned, form_answer, posted
from emg.views.meeting_parts import meeting_url, under_meeting

FIELDS = ("session", "name", "entity", "entity_name", "title")


def participants_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("meetings:participants", kwargs={"number": meeting.number})
    return f"{url}#{anchor}" if anchor else url


def _participant(request, number: int, pk: int, perm: str) -> Participant:
    return get_object_for_user(
        request.user,
        Participant.objects.select_related("session__meeting"),
        perm,
        pk=pk,
        session__meeting__number=number,
    )


def _page(request, meeting: Meeting, import_form, *, status: int = 200):
    return render(
        request,
        "emg/participants/list.html",
        {
            "meeting": meeting,
            "groups": selectors.meeting_participants(meeting=meeting),
            "import_form": import_form,
            "can_edit": request.user.has_perm("emg.change_participant"),
            "document": selectors.generated_document(
                source=meeting, kind=Document.Kind.PARTICIPANTS
            ),
        },
        status=status,
    )


@require_safe
def participant_list(request, number: int):
    meeting = get_object_for_user(request.user, Meeting, "emg.view_participant", number=number)
    return _page(request, meeting, ParticipantImportForm(meeting=meeting))


@require_POST
def participant_import(request, number: int):
    """Read the uploaded registration export: all its rows saved, or none and why not."""
    meeting = get_object_for_user(request.user, Meeting, "emg.add_participant", number=number)
    form = ParticipantImportForm(request.POST, request.FILES, meeting=meeting)
    if not form.is_valid():
        return _page(request, meeting, form)
    added, updated = services.participants_import(meeting=meeting, registrations=form.registrations)
    messages.success(
        request,
        _("Imported: %(added)s participant(s) added, %(updated)s updated.")
        % {"added": added, "updated": updated},
    )
    return redirect(participants_url(meeting))


def _under_participants(meeting: Meeting) -> dict:
    page = under_meeting(meeting)
    page["crumbs"].append((_("Participants"), participants_url(meeting)))
    page["back"] = participants_url(meeting)
    return page


@require_http_methods(["GET", "POST"])
def participant_add(request, number: int):
    meeting = get_object_for_user(request.user, Meeting, "emg.add_participant", number=number)
    form = ParticipantForm(posted(request), meeting=meeting)
    return form_answer(
        request,
        form,
        lambda: services.participant_add(**cleaned(form, *FIELDS)),
        done=lambda person: _("Participant added: %(name)s") % {"name": person.name},
        title=_("New participant of %(meeting)s") % {"meeting": meeting},
        submit=_("Save participant"),
        **_under_participants(meeting),
    )


@require_http_methods(["GET", "POST"])
def participant_edit(request, number: int, pk: int):
    participant = _participant(request, number, pk, "emg.change_participant")
    meeting = participant.session.meeting
    form = ParticipantForm(posted(request), instance=participant, meeting=meeting)
    return form_answer(
        request,
        form,
        lambda: services.participant_update(
            participant=participant, **cleaned(form, "version", *FIELDS)
        ),
        done=lambda person: _("Participant saved: %(name)s") % {"name": person.name},
        title=_("Edit a participant of %(meeting)s") % {"meeting": meeting},
        submit=_("Save participant"),
        **_under_participants(meeting),
    )


@require_POST
def participant_delete(request, number: int, pk: int):
    participant = _participant(request, number, pk, "emg.delete_participant")
    services.participant_delete(participant=participant)
    messages.success(request, _("Participant deleted: %(name)s") % {"name": participant.name})
    return redirect(participants_url(participant.session.meeting))


@require_POST
def participants_document_generate(request, number: int):
    """Generate the meeting's list of participants as a document of the meeting, or date again
    the one generated before."""
    meeting = get_object_for_user(request.user, Meeting, "emg.change_meeting", number=number)
    document = services.document_generate(
        source=meeting,
        kind=Document.Kind.PARTICIPANTS,
        meeting=meeting,
        title=_("List of participants"),
    )
    messages.success(
        request,
        _("%(document)s is generated from the participants: its page, PDF and Word file follow.")
        % {"document": document},
    )
    return redirect(meeting_url(meeting, f"document-{document.pk}"))
