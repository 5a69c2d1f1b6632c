"""What the global search finds of work plans (emg.search): each plan (its introduction and
expected outcomes) and each activity with its milestones. Everyone with a role reads them
(workplans.rules), drafts included, so everyone finds them."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emg import search
from workplans.models import Activity, Milestone, Outcome, WorkPlan


@search.source(
    "work_plan",
    label=_("Work plans"),
    model=WorkPlan,
    queryset=lambda: WorkPlan.objects.prefetch_related("outcomes", "footnotes"),
    follows={Outcome: lambda outcome: [outcome.work_plan_id]},
    order=60,
)
def work_plan_entry(plan: WorkPlan) -> search.Entry:
    outcomes = list(plan.outcomes.all())
    return search.Entry(
        title=f"{plan.title} ({plan.period_start}–{plan.period_end})",
        url=reverse("workplans:detail", args=[plan.pk]),
        year=plan.period_start,
        headings=search.joined(outcome.heading for outcome in outcomes),
        body=search.joined(
            [
                plan.introduction,
                *(outcome.statement for outcome in outcomes),
                *(footnote.text for footnote in plan.footnotes.all()),
            ]
        ),
    )


@search.source(
    "activity",
    label=_("Work plan activities"),
    model=Activity,
    queryset=lambda: Activity.objects.select_related(
        "outcome__work_plan", "mandate"
    ).prefetch_related("milestones"),
    follows={Milestone: lambda milestone: [milestone.activity_id]},
    order=70,
)
def activity_entry(activity: Activity) -> search.Entry:
    plan = activity.outcome.work_plan
    return search.Entry(
        title=activity.title,
        url=reverse("workplans:detail", args=[plan.pk]) + f"#activity-{activity.pk}",
        year=plan.period_start,
        headings=search.joined(
            [
                plan.title,
                activity.outcome.heading,
                activity.mandate.name if activity.mandate else "",
            ]
        ),
        body=search.joined(
            [activity.description, *(milestone.text for milestone in activity.milestones.all())]
        ),
    )
