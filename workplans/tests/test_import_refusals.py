"""Work plan documents the importer cannot read: refused at the line that shows why, with nothing
saved."""

import pytest

from workplans.models import Footnote, Outcome
from workplans.tests.importing import line_of, nothing_saved, refused, row_of, seed
from workplans.tests.plan_builder import PLAN_2014, PLAN_2021, SAMPLES


@pytest.mark.django_db
def test_a_table_row_cut_in_half_is_refused_at_its_line():
    text = seed(PLAN_2021).replace(
        "Biodiversity.- Source, develop", "Biodiversity.- Source,\ndevelop"
    )

    problem = refused(text)

    assert problem.line == line_of(text, "- Source,\n")
    assert "cells where the table has 3 columns" in problem.message
    assert nothing_saved()


@pytest.mark.django_db
def test_a_paragraph_cut_out_of_its_row_is_refused_at_its_line():
    text = seed(PLAN_2014).replace(
        "IMG on biodiversity Further the", "IMG on biodiversity\nFurther the"
    )

    problem = refused(text)

    assert problem.line == line_of(text, "Further the cooperation")
    assert "outside its rows" in problem.message
    assert nothing_saved()


@pytest.mark.django_db
def test_a_table_without_its_header_row_is_refused_at_its_first_row():
    text = seed(PLAN_2021).replace("Expected outcome\tActivities\tSchedule\n", "", 1)

    problem = refused(text)

    assert problem.line == line_of(text, "I. Enhanced coherence in programming\t1.")
    assert "before the table's header row" in problem.message
    assert nothing_saved()


@pytest.mark.django_db
def test_milestones_without_their_activity_row_are_refused():
    text = seed(PLAN_2021)
    text = text.replace(row_of(text, "I. Enhanced coherence in programming\t1. Issue"), "")

    problem = refused(text)

    assert problem.line == line_of(text, "\t<ul style")
    assert "belongs to no activity" in problem.message
    assert nothing_saved()


@pytest.mark.django_db
def test_a_schedule_that_cannot_be_read_is_refused_at_its_row():
    text = seed(PLAN_2021).replace("\tOctober 2021- June 2022", "\tOctobre 2021- June 2022")

    problem = refused(text)

    assert problem.line == line_of(text, "Octobre 2021")
    assert "Octobre 2021- June 2022" in problem.message
    assert nothing_saved()


@pytest.mark.django_db
def test_more_schedules_than_milestones_in_a_row_is_refused():
    text = seed(PLAN_2021).replace(
        "February 2022 October 2021 - September 2022 January - September 2022",
        "February 2022 October 2021 - September 2022",
    )

    problem = refused(text)

    assert problem.line == line_of(text, "February 2022 October 2021")
    assert "2 schedules for 3 milestones" in problem.message
    assert nothing_saved()


@pytest.mark.django_db
def test_a_plan_without_its_years_is_refused_at_its_title():
    text = seed(PLAN_2021).replace("2021- 2022", "").replace("2021-2022", "the biennium")

    problem = refused(text)

    assert problem.line == line_of(text, "Environment Management Group work plan")
    assert "period" in problem.message
    assert nothing_saved()


@pytest.mark.django_db
def test_a_work_plan_without_a_table_is_refused():
    text = "Environment Management Group work plan 2030-2031\n\nIntroduction\n\nA plan.\n"

    problem = refused(text)

    assert "no table of activities" in problem.message
    assert problem.line == 6
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
