"""The demo as a newcomer meets it: ``setup_demo`` loaded as ``scripts/run`` loads it, then each
demo login follows the links (and the htmx requests a page makes) from home, as far as they lead.
No page may answer a server error, and no link may lead to a page that is not there.

Every kind of page is reached, not every instance of it: a URL pattern is followed for a few
objects (the demo has 57 milestones, each with the same edit form), a path with a few query
strings (sorting, filters, pages).

It runs on both databases; on SQLite it is exactly the embedded default of ``scripts/run``.
"""

from __future__ import annotations

import io
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from emg.models import User

pytestmark = pytest.mark.django_db

# Leaving the site or the session, and Django's own admin (tested in test_admin.py), are not
# followed.
NOT_FOLLOWED = ("/logout/", "/admin/", "/static/")
URLS_PER_PATTERN = 3
QUERIES_PER_PATH = 2
HTMX_ATTRIBUTE = "hx-get"


class Links(HTMLParser):
    """The links of a page: ``<a href>`` and the URLs htmx fetches by itself (``hx-get``)."""

    def __init__(self):
        super().__init__()
        self.pages: list[str] = []
        self.fragments: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.pages.append(attributes["href"])
        if attributes.get(HTMX_ATTRIBUTE):
            self.fragments.append(attributes[HTMX_ATTRIBUTE])


def crawl(client) -> tuple[dict[str, int], list[str]]:
    """Every URL reachable from home with its status, and the problems met on the way."""
    seen: dict[str, int] = {}
    queries_of: dict[str, int] = {}
    paths_of: dict[str, set[str]] = {}
    problems: list[str] = []
    queue: deque[tuple[str, str, bool]] = deque([("/", "(start)", False)])
    while queue:
        url, found_on, htmx = queue.popleft()
        if url in seen:
            continue
        path = urlsplit(url).path
        if urlsplit(url).query:
            queries_of[path] = queries_of.get(path, 0) + 1
            if queries_of[path] > QUERIES_PER_PATH:
                continue
        try:
            pattern = resolve(path).route
        except Resolver404:
            pattern = path  # requested all the same: a broken link answers 404 below
        paths = paths_of.setdefault(pattern, set())
        if path not in paths and len(paths) >= URLS_PER_PATTERN:
            continue
        paths.add(path)
        headers = {"HX-Request": "true"} if htmx else {}
        response = client.get(url, headers=headers)
        seen[url] = response.status_code
        if response.status_code >= 500:
            problems.append(f"{url} answers {response.status_code} (linked from {found_on})")
        elif response.status_code == 404:
            problems.append(f"{url} is a broken link: 404 (linked from {found_on})")
        if response.status_code in (301, 302):
            queue.append((response["Location"], url, False))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = Links()
        parser.feed(response.content.decode())
        for found, is_htmx in [(link, False) for link in parser.pages] + [
            (link, True) for link in parser.fragments
        ]:
            target = urldefrag(urljoin(url, found)).url
            parts = urlsplit(target)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if not local.startswith(NOT_FOLLOWED) and local not in seen:
                queue.append((local, url, is_htmx))
    return seen, problems


def test_every_kind_of_page_each_demo_login_reaches_from_home_answers(private_files, client):
    # One demo for the three logins: loading it is most of the cost.
    call_command("setup_demo", stdout=io.StringIO(), stderr=io.StringIO())
    problems, reached = [], {}
    client.raise_request_exception = False  # a server error is listed with the others
    for username in ("secretariat", "focalpoint", "senior"):
        client.force_login(User.objects.get(username=username))
        seen, found = crawl(client)
        problems += [f"{username}: {problem}" for problem in found]
        reached[username] = seen

    assert not problems, "\n".join(problems)
    for username, seen in reached.items():
        # Through the whole site, not only home: meetings, mandates, work plans, progress.
        for section in ("/meetings/", "/mandates/", "/work-plans/", "/progress/"):
            assert any(url.startswith(section) for url in seen), f"{username}: no {section}"
    # The secretariat edits, the others read: it reaches more kinds of page than anyone.
    assert len(reached["secretariat"]) > max(len(reached["focalpoint"]), len(reached["senior"]))
