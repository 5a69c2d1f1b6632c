"""The pack's own page numbers, stamped onto its merged pages.

The contents cite pages through the whole pack, while each document numbers only its own
("Page 1 of 4"). So every page after the cover gets the pack's number in the foot's right-hand
corner. Printing the numbers into the parts would tie each part to its place in the pack, and a
change to one document would re-print every part after it; instead the numbers are printed once
for all packs, BLOCK to a PDF (a ``RenderedPart`` under the hash of its HTML), and each drawn
onto its page as a form, marked as a pagination artifact."""

from __future__ import annotations

from contextlib import ExitStack

from django.template.loader import render_to_string
from pikepdf import Name, Page, Pdf, Stream

from emg.models import RenderedPart

# Numbers per printed PDF: one print covers a 20-page pack, and each next twenty one more (a
# page of its own costs WeasyPrint some 15 ms, printed once for all packs).
BLOCK = 20

# The page's own drawing is closed in q … Q so that no state it leaves changes the number's.
_BEFORE = b"q\n"
# The number: a pagination mark, no part of any document's text, as tagged PDF wants what its
# structure tree does not hold.
_NUMBER = b"Q\n/Artifact <</Type /Pagination>> BDC q 1 0 0 1 %.3f %.3f cm %s Do Q EMC\n"


def numbers_html(block: int) -> str:
    first = block * BLOCK + 1
    numbers = range(first, first + BLOCK)
    return render_to_string(
        "documents/page_numbers.html",
        {"numbers": numbers, "first": first, "last": numbers[-1]},
    )


class PageNumbers:
    """The printed numbers, each block printed (or read from its part) once when first asked;
    the PDFs stay open in ``files`` until the pack that draws them is written."""

    def __init__(self, part_for, files: ExitStack):
        # ``part_for(html, tagged=False)``: the printed part of ``html`` (emg.packs.build),
        # passed in rather than imported, since build imports this module.
        self._part_for = part_for
        self._files = files
        self._blocks: dict[int, Pdf] = {}

    def page(self, number: int) -> Page:
        block, index = divmod(number - 1, BLOCK)
        if block not in self._blocks:
            part: RenderedPart = self._part_for(numbers_html(block), tagged=False)
            self._blocks[block] = self._files.enter_context(Pdf.open(part.file.path))
        return self._blocks[block].pages[index]


def stamp_page_numbers(pack: Pdf, numbers: PageNumbers, *, first: int = 2) -> None:
    """Stamp every page of ``pack`` from page ``first`` on (from 1; the cover bears none) with
    its number in the pack, in the bottom right-hand corner whatever the page's size."""
    for number, page in enumerate(pack.pages, start=1):
        if number < first:
            continue
        stamp = numbers.page(number)
        name = page.add_resource(
            pack.copy_foreign(stamp.as_form_xobject()), Name.XObject, prefix="PackNumber"
        )
        box, own = page.mediabox, stamp.mediabox
        right, bottom = float(box[2]) - float(own[2]), float(box[1]) - float(own[1])
        page.contents_add(Stream(pack, _BEFORE), prepend=True)
        page.contents_add(Stream(pack, _NUMBER % (right, bottom, str(name).encode())))
