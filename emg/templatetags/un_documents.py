"""Filters for the UN document layout (templates/documents/)."""

import unicodedata

from django import template

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
