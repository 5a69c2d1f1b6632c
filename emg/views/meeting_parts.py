"""What the pages of a meeting's parts (its sessions, agenda items and documents) share: the
meeting's URL with an anchor to go back to, a part fetched for the user, and where their form
pages sit, under the meeting's breadcrumb."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from emg.models import Meeting
from emg.permissions import get_object_for_user


def meeting_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("meetings:detail", kwargs={"number": meeting.number})
    return f"{url}#{anchor}" if anchor else url


def part_of_meeting(request, model, number: int, pk: int, perm: str):
    """A session, agenda item or document of the meeting numbered ``number``, for the user."""
    return get_object_for_user(
        request.user, model.objects.select_related("meeting"), perm, pk=pk, meeting__number=number
    )


def under_meeting(meeting: Meeting | None = None, anchor: str = "") -> dict:
    """Where a form of meetings, sessions, agenda items and documents (and a meeting's
    decisions) sits, as ``form_page`` takes it: under the meeting's page, its way back to
    ``anchor`` on that page; under the meetings list for a new meeting."""
    crumbs = [(_("Meetings"), reverse("meetings:list"))]
    if meeting is None:
        return {"crumbs": crumbs, "back": reverse("meetings:list")}
    crumbs.append((str(meeting), meeting_url(meeting)))
    return {"crumbs": crumbs, "back": meeting_url(meeting, anchor)}
