"""Every page of the emg app costs no more SQL queries with three times the data
(emg/tests/query_counts.py)."""

import pytest

from emg.tests.query_counts import assert_pages_cost_no_more_queries


@pytest.mark.django_db
def test_no_page_costs_more_queries_with_three_times_the_data(
    private_files, django_assert_max_num_queries
):
    assert_pages_cost_no_more_queries("emg", django_assert_max_num_queries)
