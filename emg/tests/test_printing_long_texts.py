"""Long texts print in time growing with their length, and a text at the longest the workspace
allows prints whole, alone and in the meeting's pack.

WeasyPrint lays a flex item's text out word by word again on every page the item spans, and
measures an automatically laid-out table cell's text word by word: a decision, a clause or a
table cell of tens of pages printed in minutes. The tests count how often WeasyPrint breaks text
into lines, which such layouts multiply; they time nothing."""

import io
import re
from collections import Counter

import pytest
from pypdf import PdfReader
from weasyprint.layout import inline, preferred

from emg import limits
from emg.documents import document_html
from emg.models import Document, MeetingPack
from emg.pdf import html_to_pdf
from emg.tests.packs import build, reader_of, source_of
from emg.tests.test_document_rendering import document_of, pdf_of
from mandates.models import Clause, Decision
from mandates.models import Footnote as TorFootnote
from progress.models import Update

SENTENCE = (
    "The Senior Officials request the Issue Management Group to prepare a common approach to "
    "environmental and social sustainability, drawing on the experience of its members. "
)


def prose(length: int, *, end: str = "") -> str:
    """One paragraph of prose, ``length`` characters long, ending with ``end``."""
    return (SENTENCE * (length // len(SENTENCE) + 1))[: length - len(end)] + end


@pytest.fixture
def laid_out(monkeypatch):
    """How often WeasyPrint breaks text into lines (each still done): ``lines``, laying the
    page out; ``measured``, measuring how wide a box's text is at least or at most, word by word
    (for flex items, table cells laid out automatically, floats)."""
    counted = Counter()
    for module, what in ((inline, "lines"), (preferred, "measured")):
        real = module.split_first_line

        def counting(*args, real=real, what=what, **kwargs):
            counted[what] += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(module, "split_first_line", counting)
    return counted


def put_text(world, where: str, text: str):
    """Write ``text`` into the field ``where`` of the world's records; the record and the kind
    of the document that prints it."""
    if where == "decision":
        Decision.objects.filter(pk=world.decision.pk).update(text=text)
        return world.meeting, Document.Kind.ACTION_POINTS
    if where == "clause":
        Clause.objects.update_or_create(
            tor=world.tor,
            parent=world.clause,
            order=1,
            defaults={"kind": Clause.Kind.PARAGRAPH, "text": text},
        )
        return world.tor, Document.Kind.TERMS_OF_REFERENCE
    plan, report = Document.Kind.WORK_PLAN, Document.Kind.PROGRESS_REPORT
    row, field, kind = {
        "activity description": (world.activity, "description", plan),
        "milestone": (world.milestone, "text", plan),
        "outcome statement": (world.outcome, "statement", plan),
        "task": (world.task, "text", report),
        "progress item": (world.update.items.get(), "text", report),
        "next steps": (world.update, "next_steps", report),
    }[where]
    type(row).objects.filter(pk=row.pk).update(**{field: text})
    return (world.work_plan if kind == plan else world.round), kind


WHERE = [
    "decision",
    "clause",
    "activity description",
    "milestone",
    "outcome statement",
    "task",
    "progress item",
    "next steps",
]


@pytest.mark.parametrize("where", WHERE)
def test_printing_twice_as_long_a_text_lays_out_about_twice_as_much(where, world, laid_out):
    Update.objects.filter(pk=world.update.pk).update(state=Update.State.ACCEPTED)
    work = []
    for length in (6_000, 12_000):
        source, kind = put_text(world, where, prose(length))
        document = document_of(source, kind=kind, symbol=f"EMG/SOM.26/{length}")
        html = document_html(document)
        laid_out.clear()
        html_to_pdf(html)
        work.append(dict(laid_out))

    shorter, longer = work
    # Twice the lines, twice the work (and a little more for the heads of more pages) ...
    assert longer["lines"] <= 2.3 * shorter["lines"], work
    # ... and the text not measured word by word: what is measured grows with the pages (their
    # running heads and footers), not with the 1,000 words added.
    assert longer.get("measured", 0) - shorter.get("measured", 0) < 100, work


def printed_text(reader: PdfReader, symbol: str) -> str:
    """The text of every page, without the running header (the symbol, then the revision
    mark, date and distribution) and footer (and the pack's page number) that end each one."""
    furniture = re.compile(
        rf"(?:{re.escape(symbol)}(?: · [^\n]*)?\s*)?Page \d+ of \d+(?:\s+\d+)?\s*$"
    )
    return " ".join(
        " ".join(furniture.sub("", page.extract_text().rstrip()) for page in reader.pages).split()
    )


def test_a_decision_as_long_as_allowed_prints_whole_alone_and_in_the_pack(world):
    text = prose(limits.TEXT, end=" and report at the end of this very long decision.")
    Decision.objects.filter(pk=world.decision.pk).update(text=text)
    Document.objects.filter(pk=world.document.pk).update(**source_of(world.meeting))
    document = Document.objects.get(pk=world.document.pk)

    alone = PdfReader(io.BytesIO(pdf_of(document)))
    pack = build(world.meeting)

    assert pack.status == MeetingPack.Status.READY
    assert len(alone.pages) > 5
    for reader in (alone, reader_of(pack)):
        assert " ".join(text.split()) in printed_text(reader, document.symbol)


def test_footnotes_as_long_as_allowed_print_whole_at_the_foot_of_the_pages(world):
    # A footnote cannot run on to the next page: one longer than a page would be cut short.
    notes = [prose(limits.NOTE, end=f" and so ends note {number}.") for number in range(1, 5)]
    for number, note in enumerate(notes, start=1):
        TorFootnote.objects.update_or_create(
            tor=world.tor, order=number, defaults={"clause": world.clause, "text": note}
        )
    document = document_of(world.tor, kind=Document.Kind.TERMS_OF_REFERENCE, symbol="EMG/1")

    reader = PdfReader(io.BytesIO(pdf_of(document)))

    printed = printed_text(reader, document.symbol)
    for note in notes:
        assert " ".join(note.split()) in printed
