"""The indexes the mandates app's pages rely on."""

from mandates.models import Mandate


def test_the_database_has_the_index_mandate_name(index_columns):
    # The list pages mandates in name order.
    assert index_columns(Mandate, "mandate_name_idx") == ["name"]
