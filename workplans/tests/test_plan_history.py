"""The history of a plan and of each of its items: links to it, who changed what and when, items
deleted since, and its queries."""

import pytest
from django.urls import reverse

from workplans import services
from workplans.models import Activity, Outcome
from workplans.tests.pages import page_of, plan_page, queries_for, text_of
from workplans.tests.plan_builder import make_plan, quarters

pytestmark = pytest.mark.django_db


def test_the_plan_links_to_its_revisions_and_downloads(client_as, senior_official):
    plan = make_plan(1, outcomes=1)

    page = plan_page(client_as(senior_official), plan)

    for name in ("revisions", "export_docx", "export_xlsx", "export_csv", "history"):
        assert f'href="{reverse(f"workplans:{name}", args=[plan.pk])}"' in page


def test_each_item_links_to_its_history(client_as, focal_point):
    plan = make_plan(1, outcomes=1)
    activity = Activity.objects.get(outcome__work_plan=plan)
    milestone = activity.milestones.get(parent=None, order=1)

    page = plan_page(client_as(focal_point), plan)

    for url in (
        reverse("workplans:history", args=[plan.pk]),
        reverse("workplans:outcome_history", args=[activity.outcome_id]),
        reverse("workplans:activity_history", args=[activity.pk]),
        reverse("workplans:milestone_history", args=[milestone.pk]),
    ):
        assert f'href="{url}"' in page


def test_an_items_history_says_who_changed_what_and_when(client_as, secretariat, focal_point):
    plan = make_plan(1, outcomes=1)
    activity = Activity.objects.get(outcome__work_plan=plan)
    services.activity_update(
        activity=activity,
        version=1,
        outcome=activity.outcome,
        title="Issue Management Group on Biodiversity",
        description=activity.description,
        mandate=activity.mandate,
        schedule=quarters(2022, 3),
        user=secretariat,
    )

    words = text_of(
        page_of(client_as(focal_point), reverse("workplans:activity_history", args=[activity.pk]))
    )

    assert "History of activity “Issue Management Group on Biodiversity”" in words
    assert "Activity changed: Issue Management Group on Biodiversity" in words
    assert str(secretariat) in words
    assert "Title Activity 1.1 Issue Management Group on Biodiversity" in words
    assert "Schedule ends 2022-09-30 2022-09-30" not in words
    assert "Milestone created" in words  # its milestones are part of its history


def test_the_plans_history_keeps_items_deleted_since(client_as, secretariat):
    plan = make_plan(1, outcomes=2)
    outcome = plan.outcomes.get(order=2)
    services.outcome_delete(outcome=outcome, user=secretariat)

    words = text_of(page_of(client_as(secretariat), reverse("workplans:history", args=[plan.pk])))

    assert "Expected outcome deleted" in words
    assert "Activity deleted: Activity 2.1" in words
    assert "Milestone deleted: Milestone 2.1.a" in words


def test_history_pages_cost_the_same_queries_for_ten_times_the_changes(client_as, secretariat):
    plan = make_plan(1, outcomes=1)
    outcome = Outcome.objects.get(work_plan=plan)
    client = client_as(secretariat)
    url = reverse("workplans:outcome_history", args=[outcome.pk])
    client.get(url)
    few = queries_for(client, url)
    for version in range(1, 11):
        services.outcome_update(
            outcome=outcome,
            version=version,
            heading=f"Heading {version}",
            statement="",
            user=secretariat,
        )

    assert queries_for(client, url) == few
