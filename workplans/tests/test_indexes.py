"""The indexes the workplans app's pages rely on."""

import pytest
from django.db import connection

from workplans.models import WorkPlan


@pytest.mark.django_db
def test_the_database_has_the_index_work_plan_newest_first():
    # The list shows the newest biennium first.
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, WorkPlan._meta.db_table)

    assert constraints["work_plan_newest_first_idx"]["index"]
    assert constraints["work_plan_newest_first_idx"]["columns"] == ["period_start", "title"]
