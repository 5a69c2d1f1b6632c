"""Measure the workspace at one and at ten times a decade of the Group's work, in one run:

    python manage.py benchmark [--repetitions 30] [--seed 0]

Works in a throw-away database of its own (PostgreSQL when DATABASE_URL is set, else SQLite in
memory), never in the configured one: generates scale data (development/scale.py) at the small
factor, counts the SQL queries (and the size) of every page of the permission matrix, empties the
database, generates the large factor, counts again, times the heaviest pages and then every page
against a trivial view signed in like them and requested in turns with them
(development/benchmarks/urls.py; /health/ is shown too), prints the query plans of the heaviest
pages' queries and the meeting pack's figures (development/benchmarks/pack.py). The table is also
written to bench-results/benchmark-<date>.txt.
"""

import datetime
import os
import platform
import signal
import sys
import time

import django
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError, connection
from django.test import Client, override_settings
from django.urls import reverse

from development.benchmarks import explain, pack, pages
from development.benchmarks.files import private_files_elsewhere
from development.benchmarks.world import scale_world
from development.scale import scale_data_generate

# A heavy page is wanted within this many times the trivial view's median (issue 8): a view
# that reads request.user, requested by the same signed-in client (development/benchmarks/urls.py).
TARGET_RATIO = 5
# Requests per page when every page of the matrix is timed (the heaviest pages get --repetitions).
EVERY_PAGE_REPETITIONS = 7


class Command(BaseCommand):
    help = "Query counts at two data sizes, server times and query plans of the heaviest pages."

    def add_arguments(self, parser):
        parser.add_argument("--small", type=float, default=1.0, help="first factor (1)")
        parser.add_argument("--large", type=float, default=10.0, help="second factor (10)")
        parser.add_argument("--repetitions", type=int, default=30, help="requests per page (30)")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--no-explain", action="store_true", help="leave out query plans")
        parser.add_argument("--no-pack", action="store_true", help="leave out the pack's figures")

    def handle(self, *args, small, large, repetitions, seed, no_explain, no_pack, **options):
        self.lines = []
        database = settings.DATABASES["default"]
        if database["ENGINE"] == "django.db.backends.postgresql":
            database.setdefault("TEST", {})["NAME"] = (
                f"test_{database['NAME']}_benchmark_{os.getpid()}"
            )
        # Not Django's setup_test_environment(): it instruments every template render (to
        # record them for tests), which would triple the time of the pages measured here.
        settings.DEBUG = False
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        # A stopped run (SIGTERM) still drops its database, in the ``finally`` below.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
        old_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            with private_files_elsewhere():
                self.run(
                    small,
                    large,
                    repetitions,
                    seed,
                    explain_plans=not no_explain,
                    with_pack=not no_pack,
                )
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        self.save()

    # -------------------------------------------------------------------------------------

    def say(self, line=""):
        self.lines.append(line)
        self.stdout.write(line)

    def run(self, small, large, repetitions, seed, *, explain_plans, with_pack):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT version()"
                if connection.vendor == "postgresql"
                else "SELECT 'SQLite ' || sqlite_version()"
            )
            engine = cursor.fetchone()[0].split(" on ")[0].split(",")[0]
        self.say(
            f"EMG workspace benchmark, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC"
        )
        self.say(
            f"{engine}; Python {platform.python_version()}; Django {django.get_version()}; "
            f"{os.cpu_count()} CPUs; {_memory()}"
        )

        took_small, generated, world, counts_small = _generate_and_count(small, seed)
        call_command("flush", interactive=False, verbosity=0)
        ContentType.objects.clear_cache()
        took_large, generated, world, counts_large = _generate_and_count(large, seed)

        self.say(
            f"Data: factor {small:g} generated in {took_small:.1f} s, factor {large:g} in "
            f"{took_large:.1f} s ({_sizes(generated)})"
        )
        self.say()
        self.report_counts(small, large, counts_small, counts_large, world)
        self.report_times(large, world, repetitions, counts_large)
        if explain_plans:
            self.report_plans(large, world)
        if with_pack:
            self.report_pack(world)

    def report_counts(self, small, large, counts_small, counts_large, world):
        readers = {page.row_id: page.user for page in pages.matrix_pages(world)}
        self.say(
            f"1. SQL queries and size (KB) of every page of the permission matrix, "
            f"factor {small:g} and {large:g}"
        )
        x_small, x_large = f"×{small:g}", f"×{large:g}"
        self.say(
            f"{'page':<58} {'as':<16} {'status':>6} {x_small:>6} {x_large:>6} "
            f"{'KB ' + x_small:>8} {'KB ' + x_large:>8}"
        )
        differ = 0
        for row_id, measured in counts_large.items():
            before = counts_small.get(row_id)
            flag = ""
            if before is None or before.queries != measured.queries:
                fewer = before is not None and measured.queries < before.queries
                flag = "  differs (fewer)" if fewer else "  DIFFERS"
                differ += 1
            if before is not None and before.status != measured.status:
                flag += f"  (status {before.status} at ×{small:g})"
            self.say(
                f"{row_id[:58]:<58} {readers[row_id]:<16} {measured.status:>6} "
                f"{before.queries if before else '–':>6} {measured.queries:>6} "
                f"{_kb(before.size) if before else '–':>8} {_kb(measured.size):>8}{flag}"
            )
        self.say(f"Pages whose query count differs: {differ} of {len(counts_large)}")
        self.say()

    def report_times(self, large, world, repetitions, counts_large):
        # The yardstick is a trivial view requested by the same signed-in client as the pages,
        # in turns with them, so that the same middleware does the same work and the moment's
        # load weighs on both (development/benchmarks/urls.py); /health/ (no session, no user)
        # stays in the table as a second reference line.
        with override_settings(ROOT_URLCONF="development.benchmarks.urls"):
            trivial_url = reverse("benchmark_trivial")
            signed_in = pages.clients(world)
            client = signed_in["secretariat"]
            trivial, health = pages.paired_times(client, trivial_url, "/health/", repetitions)
            timed = []
            for label, url in pages.heaviest_pages(world):
                base, times = pages.paired_times(client, trivial_url, url, repetitions)
                timed.append((label, base, times))
            every = []
            for page in pages.matrix_pages(world):
                base, times = pages.paired_times(
                    signed_in[page.user], trivial_url, page.url, EVERY_PAGE_REPETITIONS
                )
                every.append((page, base, times))

        self.say(
            f"2. Server time at factor {large:g}, {repetitions} requests each through the whole "
            f"middleware (Django test client, signed in as the secretariat) in turns with the "
            f"trivial view's, in ms, and divided by the trivial view's of the same turns"
        )
        self.say(
            f"{'page':<22} {'median':>8} {'p95':>8} {'trivial':>8} "
            f"{'median ÷ trivial':>17} {'p95 ÷ trivial':>14}"
        )
        worst = 0.0
        references = [("trivial view", trivial, trivial), ("/health/", trivial, health)]
        for label, base, times in references + timed:
            median, p95 = pages.median_p95(times)
            base_median, base_p95 = pages.median_p95(base)
            if label not in ("trivial view", "/health/"):
                worst = max(worst, median / base_median)
            self.say(
                f"{label:<22} {median:>8.2f} {p95:>8.2f} {base_median:>8.2f} "
                f"{median / base_median:>17.1f} {p95 / base_p95:>14.1f}"
            )
        verdict = "within" if worst <= TARGET_RATIO else "NOT within"
        self.say(
            f"Heaviest of these pages: {worst:.1f}× the trivial view's median, "
            f"{verdict} {TARGET_RATIO}×."
        )
        self.say(
            "(trivial view: reads request.user and answers its name, signed in like the pages; "
            "/health/: no session, no user, no database)"
        )
        self.say(
            f"(work plan editor: {world.work_plan} with "
            f"{sum(len(o['activities']) for o in world.work_plan.numbered())} activities; "
            f"meeting page: {world.meeting} with {world.meeting.documents.count()} documents)"
        )
        self.say()

        self.say(
            f"3. Every page of the permission matrix at factor {large:g}, "
            f"{EVERY_PAGE_REPETITIONS} requests each in turns with the trivial view, heaviest "
            f"first (medians in ms; answers other than HTML apart: producing a file is not "
            f"a page's work)"
        )
        self.say(f"{'page':<58} {'as':<16} {'median':>8} {'trivial':>8} {'÷ trivial':>10}")
        ratios = []
        for page, base, times in every:
            median, base_median = pages.median_p95(times)[0], pages.median_p95(base)[0]
            ratios.append((median / base_median, median, base_median, page))
        ratios.sort(key=lambda row: (counts_large[row[3].row_id].is_file, -row[0]))
        for ratio, median, base_median, page in ratios:
            kind = "  (not HTML)" if counts_large[page.row_id].is_file else ""
            self.say(
                f"{page.row_id[:58]:<58} {page.user:<16} {median:>8.2f} {base_median:>8.2f} "
                f"{ratio:>10.1f}{kind}"
            )
        html = [row for row in ratios if not counts_large[row[3].row_id].is_file]
        over = [row for row in html if row[0] > TARGET_RATIO]
        self.say(
            f"HTML pages over {TARGET_RATIO}× the trivial view: {len(over)} of {len(html)}"
            + (f" (heaviest {html[0][0]:.1f}×: {html[0][3].row_id})" if html else "")
        )
        self.say()

    def report_plans(self, large, world):
        client = Client()
        client.force_login(world.people["secretariat"])
        self.say(f"4. Query plans of the heaviest pages' queries at factor {large:g}")
        for label, url in pages.heaviest_pages(world):
            self.say(f"{label} ({url})")
            try:
                for line in explain.page_plans(client, url):
                    self.say(f"  {line}")
            except DatabaseError as exc:  # SQLite's captured SQL is only approximately quoted
                self.say(f"  could not explain: {exc}")
        self.say()

    def report_pack(self, world):
        self.say(
            f"5. The meeting pack of {world.meeting}, the page timed above "
            "(development/benchmarks/pack.py)"
        )
        for line in pack.run(meeting=world.meeting):
            self.say(f"  {line}")

    def save(self):
        folder = settings.BASE_DIR / "bench-results"
        folder.mkdir(exist_ok=True)
        path = folder / f"benchmark-{datetime.datetime.now(datetime.UTC):%Y-%m-%d-%H%M}.txt"
        path.write_text("\n".join(self.lines) + "\n", encoding="utf-8")
        self.stdout.write(f"Written to {path.relative_to(settings.BASE_DIR)}")


def _generate_and_count(factor: float, seed: int):
    """Generate ``factor`` times the data; return how long it took, what was generated, the
    matrix's world picked from it and every matrix page's query count there."""
    started = time.monotonic()
    generated = scale_data_generate(factor=factor, seed=seed)
    took = time.monotonic() - started
    analyze()
    world = scale_world(generated)
    return took, generated, world, pages.query_counts(world)


def analyze():
    """Fresh statistics for the query planner, as autovacuum would gather after a bulk load:
    without them PostgreSQL plans for the empty tables it last saw."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _sizes(generated) -> str:
    counts = generated.counts
    return ", ".join(
        f"{counts.get(label, 0)} {name}"
        for label, name in (
            ("emg.Meeting", "SOMs"),
            ("mandates.Decision", "decisions"),
            ("mandates.Mandate", "mandates"),
            ("workplans.Activity", "activities"),
            ("workplans.Milestone", "milestones"),
            ("progress.Task", "tasks"),
            ("progress.UpdateItem", "progress items"),
            ("emg.User", "people"),
        )
    )


def _kb(size: int) -> str:
    return f"{size / 1024:.0f}"


def _memory() -> str:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            kib = int(meminfo.readline().split()[1])
        return f"{kib / 1024 / 1024:.0f} GB memory"
    except (OSError, ValueError, IndexError):
        return "memory unknown"
