"""The secretariat's editor, on the plan's own page: outcomes, activities and milestones added,
edited, moved, reordered by drag and drop, and deleted.

Every endpoint works in two ways:

- from htmx (the page with JavaScript): a form or a confirmation comes back as a fragment that
  takes the place of the item; after a change the whole table comes back (``HX-Retarget``), so
  every label is renumbered at once, with a message for the page's live region;
- without JavaScript: the same forms on pages of their own (emg.views.editing.form_page), and a
  redirect to the plan after a change (for a move, emg.views.editing.move_answer).

Status codes: 200 for a form or a changed plan; 422 for a form with errors (nothing saved); 409
when the item changed since the form was opened (the form keeps what was typed and shows the
current values) or when a drag and drop named a list that has changed meanwhile; 403 when the
user may not edit, or when the plan is frozen (approved or superseded), with the reason.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Model, QuerySet
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import reswap, retarget

from emg import ordering, params
from emg.permissions import get_object_for_user, permission_required
from emg.views import editing
from emg.views.editing import cleaned, form_page, move_answer, posted, save_edit
from workplans import services
from workplans.forms import (
    ActivityForm,
    MilestoneForm,
    OutcomeForm,
    PlanItemForm,
    ScheduledForm,
    WorkPlanForm,
    excerpt,
)
from workplans.models import Activity, Milestone, Outcome, WorkPlan
from workplans.references import references
from workplans.rules import may_edit
from workplans.selectors import offered_mandates
from workplans.table import plan_table
from workplans.views import plan_url

OUTCOMES = Outcome.objects.select_related("work_plan")
ACTIVITIES = Activity.objects.select_related("outcome__work_plan", "mandate")
MILESTONES = Milestone.objects.select_related("activity__outcome__work_plan")
# What the forms give the create and update services, besides the item's place and version.
OUTCOME_FIELDS = ("heading", "statement")
ACTIVITY_FIELDS = ("title", "description", "mandate", "schedule")
MILESTONE_FIELDS = ("parent", "text", "schedule", "due_date")


# Answers


def plan_changed(
    request,
    plan: WorkPlan,
    message,
    *,
    focus: str = "",
    warning: str = "",
    status: int = 200,
):
    """The answer to a change: the whole table again (htmx), or the plan page (a redirect).

    ``message`` may be a function of the items' new references (workplans.references: "2.(b)"),
    so that it can say where a moved item now stands."""
    context = plan_table(plan, editing=may_edit(request.user, plan), focus=focus)
    text = message(context["references"]) if callable(message) else message
    if not request.htmx:
        if status == 200:
            messages.success(request, text)
        else:
            messages.warning(request, text)
        if warning:
            messages.warning(request, warning)
        return redirect(plan_url(plan.pk, focus.rsplit("-", 1)[0] if focus else ""))
    # Said beside the item changed, highlighted; the page's live region says it too, to
    # screen readers only (templates/workplans/editor/changed.html).
    confirmed = status == 200 and context["shown"] in context["items"]
    context.update(
        message=text,
        warning=warning,
        message_level="success" if status == 200 else "warning",
        confirmation=text if confirmed else "",
    )
    response = render(request, "workplans/editor/changed.html", context, status=status)
    return retarget(reswap(response, "outerHTML"), "#plan-table")


def refused(request, plan: WorkPlan) -> HttpResponse:
    """A frozen plan's editing endpoints say why they refuse."""
    if plan.status == WorkPlan.Status.APPROVED and plan.meeting_id:
        reason = _(
            "This work plan was approved by %(som)s and is frozen: it can no longer be edited. "
            "Changes go into a new draft carried forward from it."
        ) % {"som": plan.meeting}
    elif plan.status == WorkPlan.Status.APPROVED:
        reason = _(
            "This work plan was approved and is frozen: it can no longer be edited. Changes go "
            "into a new draft carried forward from it."
        )
    else:
        reason = _(
            "This work plan has been superseded and is kept as it was: it can no longer be edited."
        )
    context = {"plan": plan, "reason": reason}
    if request.htmx:
        response = render(request, "workplans/editor/refused_alert.html", context, status=403)
        return retarget(reswap(response, "innerHTML"), "#editor-messages")
    return render(request, "workplans/editor/refused.html", context, status=403)


def form_answer(
    request,
    form,
    *,
    plan: WorkPlan,
    kind: str,
    heading: str,
    action: str,
    submit: str,
    slot: str,
):
    """The form as a fragment in place of the item (htmx) or on a page of its own
    (emg.views.editing.form_page); with why its save was refused, when it was
    (``form.conflict``)."""
    cancel_url = plan_url(plan.pk, slot)
    context = {
        "plan": plan,
        "form": form,
        "kind": kind,
        "heading": heading,
        "action": action,
        "submit": submit,
        "slot": slot,
        "cancel_url": cancel_url,
    }
    status = 409 if form.conflict else 422 if form.is_bound else 200
    if request.htmx:
        return render(request, "workplans/editor/form.html", context, status=status)
    response = form_page(
        request,
        form,
        title=heading,
        back=cancel_url,
        submit=submit,
        crumbs=[(_("Work plans"), reverse("workplans:list")), (plan.title, cancel_url)],
        template="workplans/editor/form_page.html",
        context=context,
    )
    response.status_code = status  # as in place: 422 when the form has errors
    return response


def outside_warning(form) -> str:
    if not isinstance(form, ScheduledForm) or not form.outside_period:
        return ""
    return _(
        "The schedule %(schedule)s runs outside the plan's period, %(period)s. It was saved "
        "and is flagged in the table."
    ) % {"schedule": form.cleaned_data["schedule"], "period": form.plan.period}


UNKNOWN_DIRECTION = gettext_lazy("Say whether to move up or down.")


def ids_of(request) -> list[int]:
    """The ids of a drag and drop's list in their new order (``item``); anything but ids is
    refused (400)."""
    return params.integers(request.POST, "item")


# The flows every kind of item shares. A frozen plan is refused with the reason, whether the view
# sees it frozen or a service does (approved a moment ago): both raise PlanFrozen.


def answers_frozen(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except services.PlanFrozen as frozen:
            return refused(request, frozen.plan)

    return wrapper


def open_plan(plan: WorkPlan) -> WorkPlan:
    if plan.is_frozen:
        raise services.PlanFrozen(plan)
    return plan


def save_answer(request, form, *, plan: WorkPlan, kind: str, save, done: str, **answer):
    """A valid form is saved by ``save`` (which calls the service and returns the item) and the
    plan comes back, saying ``done`` with the item's new reference; otherwise the form comes
    back, with its errors or, when the item changed since it was opened, with the conflict.
    ``answer``: the rest of what form_answer needs."""
    item = save_edit(form, save)
    if item is not None:
        return plan_changed(
            request,
            plan,
            lambda refs: done % {"label": refs[kind, item.pk].short},
            focus=f"{kind}-{item.pk}-edit",
            warning=outside_warning(form),
        )
    return form_answer(request, form, plan=plan, kind=kind, **answer)


def order_answer(request, plan: WorkPlan, reorder, done: str):
    """A drag and drop: ``reorder`` calls the service with the new order."""
    open_plan(plan)
    try:
        reorder()
    except services.StaleOrder:
        return plan_changed(
            request,
            plan,
            _(
                "The list changed while you were moving an item (someone else added, moved or "
                "deleted one). Nothing was moved; the current order is shown."
            ),
            status=409,
        )
    return plan_changed(request, plan, done)


# What every kind of item has alike: its actions, its edit form, its deletion and its moves,
# one view each for the three kinds, which the URL names (workplans/urls.py).


@dataclass(frozen=True)
class Kind:
    """A kind of item as the views it shares with the others see it: how it is fetched with
    its plan, its edit form, its services (each takes the item by the kind's name, as
    ``activity=``), and what the pages say of it. Its name ("activity") is the word of its
    permissions, URLs and html ids."""

    items: QuerySet
    plan_of: Callable[[Model], WorkPlan]
    form: type[PlanItemForm]
    fields: tuple[str, ...]  # what the edit form gives the update service, besides the version
    update: Callable
    delete: Callable
    move: Callable
    text: Callable[[Model], str]  # what a question or a message quotes of it
    under: Callable[[Model], int]  # how many items are deleted with it
    after_delete: Callable[[Model], str]  # the control that has the focus once it is deleted
    saved: str
    heading: str
    submit: str
    moved: str
    at_end: str
    question: str
    goes_with: str  # plural by the number of items under it
    delete_submit: str
    deleted: str
    form_kwargs: Callable[[Model], dict] = lambda item: {}


KINDS = {
    "outcome": Kind(
        items=OUTCOMES,
        plan_of=lambda outcome: outcome.work_plan,
        form=OutcomeForm,
        fields=OUTCOME_FIELDS,
        update=services.outcome_update,
        delete=services.outcome_delete,
        move=services.outcome_move,
        text=str,
        under=lambda outcome: outcome.activities.count(),
        after_delete=lambda outcome: "new-outcome-button",
        saved=gettext_lazy("Expected outcome %(label)s saved."),
        heading=gettext_lazy("Edit expected outcome"),
        submit=gettext_lazy("Save expected outcome"),
        moved=gettext_lazy("Expected outcome moved: it is now outcome %(label)s."),
        at_end=gettext_lazy("Expected outcome %(label)s is already at that end of the plan."),
        question=gettext_lazy("Delete the expected outcome “%(name)s”?"),
        goes_with=ngettext_lazy(
            "Its activity and the activity's milestones are deleted with it.",
            "Its %(count)s activities and their milestones are deleted with it.",
            "count",
        ),
        delete_submit=gettext_lazy("Delete expected outcome"),
        deleted=gettext_lazy("Expected outcome “%(name)s” deleted, with its activities."),
    ),
    "activity": Kind(
        items=ACTIVITIES,
        plan_of=lambda activity: activity.outcome.work_plan,
        form=ActivityForm,
        fields=("outcome", *ACTIVITY_FIELDS),
        update=services.activity_update,
        delete=services.activity_delete,
        move=services.activity_move,
        text=lambda activity: activity.title,
        under=lambda activity: activity.milestones.count(),
        after_delete=lambda activity: f"new-activity-{activity.outcome_id}-button",
        saved=gettext_lazy("Activity %(label)s saved."),
        heading=gettext_lazy("Edit activity"),
        submit=gettext_lazy("Save activity"),
        moved=gettext_lazy("Activity moved: it is now activity %(label)s."),
        at_end=gettext_lazy("Activity %(label)s is already at that end of the plan."),
        question=gettext_lazy("Delete the activity “%(name)s”?"),
        goes_with=ngettext_lazy(
            "Its milestone is deleted with it.",
            "Its %(count)s milestones are deleted with it.",
            "count",
        ),
        delete_submit=gettext_lazy("Delete activity"),
        deleted=gettext_lazy("Activity “%(name)s” deleted, with its milestones."),
    ),
    "milestone": Kind(
        items=MILESTONES,
        plan_of=lambda milestone: milestone.activity.outcome.work_plan,
        form=MilestoneForm,
        fields=MILESTONE_FIELDS,
        update=services.milestone_update,
        delete=services.milestone_delete,
        move=services.milestone_move,
        text=lambda milestone: milestone.text,
        under=lambda milestone: milestone.children.count(),
        after_delete=lambda milestone: f"new-milestone-{milestone.activity_id}-button",
        saved=gettext_lazy("Milestone %(label)s saved."),
        heading=gettext_lazy("Edit milestone"),
        submit=gettext_lazy("Save milestone"),
        moved=gettext_lazy("Milestone moved: it is now milestone %(label)s."),
        at_end=gettext_lazy("Milestone %(label)s is already at that end of its list."),
        question=gettext_lazy("Delete the milestone “%(name)s”?"),
        goes_with=ngettext_lazy(
            "The milestone under it is deleted with it.",
            "The %(count)s milestones under it are deleted with it.",
            "count",
        ),
        delete_submit=gettext_lazy("Delete milestone"),
        deleted=gettext_lazy("Milestone “%(name)s” deleted."),
        form_kwargs=lambda milestone: {"activity": milestone.activity},
    ),
}


def item_for(request, kind: str, pk: int, action: str) -> tuple[Kind, Model]:
    """The item ``pk`` of ``kind`` if the user may ``action`` ("change", "delete") it."""
    spec = KINDS[kind]
    item = get_object_for_user(request.user, spec.items, f"workplans.{action}_{kind}", pk=pk)
    return spec, item


@require_safe
@answers_frozen
def item_actions(request, pk, *, kind):
    """An item's actions (edit, move up or down, add a step, delete, history): in place of the
    item's link to them (htmx), or on a page of their own, where they work without
    JavaScript."""
    spec, item = item_for(request, kind, pk, "change")
    plan, slot = open_plan(spec.plan_of(item)), f"{kind}-{pk}"
    context = plan_table(plan, editing=True, focus=f"{slot}-edit")
    context["row"] = context["items"][slot]
    if request.htmx:
        return render(request, "workplans/editor/actions.html", context)
    context["back_url"] = plan_url(plan.pk, slot)
    return render(request, "workplans/editor/actions_page.html", context)


@require_http_methods(["GET", "POST"])
@answers_frozen
def item_edit(request, pk, *, kind):
    """The item's form, in its place; saved, the plan comes back."""
    spec, item = item_for(request, kind, pk, "change")
    plan = open_plan(spec.plan_of(item))
    form = spec.form(
        posted(request),
        instance=item,
        plan=plan,
        auto_id=f"{kind[0]}{pk}-%s",
        **spec.form_kwargs(item),
    )
    return save_answer(
        request,
        form,
        save=lambda: spec.update(
            **{kind: item}, user=request.user, **cleaned(form, "version", *spec.fields)
        ),
        done=spec.saved,
        plan=plan,
        kind=kind,
        heading=spec.heading,
        action=reverse(f"workplans:{kind}_edit", args=[pk]),
        submit=spec.submit,
        slot=f"{kind}-{pk}",
    )


@require_http_methods(["GET", "POST"])
@answers_frozen
def item_delete(request, pk, *, kind):
    """Deleting asks first: on GET the confirmation comes in place of the item (htmx) or on a
    page of its own, saying what goes with it; on POST the item goes and the plan comes
    back."""
    spec, item = item_for(request, kind, pk, "delete")
    plan, name = open_plan(spec.plan_of(item)), spec.text(item)
    if request.method == "POST":
        spec.delete(**{kind: item}, user=request.user)
        deleted = spec.deleted % {"name": excerpt(name, 60)}
        return plan_changed(request, plan, deleted, focus=spec.after_delete(item))
    slot, count = f"{kind}-{pk}", spec.under(item)
    context = {
        "plan": plan,
        "slot": slot,
        "action": reverse(f"workplans:{kind}_delete", args=[pk]),
        "question": spec.question % {"name": excerpt(name)},
        "consequence": spec.goes_with % {"count": count} if count else "",
        "submit": spec.delete_submit,
        "cancel_url": plan_url(plan.pk, slot),
    }
    template = (
        "workplans/editor/confirm_delete.html"
        if request.htmx
        else "workplans/editor/confirm_delete_page.html"
    )
    return render(request, template, context)


@require_POST
@answers_frozen
def item_move(request, pk, *, kind):
    """Move the item up or down as the posted "direction" says. With htmx, the table comes back
    saying where the item now stands, the focus on the button pressed; without, the plan's page
    at the item (emg.views.editing.move_answer, as every page's moves), saying when it was at
    that end."""
    spec, item = item_for(request, kind, pk, "change")
    plan = spec.plan_of(item)

    def moving(direction: str) -> bool:
        open_plan(plan)
        return spec.move(**{kind: item}, direction=direction, user=request.user)

    if not request.htmx:
        label = references(plan, plan.numbered())[kind, pk].short
        return move_answer(
            request,
            moving,
            unknown=UNKNOWN_DIRECTION,
            at_end=spec.at_end % {"label": label},
            back=plan_url(plan.pk, f"{kind}-{pk}"),
        )
    direction = request.POST.get("direction")
    if direction not in ordering.DIRECTIONS:
        return HttpResponseBadRequest(UNKNOWN_DIRECTION)
    done = moving(direction)
    return plan_changed(
        request,
        plan,
        lambda refs: (spec.moved if done else spec.at_end) % {"label": refs[kind, pk].short},
        focus=f"{kind}-{pk}-{direction}",
    )


# The plan's head


@require_http_methods(["GET", "POST"])
@answers_frozen
def plan_edit(request, pk):
    """The plan's title, introduction, period and notes, on a page of their own; saved, back to
    the plan. A plan changed meanwhile shows its current values and keeps what was typed."""
    plan = get_object_for_user(
        request.user, WorkPlan.objects.select_related("meeting"), "workplans.change_workplan", pk=pk
    )
    form = WorkPlanForm(posted(request), instance=open_plan(plan))
    fields = ("version", "title", "introduction", "period_start", "period_end", "notes")
    response = editing.form_answer(
        request,
        form,
        lambda: services.work_plan_update(plan=plan, user=request.user, **cleaned(form, *fields)),
        done=_("The plan's title, introduction, period and notes are saved."),
        title=_("Edit the plan's title, introduction, period and notes"),
        lead=plan.title,
        back=plan_url(plan.pk),
        submit=_("Save the plan"),
        crumbs=[(_("Work plans"), reverse("workplans:list")), (plan.title, plan_url(plan.pk))],
    )
    if form.is_bound and form.errors and not form.conflict:
        response.status_code = 422  # as the editor's other forms
    return response


# Outcomes


@require_http_methods(["GET", "POST"])
@answers_frozen
def outcome_add(request, pk):
    plan = get_object_for_user(
        request.user, WorkPlan.objects.select_related("meeting"), "workplans.add_outcome", pk=pk
    )
    form = OutcomeForm(posted(request), plan=open_plan(plan), auto_id="new-outcome-%s")
    return save_answer(
        request,
        form,
        save=lambda: services.outcome_create(
            work_plan=plan, user=request.user, **cleaned(form, *OUTCOME_FIELDS)
        ),
        done=_("Expected outcome %(label)s added."),
        plan=plan,
        kind="outcome",
        heading=_("New expected outcome"),
        action=reverse("workplans:outcome_add", args=[plan.pk]),
        submit=_("Add expected outcome"),
        slot="new-outcome",
    )


@require_POST
@answers_frozen
def outcome_order(request, pk):
    """A drag and drop: the plan's outcomes in their new order (``item``: ids)."""
    plan = get_object_for_user(
        request.user, WorkPlan.objects.select_related("meeting"), "workplans.change_workplan", pk=pk
    )
    ordered = ids_of(request)
    return order_answer(
        request,
        plan,
        lambda: services.outcomes_reorder(work_plan=plan, ordered=ordered, user=request.user),
        _("Expected outcomes reordered."),
    )


# Activities


@require_http_methods(["GET", "POST"])
@answers_frozen
def activity_add(request, pk):
    outcome = get_object_for_user(request.user, OUTCOMES, "workplans.add_activity", pk=pk)
    form = ActivityForm(
        posted(request),
        plan=open_plan(outcome.work_plan),
        initial={"outcome": outcome.pk},
        auto_id=f"new-activity-{pk}-%s",
    )
    return save_answer(
        request,
        form,
        save=lambda: services.activity_create(
            user=request.user, **cleaned(form, "outcome", *ACTIVITY_FIELDS)
        ),
        done=_("Activity %(label)s added."),
        plan=outcome.work_plan,
        kind="activity",
        heading=_("New activity"),
        action=reverse("workplans:activity_add", args=[pk]),
        submit=_("Add activity"),
        slot=f"new-activity-{pk}",
    )


@require_POST
@answers_frozen
def activity_order(request, pk):
    """A drag and drop: the outcome's activities in their new order (``item``: ids); an
    activity dropped here from another outcome moves to this one."""
    outcome = get_object_for_user(request.user, OUTCOMES, "workplans.change_outcome", pk=pk)
    ordered = ids_of(request)
    return order_answer(
        request,
        outcome.work_plan,
        lambda: services.activities_reorder(outcome=outcome, ordered=ordered, user=request.user),
        _("Activities reordered."),
    )


@require_safe
@permission_required("workplans.change_activity", raise_exception=True)
def mandate_options(request):
    """The mandate select's options narrowed to ``q`` (name, short name or another name a
    document gave it), keeping the chosen ``mandate``."""
    words = params.text(request.GET, "q")
    selected = params.integer(request.GET, "mandate")
    return render(
        request,
        "workplans/editor/mandate_options.html",
        {"mandates": offered_mandates(words, selected), "selected": selected, "words": words},
    )


# Milestones


def parent_from(request, activity: Activity) -> Milestone | bool | None:
    """The milestone named by the posted ``parent``, None for the top level, or False when it
    names no milestone of this activity."""
    pk = params.integer(request.POST, "parent")
    if pk is None:
        return None
    return Milestone.objects.filter(activity=activity, pk=pk).first() or False


@require_http_methods(["GET", "POST"])
@answers_frozen
def milestone_add(request, pk):
    activity = get_object_for_user(request.user, ACTIVITIES, "workplans.add_milestone", pk=pk)
    plan = open_plan(activity.outcome.work_plan)
    under = params.integer(request.GET, "parent")
    slot = f"new-milestone-{pk}" + (f"-{under}" if under is not None else "")
    form = MilestoneForm(
        posted(request),
        plan=plan,
        activity=activity,
        initial={"parent": under},
        auto_id=f"{slot}-%s",
    )
    action = reverse("workplans:milestone_add", args=[pk])
    return save_answer(
        request,
        form,
        save=lambda: services.milestone_create(
            activity=activity, user=request.user, **cleaned(form, *MILESTONE_FIELDS)
        ),
        done=_("Milestone %(label)s added."),
        plan=plan,
        kind="milestone",
        heading=_("New milestone"),
        action=f"{action}?parent={under}" if under is not None else action,
        submit=_("Add milestone"),
        slot=slot,
    )


@require_POST
@answers_frozen
def milestone_order(request, pk):
    """A drag and drop: the milestones of one list (the activity's top level, or those under
    ``parent``) in their new order (``item``: ids)."""
    activity = get_object_for_user(request.user, ACTIVITIES, "workplans.change_activity", pk=pk)
    ordered, parent = ids_of(request), parent_from(request, activity)
    if parent is False:
        return HttpResponseBadRequest(_("The new order names items this activity does not have."))
    return order_answer(
        request,
        activity.outcome.work_plan,
        lambda: services.milestones_reorder(
            activity=activity, parent=parent, ordered=ordered, user=request.user
        ),
        _("Milestones reordered."),
    )
