"""What the tests of the plan's pages share: a page as text and as a reader reads it, and the
queries a page costs."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def page_of(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def text_of(html: str) -> str:
    """The page's words without tags, spaces collapsed, as a reader reads them."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def plan_page(client, plan, **params) -> str:
    return page_of(client, reverse("workplans:detail", args=[plan.pk]), **params)


def schedule_page(client, plan, **params) -> str:
    """The plan's Gantt chart, on its own page (which the plan's page loads into itself)."""
    return page_of(client, reverse("workplans:schedule", args=[plan.pk]), **params)


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)
