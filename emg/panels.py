"""The Group's own panels on the home page: meetings and their packs. Registered in apps.py."""

from django.db.models import F, OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emg import home
from emg.models import Meeting, MeetingPack, Session, User

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
    coming = Session.objects.filter(date__gte=timezone.localdate())
    sessions = coming.select_related("meeting").order_by("date", "start_time", "pk")
    return {"sessions": list(sessions[:COMING_SESSIONS]), "total": coming.count()}


@home.panel(
    "emg.meetings",
    title=_("Meetings"),
    template="emg/panels/meetings.html",
    roles=[User.Role.SENIOR_OFFICIAL],
    order=10,
    wide=True,
)
def meetings(request):
    latest = (
        Meeting.objects.select_related("host")
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("date", "pk")))
        .order_by("-number")[:LATEST_MEETINGS]
    )
    return {"meetings": list(latest)}


@home.panel(
    "emg.ready_packs",
    title=_("Meeting packs ready"),
    template="emg/panels/ready_packs.html",
    roles=[User.Role.SENIOR_OFFICIAL],
    order=20,
    wide=True,
)
def ready_packs(request):
    ready = MeetingPack.objects.filter(status=MeetingPack.Status.READY)
    # A pack is rebuilt whenever one of its documents changes; only a meeting's newest counts.
    newest = ready.filter(meeting=OuterRef("meeting")).order_by(
        F("finished_at").desc(nulls_last=True), "-pk"
    )
    newest_ready = ready.filter(pk=Subquery(newest.values("pk")[:1]))
    packs = newest_ready.select_related("meeting").order_by("-meeting__number")
    return {"packs": list(packs[:LATEST_PACKS]), "total": newest_ready.count()}
