"""Filters for the UN document layout (templates/documents/)."""

import re
import unicodedata

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def text_direction(text) -> str:
    """ "rtl" when ``text``'s first strong character reads right to left (Arabic), else "ltr":
    a title typed in Arabic is set right to left, with its punctuation in place."""
    for character in str(text or ""):
        direction = unicodedata.bidirectional(character)
        if direction in ("R", "AL"):
            return "rtl"
        if direction == "L":
            return "ltr"
    return "ltr"


# The foot of every printed page, "Page 1 of 3", in the words of the language the tag is
# rendered in; the same words as the Word file's foot (emg.docx).
PAGE_OF_PAGES = re.compile(r"%\(page\)s(.*)%\(pages\)s", re.DOTALL)


@register.simple_tag
def page_words() -> dict[str, str]:
    """The words before the page number, between it and the number of pages, and after it:
    what un-document.css sets around its counters. A translation that names the number of
    pages first cannot be printed with them: the English words are used instead."""
    words = _("Page %(page)s of %(pages)s")
    found = PAGE_OF_PAGES.search(words)
    if found is None:
        words = "Page %(page)s of %(pages)s"
        found = PAGE_OF_PAGES.search(words)
    return {
        "before": words[: found.start()],
        "between": found.group(1),
        "after": words[found.end() :],
    }
