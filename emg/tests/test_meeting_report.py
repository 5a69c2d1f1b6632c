"""The report of a meeting: written by the secretariat from the meeting's records and what they
type, circulated for comment as a draft document of the meeting, then issued final and locked.
Its PDF is read back with pypdf and its Word file with python-docx."""

import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from docx import Document as DocxDocument
from pypdf import PdfReader

from emg import services
from emg.models import (
    AgendaItem,
    Document,
    ItemSummary,
    MeetingReport,
    Notification,
    ReportComment,
)
from emg.selectors import next_document_symbol
from emg.versions import StaleEdit

pytestmark = pytest.mark.django_db


def url(name, meeting, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"number": meeting.number, **kwargs})


def pdf_text(content: bytes) -> str:
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in DocxDocument(io.BytesIO(content)).paragraphs)


def written(world) -> MeetingReport:
    """The world's SOM 26 report with its opening and the summary of its one agenda item."""
    report = services.meeting_report_start(meeting=world.meeting)
    services.meeting_report_update(
        report=report, version=report.version, opening="The Chair opened the meeting.", closing=""
    )
    services.item_summary_save(
        report=report,
        agenda_item=world.agenda_item,
        version=0,
        text="The secretariat presented the action points.",
    )
    report.refresh_from_db()
    return report


def test_the_secretariat_writes_circulates_and_issues_the_report_which_then_is_locked(
    client_as, world, secretariat, senior_official, focal_point
):
    client = client_as(secretariat)
    assert client.post(url("report_start", world.meeting)).status_code == 302
    report = MeetingReport.objects.get(meeting=world.meeting)
    response = client.post(
        url("report_edit", world.meeting),
        {"opening": "The Chair opened the meeting.", "closing": "", "version": report.version},
    )
    assert response.status_code == 302
    response = client.post(
        url("report_summary", world.meeting, pk=world.agenda_item.pk),
        {"text": "The secretariat presented the action points.", "version": 0},
    )
    assert response.status_code == 302
    report.refresh_from_db()

    # A draft is the secretariat's alone.
    assert client_as(focal_point).get(url("report", world.meeting)).status_code == 404

    client = client_as(secretariat)
    response = client.post(
        url("report_circulate", world.meeting),
        {"comments_due": "2999-01-31", "version": report.version},
    )
    assert response.status_code == 302
    document = Document.objects.get(kind=Document.Kind.MEETING_REPORT)
    assert (document.meeting, document.status) == (world.meeting, Document.Status.DRAFT)
    assert document.symbol == "EMG/SOM.26/04"  # after the world's EMG/SOM.26/03

    # Circulated to the Senior Officials; focal points read it once final.
    assert client_as(focal_point).get(url("report", world.meeting)).status_code == 404
    reader = client_as(senior_official)
    page = reader.get(url("report", world.meeting)).content.decode()
    assert "The secretariat presented the action points." in page
    text = pdf_text(reader.get(url("report_pdf", world.meeting)).content)
    assert "EMG/SOM.26/04" in text
    assert "I. Opening of the meeting" in text
    assert "The Chair opened the meeting." in text
    assert "Agenda item 1: Action points" in text
    assert "Decisions adopted" in text
    assert world.decision.text in text
    assert pdf_text(reader.get(reverse("documents:pdf", args=[document.pk])).content) == text

    report.refresh_from_db()
    client = client_as(secretariat)
    assert (
        client.post(url("report_finalise", world.meeting), {"version": report.version})
    ).status_code == 302
    report.refresh_from_db()
    document.refresh_from_db()
    assert report.status == MeetingReport.Status.FINAL
    assert document.status == Document.Status.FINAL
    assert "The Chair opened the meeting." in (
        client_as(focal_point).get(url("report", world.meeting)).content.decode()
    )
    client = client_as(secretariat)

    # Locked: what changes since does not change it, and its text cannot be edited.
    world.decision.text = "Decide something else entirely."
    world.decision.save()
    text = pdf_text(client.get(url("report_pdf", world.meeting)).content)
    assert "Decide something else entirely." not in text
    assert world.mandate.name in text
    response = client.post(
        url("report_summary", world.meeting, pk=world.agenda_item.pk),
        {"text": "Rewritten afterwards.", "version": ItemSummary.objects.get().version},
    )
    assert response.status_code == 200
    assert "issued final" in response.content.decode()
    assert ItemSummary.objects.get().text == "The secretariat presented the action points."


def test_sections_are_numbered_from_one_and_empty_ones_left_out(world):
    report = services.meeting_report_start(meeting=world.meeting)
    AgendaItem.objects.create(meeting=world.meeting, order=2, title="Any other business")
    services.item_summary_save(
        report=report,
        agenda_item=AgendaItem.objects.get(title="Any other business"),
        version=0,
        text="None was raised.",
    )

    from emg.reports import report_text

    sections = report_text(report)["sections"]

    # No opening typed: the sessions come first; the first item has no summary.
    assert [(s["number"], s["title"]) for s in sections] == [
        ("I.", "Sessions"),
        ("II.", "Agenda item 2: Any other business"),
        ("III.", "Decisions adopted"),
    ]
    (group,) = sections[2]["groups"]
    assert group["label"] == "A."
    assert group["paragraphs"][0]["text"] == world.decision.text


def test_the_word_file_has_the_sections_and_decisions(client_as, world, secretariat):
    written(world)

    content = client_as(secretariat).get(url("report_docx", world.meeting)).content

    text = docx_text(content)
    assert "I. Opening of the meeting" in text
    assert "The secretariat presented the action points." in text
    assert world.decision.text in text


def test_two_summaries_opened_on_the_same_version_do_not_overwrite_each_other(world):
    report = services.meeting_report_start(meeting=world.meeting)
    services.item_summary_save(report=report, agenda_item=world.agenda_item, version=0, text="A")

    with pytest.raises(StaleEdit):
        services.item_summary_save(
            report=report, agenda_item=world.agenda_item, version=0, text="B"
        )

    assert ItemSummary.objects.get().text == "A"


def test_a_stale_summary_form_says_so_and_keeps_what_was_typed(client_as, world, secretariat):
    report = written(world)
    summary = ItemSummary.objects.get()
    services.item_summary_save(
        report=report, agenda_item=world.agenda_item, version=summary.version, text="Colleague"
    )

    response = client_as(secretariat).post(
        url("report_summary", world.meeting, pk=world.agenda_item.pk),
        {"text": "Mine", "version": summary.version},
    )

    assert response.status_code == 409
    assert "Colleague" in response.content.decode()
    assert ItemSummary.objects.get().text == "Colleague"


def test_it_is_circulated_before_it_is_issued_final(client_as, world, secretariat):
    report = written(world)

    response = client_as(secretariat).post(
        url("report_finalise", world.meeting), {"version": report.version}, follow=True
    )

    assert "Circulate the draft for comment before" in response.content.decode()
    report.refresh_from_db()
    assert report.status == MeetingReport.Status.DRAFT
    assert not Document.objects.filter(kind=Document.Kind.MEETING_REPORT).exists()


def test_comments_cannot_be_due_in_the_past(client_as, world, secretariat):
    report = written(world)

    response = client_as(secretariat).post(
        url("report_circulate", world.meeting),
        {"comments_due": "2001-01-01", "version": report.version},
    )

    assert response.status_code == 200
    assert "Comments cannot be due before today." in response.content.decode()
    report.refresh_from_db()
    assert report.status == MeetingReport.Status.DRAFT


def test_starting_twice_is_one_report(client_as, world, secretariat):
    client = client_as(secretariat)

    client.post(url("report_start", world.meeting))
    client.post(url("report_start", world.meeting))

    assert MeetingReport.objects.filter(meeting=world.meeting).count() == 1


def test_circulating_again_dates_the_same_document_anew(world, time_machine):
    report = written(world)
    time_machine.move_to(datetime.datetime(2030, 3, 1, 12, tzinfo=datetime.UTC))
    services.meeting_report_circulate(
        report=report, version=report.version, comments_due=datetime.date(2030, 3, 15)
    )
    report.refresh_from_db()
    time_machine.move_to(datetime.datetime(2030, 3, 20, 12, tzinfo=datetime.UTC))

    services.meeting_report_circulate(
        report=report, version=report.version, comments_due=datetime.date(2030, 4, 1)
    )

    (document,) = Document.objects.filter(kind=Document.Kind.MEETING_REPORT)
    assert document.date == datetime.date(2030, 3, 20)


def test_the_next_symbol_follows_the_highest_of_the_meetings_series(world):
    Document.objects.create(
        symbol="EMG/SOM.26/11/Rev.1", title="Revised", kind="other", meeting=world.meeting
    )

    assert next_document_symbol(meeting=world.meeting) == "EMG/SOM.26/12"


def test_senior_officials_comment_on_the_circulated_draft_and_nobody_on_a_draft_or_final(
    client_as, world, secretariat, senior_official, focal_point
):
    report = written(world)
    senior = client_as(senior_official)
    senior.post(url("report", world.meeting), {"text": "Too early."})
    assert not ReportComment.objects.exists()

    services.meeting_report_circulate(
        report=report, version=report.version, comments_due=datetime.date(2999, 1, 1)
    )
    response = senior.post(url("report", world.meeting), {"text": "Name the Chair."})
    assert response.status_code == 302
    assert ReportComment.objects.get().author == senior_official
    assert "Name the Chair." in senior.get(url("report", world.meeting)).content.decode()
    response = senior.post(url("report", world.meeting), {"text": "  "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    focal = client_as(focal_point)
    assert focal.post(url("report", world.meeting), {"text": "Me too"}).status_code == 404

    report.refresh_from_db()
    services.meeting_report_finalise(report=report, version=report.version)
    client_as(senior_official).post(url("report", world.meeting), {"text": "Late."})
    assert ReportComment.objects.count() == 1


def test_the_meeting_page_tells_each_reader_where_the_report_stands(
    client_as, world, secretariat, senior_official
):
    meeting_page = reverse("meetings:detail", kwargs={"number": world.meeting.number})
    assert "Start the report" in client_as(secretariat).get(meeting_page).content.decode()
    report = written(world)
    assert "not been circulated yet" in (
        client_as(senior_official).get(meeting_page).content.decode()
    )

    services.meeting_report_circulate(
        report=report, version=report.version, comments_due=datetime.date(2999, 1, 1)
    )

    page = client_as(senior_official).get(meeting_page).content.decode()
    assert "Read the report" in page
    assert url("report", world.meeting) in page


def test_members_are_told_of_each_draft_circulated_and_of_the_final_report(
    world, secretariat, senior_official, focal_point, django_capture_on_commit_callbacks
):
    report = written(world)

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_report_circulate(
            report=report, version=report.version, comments_due=datetime.date(2999, 1, 31)
        )
    report.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_report_circulate(
            report=report, version=report.version, comments_due=datetime.date(2999, 2, 28)
        )
    report.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_report_finalise(report=report, version=report.version)

    told = Notification.objects.filter(kind="report_issued")
    assert not told.filter(recipient=secretariat).exists()
    assert list(
        told.filter(recipient=senior_official).order_by("pk").values_list("summary", flat=True)
    ) == [
        "The draft report of SOM 26 is circulated for comment",
        "The draft report of SOM 26 is circulated for comment",
        "The report of SOM 26 was issued final",
    ]
    # A focal point reads the final report only, and is told of that alone.
    assert list(told.filter(recipient=focal_point).values_list("summary", flat=True)) == [
        "The report of SOM 26 was issued final"
    ]
    bodies = [m.body for m in mail.outbox if senior_official.email in m.to]
    assert any("by 28 February 2999" in body for body in bodies)
    assert any(url("report", world.meeting) in body for body in bodies)


def test_who_attended_each_session_comes_from_the_list_of_participants(world, undp):
    from emg.models import Participant
    from emg.reports import report_text

    report = services.meeting_report_start(meeting=world.meeting)
    Participant.objects.create(session=world.session, name="Ana Silva", entity=world.entity)
    Participant.objects.create(session=world.session, name="Ben Ode", entity=undp)

    sections = report_text(report)["sections"]

    assert sections[1]["title"] == "Attendance"
    (line,) = sections[1]["paragraphs"]
    assert line.startswith("Senior officials' segment, 28 October 2020")
    assert "2 participants, from " in line
    assert world.entity.acronym in line and undp.acronym in line
