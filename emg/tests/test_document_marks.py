"""The revision and draft marks of a printed document: its head and the running header of its
pages after the first show its symbol, revision mark ("Rev.1", from the chain of documents it
supersedes, or the work plan's own issue), "Draft" for a draft, its date and distribution."""

import datetime

import pytest

from emg.documents import document_html
from emg.models import AgendaItem, Document
from emg.tests.test_document_rendering import document_of, pdf_of, pdf_text
from workplans.models import WorkPlan

pytestmark = pytest.mark.django_db


def head_of(html: str) -> str:
    return html.split('<main class="un-body">')[0]


def agenda_document(world, symbol, **fields):
    document = document_of(
        world.meeting, kind=Document.Kind.AGENDA, symbol=symbol, meeting=world.meeting
    )
    Document.objects.filter(pk=document.pk).update(**fields)
    document.refresh_from_db()
    return document


def test_a_revision_prints_rev_and_the_number_of_documents_it_supersedes(world):
    original = agenda_document(world, "EMG/SOM.26/01", status=Document.Status.FINAL)
    first = agenda_document(world, "EMG/SOM.26/01/A", supersedes=original)
    second = agenda_document(
        world, "EMG/SOM.26/01/B", supersedes=first, status=Document.Status.FINAL
    )

    assert '<p class="un-revision">' not in head_of(document_html(original))
    assert '<p class="un-revision">Rev.1 · Draft</p>' in head_of(document_html(first))
    assert '<p class="un-revision">Rev.2</p>' in head_of(document_html(second))


def test_a_symbol_that_names_its_revision_is_not_marked_twice(world):
    original = agenda_document(world, "EMG/SOM.26/01", status=Document.Status.FINAL)
    revision = agenda_document(
        world, "EMG/SOM.26/01/Rev.1", supersedes=original, status=Document.Status.FINAL
    )

    head = head_of(document_html(revision))

    assert "EMG/SOM.26/01/Rev.1" in head
    assert "un-revision" not in head


def test_every_page_after_the_first_is_headed_by_symbol_mark_date_and_distribution(world):
    for order in range(2, 80):  # an agenda of three pages or more
        AgendaItem.objects.create(meeting=world.meeting, order=order, title=f"Item number {order}")
    document = agenda_document(world, "EMG/SOM.26/01", date=datetime.date(2020, 10, 14))

    reader, _text = pdf_text(pdf_of(document))

    assert len(reader.pages) >= 2
    running = "EMG/SOM.26/01 · Draft · 14 October 2020 · Distribution: General"
    first = " ".join(reader.pages[0].extract_text().split())
    assert "EMG/SOM.26/01 Draft Distribution: General 14 October 2020" in first
    assert running not in first  # the first page has the full head instead
    for page in reader.pages[1:]:
        assert running in " ".join(page.extract_text().split())


def test_the_printed_work_plan_shows_its_documents_symbol_date_distribution_and_issue(world):
    plan = world.work_plan
    WorkPlan.objects.filter(pk=plan.pk).update(revision=1, status=WorkPlan.Status.DRAFT)
    document = document_of(plan, kind=Document.Kind.WORK_PLAN, symbol="EMG/SOM.26/07")
    Document.objects.filter(pk=document.pk).update(
        date=datetime.date(2020, 10, 1), status=Document.Status.FINAL
    )
    document.refresh_from_db()

    html = document_html(document)
    _reader, text = pdf_text(pdf_of(document))

    assert '<p class="un-revision">Rev.1 · Draft</p>' in head_of(html)
    assert "EMG/SOM.26/07 Rev.1 · Draft Distribution: General 1 October 2020" in text

    WorkPlan.objects.filter(pk=plan.pk).update(revision=0, status=WorkPlan.Status.APPROVED)
    document.refresh_from_db()
    assert "un-revision" not in head_of(document_html(document))
