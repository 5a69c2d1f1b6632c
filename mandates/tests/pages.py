"""Readers of the mandates pages, shared by their tests."""

import re
from html import unescape

from django.urls import reverse


def text_of(response) -> str:
    """The page as a reader sees it: tags dropped, entities decoded, spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def listed(response) -> list[str]:
    return [mandate.name for mandate in response.context["mandates"]]


def list_page(client, query=""):
    response = client.get(reverse("mandates:list") + (f"?{query}" if query else ""))
    assert response.status_code == 200
    return response


def detail_url(mandate):
    return reverse("mandates:detail", args=[mandate.pk])
