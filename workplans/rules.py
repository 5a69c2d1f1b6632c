"""Permissions on work plans: everyone with a role reads; the secretariat edits."""

from emg.permissions import grant, has_role, is_secretariat

for model in ("workplan", "workplanrevision", "footnote", "outcome", "activity", "milestone"):
    grant("workplans", model, view=has_role, change=is_secretariat)
