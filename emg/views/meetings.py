"""Senior Officials Meetings in the browser: the list, a meeting's page (sessions, agenda,
documents, and the panels other apps add, such as its decisions), its history, and the
secretariat's edits of meetings, sessions and agenda items. Documents are in documents.py."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emg import home, selectors, services
from emg.filters import MeetingFilter
from emg.forms import AgendaItemForm, MeetingForm, SessionForm
from emg.history import render_history
from emg.models import AgendaItem, Meeting, Session
from emg.permissions import get_object_for_user, permission_required
from emg.views.editing import cleaned, form_answer, move_answer
from emg.views.lists import list_context, paginate, sort_headers
from emg.views.meeting_parts import meeting_url, part_of_meeting, under_meeting

# The list's own sortable columns, by the OrderingFilter's name for each.
COLUMNS = [
    ("number", gettext_lazy("SOM")),
    ("title", gettext_lazy("Title")),
    ("host", gettext_lazy("Host")),
    ("date", gettext_lazy("Sessions")),
    ("documents", gettext_lazy("Documents")),
]


@require_safe
@permission_required("emg.view_meeting", raise_exception=True)
def meeting_list(request):
    columns = home.columns_for(home.MEETINGS)
    meetings = selectors.meeting_list(columns=columns)
    filterset = MeetingFilter(request.GET, queryset=meetings, columns=columns)
    page = paginate(request, filterset.qs)
    headers = sort_headers(
        request, [*COLUMNS, *((column.name, column.title) for column in columns)]
    )
    # Each meeting with the counts of the columns other apps add, in their order.
    rows = [
        (meeting, [getattr(meeting, column.name) for column in columns])
        for meeting in page.object_list
    ]
    return render(
        request,
        "emg/meetings/list.html",
        {
            **list_context(request, filterset, page),
            "rows": rows,
            "headers": list(headers.values()),
        },
    )


@require_safe
def meeting_detail(request, number: int):
    meeting = get_object_for_user(
        request.user, selectors.meeting_with_sessions(), "emg.view_meeting", number=number
    )
    documents = selectors.meeting_documents(meeting=meeting)
    panels = home.render_panels(request, home.panels_for(request.user, home.MEETING), meeting)
    return render(
        request,
        "emg/meetings/detail.html",
        {
            "meeting": meeting,
            "sessions": list(meeting.sessions.all()),
            "agenda": selectors.meeting_agenda(meeting=meeting, documents=documents),
            "loose_documents": [d for d in documents if d.agenda_item_id is None],
            "document_count": len(documents),
            "failed_conversions": [
                d for d in documents if d.conversion is not None and d.conversion.is_failed
            ],
            "panels": panels,
        },
    )


@require_safe
def meeting_history(request, number: int):
    meeting = get_object_for_user(request.user, Meeting, "emg.view_meeting", number=number)
    return render_history(
        request,
        subject=meeting,
        title=str(meeting),
        back_url=meeting_url(meeting),
        querysets=selectors.meeting_history(meeting=meeting, user=request.user),
    )


# Meetings


@require_http_methods(["GET", "POST"])
@permission_required("emg.add_meeting", raise_exception=True)
def meeting_create(request):
    form = MeetingForm(request.POST or None)
    return form_answer(
        request,
        form,
        form.save,
        done=lambda meeting: _("%(meeting)s recorded.") % {"meeting": meeting},
        then=meeting_url,
        title=_("New meeting"),
        submit=_("Save meeting"),
        **under_meeting(),
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request, number: int):
    meeting = get_object_for_user(request.user, Meeting, "emg.change_meeting", number=number)
    form = MeetingForm(request.POST or None, instance=meeting)
    return form_answer(
        request,
        form,
        lambda: services.meeting_update(
            meeting=meeting, **cleaned(form, "version", *MeetingForm.Meta.fields)
        ),
        done=lambda saved: _("%(meeting)s saved.") % {"meeting": meeting},
        then=lambda saved: meeting_url(meeting),
        title=_("Edit %(meeting)s") % {"meeting": meeting},
        submit=_("Save meeting"),
        **under_meeting(meeting),
    )


# Sessions


@require_http_methods(["GET", "POST"])
def session_add(request, number: int):
    meeting = get_object_for_user(request.user, Meeting, "emg.change_meeting", number=number)
    form = SessionForm(request.POST or None, meeting=meeting)
    return form_answer(
        request,
        form,
        form.save,
        done=lambda session: _("%(segment)s added.") % {"segment": session.get_segment_display()},
        title=_("New session of %(meeting)s") % {"meeting": meeting},
        submit=_("Save session"),
        **under_meeting(meeting, "sessions"),
    )


@require_http_methods(["GET", "POST"])
def session_edit(request, number: int, pk: int):
    session = part_of_meeting(request, Session, number, pk, "emg.change_session")
    meeting = session.meeting
    form = SessionForm(request.POST or None, instance=session, meeting=meeting)
    return form_answer(
        request,
        form,
        lambda: services.session_update(
            session=session, **cleaned(form, "version", *SessionForm.Meta.fields)
        ),
        done=lambda saved: _("%(segment)s saved.") % {"segment": session.get_segment_display()},
        title=_("Edit the %(segment)s of %(meeting)s")
        % {"segment": session.get_segment_display().lower(), "meeting": meeting},
        submit=_("Save session"),
        **under_meeting(meeting, "sessions"),
    )


@require_POST
def session_delete(request, number: int, pk: int):
    session = part_of_meeting(request, Session, number, pk, "emg.delete_session")
    services.session_delete(session=session)
    messages.success(
        request, _("%(segment)s deleted.") % {"segment": session.get_segment_display()}
    )
    return redirect(meeting_url(session.meeting, "sessions"))


# Agenda items


@require_http_methods(["GET", "POST"])
def agenda_item_add(request, number: int):
    meeting = get_object_for_user(request.user, Meeting, "emg.change_meeting", number=number)
    form = AgendaItemForm(request.POST or None)
    return form_answer(
        request,
        form,
        lambda: services.agenda_item_add(
            meeting=meeting, **cleaned(form, "title", "annotation", "suggested_action")
        ),
        done=lambda item: _("Agenda item added: %(title)s") % {"title": item.title},
        title=_("New agenda item of %(meeting)s") % {"meeting": meeting},
        submit=_("Save agenda item"),
        **under_meeting(meeting, "agenda"),
    )


@require_http_methods(["GET", "POST"])
def agenda_item_edit(request, number: int, pk: int):
    item = part_of_meeting(request, AgendaItem, number, pk, "emg.change_agendaitem")
    form = AgendaItemForm(request.POST or None, instance=item)
    return form_answer(
        request,
        form,
        lambda: services.agenda_item_update(
            item=item, **cleaned(form, "version", "title", "annotation", "suggested_action")
        ),
        done=lambda saved: _("Agenda item saved: %(title)s") % {"title": item.title},
        title=_("Edit an agenda item of %(meeting)s") % {"meeting": item.meeting},
        submit=_("Save agenda item"),
        **under_meeting(item.meeting, "agenda"),
    )


@require_POST
def agenda_item_move(request, number: int, pk: int):
    item = part_of_meeting(request, AgendaItem, number, pk, "emg.change_agendaitem")
    return move_answer(
        request,
        lambda direction: services.agenda_item_move(item=item, direction=direction),
        unknown=_("Say whether to move the item up or down."),
        at_end=_("The item is already at that end of the agenda."),
        back=meeting_url(item.meeting, "agenda"),
    )


@require_POST
def agenda_item_delete(request, number: int, pk: int):
    item = part_of_meeting(request, AgendaItem, number, pk, "emg.delete_agendaitem")
    services.agenda_item_delete(item=item)
    messages.success(
        request,
        _("Agenda item deleted: %(title)s. Its documents stay with the meeting.")
        % {"title": item.title},
    )
    return redirect(meeting_url(item.meeting, "agenda"))
