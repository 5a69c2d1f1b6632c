"""Permissions on work plans: everyone with a role reads; the secretariat edits, as long as the
plan is not frozen."""

from emg.permissions import grant, has_role, is_secretariat

for model in ("workplan", "workplanrevision", "footnote", "outcome", "activity", "milestone"):
    grant("workplans", model, view=has_role, change=is_secretariat)


def may_edit(user, plan) -> bool:
    """Whether ``user`` may edit the content of ``plan`` now: an approved or superseded plan is
    frozen for everyone (WorkPlan.is_frozen)."""
    return user.has_perm("workplans.change_workplan", plan) and not plan.is_frozen
