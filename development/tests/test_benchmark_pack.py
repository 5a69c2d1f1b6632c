"""The meeting pack benchmark's own pieces (the benchmark itself runs outside the suite)."""

import dj_database_url
import pytest
from django.db import connection

from development.benchmarks.files import database_url
from development.benchmarks.pack import COPIES, quadrupled
from emg.models import Document


@pytest.mark.django_db
def test_the_larger_pack_holds_every_document_of_the_meeting_four_times(world):
    originals = Document.objects.filter(meeting=world.meeting).exclude(kind=Document.Kind.AGENDA)
    copy = quadrupled(world.meeting)

    copies = Document.objects.filter(meeting=copy)
    assert copy.number > world.meeting.number
    assert copies.count() == COPIES * originals.count() > 0
    assert copy.agenda_items.count() == world.meeting.agenda_items.count()
    for original in originals:
        made = copies.filter(source_type=original.source_type, source_id=original.source_id)
        assert made.filter(title__startswith=original.title).count() == COPIES
        if original.agenda_item is not None:
            assert {d.agenda_item.title for d in made} == {original.agenda_item.title}


@pytest.mark.postgresql(
    reason="on SQLite the test database is in memory, which no other process can open"
)
@pytest.mark.django_db
def test_another_process_is_told_how_to_open_the_benchmarks_database():
    settings = connection.settings_dict
    parsed = dj_database_url.parse(database_url())

    assert parsed["NAME"] == settings["NAME"]
    assert parsed["ENGINE"] == settings["ENGINE"]
