"""Importing progress reports: edited editions of the SOM 26 mid-term report (a task more or
fewer, another meeting, bodies written another way) and all five seed documents together."""

import datetime

import pytest

from emg.importing import import_path
from emg.models import Document
from mandates.matching import find_mandate, read_body_name
from mandates.models import Mandate, MandateAlias
from progress.models import Task, Update, UpdateItem
from progress.tests.legacy_reports import (
    ITEM_COUNT,
    SAMPLES,
    TASK_COUNT,
    C,
    N,
    O,
    import_text,
    replace_once,
    seed_text,
    statuses,
    tasks_of,
    the_round,
)

EXTRA_ROW = (
    "<p>Invite the Coalition to report to the next meeting.</p>\t"
    "<p>Not yet started.</p>\t<p>A report will be prepared.</p>\n"
)


def with_extra_e_waste_task(text: str) -> str:
    row = next(line for line in text.split("\n") if line.startswith("<p>Decide to extend"))
    return replace_once(text, row + "\n", row + "\n" + EXTRA_ROW)


def test_a_report_with_one_more_task_in_a_body_imports_it_in_place(imported):
    result = import_text(with_extra_e_waste_task(seed_text()))

    assert result.ok, result.problem
    tasks = tasks_of(the_round())
    assert len(tasks) == TASK_COUNT + 1
    e_waste = [t for t in tasks if t.mandate.name == "E-waste Coalition"]
    assert [t.order for t in e_waste] == [6, 7]
    assert e_waste[1].text == "Invite the Coalition to report to the next meeting."
    assert statuses(e_waste[1]) == [N]
    assert e_waste[1].update.next_steps == "A report will be prepared."
    assert tasks[7].text.startswith("Invite the Coalition to finalize its Strategy")
    assert Mandate.objects.count() == 9


def _tasks_by_text():
    return {
        task.text: (task.pk, task.update.pk, [(i.status, i.text) for i in task.update.items.all()])
        for task in Task.objects.select_related("update")
    }


def test_an_inserted_task_is_one_new_task_and_the_others_keep_their_updates(imported):
    before = _tasks_by_text()

    result = import_text(with_extra_e_waste_task(seed_text()))

    assert result.ok, result.problem
    assert result.summary.created[Task] == 1
    assert result.summary.created[Update] == 1
    assert result.summary.updated[Update] == 0
    assert result.summary.updated[UpdateItem] == 0
    assert result.summary.deleted[Task] == 0
    after = _tasks_by_text()
    assert {text: after[text] for text in before} == before
    assert result.summary.updated[Task] == TASK_COUNT - 6  # the tasks after it move down one


def test_a_task_reworded_a_little_keeps_its_record_and_update(imported):
    task = Task.objects.get(text__startswith="Raise awareness and")
    text = replace_once(
        seed_text(), "Raise awareness and facilitate", "Raise awareness of and facilitate"
    )

    result = import_text(text)

    assert result.ok, result.problem
    reworded = Task.objects.get(pk=task.pk)
    assert reworded.text.startswith("Raise awareness of and facilitate")
    assert reworded.update.pk == task.update.pk
    assert result.summary.updated[Task] == 1
    assert result.summary.created[Task] == result.summary.deleted[Task] == 0


def test_a_report_with_one_task_fewer_drops_it_on_reimport(imported):
    text = seed_text()
    row = next(line for line in text.split("\n") if line.startswith("Raise awareness and"))
    result = import_text(replace_once(text, row + "\n", ""))

    assert result.ok, result.problem
    assert result.summary.deleted[Task] == 1
    tasks = tasks_of(the_round())
    assert len(tasks) == TASK_COUNT - 1
    assert not any(t.text.startswith("Raise awareness and") for t in tasks)
    assert [t.order for t in tasks] == list(range(1, TASK_COUNT))
    assert Update.objects.count() == TASK_COUNT - 1


def test_one_more_status_item_in_a_cell_is_one_more_item(imported):
    text = replace_once(
        seed_text(),
        "<p>Ongoing</p>",
        "<p>Ongoing</p> <p>Completed: A first report was shared in March.</p>",
    )

    result = import_text(text)

    assert result.ok, result.problem
    task = Task.objects.get(text__startswith="Invite reviewed agencies")
    assert statuses(task) == [O, C]
    assert task.update.items.get(order=2).text == "A first report was shared in March."
    assert UpdateItem.objects.count() == ITEM_COUNT + 1


def test_a_report_for_another_meeting_is_a_round_of_its_own(imported):
    text = seed_text().replace("26th Senior Officials", "27th Senior Officials")
    for old, new in [
        ("EMG SOM26/mid-term/03", "EMG SOM27/mid-term/02"),
        ("29 April 2020", "5 May 2021"),
    ]:
        text = replace_once(text, old, new)

    result = import_text(text, name="progress-report-som27.txt")

    assert result.ok, result.problem
    later = the_round(27)
    assert later.session.date == datetime.date(2021, 5, 5)
    assert "27th" in later.title
    assert len(tasks_of(later)) == TASK_COUNT
    assert len(tasks_of(the_round(26))) == TASK_COUNT
    assert Document.objects.get(symbol="EMG SOM27/mid-term/02").source == later
    assert Mandate.objects.count() == 9  # the same bodies report again


def test_a_body_heading_written_another_way_is_the_same_mandate(imported):
    img = Task.objects.get(text__startswith="Request the IMG to continue").mandate
    text = replace_once(
        seed_text(),
        "b. The IMG on Environmental Sustainability Management in the United Nations system",
        "**b) Issue Management Group on Environmental Sustainability Management**",
    )

    result = import_text(text)

    assert result.ok, result.problem
    assert Task.objects.get(text__startswith="Request the IMG to continue").mandate == img
    assert Mandate.objects.count() == 9
    assert MandateAlias.objects.filter(
        mandate=img, name="Issue Management Group on Environmental Sustainability Management"
    ).exists()


def test_a_fresh_report_with_renamed_bodies_and_letters_in_brackets_imports(db):
    text = seed_text()
    for old, new in [
        ("a) Consultative Process on Biodiversity", "(a) Consultative process on biodiversity"),
        ("b) The E-waste Coalition", "(b) UN E-Waste Coalition"),
        ("Tasks\tProgress\tNext steps", "TASKS\tPROGRESS\tNEXT STEPS"),
    ]:
        text = text.replace(old, new, 1)

    result = import_text(text)

    assert result.ok, result.problem
    tasks = tasks_of(the_round())
    assert len(tasks) == TASK_COUNT
    assert tasks[0].mandate.kind == Mandate.Kind.CONSULTATIVE_PROCESS
    assert tasks[5].mandate.kind == Mandate.Kind.COALITION


def test_a_header_row_repeated_after_a_page_break_is_not_a_task(db):
    text = seed_text()
    row = next(line for line in text.split("\n") if line.startswith("Raise awareness and"))
    text = replace_once(text, row + "\n", row + "\n\n---\t---\t---\nTasks\tProgress\tNext steps\n")

    result = import_text(text)

    assert result.ok, result.problem
    assert len(tasks_of(the_round())) == TASK_COUNT
    assert not Task.objects.filter(text__iexact="Tasks").exists()


def test_an_unknown_word_inside_a_cell_with_a_status_stays_text_of_its_item(db):
    text = replace_once(
        seed_text(),
        "<p>Ongoing</p>",
        "<p>Ongoing</p> <p>Delayed: the report is due in June.</p>",
    )

    result = import_text(text)

    assert result.ok, result.problem
    item = Task.objects.get(text__startswith="Invite reviewed agencies").update.items.get()
    assert (item.status, item.text) == (O, "Delayed: the report is due in June.")


def test_closing_prose_after_the_last_table_is_left_out(db):
    text = seed_text().rstrip("\n") + (
        "\n\nThe Senior Officials are invited to take note of the progress made.\n"
    )

    result = import_text(text)

    assert result.ok, result.problem
    assert len(tasks_of(the_round())) == TASK_COUNT


def other_names_of_the_same_body(mandate: Mandate) -> list[Mandate]:
    return [
        other
        for other in Mandate.objects.exclude(pk=mandate.pk)
        if find_mandate(read_body_name(other.name), [mandate]) is not None
    ]


@pytest.mark.parametrize("reverse", [False, True], ids=["sorted", "reversed"])
@pytest.mark.django_db
def test_all_five_seeds_give_one_mandate_per_body_in_either_order(reverse):
    paths = sorted(SAMPLES.glob("*.txt"), reverse=reverse)
    assert len(paths) == 5

    results = [import_path(path) for path in paths]

    assert [r.problem for r in results if not r.ok] == []
    mandates = {task.mandate for task in tasks_of(the_round())}
    assert len(mandates) == 9
    for mandate in mandates:
        assert other_names_of_the_same_body(mandate) == [], mandate.name
    assert len(tasks_of(the_round())) == TASK_COUNT
