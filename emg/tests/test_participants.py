"""A meeting's list of participants: read from a registration export (CSV or XLSX, headers in
the words registration systems use, each row's session by date or segment), all rows or none,
kept by the secretariat one person at a time, and generated as a document of the meeting, by
session then entity, as page, PDF and Word file."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document as read_docx
from openpyxl import Workbook
from pypdf import PdfReader

from emg.models import Document, Participant, Session

CSV = (
    "Full Name;Organization;Position;Segment\n"
    "Ana Silva;UNEP;Programme Officer;27 October 2020\n"
    "Li Wei;Secretariat of the Basel Convention;Legal Officer;senior\n"
    "Omar Haddad;undp;Director;2020-10-28\n"
)


@pytest.fixture
def technical(world):
    """SOM 26's technical segment, the day before its senior officials' segment."""
    return Session.objects.create(
        meeting=world.meeting, segment=Session.Segment.TECHNICAL, date=datetime.date(2020, 10, 27)
    )


def upload(client, name: str, content: bytes):
    return client.post(
        reverse("meetings:participant_import", args=[26]),
        {"file": SimpleUploadedFile(name, content)},
    )


def xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_a_csv_export_is_read_with_its_own_header_names_and_sessions(world, technical, client_as):
    client = client_as(world.people["secretariat"])
    response = upload(client, "registrations.csv", CSV.encode())
    assert response.status_code == 302
    people = {p.name: p for p in Participant.objects.select_related("entity", "session")}
    assert set(people) == {"Ana Silva", "Li Wei", "Omar Haddad"}
    assert people["Ana Silva"].session == technical
    assert people["Ana Silva"].entity == world.entity
    assert people["Ana Silva"].title == "Programme Officer"
    assert people["Li Wei"].session == world.session
    assert people["Li Wei"].entity is None
    assert people["Li Wei"].entity_name == "Secretariat of the Basel Convention"
    assert people["Omar Haddad"].entity.acronym == "UNDP"


def test_an_excel_export_with_date_cells_is_read(world, technical, client_as):
    content = xlsx(
        [
            ["NAME", "Entity", "Function", "Date"],
            ["Ana Silva", "UNEP", "Programme Officer", datetime.datetime(2020, 10, 27)],
            ["Omar Haddad", "UNDP", "Director", datetime.datetime(2020, 10, 28)],
        ]
    )
    response = upload(client_as(world.people["secretariat"]), "export.xlsx", content)
    assert response.status_code == 302
    sessions = dict(Participant.objects.values_list("name", "session"))
    assert sessions == {"Ana Silva": technical.pk, "Omar Haddad": world.session.pk}


def test_importing_the_same_export_again_adds_nobody_twice(world, technical, client_as):
    client = client_as(world.people["secretariat"])
    upload(client, "registrations.csv", CSV.encode())
    upload(client, "registrations.csv", CSV.replace("Director", "Deputy Director").encode())
    assert Participant.objects.count() == 3
    assert Participant.objects.get(name="Omar Haddad").title == "Deputy Director"


def test_rows_that_fail_are_listed_by_line_and_nothing_is_saved(world, technical, client_as):
    bad = CSV + ";UNEP;Assistant;senior\nJo Bloggs;UNEP;Assistant;3 March 2031\n"
    response = upload(client_as(world.people["secretariat"]), "registrations.csv", bad.encode())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Line 5: no name." in page
    assert "Line 6: no session of SOM 26 is “3 March 2031”." in page
    assert "Nothing was imported" in page
    assert not Participant.objects.exists()


def test_a_file_that_is_not_an_export_is_refused_with_a_message(world, client_as):
    client = client_as(world.people["secretariat"])
    response = upload(client, "photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    assert response.status_code == 200
    assert "neither an Excel (XLSX) file nor a CSV file" in response.content.decode()
    response = upload(client, "list.csv", b"Organization;Position\nUNEP;Officer\n")
    assert "No column of names" in response.content.decode()
    assert not Participant.objects.exists()


def test_several_sessions_need_a_session_column(world, technical, client_as):
    response = upload(
        client_as(world.people["secretariat"]), "list.csv", b"Name,Entity\nAna Silva,UNEP\n"
    )
    assert "has several sessions" in response.content.decode()
    assert not Participant.objects.exists()


def test_the_secretariat_adds_edits_and_deletes_one_participant(world, client_as):
    client = client_as(world.people["secretariat"])
    response = client.post(
        reverse("meetings:participant_add", args=[26]),
        {"session": world.session.pk, "name": "Ana Silva", "entity": world.entity.pk},
    )
    assert response.status_code == 302
    person = Participant.objects.get()
    assert person.entity_name == "UNEP"
    edit = reverse("meetings:participant_edit", args=[26, person.pk])
    data = {
        "session": world.session.pk,
        "name": "Ana Silva",
        "entity_name": "UNEP",
        "title": "Programme Officer",
        "version": person.version,
    }
    assert client.post(edit, data).status_code == 302
    assert client.post(edit, data | {"title": "Officer"}).status_code == 409
    assert Participant.objects.get().title == "Programme Officer"
    delete = reverse("meetings:participant_delete", args=[26, person.pk])
    assert client.post(delete).status_code == 302
    assert client.post(delete).status_code == 404
    assert not Participant.objects.exists()


def test_a_participant_needs_an_entity_chosen_or_typed(world, client_as):
    response = client_as(world.people["secretariat"]).post(
        reverse("meetings:participant_add", args=[26]),
        {"session": world.session.pk, "name": "Ana Silva"},
    )
    assert response.status_code == 200
    assert "Choose the entity or type it as registered." in response.content.decode()


def test_senior_officials_read_the_list_and_cannot_change_it(world, technical, client_as):
    upload(client_as(world.people["secretariat"]), "registrations.csv", CSV.encode())
    client = client_as(world.people["senior_official"])
    page = client.get(reverse("meetings:participants", args=[26])).content.decode()
    assert "Li Wei" in page
    assert "Import participants" not in page
    assert upload(client, "registrations.csv", CSV.encode()).status_code == 403


def test_the_generated_list_groups_by_session_then_entity_in_pdf_and_word(
    world, technical, client_as
):
    client = client_as(world.people["secretariat"])
    upload(client, "registrations.csv", CSV.encode())
    response = client.post(reverse("meetings:participants_document_generate", args=[26]))
    assert response.status_code == 302
    document = Document.objects.get(kind=Document.Kind.PARTICIPANTS)
    assert document.source == world.meeting and document.title == "List of participants"
    text = pdf_text(client.get(reverse("documents:pdf", args=[document.pk])).content)
    technical_at = text.index("Technical segment, 27 October 2020")
    senior_at = text.index("Senior officials' segment, 28 October 2020")
    assert technical_at < text.index("Ana Silva, Programme Officer") < senior_at
    basel = text.index("Secretariat of the Basel Convention")
    undp = text.index("United Nations Development Programme (UNDP)")
    assert senior_at < basel < text.index("Li Wei") < undp < text.index("Omar Haddad")
    word = read_docx(io.BytesIO(client.get(reverse("documents:docx", args=[document.pk])).content))
    texts = [paragraph.text for paragraph in word.paragraphs]
    assert "Omar Haddad, Director" in texts
    assert "United Nations Development Programme (UNDP)" in texts
    client.post(reverse("meetings:participants_document_generate", args=[26]))
    assert Document.objects.filter(kind=Document.Kind.PARTICIPANTS).count() == 1
