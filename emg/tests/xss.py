"""Reading back what a payload became: the page's text and anything in it that came alive (a
tag, an event handler, a javascript: URL), a PDF's text and actions, a Word file's text, and
whether a CSV or XLSX cell would run as a formula."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from html.parser import HTMLParser
from xml.etree import ElementTree

from openpyxl import load_workbook
from pypdf import PdfReader

from emg.tests import payloads
from emg.tests.payloads import fitted

# What counts as markup coming alive.

DANGEROUS_TAGS = {"iframe", "object", "embed", "svg", "math", "mglyph", "base", "details"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "background"}
# The pages' own pictures (emg/pictures.py) are inline SVG, and a work plan's schedules a
# <details>: such a tag is the templates' when it has the class they give it. A payload that
# brought one to life with that class would still be caught by its handler or script.
OWN_TAGS = {"svg": "emg-picture-svg", "details": "emg-picture-data"}


def own(tag: str, attrs) -> bool:
    return OWN_TAGS.get(tag, "\0") in (dict(attrs).get("class") or "").split()


class Reader(HTMLParser):
    """The page's text, and every piece of the page that a payload could have brought to life."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.live: list[str] = []
        self.bodies = 0
        self.inputs: list[str] = []  # the values of <input> fields
        self._inside: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS and not own(tag, attrs):
            self.live.append(f"<{tag}>")
        if tag == "body":
            self.bodies += 1
        if tag == "input":
            self.inputs.append(dict(attrs).get("value") or "")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.live.append("<img src=x>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.live.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES and value.strip().lower().startswith("javascript:"):
                self.live.append(f"<{tag} {name}={value}>")
            if name == "style" and "expression(" in value:
                self.live.append(f"<{tag} style={value}>")
            if name.startswith(("hx-", "data-hx-")) and "logout" in value:
                self.live.append(f"<{tag} {name}={value}>")
        if tag in ("script", "style"):
            self._inside.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style") and self._inside:
            self._inside.pop()

    def handle_endtag(self, tag):
        if self._inside and self._inside[-1] == tag:
            self._inside.pop()

    def handle_data(self, data):
        if self._inside:
            if "alert(" in data or "expression(" in data:
                self.live.append(f"<{self._inside[-1]}>{data[:60]}")
            return
        self.texts.append(data)

    @property
    def text(self) -> str:
        return squeeze("".join(self.texts))


def squeeze(text: str) -> str:
    return " ".join(text.split())


def read(page: str) -> Reader:
    reader = Reader()
    reader.feed(page)
    reader.close()
    return reader


def assert_shown_as_text(page: str, value: str, where: str) -> int:
    """``value`` appears on ``page`` as text and nothing on the page is live markup; returns the
    number of checks made."""
    reader = read(page)
    assert not reader.live, f"{where}: live markup {reader.live[:3]}"
    assert reader.bodies <= 1, f"{where}: a second <body>"
    assert squeeze(value) in reader.text, f"{where}: {value[:80]!r} is not shown as text"
    return 1


# Text that is no markup even when a page forgets to escape it (some payloads are aimed at
# filters that strip tags, not at pages that forget to escape).
INERT = {
    "<scr<script>ipt>alert(20)</scr</script>ipt>",
    "javascript:alert(4)",
    "<!--<img src=x onerror=alert(18)>--> <![CDATA[<script>alert(18)</script>]]>",
    "{{ 7*7 }} {% debug %} {{ request.user.password }}",
    "\\u003cscript\\u003ealert(16)\\u003c/script\\u003e &lt;script&gt;alert(16)&lt;/script&gt;",
    "\uff1cscript\uff1ealert(17)\uff1c/script\uff1e \u202eevil\u202c",
}


# PDFs, DOCX and spreadsheets.

PDF_ACTIONS = (b"/JavaScript", b"/JS ", b"/JS(", b"/OpenAction", b"/Launch", b"/AA ", b"/AA<<")


def pdf_text(data: bytes, symbol: str) -> str:
    """The PDF's text without white space or the running header and footer (a long value runs
    over pages); and no action in the PDF runs anything."""
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None:
                action = action.get_object()
                assert action.get("/S") not in ("/JavaScript", "/Launch")
                uri = str(action.get("/URI", ""))
                assert not uri.strip().lower().startswith("javascript:"), uri
    root = reader.trailer["/Root"]
    assert "/OpenAction" not in root and "/AA" not in root
    assert "/JavaScript" not in (root.get("/Names") or {})
    for marker in PDF_ACTIONS:
        assert marker not in data, marker
    lines = []
    for page in reader.pages:
        # Where a font had no glyph (a control character), pypdf may read text back as UTF-16.
        for line in page.extract_text().replace("\x00", "").splitlines():
            if line.strip() != symbol and not re.fullmatch(r"Page \d+ of \d+", line.strip()):
                lines.append(line)
    return "".join("".join(lines).split())


def printed_whole(shown: str, text: str) -> bool:
    """``shown`` is in ``text``, whole or in two parts in order: a table cell cut by a page break
    is read back with what the page printed after it (the row's other cells) and the next page's
    heads (its running header, the table's header row) in between."""
    if shown in text:
        return True
    for cut in range(1, len(shown)):
        at = text.find(shown[:cut])
        if at >= 0 and text.find(shown[cut:], at + cut) >= 0:
            return True
    return False


def printable(payload: str) -> bool:
    """What a PDF's text layer gives back exactly: printable ASCII (no control characters, no
    right-to-left overrides, no full-width forms)."""
    return all(32 <= ord(character) < 127 for character in payload)


def in_value(value: str, length: int | None) -> list[str]:
    """The corpus payloads that ``value`` carries whole."""
    return [p for p in payloads.EVERY if fitted(p, length) in value and fitted(p, length)]


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(data: bytes) -> str:
    """Every paragraph of the Word file's body, headers and footnotes, white space squeezed."""
    paragraphs = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                root = ElementTree.fromstring(archive.read(name))
                for paragraph in root.iter(f"{W}p"):
                    paragraphs.append("".join(t.text or "" for t in paragraph.iter(f"{W}t")))
    return squeeze("\n".join(paragraphs))


NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def in_xml(value: str) -> str:
    """``value`` as XML (XLSX, DOCX) can hold it: less the control characters it refuses."""
    return NOT_IN_XML.sub("", value)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def assert_csv_neutral(data: bytes, value: str) -> int:
    cells = [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]
    for cell in cells:
        assert not cell.startswith(FORMULA_STARTS), f"CSV cell a spreadsheet would run: {cell!r}"
    shown = [cell[1:] if cell.startswith("'") else cell for cell in cells]
    assert any(value in cell for cell in shown), f"CSV: {value[:80]!r} missing"
    return 1


def assert_xlsx_neutral(data: bytes, value: str) -> int:
    sheet = load_workbook(io.BytesIO(data)).active
    found = False
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"XLSX formula cell {cell.coordinate}: {cell.value!r}"
            if isinstance(cell.value, str):
                if cell.value.startswith(FORMULA_STARTS):
                    assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
                found = found or in_xml(value) in cell.value
    assert found, f"XLSX: {value[:80]!r} missing"
    return 1
