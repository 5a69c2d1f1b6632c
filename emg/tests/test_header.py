"""The head of a document: meeting, sessions, symbol, date, distribution, title, author line."""

import datetime

from django.conf import settings

from emg.importing import Source
from emg.importing.header import parse_header


def head_of(name):
    path = settings.BASE_DIR / "sample_data" / name
    return parse_header(Source.from_path(path))


def test_the_2014_work_plan_head_names_its_meeting_host_venue_and_two_segments():
    head = head_of("work-plan-2014-2015-rev1.txt")

    assert head.meeting_number == 19
    assert head.host_acronym == "UNDP"
    assert head.host_name == "United Nations Development Programme"
    assert head.symbol == "EMG/SOM.19/03/Rev.1"
    assert head.date == datetime.date(2013, 9, 12)
    assert head.distribution == "EMG members"
    assert head.title == "Proposed work plan 2014 - 2015"
    assert head.author_line == "Note by the Chair"
    technical, senior = head.sessions
    assert (technical.segment, technical.start_time, technical.end_time) == (
        "technical",
        datetime.time(9, 0),
        datetime.time(12, 30),
    )
    assert (senior.segment, senior.start_time, senior.end_time) == (
        "senior",
        datetime.time(15, 0),
        datetime.time(18, 0),
    )
    assert senior.venue.startswith("LRC Room on the 11th floor")
    assert not senior.online


def test_the_mid_term_report_head_has_an_online_session_and_a_symbol_with_spaces():
    head = head_of("progress-report-som26-mid-term.txt")

    assert head.meeting_number == 26
    assert head.symbol == "EMG SOM26/mid-term/03"
    assert head.title == "Mid-Term Progress Report"
    assert head.author_line == "Note by the Secretariat"
    (session,) = head.sessions
    assert session.segment == "mid_term_technical"
    assert session.date == datetime.date(2020, 4, 29)
    assert (session.start_time, session.end_time) == (datetime.time(15), datetime.time(17))
    assert session.time_zone == "Geneva time"
    assert session.online
    assert session.online_platform == "GoToMeeting"
    assert head.document_date == datetime.date(2020, 4, 29)


def test_the_action_points_head_is_read_from_a_two_column_table():
    head = head_of("action-points-som26.txt")

    assert head.meeting_number == 26
    assert head.symbol == "EMGSOM.26_3a"
    assert head.distribution == "EMG Members"
    assert head.title == "Summary of Action Points"
    (session,) = head.sessions
    assert session.segment == "senior"
    assert session.date == datetime.date(2020, 10, 28)
    assert (session.start_time, session.end_time) == (datetime.time(14), datetime.time(15, 30))
    assert session.online


def test_a_title_over_two_lines_is_one_title():
    head = head_of("tor-img-sustainability-management.txt")

    assert head.title == (
        "Terms of Reference for the Issue Management Group on Sustainability Management "
        "in the UN System"
    )
    assert head.meeting_number is None
    assert head.agenda_item == "2"


def test_a_draft_is_recognised_by_its_marker():
    head = head_of("work-plan-2021-2022-draft.txt")

    assert head.draft
    assert head.title == "Environment Management Group work plan 2021- 2022"
    assert head.symbol == ""


def test_a_head_never_seen_before_is_read_by_what_it_says():
    text = "\n".join(
        [
            "UNITED NATIONS",
            "",
            "31st Senior Officials Meeting of the Environment Management Group",
            "Hosted by the Food and Agriculture Organization of the United Nations (FAO)",
            "Sheikh Zayed Centre, Rome",
            "Technical segment: 22 September 2025, 10:00 – 13:00 CET time",
            "Senior officials' segment: 23 September 2025, 2:00 – 5:30 p.m.",
            "",
            "EMG/SOM.31/04",
            "1 August 2025",
            "Distribution: EMG members and observers",
            "",
            "Draft terms of reference",
            "for a task team on nature-positive procurement",
            "",
            "Note by the Secretariat",
            "",
            "Introduction",
            "The senior officials are invited to consider …",
        ]
    )

    head = parse_header(Source("new.txt", text))

    assert head.meeting_number == 31
    assert head.host_acronym == "FAO"
    assert head.symbol == "EMG/SOM.31/04"
    assert head.date == datetime.date(2025, 8, 1)
    assert head.distribution == "EMG members and observers"
    assert head.title == "Draft terms of reference for a task team on nature-positive procurement"
    assert head.author_line == "Note by the Secretariat"
    technical, senior = head.sessions
    assert technical.date == datetime.date(2025, 9, 22)
    assert (technical.start_time, technical.end_time) == (datetime.time(10), datetime.time(13))
    assert senior.date == datetime.date(2025, 9, 23)
    assert (senior.start_time, senior.end_time) == (datetime.time(14), datetime.time(17, 30))
    assert technical.venue == senior.venue == "Sheikh Zayed Centre, Rome"
    assert head.end_line == 18
