"""The provisional annotated agenda: generated from the meeting's agenda items, their annotations
and suggested actions and the documents under each, as a document of the meeting whose page, PDF
and Word file print it in the UN layout; what other apps add under an item comes through
register_agenda_annotation."""

import io

import pytest
from django.urls import reverse
from docx import Document as read_docx
from pypdf import PdfReader

from emg import documents as rendering
from emg.models import AgendaItem, Document

ANNOTATION = "The secretariat will present the action points of the previous meeting."
ACTION = "The Senior Officials may wish to take note of the summary of action points."


@pytest.fixture
def annotated(world, client_as):
    """The world's agenda item annotated through its edit page, by the secretariat."""
    client = client_as(world.people["secretariat"])
    url = reverse("meetings:agenda_item_edit", args=[26, world.agenda_item.pk])
    response = client.post(
        url,
        {
            "title": "Action points",
            "annotation": ANNOTATION,
            "suggested_action": ACTION,
            "version": world.agenda_item.version,
        },
    )
    assert response.status_code == 302
    return client


def generated(client) -> Document:
    response = client.post(reverse("meetings:annotated_agenda_generate", args=[26]))
    assert response.status_code == 302
    return Document.objects.get(kind=Document.Kind.ANNOTATED_AGENDA)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_agenda_item_form_keeps_the_annotation_and_the_suggested_action(world, annotated):
    item = AgendaItem.objects.get(pk=world.agenda_item.pk)
    assert (item.annotation, item.suggested_action) == (ANNOTATION, ACTION)


def test_an_annotation_too_long_is_refused_next_to_its_field(world, client_as):
    client = client_as(world.people["secretariat"])
    url = reverse("meetings:agenda_item_edit", args=[26, world.agenda_item.pk])
    response = client.post(
        url,
        {"title": "Action points", "annotation": "x" * 20_001, "version": 1},
    )
    assert response.status_code == 200
    assert "at most 20000 characters" in response.content.decode().replace(",", "")
    assert AgendaItem.objects.get(pk=world.agenda_item.pk).annotation == ""


def test_generating_it_makes_a_document_of_the_meeting_with_its_next_symbol(world, annotated):
    document = generated(annotated)
    assert document.meeting == world.meeting
    assert document.source == world.meeting
    assert document.symbol == "EMG/SOM.26/04"
    assert document.title == "Provisional annotated agenda"
    page = annotated.get(reverse("meetings:detail", args=[26])).content.decode()
    assert reverse("documents:docx", args=[document.pk]) in page


def test_generating_it_twice_leaves_one_document(world, annotated):
    first = generated(annotated)
    second = generated(annotated)
    assert first.pk == second.pk
    assert Document.objects.filter(kind=Document.Kind.ANNOTATED_AGENDA).count() == 1
    assert second.version > first.version


def test_its_pdf_numbers_the_items_with_annotation_documents_and_suggested_action(world, annotated):
    document = generated(annotated)
    response = annotated.get(reverse("documents:pdf", args=[document.pk]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "EMG/SOM.26/04" in text
    assert "Provisional annotated agenda" in text
    assert "1. Action points" in text
    assert ANNOTATION in text
    assert "EMG/SOM.26/03 — Summary of Action Points" in text
    assert f"Suggested action: {ACTION}" in text
    assert text.index(ANNOTATION) < text.index("EMG/SOM.26/03") < text.index(ACTION)


def test_its_word_file_has_the_same_items(world, annotated):
    document = generated(annotated)
    response = annotated.get(reverse("documents:docx", args=[document.pk]))
    texts = [paragraph.text for paragraph in read_docx(io.BytesIO(response.content)).paragraphs]
    assert "1.\tAction points" in texts
    assert ANNOTATION in texts
    assert "EMG/SOM.26/03 \u2014 Summary of Action Points" in texts
    assert f"Suggested action: {ACTION}" in texts


def test_a_senior_official_reads_it_but_cannot_generate_it(world, annotated, client_as):
    document = generated(annotated)
    reader = client_as(world.people["senior_official"])
    assert reader.get(reverse("documents:preview", args=[document.pk])).status_code == 200
    response = reader.post(reverse("meetings:annotated_agenda_generate", args=[26]))
    assert response.status_code == 403


@pytest.fixture
def open_action_points():
    """An app saying what is still open under each item, as the action points will."""

    def lines(*, meeting, items):
        return {item.pk: [f"Open action point under {item.title}"] for item in items}

    rendering.register_agenda_annotation(lines)
    yield
    rendering._agenda_annotations.remove(lines)


def test_what_an_app_registers_is_printed_under_its_item(world, annotated, open_action_points):
    document = generated(annotated)
    html = annotated.get(reverse("documents:preview", args=[document.pk])).content.decode()
    assert "Open action point under Action points" in html
