"""The permission matrix's pages, their query counts, and their server times cold and warm in
turns with a trivial view and beside the Django admin's page of the same model."""

import re
import statistics
import time
from dataclasses import dataclass, field
from importlib import import_module

from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from development.benchmarks.admin_twins import admin_url
from emg.models import User

APPS = ("emg", "mandates", "workplans", "progress")
# Who reads each page: the secretariat, unless only another role may (a focal point's own tasks).
READERS = ("secretariat", "focal_point", "senior_official")


@dataclass(frozen=True)
class Page:
    row_id: str
    user: str
    url: str
    admin_url: str | None = None  # its admin twin (development/benchmarks/admin_twins.py)
    label: str = ""  # what the heaviest pages are called in the table

    def matches(self, pattern: str) -> bool:
        return bool(re.search(pattern, self.row_id) or re.search(pattern, self.label))


def matrix_pages(world, apps=APPS, *, only: str = "") -> list[Page]:
    """Every GET row of the permission matrix (of ``apps``, and whose id matches the regular
    expression ``only``) that some standing user reads (status 200), with its URL filled from
    ``world``, the first of READERS who may read it and its admin twin."""
    pages = []
    for app in apps:
        for row in import_module(f"{app}.tests.matrix_rows").ROWS:
            if row.method != "get" or not re.search(only, row.id):
                continue
            user = next((u for u in READERS if row.statuses.get(u) == 200), None)
            if user is None:
                continue
            kwargs = row.kwargs(world)
            url = reverse(row.url, kwargs=kwargs)
            pages.append(
                Page(
                    row.id,
                    user,
                    url + (f"?{row.query}" if row.query else ""),
                    admin_url(row.id, world, kwargs),
                )
            )
    return pages


def heaviest_pages(world, *, only: str = "") -> list[Page]:
    """The pages timed at length: the heaviest of the matrix, and the work plan as it prints
    (the HTML WeasyPrint is given, and the browser's preview), those whose id or label matches
    ``only``."""
    plan, meeting = {"pk": world.work_plan.pk}, {"number": world.meeting.number}
    rounds, printed = {"pk": world.round.pk}, {"pk": world.plan_document.pk}
    heaviest = [
        ("work plan editor", "workplans:detail", plan),
        ("progress dashboard", "progress:dashboard", rounds),
        ("mandate list", "mandates:list", {}),
        ("meeting page", "meetings:detail", meeting),
        ("work plan, printed", "documents:preview", printed),
    ]
    pages = []
    for label, name, kwargs in heaviest:
        row_id = f"GET {name}"
        page = Page(
            row_id,
            "secretariat",
            reverse(name, kwargs=kwargs),
            admin_url(row_id, world, kwargs),
            label,
        )
        if page.matches(only):
            pages.append(page)
    return pages


def clients(world) -> dict[str, Client]:
    signed_in = {}
    for name in READERS:
        client = Client()
        client.force_login(world.people[name])
        signed_in[name] = client
    return signed_in


def admin_client() -> Client:
    """A client signed in as a superuser made for the purpose, who may open every admin page
    without a permission of theirs being read: the admin at its cheapest."""
    admin = User.objects.create_user(username="benchmark-admin", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    return client


def caches_clear() -> None:
    """Forget everything the application keeps from one request to the next, so that the next
    request is a cold one, like the first view after an edit: every Django cache (with
    REDIS_URL set, that Redis database is emptied). What every process holds after its first
    request stays: compiled templates, content types."""
    for cache in caches.all():
        cache.clear()


@dataclass(frozen=True)
class Measured:
    status: int
    queries: int  # of a cold request
    warm_queries: int  # of the same request right after
    size: int  # bytes of the response's body
    content_type: str

    @property
    def is_file(self) -> bool:
        """A download (PDF, DOCX, XLSX, CSV) rather than a page: what it costs is producing
        the file, which the pages' yardstick does not describe."""
        return not self.content_type.startswith("text/html")


def query_counts(world, apps=APPS, *, only: str = "") -> dict[str, Measured]:
    """Per page: status, SQL queries cold and warm and size, after a warm-up request (which
    fills what each process keeps for good: compiled templates, content types)."""
    signed_in = clients(world)
    counts = {}
    for page in matrix_pages(world, apps, only=only):
        client = signed_in[page.user]
        client.get(page.url)
        caches_clear()
        with CaptureQueriesContext(connection) as cold:
            response = client.get(page.url)
        with CaptureQueriesContext(connection) as warm:
            client.get(page.url)
        counts[page.row_id] = Measured(
            status=response.status_code,
            queries=len(cold),
            warm_queries=len(warm),
            size=len(response.getvalue()),
            content_type=response.get("Content-Type", ""),
        )
    return counts


@dataclass
class Turns:
    """Milliseconds per request, turn by turn: the trivial view, the page cold then warm, and
    its admin twin cold then warm (empty when it has none)."""

    trivial: list[float] = field(default_factory=list)
    cold: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    admin_cold: list[float] = field(default_factory=list)
    admin_warm: list[float] = field(default_factory=list)


def timed_in_turns(
    client: Client, trivial: str, page: Page, repetitions: int, *, admin: Client
) -> Turns:
    """Times ``page`` cold (``caches_clear`` first, untimed) and warm (requested again at once)
    in turns with the ``trivial`` view, and its admin twin the same way as ``admin``, so that
    whatever else the machine is doing at that moment weighs on all alike and their ratios are
    fair ones. One warm-up of each first: compiled templates are every process's after its
    first request."""
    client.get(trivial)
    client.get(page.url)
    if page.admin_url:
        admin.get(page.admin_url)
    turns = Turns()
    for _repetition in range(repetitions):
        turns.trivial.append(_timed(client, trivial))
        caches_clear()
        turns.cold.append(_timed(client, page.url))
        turns.warm.append(_timed(client, page.url))
        if page.admin_url:
            caches_clear()
            turns.admin_cold.append(_timed(admin, page.admin_url))
            turns.admin_warm.append(_timed(admin, page.admin_url))
    return turns


def _timed(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    took = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return took


def median_p95(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95
