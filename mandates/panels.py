"""Mandates on the home page: those ending soon for the secretariat, a focal point's own; and on
a meeting's page, its decisions (with their column in the meetings list). Found by emg.home.

A mandate's page (``MANDATE``) shows the panels the apps to the right contribute about it: the
work plans' activities and the reporting tasks."""

import datetime

from django.db.models import OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emg import home
from emg.models import User
from emg.selectors import count_rows
from mandates.models import Decision, DecisionSection, FocalPoint, Mandate
from mandates.selectors import action_points

# A mandate's page: its panels are given the mandate.
MANDATE = "mandate"

# How far ahead the secretariat is warned that a mandate runs out: a SOM has to extend or
# conclude it, and SOM documents go out weeks before the meeting. The panel names the soonest;
# the list sorted by end date has the rest.
ENDING_WITHIN = datetime.timedelta(days=90)


@home.panel(
    "mandates.ending",
    title=_("Mandates ending"),
    template="mandates/panels/ending.html",
    roles=[User.Role.SECRETARIAT],
    order=30,
)
def ending(request):
    today = timezone.localdate()
    mandates, count = home.first_rows(
        Mandate.objects.filter(status=Mandate.Status.ACTIVE, end_date__lte=today + ENDING_WITHIN)
        .only("name", "kind", "end_date")
        .order_by("end_date", "name")
    )
    return {"mandates": mandates, "count": count, "today": today}


@home.panel(
    "mandates.mine",
    title=_("My mandates"),
    template="mandates/panels/mine.html",
    roles=[User.Role.FOCAL_POINT],
    order=10,
)
def mine(request):
    roles = (
        FocalPoint.objects.filter(user=request.user)
        .select_related("mandate", "nominated_by")
        .order_by("mandate__name")
    )
    return {"focal_points": list(roles)}


# A meeting's decisions: its action points, section by section.


def meeting_decisions_history(meeting) -> list:
    """Where the changes to a meeting's decision sections and decisions are kept, including
    those deleted since."""
    sections = DecisionSection.history.filter(meeting_id=meeting.pk)
    return [sections, Decision.history.filter(section_id__in=sections.values("id"))]


@home.panel(
    "mandates.decisions",
    title=_("Decisions"),
    template="mandates/panels/decisions.html",
    page=home.MEETING,
    order=10,
    wide=True,
    history=meeting_decisions_history,
)
def meeting_decisions(request, meeting):
    return action_points(meeting)


home.column(
    "decision_count",
    title=_("Decisions"),
    page=home.MEETINGS,
    annotation=lambda: count_rows(Decision.objects.filter(section__meeting=OuterRef("pk"))),
)


@home.panel(
    "mandates.person",
    title=_("Focal point for"),
    template="mandates/panels/person.html",
    page=home.PERSON,
    order=10,
    history=lambda person: [FocalPoint.history.filter(user_id=person.pk)],
)
def person_focal_points(request, person):
    roles = (
        FocalPoint.objects.filter(user=person)
        .select_related("mandate", "nominated_by")
        .order_by("mandate__name")
    )
    return {"focal_points": list(roles), "person": person}
