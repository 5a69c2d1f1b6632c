"""The indexes the mandates app's pages rely on."""

import pytest
from django.db import connection

from mandates.models import Mandate


@pytest.mark.django_db
def test_the_database_has_the_index_mandate_name():
    # The list pages mandates in name order.
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Mandate._meta.db_table)

    assert constraints["mandate_name_idx"]["index"]
    assert constraints["mandate_name_idx"]["columns"] == ["name"]
