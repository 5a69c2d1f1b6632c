"""Work plans to read: the list, a plan laid out as the UN document, and the history of the plan
and of each of its items.

The plan page is also where the secretariat edits (workplans.views.editor): the same table,
with controls, re-rendered whole after every change so that the numbering is always the one the
order gives.
"""

from __future__ import annotations

import secrets

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from emg.fragments import cached_bytes, rows_of
from emg.history import render_history
from emg.models import Document
from emg.permissions import get_object_for_user, permission_required
from emg.views.lists import count_rows, list_context, paginate, sort_headers
from workplans.filters import SORTABLE, WorkPlanFilter
from workplans.models import Activity, Footnote, Milestone, Outcome, WorkPlan, number_plan

PER_PAGE = 20


def plan_url(plan_id: int, anchor: str = "") -> str:
    url = reverse("workplans:detail", args=[plan_id])
    return f"{url}#{anchor}" if anchor else url


# The list


@require_safe
@permission_required("workplans.view_workplan", raise_exception=True)
def plan_list(request):
    # A subquery per count (for the page's rows only, and left out of the paginator's count):
    # joining the plans to their items would read every milestone of every plan.
    plans = WorkPlan.objects.select_related("meeting").annotate(
        outcome_count=count_rows(Outcome.objects.filter(work_plan=OuterRef("pk"))),
        activity_count=count_rows(Activity.objects.filter(outcome__work_plan=OuterRef("pk"))),
        milestone_count=count_rows(
            Milestone.objects.filter(activity__outcome__work_plan=OuterRef("pk"))
        ),
    )
    filterset = WorkPlanFilter(request.GET, queryset=plans)
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


# A plan


def numbered_plan(
    plan: WorkPlan, items: tuple[list, list, list] | None = None
) -> tuple[list[dict], dict[tuple[str, int], str]]:
    """The plan's outcomes, activities and milestones with their labels (three queries, or none
    when ``items`` already holds them), each row also told whether its schedule falls outside
    the plan's years and the html id ("slot") its editor controls use; and every item's
    reference as a sentence names it ("II", "5", "5.(b)", "5.(b)(ii)", or "2 of activity 5" for
    a bulleted milestone), by kind and id."""
    outcomes = number_plan(plan, *items) if items is not None else plan.numbered()
    references: dict[tuple[str, int], str] = {}

    bulleted = plan.milestone_style == WorkPlan.MilestoneStyle.BULLETED

    def walk(rows, number, prefix, path=""):
        for position, row in enumerate(rows, start=1):
            milestone = row["milestone"]
            row["outside_period"] = not plan.within_period(milestone.schedule)
            # Bullets carry no number: a bulleted milestone is named by its place.
            place = f"{path}.{position}" if path else str(position)
            row["reference"] = (
                _("%(place)s of activity %(activity)s") % {"place": place, "activity": number}
                if bulleted
                else prefix + row["label"]
            )
            row["slot"] = f"milestone-{milestone.pk}"
            row["child_slot"] = f"new-milestone-{milestone.activity_id}-{milestone.pk}"
            references["milestone", milestone.pk] = row["reference"]
            walk(row["children"], number, prefix if bulleted else row["reference"], place)

    for outcome_row in outcomes:
        references["outcome", outcome_row["outcome"].pk] = outcome_row["label"].rstrip(".")
        outcome_row["slot"] = f"outcome-{outcome_row['outcome'].pk}"
        for activity_row in outcome_row["activities"]:
            activity = activity_row["activity"]
            activity_row["slot"] = f"activity-{activity.pk}"
            activity_row["outside_period"] = not plan.within_period(activity.schedule)
            references["activity", activity.pk] = activity_row["number"]
            walk(activity_row["milestones"], activity_row["number"], f"{activity_row['number']}.")
    return outcomes, references


def plan_table_context(
    plan: WorkPlan, *, editing: bool, focus: str = "", items: tuple | None = None
) -> dict:
    """What the plan's table (templates/workplans/includes/plan_table.html) needs.

    ``focus`` names the control that should have the keyboard focus once the table is shown
    again after a change (the "Move up" button just pressed, say); ``items``, the plan's
    outcomes, activities and milestones when already loaded (``plan_items``)."""
    outcomes, references = numbered_plan(plan, items)
    return {
        "plan": plan,
        "outcomes": outcomes,
        "references": references,
        "editing": editing,
        "bulleted": plan.milestone_style == WorkPlan.MilestoneStyle.BULLETED,
        "focus": focus,
    }


def may_edit(user, plan: WorkPlan) -> bool:
    return user.has_perm("workplans.change_workplan", plan) and not plan.is_frozen


def plan_document(plan: WorkPlan) -> Document | None:
    """The SOM document the plan is the source of (its latest issue), if one exists."""
    return (
        Document.objects.filter(
            source_type=ContentType.objects.get_for_model(WorkPlan), source_id=plan.pk
        )
        .order_by("-date", "-pk")
        .first()
    )


def plan_for_user(user, pk: int, perm: str = "workplans.view_workplan") -> WorkPlan:
    return get_object_for_user(user, WorkPlan.objects.select_related("meeting"), perm, pk=pk)


# Where the kept table goes in the page (random per process: no text of a plan can hold it).
TABLE_MARK = f"<!--plan-table-{secrets.token_hex(8)}-->"


def plan_table_key(plan: WorkPlan, *, editing: bool) -> dict:
    """Everything the plan's table shows, as plain rows (three light queries, no objects built):
    the key its rendering is kept under (emg/fragments.py). The table is made from the plan's
    fields, its outcomes', activities' and milestones' fields and the linked mandates' names
    (``numbered_plan``), and whether the person may edit: any change to one of these is a new
    key, so an edit shows at once."""
    return {
        "plan": plan,
        "outcomes": rows_of(Outcome.objects.filter(work_plan=plan)),
        "activities": rows_of(Activity.objects.filter(outcome__work_plan=plan), "mandate__name"),
        "milestones": rows_of(Milestone.objects.filter(activity__outcome__work_plan=plan)),
        "editing": editing,
    }


def plan_items(key: dict) -> tuple[list, list, list]:
    """The outcomes, activities (with their mandates' names) and milestones of ``plan_table_key``
    as model objects, built from its rows the way querysets build them: no query again."""
    database = Outcome.objects.db

    def built(model, rows):
        names = [f.attname for f in model._meta.concrete_fields]
        return [model.from_db(database, names, row[: len(names)]) for row in rows]

    activities = built(Activity, key["activities"])
    mandate_model = Activity._meta.get_field("mandate").related_model
    for activity, row in zip(activities, key["activities"], strict=True):
        if activity.mandate_id is not None:  # only its name is shown (its __str__)
            activity.mandate = mandate_model.from_db(
                database, [mandate_model._meta.pk.attname, "name"], (activity.mandate_id, row[-1])
            )
    return built(Outcome, key["outcomes"]), activities, built(Milestone, key["milestones"])


@require_safe
def plan_detail(request, pk):
    plan = plan_for_user(request.user, pk)
    editing = may_edit(request.user, plan)
    if request.htmx:  # the editor asks for the table alone (e.g. "Cancel")
        context = plan_table_context(plan, editing=editing)
        return render(request, "workplans/includes/plan_table.html", context)
    # The table is the page's bulk (hundreds of items, each with its controls): kept rendered
    # per content, it is only rendered again when something it shows has changed; and kept as
    # the bytes of the response, it is put in the page's body as is.
    key = plan_table_key(plan, editing=editing)
    table = cached_bytes(
        request,
        key,
        "workplans/includes/plan_table.html",
        lambda: plan_table_context(plan, editing=editing, items=plan_items(key)),
    )
    context = {
        "plan": plan,
        "editing": editing,
        "plan_table": mark_safe(TABLE_MARK),
        "document": plan_document(plan),
        "footnotes": list(plan.footnotes.all()),
        "introduction": [p for p in plan.introduction.split("\n\n") if p.strip()],
    }
    response = render(request, "workplans/detail.html", context)
    before, after = response.content.split(TABLE_MARK.encode(), 1)
    response.content = b"".join((before, table, after))
    return response


# History


def with_people(*querysets):
    """History records with who made them and their entity, which a person's name shows."""
    return [queryset.select_related("history_user__entity") for queryset in querysets]


@require_safe
def plan_history(request, pk):
    """Every change to the plan and to everything in it, deleted items included."""
    plan = plan_for_user(request.user, pk)
    outcome_ids = Outcome.history.filter(work_plan_id=plan.pk).values("id")
    activity_ids = Activity.history.filter(outcome_id__in=outcome_ids).values("id")
    return render_history(
        request,
        subject=plan,
        title=str(plan),
        back_url=plan_url(plan.pk),
        querysets=with_people(
            WorkPlan.history.filter(id=plan.pk),
            Footnote.history.filter(work_plan_id=plan.pk),
            Outcome.history.filter(work_plan_id=plan.pk),
            Activity.history.filter(outcome_id__in=outcome_ids),
            Milestone.history.filter(activity_id__in=activity_ids),
        ),
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
        querysets=with_people(Outcome.history.filter(id=outcome.pk)),
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
        querysets=with_people(
            Activity.history.filter(id=activity.pk),
            Milestone.history.filter(activity_id=activity.pk),
        ),
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
        querysets=with_people(Milestone.history.filter(id=milestone.pk)),
    )
