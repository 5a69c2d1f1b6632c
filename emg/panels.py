"""The Group's own panels on the home page: meetings and their packs (found by emg.home)."""

from django.utils.translation import gettext_lazy as _

from emg import home, selectors
from emg.models import MeetingReport, User
from emg.permissions import visible_to


@home.panel(
    "emg.coming_sessions",
    title=_("Meetings coming up"),
    template="emg/panels/coming_sessions.html",
    roles=[User.Role.SECRETARIAT],
    order=50,
    rows="sessions",
)
def coming_sessions(request):
    return selectors.sessions_coming()


@home.panel(
    "emg.meetings",
    title=_("Meetings"),
    template="emg/panels/meetings.html",
    roles=[User.Role.SENIOR_OFFICIAL],
    order=10,
    wide=True,
)
def meetings(request):
    return {"meetings": selectors.meetings_latest(limit=home.PANEL_ROWS)}


@home.panel(
    "emg.ready_packs",
    title=_("Meeting packs ready"),
    template="emg/panels/ready_packs.html",
    roles=[User.Role.SENIOR_OFFICIAL],
    order=20,
    wide=True,
    rows="packs",
)
def ready_packs(request):
    return selectors.packs_ready()


@home.panel(
    "emg.meeting_report",
    title=_("Report of the meeting"),
    template="emg/panels/meeting_report.html",
    page=home.MEETING,
    order=40,
)
def meeting_report(request, meeting):
    """Where the meeting's report stands, for those who may read it: the secretariat from its
    first draft, everyone else once it is circulated."""
    report = visible_to(MeetingReport.objects.filter(meeting=meeting), request.user).first()
    return {"meeting": meeting, "report": report}
