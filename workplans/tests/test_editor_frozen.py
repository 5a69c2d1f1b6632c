"""An approved or superseded plan is frozen: every endpoint of the editor refuses and says why."""

import pytest
from django.urls import reverse

from workplans.models import Milestone, Outcome, WorkPlan
from workplans.tests.editing import HTMX, words

pytestmark = pytest.mark.django_db


# Frozen plans


@pytest.mark.parametrize("status", [WorkPlan.Status.APPROVED, WorkPlan.Status.SUPERSEDED])
def test_every_editor_endpoint_of_a_frozen_plan_refuses_and_says_why(editor, plan, status):
    WorkPlan.objects.filter(pk=plan.pk).update(status=status)
    outcome = plan.outcomes.get(order=1)
    activity = outcome.activities.get(order=1)
    milestone = activity.milestones.get(parent=None, order=1)
    requests = [
        ("get", reverse("workplans:edit", args=[plan.pk]), {}),
        ("get", reverse("workplans:outcome_add", args=[plan.pk]), {}),
        ("post", reverse("workplans:outcome_order", args=[plan.pk]), {"item": [outcome.pk]}),
        ("get", reverse("workplans:outcome_actions", args=[outcome.pk]), {}),
        ("post", reverse("workplans:outcome_edit", args=[outcome.pk]), {"heading": "X"}),
        ("post", reverse("workplans:outcome_delete", args=[outcome.pk]), {}),
        ("post", reverse("workplans:outcome_move", args=[outcome.pk]), {"direction": "up"}),
        ("get", reverse("workplans:activity_add", args=[outcome.pk]), {}),
        ("post", reverse("workplans:activity_order", args=[outcome.pk]), {"item": [1]}),
        ("get", reverse("workplans:activity_actions", args=[activity.pk]), {}),
        ("get", reverse("workplans:activity_edit", args=[activity.pk]), {}),
        ("get", reverse("workplans:activity_delete", args=[activity.pk]), {}),
        ("post", reverse("workplans:activity_move", args=[activity.pk]), {"direction": "up"}),
        ("post", reverse("workplans:milestone_add", args=[activity.pk]), {"text": "X"}),
        ("post", reverse("workplans:milestone_order", args=[activity.pk]), {"item": [1]}),
        ("get", reverse("workplans:milestone_actions", args=[milestone.pk]), {}),
        ("post", reverse("workplans:milestone_edit", args=[milestone.pk]), {"text": "X"}),
        ("post", reverse("workplans:milestone_delete", args=[milestone.pk]), {}),
        ("post", reverse("workplans:milestone_move", args=[milestone.pk]), {"direction": "up"}),
    ]
    for method, url, data in requests:
        response = getattr(editor, method)(url, data, headers=HTMX)
        assert response.status_code == 403, url
        assert response["HX-Retarget"] == "#editor-messages", url
        assert "it can no longer be edited" in words(response), url

    page = editor.get(reverse("workplans:activity_edit", args=[activity.pk]))
    assert page.status_code == 403
    assert "This work plan cannot be edited" in words(page)
    assert Outcome.objects.get(pk=outcome.pk).heading == "Outcome heading 1"
    assert Milestone.objects.filter(pk=milestone.pk).exists()
