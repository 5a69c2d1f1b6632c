"""What the pages of a meeting's parts (its sessions, agenda items and documents) share: the
meeting's URL with an anchor to go back to, a part fetched for the user, and the form page under
the meeting's breadcrumb."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from emg.models import Meeting
from emg.permissions import get_object_for_user
from emg.views.editing import form_page


def meeting_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("meetings:detail", kwargs={"number": meeting.number})
    return f"{url}#{anchor}" if anchor else url


def part_of_meeting(request, model, number: int, pk: int, perm: str):
    """A session, agenda item or document of the meeting numbered ``number``, for the user."""
    return get_object_for_user(
        request.user, model.objects.select_related("meeting"), perm, pk=pk, meeting__number=number
    )


def render_form(request, form, *, title: str, submit: str, meeting=None, anchor: str = ""):
    """A form of meetings, sessions, agenda items and documents, under the meeting's page; its
    way back is to ``anchor`` on that page (the list, for a new meeting)."""
    crumbs = [(_("Meetings"), reverse("meetings:list"))]
    back = reverse("meetings:list")
    if meeting is not None:
        crumbs.append((str(meeting), meeting_url(meeting)))
        back = meeting_url(meeting, anchor)
    return form_page(request, form, title=title, back=back, submit=submit, crumbs=crumbs)
