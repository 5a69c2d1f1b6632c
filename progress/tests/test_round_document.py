"""A round prepared in the browser, not imported, issued as a document of its meeting: its page,
PDF and Word file print the compiled report, its sections numbered from "I." among those it
prints, a postponed item with the month it is postponed to."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document as read_docx
from pypdf import PdfReader

from emg.models import Document
from emg.services import agenda_item_add
from progress.models import ReportingRound, Status
from progress.services import rounds
from progress.services.updates import ItemData, update_accept, update_submit

TITLE = "Mid-term progress report for SOM 27"


@pytest.fixture
def prepared(new_round, world):
    """``new_round`` prepared as the secretariat does: two sections, the first with a task
    whose update is not accepted (the report leaves it out), the second with an accepted update
    holding a postponed item."""
    first = rounds.section_add(report_round=new_round, title="Collaboration on Global Issues")
    second = rounds.section_add(report_round=new_round, title="Sustainability Management")
    rounds.task_add(
        report_round=new_round, mandate=world.mandate, text="Map the approaches", section=first
    )
    task = rounds.task_add(
        report_round=new_round, mandate=world.mandate, text="Publish the guide", section=second
    )
    rounds.round_open(report_round=new_round)
    update = update_submit(
        task=task,
        user=world.people["focal_point"],
        items=[
            ItemData(Status.COMPLETED, "The outline was agreed."),
            ItemData(
                Status.ONGOING_POSTPONED,
                "The launch waits for the translations.",
                target_date=datetime.date(2021, 3, 15),
            ),
        ],
        next_steps="Launch the guide",
        version=0,
    )
    update_accept(update=update, version=update.version, user=world.people["secretariat"])
    return new_round


def issue_data(world, **changes):
    return {
        "symbol": "EMG/SOM.27/02",
        "title": TITLE,
        "agenda_item": "",
        "date": "2021-04-29",
        "distribution": "EMG members",
        "author_line": "Note by the Secretariat",
        "status": "draft",
        "version": "0",
        **changes,
    }


def issued(client_as, world, report_round) -> Document:
    client = client_as(world.people["secretariat"])
    url = reverse("progress:round_issue", args=[report_round.pk])
    response = client.post(url, issue_data(world))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Document.objects.get(kind=Document.Kind.PROGRESS_REPORT, source_id=report_round.pk)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_issue_form_proposes_the_meetings_next_symbol_and_the_rounds_title(
    client_as, world, prepared
):
    client = client_as(world.people["secretariat"])
    page = client.get(reverse("progress:round_issue", args=[prepared.pk])).content.decode()
    assert 'value="EMG/SOM.27/01"' in page
    assert f'value="{TITLE}"' in page
    assert "Issue as a document of SOM 27" in page


def test_a_round_prepared_in_the_browser_is_issued_as_a_document_of_its_meeting(
    client_as, world, prepared
):
    document = issued(client_as, world, prepared)
    assert document.meeting == prepared.meeting
    assert document.source == prepared
    assert document.symbol == "EMG/SOM.27/02"
    meeting_page = client_as(world.people["senior_official"]).get(
        reverse("meetings:detail", args=[27])
    )
    assert reverse("documents:pdf", args=[document.pk]) in meeting_page.content.decode()


def test_its_pdf_numbers_the_first_printed_section_i_and_gives_the_postponement(
    client_as, world, prepared
):
    document = issued(client_as, world, prepared)
    client = client_as(world.people["senior_official"])
    text = pdf_text(client.get(reverse("documents:pdf", args=[document.pk])).content)
    assert "EMG/SOM.27/02" in text
    assert "I. Sustainability Management" in text
    assert "II." not in text
    assert "Collaboration on Global Issues" not in text
    assert "Postponed to March 2021" in text


def test_its_word_file_numbers_the_first_printed_section_i_and_gives_the_postponement(
    client_as, world, prepared
):
    document = issued(client_as, world, prepared)
    client = client_as(world.people["senior_official"])
    word = read_docx(io.BytesIO(client.get(reverse("documents:docx", args=[document.pk])).content))
    paragraphs = [p.text for p in word.paragraphs]
    cells = [
        paragraph.text
        for table in word.tables
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
    ]
    headings = [text for text in paragraphs if text.startswith(("I.", "II."))]
    assert headings and headings[0].startswith("I.") and "Sustainability" in headings[0]
    assert not any(text.startswith("II.") for text in paragraphs)
    assert any("Postponed to March 2021" in text for text in cells)


def test_issuing_again_refreshes_the_one_document_on_the_version_it_was_opened_on(
    client_as, world, prepared
):
    document = issued(client_as, world, prepared)
    item = agenda_item_add(meeting=prepared.meeting, title="Progress of the working bodies")
    client = client_as(world.people["secretariat"])
    url = reverse("progress:round_issue", args=[prepared.pk])
    response = client.post(url, issue_data(world, agenda_item=item.pk, version=document.version))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.agenda_item == item
    text = pdf_text(client.get(reverse("documents:pdf", args=[document.pk])).content)
    assert "Item 1 of the provisional agenda: Progress of the working bodies" in text
    assert Document.objects.filter(source_id=prepared.pk, kind=document.kind).count() == 1


def test_a_second_click_on_issue_is_a_conflict_not_a_second_document(client_as, world, prepared):
    issued(client_as, world, prepared)
    client = client_as(world.people["secretariat"])
    url = reverse("progress:round_issue", args=[prepared.pk])
    response = client.post(url, issue_data(world, symbol="EMG/SOM.27/03"))
    assert response.status_code == 409
    assert Document.objects.filter(kind=Document.Kind.PROGRESS_REPORT).count() == 1


def test_a_symbol_another_document_has_is_refused_next_to_the_field(client_as, world, prepared):
    client = client_as(world.people["secretariat"])
    url = reverse("progress:round_issue", args=[prepared.pk])
    response = client.post(url, issue_data(world, symbol="emg/som.26/03"))
    assert response.status_code == 200
    assert "Another document already has this symbol" in response.content.decode()
    assert not Document.objects.filter(kind=Document.Kind.PROGRESS_REPORT).exists()


def test_an_imported_round_updates_the_document_it_came_with(client_as, imported):
    from emg.models import User

    report_round = ReportingRound.objects.get()
    document = Document.objects.get(kind=Document.Kind.PROGRESS_REPORT)
    secretariat = User.objects.create(username="sec", role=User.Role.SECRETARIAT)
    page = client_as(secretariat).get(reverse("progress:round_issue", args=[report_round.pk]))
    assert f'value="{document.symbol}"' in page.content.decode()
    assert "Update the document of SOM 26" in page.content.decode()


def test_the_compiled_report_prints_its_revision_mark_in_its_head_and_running_header(world):
    from emg.documents import document_html
    from emg.pdf import html_to_pdf

    document = Document.objects.create(
        kind=Document.Kind.PROGRESS_REPORT,
        title="Progress report",
        symbol="EMG/SOM.26/07",
        distribution="EMG Members",
        meeting=world.meeting,
        status=Document.Status.DRAFT,
        source=world.round,
    )

    html = document_html(document)
    reader = PdfReader(io.BytesIO(html_to_pdf(html)))

    assert '<p class="emg-report-revision">Draft</p>' in html
    assert "EMG/SOM.26/07 · Draft · Distribution: EMG Members" in html
    first = reader.pages[0].extract_text()
    assert "EMG/SOM.26/07" in first and "Draft" in first
