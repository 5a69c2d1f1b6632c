"""The indexes the workplans app's pages rely on."""

from workplans.models import WorkPlan


def test_the_database_has_the_index_work_plan_newest_first(index_columns):
    # The list shows the newest biennium first.
    assert index_columns(WorkPlan, "work_plan_newest_first_idx") == ["period_start", "title"]
