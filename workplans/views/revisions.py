"""Revisions of a work plan: the list with "Issue revision", the diff between any two revisions (or
a revision and the current text), approval by a SOM, and carrying a plan forward to the next
biennium. The logic lives in workplans.revisions and workplans.carry_forward; these views ask who
may do what, call it, and say what happened.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emg.models import Meeting, Session
from emg.permissions import get_object_for_user
from workplans.carry_forward import next_period, previous_plan_left_out, work_plan_carry_forward
from workplans.models import WorkPlan, WorkPlanRevision, revision_label
from workplans.revisions import (
    ActionRefused,
    Kind,
    diff_kept,
    next_revision_number,
    plan_is_frozen,
    plan_snapshot,
    revision_issue,
    revision_name,
    snapshot_hash,
    with_snapshot_hash,
    work_plan_approve,
)

CURRENT = "current"


def _plan(request, pk, perm: str) -> WorkPlan:
    return get_object_for_user(
        request.user, WorkPlan.objects.select_related("meeting"), perm, pk=pk
    )


def _following_plan(plan: WorkPlan) -> WorkPlan | None:
    start, end = next_period(plan)
    return (
        WorkPlan.objects.exclude(status=WorkPlan.Status.SUPERSEDED)
        .filter(period_start=start, period_end=end)
        .first()
    )


@require_safe
def revision_list(request, pk):
    """The plan's issued revisions, what changed since the last one, and what can be done next:
    issue a revision, approve, carry forward, compare, download."""
    plan = _plan(request, pk, "workplans.view_workplan")
    revisions = list(
        with_snapshot_hash(plan.revisions.defer("snapshot"))
        .select_related("issued_by__entity")
        .order_by("-number")
    )
    latest = revisions[0] if revisions else None
    pending = diff_kept(_revision_side(latest), _current_side(plan)) if latest else None
    may_change = request.user.has_perm("workplans.change_workplan", plan)
    frozen = plan_is_frozen(plan)
    following = _following_plan(plan)
    next_number = next_revision_number(plan, latest)
    rows = [
        {
            "revision": revision,
            "label": revision_label(revision.number),
            "previous": older.number if older else None,
            "previous_label": revision_name(older.number) if older else "",
            "name": revision_name(revision.number),
        }
        for revision, older in zip(revisions, [*revisions[1:], None], strict=False)
    ]
    return render(
        request,
        "workplans/revisions/list.html",
        {
            "plan": plan,
            "revisions": revisions,
            "latest": latest,
            "pending": pending,
            "frozen": frozen,
            "rows": rows,
            "latest_label": revision_name(latest.number) if latest else "",
            "old_key": str(latest.number) if latest else CURRENT,
            "new_key": CURRENT,
            "issue_button": _("Issue the original")
            if next_number == 0
            else _("Issue %(revision)s") % {"revision": revision_label(next_number)},
            "may_issue": may_change and not frozen and (latest is None or bool(pending)),
            "may_approve": may_change and not frozen,
            "may_carry_forward": request.user.has_perm("workplans.add_workplan")
            and following is None,
            "following": following,
            "next_period": "\u2013".join(str(year) for year in next_period(plan)),
            "choices": _choices(plan, revisions),
        },
    )


@require_POST
def issue_revision(request, pk):
    plan = _plan(request, pk, "workplans.change_workplan")
    try:
        revision = revision_issue(plan=plan, user=request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("%(plan)s issued as %(revision)s: this text is now kept as it stands.")
            % {"revision": revision_name(revision.number), "plan": plan},
        )
    return redirect("workplans:revisions", pk=plan.pk)


def _choices(plan, revisions) -> list[tuple[str, str]]:
    """What the compare form offers: every revision, newest first, and the current text."""
    current = _("current text (%(status)s)") % {"status": plan.get_status_display().lower()}
    return [(CURRENT, current)] + [
        (str(r.number), revision_label(r.number))
        for r in sorted(revisions, key=lambda r: -r.number)
    ]


def _revision_side(revision: WorkPlanRevision):
    """A revision as ``diff_kept`` compares it: its snapshot read only when needed."""
    return (
        f"revision-{revision.snapshot_hash}",
        lambda: WorkPlanRevision.objects.values_list("snapshot", flat=True).get(pk=revision.pk),
    )


def _current_side(plan: WorkPlan):
    snapshot = plan_snapshot(plan)
    return f"current-{snapshot_hash(snapshot)}", lambda: snapshot


def _side(key: str, plan: WorkPlan, revisions: list[WorkPlanRevision]):
    """What ``diff_kept`` compares for ``key`` (a revision number or "current"), and its name."""
    if key == CURRENT:
        return _current_side(plan), _("the current text")
    by_number = {str(r.number): r for r in revisions}
    if key not in by_number:
        raise Http404(_("This plan has no such revision."))
    return _revision_side(by_number[key]), revision_name(int(key))


@require_safe
def revision_diff(request, pk):
    """What changed between two revisions (``from`` and ``to``: a revision number or "current"),
    by default from the latest revision to the current text."""
    plan = _plan(request, pk, "workplans.view_workplan")
    revisions = list(with_snapshot_hash(plan.revisions.defer("snapshot")).order_by("-number"))
    context = {"plan": plan, "revisions": revisions, "choices": _choices(plan, revisions)}
    if not revisions:
        return render(request, "workplans/revisions/diff.html", context)
    old_key = request.GET.get("from") or str(revisions[0].number)
    new_key = request.GET.get("to") or CURRENT
    old, old_label = _side(old_key, plan, revisions)
    new, new_label = _side(new_key, plan, revisions)
    changes = diff_kept(old, new)
    counts = {kind: sum(1 for c in changes if c.kind == kind) for kind in Kind.ALL}
    context.update(
        old_key=old_key,
        new_key=new_key,
        old_label=old_label,
        new_label=new_label,
        changes=changes,
        counts=counts,
    )
    return render(request, "workplans/revisions/diff.html", context)


# A plan is approved by a SOM held in the years before its period starts or during it.
APPROVAL_YEARS_BEFORE = 2


def approving_meetings(plan: WorkPlan):
    """The SOMs that may have approved ``plan``: those with a session dated from January of
    ``APPROVAL_YEARS_BEFORE`` years before its period to the period's end, those not yet dated
    that come after every dated one (the next SOMs), and the one it names already. Not every
    SOM the Group has held: the list would grow with every year."""
    first = datetime.date(plan.period_start - APPROVAL_YEARS_BEFORE, 1, 1)
    last = datetime.date(plan.period_end, 12, 31)
    dated = Session.objects.filter(date__isnull=False)
    latest_dated = dated.order_by("-meeting__number").values("meeting__number")[:1]
    return Meeting.objects.filter(
        Exists(dated.filter(meeting=OuterRef("pk"), date__range=(first, last)))
        | (
            ~Exists(dated.filter(meeting=OuterRef("pk")))
            & Q(number__gt=Coalesce(Subquery(latest_dated), 0))
        )
        | Q(pk=plan.meeting_id)
    ).order_by("-number")


class ApproveForm(forms.Form):
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        label=gettext_lazy("Approved by"),
        error_messages={
            "invalid_choice": gettext_lazy(
                "Choose one of the SOMs listed: those held from two years before the plan's "
                "period to its end, or still to be held."
            )
        },
    )

    def __init__(self, *args, plan: WorkPlan, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        field.queryset = approving_meetings(plan)
        field.label_from_instance = lambda meeting: meeting.ordinal_title
        field.help_text = _(
            "The Senior Officials Meeting that approved the plan: one held from %(first)s to "
            "%(last)s, or still to be held."
        ) % {"first": plan.period_start - APPROVAL_YEARS_BEFORE, "last": plan.period_end}


@require_http_methods(["GET", "POST"])
def approve(request, pk):
    """Record the SOM that approved the plan; the plan is frozen as a revision of its own."""
    plan = _plan(request, pk, "workplans.change_workplan")
    form = ApproveForm(
        request.POST if request.method == "POST" else None,
        plan=plan,
        initial={"meeting": plan.meeting_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            revision = work_plan_approve(
                plan=plan, meeting=form.cleaned_data["meeting"], user=request.user
            )
        except ActionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _("%(plan)s approved by %(meeting)s and frozen as %(revision)s.")
                % {
                    "plan": plan,
                    "meeting": form.cleaned_data["meeting"],
                    "revision": revision_name(revision.number),
                },
            )
        return redirect("workplans:revisions", pk=plan.pk)
    return render(
        request,
        "workplans/revisions/approve.html",
        {"plan": plan, "form": form, "frozen": plan_is_frozen(plan)},
    )


@require_POST
def carry_forward(request, pk):
    """Create the next biennium's draft from this plan, then show what was left out."""
    plan = _plan(request, pk, "workplans.add_workplan")
    try:
        new_plan, _left_out = work_plan_carry_forward(plan=plan, user=request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("workplans:revisions", pk=plan.pk)
    messages.success(
        request,
        _("Draft %(new)s created from %(old)s.") % {"new": new_plan, "old": plan},
    )
    return redirect("workplans:carried_forward", pk=new_plan.pk)


@require_safe
def carried_forward(request, pk):
    """A plan beside the one before it: which activities of that plan it does not carry, because
    their mandates end before it starts."""
    plan = _plan(request, pk, "workplans.view_workplan")
    length = plan.period_end - plan.period_start + 1
    previous, left_out = previous_plan_left_out(plan)
    return render(
        request,
        "workplans/revisions/carried_forward.html",
        {
            "plan": plan,
            "previous": previous,
            "left_out": left_out,
            "previous_period": f"{plan.period_start - length}\u2013{plan.period_end - length}",
        },
    )
