"""Every page of the workplans app costs no more SQL queries with three times the data
(emg/tests/query_counts.py)."""

import pytest
from django.db import connection

from emg.tests.query_counts import assert_pages_cost_no_more_queries
from workplans.models import WorkPlan


@pytest.mark.django_db
def test_no_page_costs_more_queries_with_three_times_the_data(
    private_files, django_assert_max_num_queries
):
    assert_pages_cost_no_more_queries("workplans", django_assert_max_num_queries)


@pytest.mark.django_db
def test_the_database_has_the_index_work_plan_newest_first():
    # The list shows the newest biennium first.
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, WorkPlan._meta.db_table)

    assert constraints["work_plan_newest_first_idx"]["index"]
    assert constraints["work_plan_newest_first_idx"]["columns"] == ["period_start", "title"]
