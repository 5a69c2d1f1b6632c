"""Reading a Word (.docx) file into the text form every reader reads (see emg.importing.Source).

The legacy documents reached the importer as text extractions: paragraphs parted by blank lines,
a table row on one line with its cells parted by tabs and each cell's paragraphs in <p> tags,
footnotes as lines starting with their number after the paragraph that marks them. A Word file is
turned into that same form, so one reader per kind of document reads both:

- the body is walked in order, paragraphs and tables as they come;
- numbering Word computes (list paragraphs, numbered headings) is written out as a typed label
  would be ("1.", "a)", "(i)", "A."), from the list definitions in numbering.xml;
- merged cells keep the columns aligned: a cell spanning two columns is followed by an empty one,
  a cell merged with the one above is empty (its text stands in the first row of the merge);
- a footnote's mark is a superscript number glued to the word it follows ("Group¹"), and its text
  a paragraph of its own after the paragraph (or table) that marks it ("¹ See report …").

Each line of the text remembers where it came from in the Word file ("paragraph 12", "table 2,
row 3"), so a problem is reported in words a Word user can find.
"""

from __future__ import annotations

import html
import io
import zipfile
from dataclasses import dataclass, field

from docx import Document as open_word_document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree

from emg import numbering
from emg.importing.text import LINE_BREAK

# A .docx is a zip: a few kilobytes can unpack into gigabytes of XML. The declared sizes bound
# what zipfile will ever unpack, so they are checked before anything is opened.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_PARTS = 2000

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
BULLET = "\u2022"
# How many words of a paragraph name it in a message.
QUOTED_WORDS = 6


class WordProblem(Exception):
    """The file cannot be read as a Word document; the message says why."""


@dataclass
class WordText:
    """The text form of a Word file: its lines, and where in the file each line comes from."""

    lines: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)

    def add(self, text: str, place: str) -> None:
        for line in text.split("\n"):
            self.lines.append(line)
            self.places.append(place)

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.add("", "")


def check_package(data: bytes) -> None:
    """Refuse a zip whose parts would unpack into more than the importer reads."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile as error:
        raise WordProblem("the file is damaged: it is not a readable Word (.docx) file") from error
    if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise WordProblem(
            f"the Word file unpacks into more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB; "
            "save the document as text, or split it"
        )
    if "word/document.xml" not in {part.filename for part in parts}:
        raise WordProblem("the file is a zip archive but not a Word (.docx) document")


def read_word(data: bytes) -> WordText:
    check_package(data)
    try:
        document = open_word_document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise WordProblem(
            "the file is damaged: it is not a readable Word (.docx) document"
        ) from error
    try:
        return _Walker(document).text
    except (KeyError, ValueError, etree.XMLSyntaxError) as error:
        # A number that is not one where Word writes numbers (a list level, a span), a part
        # that is not XML: a file no version of Word wrote.
        raise WordProblem("the file is damaged: its Word XML cannot be read") from error


def _related_xml(part, reltype: str):
    """The XML of the part ``part`` relates to by ``reltype`` (numbering, footnotes, styles),
    or None. python-docx has no reading API for footnotes, so parts are read as XML."""
    for rel in part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            target = rel.target_part
            element = getattr(target, "element", None)
            return element if element is not None else parse_xml(target.blob)
    return None


def _val(element, name: str = "w:val") -> str | None:
    return None if element is None else element.get(qn(name))


@dataclass
class _Level:
    start: int
    fmt: str
    text: str
    restart: int | None = None  # w:lvlRestart: 0 when a new item above never restarts it


class _Numbering:
    """Word's list numbering, computed in document order as Word would show it."""

    def __init__(self, element, styles):
        self.levels: dict[str, dict[int, _Level]] = {}  # numId → level → definition
        self.starts: dict[str, dict[int, int]] = {}  # numId → level → startOverride
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}  # abstract list → level → current value
        self.styles = styles
        if element is None:
            return
        abstracts = {}
        for abstract in element.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in abstract.findall(qn("w:lvl")):
                restart = _val(lvl.find(qn("w:lvlRestart")))
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = _Level(
                    start=int(_val(lvl.find(qn("w:start"))) or 1),
                    fmt=_val(lvl.find(qn("w:numFmt"))) or "decimal",
                    text=_val(lvl.find(qn("w:lvlText"))) or "",
                    restart=int(restart) if restart is not None else None,
                )
            abstracts[abstract.get(qn("w:abstractNumId"))] = levels
        for num in element.findall(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            abstract_id = _val(num.find(qn("w:abstractNumId")))
            self.abstract_of[num_id] = abstract_id
            self.levels[num_id] = abstracts.get(abstract_id, {})
            for override in num.findall(qn("w:lvlOverride")):
                start = _val(override.find(qn("w:startOverride")))
                if start is not None:
                    level = int(override.get(qn("w:ilvl"), "0"))
                    self.starts.setdefault(num_id, {})[level] = int(start)

    def label(self, paragraph) -> str:
        """The label Word shows before ``paragraph`` ("2.", "b)", "(iii)", "•"), or ""."""
        num_id, level = self._numbering_of(paragraph)
        if num_id is None or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        if level not in levels:
            return ""
        # A list instance with its own start values counts apart; otherwise lists that share a
        # definition go on counting, as Word does for paragraphs of one list style.
        key = num_id if num_id in self.starts else f"abstract:{self.abstract_of[num_id]}"
        counters = self.counters.setdefault(key, {})
        definition = levels[level]
        start = self.starts.get(num_id, {}).get(level, definition.start)
        counters[level] = counters[level] + 1 if level in counters else start
        for deeper in [lvl for lvl in counters if lvl > level]:
            # A new item starts the levels under it again, unless Word is told never to.
            below = levels.get(deeper)
            if below is None or below.restart != 0:
                del counters[deeper]
        if definition.fmt == "bullet":
            return BULLET
        if definition.fmt == "none":
            return ""
        text = definition.text
        for shown in range(level, -1, -1):
            placeholder = f"%{shown + 1}"
            if placeholder in text:
                value = counters.get(shown, levels.get(shown, definition).start)
                fmt = levels[shown].fmt if shown in levels else "decimal"
                text = text.replace(placeholder, _formatted(value, fmt))
        return text.strip()

    def level(self, paragraph) -> int | None:
        """The list level of ``paragraph`` (0 for the top), or None when it is not numbered."""
        num_id, level = self._numbering_of(paragraph)
        return level if num_id not in (None, "0") and num_id in self.levels else None

    def _numbering_of(self, paragraph) -> tuple[str | None, int]:
        properties = paragraph.find(qn("w:pPr"))
        num_pr = properties.find(qn("w:numPr")) if properties is not None else None
        num_id = _val(num_pr.find(qn("w:numId"))) if num_pr is not None else None
        level = _val(num_pr.find(qn("w:ilvl"))) if num_pr is not None else None
        if num_id is None and properties is not None:
            style_num_id, style_level = self.styles.numbering(_val(properties.find(qn("w:pStyle"))))
            num_id = style_num_id
            level = level if level is not None else style_level
        return num_id, int(level or 0)


def _formatted(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = numbering.to_letters(value)
        return letters.lower() if fmt == "lowerLetter" else letters.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        roman = numbering.to_roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman.upper()
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


class _Styles:
    """What a paragraph style gives its paragraphs (list numbering, as a numbered "Heading 1"
    or "List Number" carries it; indentation), looked up along the style's basedOn chain."""

    def __init__(self, element):
        self.styles = {}
        if element is not None:
            for style in element.findall(qn("w:style")):
                self.styles[style.get(qn("w:styleId"))] = style

    def _chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            yield self.styles[style_id]
            style_id = _val(self.styles[style_id].find(qn("w:basedOn")))

    def numbering(self, style_id: str | None) -> tuple[str | None, int]:
        for style in self._chain(style_id):
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None:
                num_id = _val(num_pr.find(qn("w:numId")))
                if num_id is not None:
                    return num_id, int(_val(num_pr.find(qn("w:ilvl"))) or 0)
        return None, 0

    def indentation(self, style_id: str | None) -> int:
        for style in self._chain(style_id):
            if (indent := _left_indent(style.find(qn("w:pPr")))) is not None:
                return indent
        return 0


def _left_indent(properties) -> int | None:
    """The left indentation a paragraph's (or style's) properties set, in twips, if any."""
    ind = properties.find(qn("w:ind")) if properties is not None else None
    if ind is None:
        return None
    value = ind.get(qn("w:left")) or ind.get(qn("w:start"))
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


_SKIPPED = {qn(tag) for tag in ("w:del", "w:moveFrom", "w:instrText", "w:delText", "w:rPr")} | {
    # A drawing's text written twice, for programs that cannot read the drawing: read it once.
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
}
# Elements that wrap paragraphs, tables, rows or cells without being one: content controls,
# custom XML, tracked insertions.
_WRAPPERS = {qn(tag) for tag in ("w:sdt", "w:sdtContent", "w:customXml", "w:ins", "w:moveTo")}
_NOTE_FURNITURE = ("separator", "continuationSeparator", "continuationNotice")


class _Walker:
    def __init__(self, document):
        part = document.part
        self.styles = _Styles(_related_xml(part, RELATIONSHIP_TYPE.STYLES))
        self.numbering = _Numbering(_related_xml(part, RELATIONSHIP_TYPE.NUMBERING), self.styles)
        # Footnotes and endnotes alike: the text form has one series of notes.
        self.footnotes = {
            ("footnote", key): text
            for key, text in self._note_texts(
                _related_xml(part, RELATIONSHIP_TYPE.FOOTNOTES), "w:footnote"
            ).items()
        } | {
            ("endnote", key): text
            for key, text in self._note_texts(
                _related_xml(part, RELATIONSHIP_TYPE.ENDNOTES), "w:endnote"
            ).items()
        }
        self.footnote_numbers: dict[tuple[str, str], int] = {}
        self.pending: list[int] = []  # footnotes marked since the last paragraph was written
        self.notes_text: dict[int, str] = {}
        self.text = WordText()
        self.paragraph_count = 0
        self.table_count = 0
        self._body(document.element.body)

    # -- footnotes ------------------------------------------------------------------------------

    def _note_texts(self, element, tag: str) -> dict[str, str]:
        texts = {}
        if element is None:
            return texts
        for note in element.findall(qn(tag)):
            if note.get(qn("w:type")) in _NOTE_FURNITURE:
                continue
            paragraphs = [self._runs(p, in_note=True) for p in note.iter(qn("w:p"))]
            texts[note.get(qn("w:id"))] = " ".join(p.strip() for p in paragraphs if p.strip())
        return texts

    def _flush_notes(self, place: str) -> None:
        for number in self.pending:
            self.text.blank()
            self.text.add(f"{str(number).translate(SUPERSCRIPT)} {self.notes_text[number]}", place)
        if self.pending:
            self.text.blank()
        self.pending = []

    # -- the body -------------------------------------------------------------------------------

    def _body(self, body) -> None:
        for child in self._blocks(body):
            if child.tag == qn("w:p"):
                self._paragraph(child)
            elif child.tag == qn("w:tbl"):
                self._table(child)

    def _blocks(self, parent):
        """Paragraphs and tables in order, through content controls (w:sdt) and the like."""
        for child in parent:
            if child.tag in (qn("w:p"), qn("w:tbl")):
                yield child
            elif child.tag in _WRAPPERS:
                yield from self._blocks(child)

    def _paragraph(self, element) -> None:
        self.paragraph_count += 1
        text = self._paragraph_text(element)
        place = f"paragraph {self.paragraph_count}"
        if text.strip():
            self.text.blank()
            words = " ".join(text.split()[:QUOTED_WORDS])
            quoted = words if len(text.split()) <= QUOTED_WORDS else f"{words} …"
            self.text.add(text, f"{place} (“{quoted}”)")
            self.text.blank()
        self._flush_notes(place)

    def _paragraph_text(self, element, *, in_cell: bool = False) -> str:
        label = self.numbering.label(element)
        text = self._runs(element, in_cell=in_cell)
        if label and text.strip():
            return f"{html.escape(label, quote=False) if in_cell else label} {text.lstrip()}"
        return text

    def _runs(self, element, *, in_cell: bool = False, in_note: bool = False) -> str:
        """The text of a paragraph: its runs, tabs, breaks and footnote marks, in order."""
        pieces: list[str] = []
        stack = [iter(element)]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                continue
            tag = child.tag
            if tag in _SKIPPED or not isinstance(tag, str):
                continue
            if tag == qn("w:t"):
                # A line of the text form is a paragraph or a row: no line ends inside one.
                text = (child.text or "").replace("\r", " ").replace("\n", " ")
                if self._superscript(child) and text.strip().isdigit():
                    text = text.strip().translate(SUPERSCRIPT)
                pieces.append(html.escape(text, quote=False) if in_cell else text)
            elif tag == qn("w:tab"):
                # A tab inside a paragraph lays it out (a hanging label, the symbol set to the
                # right); it parts cells only in a table row, so it is wide space here.
                pieces.append("  ")
            elif tag in (qn("w:br"), qn("w:cr")):
                if _val(child, "w:type") in (None, "textWrapping"):
                    pieces.append(LINE_BREAK if in_cell else "\n")
            elif tag == qn("w:noBreakHyphen"):
                pieces.append("-")
            elif tag == qn("w:footnoteReference") and not in_note:
                pieces.append(self._footnote_mark(("footnote", child.get(qn("w:id")))))
            elif tag == qn("w:endnoteReference") and not in_note:
                pieces.append(self._footnote_mark(("endnote", child.get(qn("w:id")))))
            elif tag == qn("w:pPr"):
                continue
            else:
                stack.append(iter(child))
        return "".join(pieces)

    @staticmethod
    def _superscript(text_element) -> bool:
        run = text_element.getparent()
        properties = run.find(qn("w:rPr")) if run is not None else None
        align = properties.find(qn("w:vertAlign")) if properties is not None else None
        return _val(align) == "superscript"

    def _footnote_mark(self, note: tuple[str, str]) -> str:
        """The mark of a note, numbered in the order of the marks; its text follows the
        paragraph that marks it first."""
        if note not in self.footnotes:
            return ""
        if note not in self.footnote_numbers:
            number = self.footnote_numbers[note] = len(self.footnote_numbers) + 1
            self.notes_text[number] = self.footnotes[note]
            self.pending.append(number)
        return str(self.footnote_numbers[note]).translate(SUPERSCRIPT)

    # -- tables ---------------------------------------------------------------------------------

    def _table(self, table) -> None:
        self.table_count += 1
        self.text.blank()
        for row_number, row in enumerate(self._rows(table), start=1):
            cells = []
            for cell in self._cells(row):
                if cell is None:
                    cells.append("")
                    continue
                cells.append(self._cell(cell))
            self.text.add("\t".join(cells), f"table {self.table_count}, row {row_number}")
        self.text.blank()
        self._flush_notes(f"table {self.table_count}")

    def _cell(self, cell) -> str:
        """A cell's paragraphs, each in <p> tags. When they sit at different depths (Word list
        levels, or indentation), each says its depth: data-level="0" for the shallowest."""
        found = []
        for paragraph in self._blocks(cell):
            if paragraph.tag == qn("w:tbl"):
                continue  # a table inside a cell: rare, and no reader reads one
            text = self._paragraph_text(paragraph, in_cell=True).strip()
            if text:
                found.append((text, self._depth(paragraph)))
        depths = sorted({depth for _, depth in found})
        if len(depths) < 2:
            return " ".join(f"<p>{text}</p>" for text, _ in found)
        return " ".join(
            f'<p data-level="{depths.index(depth)}">{text}</p>' for text, depth in found
        )

    def _depth(self, paragraph) -> tuple[int, int]:
        """How deep a paragraph sits: its list level, then its indentation."""
        level = self.numbering.level(paragraph)
        properties = paragraph.find(qn("w:pPr"))
        indent = _left_indent(properties)
        if indent is None:
            style = _val(properties.find(qn("w:pStyle"))) if properties is not None else None
            indent = self.styles.indentation(style)
        return (level, 0) if level is not None else (0, indent)

    def _rows(self, table):
        for child in table:
            if child.tag == qn("w:tr"):
                yield child
            elif child.tag in _WRAPPERS:
                yield from self._rows(child)

    def _cells(self, row):
        """A row's cells, one per grid column: a cell spanning columns is followed by empty
        ones, and a cell that continues a vertical merge is empty (None). Grid columns a row
        leaves out before its first cell are empty too."""
        properties = row.find(qn("w:trPr"))
        before = properties.find(qn("w:gridBefore")) if properties is not None else None
        for _ in range(int(_val(before) or 0)):
            yield None
        for child in self._row_children(row):
            properties = child.find(qn("w:tcPr"))
            span = _val(properties.find(qn("w:gridSpan"))) if properties is not None else None
            merge = properties.find(qn("w:vMerge")) if properties is not None else None
            continued = merge is not None and _val(merge) in (None, "continue")
            yield None if continued else child
            for _ in range(int(span or 1) - 1):
                yield None

    def _row_children(self, row):
        for child in row:
            if child.tag == qn("w:tc"):
                yield child
            elif child.tag in _WRAPPERS:
                yield from self._row_children(child)
