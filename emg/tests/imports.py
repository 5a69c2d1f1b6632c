"""What the tests of every app's importer share: the history the imports write, and importing the
same document a second time."""

from collections.abc import Callable

from django.apps import apps

from emg.importing import Result


def history_rows() -> int:
    """How many changes the history of every model holds."""
    return sum(
        model.objects.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    )


def check_a_second_import_changes_nothing(import_once: Callable[[], Result]) -> None:
    """Call ``import_once`` twice: the second import finds nothing to change, and no history is
    written for it."""
    import_once()
    rows = history_rows()

    again = import_once()

    assert again.ok, again.problem
    assert str(again.summary).startswith("nothing to change")
    assert not (again.summary.created or again.summary.updated or again.summary.deleted)
    assert history_rows() == rows
