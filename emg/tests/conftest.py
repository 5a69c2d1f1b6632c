"""Fixtures the emg tests share."""

import pytest

from emg import pdf
from emg.tests.packs import som_with_every_kind


@pytest.fixture
def renders(monkeypatch):
    """The HTML pages WeasyPrint is asked to print, in order (each is still printed). Pages
    printed side by side are counted as they are handed over: the processes printing them
    keep their own memory."""
    printed, side_by_side = [], []
    real, real_side_by_side = pdf.print_html, pdf.print_side_by_side

    def counting(html, **options):
        if not side_by_side:
            printed.append(html)
        return real(html, **options)

    def counting_side_by_side(pages, *args, **options):
        printed.extend(pages)
        side_by_side.append(pages)
        try:
            return real_side_by_side(pages, *args, **options)
        finally:
            side_by_side.pop()

    monkeypatch.setattr(pdf, "print_html", counting)
    monkeypatch.setattr(pdf, "print_side_by_side", counting_side_by_side)
    return printed


@pytest.fixture
def som(world):
    """The world's SOM 26 with a document of every kind (emg.tests.packs)."""
    return som_with_every_kind(world)
