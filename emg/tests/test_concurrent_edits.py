"""No lost updates in the edit forms of meetings, sessions, agenda items and documents: of saves
opened on the same version exactly one is accepted, the others are refused with the conflict shown
(emg/tests/concurrency.py)."""

import pytest
from django.urls import reverse

from emg.models import AgendaItem, Document, Meeting, Session, User
from emg.tests.concurrency import EditForm, check_save_after_someone_else, check_saves_at_once
from emg.tests.factories import UserFactory


def meeting_url(world):
    return reverse("meetings:edit", kwargs={"number": world.meeting.number})


def part_url(name, part):
    def url(world):
        return reverse(name, kwargs={"number": world.meeting.number, "pk": getattr(world, part).pk})

    return url


def meeting_typed(world, n):
    return {"number": 26, "title": f"26th SOM, as person {n} calls it", "host": world.entity.pk}


def meeting_stored(world):
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    return {"title": meeting.title, "host": meeting.host_id}


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


def session_stored(world):
    session = Session.objects.get(pk=world.session.pk)
    return {
        "date": session.date.isoformat(),
        "time_zone": session.time_zone,
        "venue": session.venue,
    }


def agenda_item_stored(world):
    return {"title": AgendaItem.objects.get(pk=world.agenda_item.pk).title}


def document_typed(world, n):
    return {
        "symbol": "EMG/SOM.26/03",
        "title": f"Summary of Action Points, draft {n}",
        "kind": "action_points",
        "status": "final" if n % 2 else "draft",
        "distribution": f"EMG members ({n})",
        "agenda_item": world.agenda_item.pk,
    }


def document_stored(world):
    document = Document.objects.get(pk=world.document.pk)
    return {
        "title": document.title,
        "status": document.status,
        "distribution": document.distribution,
    }


FORMS = [
    EditForm(
        "meeting",
        meeting_url,
        meeting_typed,
        meeting_stored,
        thing="meeting",
        text="title",
    ),
    EditForm(
        "session",
        part_url("meetings:session_edit", "session"),
        session_typed,
        session_stored,
        thing="session",
        text="venue",
    ),
    EditForm(
        "agenda item",
        part_url("meetings:agenda_item_edit", "agenda_item"),
        lambda world, n: {"title": f"Action points, as person {n} words them"},
        agenda_item_stored,
        thing="agenda item",
        text="title",
    ),
    EditForm(
        "document",
        part_url("meetings:document_edit", "document"),
        document_typed,
        document_stored,
        thing="document",
        text="title",
    ),
]


@pytest.fixture
def bob(unep):
    return UserFactory(
        username="bob", first_name="Bob", last_name="Brown", role=User.Role.SECRETARIAT, entity=unep
    )


@pytest.mark.postgresql(reason="saves at once need writers that meet; SQLite serialises them")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("form", FORMS, ids=[form.id for form in FORMS])
def test_of_twenty_saves_opened_on_one_version_exactly_one_is_accepted(form, world):
    check_saves_at_once(form, world)


@pytest.mark.django_db
@pytest.mark.parametrize("form", FORMS, ids=[form.id for form in FORMS])
def test_a_save_after_someone_elses_is_refused_then_replaces_on_purpose(form, world, bob):
    check_save_after_someone_else(form, world, bob)
