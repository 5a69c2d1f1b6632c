"""Small readers of rendered pages, shared by the page tests of meetings, documents and
decisions."""

import html
import re

from django.contrib.messages import get_messages


def field_errors(page: str, name: str, prefix: str = "") -> list[str]:
    """The error messages crispy-forms shows next to the form field ``name``."""
    field_id = f"id_{prefix + '-' if prefix else ''}{name}"
    found = re.findall(rf'<(?:p|span) id="error_\d+_{field_id}"><strong>(.*?)</strong>', page)
    return [html.unescape(message) for message in found]


def form_errors(page: str) -> list[str]:
    """The errors of the form as a whole (not of one field), as crispy-forms shows them."""
    block = re.search(r'<div class="alert alert-block alert-danger">(.*?)</div>', page, re.S)
    if not block:
        return []
    return [html.unescape(m.strip()) for m in re.findall(r"<li>(.*?)</li>", block.group(1), re.S)]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def text_of(page: str) -> str:
    """The page's text without tags, its white space collapsed."""
    body = page.split("<main", 1)[-1]
    without_tags = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", html.unescape(without_tags)).strip()


def page_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()
