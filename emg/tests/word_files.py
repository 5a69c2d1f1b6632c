"""What the tests of reading Word files share: the round trip (records → the workspace's own
Word file → an import into a database without those records), the fields of a record as plain
values, and small Word files built by hand the way people lay them out in Word."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import models, transaction
from docx import Document as new_word_document
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from emg.docx import document_docx, docx_filename
from emg.importing import Result, Source, import_source
from emg.models import Document

SAMPLES = settings.BASE_DIR / "sample_data"


def import_sample(name: str) -> Result:
    result = import_source(Source(name, (SAMPLES / name).read_text(encoding="utf-8")))
    assert result.ok, result.problem
    return result


def import_word(name: str, data: bytes) -> Result:
    return import_source(Source.from_upload(name, data))


def round_trip(make: Callable[[], Document], read: Callable[[], Any]) -> tuple[Any, Any, Result]:
    """Make the records and their Document with ``make``, read them with ``read``, write the
    document's Word file, and undo everything ``make`` did; then import the Word file and read
    again. Returns what was read before, what was read after, and the import's result."""
    with transaction.atomic():
        document = make()
        before = read()
        name, data = docx_filename(document), document_docx(document).bytes()
        transaction.set_rollback(True)
    result = import_word(name, data)
    assert result.ok, result.problem
    return before, read(), result


def values(row: models.Model | None, *names: str) -> dict | None:
    """The fields ``names`` of ``row`` as plain values; a related row by what it says of
    itself, never by its id (ids differ after the round trip)."""
    if row is None:
        return None
    found = {}
    for name in names:
        value = getattr(row, name)
        found[name] = str(value) if isinstance(value, models.Model) else value
    return found


def document_values(document: Document) -> dict:
    found = values(
        document,
        "symbol",
        "title",
        "kind",
        "date",
        "distribution",
        "author_line",
        "status",
        "language",
    )
    found["meeting"] = document.meeting.number if document.meeting else None
    return found


# Word files laid out by hand

# Word's own list definitions: a number format and the text around the number, per level.
LEVELS = {
    "legal": [("decimal", "%1."), ("lowerLetter", "%2)"), ("lowerRoman", "(%3)")],
    "outline": [("upperLetter", "%1."), ("decimal", "%2."), ("lowerLetter", "(%3)")],
    "roman": [("upperRoman", "%1."), ("lowerLetter", "%2)"), ("lowerRoman", "%3.")],
    "bullets": [("bullet", "\uf0b7"), ("bullet", "o"), ("bullet", "\uf0a7")],
}


class WordFile:
    """A Word document written the way Word writes one: lists numbered by Word (numbering.xml
    and each paragraph's numPr, no typed labels), headings by style, footnotes in their part."""

    def __init__(self):
        self.document = new_word_document()
        self.numbering = self.document.part.numbering_part.element
        self.lists: dict[str, int] = {}
        self.notes: dict[str, XmlPart] = {}
        self.next_note = 1

    def list_id(self, kind: str, *, restart: bool = False) -> int:
        """The numId of a list of ``kind`` (see LEVELS); a new instance when ``restart``."""
        if kind in self.lists and not restart:
            return self.lists[kind]
        abstract_id = len(self.numbering.findall(qn("w:abstractNum"))) + 10
        levels = "".join(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{720 * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
            for level, (fmt, text) in enumerate(LEVELS[kind])
        )
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>'
        )
        first_num = self.numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.numbering.append(abstract)
        num_id = len(self.numbering.findall(qn("w:num"))) + 20
        num = parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}">'
            f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'
        )
        self.numbering.append(num)
        self.lists[kind] = num_id
        return num_id

    def paragraph(self, text: str = "", *, style: str | None = None, container=None):
        container = container if container is not None else self.document
        paragraph = container.add_paragraph(style=style)
        if text:
            paragraph.add_run(text)
        return paragraph

    def item(
        self,
        text: str,
        *,
        kind: str,
        level: int = 0,
        style: str = "List Paragraph",
        container=None,
        restart=False,
    ):
        """A paragraph of a Word list: the number is Word's, not typed."""
        paragraph = self.paragraph(text, style=style, container=container)
        properties = paragraph._p.get_or_add_pPr()
        num_pr = OxmlElement("w:numPr")
        num_pr.append(OxmlElement("w:ilvl", {qn("w:val"): str(level)}))
        num_pr.append(
            OxmlElement("w:numId", {qn("w:val"): str(self.list_id(kind, restart=restart))})
        )
        properties.insert(1 if properties.find(qn("w:pStyle")) is not None else 0, num_pr)
        return paragraph

    def footnote(self, paragraph, text: str, *, kind: str = "footnote") -> int:
        """A real Word footnote (or endnote) whose mark ends ``paragraph`` as it stands; its id."""
        if kind not in self.notes:
            content_type = (
                CONTENT_TYPE.WML_FOOTNOTES if kind == "footnote" else (CONTENT_TYPE.WML_ENDNOTES)
            )
            reltype = (
                RELATIONSHIP_TYPE.FOOTNOTES if kind == "footnote" else (RELATIONSHIP_TYPE.ENDNOTES)
            )
            self.notes[kind] = XmlPart(
                PackURI(f"/word/{kind}s.xml"),
                content_type,
                parse_xml(
                    f"<w:{kind}s {nsdecls('w')}>"
                    f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
                    f"</w:p></w:{kind}></w:{kind}s>"
                ),
                self.document.part.package,
            )
            self.document.part.relate_to(self.notes[kind], reltype)
        # Word numbers notes by their order in the text; the ids need not follow it.
        note_id = 100 + self.next_note * 7
        self.next_note += 1
        note = parse_xml(
            f'<w:{kind} {nsdecls("w")} w:id="{note_id}"><w:p>'
            f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{kind}Ref/></w:r>'
            f'<w:r><w:t xml:space="preserve"> </w:t></w:r><w:r><w:t/></w:r></w:p></w:{kind}>'
        )
        note.findall(".//" + qn("w:t"))[-1].text = text
        self.notes[kind].element.append(note)
        self.mark(paragraph, note_id, kind=kind)
        return note_id

    @staticmethod
    def mark(paragraph, note_id: int, *, kind: str = "footnote") -> None:
        run = paragraph.add_run()
        run.font.superscript = True
        run._r.append(OxmlElement(f"w:{kind}Reference", {qn("w:id"): str(note_id)}))

    def table(self, rows: Iterable[Iterable[str | list[str]]], columns: int):
        """A table; a cell given as a list holds one paragraph per string."""
        table = self.document.add_table(rows=0, cols=columns)
        for row in rows:
            cells = table.add_row().cells
            for cell, content in zip(cells, row, strict=True):
                for position, text in enumerate([content] if isinstance(content, str) else content):
                    if position == 0:
                        cell.paragraphs[0].add_run(text)
                    else:
                        cell.add_paragraph(text)
        return table

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def differences(before: Any, after: Any, path: str = "") -> list[str]:
    """Where ``after`` differs from ``before``, one line per field: "outcomes[0].heading:
    'A' became 'B'"."""
    if isinstance(before, dict) and isinstance(after, dict):
        found = []
        for key in dict.fromkeys([*before, *after]):
            found += differences(before.get(key), after.get(key), f"{path}.{key}".lstrip("."))
        return found
    if isinstance(before, list) and isinstance(after, list):
        found = []
        for index in range(max(len(before), len(after))):
            found += differences(
                before[index] if index < len(before) else None,
                after[index] if index < len(after) else None,
                f"{path}[{index}]",
            )
        return found
    return [] if before == after else [f"{path}: {before!r} became {after!r}"]
