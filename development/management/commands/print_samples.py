"""Pictures of a printed meeting pack, for the documentation (docs/printing.md):

    python manage.py print_samples [--output docs/images] [--dpi 100]

Works in a throw-away database of its own (PostgreSQL when DATABASE_URL is set, else a
temporary SQLite file), loaded with ``setup_demo``, and a temporary folder for the files; the
configured database is never touched. The demo's SOM 27 gets what the secretariat would give it
before the meeting, through the same services and forms as its pages: a title, two sessions,
an agenda, the status of implementation of SOM 26's action points, a list of participants
imported from a registration export and the provisional annotated agenda. Its pack is built
(``emg.packs.build.pack_build``) and four of its pages are drawn to grey-scale PNG files: the
cover, the contents, the first page of the status of implementation and its second page, with
the running header and the pack's page number.
"""

import datetime
import io
from pathlib import Path

import pypdfium2 as pdfium
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from pypdf import PdfReader

from development.benchmarks.files import throwaway_database
from emg import services
from emg.forms import SessionForm
from emg.models import Document, Entity, Meeting, MeetingPack, Session, User
from emg.packs.build import outline_title, pack_build
from emg.participants import read_registrations
from progress.services.implementation import status_of_implementation_generate

MEETING = 27
TITLE = "27th Senior Officials Meeting of the United Nations Environment Management Group"
AGENDA = [
    "Opening of the meeting and adoption of the agenda",
    "Status of implementation of the action points of the 26th Senior Officials Meeting",
    "Work plan of the Environment Management Group for 2021–2022",
    "Any other business",
]
# Who registered, with what title, for which session (0: the technical segment, 1: the senior).
REGISTRATIONS = [
    ("Ana Silva", "UNEP", "Director", 0),
    ("Ben Ode", "UNDP", "Senior Adviser", 0),
    ("Chen Li", "FAO", "Environment Officer", 1),
    ("Dana Haddad", "UNEP", "Chief of Branch", 1),
    ("Eva Morales", "UNDP", "Senior Adviser", 1),
]


class Command(BaseCommand):
    help = "Pictures of the cover, contents and a generated document of a demo meeting's pack."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=settings.BASE_DIR / "docs" / "images",
            help="folder of the PNG files (docs/images)",
        )
        parser.add_argument("--dpi", type=int, default=100, help="resolution (100)")

    def handle(self, *args, output, dpi, **options):
        if not 30 <= dpi <= 300:
            raise CommandError("Give a resolution from 30 to 300 dpi.")
        settings.DEBUG = False
        with throwaway_database("samples"):
            pages = self.print_pack()
        output.mkdir(parents=True, exist_ok=True)
        for name, (data, number) in pages.items():
            path = output / f"{name}.png"
            path.write_bytes(draw(data, number, dpi))
            shown = (
                path.relative_to(settings.BASE_DIR)
                if path.is_relative_to(settings.BASE_DIR)
                else path
            )
            self.stdout.write(f"{shown}: page {number} ({path.stat().st_size / 1024:.0f} KiB)")

    def print_pack(self) -> dict[str, tuple[bytes, int]]:
        """The pack's PDF, and the page (from 1) of each picture, by picture name."""
        call_command("setup_demo", stdout=io.StringIO())
        meeting = Meeting.objects.filter(number=MEETING).first()
        if meeting is None:
            raise CommandError(f"The demo data has no SOM {MEETING}.")
        status = prepare(meeting, by=User.objects.get(username="secretariat"))
        pack = pack_build(MeetingPack.objects.create(meeting=meeting).pk)
        if pack is None or pack.status != MeetingPack.Status.READY:
            raise CommandError(f"The pack was not built: {pack.error if pack else 'no pack'}")
        data = pack.file.read()
        self.stdout.write(f"SOM {MEETING} pack: {len(PdfReader(io.BytesIO(data)).pages)} pages")
        return {name: (data, number) for name, number in sample_pages(data, status).items()}


def sample_pages(data: bytes, status: Document) -> dict[str, int]:
    """The page (from 1) of each picture in the pack ``data``, by picture name: the cover, the
    contents, and the first and second pages of the document ``status``."""
    reader = PdfReader(io.BytesIO(data))
    starts = dict(outline(reader))
    first = starts[outline_title(status)]
    if first + 1 not in page_range(starts, first, len(reader.pages)):
        raise CommandError(f"{status.symbol} has one page only: no later page to show.")
    return {
        "pack-cover": 1,
        "pack-contents": starts["Contents"],
        "status-of-implementation-first-page": first,
        "status-of-implementation-later-page": first + 1,
    }


def prepare(meeting: Meeting, *, by: User) -> Document:
    """Give ``meeting`` what the secretariat (``by``) gives a meeting before it is held, and its
    documents generated from the data; the status of implementation, which the pictures show."""
    host = Entity.objects.filter(acronym="UNEP").first()
    meeting = services.meeting_update(
        meeting=meeting, version=meeting.version, number=meeting.number, title=TITLE, host=host
    )
    day = timezone.localdate() + datetime.timedelta(days=30)
    dates = [day, day + datetime.timedelta(days=1)]
    for segment, date, start, end in (
        (Session.Segment.TECHNICAL, dates[0], "10:00", "12:30"),
        (Session.Segment.SENIOR, dates[1], "14:00", "15:30"),
    ):
        form = SessionForm(
            {
                "version": 0,
                "segment": segment,
                "date": date.isoformat(),
                "start_time": start,
                "end_time": end,
                "time_zone": "Geneva time",
                "venue": "",
                "online": "on",
                "online_platform": "Microsoft Teams",
            },
            meeting=meeting,
        )
        if not form.is_valid():
            raise CommandError(f"The session was refused: {form.errors.as_text()}")
        form.save()
    items = [services.agenda_item_add(meeting=meeting, title=title) for title in AGENDA]
    status = status_of_implementation_generate(meeting=meeting, by=by, agenda_item=items[1])
    export = "Name,Organization,Title,Session\n" + "".join(
        f"{name},{entity},{title},{dates[session].isoformat()}\n"
        for name, entity, title, session in REGISTRATIONS
    )
    registrations, problems = read_registrations(
        meeting=meeting, name="registrations.csv", content=export.encode()
    )
    if problems:
        raise CommandError(f"The registrations were refused: {problems}")
    services.participants_import(meeting=meeting, registrations=registrations)
    for kind, title in (
        (Document.Kind.ANNOTATED_AGENDA, "Provisional annotated agenda"),
        (Document.Kind.PARTICIPANTS, "List of participants"),
    ):
        document = services.document_generate(
            source=meeting, kind=kind, meeting=meeting, title=title
        )
        document.agenda_item = items[0]
        services.document_save(document=document)
    # The demo's draft work plan 2021–2022 is presented under its own item.
    for document in Document.objects.filter(meeting=meeting, kind=Document.Kind.WORK_PLAN):
        document.agenda_item = items[2]
        services.document_save(document=document)
    return status


def outline(reader: PdfReader) -> list[tuple[str, int]]:
    """(title, page number from 1) of every bookmark, in order."""
    found = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


def page_range(starts: dict[str, int], first: int, pages: int) -> range:
    """The pages of the part that starts at ``first``: up to the next bookmark's page."""
    after = [number for number in starts.values() if number > first]
    return range(first, min(after, default=pages + 1))


def draw(data: bytes, number: int, dpi: int) -> bytes:
    """Page ``number`` (from 1) of the PDF ``data`` as a grey-scale PNG at ``dpi``."""
    document = pdfium.PdfDocument(data)
    try:
        bitmap = document[number - 1].render(scale=dpi / 72, grayscale=True)
        image = bitmap.to_pil().convert("L")
    finally:
        document.close()
    # Sixteen greys are plenty for black text on white, and keep each file small.
    image = image.quantize(colors=16)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
