"""Who may see and do what: one pattern for every page.

- Roles are predicates (the ``rules`` package). Each app grants its permissions in its own
  ``rules.py`` with the standard names ("mandates.view_mandate", "mandates.change_mandate" …),
  found automatically.
- Views ask in one of two ways. For a page about one object: ``get_object_for_user``, which
  answers 404 when the object is not the user's to see (another mandate's draft, say) and 403
  when they may see it but not do this to it. For a page about no object (a list, an "add"
  form): ``permission_required`` (a decorator) or ``PermissionRequiredMixin``, both from
  ``rules`` and raising 403.
- Everything but the login page needs a signed-in user (LoginRequiredMiddleware); views that
  change state accept POST only and CSRF is enforced.

A model whose rows are not all visible to everyone gives its QuerySet a ``visible_to(user)``
method; ``get_object_for_user`` uses it.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404
from rules.contrib.views import PermissionRequiredMixin, permission_required

__all__ = [
    "PermissionRequiredMixin",
    "get_object_for_user",
    "has_role",
    "is_focal_point",
    "is_secretariat",
    "is_senior_official",
    "permission_required",
    "visible_to",
]


def _role(name: str):
    @rules.predicate(name=f"is_{name}")
    def check(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.role == name)

    return check


is_secretariat = _role("secretariat")
is_focal_point = _role("focal_point")
is_senior_official = _role("senior_official")
has_role = is_secretariat | is_focal_point | is_senior_official


def visible_to(queryset: models.QuerySet, user) -> models.QuerySet:
    """The rows of ``queryset`` that ``user`` may know exist."""
    narrow = getattr(queryset, "visible_to", None)
    return narrow(user) if narrow else queryset


def get_object_for_user(
    user, queryset: models.QuerySet | type[models.Model], perm: str, **lookup
) -> models.Model:
    """The object ``lookup`` finds, if ``user`` may know it exists (else 404) and has ``perm``
    on it (else 403)."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    instance = get_object_or_404(visible_to(queryset, user), **lookup)
    if not user.has_perm(perm, instance):
        raise PermissionDenied
    return instance


def grant(app_label: str, model_name: str, *, view, change) -> None:
    """The four standard permissions of a model: who sees it, and who adds, changes and deletes."""
    rules.add_perm(f"{app_label}.view_{model_name}", view)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"{app_label}.{action}_{model_name}", change)
