"""Work plans to read: the list, a plan laid out as the UN document, and the history of the plan
and of each of its items.

The plan page is also where the secretariat edits (workplans.views.editor): the same table,
with controls, rendered whole again after every change so that the numbering is always the one
the order gives.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from emg.history import render_history
from emg.permissions import get_object_for_user, permission_required
from emg.views.lists import list_context, paginate, sort_headers
from workplans import selectors
from workplans.filters import SORTABLE, WorkPlanFilter
from workplans.models import Activity, Milestone, Outcome
from workplans.pictures import plan_gantt
from workplans.rules import may_edit
from workplans.table import plan_table
from workplans.views import plan_for_user, plan_url

PER_PAGE = 20


@require_safe
@permission_required("workplans.view_workplan", raise_exception=True)
def plan_list(request):
    filterset = WorkPlanFilter(request.GET, queryset=selectors.plan_list())
    page = paginate(request, filterset.qs, per_page=PER_PAGE)
    return render(
        request,
        "workplans/list.html",
        {
            **list_context(request, filterset, page),
            "plans": page.object_list,
            "headers": list(sort_headers(request, SORTABLE).values()),
        },
    )


@require_safe
def plan_detail(request, pk):
    plan = plan_for_user(request.user, pk)
    context = plan_table(plan, editing=may_edit(request.user, plan))
    if request.htmx:  # the editor asks for the table alone (e.g. "Cancel")
        return render(request, "workplans/includes/plan_table.html", context)
    context.update(
        document=selectors.plan_document(plan),
        footnotes=list(plan.footnotes.all()),
        introduction=[p for p in plan.introduction.split("\n\n") if p.strip()],
    )
    return render(request, "workplans/detail.html", context)


@require_safe
def plan_schedule(request, pk):
    """The plan's Gantt chart: its own page, and what the plan's page loads into itself once
    shown. Drawing hundreds of rows would double the editor's page and its time, so the table
    comes first, and the chart after it."""
    plan = plan_for_user(request.user, pk)
    context = plan_table(plan, editing=False)
    # Drawn from the table's rows: no query of its own.
    context["gantt"] = plan_gantt(plan, context["outcomes"])
    if request.htmx:
        return render(request, "workplans/includes/schedule.html", context)
    return render(request, "workplans/schedule.html", context)


# History


@require_safe
def plan_history(request, pk):
    """Every change to the plan and to everything in it, deleted items included."""
    plan = plan_for_user(request.user, pk)
    return render_history(
        request,
        subject=plan,
        title=str(plan),
        back_url=plan_url(plan.pk),
        querysets=selectors.plan_changes(plan),
    )


@require_safe
def outcome_history(request, pk):
    outcome = get_object_for_user(
        request.user, Outcome.objects.all(), "workplans.view_outcome", pk=pk
    )
    return render_history(
        request,
        subject=outcome,
        title=_("expected outcome “%(name)s”") % {"name": outcome},
        back_url=plan_url(outcome.work_plan_id, f"outcome-{outcome.pk}"),
        querysets=selectors.with_people(Outcome.history.filter(id=outcome.pk)),
    )


@require_safe
def activity_history(request, pk):
    """The activity's changes with those of its milestones, which are part of its cell."""
    activity = get_object_for_user(
        request.user, Activity.objects.select_related("outcome"), "workplans.view_activity", pk=pk
    )
    return render_history(
        request,
        subject=activity,
        title=_("activity “%(name)s”") % {"name": activity},
        back_url=plan_url(activity.outcome.work_plan_id, f"activity-{activity.pk}"),
        querysets=selectors.activity_changes(activity),
    )


@require_safe
def milestone_history(request, pk):
    milestone = get_object_for_user(
        request.user,
        Milestone.objects.select_related("activity__outcome"),
        "workplans.view_milestone",
        pk=pk,
    )
    return render_history(
        request,
        subject=milestone,
        title=_("milestone “%(name)s”") % {"name": milestone},
        back_url=plan_url(milestone.activity.outcome.work_plan_id, f"milestone-{milestone.pk}"),
        querysets=selectors.with_people(Milestone.history.filter(id=milestone.pk)),
    )
