"""Progress reports read from Word files: the workspace's compiled report (written and imported
back to the same records) and a report laid out in Word by hand, with numbered headings and a
task's cell merged down over the rows of its progress."""

import pytest

from emg.models import Document
from emg.tests.word_files import (
    WordFile,
    differences,
    document_values,
    import_sample,
    import_word,
    round_trip,
    values,
)
from progress.models import ReportingRound, Status, Task

REPORT_SAMPLE = "progress-report-som26-mid-term.txt"


def report_records() -> dict:
    report_round = ReportingRound.objects.get()
    session = report_round.session
    return {
        "round": values(report_round, "title", "meeting", "opens_on", "deadline", "state"),
        "session": values(session, "segment", "date", "online", "online_platform"),
        "sections": [
            {
                **values(section, "order", "title"),
                "tasks": [
                    {
                        **values(task, "order", "mandate", "text"),
                        "update": values(task.update, "state", "next_steps"),
                        "items": [
                            values(item, "order", "status", "text", "target_date")
                            for item in task.update.items.order_by("order")
                        ],
                    }
                    for task in section.tasks.order_by("order")
                ],
            }
            for section in report_round.sections.order_by("order")
        ],
        "document": document_values(Document.objects.get(kind=Document.Kind.PROGRESS_REPORT)),
    }


@pytest.mark.django_db
def test_a_progress_report_written_as_word_imports_back_to_the_same_records():
    def make():
        import_sample(REPORT_SAMPLE)
        return Document.objects.get(kind=Document.Kind.PROGRESS_REPORT)

    before, after, result = round_trip(make, report_records)

    assert result.kind == "progress report"
    tasks = [task for section in before["sections"] for task in section["tasks"]]
    assert len(tasks) == 22
    assert sum(len(task["items"]) for task in tasks) == 30
    assert differences(before, after) == []


@pytest.mark.django_db
def test_a_progress_report_laid_out_with_numbered_headings_and_merged_cells_imports():
    word = WordFile()
    word.paragraph("UNITED NATIONS")
    word.paragraph("ENVIRONMENT MANAGEMENT GROUP")
    word.paragraph(
        "Mid-term technical segment of the 28th Senior Officials Meeting of the Environment "
        "Management Group"
    )
    word.paragraph("3 May 2022")
    word.paragraph("EMG/SOM.28/mid-term/2")
    word.paragraph("Mid-Term Progress Report", style="Title")
    word.paragraph("Note by the Secretariat")
    word.item("Collaboration on global environmental issues", kind="roman", style="Heading 1")
    word.item("Issue Management Group on Biodiversity", kind="roman", level=1, style="Heading 2")
    table = word.table(
        [
            ["Tasks", "Progress", "Next steps"],
            [
                "Prepare the common approach.",
                ["Completed: The approach was endorsed.", "Ongoing: Translations."],
                "Publish it.",
            ],
            ["Map the members' work.", "Not yet started.", ""],
        ],
        columns=3,
    )
    # Merged down: the task's cell spans the row below, whose progress carries on.
    word.item("Task Team on Marine Litter", kind="roman", level=1, style="Heading 2")
    table = word.table(
        [
            ["Tasks", "Progress", "Next steps"],
            ["Present the results of the mapping.", "Ongoing: Drafting.", "Share the draft."],
            ["", "Completed: Webinar held in March.", ""],
        ],
        columns=3,
    )
    table.cell(1, 0).merge(table.cell(2, 0))
    data = word.bytes()

    result = import_word("progress-report.docx", data)

    assert result.ok, result.problem
    report_round = ReportingRound.objects.get()
    assert report_round.meeting.number == 28
    assert [s.title for s in report_round.sections.all()] == [
        "Collaboration on global environmental issues"
    ]
    tasks = list(Task.objects.filter(round=report_round).order_by("order"))
    assert [(t.mandate.name, t.text) for t in tasks] == [
        ("Issue Management Group on Biodiversity", "Prepare the common approach."),
        ("Issue Management Group on Biodiversity", "Map the members' work."),
        ("Task Team on Marine Litter", "Present the results of the mapping."),
    ]
    items = [
        [(item.status, item.text) for item in task.update.items.order_by("order")] for task in tasks
    ]
    assert items == [
        [(Status.COMPLETED, "The approach was endorsed."), (Status.ONGOING, "Translations.")],
        [(Status.NOT_STARTED, "")],
        [(Status.ONGOING, "Drafting."), (Status.COMPLETED, "Webinar held in March.")],
    ]
    assert tasks[0].update.next_steps == "Publish it."
