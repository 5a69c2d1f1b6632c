"""Work plans still being prepared, on the secretariat's home page; a mandate's activities, on
the mandate's page. Found and registered by emg.home."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from emg import home
from emg.models import User
from emg.permissions import visible_to
from mandates.panels import MANDATE
from workplans.models import Activity, WorkPlan
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


# A mandate's page: its activities in the work plans.


def numbered_activities(activities):
    """``activities`` with ``number``: the number their plan gives them, counted again under
    each outcome or across the whole plan as the plan says. Counted in the database, so that
    activities of many plans still cost one query."""
    in_outcome = (
        Activity.objects.filter(outcome=OuterRef("outcome"), order__lte=OuterRef("order"))
        .order_by()
        .values("outcome")
        .annotate(count=Count("pk"))
        .values("count")
    )
    in_plan = (
        Activity.objects.filter(
            Q(outcome__order__lt=OuterRef("outcome__order"))
            | Q(outcome=OuterRef("outcome"), order__lte=OuterRef("order")),
            outcome__work_plan=OuterRef("outcome__work_plan"),
        )
        .order_by()
        .values("outcome__work_plan")
        .annotate(count=Count("pk"))
        .values("count")
    )
    rows = list(
        activities.annotate(
            number_in_outcome=Subquery(in_outcome), number_in_plan=Subquery(in_plan)
        )
    )
    for activity in rows:
        plan = activity.outcome.work_plan
        per_outcome = plan.activity_numbering == WorkPlan.ActivityNumbering.PER_OUTCOME
        activity.number = activity.number_in_outcome if per_outcome else activity.number_in_plan
    return rows


@home.panel(
    "workplans.mandate_activities",
    title=_("Work-plan activities"),
    template="workplans/panels/mandate_activities.html",
    page=MANDATE,
    order=10,
)
def mandate_activities(request, mandate):
    """The mandate's activities, newest plan first, each numbered as its plan numbers it."""
    activities = (
        visible_to(Activity.objects.filter(mandate=mandate), request.user)
        .select_related("outcome__work_plan")
        # What the panel shows: a mandate's activities span many plans, whose long texts
        # (introductions, descriptions) would be read and dropped.
        .only(
            "title",
            "order",
            "schedule_start",
            "schedule_start_precision",
            "schedule_end",
            "schedule_end_precision",
            "outcome__order",
            "outcome__work_plan__title",
            "outcome__work_plan__period_start",
            "outcome__work_plan__period_end",
            "outcome__work_plan__status",
            "outcome__work_plan__activity_numbering",
        )
        .order_by(
            "-outcome__work_plan__period_start",
            "outcome__work_plan__title",
            "outcome__order",
            "order",
        )
    )
    rows = numbered_activities(activities)
    for activity in rows:
        plan = activity.outcome.work_plan
        # From the enum: get_status_display costs more than the rest of the row.
        plan.status_label = WorkPlan.Status(plan.status).label
    return {"activities": rows}
