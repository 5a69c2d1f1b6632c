"""The report of a meeting: the secretariat drafts it, circulates it to the Senior Officials for
comment, and makes it final; final, it is locked and issued as a final document of the meeting
whose page, PDF and Word file number its paragraphs. A draft is the secretariat's alone."""

import io

import pytest
from django.urls import reverse
from docx import Document as read_docx
from pypdf import PdfReader

from emg.models import Document, MeetingReport, ReportComment

TEXT = "The meeting was opened by the Chair.\n\nThe Senior Officials adopted the agenda."


def url(name: str) -> str:
    return reverse(f"meetings:{name}", args=[26])


@pytest.fixture
def office(world, client_as):
    return client_as(world.people["secretariat"])


@pytest.fixture
def drafted(office):
    response = office.post(url("report_edit"), {"text": TEXT, "version": "0"})
    assert response.status_code == 302
    return MeetingReport.objects.get()


def test_a_draft_is_the_secretariats_alone(world, drafted, client_as):
    page = client_as(world.people["secretariat"]).get(url("report")).content.decode()
    assert "The Senior Officials adopted the agenda." in page
    for role in ("senior_official", "focal_point"):
        response = client_as(world.people[role]).get(url("report"))
        assert response.status_code == 200
        assert "This meeting has no report yet." in response.content.decode()
        assert "adopted the agenda" not in response.content.decode()


def test_saving_on_an_old_version_is_a_conflict_and_keeps_the_newer_text(drafted, office):
    office.post(url("report_edit"), {"text": "Newer.", "version": drafted.version})
    response = office.post(url("report_edit"), {"text": "Older.", "version": drafted.version})
    assert response.status_code == 409
    assert MeetingReport.objects.get().text == "Newer."


def test_circulated_the_senior_officials_read_and_comment_on_it(world, drafted, office, client_as):
    assert office.post(url("report_circulate")).status_code == 302
    senior = client_as(world.people["senior_official"])
    page = senior.get(url("report")).content.decode()
    assert "The Senior Officials adopted the agenda." in page
    response = senior.post(url("report"), {"text": "Name the Chair in paragraph 1."})
    assert response.status_code == 302
    assert ReportComment.objects.get().author == world.people["senior_official"]
    focal = client_as(world.people["focal_point"]).get(url("report")).content.decode()
    assert "adopted the agenda" not in focal


def test_an_empty_comment_is_refused_next_to_its_field(world, drafted, office, client_as):
    office.post(url("report_circulate"))
    response = client_as(world.people["senior_official"]).post(url("report"), {"text": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not ReportComment.objects.exists()


def test_a_draft_takes_no_comment(world, drafted, client_as):
    client = client_as(world.people["secretariat"])
    client.post(url("report"), {"text": "Too early."})
    assert not ReportComment.objects.exists()


def test_final_it_is_locked_and_issued_as_a_final_document(world, drafted, office, client_as):
    office.post(url("report_circulate"))
    assert office.post(url("report_finalise")).status_code == 302
    report = MeetingReport.objects.get()
    assert report.status == MeetingReport.Status.FINAL
    document = Document.objects.get(kind=Document.Kind.MEETING_REPORT)
    assert document.status == Document.Status.FINAL
    assert document.meeting == world.meeting and document.source == report

    response = office.post(url("report_edit"), {"text": "Changed.", "version": report.version})
    assert response.status_code == 302
    assert MeetingReport.objects.get().text == TEXT
    office.post(url("report_finalise"))
    assert Document.objects.filter(kind=Document.Kind.MEETING_REPORT).count() == 1

    reader = client_as(world.people["focal_point"])
    assert "adopted the agenda" in reader.get(url("report")).content.decode()
    pdf = reader.get(reverse("documents:pdf", args=[document.pk])).content
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    # Labels hang in the margin, read out before the text they number.
    assert text.startswith("1. 2. ")
    assert "The meeting was opened by the Chair. The Senior Officials adopted the agenda." in text
    page = reader.get(reverse("documents:preview", args=[document.pk])).content.decode()
    assert (
        '<span class="un-label">2.</span><span class="un-paragraph-text" dir="ltr">The Senior'
        in page
    )
    word = reader.get(reverse("documents:docx", args=[document.pk])).content
    texts = [p.text for p in read_docx(io.BytesIO(word)).paragraphs]
    assert "1.\tThe meeting was opened by the Chair." in texts


def test_an_empty_report_cannot_be_circulated(office):
    office.post(url("report_edit"), {"text": "", "version": "0"})
    response = office.post(url("report_circulate"), follow=True)
    assert "Write the report before circulating it." in response.content.decode()
    assert MeetingReport.objects.get().status == MeetingReport.Status.DRAFT
