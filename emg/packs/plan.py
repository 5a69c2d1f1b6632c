"""What a meeting's pack holds, laid out without printing anything (``pack_plan``): the cover,
the provisional agenda, then the meeting's documents in agenda order, each with how it goes in
and its content hash; and the pack's own content hash, which a ready pack with another one is
stale against (``mark_stale``)."""

from __future__ import annotations

import hashlib
import io
import json
import logging
from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from emg import selectors
from emg.documents import document_html, with_sources
from emg.files import PDF, WORD_KINDS, stored_kind, stored_sha256
from emg.models import ConvertedFile, Document, Language, Meeting, MeetingPack
from emg.packs.stamps import sources_stamp

logger = logging.getLogger(__name__)

# Part of every pack's hash: raise it when the pack's layout changes, so that no pack built
# the old way counts as current.
PACK_FORMAT = "emg-pack-2"

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
    # PDF_PART: the PDF merged in place, the uploaded file or a Word file's conversion; None
    # for a Word file not converted yet, which the build converts (``needs_conversion``).
    pdf_file: FieldFile | None = None
    file: FieldFile | None = None  # the uploaded Word file, in the pack's language or original
    # The original's language when the pack's is not available: "English" in a French pack.
    original: str = ""

    @property
    def needs_conversion(self) -> bool:
        return self.way == PDF_PART and self.pdf_file is None

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
    language: str
    cover_html: str
    agenda: Entry | None  # None: no agenda page (no item set, no agenda document)
    sections: list[Section]
    content_hash: str
    stamp: str  # the sources' stamp (emg.packs.stamps), read before any document
    contents_page: int | None = None  # in the pack, from 1; set when the pack is laid out

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


def sha256_of(*chunks: str | bytes) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk.encode() if isinstance(chunk, str) else chunk)
        digest.update(b"\0")
    return digest.hexdigest()


def _uploaded_pdf_pages(document: Document, file: FieldFile) -> tuple[bytes, int] | None:
    """The uploaded PDF's bytes and page count, or None when it is missing or unreadable."""
    try:
        with file.open("rb") as handle:
            data = handle.read()
        count = len(PdfReader(io.BytesIO(data)).pages)
    except (OSError, PdfReadError, ValueError) as exc:
        logger.warning("Document %s: %s is not a readable PDF (%s)", document.pk, file.name, exc)
        return None
    return (data, count) if count else None


def separately(file: FieldFile, reason: str) -> str:
    """The contents' note on a Word file that is not in the pack."""
    return _(
        "Available separately, from the meeting's page: its %(kind)s file could not be "
        "converted to PDF (%(reason)s)."
    ) % {"kind": stored_kind(file).upper(), "reason": reason}


def _word_entry(document: Document, file: FieldFile) -> Entry:
    """A Word file goes in as its conversion's PDF, under the hash of the uploaded bytes: the
    same whether the conversion is ready or still to be done by the build, so that a pack
    built while it was queued is not stale once it is ready. One that failed is listed
    "available separately", under a hash of its own."""
    source_hash = stored_sha256(file)
    if source_hash is None:
        note = _("The uploaded file is missing; it is not in this pack.")
        return Entry(document, SEPARATE, sha256_of("separate", file.name, note), note=note)
    conversion = ConvertedFile.objects.filter(content_hash=source_hash).first()
    if conversion is not None and conversion.is_failed:
        note = separately(file, conversion.error)
        return Entry(document, SEPARATE, sha256_of("separate", source_hash, note), note=note)
    entry = Entry(document, PDF_PART, sha256_of("word", source_hash), file=file)
    if conversion is not None and conversion.is_ready:
        entry.pdf_file, entry.page_count = conversion.file, conversion.page_count
    return entry


def _file_entry(document: Document, file: FieldFile) -> Entry:
    """An uploaded file: a PDF merged as it is, a Word file as its conversion, anything else
    (or a PDF that cannot be read) listed with a note."""
    extension = stored_kind(file)
    if extension == PDF:
        found = _uploaded_pdf_pages(document, file)
        if found is not None:
            data, count = found
            return Entry(
                document, PDF_PART, sha256_of("pdf", data), page_count=count, pdf_file=file
            )
        note = _("The uploaded file could not be read as a PDF; it is not in this pack.")
    elif extension in WORD_KINDS:
        return _word_entry(document, file)
    else:
        note = _(
            "Uploaded as a %(kind)s file, which this PDF cannot include: download it from "
            "the meeting's page."
        ) % {"kind": extension.upper()}
    return Entry(document, SEPARATE, sha256_of("separate", file.name, note), note=note)


def _version_in(document: Document, language: str):
    """The document's uploaded version in ``language`` (read with the document: ``versions``
    prefetched), or None."""
    if document.pk is None:
        return None
    return next((v for v in document.versions.all() if v.language == language), None)


def _entry(document: Document, language: str) -> Entry:
    """How ``document`` goes into the pack in ``language``: its version in that language, or
    else its original, said in the contents."""
    version = _version_in(document, language)
    if version is not None:
        return _file_entry(document, version.file)
    if document.file and document.source_type_id is None:
        entry = _file_entry(document, document.file)
    else:
        html = document_html(document)
        entry = Entry(document, HTML_PART, sha256_of("html", html), html=html)
    if document.language != language:
        entry.original = document.get_language_display()
    return entry


def _sections(meeting: Meeting, entries: list[Entry]) -> list[Section]:
    """The agenda's items with their entries, as the meeting's page numbers and groups them;
    then the entries on no item, if any."""
    entry_of = {id(entry.document): entry for entry in entries}
    agenda = selectors.meeting_agenda(meeting=meeting, documents=[e.document for e in entries])
    sections = [
        Section(
            number=row["number"],
            title=row["item"].title,
            entries=[entry_of[id(document)] for document in row["documents"]],
            item_pk=row["item"].pk,
        )
        for row in agenda
    ]
    loose = [entry for entry in entries if entry.document.agenda_item_id is None]
    if loose:
        sections.append(Section(number="", title=_("Other documents"), entries=loose))
    return sections


def _skeleton(sections: list[Section]) -> str:
    """What the contents list, apart from the page numbers (which follow from the parts)."""
    return json.dumps(
        [
            [
                section.number,
                section.title,
                [
                    [e.document.symbol, e.document.title, e.way, e.content_hash, e.original]
                    for e in section.entries
                ],
            ]
            for section in sections
        ]
    )


def pack_plan(meeting: Meeting, language: str = Language.ENGLISH) -> Plan:
    """The pack ``meeting`` would get now in ``language``, laid out but not printed (see the
    module's doc)."""
    stamp = sources_stamp(PACK_FORMAT)
    meeting = Meeting.objects.select_related("host").get(pk=meeting.pk)
    agenda_document = selectors.meeting_agenda_document(meeting=meeting)
    documents = with_sources(selectors.pack_documents(meeting=meeting, agenda=agenda_document))
    prefetch_related_objects([d for d in (agenda_document, *documents) if d.pk], "versions")
    sections = _sections(meeting, [_entry(document, language) for document in documents])
    # A meeting with no agenda item yet and no agenda of its own has no agenda page to print:
    # its documents are listed under "Other documents".
    has_agenda = agenda_document.pk is not None or any(s.item_pk for s in sections)
    agenda = _entry(agenda_document, language) if has_agenda else None
    agenda_hash = agenda.content_hash if agenda else ""
    skeleton = _skeleton(sections)
    dates = [d.date for d in (agenda_document, *documents) if d.date]
    with translation.override(language):
        cover_html = render_to_string(
            "documents/cover.html",
            {
                "meeting": meeting,
                "sessions": list(selectors.sessions_in_order().filter(meeting=meeting)),
                "distribution": agenda_document.distribution,
                # The same documents give the same version, which any change moves on.
                "version": sha256_of(PACK_FORMAT, agenda_hash, skeleton)[:8].upper(),
                "date": max(dates, default=None),
                "language": language,
            },
        )
    content_hash = sha256_of(
        PACK_FORMAT,
        language,
        cover_html,
        agenda_hash,
        agenda.original if agenda else "",
        skeleton,
        str(meeting.pk),
    )
    return Plan(meeting, language, cover_html, agenda, sections, content_hash, stamp)


def mark_stale(meeting: Meeting, packs: list[MeetingPack]) -> None:
    """Set ``is_stale`` on each of ``packs`` (the meeting's): ready, but built from other
    content than the meeting's now. That means laying out the meeting's pack again, printing
    every document to HTML; it is done only when a source has been written since a ready pack
    was last checked (emg.packs.stamps), and what it finds is kept on those packs."""
    ready = [pack for pack in packs if pack.status == MeetingPack.Status.READY]
    stamp = sources_stamp(PACK_FORMAT)
    unchecked = [pack for pack in ready if pack.checked_stamp != stamp]
    for language in sorted({pack.language for pack in unchecked}):
        plan = pack_plan(meeting, language)
        for pack in unchecked:
            if pack.language == language:
                pack.checked_stamp = plan.stamp
                pack.checked_stale = pack.content_hash != plan.content_hash
    if unchecked:
        MeetingPack.objects.bulk_update(unchecked, ["checked_stamp", "checked_stale"])
    for pack in packs:
        pack.is_stale = pack.status == MeetingPack.Status.READY and pack.checked_stale
