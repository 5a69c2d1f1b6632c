"""The indexes the progress app's pages rely on."""

from progress.models import Update


def test_the_database_has_the_index_update_state(index_columns):
    # Updates awaiting review are counted across rounds.
    assert index_columns(Update, "update_state_idx") == ["state"]
