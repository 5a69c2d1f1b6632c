"""Work plans' part of the demo's story (emg.demo): the draft work plan under revision. Its text
as imported is issued as the original, a milestone is added and issued as Rev.1, and one more is
added since, so that the revisions page, its diff and the changes not yet issued all show
something."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emg import demo
from workplans.models import Activity, WorkPlan, revision_name
from workplans.services import milestone_create, revision_issue

ISSUED_EDIT = gettext_lazy("Guidance note on sustainable procurement circulated to the members.")
PENDING_EDIT = gettext_lazy("Results presented to the Senior Officials.")
ORIGINAL_NOTE = gettext_lazy("The draft as circulated to the members for comments.")
REVISION_NOTE = gettext_lazy("Adds the guidance note on sustainable procurement.")


@demo.step(20)
def plan_under_revision(story: demo.Story) -> None:
    plan = (
        WorkPlan.objects.filter(status=WorkPlan.Status.DRAFT, revisions__isnull=True)
        .order_by("-period_start", "pk")
        .first()
    )
    if plan is None:
        return
    activities = Activity.objects.filter(outcome__work_plan=plan).order_by(
        "outcome__order", "order"
    )
    activity = (
        activities.filter(mandate__focal_points__user=story.focal_point).first()
        or activities.first()
    )
    if activity is None:
        return
    user = story.secretariat
    revision_issue(plan=plan, note=str(ORIGINAL_NOTE), user=user)
    milestone_create(
        activity=activity,
        parent=None,
        text=str(ISSUED_EDIT),
        schedule=None,
        due_date=None,
        user=user,
    )
    revision = revision_issue(plan=plan, note=str(REVISION_NOTE), user=user)
    milestone_create(
        activity=activity,
        parent=None,
        text=str(PENDING_EDIT),
        schedule=None,
        due_date=None,
        user=user,
    )
    story.told.append(
        _("%(plan)s: %(revision)s issued, one change since.")
        % {"plan": plan.title, "revision": revision_name(revision.number)}
    )
