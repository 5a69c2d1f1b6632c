"""What the tests of the pictures share: every inline SVG of a page, parsed as XML, which
must succeed, with the title, description and role a screen reader needs; and a PDF's text."""

import io
import re
import xml.etree.ElementTree as ET

from pypdf import PdfReader

SVG = "{http://www.w3.org/2000/svg}"
_INLINE = re.compile(r"<svg\b.*?</svg>", re.DOTALL)


def pictures_of(html: str) -> list[ET.Element]:
    """Each <svg> of ``html``, parsed; each must be labelled by its own <title> and <desc>, an
    image ("img"), or a "group" when it holds links (an image may hold no control)."""
    pictures = []
    for markup in _INLINE.findall(html):
        svg = ET.fromstring(markup)
        links = list(svg.iter(f"{SVG}a"))
        assert svg.get("role") == ("group" if links else "img")
        assert "style" not in markup.lower().replace("font-style", "")
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title is not None and title.text.strip()
        assert desc is not None and desc.text.strip()
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        pictures.append(svg)
    return pictures


def find_all(svg: ET.Element, tag: str, css_class: str) -> list[ET.Element]:
    return [
        element
        for element in svg.iter(f"{SVG}{tag}")
        if css_class in (element.get("class") or "").split()
    ]


def texts(svg: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in svg.iter(f"{SVG}text")]


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())
