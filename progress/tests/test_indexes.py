"""The indexes the progress app's pages rely on."""

import pytest
from django.db import connection

from progress.models import Update


@pytest.mark.django_db
def test_the_database_has_the_index_update_state():
    # Updates awaiting review are counted across rounds.
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Update._meta.db_table)

    assert constraints["update_state_idx"]["index"]
    assert constraints["update_state_idx"]["columns"] == ["state"]
