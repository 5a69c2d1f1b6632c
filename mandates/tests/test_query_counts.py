"""Every page of the mandates app costs no more SQL queries with three times the data
(emg/tests/query_counts.py)."""

import pytest
from django.db import connection

from emg.tests.query_counts import assert_pages_cost_no_more_queries
from mandates.models import Mandate


@pytest.mark.django_db
def test_no_page_costs_more_queries_with_three_times_the_data(
    private_files, django_assert_max_num_queries
):
    assert_pages_cost_no_more_queries("mandates", django_assert_max_num_queries)


@pytest.mark.django_db
def test_the_database_has_the_index_mandate_name():
    # The list pages mandates in name order.
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Mandate._meta.db_table)

    assert constraints["mandate_name_idx"]["index"]
    assert constraints["mandate_name_idx"]["columns"] == ["name"]
