"""Permissions on mandates and decisions: everyone with a role reads; the secretariat writes."""

import rules

from emg.permissions import grant, has_role, is_secretariat


@rules.predicate
def is_focal_point_of(user, mandate) -> bool:
    """``user`` reports for ``mandate`` (or, given no mandate, for some mandate)."""
    if not (user.is_authenticated and user.is_active):
        return False
    mine = user.focal_point_roles.all()
    return mine.filter(mandate=mandate).exists() if mandate is not None else mine.exists()


for model in (
    "mandate",
    "mandatealias",
    "membership",
    "focalpoint",
    "termsofreference",
    "clause",
    "footnote",
    "decisionsection",
    "decision",
):
    grant("mandates", model, view=has_role, change=is_secretariat)
