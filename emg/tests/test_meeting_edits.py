"""The secretariat's edits of meetings, their sessions and agenda items: recorded, refused next
to the field, refused over someone else's change, moved and deleted."""

import datetime
import re

import pytest
from django.urls import reverse

from emg import services
from emg.models import AgendaItem, Meeting
from emg.tests.factories import MeetingFactory
from emg.tests.form_pages import field_errors, messages_of, page_of, text_of

pytestmark = pytest.mark.django_db


def detail_url(number) -> str:
    return reverse("meetings:detail", kwargs={"number": number})


# Meetings


def test_the_secretariat_records_a_new_meeting(client_as, secretariat, undp):
    response = client_as(secretariat).post(
        reverse("meetings:create"), {"number": 27, "title": "", "host": undp.pk}
    )

    meeting = Meeting.objects.get(number=27)
    assert response.url == detail_url(27)
    assert meeting.host == undp
    assert meeting.history.get().history_user == secretariat
    assert messages_of(response) == ["SOM 27 recorded."]


def test_a_meeting_number_taken_already_is_refused_next_to_the_field(client_as, world, secretariat):
    response = client_as(secretariat).post(
        reverse("meetings:create"), {"number": 26, "title": "Another"}
    )

    assert response.status_code == 200
    assert field_errors(response.content.decode(), "number") == [
        "SOM 26 is already recorded (26th Senior Officials Meeting). Choose another number, or "
        "edit that meeting."
    ]
    assert Meeting.objects.count() == 1


def test_an_edit_over_someone_elses_change_is_refused_showing_the_current_values(
    client_as, world, secretariat, unep
):
    client = client_as(secretariat)
    url = reverse("meetings:edit", kwargs={"number": 26})
    opened = world.meeting.version
    services.meeting_update(
        meeting=Meeting.objects.get(pk=world.meeting.pk),
        version=opened,
        number=26,
        title="26th SOM, changed meanwhile",
        host=world.meeting.host,
    )

    response = client.post(url, {"number": 26, "title": "Mine", "host": unep.pk, "version": opened})

    page = response.content.decode()
    assert response.status_code == 409
    assert "after you opened this form" in text_of(page)
    assert "<dt>Title</dt><dd>26th SOM, changed meanwhile</dd>" in page
    assert "<dt>Host</dt><dd>UNDP</dd>" in page
    assert 'value="Mine"' in page  # what the user typed is kept
    world.meeting.refresh_from_db()
    assert world.meeting.title == "26th SOM, changed meanwhile"

    # The form now carries the current version: saving again replaces the other change.
    version = re.search(r'name="version" value="([^"]+)"', page).group(1)
    again = client.post(url, {"number": 26, "title": "Mine", "host": unep.pk, "version": version})
    assert again.status_code == 302
    world.meeting.refresh_from_db()
    assert world.meeting.title == "Mine"


# Sessions


def session_form(**values):
    return {"segment": "technical", "date": "2020-10-27", "online": "on", **values}


def test_a_session_is_added_with_its_times_and_place(client_as, world, secretariat):
    response = client_as(secretariat).post(
        reverse("meetings:session_add", kwargs={"number": 26}),
        session_form(start_time="09:30", end_time="12:00", time_zone="Geneva time", online=""),
    )

    assert response.status_code == 200  # no venue and not online
    assert field_errors(response.content.decode(), "venue") == [
        "Give the venue, or mark the session as held online."
    ]
    response = client_as(secretariat).post(
        reverse("meetings:session_add", kwargs={"number": 26}),
        session_form(start_time="09:30", end_time="12:00", venue="Palais des Nations", online=""),
    )
    session = world.meeting.sessions.get(segment="technical")
    assert response.url == detail_url(26) + "#sessions"
    assert (session.start_time, session.venue) == (datetime.time(9, 30), "Palais des Nations")


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"start_time": "15:00", "end_time": "14:00"},
            "end_time",
            "The session cannot end before it starts.",
        ),
        (
            {"segment": "senior"},
            "segment",
            "SOM 26 already has a session for the senior officials' segment.",
        ),
        (
            {"online": "", "venue": "Geneva", "online_platform": "Zoom"},
            "online_platform",
            "Only a session held online has an online platform.",
        ),
    ],
)
def test_a_session_that_does_not_add_up_is_refused_next_to_the_field_and_not_saved(
    client_as, world, secretariat, values, field, message
):
    response = client_as(secretariat).post(
        reverse("meetings:session_add", kwargs={"number": 26}), session_form(**values)
    )

    assert response.status_code == 200
    assert field_errors(response.content.decode(), field) == [message]
    assert world.meeting.sessions.count() == 1


def test_a_session_is_deleted_by_post(client_as, world, secretariat):
    url = reverse("meetings:session_delete", kwargs={"number": 26, "pk": world.session.pk})

    assert client_as(secretariat).get(url).status_code == 405
    assert client_as(secretariat).post(url).status_code == 302
    assert not world.meeting.sessions.exists()


def test_a_session_of_another_meeting_is_not_found_under_this_one(client_as, world, secretariat):
    other = MeetingFactory(number=27)
    url = reverse("meetings:session_edit", kwargs={"number": other.number, "pk": world.session.pk})

    assert client_as(secretariat).get(url).status_code == 404


# Agenda items


def agenda(meeting) -> list[str]:
    return list(meeting.agenda_items.order_by("order").values_list("title", flat=True))


def test_agenda_items_are_added_at_the_end_and_moved_up_and_down(client_as, world, secretariat):
    client = client_as(secretariat)
    client.post(reverse("meetings:agenda_item_add", kwargs={"number": 26}), {"title": "Closing"})
    closing = world.meeting.agenda_items.get(title="Closing")
    assert agenda(world.meeting) == ["Action points", "Closing"]

    move = reverse("meetings:agenda_item_move", kwargs={"number": 26, "pk": closing.pk})
    client.post(move, {"direction": "up"})
    assert agenda(world.meeting) == ["Closing", "Action points"]
    response = client.post(move, {"direction": "up"}, follow=True)
    assert agenda(world.meeting) == ["Closing", "Action points"]
    assert "The item is already at that end of the agenda." in messages_of(response)
    client.post(move, {"direction": "down"})
    assert agenda(world.meeting) == ["Action points", "Closing"]

    text = text_of(page_of(client, detail_url(26)))
    assert "1. Action points" in text and "2. Closing" in text


@pytest.mark.parametrize("direction", [None, "", "sideways"])
def test_an_agenda_item_move_in_no_known_direction_is_a_bad_request_and_moves_nothing(
    client_as, world, secretariat, direction
):
    url = reverse("meetings:agenda_item_move", kwargs={"number": 26, "pk": world.agenda_item.pk})

    response = client_as(secretariat).post(
        url, {} if direction is None else {"direction": direction}
    )

    assert response.status_code == 400
    assert "Say whether to move the item up or down." in response.content.decode()
    assert agenda(world.meeting) == ["Action points"]


def test_deleting_an_agenda_item_keeps_its_documents_with_the_meeting(
    client_as, world, secretariat
):
    url = reverse("meetings:agenda_item_delete", kwargs={"number": 26, "pk": world.agenda_item.pk})

    client_as(secretariat).post(url)

    world.document.refresh_from_db()
    assert not AgendaItem.objects.exists()
    assert world.document.meeting == world.meeting and world.document.agenda_item is None
    assert world.document.history.first().agenda_item_id is None  # the history records it


def test_an_agenda_item_without_a_title_is_refused_and_nothing_is_saved(
    client_as, world, secretariat
):
    response = client_as(secretariat).post(
        reverse("meetings:agenda_item_add", kwargs={"number": 26}), {"title": ""}
    )

    assert field_errors(response.content.decode(), "title") == ["This field is required."]
    assert AgendaItem.objects.count() == 1
