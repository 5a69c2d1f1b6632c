"""The database itself keeps the Group's records consistent, whatever code writes to it."""

import datetime

import pytest

from emg.models import AgendaItem, Document, Meeting, MeetingPack, Session
from emg.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_two_meetings_cannot_share_a_som_number(violates):
    MeetingFactory(number=26)

    with violates("number"):
        Meeting.objects.create(number=26)


def test_a_som_number_starts_at_one(violates):
    with violates("meeting_number_positive"):
        Meeting.objects.create(number=0)


def test_two_documents_cannot_share_a_symbol(violates):
    Document.objects.create(symbol="EMG/SOM.26/3", title="Progress report", kind="other")

    with violates("symbol"):
        Document.objects.create(symbol="EMG/SOM.26/3", title="Another", kind="other")


def test_documents_without_a_symbol_do_not_clash(violates):
    Document.objects.create(symbol=None, title="Background note", kind="other")
    Document.objects.create(symbol=None, title="Another background note", kind="other")

    with violates("document_symbol_not_blank"):
        Document.objects.create(symbol="", title="Blank symbol", kind="other")


def test_agenda_items_of_a_meeting_have_distinct_orders(violates):
    som26, som27 = MeetingFactory(number=26), MeetingFactory(number=27)
    AgendaItem.objects.create(meeting=som26, order=1, title="Opening")
    AgendaItem.objects.create(meeting=som27, order=1, title="Opening")  # another meeting: fine

    with violates("agenda_item_unique_order"):
        AgendaItem.objects.create(meeting=som26, order=1, title="Adoption of the agenda")


def test_a_session_cannot_end_before_it_starts(violates):
    meeting = MeetingFactory()
    Session.objects.create(
        meeting=meeting,
        segment=Session.Segment.TECHNICAL,
        start_time=datetime.time(14, 0),
        end_time=datetime.time(14, 0),
    )

    with violates("session_end_not_before_start"):
        Session.objects.create(
            meeting=meeting,
            segment=Session.Segment.SENIOR,
            start_time=datetime.time(14, 0),
            end_time=datetime.time(13, 59),
        )


def test_a_meeting_has_one_session_per_segment(violates):
    meeting = MeetingFactory()
    Session.objects.create(meeting=meeting, segment=Session.Segment.SENIOR)

    with violates("session_one_per_segment"):
        Session.objects.create(meeting=meeting, segment=Session.Segment.SENIOR)


def test_a_pack_cannot_be_more_than_complete_or_finish_before_it_started(violates):
    meeting = MeetingFactory()
    started = datetime.datetime(2020, 10, 28, 9, 0, tzinfo=datetime.UTC)

    with violates("pack_progress_at_most_100"):
        MeetingPack.objects.create(meeting=meeting, progress=101)
    with violates("pack_finished_not_before_started"):
        MeetingPack.objects.create(
            meeting=meeting, started_at=started, finished_at=started - datetime.timedelta(1)
        )
