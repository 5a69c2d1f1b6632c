"""A meeting document as a Word file, laid out as its HTML page (emg/documents.py) is: the head
(organisation, symbol, distribution, date, meeting, title, author line), numbered paragraphs
with hanging labels, tables whose header row repeats on every page, footnotes, a running header
with the symbol and "Page x of y" at the foot of every page.

Each app registers, next to the HTML renderer of a model it is the source of, a DOCX builder
with ``register_docx_builder(model, fn, kind=None)``. The builder is given the very context the
HTML renderer returned, so the preview, the PDF and the DOCX never disagree on a label, a date or
a text: numbering and schedules are computed once, for all three. A document with no builder
(an uploaded file, a source no app renders) gets the head alone, as its HTML page does.

User text goes into the file as text: python-docx writes it escaped, so markup typed into a field
reads as typed. XML has no room for most control characters, so those alone are dropped.

Footnotes attached to a place in the text are real Word footnotes (a footnotes part; Word
numbers them and sets them at the foot of the page); notes with no place are listed at the end
with superscript numbers, as the HTML lists them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models
from django.template.defaultfilters import date as format_date
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx import Document as new_word_document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Length, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from emg.documents import registered_for, renderer_for
from emg.files import file_stem
from emg.models import Document, Meeting, MeetingReport
from emg.templatetags.un_documents import text_direction

# A4 with the print stylesheet's margins (static/css/un-document.css, @page).
PAGE_WIDTH, PAGE_HEIGHT = Cm(21), Cm(29.7)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_SIDE = Cm(2.2), Cm(2.4), Cm(2)
TEXT_WIDTH = Length(PAGE_WIDTH - 2 * MARGIN_SIDE)
# The label column of a numbered paragraph and each level of indentation: 2.2em at 11pt.
LABEL_WIDTH = Pt(24)
INDENT_STEP = Pt(24)
FONT = "Times New Roman"
CHINESE_FONT = "SimSun"
HEADER_SHADING = "D9D9D9"

# The order WordprocessingML wants among a paragraph's and a table cell's properties, and what
# may follow the footnote properties in the settings: Word refuses a file that mixes them up.
# fmt: off
PARAGRAPH_PROPERTIES = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
    "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
    "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)
CELL_PROPERTIES = (
    "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
    "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark", "w:headers",
    "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
)
SETTINGS_FROM_FOOTNOTES = (
    "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "w:attachedSchema",
    "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
    "w:smartTagType", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
    "w:listSeparator",
)
# fmt: on

_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def word_text(value) -> str:
    """``value`` as Word can hold it: as typed, less the control characters XML refuses (a form
    feed pasted from another program would otherwise make the whole file fail)."""
    return _NOT_IN_XML.sub("", "" if value is None else str(value))


def long_date(value) -> str:
    """A date as the documents write it, "28 October 2020" (the templates' "j F Y")."""
    return format_date(value, "j F Y") if value else ""


def _insert_in_order(parent, element, sequence: tuple[str, ...]):
    """Put ``element`` among ``parent``'s children where the schema's ``sequence`` wants it:
    Word refuses a file whose properties come in another order."""
    tag = element.tag
    names = [qn(name) for name in sequence]
    parent.insert_element_before(element, *sequence[names.index(tag) + 1 :])
    return element


def _complex_script_size(properties) -> None:
    """Arabic is "complex script" to Word, which sizes it apart (w:szCs): the same size as the
    Latin text around it."""
    size = properties.find(qn("w:sz"))
    for old in properties.findall(qn("w:szCs")):
        properties.remove(old)
    size.addnext(OxmlElement("w:szCs", {qn("w:val"): size.get(qn("w:val"))}))


@dataclass(frozen=True)
class Note:
    """A footnote's text, standing in a run of text where its mark goes."""

    text: str


Piece = str | Note


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) with the value shown until Word updates it."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = f" {text} "
            run._r.append(code)
            continue
        run._r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))
        if kind == "separate":
            paragraph.add_run(shown)


class UnDocx:
    """A Word file in the UN document layout, written top to bottom."""

    def __init__(
        self, *, symbol: str = "", title: str = "", subject: str = "", language: str = "en"
    ):
        self.document = new_word_document()
        self._footnotes = None
        self._next_footnote = 1
        self._style_ids: dict[str, str] = {}
        self._styles()
        # "Page 1 of 3" in the document's language, as its print has it.
        with translation.override(language):
            self._page(symbol)
        properties = self.document.core_properties
        # Word's file properties hold at most 255 characters; a document's title may be longer.
        properties.title = word_text(title)[:255]
        properties.subject = word_text(subject)[:255]
        properties.language = language
        properties.author = _("Environment Management Group")
        properties.last_modified_by = ""
        properties.comments = ""
        properties.keywords = ""
        properties.category = ""
        properties.revision = 1
        properties.created = properties.modified = timezone.now()
        # python-docx's blank template carries a thumbnail of another page; none is better.
        package_rels = self.document.part.package.rels
        for key, rel in list(package_rels.items()):
            if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
                del package_rels[key]

    # Page, styles, running header and footer

    def _styles(self) -> None:
        styles = self.document.styles
        normal = styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(11)
        _complex_script_size(normal.element.rPr)
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), CHINESE_FONT)
        fonts.set(qn("w:cs"), FONT)
        normal.paragraph_format.space_after = Pt(6)
        for name, size in (("Heading 1", 15), ("Heading 2", 12), ("Heading 3", 11)):
            style = styles[name]
            fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
            for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(theme), None)
            style.font.name = FONT
            fonts.set(qn("w:eastAsia"), CHINESE_FONT)
            fonts.set(qn("w:cs"), FONT)
            style.font.size = Pt(size)
            _complex_script_size(style.element.rPr)
            style.font.bold = True
            style.font.italic = False
            style.font.color.rgb = RGBColor(0, 0, 0)
            style.paragraph_format.keep_with_next = True
            style.paragraph_format.space_before = Pt(12 if name == "Heading 1" else 10)
            style.paragraph_format.space_after = Pt(4)

    def _page(self, symbol: str) -> None:
        section = self.document.sections[0]
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
        section.left_margin = section.right_margin = MARGIN_SIDE
        section.header_distance = section.footer_distance = Cm(1)
        # As in print: the symbol heads every page but the first, where the head shows it.
        section.different_first_page_header_footer = True
        section.first_page_header.is_linked_to_previous = False
        if symbol:
            running = section.header.paragraphs[0]
            running.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            self._run(running, symbol, size=9)
        for footer in (section.footer, section.first_page_footer):
            paragraph = footer.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            # "Page 1 of 3", the numbers being Word's own fields.
            words = _("Page %(page)s of %(pages)s")
            for part in re.split(r"(%\(page\)s|%\(pages\)s)", words):
                if part == "%(page)s":
                    _field(paragraph, "PAGE", "1")
                elif part == "%(pages)s":
                    _field(paragraph, "NUMPAGES", "1")
                elif part:
                    paragraph.add_run(part)
            for run in paragraph.runs:
                run.font.size = Pt(9)

    # Text

    def _run(self, paragraph: Paragraph, text: str, *, bold=False, italic=False, size=None):
        run = paragraph.add_run(word_text(text))
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        if size:
            run.font.size = Pt(size)
            _complex_script_size(run.element.rPr)
        if self.is_rtl(paragraph):
            run.font.rtl = True
        return run

    @staticmethod
    def is_rtl(paragraph: Paragraph) -> bool:
        ppr = paragraph._p.pPr
        return ppr is not None and ppr.find(qn("w:bidi")) is not None

    @staticmethod
    def set_direction(paragraph: Paragraph, text) -> None:
        """Right to left when the text's first strong character is (Arabic), as the HTML sets
        dir="rtl" (emg.templatetags.un_documents.text_direction decides for both)."""
        if text_direction(text) == "rtl" and not UnDocx.is_rtl(paragraph):
            _insert_in_order(
                paragraph._p.get_or_add_pPr(), OxmlElement("w:bidi"), PARAGRAPH_PROPERTIES
            )
            for run in paragraph.runs:
                run.font.rtl = True

    def new_paragraph(self, container=None, *, style: str | None = None) -> Paragraph:
        """A paragraph at the end of the document or of ``container`` (a table cell, whose first
        paragraph is the empty one every new cell has)."""
        container = container if container is not None else self.document
        paragraph = None
        if isinstance(container, _Cell):
            paragraphs = container.paragraphs
            if len(paragraphs) == 1 and not paragraphs[0].runs:
                paragraph = paragraphs[0]
        if paragraph is None:
            paragraph = container.add_paragraph()
        if style:
            paragraph._p.get_or_add_pPr().style = self._style_id(style)
        return paragraph

    def _style_id(self, name: str) -> str:
        """The id of the style ``name``, looked up once per file: python-docx, given a style by
        name, goes through every style of the file to find it (milliseconds per heading or
        table)."""
        if name not in self._style_ids:
            self._style_ids[name] = self.document.styles[name].style_id
        return self._style_ids[name]

    def paragraph(
        self,
        text: str = "",
        *,
        container=None,
        bold=False,
        italic=False,
        size=None,
        align=None,
        space_after=None,
        style=None,
        direction_of=None,
    ) -> Paragraph:
        paragraph = self.new_paragraph(container, style=style)
        if align is not None:
            paragraph.alignment = align
        if space_after is not None:
            paragraph.paragraph_format.space_after = space_after
        self.set_direction(paragraph, text if direction_of is None else direction_of)
        if text:
            self._run(paragraph, text, bold=bold, italic=italic, size=size)
        return paragraph

    def lines(self, paragraph: Paragraph, text: str, *, bold=False, size=None) -> None:
        """``text`` in ``paragraph`` with its line breaks kept (the templates' linebreaksbr)."""
        for position, line in enumerate(word_text(text).replace("\r\n", "\n").split("\n")):
            if position:
                paragraph.add_run().add_break(WD_BREAK.LINE)
            if line:
                self._run(paragraph, line, bold=bold, size=size)

    def text_block(self, text: str, *, container=None, size=None, space_after=None) -> None:
        """``text`` as paragraphs (a blank line parts them) with their line breaks: the
        templates' linebreaks filter."""
        text = word_text(text).replace("\r\n", "\n").replace("\r", "\n").strip("\n")
        for block in re.split(r"\n{2,}", text):
            if not block.strip():
                continue
            paragraph = self.paragraph(
                container=container, space_after=space_after, direction_of=block
            )
            self.lines(paragraph, block, size=size)

    def heading(self, text: str, *, level: int, label: str = "") -> Paragraph:
        paragraph = self.new_paragraph(style=f"Heading {level}")
        self.set_direction(paragraph, text)
        if label:
            self._run(paragraph, f"{label} ")
        self._run(paragraph, text)
        return paragraph

    def numbered(
        self,
        label: str,
        text: str | Iterable[Piece],
        *,
        indent: int = 0,
        container=None,
        bold=False,
        size=None,
        keep_with_next=False,
        space_before=None,
    ) -> Paragraph:
        """A numbered paragraph: its label hangs in the margin of its level, the text runs
        beside it and under itself, never under the label (as .un-paragraph prints)."""
        paragraph = self.new_paragraph(container)
        pieces = [text] if isinstance(text, str) else list(text)
        self.set_direction(paragraph, "".join(p for p in pieces if isinstance(p, str)))
        layout = paragraph.paragraph_format
        start = Length(INDENT_STEP * indent)
        layout.left_indent = Length(start + LABEL_WIDTH)
        layout.first_line_indent = Length(-LABEL_WIDTH)
        layout.tab_stops.add_tab_stop(Length(start + LABEL_WIDTH))
        if keep_with_next:
            layout.keep_with_next = True
        if space_before is not None:
            layout.space_before = space_before
        self._run(paragraph, f"{label}\t", bold=bold, size=size)
        self.pieces(paragraph, pieces, bold=bold, size=size)
        return paragraph

    def pieces(self, paragraph: Paragraph, pieces: Iterable[Piece], *, bold=False, size=None):
        for piece in pieces:
            if isinstance(piece, Note):
                self.footnote(paragraph, piece.text)
            elif piece:
                self.lines(paragraph, piece, bold=bold, size=size)

    # Footnotes

    def _footnotes_part(self):
        if self._footnotes is None:
            separators = (
                f"<w:footnotes {nsdecls('w')}>"
                '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr>'
                '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
                "<w:r><w:separator/></w:r></w:p></w:footnote>"
                '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
                '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
                "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
                "</w:footnotes>"
            )
            main = self.document.part
            self._footnotes = XmlPart(
                PackURI("/word/footnotes.xml"),
                CONTENT_TYPE.WML_FOOTNOTES,
                parse_xml(separators),
                main.package,
            )
            main.relate_to(self._footnotes, RELATIONSHIP_TYPE.FOOTNOTES)
            settings = self.document.settings.element
            properties = parse_xml(
                f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/>'
                '<w:footnote w:id="0"/></w:footnotePr>'
            )
            _insert_in_order(settings, properties, SETTINGS_FROM_FOOTNOTES)
        return self._footnotes

    def footnote(self, paragraph: Paragraph, text: str) -> int:
        """A Word footnote whose mark goes at the end of ``paragraph`` as it stands."""
        part = self._footnotes_part()
        number = self._next_footnote
        self._next_footnote += 1
        note = parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{number}"><w:p><w:pPr>'
            '<w:spacing w:after="0"/></w:pPr>'
            '<w:r><w:rPr><w:sz w:val="18"/><w:vertAlign w:val="superscript"/></w:rPr>'
            "<w:footnoteRef/></w:r>"
            '<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve"> </w:t></w:r>'
            '<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve"/></w:r>'
            "</w:p></w:footnote>"
        )
        note.findall(".//" + qn("w:t"))[-1].text = word_text(text)
        if text_direction(text) == "rtl":
            ppr = note.find(".//" + qn("w:pPr"))
            _insert_in_order(ppr, OxmlElement("w:bidi"), PARAGRAPH_PROPERTIES)
        part.element.append(note)
        mark = paragraph.add_run()
        mark.font.superscript = True
        mark._r.append(OxmlElement("w:footnoteReference", {qn("w:id"): str(number)}))
        return number

    def notes(self, numbered_notes: Iterable[tuple[int | str, str]], *, rule=True) -> None:
        """Notes with no place in the text, listed at the end: a rule (unless ``rule`` is
        false), then each note small with its superscript number."""
        for position, (number, text) in enumerate(numbered_notes):
            paragraph = self.paragraph(space_after=Pt(2), direction_of=text)
            if position == 0 and rule:
                self.border(paragraph, "top", size=4)
                paragraph.paragraph_format.space_before = Pt(18)
            mark = self._run(paragraph, str(number), size=9)
            mark.font.superscript = True
            self._run(paragraph, f" {text}", size=9)

    @staticmethod
    def border(paragraph: Paragraph, side: str, *, size: int) -> None:
        """A rule along ``side`` of the paragraph, ``size`` in eighths of a point."""
        borders = OxmlElement("w:pBdr")
        borders.append(
            OxmlElement(
                f"w:{side}",
                {
                    qn("w:val"): "single",
                    qn("w:sz"): str(size),
                    qn("w:space"): "4",
                    qn("w:color"): "000000",
                },
            )
        )
        _insert_in_order(paragraph._p.get_or_add_pPr(), borders, PARAGRAPH_PROPERTIES)

    # The head

    def head_top(self, right: Iterable[tuple[str, bool, int | None]] = ()) -> None:
        """The organisation on the left, what identifies the document on the right (symbol,
        distribution, date, original language), a rule under both."""
        left = [_("United Nations").upper(), _("Environment Management Group").upper()]
        right = list(right)
        rows = max(len(left), len(right))
        for row in range(rows):
            paragraph = self.paragraph(space_after=Pt(0))
            if row < len(left):
                self._run(paragraph, left[row], bold=True)
            if row < len(right):
                paragraph.paragraph_format.tab_stops.add_tab_stop(
                    TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT
                )
                text, bold, size = right[row]
                self._run(paragraph, "\t")
                self._run(paragraph, text, bold=bold, size=size or 10)
            if row == rows - 1:
                self.border(paragraph, "bottom", size=12)
                paragraph.paragraph_format.space_after = Pt(10)

    def head(self, document: Document) -> None:
        """The head of ``document`` as templates/documents/includes/head.html sets it."""
        right = []
        if document.symbol:
            right.append((document.symbol, True, 12))
        if document.distribution:
            right.append((f"{_('Distribution:')} {document.distribution}", False, None))
        if document.date:
            right.append((long_date(document.date), False, None))
        original = _("Original: %(language)s") % {"language": document.get_language_display()}
        right.append((original, False, None))
        self.head_top(right)
        if document.meeting:
            self.paragraph(document.meeting.ordinal_title, size=10, space_after=Pt(2))
        if document.agenda_item:
            self.paragraph(
                _("Item %(order)s of the provisional agenda: %(title)s")
                % {"order": document.agenda_item.order, "title": document.agenda_item.title},
                size=10,
                space_after=Pt(2),
            )
        self.heading(document.title, level=1)
        if document.author_line:
            self.paragraph(document.author_line, italic=True, space_after=Pt(12))

    # Tables

    def table(self, headers: list[str], widths: list[Length]) -> Table:
        """A table whose header row repeats at the top of every page it runs onto."""
        table = self.document.add_table(rows=1, cols=len(headers))
        table._tbl.tblStyle_val = self._style_id("Table Grid")
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        header = table.rows[0]
        self.repeat_as_header(header)
        for cell, text in zip(header.cells, headers, strict=True):
            self.paragraph(text, container=cell, bold=True, size=10, space_after=Pt(0))
            shading = OxmlElement(
                "w:shd", {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): HEADER_SHADING}
            )
            _insert_in_order(cell._tc.get_or_add_tcPr(), shading, CELL_PROPERTIES)
        self.widths(table, widths)
        return table

    @staticmethod
    def repeat_as_header(row) -> None:
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        properties.append(OxmlElement("w:tblHeader"))

    @staticmethod
    def keep_row_whole(row) -> None:
        """As the stylesheet's tr { break-inside: avoid }: a row that fits on a page is not
        split across two."""
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))

    @staticmethod
    def widths(table: Table, widths: list[Length]) -> None:
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width

    def caption(self, text: str) -> Paragraph:
        paragraph = self.paragraph(text, bold=True, space_after=Pt(3))
        paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


# The registry

DocxBuilder = Callable[[UnDocx, dict], None]


@dataclass(frozen=True)
class Registered:
    builder: DocxBuilder
    head: bool


_builders: dict[tuple[type[models.Model], str | None], Registered] = {}


def register_docx_builder(
    model: type[models.Model], builder: DocxBuilder, *, kind: str | None = None, head: bool = True
):
    """Write Documents whose source is a ``model`` (of ``kind``, or of any kind) with
    ``builder``, given the writer and the context the model's HTML renderer returned (with
    "document"). With ``head`` the document's head comes first; without, the builder writes the
    head itself, as the progress report's template does. Registering again replaces."""
    _builders[model, kind] = Registered(builder, head)
    return builder


def docx_builder_for(document: Document) -> Registered | None:
    return registered_for(_builders, document)


def document_docx(document: Document, *, context: dict | None = None) -> UnDocx:
    """``document`` written as a Word file; ``context``: its renderer's, when already made."""
    subject = document.get_kind_display()
    if document.meeting:
        subject = f"{document.meeting.ordinal_title} \u00b7 {subject}"
    docx = UnDocx(
        symbol=document.symbol or "",
        title=f"{document.symbol} {document.title}" if document.symbol else document.title,
        subject=subject,
        language=document.language,
    )
    renderer, registered = renderer_for(document), docx_builder_for(document)
    source = document.source if renderer and registered else None
    if renderer is None or registered is None or source is None:
        docx.head(document)
        if document.file:
            docx.paragraph(
                _("This document is an uploaded file; its text is not kept in the workspace."),
                italic=True,
            )
        return docx
    context = {**(renderer(document, source)[1] if context is None else context)}
    context["document"] = document
    if registered.head:
        docx.head(document)
    registered.builder(docx, context)
    return docx


def docx_filename(document: Document) -> str:
    return f"{file_stem(document.symbol or document.title)}.docx"


# The provisional agenda (its HTML renderer is emg.documents.agenda)


def agenda(docx: UnDocx, context: dict) -> None:
    _sessions(docx, context["sessions"])
    docx.heading(_("Provisional agenda"), level=2)
    for entry in context["items"]:
        docx.numbered(entry["number"], entry["item"].title, keep_with_next=bool(entry["documents"]))
        for presented in entry["documents"]:
            line = presented.title
            if presented.symbol:
                line = f"{presented.symbol} \u2014 {presented.title}"
            # Under the item's text, as the HTML's list of documents sits.
            paragraph = docx.paragraph(line, size=10, space_after=Pt(2))
            paragraph.paragraph_format.left_indent = LABEL_WIDTH
    if not context["items"]:
        docx.paragraph(_("No agenda item has been set yet."), italic=True)


register_docx_builder(Meeting, agenda, kind=Document.Kind.AGENDA)


# The provisional annotated agenda (its HTML renderer is emg.documents.annotated_agenda)


def annotated_agenda(docx: UnDocx, context: dict) -> None:
    _sessions(docx, context["sessions"])
    docx.heading(_("Annotations"), level=2)
    for entry in context["items"]:
        item = entry["item"]
        docx.numbered(entry["number"], item.title, bold=True, keep_with_next=True)
        indented = []
        if item.annotation:
            indented += _block(docx, item.annotation)
        for line in entry["extra"]:
            indented.append(docx.paragraph(line, size=10, space_after=Pt(2)))
        if entry["documents"]:
            indented.append(
                docx.paragraph(_("Documents:"), italic=True, size=10, space_after=Pt(1))
            )
            for presented in entry["documents"]:
                line = presented.title
                if presented.symbol:
                    line = f"{presented.symbol} \u2014 {presented.title}"
                indented.append(docx.paragraph(line, size=10, space_after=Pt(1)))
        if item.suggested_action:
            paragraph = docx.paragraph(
                _("Suggested action:"), italic=True, direction_of=item.suggested_action
            )
            docx.lines(paragraph, f" {item.suggested_action}")
            indented.append(paragraph)
        for paragraph in indented:
            paragraph.paragraph_format.left_indent = LABEL_WIDTH
    if not context["items"]:
        docx.paragraph(_("No agenda item has been set yet."), italic=True)


def _sessions(docx: UnDocx, sessions) -> None:
    for session in sessions:
        parts = [str(session.get_segment_display())]
        if session.date:
            parts.append(long_date(session.date))
        if session.place:
            parts.append(str(session.place))
        docx.paragraph(", ".join(parts), size=10, space_after=Pt(0))


def _block(docx: UnDocx, text: str) -> list[Paragraph]:
    """``text`` as ``UnDocx.text_block`` writes it, and the paragraphs it took."""
    before = len(docx.document.paragraphs)
    docx.text_block(text, space_after=Pt(4))
    return docx.document.paragraphs[before:]


register_docx_builder(Meeting, annotated_agenda, kind=Document.Kind.ANNOTATED_AGENDA)


# The list of participants (its HTML renderer is emg.documents.participants)


def participants(docx: UnDocx, context: dict) -> None:
    for group in context["groups"]:
        session = group["session"]
        heading = str(session.get_segment_display())
        if session.date:
            heading += f", {long_date(session.date)}"
        docx.heading(heading, level=2)
        for entity in group["entities"]:
            docx.paragraph(entity["entity"], bold=True, size=10.5, space_after=Pt(2))
            for person in entity["participants"]:
                line = f"{person.name}, {person.title}" if person.title else person.name
                paragraph = docx.paragraph(line, size=10, space_after=Pt(1))
                paragraph.paragraph_format.left_indent = LABEL_WIDTH
    if not context["groups"]:
        docx.paragraph(_("No participant recorded yet."), italic=True)


register_docx_builder(Meeting, participants, kind=Document.Kind.PARTICIPANTS)


# The report of a meeting (its HTML renderer is emg.documents.meeting_report)


def meeting_report(docx: UnDocx, context: dict) -> None:
    """Sections numbered "I.", "II." …, each with its paragraphs, then its groups: a heading, a
    lead ("The Senior Officials:") and labelled paragraphs nested as deep as they go."""

    def labelled(paragraphs: list[dict], indent: int) -> None:
        for paragraph in paragraphs:
            docx.numbered(paragraph["label"], paragraph["text"], indent=indent)
            labelled(paragraph["paragraphs"], indent + 1)

    text = context["text"]
    for section in text["sections"]:
        docx.heading(section["title"], level=2, label=section["number"])
        for paragraph in section["paragraphs"]:
            docx.paragraph(paragraph)
        for group in section["groups"]:
            if group["title"]:
                docx.heading(group["title"], level=3, label=group["label"])
            if group["lead"]:
                lead = docx.paragraph(group["lead"], italic=True)
                lead.paragraph_format.keep_with_next = True
            labelled(group["paragraphs"], 0)
    if not text["sections"]:
        docx.paragraph(_("Nothing has been written in this report yet."), italic=True)


register_docx_builder(MeetingReport, meeting_report)
