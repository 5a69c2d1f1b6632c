"""Work plans still being prepared, on the secretariat's home page; a mandate's activities, on
the mandate's page. Found and registered by emg.home."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from emg import home, numbering
from emg.models import User
from emg.permissions import visible_to
from mandates.panels import MANDATE
from workplans.models import Activity, Outcome, WorkPlan
from workplans.references import Citations
from workplans.selectors import plans_in_preparation

# The panel shows the latest few whatever the number of drafts over the years; the rest is a
# click away on the list of work plans, filtered by status.
PLANS_IN_PREPARATION = home.PANEL_ROWS


@home.panel(
    "workplans.in_preparation",
    title=_("Work plans in preparation"),
    template="workplans/panels/in_preparation.html",
    roles=[User.Role.SECRETARIAT],
    order=40,
)
def in_preparation(request):
    plans, total = home.first_rows(plans_in_preparation(), limit=PLANS_IN_PREPARATION)
    return {
        "work_plans": plans,
        "total": total,
        "draft": WorkPlan.Status.DRAFT,
        "proposed": WorkPlan.Status.PROPOSED,
    }


# A mandate's page: its activities in the work plans.


def numbered_activities(activities):
    """``activities`` with ``reference``: how their plan cites each ("5", or "A.2" where the
    numbering starts again under each outcome; workplans.references). Their places in their
    plans are counted in the database, so that activities of many plans still cost one query."""
    outcome_position = (
        Outcome.objects.filter(
            work_plan=OuterRef("outcome__work_plan"), order__lte=OuterRef("outcome__order")
        )
        .order_by()
        .values("work_plan")
        .annotate(count=Count("pk"))
        .values("count")
    )
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
            outcome_position=Subquery(outcome_position),
            number_in_outcome=Subquery(in_outcome),
            number_in_plan=Subquery(in_plan),
        )
    )
    citations: dict[int, Citations] = {}
    for activity in rows:
        plan = activity.outcome.work_plan
        cite = citations.setdefault(plan.pk, Citations(plan))
        number = activity.number_in_outcome if cite.per_outcome else activity.number_in_plan
        outcome_label = numbering.label(plan.outcome_numbering, activity.outcome_position)
        activity.reference = cite.activity(outcome_label, str(number))
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
            "outcome__work_plan__outcome_numbering",
            "outcome__work_plan__milestone_style",
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
