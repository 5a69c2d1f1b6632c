"""What the pack tests share: SOM 26 with a document of every kind (``som``), a pack built
here and now, and the PDF read back."""

import io

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from pypdf import PdfReader

from emg import pdf
from emg.models import AgendaItem, Document, Meeting, MeetingPack
from emg.packs.build import pack_build
from emg.tests.factories import uploaded_document
from emg.tests.test_document_rendering import ARABIC, CHINESE
from mandates.models import Decision
from progress.models import Update

UPLOADED_PAGES = 2


def source_of(obj) -> dict:
    return {"source_type": ContentType.objects.get_for_model(obj), "source_id": obj.pk}


def som_with_every_kind(world) -> Meeting:
    """SOM 26 with a document of every kind on two agenda items, an uploaded PDF of two pages,
    an uploaded DOCX, the world's unreadable upload, a third agenda item presenting nothing,
    and a document on no item whose title and decisions are in Arabic and Chinese."""
    Update.objects.filter(pk=world.update.pk).update(state=Update.State.ACCEPTED)
    meeting = world.meeting
    first = world.agenda_item
    second = AgendaItem.objects.create(meeting=meeting, order=2, title="Work plan and progress")
    AgendaItem.objects.create(meeting=meeting, order=3, title="Any other business")
    Document.objects.filter(pk=world.document.pk).update(**source_of(meeting))
    Decision.objects.create(
        section=world.section,
        order=2,
        verb=Decision.Verb.WELCOME,
        text=f"{ARABIC} {CHINESE}",
        mandate=world.mandate,
    )
    pages = "".join(
        f'<p style="break-after: page">Uploaded page {n} of the venue note</p>'
        for n in range(1, UPLOADED_PAGES + 1)
    )
    uploaded_document(
        "venue.pdf",
        pdf.html_to_pdf(pages, tagged=False),  # as an untagged PDF comes from elsewhere
        symbol="EMG/SOM.26/INF.1",
        title="Note on the venue",
        kind=Document.Kind.OTHER,
        meeting=meeting,
        agenda_item=first,
    )
    uploaded_document(
        "logistics.docx",
        b"PK\x03\x04 not really a docx",
        symbol="EMG/SOM.26/INF.2",
        title="Logistics note",
        kind=Document.Kind.OTHER,
        meeting=meeting,
        agenda_item=second,
    )
    for symbol, title, source, kind in (
        ("EMG/SOM.26/04", "Work plan", world.work_plan, Document.Kind.WORK_PLAN),
        ("EMG/SOM.26/05", "Progress report", world.round, Document.Kind.PROGRESS_REPORT),
        ("EMG/SOM.26/06", "Terms of reference", world.tor, Document.Kind.TERMS_OF_REFERENCE),
    ):
        Document.objects.create(
            symbol=symbol,
            title=title,
            kind=kind,
            meeting=meeting,
            agenda_item=second,
            author_line="Note by the Chair",
            **source_of(source),
        )
    Document.objects.create(
        symbol="EMG/SOM.26/INF.3",
        title=f"{ARABIC} {CHINESE}",
        kind=Document.Kind.ACTION_POINTS,
        meeting=meeting,
        **source_of(meeting),
    )
    return meeting


def build(meeting: Meeting) -> MeetingPack:
    pack = MeetingPack.objects.create(meeting=meeting)
    return pack_build(pack.pk)


def reader_of(pack: MeetingPack) -> PdfReader:
    with pack.file.open("rb") as handle:
        return PdfReader(io.BytesIO(handle.read()))


def text_of_pdf(reader: PdfReader, pages=None) -> str:
    chosen = reader.pages if pages is None else [reader.pages[i] for i in pages]
    return " ".join(" ".join(page.extract_text() for page in chosen).split())


def outline_of(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page number from 1) of every bookmark, in order."""
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def packs_url(meeting):
    return reverse("packs:list", kwargs={"number": meeting.number})
