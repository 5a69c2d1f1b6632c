"""Work plan documents the importer cannot read: refused at the line that shows why, with nothing
saved."""

import pytest

from workplans.models import Footnote, Outcome
from workplans.tests.importing import line_of, nothing_saved, refused, row_of, seed
from workplans.tests.plan_builder import PLAN_2014, PLAN_2021, SAMPLES


def without_first_activity_row(text):
    return text.replace(row_of(text, "I. Enhanced coherence in programming\t1. Issue"), "")


# A sample plan (``plan``), changed (``change``): refused at the line where ``at`` stands, with a
# message that says ``why``.
UNREADABLE = [
    pytest.param(
        PLAN_2021,
        lambda text: text.replace(
            "Biodiversity.- Source, develop", "Biodiversity.- Source,\ndevelop"
        ),
        "- Source,\n",
        "cells where the table has 3 columns",
        id="a table row cut in half",
    ),
    pytest.param(
        PLAN_2014,
        lambda text: text.replace(
            "IMG on biodiversity Further the", "IMG on biodiversity\nFurther the"
        ),
        "Further the cooperation",
        "outside its rows",
        id="a paragraph cut out of its row",
    ),
    pytest.param(
        PLAN_2021,
        lambda text: text.replace("Expected outcome\tActivities\tSchedule\n", "", 1),
        "I. Enhanced coherence in programming\t1.",
        "before the table's header row",
        id="a table without its header row, at its first row",
    ),
    pytest.param(
        PLAN_2021,
        without_first_activity_row,
        "\t<ul style",
        "belongs to no activity",
        id="milestones without their activity row",
    ),
    pytest.param(
        PLAN_2021,
        lambda text: text.replace("\tOctober 2021- June 2022", "\tOctobre 2021- June 2022"),
        "Octobre 2021",
        "Octobre 2021- June 2022",
        id="a schedule that cannot be read",
    ),
    pytest.param(
        PLAN_2021,
        lambda text: text.replace(
            "February 2022 October 2021 - September 2022 January - September 2022",
            "February 2022 October 2021 - September 2022",
        ),
        "February 2022 October 2021",
        "2 schedules for 3 milestones",
        id="more schedules than milestones in a row",
    ),
    pytest.param(
        PLAN_2021,
        lambda text: text.replace("2021- 2022", "").replace("2021-2022", "the biennium"),
        "Environment Management Group work plan",
        "period",
        id="a plan without its years, at its title",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("plan", "change", "at", "why"), UNREADABLE)
def test_a_plan_the_importer_cannot_read_is_refused_at_the_line_that_shows_why(
    plan, change, at, why
):
    text = change(seed(plan))

    problem = refused(text)

    assert problem.line == line_of(text, at)
    assert why in problem.message
    assert nothing_saved()


@pytest.mark.django_db
def test_a_document_that_only_mentions_a_work_plan_is_not_a_kind_the_importer_knows():
    # Minutes of a meeting named "work-plan-….txt": "work plan" in its first lines, no table.
    text = (
        "Minutes of the meeting on the work plan 2030-2031\n\nIntroduction\n\n"
        "The members discussed the draft work plan.\n"
    )

    problem = refused(text, name="work-plan-2030-2031.txt")

    assert "not a kind of document the importer knows" in problem.message
    assert "no table of activities" not in problem.message
    # It says what it looked for, kind by kind.
    assert "work plan (a table with the columns Expected outcomes and Activities)" in (
        problem.message
    )
    assert "progress report (" in problem.message
    assert problem.line == 1
    assert nothing_saved()


@pytest.mark.django_db
def test_a_garbage_file_is_not_taken_for_a_work_plan():
    problem = refused("%PDF-1.4\n\x7f\x03 garbage \t\t\n###\n")

    assert problem.line == 1
    assert "not a kind of document the importer knows" in problem.message
    assert nothing_saved()


@pytest.mark.django_db
def test_the_import_command_reports_a_plan_it_reads(tmp_path, capsys):
    from django.core.management import call_command

    call_command("import_documents", str(SAMPLES / PLAN_2021))

    out, _ = capsys.readouterr()
    assert f"{SAMPLES / PLAN_2021}: work plan: created" in out
    assert Footnote.objects.count() == 1
    assert Outcome.objects.count() == 3
