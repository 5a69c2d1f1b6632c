"""Work plans still being prepared, on the secretariat's home page. Registered in apps.py; see
emg.home."""

from django.db.models import OuterRef
from django.utils.translation import gettext_lazy as _

from emg import home
from emg.models import User
from emg.views.lists import count_rows
from workplans.models import Activity, WorkPlan

# The panel shows the latest few whatever the number of drafts over the years; the rest is a
# click away on the list of work plans, filtered by status.
PLANS_IN_PREPARATION = 10


@home.panel(
    "workplans.in_preparation",
    title=_("Work plans in preparation"),
    template="workplans/panels/in_preparation.html",
    roles=[User.Role.SECRETARIAT],
    order=40,
)
def in_preparation(request):
    preparing = WorkPlan.objects.filter(
        status__in=[WorkPlan.Status.DRAFT, WorkPlan.Status.PROPOSED]
    )
    plans = (
        preparing.select_related("meeting")
        .annotate(
            activity_count=count_rows(Activity.objects.filter(outcome__work_plan=OuterRef("pk")))
        )
        .order_by("-period_start", "title", "pk")
    )
    return {
        "work_plans": list(plans[:PLANS_IN_PREPARATION]),
        "total": preparing.count(),
        "draft": WorkPlan.Status.DRAFT,
        "proposed": WorkPlan.Status.PROPOSED,
    }
