"""Mandates on the home page: those ending soon for the secretariat, a focal point's own.
Registered in apps.py; see emg.home."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emg import home
from emg.models import User
from mandates.models import FocalPoint, Mandate

# How far ahead the secretariat is warned that a mandate runs out: a SOM has to extend or
# conclude it, and SOM documents go out weeks before the meeting.
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
    mandates = Mandate.objects.filter(
        status=Mandate.Status.ACTIVE, end_date__lte=today + ENDING_WITHIN
    ).order_by("end_date", "name")
    return {"mandates": list(mandates), "today": today}


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
