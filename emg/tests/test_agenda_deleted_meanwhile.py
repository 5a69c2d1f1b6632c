"""An agenda item added to a meeting, or moved, after someone deleted the meeting or the item
since the page was read: a 404, as reading the page again would answer, never a server error,
and nothing half-saved. (Transactional tests: the database checks what refers to what when the
transaction commits.)"""

import pytest
from django.http import Http404

from emg import services
from emg.models import AgendaItem, Meeting
from emg.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_item_added_to_a_meeting_deleted_meanwhile_is_not_found():
    meeting = MeetingFactory(number=40)
    Meeting.objects.filter(pk=meeting.pk).delete()

    with pytest.raises(Http404):
        services.agenda_item_add(meeting=meeting, title="Opening")

    assert not AgendaItem.objects.exists()


def test_an_item_deleted_meanwhile_is_not_found_when_moved():
    meeting = MeetingFactory(number=40)
    AgendaItem.objects.create(meeting=meeting, order=1, title="Opening")
    closing = AgendaItem.objects.create(meeting=meeting, order=2, title="Closing")
    AgendaItem.objects.filter(pk=closing.pk).delete()

    with pytest.raises(Http404):
        services.agenda_item_move(item=closing, direction="up")

    assert list(meeting.agenda_items.values_list("title", "order")) == [("Opening", 1)]
