"""Terms of reference as the document reads: footnote marks placed after their anchor words."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def text_and_marks(line) -> list:
    """The clause's text cut where footnote marks go: strings, and between them each
    ``(number, footnote)`` after its anchor words (or at the end of the clause). The HTML and
    the DOCX (mandates/documents.py) both place marks from this."""
    text = line.clause.text
    cuts = []
    for number, footnote in line.marks:
        at = text.find(footnote.anchor) if footnote.anchor else -1
        cuts.append((at + len(footnote.anchor) if at >= 0 else len(text), number, footnote))
    parts, start = [], 0
    for end, number, footnote in sorted(cuts, key=lambda cut: cut[:2]):
        parts.append(text[start:end])
        parts.append((number, footnote))
        start = end
    parts.append(text[start:])
    return parts


def _marked(line, mark) -> str:
    """The clause's text, escaped, with ``mark(number, footnote)`` after each footnote's anchor."""
    return mark_safe(
        "".join(
            conditional_escape(part) if isinstance(part, str) else mark(*part)
            for part in text_and_marks(line)
        )
    )


@register.filter
def with_marks(line) -> str:
    """The text of a ``mandates.selectors.ClauseLine`` with each footnote's mark after the words it
    follows (or at the end of the clause), linked to the footnote."""
    return _marked(
        line,
        lambda number, footnote: format_html(
            '<sup class="emg-footnote-mark"><a href="#footnote-{tor}-{n}" '
            'id="footnote-mark-{tor}-{n}"><span class="visually-hidden">{word} </span>{n}</a>'
            "</sup>",
            tor=footnote.tor_id,
            n=number,
            word=_("Footnote"),
        ),
    )


@register.filter
def with_footnotes(line) -> str:
    """The text of a clause line with each footnote's text where its mark goes, for print: the
    UN document stylesheet floats them to the foot of the page (``float: footnote``)."""
    return _marked(
        line,
        # White space collapses in print anyway; WeasyPrint fails on a footnote whose text has
        # a space before a line break ("See the report \r\nof SOM 15", as a textarea sends it).
        lambda number, footnote: format_html(
            '<span class="un-footnote">{text}</span>', text=" ".join(footnote.text.split())
        ),
    )
