"""Work plan pages: reading a plan (plans.py), the secretariat's editor on it (editor.py), its
revisions, approval and carrying forward (revisions.py), its downloads (exports.py); and what
they share: a plan fetched for the person asking, and the URL of a place in it."""

from django.urls import reverse

from emg.permissions import get_object_for_user
from workplans.models import WorkPlan


def plan_for_user(user, pk: int, perm: str = "workplans.view_workplan") -> WorkPlan:
    return get_object_for_user(user, WorkPlan.objects.select_related("meeting"), perm, pk=pk)


def plan_url(plan_id: int, anchor: str = "") -> str:
    url = reverse("workplans:detail", args=[plan_id])
    return f"{url}#{anchor}" if anchor else url
