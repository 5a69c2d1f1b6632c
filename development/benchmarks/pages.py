"""Query counts of the permission matrix's pages, and server times of the heaviest ones."""

import statistics
import time
from dataclasses import dataclass
from importlib import import_module

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

APPS = ("emg", "mandates", "workplans", "progress")
# Who reads each page: the secretariat, unless only another role may (a focal point's own tasks).
READERS = ("secretariat", "focal_point", "senior_official")


@dataclass(frozen=True)
class Page:
    row_id: str
    user: str
    url: str


def matrix_pages(world, apps=APPS) -> list[Page]:
    """Every GET row of the permission matrix (of ``apps``) that some standing user reads
    (status 200), with its URL filled from ``world`` and the first of READERS who may read it."""
    pages = []
    for app in apps:
        for row in import_module(f"{app}.tests.matrix_rows").ROWS:
            if row.method != "get":
                continue
            user = next((u for u in READERS if row.statuses.get(u) == 200), None)
            if user is None:
                continue
            kwargs = row.kwargs(world)
            url = reverse(row.url, kwargs=kwargs)
            pages.append(Page(row.id, user, url + (f"?{row.query}" if row.query else "")))
    return pages


def clients(world) -> dict[str, Client]:
    signed_in = {}
    for name in READERS:
        client = Client()
        client.force_login(world.people[name])
        signed_in[name] = client
    return signed_in


@dataclass(frozen=True)
class Measured:
    status: int
    queries: int
    size: int  # bytes of the response's body
    content_type: str

    @property
    def is_file(self) -> bool:
        """A download (PDF, DOCX, XLSX, CSV) rather than a page: what it costs is producing
        the file, which the pages' yardstick does not describe."""
        return not self.content_type.startswith("text/html")


def query_counts(world, apps=APPS) -> dict[str, Measured]:
    """Per page: status, SQL queries and size of one request, after one warm-up request."""
    signed_in = clients(world)
    counts = {}
    for page in matrix_pages(world, apps):
        client = signed_in[page.user]
        client.get(page.url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url)
        counts[page.row_id] = Measured(
            status=response.status_code,
            queries=len(queries),
            size=len(response.getvalue()),
            content_type=response.get("Content-Type", ""),
        )
    return counts


def server_times(client: Client, url: str, repetitions: int) -> list[float]:
    """Milliseconds per request of ``url``, through the whole middleware, after a warm-up."""
    client.get(url)
    return [_timed(client, url) for _repetition in range(repetitions)]


def paired_times(
    client: Client, yardstick: str, url: str, repetitions: int
) -> tuple[list[float], list[float]]:
    """Milliseconds per request of ``yardstick`` and of ``url``, requested in turns (after a
    warm-up of each), so that whatever else the machine is doing at that moment weighs on both
    alike and their ratio is a fair one."""
    client.get(yardstick)
    client.get(url)
    base, times = [], []
    for _repetition in range(repetitions):
        base.append(_timed(client, yardstick))
        times.append(_timed(client, url))
    return base, times


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


def heaviest_pages(world) -> list[tuple[str, str]]:
    return [
        ("work plan editor", reverse("workplans:detail", kwargs={"pk": world.work_plan.pk})),
        ("progress dashboard", reverse("progress:dashboard", kwargs={"pk": world.round.pk})),
        ("mandate list", reverse("mandates:list")),
        ("meeting page", reverse("meetings:detail", kwargs={"number": world.meeting.number})),
        # The same plan as it prints (the HTML WeasyPrint is given, and the browser's preview).
        ("work plan, printed", reverse("documents:preview", kwargs={"pk": world.plan_document.pk})),
    ]
