"""Revisions of a work plan: the list with "Issue revision", the diff between any two revisions (or
a revision and the current text), approval by a SOM, and carrying a plan forward to the next
biennium. The writes live in workplans.services and the comparison in workplans.diff; these
views ask who may do what, call them, and say what happened.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emg.views.editing import attempt, form_page, posted
from workplans import selectors, services
from workplans.carry_forward import next_period
from workplans.diff import Kind, diff_snapshots
from workplans.forms import ApproveForm, RevisionNoteForm
from workplans.models import WorkPlan, WorkPlanRevision, revision_label, revision_name
from workplans.snapshots import plan_snapshot
from workplans.views import plan_for_user, plan_url

CURRENT = "current"


@require_safe
def revision_list(request, pk):
    """The plan's issued revisions, what changed since the last one, and what can be done next:
    issue a revision, approve, carry forward, compare, download."""
    plan = plan_for_user(request.user, pk)
    revisions = list(
        plan.revisions.defer("snapshot").select_related("issued_by__entity").order_by("-number")
    )
    latest = revisions[0] if revisions else None
    pending = (
        diff_snapshots(_snapshot_of(latest), plan_snapshot(plan)) if latest is not None else None
    )
    may_change = request.user.has_perm("workplans.change_workplan", plan)
    following = selectors.following_plan(plan)
    next_number = services.next_revision_number(plan, latest)
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
            "frozen": plan.is_frozen,
            "rows": rows,
            "latest_label": revision_name(latest.number) if latest else "",
            "old_key": str(latest.number) if latest else CURRENT,
            "new_key": CURRENT,
            "issue_button": _("Issue the original")
            if next_number == 0
            else _("Issue %(revision)s") % {"revision": revision_label(next_number)},
            "may_issue": may_change and not plan.is_frozen and (latest is None or bool(pending)),
            "may_approve": may_change and not plan.is_frozen,
            "may_carry_forward": request.user.has_perm("workplans.add_workplan")
            and following is None,
            "following": following,
            "next_period": "\u2013".join(str(year) for year in next_period(plan)),
            "choices": _choices(plan, revisions),
            "note_form": RevisionNoteForm(auto_id="issue-%s"),
        },
    )


@require_http_methods(["GET", "POST"])
def issue_revision(request, pk):
    """Issue the plan's next revision, with a note saying what it changes and why: the form is
    on the revisions page, and on a page of its own when the note is missing or too long."""
    plan = plan_for_user(request.user, pk, "workplans.change_workplan")
    form = RevisionNoteForm(posted(request))
    if form.is_valid():
        done, revision = attempt(
            request,
            lambda: services.revision_issue(
                plan=plan, note=form.cleaned_data["note"], user=request.user
            ),
        )
        if done:
            messages.success(
                request,
                _("%(plan)s issued as %(revision)s: this text is now kept as it stands.")
                % {"revision": revision_name(revision.number), "plan": plan},
            )
        return redirect("workplans:revisions", pk=plan.pk)
    revisions_url = reverse("workplans:revisions", args=[plan.pk])
    latest = plan.revisions.order_by("-number").only("number").first()
    response = form_page(
        request,
        form,
        title=_("Issue %(revision)s")
        % {"revision": revision_name(services.next_revision_number(plan, latest))},
        lead=plan.title,
        back=revisions_url,
        submit=_("Issue"),
        crumbs=[
            (_("Work plans"), reverse("workplans:list")),
            (plan.title, plan_url(plan.pk)),
            (_("Revisions"), revisions_url),
        ],
    )
    if form.is_bound:
        response.status_code = 422
    return response


def _choices(plan, revisions) -> list[tuple[str, str]]:
    """What the compare form offers: every revision, newest first, and the current text."""
    current = _("current text (%(status)s)") % {"status": plan.get_status_display().lower()}
    return [(CURRENT, current)] + [
        (str(r.number), revision_label(r.number))
        for r in sorted(revisions, key=lambda r: -r.number)
    ]


def _snapshot_of(revision: WorkPlanRevision) -> dict:
    """A revision's snapshot, which the list of revisions leaves unread."""
    return WorkPlanRevision.objects.values_list("snapshot", flat=True).get(pk=revision.pk)


def _side(key: str, plan: WorkPlan, revisions: list[WorkPlanRevision]) -> tuple[dict, str]:
    """The snapshot that ``key`` (a revision number or "current") names, and its name."""
    if key == CURRENT:
        return plan_snapshot(plan), _("the current text")
    by_number = {str(r.number): r for r in revisions}
    if key not in by_number:
        raise Http404(_("This plan has no such revision."))
    return _snapshot_of(by_number[key]), revision_name(int(key))


def _slots(snapshot: dict) -> set[str]:
    """The html ids, on the plan's page, of the items of ``snapshot``."""
    return {
        f"{kind}-{row['id']}"
        for kind, rows in (
            ("outcome", "outcomes"),
            ("activity", "activities"),
            ("milestone", "milestones"),
        )
        for row in snapshot[rows]
    }


def _notes_between(old_key: str, new_key: str, revisions: list[WorkPlanRevision]) -> list:
    """The notes of the revisions issued after the older side up to the newer, oldest first:
    what their issuers said these changes are."""
    after_all = max(r.number for r in revisions) + 1  # where the current text stands

    def position(key: str) -> int:
        return after_all if key == CURRENT else int(key)

    low, high = sorted((position(old_key), position(new_key)))
    return [
        {"name": revision_label(r.number), "note": r.note}
        for r in sorted(revisions, key=lambda r: r.number)
        if low < r.number <= high and r.note
    ]


@require_safe
def revision_diff(request, pk):
    """What changed between two revisions (``from`` and ``to``: a revision number or "current"),
    by default from the latest revision to the current text."""
    plan = plan_for_user(request.user, pk)
    revisions = list(plan.revisions.defer("snapshot").order_by("-number"))
    context = {"plan": plan, "revisions": revisions, "choices": _choices(plan, revisions)}
    if not revisions:
        return render(request, "workplans/revisions/diff.html", context)
    old_key = request.GET.get("from") or str(revisions[0].number)
    new_key = request.GET.get("to") or CURRENT
    old, old_label = _side(old_key, plan, revisions)
    new, new_label = _side(new_key, plan, revisions)
    changes = diff_snapshots(old, new)
    context["notes"] = _notes_between(old_key, new_key, revisions)
    # Links go to the items the plan still has: all of the newer side's when it is the current
    # text, else those of the current text.
    context["live"] = _slots(new if new_key == CURRENT else plan_snapshot(plan))
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


@require_http_methods(["GET", "POST"])
def approve(request, pk):
    """Record the SOM that approved the plan; the plan is frozen as a revision of its own."""
    plan = plan_for_user(request.user, pk, "workplans.change_workplan")
    form = ApproveForm(posted(request), plan=plan, initial={"meeting": plan.meeting_id})
    if form.is_valid():
        meeting = form.cleaned_data["meeting"]
        try:
            revision = services.work_plan_approve(plan=plan, meeting=meeting, user=request.user)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(
                request,
                _("%(plan)s approved by %(meeting)s and frozen as %(revision)s.")
                % {"plan": plan, "meeting": meeting, "revision": revision_name(revision.number)},
            )
            return redirect("workplans:revisions", pk=plan.pk)
    revisions_url = reverse("workplans:revisions", args=[plan.pk])
    return form_page(
        request,
        form,
        title=_("Approve the plan"),
        lead=plan.title,
        back=revisions_url,
        submit=_("Approve and freeze"),
        crumbs=[
            (_("Work plans"), reverse("workplans:list")),
            (plan.title, plan_url(plan.pk)),
            (_("Revisions"), revisions_url),
        ],
        template="workplans/revisions/approve.html",
        context={"plan": plan},
    )


@require_POST
def carry_forward(request, pk):
    """Create the next biennium's draft from this plan, then show what was left out."""
    plan = plan_for_user(request.user, pk, "workplans.add_workplan")
    done, carried = attempt(
        request, lambda: services.work_plan_carry_forward(plan=plan, user=request.user)
    )
    if not done:
        return redirect("workplans:revisions", pk=plan.pk)
    new_plan, _left_out = carried
    messages.success(
        request,
        _("Draft %(new)s created from %(old)s.") % {"new": new_plan, "old": plan},
    )
    return redirect("workplans:carried_forward", pk=new_plan.pk)


@require_safe
def carried_forward(request, pk):
    """A plan beside the one before it: which activities of that plan it does not carry, because
    their mandates end before it starts."""
    plan = plan_for_user(request.user, pk)
    length = plan.period_end - plan.period_start + 1
    previous, left_out = selectors.previous_plan_left_out(plan)
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
