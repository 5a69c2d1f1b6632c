"""``manage.py search_index``: index everything the global search finds again (emg.search).

Saving a record keeps its entry current after the commit; this is for what no save announced
(rows written in bulk, a database restored from a backup, a source added or changed)."""

from django.core.management.base import BaseCommand

from emg.search.index import index_rebuild


class Command(BaseCommand):
    help = "Rebuild the global search's index from every app's records."

    def handle(self, *args, **options):
        count = index_rebuild()
        self.stdout.write(f"Search index: {count} entries.")
