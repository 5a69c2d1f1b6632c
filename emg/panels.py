"""The Group's own panels on the home page: meetings and their packs (found by emg.home)."""

from django.utils.translation import gettext_lazy as _

from emg import home, selectors
from emg.models import User
from emg.selectors import first_rows


@home.panel(
    "emg.coming_sessions",
    title=_("Meetings coming up"),
    template="emg/panels/coming_sessions.html",
    roles=[User.Role.SECRETARIAT],
    order=50,
)
def coming_sessions(request):
    sessions, total = first_rows(selectors.sessions_coming(), limit=home.PANEL_ROWS)
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
    return {"meetings": selectors.meetings_latest(limit=home.PANEL_ROWS)}


@home.panel(
    "emg.ready_packs",
    title=_("Meeting packs ready"),
    template="emg/panels/ready_packs.html",
    roles=[User.Role.SENIOR_OFFICIAL],
    order=20,
    wide=True,
)
def ready_packs(request):
    packs, total = first_rows(selectors.packs_ready(), limit=home.PANEL_ROWS)
    return {"packs": packs, "total": total}
