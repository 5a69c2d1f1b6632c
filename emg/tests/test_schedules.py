"""Schedules are read from and written back to the way UN work plans write them."""

import datetime

import pytest

from emg.schedules import (
    Period,
    Precision,
    Schedule,
    ScheduleSyntaxError,
    parse_schedules,
)
from workplans.models import Activity


def parse_schedule(text: str) -> Schedule:
    """The one schedule ``text`` writes."""
    schedules = parse_schedules(text)
    assert len(schedules) == 1, schedules
    return schedules[0]


MONTH, QUARTER = Precision.MONTH, Precision.QUARTER


def month(year, index):
    return Period(year, MONTH, index)


def quarter(year, index):
    return Period(year, QUARTER, index)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("October 2021 – September 2022", month(2021, 10), month(2022, 9)),
        ("February 2022", month(2022, 2), month(2022, 2)),
        ("Q1/Q2 2022", quarter(2022, 1), quarter(2022, 2)),
        ("Q3 2022", quarter(2022, 3), quarter(2022, 3)),
        ("January – September 2022", month(2022, 1), month(2022, 9)),
        ("September 2021 – Q2 2022", month(2021, 9), quarter(2022, 2)),
        ("Q4 2021 – Q1 2022", quarter(2021, 4), quarter(2022, 1)),
    ],
)
def test_a_schedule_is_read_and_written_back_as_un_documents_write_it(text, start, end):
    schedule = parse_schedule(text)

    assert (schedule.start, schedule.end) == (start, end)
    assert str(schedule) == text


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("October 2021- September 2022", "October 2021 – September 2022"),
        ("October 2021 - September 2022", "October 2021 – September 2022"),
        ("Oct 2021 to Sept. 2022", "October 2021 – September 2022"),
        ("January September 2022", "January – September 2022"),
        ("Q1-Q2 2022", "Q1/Q2 2022"),
        ("Q1 & Q2 2022", "Q1/Q2 2022"),
        ("October 2022 – December 2022", "October – December 2022"),
        ("Q1 – Q3 2022", "Q1 – Q3 2022"),
    ],
)
def test_variants_found_in_documents_are_written_back_the_one_way(text, written):
    assert str(parse_schedule(text)) == written


def test_a_month_without_a_year_takes_the_year_written_after_it():
    schedule = parse_schedule("January – September 2022")

    assert schedule.start == month(2022, 1)
    assert schedule.end == month(2022, 9)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("December – February 2022", month(2021, 12)),
        ("October – September 2022", month(2021, 10)),
        ("Q4 – Q1 2022", quarter(2021, 4)),
    ],
)
def test_a_yearless_start_that_would_follow_its_end_belongs_to_the_year_before(text, start):
    schedule = parse_schedule(text)

    assert schedule.start == start
    assert schedule.start.year == schedule.end.year - 1


def test_several_schedules_in_one_cell_are_read_in_order():
    schedules = parse_schedules("February 2022 October 2021 - September 2022 Q1/Q2 2022")

    assert [str(schedule) for schedule in schedules] == [
        "February 2022",
        "October 2021 – September 2022",
        "Q1/Q2 2022",
    ]


def test_a_cell_without_a_date_holds_no_schedule():
    assert parse_schedules("Ongoing") == []
    assert parse_schedules("") == []


@pytest.mark.parametrize(
    ("text", "start", "end", "written"),
    [
        ("H1 2023", quarter(2023, 1), quarter(2023, 2), "Q1/Q2 2023"),
        ("H2 2023", quarter(2023, 3), quarter(2023, 4), "Q3/Q4 2023"),
        ("Throughout 2023", month(2023, 1), month(2023, 12), "January – December 2023"),
        ("during 2024", month(2024, 1), month(2024, 12), "January – December 2024"),
    ],
)
def test_a_half_year_and_a_whole_year_are_the_periods_they_name(text, start, end, written):
    schedule = parse_schedule(text)

    assert (schedule.start, schedule.end) == (start, end)
    assert str(schedule) == written


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("By December 2023", month(2022, 1), month(2023, 12)),
        ("by end of 2023", month(2022, 1), month(2023, 12)),
        ("by the end of Q2 2023", quarter(2022, 1), quarter(2023, 2)),
        ("until March 2022", month(2022, 1), month(2022, 3)),
    ],
)
def test_a_deadline_runs_from_the_plans_start_to_the_date_due(text, start, end):
    schedule = parse_schedules(text, plan=(2022, 2023))[0]

    assert (schedule.start, schedule.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("by March 2022", "January – March 2022"),
        ("By December 2023", "January – December 2023"),
        ("by end of 2023", "January – December 2023"),
    ],
)
def test_a_deadline_without_a_plan_runs_from_the_start_of_its_year(text, written):
    assert str(parse_schedule(text)) == written


def test_a_deadline_before_the_plans_start_runs_from_the_start_of_its_own_year():
    schedule = parse_schedules("by June 2021", plan=(2022, 2023))[0]

    assert (schedule.start, schedule.end) == (month(2021, 1), month(2021, 6))


@pytest.mark.parametrize("word", ["Ongoing", "ongoing", "Continuous", "Continuing"])
def test_ongoing_work_runs_through_the_whole_plan(word):
    (schedule,) = parse_schedules(word, plan=(2019, 2019))

    assert (schedule.start, schedule.end) == (month(2019, 1), month(2019, 12))
    assert str(parse_schedules(word, plan=(2022, 2023))[0]) == "January 2022 – December 2023"


@pytest.mark.parametrize(
    "text", ["October 2022 – September 2021", "Q2/Q1 2022", "March 2022 – January 2022"]
)
def test_a_range_ending_before_it_starts_is_refused(text):
    with pytest.raises(ScheduleSyntaxError, match="cannot come before its start"):
        parse_schedules(text)


def test_a_schedule_ending_before_it_starts_cannot_be_made():
    with pytest.raises(ValueError, match="cannot come before its start"):
        Schedule(month(2022, 10), month(2022, 9))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2022", "a year with no month or quarter before it"),
        ("Summer 2022", "a year with no month or quarter before it"),
        ("January", "a month or quarter without a year"),
        ("November 2021 – January", "a month or quarter without a year"),
    ],
)
def test_malformed_input_raises_schedule_syntax_error(text, problem):
    with pytest.raises(ScheduleSyntaxError, match=problem):
        parse_schedules(text)


def test_schedule_syntax_error_is_a_value_error():
    assert issubclass(ScheduleSyntaxError, ValueError)


@pytest.mark.parametrize(
    ("precision", "index"), [(MONTH, 0), (MONTH, 13), (QUARTER, 0), (QUARTER, 5), ("week", 1)]
)
def test_a_period_that_does_not_exist_is_refused(precision, index):
    with pytest.raises(ValueError, match="no such period"):
        Period(2022, precision, index)


def test_a_period_knows_its_first_and_last_day():
    assert quarter(2024, 1).first_day == datetime.date(2024, 1, 1)
    assert quarter(2024, 1).last_day == datetime.date(2024, 3, 31)
    assert month(2024, 2).last_day == datetime.date(2024, 2, 29)
    assert month(2023, 2).last_day == datetime.date(2023, 2, 28)


@pytest.mark.parametrize(
    "text",
    ["October 2021 – September 2022", "February 2022", "Q1/Q2 2022", "September 2021 – Q2 2022"],
)
def test_a_schedule_survives_the_round_trip_through_stored_dates(text):
    schedule = parse_schedule(text)

    stored = Schedule.from_dates(
        schedule.start.first_day, schedule.start.precision,
        schedule.end.last_day, schedule.end.precision,
    )  # fmt: skip

    assert stored == schedule
    assert str(stored) == text


def test_from_dates_takes_the_period_that_contains_each_date():
    schedule = Schedule.from_dates(
        datetime.date(2022, 5, 17), QUARTER, datetime.date(2022, 9, 30), MONTH
    )

    assert schedule == Schedule(quarter(2022, 2), month(2022, 9))


def test_overlaps_uses_the_first_and_last_day():
    schedule = parse_schedule("Q1/Q2 2022")

    assert schedule.overlaps(datetime.date(2022, 6, 30), datetime.date(2022, 8, 1))
    assert not schedule.overlaps(datetime.date(2022, 7, 1), datetime.date(2022, 7, 31))
    assert schedule.overlaps(datetime.date(2021, 12, 1), datetime.date(2022, 1, 1))
    assert not schedule.overlaps(datetime.date(2022, 7, 1), datetime.date(2022, 12, 31))


def test_the_scheduled_mixin_stores_a_schedule_as_two_dates_and_precisions():
    activity = Activity()

    activity.schedule = parse_schedule("October 2021 – Q2 2022")

    assert activity.schedule_start == datetime.date(2021, 10, 1)
    assert activity.schedule_start_precision == MONTH
    assert activity.schedule_end == datetime.date(2022, 6, 30)
    assert activity.schedule_end_precision == QUARTER
    assert str(activity.schedule) == "October 2021 – Q2 2022"


def test_the_scheduled_mixin_without_a_schedule_stores_nothing():
    activity = Activity()
    activity.schedule = parse_schedule("February 2022")

    activity.schedule = None

    assert activity.schedule is None
    assert (activity.schedule_start, activity.schedule_end) == (None, None)
    assert (activity.schedule_start_precision, activity.schedule_end_precision) == ("", "")


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Ongoing until June 2023", "January 2022 – June 2023"),
        ("Ongoing 2022", "January – December 2022"),
        ("in 2023", "January – December 2023"),
        ("end-2023", "January 2022 – December 2023"),
    ],
)
def test_ongoing_work_with_a_date_of_its_own_keeps_that_date(text, written):
    assert [str(s) for s in parse_schedules(text, plan=(2022, 2023))] == [written]
