"""``manage.py benchmark``: its cold step, its admin twins, and one run at a tiny size."""

import os
import re
import subprocess
import sys
from importlib import import_module

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings
from django.urls import resolve

from development.benchmarks.admin_twins import ADMIN_TWINS
from development.benchmarks.pages import admin_client, caches_clear, matrix_pages

# The pages wanted no slower than the admin's page of their model: lists, details, and the
# pages that create, edit, delete an object or tell its history.
WANTS_A_TWIN = re.compile(
    r":(list|detail|create|edit|history)\b|_(add|create|edit|delete|history)\b"
)


# In memory: on the suite's Redis, emptying the cache would empty the database the Celery
# worker of another test process reads its tasks from.
@override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "other": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "b"},
    }
)
def test_the_cold_step_empties_every_django_cache():
    for cache in caches.all():
        cache.set("benchmark-kept", "a page")

    caches_clear()

    assert [cache.get("benchmark-kept") for cache in caches.all()] == [None] * len(caches.all())


def test_every_admin_twin_is_named_after_a_page_of_the_matrix():
    row_ids = {
        row.id
        for app in ("emg", "mandates", "workplans", "progress")
        for row in import_module(f"{app}.tests.matrix_rows").ROWS
        if row.method == "get"
    }

    assert set(ADMIN_TWINS) - row_ids == set()


@pytest.mark.django_db
def test_every_list_detail_and_edit_page_has_an_admin_twin_that_answers(world):
    pages = matrix_pages(world)
    admin = admin_client()

    unpaired = [p.row_id for p in pages if WANTS_A_TWIN.search(p.row_id) and not p.admin_url]
    assert unpaired == []
    for page in pages:
        if page.admin_url:
            assert resolve(page.admin_url).namespace == "admin", page.row_id
            assert admin.get(page.admin_url).status_code == 200, (page.row_id, page.admin_url)


def run_benchmark(tmp_path, pages: str) -> str:
    """The command's output for the ``pages`` (a regex), at a tiny size. It makes its own
    database (beside DATABASE_URL's, or SQLite in memory), so it runs in a process of its own.
    Without REDIS_URL: its cold step empties the caches, which must not be a Redis others use."""
    output = tmp_path / "benchmark.txt"
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "benchmark",
            *("--small", "0.3", "--large", "0.3", "--repetitions", "2"),
            *("--pages", pages, "--no-explain", "--no-pack"),
            *("--output", str(output)),
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return output.read_text(encoding="utf-8")


def test_the_benchmark_tells_each_page_cold_and_warm_beside_the_admin(tmp_path):
    """The command itself, at a tiny size, on two pages."""
    table = run_benchmark(tmp_path, r"meetings:detail$|health")

    every_page = table[table.index("3. Every page") :]
    header = every_page.splitlines()[1]
    assert re.search(r"cold .* warm .* admin", header), header
    assert "meeting page" in table
    meeting_row = next(line for line in every_page.splitlines() if "GET meetings:detail" in line)
    # queries, KB, cold, ÷, warm, ÷, admin cold, admin warm, cold ÷ admin: all measured
    assert len(re.findall(r"\d+\.\d+", meeting_row)) == 7, meeting_row
    health_row = next(line for line in every_page.splitlines() if line.startswith("GET health"))
    assert "–" in health_row  # no model, no admin twin
    assert "GET mandates:list" not in table
    assert re.search(r"Pages missing a target: \d+ of 2 ", table)


def test_the_benchmark_times_the_signing_in_pages_as_the_matrix_reads_them(tmp_path):
    """Its people are generated without passwords; the matrix's have one, and confirming who
    one is (account_reauthenticate) answers a person without one with a redirect, which the
    timing refuses."""
    counted, timed = run_benchmark(tmp_path, r"^GET account_reauthenticate").split(
        "3. Every page", 1
    )
    [count_row] = [line for line in counted.splitlines() if line.startswith("GET account_reauth")]
    [time_row] = [line for line in timed.splitlines() if line.startswith("GET account_reauth")]
    assert re.search(r"secretariat\s+200\s", count_row), count_row
    assert len(re.findall(r"\d+\.\d+", time_row)) >= 4, time_row  # cold, ÷, warm, ÷
