"""Measure the workspace at one and at ten times a decade of the Group's work, in one run:

    python manage.py benchmark [--pages REGEX] [--repetitions 30] [--seed 0]

Works in a throw-away database of its own (PostgreSQL when DATABASE_URL is set, else SQLite in
memory), never in the configured one: generates scale data (development/scale.py) at the small
factor, counts the SQL queries (and the size) of every page of the permission matrix, empties the
database, generates the large factor, counts again, then times the heaviest pages and every page
cold (every cache emptied first) and warm (requested again at once), in turns with a trivial view
signed in like them (development/benchmarks/urls.py) and beside the Django admin's page of the
same model (development/benchmarks/admin_twins.py), marking the pages that miss a target of issue
14; prints the query plans of the heaviest pages' queries and the meeting pack's figures
(development/benchmarks/pack.py). The output is also written to
bench-results/benchmark-<date>.txt (or --output).
"""

import datetime
import os
import platform
import signal
import sys
import time
from pathlib import Path

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
from emg.search.index import index_rebuild
from workplans.models import Activity

# The targets of issue 14 (item 7), cold, at factor 10: every HTML page within this many times
# the trivial view's median (a view that reads request.user, requested by the same signed-in
# client: development/benchmarks/urls.py); each page with an admin twin no slower than it; the
# work plan editor (a plan of 60 activities) within this many KB; and every page's query count
# the same at both factors.
TRIVIAL_TARGET = 10
EDITOR = "GET workplans:detail"
EDITOR_TARGET_KB = 300
# How a row missing each target is marked.
MISSES = {
    "trivial": f"OVER {TRIVIAL_TARGET}× TRIVIAL",
    "admin": "SLOWER THAN ADMIN",
    "size": f"OVER {EDITOR_TARGET_KB} KB",
    "queries": "QUERIES DIFFER",
}
# Requests per page when every page of the matrix is timed (the heaviest pages get --repetitions).
EVERY_PAGE_REPETITIONS = 7


class Command(BaseCommand):
    help = (
        "Query counts at two data sizes, server times cold and warm beside the admin's, and "
        "query plans of the heaviest pages."
    )

    def add_arguments(self, parser):
        parser.add_argument("--small", type=float, default=1.0, help="first factor (1)")
        parser.add_argument("--large", type=float, default=10.0, help="second factor (10)")
        parser.add_argument(
            "--repetitions", type=int, default=30, help="requests per heaviest page (30)"
        )
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--pages",
            dest="only",
            default="",
            metavar="REGEX",
            help="only the pages whose matrix row id (or label) matches, e.g. 'workplans:detail$'",
        )
        parser.add_argument("--no-explain", action="store_true", help="leave out query plans")
        parser.add_argument("--no-pack", action="store_true", help="leave out the pack's figures")
        parser.add_argument(
            "--output", type=Path, help="where to write the output (bench-results/benchmark-…)"
        )

    def handle(self, *args, small, large, repetitions, seed, only, output, **options):
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
                    only=only,
                    explain_plans=not options["no_explain"],
                    with_pack=not options["no_pack"],
                )
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        self.save(output)

    # -------------------------------------------------------------------------------------

    def say(self, line=""):
        self.lines.append(line)
        self.stdout.write(line)

    def run(self, small, large, repetitions, seed, *, only, explain_plans, with_pack):
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

        took_small, generated, world, counts_small = _generate_and_count(small, seed, only)
        call_command("flush", interactive=False, verbosity=0)
        ContentType.objects.clear_cache()
        took_large, generated, world, counts_large = _generate_and_count(large, seed, only)

        self.say(
            f"Data: factor {small:g} generated in {took_small:.1f} s, factor {large:g} in "
            f"{took_large:.1f} s ({_sizes(generated)})"
        )
        if only:
            self.say(f"Only the pages matching {only!r}")
        self.say()
        self.report_counts(small, large, counts_small, counts_large, world, only)
        self.report_times(small, large, world, repetitions, counts_small, counts_large, only)
        if explain_plans:
            self.report_plans(large, world, only)
        if with_pack:
            self.report_pack(world)

    def report_counts(self, small, large, counts_small, counts_large, world, only):
        readers = {page.row_id: page.user for page in pages.matrix_pages(world, only=only)}
        self.say(
            f"1. SQL queries (cold, and warm at factor {large:g}) and size (KB) of every page of "
            f"the permission matrix, factor {small:g} and {large:g}"
        )
        x_small, x_large = f"×{small:g}", f"×{large:g}"
        self.say(
            f"{'page':<58} {'as':<16} {'status':>6} {x_small:>6} {x_large:>6} "
            f"{'warm ' + x_large:>9} {'KB ' + x_small:>8} {'KB ' + x_large:>8}"
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
                f"{measured.warm_queries:>9} "
                f"{_kb(before.size) if before else '–':>8} {_kb(measured.size):>8}{flag}"
            )
        self.say(f"Pages whose query count differs: {differ} of {len(counts_large)}")
        self.say()

    def report_times(self, small, large, world, repetitions, counts_small, counts_large, only):
        # The yardstick is a trivial view requested by the same signed-in client as the pages,
        # in turns with them, so that the same middleware does the same work and the moment's
        # load weighs on both (development/benchmarks/urls.py). Each page's admin twin is
        # requested in the same turns, by a superuser.
        with override_settings(ROOT_URLCONF="development.benchmarks.urls"):
            trivial_url = reverse("benchmark_trivial")
            signed_in = pages.clients(world)
            admin = pages.admin_client()

            def in_turns(page, turns):
                client = signed_in[page.user]
                return page, pages.timed_in_turns(client, trivial_url, page, turns, admin=admin)

            heaviest = [
                in_turns(page, repetitions) for page in pages.heaviest_pages(world, only=only)
            ]
            every = [
                in_turns(page, EVERY_PAGE_REPETITIONS)
                for page in pages.matrix_pages(world, only=only)
            ]
        self.report_heaviest(large, world, repetitions, heaviest)
        self.report_every_page(small, large, every, counts_small, counts_large)

    def report_heaviest(self, large, world, repetitions, heaviest):
        self.say(
            f"2. The heaviest pages at factor {large:g}: {repetitions} turns each of the trivial "
            f"view, the page cold (every cache emptied first) and warm (requested again at "
            f"once), and the Django admin's page of the same model cold and warm (as a "
            f"superuser), through the whole middleware (Django test client, signed in as the "
            f"secretariat); median and p95 in ms, ratios of medians"
        )
        self.say(
            f"{'':<20} {'cold':>17} {'warm':>17} {'trivial':>17} {'admin cold':>17} "
            f"{'cold ÷':>8} {'warm ÷':>8} {'cold ÷':>7}"
        )
        self.say(
            f"{'page':<20} {'median':>8} {'p95':>8} {'median':>8} {'p95':>8} {'median':>8} "
            f"{'p95':>8} {'median':>8} {'p95':>8} {'trivial':>8} {'trivial':>8} {'admin':>7}"
        )
        for page, turns in heaviest:
            cold, warm, trivial = (
                pages.median_p95(turns.cold),
                pages.median_p95(turns.warm),
                pages.median_p95(turns.trivial),
            )
            admin = pages.median_p95(turns.admin_cold) if turns.admin_cold else None
            times = f"{_ms(cold[0])} {_ms(cold[1])} {_ms(warm[0])} {_ms(warm[1])} "
            times += f"{_ms(trivial[0])} {_ms(trivial[1])} "
            times += f"{_ms(admin[0])} {_ms(admin[1])}" if admin else f"{'–':>8} {'–':>8}"
            misses = _time_misses(cold[0] / trivial[0], admin and cold[0] / admin[0])
            self.say(
                f"{page.label:<20} {times} {cold[0] / trivial[0]:>8.1f} "
                f"{warm[0] / trivial[0]:>8.1f} {_ratio(admin and cold[0] / admin[0])}"
                + _marks(misses)
            )
        activities = Activity.objects.filter(outcome__work_plan=world.work_plan).count()
        self.say(
            f"(work plan editor: {world.work_plan} with {activities} activities; meeting page: "
            f"{world.meeting} with {world.meeting.documents.count()} documents; admin twins in "
            f"development/benchmarks/admin_twins.py)"
        )
        self.say()

    def report_every_page(self, small, large, every, counts_small, counts_large):
        self.say(
            f"3. Every page of the permission matrix at factor {large:g}, "
            f"{EVERY_PAGE_REPETITIONS} turns each as above (medians in ms), heaviest cold first; "
            f"answers other than HTML apart (producing a file is not a page's work). Marked: "
            f"what misses a target (cold over {TRIVIAL_TARGET}× the trivial view, cold slower "
            f"than the admin's page, the work plan editor over {EDITOR_TARGET_KB} KB, a query "
            f"count that differs with the data's size)"
        )
        self.say(
            f"{'page':<58} {'queries':>9} {'KB':>5} {'cold':>8} {'÷ triv':>7} {'warm':>8} "
            f"{'÷ triv':>7} {'admin':>8} {'admin':>8} {'cold ÷':>7}"
        )
        self.say(
            f"{'':<58} {f'×{small:g}/×{large:g}':>9} {'':>5} {'':>8} {'':>7} {'':>8} {'':>7} "
            f"{'cold':>8} {'warm':>8} {'admin':>7}"
        )
        rows = []
        for page, turns in every:
            trivial = pages.median_p95(turns.trivial)[0]
            cold, warm = pages.median_p95(turns.cold)[0], pages.median_p95(turns.warm)[0]
            admin = None
            if turns.admin_cold:
                admin = [
                    pages.median_p95(turns.admin_cold)[0],
                    pages.median_p95(turns.admin_warm)[0],
                ]
            rows.append((page.row_id, trivial, cold, warm, admin))
        rows.sort(key=lambda row: (counts_large[row[0]].is_file, -row[2] / row[1]))
        missed = dict.fromkeys(MISSES, 0)
        missing_rows = 0
        for row_id, trivial, cold, warm, admin in rows:
            measured, before = counts_large[row_id], counts_small.get(row_id)
            is_html = not measured.is_file
            misses = _time_misses(cold / trivial if is_html else 0, admin and cold / admin[0])
            misses += _page_misses(row_id, measured, before)
            for miss in misses:
                missed[miss] += 1
            missing_rows += bool(misses)
            queries = f"{before.queries if before else '–'}/{measured.queries}"
            admin_times = f"{_ms(admin[0])} {_ms(admin[1])}" if admin else f"{'–':>8} {'–':>8}"
            self.say(
                f"{row_id[:58]:<58} {queries:>9} {_kb(measured.size):>5} {_ms(cold)} "
                f"{cold / trivial:>7.1f} {_ms(warm)} {warm / trivial:>7.1f} {admin_times} "
                f"{_ratio(admin and cold / admin[0])}"
                + ("" if is_html else "  (not HTML)")
                + _marks(misses)
            )
        self.say(
            f"Pages missing a target: {missing_rows} of {len(rows)} (cold over "
            f"{TRIVIAL_TARGET}× the trivial view: {missed['trivial']}; cold slower than the "
            f"admin's page: {missed['admin']}; editor over {EDITOR_TARGET_KB} KB: "
            f"{missed['size']}; query count differs: {missed['queries']})"
        )
        self.say()

    def report_plans(self, large, world, only):
        client = Client()
        client.force_login(world.people["secretariat"])
        self.say(f"4. Query plans of the heaviest pages' queries at factor {large:g}")
        for page in pages.heaviest_pages(world, only=only):
            self.say(f"{page.label} ({page.url})")
            try:
                for line in explain.page_plans(client, page.url):
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

    def save(self, output):
        if output is None:
            folder = settings.BASE_DIR / "bench-results"
            folder.mkdir(exist_ok=True)
            output = folder / f"benchmark-{datetime.datetime.now(datetime.UTC):%Y-%m-%d-%H%M}.txt"
        output.write_text("\n".join(self.lines) + "\n", encoding="utf-8")
        self.stdout.write(f"Written to {output}")


def _time_misses(trivial_ratio: float, admin_ratio: float | None) -> list[str]:
    """The time targets missed by a page ``trivial_ratio`` times the trivial view's median and
    ``admin_ratio`` times its admin twin's (None without one), both cold."""
    misses = []
    if trivial_ratio > TRIVIAL_TARGET:
        misses.append("trivial")
    if admin_ratio is not None and admin_ratio > 1:
        misses.append("admin")
    return misses


def _page_misses(row_id: str, measured, before) -> list[str]:
    """The size and query-count targets missed by the page ``row_id``, ``measured`` at the large
    factor and ``before`` at the small one (None if it was not requested there)."""
    misses = []
    if row_id == EDITOR and measured.size / 1024 > EDITOR_TARGET_KB:
        misses.append("size")
    if before is None or before.queries != measured.queries:
        misses.append("queries")
    return misses


def _marks(misses: list[str]) -> str:
    return "".join(f"  {MISSES[miss]}" for miss in misses)


def _generate_and_count(factor: float, seed: int, only: str):
    """Generate ``factor`` times the data; return how long it took, what was generated, the
    matrix's world picked from it and the query counts of the matrix pages matching ``only``."""
    started = time.monotonic()
    generated = scale_data_generate(factor=factor, seed=seed)
    took = time.monotonic() - started
    # Bulk-written rows announce nothing to the search: its page is measured with them found.
    index_rebuild()
    analyze()
    world = scale_world(generated)
    return took, generated, world, pages.query_counts(world, only=only)


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


def _ms(milliseconds: float) -> str:
    return f"{milliseconds:>8.2f}"


def _ratio(ratio: float | None) -> str:
    return f"{ratio:>7.2f}" if ratio is not None else f"{'–':>7}"


def _kb(size: int) -> str:
    return f"{size / 1024:.0f}"


def _memory() -> str:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            kib = int(meminfo.readline().split()[1])
        return f"{kib / 1024 / 1024:.0f} GB memory"
    except (OSError, ValueError, IndexError):
        return "memory unknown"
