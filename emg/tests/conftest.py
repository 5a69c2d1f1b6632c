"""Fixtures the emg tests share."""

import pytest

from emg import pdf
from emg.tests.packs import som_with_every_kind


@pytest.fixture
def renders(monkeypatch):
    """The HTML pages WeasyPrint is asked to print, in order (each is still printed)."""
    printed = []
    real = pdf.print_html

    def counting(html, **options):
        printed.append(html)
        return real(html, **options)

    monkeypatch.setattr(pdf, "print_html", counting)
    return printed


@pytest.fixture
def som(world):
    """The world's SOM 26 with a document of every kind (emg.tests.packs)."""
    return som_with_every_kind(world)
