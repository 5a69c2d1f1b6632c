"""The pack's own page numbers, stamped onto its merged pages.

The contents cite pages through the whole pack, while each document numbers only its own
("Page 1 of 4"). So every page after the cover gets the pack's number in the foot's right-hand
corner. Printing the numbers into the parts would tie each part to its place in the pack, and a
change to one document would re-print every part after it; instead the numbers are printed once
for all packs, BLOCK to a PDF (a ``RenderedPart`` under the hash of its HTML), and stamped onto
the pages as they are merged."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from pypdf import PageObject, PdfWriter, Transformation
from pypdf.generic import DictionaryObject, NameObject

from emg.models import RenderedPart

# Numbers per printed PDF: one print covers a 20-page pack, and each next twenty one more (a
# page of its own costs WeasyPrint some 15 ms, printed once for all packs).
BLOCK = 20


def numbers_html(block: int) -> str:
    first = block * BLOCK + 1
    numbers = range(first, first + BLOCK)
    return render_to_string(
        "documents/page_numbers.html",
        {"numbers": numbers, "first": first, "last": numbers[-1]},
    )


def _as_artifact(page: PageObject) -> None:
    """``page`` with its drawing marked as an artifact: a pagination mark, no part of any
    document's text, as tagged PDF wants what its structure tree does not hold."""
    contents = page.get_contents()
    contents.operations = [
        (
            [
                NameObject("/Artifact"),
                DictionaryObject({NameObject("/Type"): NameObject("/Pagination")}),
            ],
            b"BDC",
        ),
        *contents.operations,
        ([], b"EMC"),
    ]
    page.replace_contents(contents)


class PageNumbers:
    """The printed numbers, each block printed (or read from its part) once when first asked."""

    def __init__(self, part_for):
        # ``part_for(html, tagged=False)``: the printed part of ``html`` (emg.packs.build),
        # passed in rather than imported, since build imports this module.
        self._part_for = part_for
        self._blocks: dict[int, PdfWriter] = {}

    def page(self, number: int) -> PageObject:
        block, index = divmod(number - 1, BLOCK)
        if block not in self._blocks:
            part: RenderedPart = self._part_for(numbers_html(block), tagged=False)
            with part.file.open("rb") as handle:
                printed = PdfWriter(clone_from=io.BytesIO(handle.read()))
            for page in printed.pages:
                _as_artifact(page)
            self._blocks[block] = printed
        return self._blocks[block].pages[index]


def stamp_page_numbers(writer: PdfWriter, numbers: PageNumbers, *, first: int = 2) -> None:
    """Stamp every page of ``writer`` from page ``first`` on (from 1; the cover bears none)
    with its number in the pack, in the bottom right-hand corner whatever the page's size."""
    for number, page in enumerate(writer.pages, start=1):
        if number < first:
            continue
        stamp = numbers.page(number)
        box, own = page.mediabox, stamp.mediabox
        move = Transformation().translate(
            float(box.right) - float(own.right), float(box.bottom) - float(own.bottom)
        )
        page.merge_transformed_page(stamp, move, over=True)
        # pypdf leaves the merged drawing uncompressed: several times the size of the part's
        page.compress_content_streams()
