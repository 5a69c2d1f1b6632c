"""Work plans still being prepared, on the secretariat's home page. Registered in apps.py; see
emg.home."""

from django.utils.translation import gettext_lazy as _

from emg import home
from emg.models import User
from workplans.models import WorkPlan
from workplans.selectors import plans_in_preparation

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
    plans = plans_in_preparation()
    return {
        "work_plans": list(plans[:PLANS_IN_PREPARATION]),
        "total": plans.count(),
        "draft": WorkPlan.Status.DRAFT,
        "proposed": WorkPlan.Status.PROPOSED,
    }
