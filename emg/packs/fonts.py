"""One copy of each font in the pack.

Every part is printed on its own, so every part embeds its own subset of each font it uses: a
pack of twenty documents carries Noto Serif twenty times over. WeasyPrint subsets with fontTools
keeping each glyph at its place in the full font (``retain_gids``), so the subsets of one font
differ only in which places hold a glyph: laid over each other, they make one subset that serves
every part, with no change to the pages' text. ``join_font_subsets`` does that for TrueType
programs (``/FontFile2``, Noto Serif and Noto Naskh Arabic) and points every part's font at the
joined one; the programs left unreferenced are not written. CFF programs (``/FontFile3``: the
CJK fonts) are left as they are.
"""

from __future__ import annotations

import io
import logging
from collections import defaultdict
from struct import error as struct_error

from fontTools.ttLib import TTFont, TTLibError
from pikepdf import Array, Dictionary, Name, Pdf

logger = logging.getLogger(__name__)

TRUETYPE = Name.FontFile2


def _font_resources(pack: Pdf):
    """Every font dictionary of the pages' resources, and of the forms they draw (the pack's
    page numbers, emg.packs.numbers)."""
    for page in pack.pages:
        resources = [page.obj.get(Name.Resources, Dictionary())]
        while resources:
            found = resources.pop()
            yield from found.get(Name.Font, Dictionary()).values()
            for drawn in found.get(Name.XObject, Dictionary()).values():
                if drawn.get(Name.Subtype) == Name.Form and Name.Resources in drawn:
                    resources.append(drawn.Resources)


def _descriptors(pack: Pdf) -> list[Dictionary]:
    """Every font descriptor the pages' fonts name, once each."""
    found, seen = [], set()
    for font in _font_resources(pack):
        for described in [font, *font.get(Name.DescendantFonts, Array())]:
            descriptor = described.get(Name.FontDescriptor)
            if descriptor is None or descriptor.objgen in seen:
                continue
            seen.add(descriptor.objgen)
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


def join_font_subsets(pack: Pdf) -> None:
    """Give every TrueType font of ``pack`` one program, the join of its parts' subsets."""
    by_font = defaultdict(list)
    for descriptor in _descriptors(pack):
        if TRUETYPE in descriptor:
            name = str(descriptor.get(Name.FontName, "")).split("+", 1)[-1]
            by_font[name].append(descriptor)
    for name, descriptors in by_font.items():
        programs = {}
        for descriptor in descriptors:
            program = descriptor[TRUETYPE]
            programs.setdefault(program.objgen, program)
        if len(programs) < 2:
            continue
        kept, *_others = programs.values()
        try:
            joined = _joined([program.read_bytes() for program in programs.values()])
        except (TTLibError, KeyError, IndexError, AssertionError, struct_error) as exc:
            logger.warning("Font %s: its subsets could not be joined (%s)", name, exc)
            continue
        kept.write(joined)
        kept[Name.Length1] = len(joined)
        for descriptor in descriptors:
            descriptor[TRUETYPE] = kept
