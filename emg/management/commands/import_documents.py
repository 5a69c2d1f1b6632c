from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from emg.importing import import_path


class Command(BaseCommand):
    help = (
        "Import legacy EMG documents (terms of reference, work plans, progress reports, "
        "summaries of action points) from text or Word (.docx) files. Each file is imported "
        "whole or not at all."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")

    def handle(self, *paths, **options):
        failed = 0
        for path in options["paths"]:
            result = import_path(path)
            if result.ok:
                self.stdout.write(f"{path}: {result.kind}: {result.summary}")
            else:
                failed += 1
                self.stderr.write(self.style.ERROR(f"{path}: {result.problem}; nothing imported"))
        if failed:
            raise CommandError(f"{failed} of {len(options['paths'])} files could not be imported")
