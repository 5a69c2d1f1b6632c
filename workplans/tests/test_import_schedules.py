"""Schedules as plans write them besides months and quarters: a half year, a whole year, a
deadline, ongoing work; and a plan for a single year."""

import pytest
from django.core.management import call_command

from workplans.tests.importing import line_of, load, nothing_saved, plan_for, refused
from workplans.tests.plan_builder import activities_of

ONE_YEAR_PLAN = (
    "ENVIRONMENT MANAGEMENT GROUP\n"
    "\n"
    "Environment Management Group work plan 2019\n"
    "\n"
    "Introduction\n"
    "\n"
    "This note presents the work of the Environment Management Group for the year.\n"
    "\n"
    "Expected outcome\tActivities\tTimeline\n"
    "A. Sustainability management\t1. Greening the Blue report\tBy December 2019\n"
    "\t2. Environmental and social safeguards\tH2 2019\n"
    "B. Outreach\t3. Newsletter of the group\tOngoing\n"
    "\t4. Nexus dialogue on sand and dust\tThroughout 2019\n"
    "\t5. Assessment of chemicals\tby end of 2019\n"
    "\t6. Member survey\tH1 2019\n"
)


@pytest.mark.django_db
def test_a_one_year_plan_imports_with_its_schedules_read_against_its_year():
    load(ONE_YEAR_PLAN)

    plan = plan_for(2019)
    assert (plan.period_start, plan.period_end) == (2019, 2019)
    schedules = {a.title: str(a.schedule) for a in activities_of(plan)}
    assert schedules == {
        "Greening the Blue report": "January – December 2019",
        "Environmental and social safeguards": "Q3/Q4 2019",
        "Newsletter of the group": "January – December 2019",
        "Nexus dialogue on sand and dust": "January – December 2019",
        "Assessment of chemicals": "January – December 2019",
        "Member survey": "Q1/Q2 2019",
    }
    assert all(plan.within_period(a.schedule) for a in activities_of(plan))


@pytest.mark.django_db
def test_a_deadline_in_a_two_year_plan_runs_from_the_plans_first_month():
    text = (
        ONE_YEAR_PLAN.replace("work plan 2019", "work plan 2024-2025")
        .replace("By December 2019", "By December 2025")
        .replace("Ongoing", "Continuous")
    )

    load(text)

    plan = plan_for(2024)
    schedules = {a.title: str(a.schedule) for a in activities_of(plan)}
    assert schedules["Greening the Blue report"] == "January 2024 – December 2025"
    assert schedules["Newsletter of the group"] == "January 2024 – December 2025"


@pytest.mark.django_db
def test_a_schedule_without_a_date_imports_the_activity_unscheduled_with_a_warning():
    text = ONE_YEAR_PLAN.replace("H1 2019", "When funds allow")

    result = load(text)

    schedules = {a.title: a.schedule for a in activities_of(plan_for(2019))}
    assert schedules["Member survey"] is None
    assert str(schedules["Environmental and social safeguards"]) == "Q3/Q4 2019"
    (warning,) = result.summary.warnings
    assert warning.line == line_of(text, "6. Member survey")
    assert "'When funds allow'" in warning.message
    assert "unscheduled" in warning.message


@pytest.mark.django_db
def test_the_import_command_says_the_warning_with_its_line(tmp_path, capsys):
    text = ONE_YEAR_PLAN.replace("H1 2019", "When funds allow")
    path = tmp_path / "plan-2019.txt"
    path.write_text(text, encoding="utf-8")

    call_command("import_documents", str(path))

    out = capsys.readouterr().out
    line = line_of(text, "6. Member survey")
    assert f"{path}: warning: line {line}: the schedule 'When funds allow' names no month" in out


@pytest.mark.django_db
def test_a_schedule_that_cannot_be_read_still_refuses_the_plan():
    text = ONE_YEAR_PLAN.replace("H1 2019", "Q7 2019")

    problem = refused(text)

    assert problem.line == line_of(text, "6. Member survey")
    assert nothing_saved()
