"""A meeting's pack: one PDF with a cover, the provisional agenda, a table of contents with page
numbers, then every document of the meeting in agenda order, with a bookmark per agenda item and
the documents nested under it.

How it is built (``pack_build``):

1. ``pack_plan`` lays the pack out without printing anything: the documents in agenda order, and
   each one's HTML page (``emg.documents.document_html``) and content hash. An uploaded PDF is
   merged in place as it is (its hash is that of the file); an uploaded DOCX, or a file that is
   not a readable PDF, is listed in the contents with a note and left out of the PDF. The pack's
   content hash is the hash of its parts' hashes and of the cover and contents skeleton.
2. If a ready pack of the meeting already has that hash, the new pack re-uses its file: nothing
   is printed (building twice is idempotent).
3. Otherwise each HTML page is printed once per content hash and kept as a ``RenderedPart``
   (the PDF in the private storage, its page count in the row): a document unchanged since any
   earlier build is not printed again, so a late change to one document re-prints that one.
4. The contents are numbered from the parts' page counts (no file is opened for that), printed
   (itself a cached part), and everything is merged with pypdf, with bookmarks and metadata
   (title, subject, language).

Entry points:

- ``pack_request(meeting=, user=)``: the page's "Prepare pack"; creates the row and queues the
  Celery task (``emg.tasks.build_pack``) once the transaction commits.
- ``pack_build(pack_pk)``: builds synchronously in the calling process (the task calls it; so
  may a benchmark or the shell). Returns the pack.
- ``meeting_pack_html(meeting)``: the whole pack as ONE HTML document (cover, agenda, contents
  numbered by WeasyPrint's ``target-counter``, every HTML document; uploaded PDFs cannot be
  part of it), to compare the incremental build with WeasyPrint printing the same pack alone.
- ``meeting_content_hash(meeting)``: what a pack built now would be keyed by; a ready pack with
  another hash is stale. It reads every document's data and hashes its HTML (no PDF; the pages
  are kept rendered per content, emg.documents), so the pack page asks it in a request of its
  own once shown (``emg.views.packs.pack_stale``).
- ``document_part(document)``: one document printed, as the pack prints it: the kept part when
  its HTML is unchanged, else printed now and kept (``/documents/<pk>/pdf/`` serves its file).
- ``packs_sweep()``: the beat's periodic clean-up (``emg.tasks.sweep_packs``).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import NameObject, TextStringObject

from emg import numbering, pdf
from emg.documents import document_html
from emg.models import Document, Meeting, MeetingPack, RenderedPart, User

logger = logging.getLogger(__name__)

# Part of every pack's hash: raise it when the pack's layout changes, so that no pack built
# the old way counts as current.
PACK_FORMAT = "emg-pack-1"
LANGUAGE = "en"

# A rendering pack is given the task's hard time limit and this much more before the sweeper
# calls it lost (its worker was killed, or the row was never told).
SWEEP_GRACE = datetime.timedelta(minutes=2)
# A pack handed to the broker that no worker has started within this time is failed: the
# worker is down or the queue is stuck, and the page should say so rather than wait for ever.
QUEUE_TIMEOUT = datetime.timedelta(hours=1)

HTML_PART = "html"
PDF_PART = "pdf"
SEPARATE = "separate"


@dataclass
class Entry:
    """One document of the pack, and how it goes in."""

    document: Document
    way: str  # HTML_PART, PDF_PART or SEPARATE
    content_hash: str
    html: str = ""
    note: str = ""
    page_count: int = 0  # PDF_PART: known from the plan; HTML_PART: once printed
    first_page: int | None = None  # in the pack, from 1; set when the pack is laid out

    @property
    def anchor(self) -> str:
        return f"document-{self.document.pk}"


@dataclass
class Section:
    """An agenda item with the documents presented under it; ``item`` None for the documents
    on no item."""

    number: str
    title: str
    entries: list[Entry] = field(default_factory=list)
    item_pk: int | None = None
    first_page: int | None = None

    @property
    def anchor(self) -> str:
        return f"agenda-item-{self.item_pk}" if self.item_pk else "other-documents"


@dataclass
class Plan:
    meeting: Meeting
    cover_html: str
    agenda: Entry
    sections: list[Section]
    content_hash: str

    @property
    def entries(self) -> list[Entry]:
        return [entry for section in self.sections for entry in section.entries]

    @property
    def title(self) -> str:
        return _("%(meeting)s: meeting pack") % {"meeting": self.meeting}

    @property
    def subject(self) -> str:
        return _("Documents of the %(title)s, in the order of its provisional agenda") % {
            "title": self.meeting.ordinal_title
        }


def _sha256(*chunks: str | bytes) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk.encode() if isinstance(chunk, str) else chunk)
        digest.update(b"\0")
    return digest.hexdigest()


def _pack_documents(meeting: Meeting, agenda: Document) -> list[Document]:
    """The meeting's documents that go into its pack, in agenda order: not the one that is the
    pack's agenda, and not one superseded by a later revision (which goes in instead)."""
    return list(
        Document.objects.filter(meeting=meeting)
        .exclude(pk=agenda.pk)
        .filter(superseded_by__isnull=True)
        .select_related("meeting", "agenda_item", "source_type")
        .order_by(
            "agenda_item__order",
            # documents on no agenda item come last
            "symbol",
            "title",
            "pk",
        )
    )


def _agenda_document(meeting: Meeting) -> Document:
    """The meeting's provisional agenda as a document: its own if it has one, else one made
    for the pack (not saved) that prints the same way."""
    agenda = (
        Document.objects.filter(meeting=meeting, kind=Document.Kind.AGENDA)
        .filter(superseded_by__isnull=True)
        # its head names its agenda item: loaded here, so that its page is kept per content
        .select_related("meeting", "agenda_item", "source_type")
        .order_by("-pk")
        .first()
    )
    if agenda is not None and agenda.source_type_id is not None:
        return agenda
    from django.contrib.contenttypes.models import ContentType

    return Document(
        title=_("Provisional agenda"),
        kind=Document.Kind.AGENDA,
        meeting=meeting,
        source_type=ContentType.objects.get_for_model(Meeting),
        source_id=meeting.pk,
    )


def _uploaded_pdf_pages(document: Document) -> tuple[bytes, int] | None:
    """The uploaded PDF's bytes and page count, or None when it is missing or unreadable."""
    try:
        with document.file.open("rb") as handle:
            data = handle.read()
        count = len(PdfReader(io.BytesIO(data)).pages)
    except (OSError, PdfReadError, ValueError) as exc:
        logger.warning("Document %s: its file is not a readable PDF (%s)", document.pk, exc)
        return None
    return (data, count) if count else None


def _entry(document: Document) -> Entry:
    if document.file and document.source_type_id is None:
        extension = document.file.name.rsplit(".", 1)[-1].lower()
        if extension == "pdf":
            found = _uploaded_pdf_pages(document)
            if found is not None:
                data, count = found
                return Entry(document, PDF_PART, _sha256("pdf", data), page_count=count)
            note = _("The uploaded file could not be read as a PDF; it is not in this pack.")
        else:
            note = _(
                "Uploaded as a %(kind)s file, which this PDF cannot include: download it from "
                "the meeting's page."
            ) % {"kind": extension.upper()}
        return Entry(
            document,
            SEPARATE,
            _sha256("separate", document.file.name, note),
            note=note,
        )
    html = document_html(document)
    return Entry(document, HTML_PART, _sha256("html", html), html=html)


def _sections(meeting: Meeting, entries: list[Entry]) -> list[Section]:
    by_item: dict[int | None, list[Entry]] = {}
    for entry in entries:
        by_item.setdefault(entry.document.agenda_item_id, []).append(entry)
    sections = [
        Section(
            number=numbering.label("{1}.", position),
            title=item.title,
            entries=by_item.get(item.pk, []),
            item_pk=item.pk,
        )
        for position, item in enumerate(meeting.agenda_items.order_by("order"), start=1)
    ]
    if by_item.get(None):
        sections.append(Section(number="", title=_("Other documents"), entries=by_item[None]))
    return sections


def _skeleton(sections: list[Section]) -> str:
    """What the contents list, apart from the page numbers (which follow from the parts)."""
    return json.dumps(
        [
            [
                section.number,
                section.title,
                [
                    [e.document.symbol, e.document.title, e.way, e.content_hash]
                    for e in section.entries
                ],
            ]
            for section in sections
        ]
    )


def pack_plan(meeting: Meeting) -> Plan:
    """The pack ``meeting`` would get now, laid out but not printed (see the module's doc)."""
    meeting = Meeting.objects.select_related("host").get(pk=meeting.pk)
    cover_html = render_to_string(
        "documents/cover.html",
        {
            "meeting": meeting,
            "sessions": list(meeting.sessions.order_by("date", "start_time", "pk")),
            "language": LANGUAGE,
        },
    )
    agenda_document = _agenda_document(meeting)
    agenda = _entry(agenda_document)
    sections = _sections(
        meeting, [_entry(document) for document in _pack_documents(meeting, agenda_document)]
    )
    content_hash = _sha256(
        PACK_FORMAT, cover_html, agenda.content_hash, _skeleton(sections), str(meeting.pk)
    )
    return Plan(meeting, cover_html, agenda, sections, content_hash)


def meeting_content_hash(meeting: Meeting) -> str:
    return pack_plan(meeting).content_hash


# Printing and caching parts


def _part_for(html: str, content_hash: str | None = None) -> RenderedPart:
    """The printed PDF of ``html``: the cached one, or printed now and kept."""
    content_hash = content_hash or _sha256("html", html)
    part = RenderedPart.objects.filter(content_hash=content_hash).first()
    if part is not None and part.file and part.file.storage.exists(part.file.name):
        return part
    data = pdf.html_to_pdf(html)
    page_count = len(PdfReader(io.BytesIO(data)).pages)
    storage = RenderedPart._meta.get_field("file").storage
    name = f"parts/{content_hash}.pdf"
    if storage.exists(name):
        storage.delete(name)  # left by a build that died before saving its row
    name = storage.save(name, ContentFile(data))
    if part is not None:
        part.file.name, part.page_count = name, page_count
        part.save(update_fields=["file", "page_count"])
        return part
    try:
        with transaction.atomic():
            return RenderedPart.objects.create(
                content_hash=content_hash, file=name, page_count=page_count
            )
    except IntegrityError:
        # Another build printed the same content meanwhile: the same bytes, under its row.
        return RenderedPart.objects.get(content_hash=content_hash)


def document_part(document: Document) -> RenderedPart:
    """``document`` printed to PDF: the part kept for its HTML as it is now (printed by a pack
    or an earlier download), or printed now and kept. Keyed like a pack's parts, so that the
    download and the pack share them, and an edit, which changes the HTML, prints anew."""
    html = document_html(document)
    return _part_for(html, _sha256("html", html))


def _contents_html(plan: Plan, *, contents_page: int | None, linked: bool = False) -> str:
    return render_to_string(
        "documents/contents.html",
        {
            "plan": plan,
            "meeting": plan.meeting,
            "sections": plan.sections,
            "agenda": plan.agenda,
            "contents_page": contents_page,
            "linked": linked,
        },
    )


def _lay_out(plan: Plan, *, cover_pages: int, contents_pages: int) -> None:
    """Number the pack's pages: the cover, the agenda, the contents, then the documents."""
    plan.agenda.first_page = cover_pages + 1
    page = plan.agenda.first_page + plan.agenda.page_count + contents_pages
    for section in plan.sections:
        section.first_page = None
        for entry in section.entries:
            if entry.way == SEPARATE:
                entry.first_page = None
                continue
            entry.first_page = page
            if section.first_page is None:
                section.first_page = page
            page += entry.page_count
        if section.first_page is None:  # an item presenting no document: its place is the agenda
            section.first_page = plan.agenda.first_page


def _progress(pack_pk: int, percent: int) -> None:
    MeetingPack.objects.filter(pk=pack_pk, status=MeetingPack.Status.RENDERING).update(
        progress=min(max(percent, 0), 99)
    )


def _merge(plan: Plan, files: list[tuple[bytes | str, list[int] | None]]) -> bytes:
    writer = PdfWriter()
    for source, _pages in files:
        handle = io.BytesIO(source) if isinstance(source, bytes) else source
        # The documents' own heading bookmarks are left out: the pack's outline is the agenda.
        writer.append(handle, import_outline=False)
    agenda_page = plan.agenda.first_page - 1
    writer.add_outline_item(title=_("Cover"), page_number=0)
    writer.add_outline_item(title=_("Provisional agenda"), page_number=agenda_page)
    writer.add_outline_item(title=_("Contents"), page_number=agenda_page + plan.agenda.page_count)
    for section in plan.sections:
        title = f"{section.number} {section.title}".strip()
        parent = writer.add_outline_item(title=title, page_number=section.first_page - 1)
        for entry in section.entries:
            if entry.first_page is None:
                continue
            writer.add_outline_item(
                title=outline_title(entry.document), page_number=entry.first_page - 1, parent=parent
            )
    writer.add_metadata(
        {
            "/Title": plan.title,
            "/Subject": plan.subject,
            "/Author": _("Environment Management Group secretariat"),
            "/Creator": "EMG Secretariat Workspace",
        }
    )
    writer.root_object[NameObject("/Lang")] = TextStringObject(LANGUAGE)
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def outline_title(document: Document) -> str:
    return f"{document.symbol} — {document.title}" if document.symbol else document.title


# The pack's life


def _claim(pack_pk: int) -> MeetingPack | None:
    """Mark the pack rendering and return it; None when it is not to be built (ready, failed,
    gone). A pack already rendering is taken over: its message came back after its worker was
    lost, or this is a retry."""
    with transaction.atomic():
        pack = (
            MeetingPack.objects.select_for_update()
            .select_related("meeting")
            .filter(pk=pack_pk)
            .first()
        )
        if pack is None or not pack.is_unfinished:
            return None
        pack.status = MeetingPack.Status.RENDERING
        pack.started_at = pack.started_at or timezone.now()
        pack.progress = 0
        pack.error = ""
        pack.save(update_fields=["status", "started_at", "progress", "error"])
    return pack


def _finish(pack: MeetingPack, *, name: str, plan: Plan, page_count: int) -> MeetingPack:
    pack.file.name = name
    pack.content_hash = plan.content_hash
    pack.page_count = page_count
    pack.status = MeetingPack.Status.READY
    pack.progress = 100
    pack.finished_at = timezone.now()
    pack.save(
        update_fields=["file", "content_hash", "page_count", "status", "progress", "finished_at"]
    )
    return pack


def pack_build(pack_pk: int) -> MeetingPack | None:
    """Build the pack ``pack_pk`` now, in this process; see the module's doc. Safe to call
    again: a ready or failed pack is left as it is, and a pack whose content another ready
    pack of the meeting already has re-uses that pack's file."""
    pack = _claim(pack_pk)
    if pack is None:
        return MeetingPack.objects.filter(pk=pack_pk).first()
    plan = pack_plan(pack.meeting)
    same = (
        MeetingPack.objects.filter(
            meeting=pack.meeting, status=MeetingPack.Status.READY, content_hash=plan.content_hash
        )
        .exclude(Q(file="") | Q(pk=pack.pk))
        .order_by("-finished_at", "-pk")
        .first()
    )
    if same is not None and same.file.storage.exists(same.file.name):
        return _finish(pack, name=same.file.name, plan=plan, page_count=same.page_count)

    to_print = [plan.agenda, *(e for e in plan.entries if e.way == HTML_PART)]
    steps = len(to_print) + 3  # the cover, the contents, the merge
    cover = _part_for(plan.cover_html)
    _progress(pack.pk, 100 // steps)
    parts: dict[int, RenderedPart] = {}
    for done, entry in enumerate(to_print, start=2):
        part = _part_for(entry.html, entry.content_hash)
        entry.page_count = part.page_count
        parts[id(entry)] = part
        _progress(pack.pk, 100 * done // steps)

    contents_pages, contents = 1, None
    for _attempt in range(4):  # a longer contents list may push the numbers after it on
        _lay_out(plan, cover_pages=cover.page_count, contents_pages=contents_pages)
        contents = _part_for(
            _contents_html(plan, contents_page=plan.agenda.first_page + plan.agenda.page_count)
        )
        if contents.page_count == contents_pages:
            break
        contents_pages = contents.page_count
    _progress(pack.pk, 100 * (steps - 1) // steps)

    files: list[tuple[bytes | str, list[int] | None]] = [
        (cover.file.path, None),
        (parts[id(plan.agenda)].file.path, None),
        (contents.file.path, None),
    ]
    for entry in plan.entries:
        if entry.way == HTML_PART:
            files.append((parts[id(entry)].file.path, None))
        elif entry.way == PDF_PART:
            with entry.document.file.open("rb") as handle:
                files.append((handle.read(), None))
    data = _merge(plan, files)
    page_count = len(PdfReader(io.BytesIO(data)).pages)
    storage = MeetingPack._meta.get_field("file").storage
    name = f"packs/som-{plan.meeting.number}-{plan.content_hash[:16]}.pdf"
    if not storage.exists(name):
        name = storage.save(name, ContentFile(data))
    return _finish(pack, name=name, plan=plan, page_count=page_count)


def pack_fail(*, pack_pk: int, reason: str) -> None:
    """Mark the pack failed with ``reason`` unless it has finished meanwhile."""
    now = timezone.now()
    for pack in MeetingPack.objects.unfinished().filter(pk=pack_pk):
        pack.status = MeetingPack.Status.FAILED
        pack.error = reason
        pack.finished_at = max(now, pack.started_at) if pack.started_at else now
        pack.save(update_fields=["status", "error", "finished_at"])


# Sending a pack to an unreachable broker should fail in a moment, not after kombu's usual
# retries (seconds of a page hanging): the row stays queued and the sweeper sends it later.
FAIL_FAST = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def pack_enqueue(pack: MeetingPack) -> bool:
    """Hand the pack to the broker; False, with the row left queued, when it cannot be
    reached. Called once the row is committed, so that a worker always finds it."""
    from kombu.exceptions import OperationalError as BrokerError
    from redis.exceptions import ConnectionError as RedisConnectionError

    from emg.tasks import build_pack

    app = build_pack.app
    try:
        if app.conf.task_always_eager:  # no broker: built here and now, retries included
            build_pack.apply(args=[pack.pk], throw=False)
        else:
            with app.connection_for_write(transport_options=FAIL_FAST) as connection:
                build_pack.apply_async(args=[pack.pk], connection=connection, retry=False)
    except (BrokerError, RedisConnectionError, OSError) as exc:
        logger.warning("Meeting pack %s could not be queued: %s", pack.pk, exc)
        return False
    MeetingPack.objects.filter(pk=pack.pk, enqueued_at__isnull=True).update(
        enqueued_at=timezone.now()
    )
    return True


def pack_request(*, meeting: Meeting, user: User) -> tuple[MeetingPack, bool]:
    """A pack of ``meeting`` being built for ``user``: the one already under way, or a new one
    queued once this transaction commits. Returns it and whether it is new."""
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)  # one request at a time
        under_way = meeting.packs.unfinished().order_by("-created_at").first()
        if under_way is not None:
            return under_way, False
        pack = MeetingPack.objects.create(meeting=meeting, requested_by=user)
        transaction.on_commit(lambda: pack_enqueue(pack))
    return pack, True


def pack_retry(*, pack: MeetingPack) -> MeetingPack:
    """Queue a failed pack again, as it was requested."""
    with transaction.atomic():
        updated = MeetingPack.objects.filter(pk=pack.pk, status=MeetingPack.Status.FAILED).update(
            status=MeetingPack.Status.PENDING,
            progress=0,
            error="",
            started_at=None,
            finished_at=None,
            enqueued_at=None,
        )
        if updated:
            transaction.on_commit(lambda: pack_enqueue(pack))
    pack.refresh_from_db()
    return pack


def packs_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Fail the packs left rendering past the time limit, and those queued that no worker
    took; queue again those the broker could not be given. Returns the counts."""
    now = now or timezone.now()
    limit = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT) + SWEEP_GRACE
    lost = MeetingPack.objects.filter(
        status=MeetingPack.Status.RENDERING, started_at__lt=now - limit
    )
    for pack in lost:
        pack_fail(
            pack_pk=pack.pk,
            reason=_(
                "The build did not finish within the time limit of %(seconds)s seconds: its "
                "worker stopped or was stopped. Try again."
            )
            % {"seconds": settings.CELERY_TASK_TIME_LIMIT},
        )
    stuck = MeetingPack.objects.filter(
        status=MeetingPack.Status.PENDING, enqueued_at__lt=now - QUEUE_TIMEOUT
    )
    for pack in stuck:
        pack_fail(
            pack_pk=pack.pk,
            reason=_(
                "No background worker started the build within %(minutes)s minutes of it "
                "being queued. Try again."
            )
            % {"minutes": int(QUEUE_TIMEOUT.total_seconds() // 60)},
        )
    unsent = list(MeetingPack.objects.filter(status=MeetingPack.Status.PENDING, enqueued_at=None))
    sent = sum(pack_enqueue(pack) for pack in unsent)
    return {"failed": len(lost) + len(stuck), "queued": sent, "unsent": len(unsent) - sent}


# The whole pack as one HTML document


_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S | re.I)


def _body_of(html: str) -> str:
    found = _BODY.search(html)
    return found.group(1) if found else html


def meeting_pack_html(meeting: Meeting) -> str:
    """The pack as ONE HTML document for WeasyPrint to print in one go: the cover, the agenda,
    the contents (numbered by WeasyPrint itself) and every document that has an HTML page, in
    the same order. Uploaded PDFs cannot be part of an HTML document and are listed only."""
    plan = pack_plan(meeting)
    return render_to_string(
        "documents/pack.html",
        {
            "plan": plan,
            "meeting": plan.meeting,
            "cover": _body_of(plan.cover_html),
            "agenda": _body_of(plan.agenda.html),
            "contents": _body_of(_contents_html(plan, contents_page=None, linked=True)),
            "documents": [
                (entry, _body_of(entry.html)) for entry in plan.entries if entry.way == HTML_PART
            ],
            "language": LANGUAGE,
        },
    )
