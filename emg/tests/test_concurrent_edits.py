"""No lost updates in the edit forms of meetings, sessions, agenda items and documents: of saves
opened on the same version exactly one is accepted, the others are refused with the conflict shown
(emg/tests/concurrency.py)."""

from django.urls import reverse

from emg.models import AgendaItem, Document, Meeting, Session
from emg.tests.concurrency import EditForm, edit_form_tests, stored_values, url_of


def meeting_url(world):
    return reverse("meetings:edit", kwargs={"number": world.meeting.number})


def meeting_typed(world, n):
    return {"number": 26, "title": f"26th SOM, as person {n} calls it", "host": world.entity.pk}


def session_typed(world, n):
    # Held in a room, not online: the box is left unticked, so a browser leaves it out.
    return {
        "segment": "senior",
        "date": f"2020-10-{n + 1:02d}",
        "start_time": "14:00",
        "end_time": "15:30",
        "time_zone": f"Time zone {n}",
        "venue": f"Room {n}, Palais des Nations",
    }


def document_typed(world, n):
    return {
        "symbol": "EMG/SOM.26/03",
        "title": f"Summary of Action Points, draft {n}",
        "kind": "action_points",
        "status": "final" if n % 2 else "draft",
        "distribution": f"EMG members ({n})",
        "agenda_item": world.agenda_item.pk,
    }


FORMS = [
    EditForm(
        "meeting",
        meeting_url,
        meeting_typed,
        stored_values(Meeting, "meeting", "title", "host"),
        text="title",
    ),
    EditForm(
        "session",
        url_of("meetings:session_edit", "session", number=26),
        session_typed,
        stored_values(Session, "session", "date", "time_zone", "venue"),
        text="venue",
    ),
    EditForm(
        "agenda item",
        url_of("meetings:agenda_item_edit", "agenda_item", number=26),
        lambda world, n: {"title": f"Action points, as person {n} words them"},
        stored_values(AgendaItem, "agenda_item", "title"),
        text="title",
    ),
    EditForm(
        "document",
        url_of("meetings:document_edit", "document", number=26),
        document_typed,
        stored_values(Document, "document", "title", "status", "distribution"),
        text="title",
    ),
]

(
    test_of_twenty_saves_opened_on_one_version_exactly_one_is_accepted,
    test_a_save_after_someone_elses_is_refused_then_replaces_on_purpose,
) = edit_form_tests(FORMS)
