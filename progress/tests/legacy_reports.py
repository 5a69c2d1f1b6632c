"""The legacy progress reports the import tests read (sample_data/), what they were counted to
hold, and small helpers to edit, import and read them back."""

from pathlib import Path

from emg.importing import Source, import_source
from emg.models import Document, Meeting, Session
from mandates.models import Mandate
from progress.models import ReportingRound, Status, Task, Update

SAMPLES = Path(__file__).resolve().parents[2] / "sample_data"
REPORT = "progress-report-som26-mid-term.txt"
SEEDS = sorted(SAMPLES.glob("*.txt"))

C, O, P, N = Status.COMPLETED, Status.ONGOING, Status.ONGOING_POSTPONED, Status.NOT_STARTED  # noqa: E741

TASK_COUNT = 22  # 8 in section I, 10 in II, 4 in III
ITEM_COUNT = 30  # the IMG on Environmental Sustainability Management reports 11 of them


def seed_text(name: str = REPORT) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def import_text(text: str, name: str = REPORT):
    result = import_source(Source(name, text))
    return result


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of ``text`` where ``fragment`` first appears."""
    for number, line in enumerate(text.split("\n"), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} is not in the text")


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} appears {text.count(old)} times"
    return text.replace(old, new)


def nothing_saved() -> bool:
    return not any(
        model.objects.exists()
        for model in (Meeting, Session, ReportingRound, Task, Update, Document, Mandate)
    )


def the_round(number: int = 26) -> ReportingRound:
    return ReportingRound.objects.get(meeting__number=number)


def tasks_of(report_round: ReportingRound) -> list[Task]:
    return list(report_round.tasks.select_related("section", "mandate", "update").order_by("order"))


def statuses(task: Task) -> list[str]:
    return [item.status for item in task.update.items.order_by("order")]
