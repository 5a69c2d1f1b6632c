"""The editor's forms and answers cost as many queries for a plan ten times larger."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mandates.tests.factories import MandateFactory
from workplans.models import Activity, Milestone
from workplans.tests.editing import HTMX, activity_data
from workplans.tests.plan_builder import make_plan

pytestmark = pytest.mark.django_db


# Query counts


def count_queries(client, method, url, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {}, headers=HTMX)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def editor_requests(plan) -> list:
    outcome = plan.outcomes.order_by("order").first()
    activity = outcome.activities.order_by("order").first()
    milestone = activity.milestones.get(parent=None, order=1)
    return [
        ("get", reverse("workplans:activity_edit", args=[activity.pk]), None),
        ("get", reverse("workplans:milestone_edit", args=[milestone.pk]), None),
        ("get", reverse("workplans:outcome_edit", args=[outcome.pk]), None),
        ("get", reverse("workplans:activity_delete", args=[activity.pk]), None),
        ("get", reverse("workplans:mandate_options"), {"q": "Topic"}),
        ("post", reverse("workplans:activity_move", args=[activity.pk]), {"direction": "down"}),
        ("post", reverse("workplans:activity_move", args=[activity.pk]), {"direction": "up"}),
        (
            "post",
            reverse("workplans:activity_edit", args=[activity.pk]),
            lambda: activity_data(Activity.objects.get(pk=activity.pk), title="Renamed"),
        ),
        (
            "post",
            reverse("workplans:milestone_edit", args=[milestone.pk]),
            lambda: {
                "version": Milestone.objects.get(pk=milestone.pk).version,
                "text": "Renamed",
                "start_period": "quarter-2",
                "start_year": 2022,
            },
        ),
        (
            "post",
            reverse("workplans:activity_order", args=[outcome.pk]),
            lambda: {
                "item": list(outcome.activities.order_by("-order").values_list("pk", flat=True))
            },
        ),
        ("get", reverse("workplans:detail", args=[plan.pk]), None),
    ]


def test_editor_answers_cost_as_many_queries_for_ten_times_the_plan(editor):
    small = make_plan(2, outcomes=1, period=(2021, 2022))  # 2 activities, 6 milestones
    large = make_plan(5, outcomes=4, period=(2023, 2024))  # 20 activities, 60 milestones
    MandateFactory.create_batch(9)
    editor.get(reverse("workplans:detail", args=[small.pk]))

    def costs(plan):
        return [
            count_queries(editor, method, url, data() if callable(data) else data)
            for method, url, data in editor_requests(plan)
        ]

    assert costs(large) == costs(small)
