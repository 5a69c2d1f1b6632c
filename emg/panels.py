"""The Group's own panels on the home page: meetings and their packs (found by emg.home)."""

from django.utils.translation import gettext_lazy as _

from emg import home, selectors
from emg.models import User

# Each panel shows a few rows, whatever the number of meetings, sessions and packs over the
# years; the rest is a click away on the meetings list (and each meeting's packs page).
LATEST_MEETINGS = 10
COMING_SESSIONS = 10
LATEST_PACKS = 10


@home.panel(
    "emg.coming_sessions",
    title=_("Meetings coming up"),
    template="emg/panels/coming_sessions.html",
    roles=[User.Role.SECRETARIAT],
    order=50,
)
def coming_sessions(request):
    sessions, total = selectors.sessions_coming(limit=COMING_SESSIONS)
    return {"sessions": sessions, "total": total}


@home.panel(
    "emg.meetings",
    title=_("Meetings"),
    template="emg/panels/meetings.html",
    roles=[User.Role.SENIOR_OFFICIAL],
    order=10,
    wide=True,
)
def meetings(request):
    return {"meetings": selectors.meetings_latest(limit=LATEST_MEETINGS)}


@home.panel(
    "emg.ready_packs",
    title=_("Meeting packs ready"),
    template="emg/panels/ready_packs.html",
    roles=[User.Role.SENIOR_OFFICIAL],
    order=20,
    wide=True,
)
def ready_packs(request):
    packs, total = selectors.packs_ready(limit=LATEST_PACKS)
    return {"packs": packs, "total": total}
