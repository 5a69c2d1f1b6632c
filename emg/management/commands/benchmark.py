"""Measure the workspace at one and at ten times a decade of the Group's work, in one run:

    python manage.py benchmark [--repetitions 30] [--seed 0]

Works in a throw-away database of its own (PostgreSQL when DATABASE_URL is set, else SQLite in
memory), never in the configured one: generates scale data (emg/scale.py) at the small factor,
counts the SQL queries of every page of the permission matrix, empties the database, generates
the large factor, counts again, times the heaviest pages against a trivial view signed in like
them (emg/benchmarks/urls.py; /health/ is shown too), prints the query plans of their queries
and the meeting pack's figures (emg/benchmarks/pack.py). The table is also written to
bench-results/benchmark-<date>.txt.
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

from emg.benchmarks import explain, pack, pages
from emg.benchmarks.files import private_files_elsewhere
from emg.benchmarks.world import scale_world
from emg.scale import scale_data_generate

# A heavy page is wanted within this many times the trivial view's median (issue 8): a view
# that reads request.user, requested by the same signed-in client (emg/benchmarks/urls.py).
TARGET_RATIO = 5


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
        self.report_times(large, world, repetitions)
        if explain_plans:
            self.report_plans(large, world)
        if with_pack:
            self.report_pack(world)

    def report_counts(self, small, large, counts_small, counts_large, world):
        readers = {page.row_id: page.user for page in pages.matrix_pages(world)}
        self.say(
            f"1. SQL queries per page of the permission matrix, factor {small:g} and {large:g}"
        )
        header = f"{'page':<58} {'as':<16} {'status':>6} {'×' + format(small, 'g'):>6} "
        self.say(header + f"{'×' + format(large, 'g'):>6}")
        differ = 0
        for row_id, (status, count) in counts_large.items():
            status_small, count_small = counts_small.get(row_id, (None, None))
            flag = ""
            if count_small != count:
                flag = "  DIFFERS" if count > count_small else "  differs (fewer)"
                differ += 1
            if status_small != status:
                flag += f"  (status {status_small} at ×{small:g})"
            self.say(
                f"{row_id[:58]:<58} {readers[row_id]:<16} {status:>6} {count_small:>6} "
                f"{count:>6}{flag}"
            )
        self.say(f"Pages whose query count differs: {differ} of {len(counts_large)}")
        self.say()

    def report_times(self, large, world, repetitions):
        # The yardstick is a trivial view requested by the same signed-in client as the heavy
        # pages, so that the same middleware does the same work (emg/benchmarks/urls.py);
        # /health/ (no session, no user) stays in the table as a second reference line.
        with override_settings(ROOT_URLCONF="emg.benchmarks.urls"):
            client = Client()
            client.force_login(world.people["secretariat"])
            trivial = pages.server_times(client, reverse("benchmark_trivial"), repetitions)
            health = pages.server_times(client, reverse("health"), repetitions)
            timed = [
                (label, pages.median_p95(pages.server_times(client, url, repetitions)))
                for label, url in pages.heaviest_pages(world)
            ]
        base_median, base_p95 = pages.median_p95(trivial)
        self.say(
            f"2. Server time at factor {large:g}, {repetitions} requests each through the whole "
            f"middleware (Django test client, signed in as the secretariat), in ms, divided by "
            f"the trivial view's"
        )
        self.say(
            f"{'page':<22} {'median':>8} {'p95':>8} {'median ÷ trivial':>17} {'p95 ÷ trivial':>14}"
        )
        rows = [
            ("trivial view", (base_median, base_p95)),
            ("/health/", pages.median_p95(health)),
        ]
        worst = max(median for _label, (median, _p95) in timed) / base_median
        for label, (median, p95) in rows + timed:
            self.say(
                f"{label:<22} {median:>8.2f} {p95:>8.2f} {median / base_median:>17.1f} "
                f"{p95 / base_p95:>14.1f}"
            )
        verdict = "within" if worst <= TARGET_RATIO else "NOT within"
        self.say(
            f"Heaviest page: {worst:.1f}× the trivial view's median, {verdict} {TARGET_RATIO}×."
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

    def report_plans(self, large, world):
        client = Client()
        client.force_login(world.people["secretariat"])
        self.say(f"3. Query plans of the heaviest pages' queries at factor {large:g}")
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
            f"4. The meeting pack of {world.meeting}, the page timed above (emg/benchmarks/pack.py)"
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


def _memory() -> str:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            kib = int(meminfo.readline().split()[1])
        return f"{kib / 1024 / 1024:.0f} GB memory"
    except (OSError, ValueError, IndexError):
        return "memory unknown"
