"""Measure the meeting pack on the demo data, in one run:

    python manage.py benchmark_pack [--meeting 26] [--repetitions 3]

Works in a throw-away database of its own (PostgreSQL when DATABASE_URL is set, else a
temporary SQLite file), loaded with ``setup_demo``, and a temporary folder for the files; the
configured database is never touched. Prints the figures of development/benchmarks/pack.py and
writes them to bench-results/pack-<date>.txt.
"""

import datetime
import io
import json
import os
import platform

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from development.benchmarks import pack
from development.benchmarks.files import files_in, throwaway_database
from emg.models import Meeting


class Command(BaseCommand):
    help = "The meeting pack's build times and memory on the demo data."

    def add_arguments(self, parser):
        parser.add_argument("--meeting", type=int, default=26, help="SOM number (26)")
        parser.add_argument("--repetitions", type=int, default=3, help="runs per time (3)")
        # Used by the benchmark itself, to measure one build in a process of its own.
        parser.add_argument("--measure", type=int, help="(internal) build this meeting's pack")
        parser.add_argument("--files", help="(internal) the folder of the files")

    def handle(self, *args, meeting, repetitions, measure, files, **options):
        settings.DEBUG = False  # no query log growing during the builds
        if measure is not None:
            with files_in(files):
                self.stdout.write(json.dumps(pack.measure_full_build(measure)))
            return
        with throwaway_database("pack"):
            lines = self.measure(meeting, repetitions)
        self.save(lines)

    def measure(self, number: int, repetitions: int) -> list[str]:
        call_command("setup_demo", stdout=io.StringIO())
        meeting = Meeting.objects.filter(number=number).first()
        if meeting is None:
            raise CommandError(f"The demo data has no SOM {number}.")
        lines = [
            f"Meeting pack benchmark, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
            f"{connection.vendor}; Python {platform.python_version()}; {os.cpu_count()} CPUs",
            *pack.run(meeting=meeting, repetitions=repetitions),
        ]
        for line in lines:
            self.stdout.write(line)
        return lines

    def save(self, lines: list[str]) -> None:
        folder = settings.BASE_DIR / "bench-results"
        folder.mkdir(exist_ok=True)
        path = folder / f"pack-{datetime.datetime.now(datetime.UTC):%Y-%m-%d-%H%M}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.stdout.write(f"Written to {path.relative_to(settings.BASE_DIR)}")
