"""Write N times one decade of the Group's work next to what the database holds
(development/scale.py).

python manage.py generate_scale_data --factor 10 --seed 0
"""

import time

from django.core.management.base import BaseCommand, CommandError

from development.scale import scale_data_generate
from emg.search.index import index_rebuild


class Command(BaseCommand):
    help = "Generate realistic data at N times one decade of the Group's work."

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=float, default=1.0, help="1 = one decade (default)")
        parser.add_argument("--seed", type=int, default=0, help="same seed, same rows (default 0)")

    def handle(self, *args, factor, seed, **options):
        if factor <= 0:
            raise CommandError("--factor must be positive")
        started = time.monotonic()
        generated = scale_data_generate(factor=factor, seed=seed)
        elapsed = time.monotonic() - started
        # Written in bulk, the rows announced nothing to the search.
        index_rebuild()
        last = generated.first_number + len(generated.meetings) - 1
        self.stdout.write(
            f"SOMs {generated.first_number}–{last}, factor {factor:g}, seed {seed}, "
            f"{elapsed:.1f} s:"
        )
        for label, count in generated.counts.items():
            self.stdout.write(f"  {label:<28} {count:>7}")
