"""Every page of the progress app costs no more SQL queries with three times the data
(emg/tests/query_counts.py)."""

import pytest
from django.db import connection

from emg.tests.query_counts import assert_pages_cost_no_more_queries
from progress.models import Update


@pytest.mark.django_db
def test_no_page_costs_more_queries_with_three_times_the_data(
    private_files, django_assert_max_num_queries
):
    assert_pages_cost_no_more_queries("progress", django_assert_max_num_queries)


@pytest.mark.django_db
def test_the_database_has_the_index_update_state():
    # Updates awaiting review are counted across rounds.
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Update._meta.db_table)

    assert constraints["update_state_idx"]["index"]
    assert constraints["update_state_idx"]["columns"] == ["state"]
