"""What the importer's tests share: the seed plans' texts, importing a text and expecting it read
or refused, and reading what it saved."""

from emg.importing import Source, import_source
from emg.models import Document, Meeting
from mandates.models import Mandate
from workplans.models import WorkPlan
from workplans.tests.plan_builder import SAMPLES


def seed(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def load(text: str, name: str = "plan.txt"):
    result = import_source(Source(name, text))
    assert result.ok, result.problem
    assert result.kind == "work plan"
    return result


def refused(text: str, name: str = "plan.txt"):
    result = import_source(Source(name, text))
    assert not result.ok
    return result.problem


def line_of(text: str, fragment: str) -> int:
    """The line number of ``fragment`` in a test's own edited text."""
    return text[: text.index(fragment)].count("\n") + 1


def nothing_saved():
    return not (
        WorkPlan.objects.exists()
        or Document.objects.exists()
        or Mandate.objects.exists()
        or Meeting.objects.exists()
    )


def plan_for(start: int) -> WorkPlan:
    return WorkPlan.objects.get(period_start=start)


def milestone_labels(rows, prefix=""):
    """Flatten ``numbered()`` milestone rows into (label path, text) pairs."""
    pairs = []
    for row in rows:
        label = prefix + row["label"]
        pairs.append((label, row["milestone"].text))
        pairs.extend(milestone_labels(row["children"], label))
    return pairs


def row_of(text: str, start: str) -> str:
    """The line of ``text`` (a table row) that starts with ``start``."""
    row = text[text.index(start) :]
    return row[: row.index("\n") + 1]
