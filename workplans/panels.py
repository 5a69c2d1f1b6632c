"""Work plans still being prepared, on the secretariat's home page. Registered in apps.py; see
emg.home."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from emg import home
from emg.models import User
from workplans.models import WorkPlan


@home.panel(
    "workplans.in_preparation",
    title=_("Work plans in preparation"),
    template="workplans/panels/in_preparation.html",
    roles=[User.Role.SECRETARIAT],
    order=40,
)
def in_preparation(request):
    plans = (
        WorkPlan.objects.filter(status__in=[WorkPlan.Status.DRAFT, WorkPlan.Status.PROPOSED])
        .select_related("meeting")
        .annotate(activity_count=Count("outcomes__activities"))
        .order_by("-period_start", "title")
    )
    return {"work_plans": list(plans)}
