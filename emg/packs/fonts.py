"""One copy of each font in the pack.

Every part is printed on its own, so every part embeds its own subset of each font it uses: a
pack of twenty documents carries Noto Serif twenty times over. WeasyPrint subsets with fontTools
keeping each glyph at its place in the full font (``retain_gids``), so the subsets of one font
differ only in which places hold a glyph: laid over each other, they make one subset that serves
every part, with no change to the pages' text. ``join_font_subsets`` does that for TrueType
programs (``/FontFile2``, Noto Serif and Noto Naskh Arabic) and points every part's font at the
joined one; then pypdf drops what is left unreferenced and what is stored twice. CFF programs
(``/FontFile3``: the CJK fonts) are left as they are.
"""

from __future__ import annotations

import io
import logging
from collections import defaultdict
from struct import error as struct_error

from fontTools.ttLib import TTFont, TTLibError
from pypdf import PdfWriter
from pypdf.generic import NameObject, NumberObject

logger = logging.getLogger(__name__)

TRUETYPE = NameObject("/FontFile2")


def _descriptors(writer: PdfWriter) -> list:
    """Every font descriptor the pages' fonts name, once each."""
    found, seen = [], set()
    for page in writer.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font", {}) if resources is not None else {}
        for font in fonts.get_object().values():
            font = font.get_object()
            for described in [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]:
                descriptor = described.get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                if id(descriptor) not in seen:
                    seen.add(id(descriptor))
                    found.append(descriptor)
    return found


def _is_empty(glyph) -> bool:
    """Whether a glyph of a subset holds no outline: a place ``retain_gids`` kept empty. Read
    from the glyph's bytes when it has not been decompiled yet (most are never needed)."""
    data = getattr(glyph, "data", None)
    if data is not None:
        return not data
    return glyph.numberOfContours == 0


def _joined(programs: list[bytes]) -> bytes:
    """The TrueType subsets ``programs`` of one font laid over each other. A glyph is found
    by its place, not its name: each subset names the glyphs its own text maps ("space" in
    one, "glyph00003" in another)."""
    fonts = [TTFont(io.BytesIO(program)) for program in programs]
    base = max(fonts, key=lambda font: len(font.getGlyphOrder()))
    order = base.getGlyphOrder()
    glyphs, metrics = base["glyf"], base["hmtx"]
    for other in fonts:
        if other is base:
            continue
        other_glyphs, other_metrics = other["glyf"], other["hmtx"]
        for place, other_name in enumerate(other.getGlyphOrder()):
            name = order[place]
            if _is_empty(other_glyphs.glyphs[other_name]) or not _is_empty(glyphs.glyphs[name]):
                continue
            glyph = other_glyphs[other_name]
            if glyph.isComposite():
                for component in glyph.components:
                    component.glyphName = order[other.getGlyphID(component.glyphName)]
            glyphs[name] = glyph
            metrics[name] = other_metrics[other_name]
    out = io.BytesIO()
    base.save(out)
    return out.getvalue()


def join_font_subsets(writer: PdfWriter) -> None:
    """Give every TrueType font of ``writer`` one program, the join of its parts' subsets, and
    drop the objects left unreferenced or stored twice."""
    by_font = defaultdict(list)
    for descriptor in _descriptors(writer):
        if TRUETYPE in descriptor:
            name = str(descriptor.get("/FontName", "")).split("+", 1)[-1]
            by_font[name].append(descriptor)
    for name, descriptors in by_font.items():
        streams = {}
        for descriptor in descriptors:
            reference = descriptor.raw_get(TRUETYPE)
            streams.setdefault(reference.idnum, reference)
        if len(streams) < 2:
            continue
        references = list(streams.values())
        try:
            joined = _joined([reference.get_object().get_data() for reference in references])
        except (TTLibError, KeyError, IndexError, AssertionError, struct_error) as exc:
            logger.warning("Font %s: its subsets could not be joined (%s)", name, exc)
            continue
        kept = references[0]
        program = kept.get_object()
        program.set_data(joined)
        program[NameObject("/Length1")] = NumberObject(len(joined))
        for descriptor in descriptors:
            descriptor[TRUETYPE] = kept
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
