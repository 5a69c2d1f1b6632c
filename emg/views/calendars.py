"""Calendars: a person's own feed (its page, and the feed that calendar clients fetch with the
secret token in its address) and a meeting's sessions as a calendar."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from emg import calendars, services
from emg.models import CalendarFeed, Meeting, Session
from emg.permissions import get_object_for_user, permission_required

# secrets.token_urlsafe(32) makes 43 characters; anything much longer is not one of ours.
TOKEN_MAX_LENGTH = 64


def calendar_response(content: bytes, *, filename: str) -> HttpResponse:
    """An iCalendar file, shown by the client rather than saved (``filename`` is ours, made of
    letters, digits and dashes only, so it needs no quoting beyond the quotes)."""
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache  # the page may show the feed's secret address
@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("emg.have_calendar_feed", raise_exception=True)
def calendar_page(request):
    """The signed-in person's calendar feed: make one, or reset its address (POST). The new
    address is shown once, in the answer to the POST: only its hash is kept."""
    feed_url = None
    if request.method == "POST":
        token = services.calendar_feed_reset(user=request.user)
        feed_url = settings.SITE_URL + reverse("calendar_feed", kwargs={"token": token})
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(
        request,
        "emg/calendar.html",
        {"feed": feed, "feed_url": feed_url},
    )


@login_not_required  # calendar clients cannot sign in: the token in the address is the key
@never_cache
@require_safe
def calendar_feed(request, token: str):
    """A person's feed: what they may see, from every app (emg.calendars). An unknown token,
    an old one after a reset, or a deactivated person's answers 404, as does a person who no
    longer has a role."""
    if len(token) > TOKEN_MAX_LENGTH:
        raise Http404
    feed = CalendarFeed.objects.for_token(token).first()
    if feed is None or not feed.user.has_perm("emg.have_calendar_feed"):
        raise Http404
    name = _("EMG calendar of %(name)s") % {"name": feed.user.get_full_name() or feed.user}
    return calendar_response(
        calendars.feed(calendars.events_for(feed.user), name=name), filename="emg-calendar.ics"
    )


@require_safe
def meeting_calendar(request, number: int):
    """A meeting's dated sessions as a calendar, for those who may see the meeting."""
    meeting = get_object_for_user(request.user, Meeting, "emg.view_meeting", number=number)
    events = calendars.session_events(Session.objects.filter(meeting=meeting))
    return calendar_response(
        calendars.feed(events, name=f"{meeting} · {meeting.ordinal_title}"),
        filename=f"emg-som-{meeting.number}.ics",
    )
