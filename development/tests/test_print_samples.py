"""The pictures of a printed pack for the documentation (``manage.py print_samples``): the
meeting it prepares through the workspace's services, the pages it picks and how it draws them
(the command itself runs outside the suite, in a database of its own)."""

import io

import pytest
from django.core.management.base import CommandError
from PIL import Image
from pypdf import PdfReader

from development.management.commands.print_samples import (
    AGENDA,
    REGISTRATIONS,
    TITLE,
    draw,
    prepare,
    sample_pages,
)
from emg.models import Document, Meeting, Participant
from emg.tests.packs import build
from mandates.models import Decision

pytestmark = pytest.mark.django_db

# Enough action points of SOM 26 for their status of implementation to take two pages.
ACTION_POINTS = 14


def action_points(world, count: int) -> None:
    for order in range(2, count + 2):
        Decision.objects.create(
            section=world.section,
            order=order,
            verb=Decision.Verb.REQUEST,
            actor=Decision.Actor.MANDATE,
            mandate=world.mandate,
            text=f"Request the group to report on the {order}th part of its work, with the "
            "members' contributions, the obstacles met and the steps planned for the next year.",
        )


def text_of(reader: PdfReader, number: int) -> str:
    return " ".join(reader.pages[number - 1].extract_text().split())


def test_it_prepares_the_next_meeting_and_picks_the_cover_contents_and_two_pages_of_a_document(
    world, secretariat
):
    action_points(world, ACTION_POINTS)
    som27 = Meeting.objects.create(number=world.meeting.number + 1)

    status = prepare(som27, by=secretariat)
    data = build(som27).file.read()
    pages = sample_pages(data, status)

    som27.refresh_from_db()
    assert som27.title == TITLE and som27.sessions.count() == 2
    assert list(som27.agenda_items.values_list("title", flat=True)) == AGENDA
    assert Participant.objects.filter(session__meeting=som27).count() == len(REGISTRATIONS)
    assert set(som27.documents.values_list("kind", flat=True)) == {
        Document.Kind.STATUS_OF_IMPLEMENTATION,
        Document.Kind.ANNOTATED_AGENDA,
        Document.Kind.PARTICIPANTS,
    }
    reader = PdfReader(io.BytesIO(data))
    assert TITLE in text_of(reader, pages["pack-cover"]) and pages["pack-cover"] == 1
    contents = text_of(reader, pages["pack-contents"])
    assert contents.startswith("Contents") and status.symbol in contents
    first = text_of(reader, pages["status-of-implementation-first-page"])
    assert status.symbol in first and "Note by the Secretariat" in first and "Page 1 of" in first
    later = text_of(reader, pages["status-of-implementation-later-page"])
    assert f"{status.symbol} · Draft" in later and "Page 2 of" in later


def test_a_document_of_one_page_has_no_later_page_to_show(world, secretariat):
    som27 = Meeting.objects.create(number=world.meeting.number + 1)
    status = prepare(som27, by=secretariat)
    data = build(som27).file.read()

    with pytest.raises(CommandError, match="one page only"):
        sample_pages(data, status)


def test_a_page_is_drawn_in_greys_at_the_resolution_asked(world):
    data = build(world.meeting).file.read()

    picture = Image.open(io.BytesIO(draw(data, 1, 100)))

    # A4, 21 × 29.7 cm, at 100 dots per inch: 826.8 × 1169.3 dots, to the nearest whole one.
    assert picture.size[0] == pytest.approx(827, abs=1)
    assert picture.size[1] == pytest.approx(1169, abs=1)
    assert picture.mode == "P"
    colours = picture.convert("RGB").getcolors()
    assert all(red == green == blue for _count, (red, green, blue) in colours)
    assert len(draw(data, 1, 100)) < 150_000
