"""Senior Officials Meetings in the browser: the list, a meeting's page (sessions, agenda,
documents, and the panels other apps add, such as its decisions), its history, and the
secretariat's edits of meetings, sessions and agenda items. Documents are in documents.py."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import OuterRef, Prefetch, Subquery
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emg import home, numbering, services
from emg.forms import AgendaItemForm, MeetingFilter, MeetingForm, SessionForm
from emg.history import render_history
from emg.models import AgendaItem, Document, Meeting, Session
from emg.permissions import get_object_for_user, permission_required
from emg.views.editing import cleaned, form_page, move_answer, save_edit
from emg.views.lists import count_rows, list_context, paginate, sort_headers

# The list's own sortable columns, by the OrderingFilter's name for each.
COLUMNS = [
    ("number", gettext_lazy("SOM")),
    ("title", gettext_lazy("Title")),
    ("host", gettext_lazy("Host")),
    ("date", gettext_lazy("Sessions")),
    ("documents", gettext_lazy("Documents")),
]


def meeting_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("meetings:detail", kwargs={"number": meeting.number})
    return f"{url}#{anchor}" if anchor else url


def sessions_in_order():
    return Session.objects.order_by("date", "start_time", "pk")


@require_safe
@permission_required("emg.view_meeting", raise_exception=True)
def meeting_list(request):
    columns = home.columns_for(home.MEETINGS)
    first_date = Session.objects.filter(meeting=OuterRef("pk"), date__isnull=False)
    meetings = (
        Meeting.objects.select_related("host")
        .prefetch_related(Prefetch("sessions", queryset=sessions_in_order()))
        .annotate(
            first_date=Subquery(first_date.order_by("date").values("date")[:1]),
            document_count=count_rows(Document.objects.filter(meeting=OuterRef("pk"))),
            **{column.name: column.annotation() for column in columns},
        )
        .order_by("-number")
    )
    filterset = MeetingFilter(request.GET, queryset=meetings, columns=columns)
    page = paginate(request, filterset.qs)
    headers = sort_headers(
        request, [*COLUMNS, *((column.name, column.title) for column in columns)]
    )
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


def agenda_with_documents(meeting: Meeting, documents: list[Document]) -> list[dict]:
    """The agenda items in order, numbered, each with its documents; then the documents on no
    item of the agenda."""
    items = list(meeting.agenda_items.order_by("order"))
    by_item: dict[int | None, list[Document]] = {}
    for document in documents:
        by_item.setdefault(document.agenda_item_id, []).append(document)
    agenda = [
        {
            "item": item,
            "number": numbering.label("{1}.", position),
            "documents": by_item.get(item.pk, []),
            "first": position == 1,
            "last": position == len(items),
        }
        for position, item in enumerate(items, start=1)
    ]
    return agenda


def revision_chain(document: Document) -> tuple[Document | None, Document | None]:
    """The version ``document`` supersedes, and the one that supersedes it (each or None)."""
    try:
        later = document.superseded_by
    except Document.DoesNotExist:
        later = None
    return document.supersedes, later


@require_safe
def meeting_detail(request, number: int):
    meeting = get_object_for_user(
        request.user,
        Meeting.objects.select_related("host").prefetch_related(
            Prefetch("sessions", queryset=sessions_in_order())
        ),
        "emg.view_meeting",
        number=number,
    )
    documents = list(
        Document.objects.filter(meeting=meeting)
        .select_related("supersedes__meeting", "superseded_by__meeting")
        # agenda_with_documents puts them under their agenda items, in the agenda's order.
        .order_by("symbol", "title", "pk")
    )
    for document in documents:
        document.earlier, document.later = revision_chain(document)
        document.file_kind = document.file.name.rsplit(".", 1)[-1].upper() if document.file else ""
    panels = home.render_panels(request, home.panels_for(request.user, home.MEETING), meeting)
    return render(
        request,
        "emg/meetings/detail.html",
        {
            "meeting": meeting,
            "sessions": list(meeting.sessions.all()),
            "agenda": agenda_with_documents(meeting, documents),
            "loose_documents": [d for d in documents if d.agenda_item_id is None],
            "document_count": len(documents),
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
        querysets=[
            Meeting.history.filter(id=meeting.pk),
            Session.history.filter(meeting_id=meeting.pk),
            AgendaItem.history.filter(meeting_id=meeting.pk),
            Document.history.filter(meeting_id=meeting.pk),
            *home.history_sources(home.MEETING, meeting, request.user),
        ],
    )


def render_form(request, form, *, title: str, back_url: str, submit: str, meeting=None):
    """A form of meetings, sessions, agenda items and documents, under the meeting's page."""
    crumbs = [(_("Meetings"), reverse("meetings:list"))]
    if meeting is not None:
        crumbs.append((str(meeting), meeting_url(meeting)))
    return form_page(request, form, title=title, back=back_url, submit=submit, crumbs=crumbs)


# What the edit forms give the services, besides the version.
MEETING_FIELDS = ("number", "title", "host")
SESSION_FIELDS = (
    "segment",
    "date",
    "start_time",
    "end_time",
    "time_zone",
    "venue",
    "online",
    "online_platform",
)


# Meetings


@require_http_methods(["GET", "POST"])
@permission_required("emg.add_meeting", raise_exception=True)
def meeting_create(request):
    form = MeetingForm(request.POST or None)
    if form.is_valid():
        meeting = form.save()
        messages.success(request, _("%(meeting)s recorded.") % {"meeting": meeting})
        return redirect(meeting_url(meeting))
    return render_form(
        request,
        form,
        title=_("New meeting"),
        back_url=reverse("meetings:list"),
        submit=_("Save meeting"),
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request, number: int):
    meeting = get_object_for_user(request.user, Meeting, "emg.change_meeting", number=number)
    form = MeetingForm(request.POST or None, instance=meeting)
    saved = save_edit(
        form,
        lambda: services.meeting_update(
            meeting=meeting, **cleaned(form, "version", *MEETING_FIELDS)
        ),
    )
    if saved is not None:
        messages.success(request, _("%(meeting)s saved.") % {"meeting": meeting})
        return redirect(meeting_url(meeting))
    return render_form(
        request,
        form,
        title=_("Edit %(meeting)s") % {"meeting": meeting},
        back_url=meeting_url(meeting),
        submit=_("Save meeting"),
        meeting=meeting,
    )


# Sessions


@require_http_methods(["GET", "POST"])
def session_add(request, number: int):
    meeting = get_object_for_user(request.user, Meeting, "emg.change_meeting", number=number)
    form = SessionForm(request.POST or None, meeting=meeting)
    if form.is_valid():
        session = form.save()
        messages.success(
            request, _("%(segment)s added.") % {"segment": session.get_segment_display()}
        )
        return redirect(meeting_url(meeting, "sessions"))
    return render_form(
        request,
        form,
        title=_("New session of %(meeting)s") % {"meeting": meeting},
        back_url=meeting_url(meeting, "sessions"),
        submit=_("Save session"),
        meeting=meeting,
    )


def part_of_meeting(request, model, number: int, pk: int, perm: str):
    """A session, agenda item or document of the meeting numbered ``number``, for the user."""
    return get_object_for_user(
        request.user, model.objects.select_related("meeting"), perm, pk=pk, meeting__number=number
    )


@require_http_methods(["GET", "POST"])
def session_edit(request, number: int, pk: int):
    session = part_of_meeting(request, Session, number, pk, "emg.change_session")
    meeting = session.meeting
    form = SessionForm(request.POST or None, instance=session, meeting=meeting)
    saved = save_edit(
        form,
        lambda: services.session_update(
            session=session, **cleaned(form, "version", *SESSION_FIELDS)
        ),
    )
    if saved is not None:
        messages.success(
            request, _("%(segment)s saved.") % {"segment": session.get_segment_display()}
        )
        return redirect(meeting_url(meeting, "sessions"))
    return render_form(
        request,
        form,
        title=_("Edit the %(segment)s of %(meeting)s")
        % {"segment": session.get_segment_display().lower(), "meeting": meeting},
        back_url=meeting_url(meeting, "sessions"),
        submit=_("Save session"),
        meeting=meeting,
    )


@require_POST
def session_delete(request, number: int, pk: int):
    session = part_of_meeting(request, Session, number, pk, "emg.delete_session")
    session.delete()
    messages.success(
        request, _("%(segment)s deleted.") % {"segment": session.get_segment_display()}
    )
    return redirect(meeting_url(session.meeting, "sessions"))


# Agenda items


@require_http_methods(["GET", "POST"])
def agenda_item_add(request, number: int):
    meeting = get_object_for_user(request.user, Meeting, "emg.change_meeting", number=number)
    form = AgendaItemForm(request.POST or None)
    if form.is_valid():
        item = services.agenda_item_add(meeting=meeting, title=form.cleaned_data["title"])
        messages.success(request, _("Agenda item added: %(title)s") % {"title": item.title})
        return redirect(meeting_url(meeting, "agenda"))
    return render_form(
        request,
        form,
        title=_("New agenda item of %(meeting)s") % {"meeting": meeting},
        back_url=meeting_url(meeting, "agenda"),
        submit=_("Save agenda item"),
        meeting=meeting,
    )


@require_http_methods(["GET", "POST"])
def agenda_item_edit(request, number: int, pk: int):
    item = part_of_meeting(request, AgendaItem, number, pk, "emg.change_agendaitem")
    form = AgendaItemForm(request.POST or None, instance=item)
    saved = save_edit(
        form,
        lambda: services.agenda_item_update(item=item, **cleaned(form, "version", "title")),
    )
    if saved is not None:
        messages.success(request, _("Agenda item saved: %(title)s") % {"title": item.title})
        return redirect(meeting_url(item.meeting, "agenda"))
    return render_form(
        request,
        form,
        title=_("Edit an agenda item of %(meeting)s") % {"meeting": item.meeting},
        back_url=meeting_url(item.meeting, "agenda"),
        submit=_("Save agenda item"),
        meeting=item.meeting,
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
