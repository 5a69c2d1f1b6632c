"""What work plans put in a person's calendar feed (emg.calendars): the milestones of the
mandates they are a focal point of, on their due date, or over their schedule when they have no
due date."""

from django.urls import reverse
from django.utils.translation import gettext as _

from emg import calendars
from mandates.models import Mandate
from workplans.models import Milestone, WorkPlan


@calendars.source("workplans.milestones")
def milestones_of_my_mandates(user) -> list[calendars.Event]:
    """The dated milestones of the activities of ``user``'s mandates, in the plans in force or
    in preparation (a superseded plan's milestones live on in the plan that replaced it)."""
    theirs = Mandate.objects.filter(focal_points__user=user)
    milestones = (
        Milestone.objects.filter(activity__mandate__in=theirs)
        .exclude(activity__outcome__work_plan__status=WorkPlan.Status.SUPERSEDED)
        .exclude(due_date__isnull=True, schedule_start__isnull=True)
        .select_related("activity__mandate", "activity__outcome__work_plan")
    )
    return [_event(milestone) for milestone in milestones]


def _event(milestone: Milestone) -> calendars.Event:
    activity = milestone.activity
    plan = activity.outcome.work_plan
    schedule = milestone.schedule
    lines = [str(activity.mandate), f"{plan} ({plan.period})", activity.title]
    if schedule is not None:
        lines.append(_("Schedule: %(schedule)s") % {"schedule": schedule})
    lines += ["", milestone.text]
    if milestone.due_date is not None:
        start, end = milestone.due_date, None
        summary = _("Milestone due: %(text)s")
    else:
        start, end = milestone.schedule_start, milestone.schedule_end
        summary = _("Milestone: %(text)s")
    return calendars.Event(
        kind="milestone",
        pk=milestone.pk,
        summary=summary % {"text": calendars.shorten(milestone.text)},
        start=start,
        end=end,
        description="\n".join(lines),
        url=calendars.absolute(reverse("workplans:detail", kwargs={"pk": plan.pk})),
        version=milestone.version,
    )
