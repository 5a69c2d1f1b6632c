"""Every page of each app costs no more SQL queries with three times the data
(development/tests/query_counts.py)."""

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from development.scale import scale_data_generate
from development.tests.query_counts import assert_pages_cost_no_more_queries
from emg.models import Document
from workplans.models import WorkPlan


@pytest.mark.django_db
@pytest.mark.parametrize("app", ["emg", "mandates", "workplans", "progress"])
def test_no_page_costs_more_queries_with_three_times_the_data(
    app, private_files, django_assert_max_num_queries
):
    assert_pages_cost_no_more_queries(app, django_assert_max_num_queries)


@pytest.mark.django_db
def test_a_work_plans_printed_page_costs_no_more_queries_for_a_larger_plan(
    client_as, secretariat, django_assert_max_num_queries
):
    generated = scale_data_generate(factor=0.3, seed=4)
    plans = sorted(
        WorkPlan.objects.filter(pk__in=[p.pk for p in generated.work_plans]).annotate(
            size=Count("outcomes__activities__milestones")
        ),
        key=lambda plan: plan.size,
    )
    smallest, largest = plans[0], plans[-1]
    assert largest.size > smallest.size
    client = client_as(secretariat)

    def preview(plan):
        document = Document.objects.create(title=plan.title, kind="work_plan", source=plan)
        return reverse("documents:preview", kwargs={"pk": document.pk})

    small_url, large_url = preview(smallest), preview(largest)
    client.get(small_url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(small_url).status_code == 200
    with django_assert_max_num_queries(len(small)):
        assert client.get(large_url).status_code == 200
