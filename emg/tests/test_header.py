"""The head of a document: meeting, sessions, symbol, date, distribution, title, author line."""

import datetime

import pytest
from django.conf import settings

from emg.importing import Source
from emg.importing.header import parse_header


def head_of(name):
    path = settings.BASE_DIR / "sample_data" / name
    return parse_header(Source.from_path(path))


LRC_ROOM = "LRC Room on the 11th floor of the UNDP FF-Building, 304 E 45th Street, New York."

# What the head of each sample document says: some of its fields, and its sessions' (all of them).
SAMPLE_HEADS = [
    pytest.param(
        "work-plan-2014-2015-rev1.txt",
        {
            "meeting_number": 19,
            "host_acronym": "UNDP",
            "host_name": "United Nations Development Programme",
            "symbol": "EMG/SOM.19/03/Rev.1",
            "date": datetime.date(2013, 9, 12),
            "distribution": "EMG members",
            "title": "Proposed work plan 2014 - 2015",
            "author_line": "Note by the Chair",
        },
        [
            {
                "segment": "technical",
                "start_time": datetime.time(9, 0),
                "end_time": datetime.time(12, 30),
            },
            {
                "segment": "senior",
                "start_time": datetime.time(15, 0),
                "end_time": datetime.time(18, 0),
                "venue": LRC_ROOM,
                "online": False,
            },
        ],
        id="the 2014 work plan names its meeting, host, venue and two segments",
    ),
    pytest.param(
        "progress-report-som26-mid-term.txt",
        {
            "meeting_number": 26,
            "symbol": "EMG SOM26/mid-term/03",
            "title": "Mid-Term Progress Report",
            "author_line": "Note by the Secretariat",
            "document_date": datetime.date(2020, 4, 29),
        },
        [
            {
                "segment": "mid_term_technical",
                "date": datetime.date(2020, 4, 29),
                "start_time": datetime.time(15),
                "end_time": datetime.time(17),
                "time_zone": "Geneva time",
                "online": True,
                "online_platform": "GoToMeeting",
            }
        ],
        id="the mid-term report has an online session and a symbol with spaces",
    ),
    pytest.param(
        "action-points-som26.txt",
        {
            "meeting_number": 26,
            "symbol": "EMGSOM.26_3a",
            "distribution": "EMG Members",
            "title": "Summary of Action Points",
        },
        [
            {
                "segment": "senior",
                "date": datetime.date(2020, 10, 28),
                "start_time": datetime.time(14),
                "end_time": datetime.time(15, 30),
                "online": True,
            }
        ],
        id="the action points head is read from a two-column table",
    ),
    pytest.param(
        "tor-img-sustainability-management.txt",
        {
            "title": "Terms of Reference for the Issue Management Group on Sustainability "
            "Management in the UN System",
            "meeting_number": None,
            "agenda_item": "2",
        },
        [],
        id="a title over two lines is one title",
    ),
    pytest.param(
        "work-plan-2021-2022-draft.txt",
        {
            "draft": True,
            "title": "Environment Management Group work plan 2021- 2022",
            "symbol": "",
        },
        [],
        id="a draft is recognised by its marker",
    ),
]


def fields_of(thing, expected: dict) -> dict:
    return {name: getattr(thing, name) for name in expected}


@pytest.mark.parametrize(("name", "fields", "sessions"), SAMPLE_HEADS)
def test_the_head_of_each_sample_document_is_read_as_written(name, fields, sessions):
    head = head_of(name)

    assert fields_of(head, fields) == fields
    assert len(head.sessions) == len(sessions)
    for session, expected in zip(head.sessions, sessions, strict=True):
        assert fields_of(session, expected) == expected


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
