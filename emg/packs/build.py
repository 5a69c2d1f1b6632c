"""Printing a meeting's pack (``pack_build``): each HTML page of its plan (emg.packs.plan) is
printed once per content hash and kept as a ``RenderedPart``, so that a document unchanged since
any earlier build is not printed again. The parts not kept yet are printed side by side, one
process per core (emg.pdf.print_side_by_side); the contents are numbered from the parts' page
counts and printed in turn; everything is merged by qpdf (pikepdf), with the pack's own page
numbers stamped on (emg.packs.numbers), bookmarks and metadata (title, subject, language). A
ready pack of the meeting with the same content hash lends its file, and nothing is printed.

``document_part`` prints one document as the pack prints it (``/documents/<pk>/pdf/`` serves
it); ``meeting_pack_html`` is the whole pack as ONE HTML document, to compare the incremental
build with WeasyPrint printing the same pack in one go.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from contextlib import ExitStack

import pikepdf
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pikepdf import Name, OutlineItem

from emg import pdf
from emg.conversions import conversion_run
from emg.documents import document_html
from emg.models import Document, Language, Meeting, MeetingPack, RenderedPart
from emg.notifications.kinds import pack_finished_notify
from emg.packs.fonts import join_font_subsets
from emg.packs.numbers import PageNumbers, stamp_page_numbers
from emg.packs.plan import (
    HTML_PART,
    PDF_PART,
    SEPARATE,
    Plan,
    pack_plan,
    separately,
    sha256_of,
)
from emg.packs.structure import merge_structure


def _usable(part: RenderedPart | None) -> bool:
    return part is not None and bool(part.file) and part.file.storage.exists(part.file.name)


def _keep(content_hash: str, printed: pdf.Printed, part: RenderedPart | None) -> RenderedPart:
    """``printed`` kept as the part of ``content_hash``; ``part``: its row, whose file is gone."""
    storage = RenderedPart._meta.get_field("file").storage
    name = f"parts/{content_hash}.pdf"
    if storage.exists(name):
        storage.delete(name)  # left by a build that died before saving its row
    name = storage.save(name, ContentFile(printed.data))
    if part is not None:
        part.file.name, part.page_count = name, printed.page_count
        part.save(update_fields=["file", "page_count"])
        return part
    try:
        with transaction.atomic():
            return RenderedPart.objects.create(
                content_hash=content_hash, file=name, page_count=printed.page_count
            )
    except IntegrityError:
        # Another build printed the same content meanwhile: the same bytes, under its row.
        return RenderedPart.objects.get(content_hash=content_hash)


def _part_for(html: str, content_hash: str | None = None, *, tagged: bool = True) -> RenderedPart:
    """The printed PDF of ``html``: the cached one, or printed now and kept. ``tagged``: see
    emg.pdf.print_html."""
    content_hash = content_hash or sha256_of("html", html)
    part = RenderedPart.objects.filter(content_hash=content_hash).first()
    if _usable(part):
        return part
    return _keep(content_hash, pdf.print_html(html, tagged=tagged), part)


def _parts_for(
    pages: list[tuple[str, str]], on_printed: Callable[[int, int], None] | None = None
) -> list[RenderedPart]:
    """The printed PDFs of ``pages`` (each its HTML and content hash), in order: the cached
    ones, and the others printed now side by side (emg.pdf.print_side_by_side) and kept.
    ``on_printed(n, of)``: called as the n-th of the ``of`` prints is done."""
    found = {
        part.content_hash: part
        for part in RenderedPart.objects.filter(content_hash__in={key for _html, key in pages})
    }
    missing = {key: html for html, key in pages if not _usable(found.get(key))}
    printed = pdf.print_side_by_side(
        list(missing.values()),
        on_printed and (lambda done: on_printed(done, len(missing))),
    )
    for key, result in zip(missing, printed, strict=True):
        found[key] = _keep(key, result, found.get(key))
    return [found[key] for _html, key in pages]


def document_part(document: Document) -> RenderedPart:
    """``document`` printed to PDF: the part kept for its HTML as it is now (printed by a pack
    or an earlier download), or printed now and kept. Keyed like a pack's parts, so that the
    download and the pack share them, and an edit, which changes the HTML, prints anew."""
    html = document_html(document)
    return _part_for(html, sha256_of("html", html))


def _contents_html(plan: Plan, *, contents_page: int | None, linked: bool = False) -> str:
    with translation.override(plan.language):
        return render_to_string(
            "documents/contents.html",
            {
                "plan": plan,
                "meeting": plan.meeting,
                "sections": plan.sections,
                "agenda": plan.agenda,
                "contents_page": contents_page,
                "linked": linked,
                "language": plan.language,
            },
        )


def _lay_out(plan: Plan, *, cover_pages: int, contents_pages: int) -> None:
    """Number the pack's pages: the cover, the agenda (if any), the contents, then the
    documents."""
    page = cover_pages + 1
    if plan.agenda is not None:
        plan.agenda.first_page = page
        page += plan.agenda.page_count
    plan.contents_page = page
    page += contents_pages
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
            section.first_page = plan.agenda.first_page if plan.agenda else plan.contents_page


def _progress(pack_pk: int, percent: int) -> None:
    MeetingPack.objects.filter(pk=pack_pk, status=MeetingPack.Status.RENDERING).update(
        progress=min(max(percent, 0), 99)
    )


def _merge(plan: Plan, files: list[bytes | str]) -> tuple[bytes, int]:
    """One PDF of ``files`` (a path, or a file's bytes), in order, with the parts' tags
    (emg.packs.structure), the pack's page numbers (emg.packs.numbers), one copy of each
    font (emg.packs.fonts), bookmarks and metadata; and its page count. Merged by qpdf
    (pikepdf) and written with its objects in compressed object streams, as WeasyPrint writes
    each part: a pack's structure trees hold some hundred elements a page."""
    with ExitStack() as opened, pikepdf.new() as pack:
        parts = []
        for source in files:
            # Open until the pack is written: qpdf copies a part's streams as it writes.
            printed = opened.enter_context(
                pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else source)
            )
            start = len(pack.pages)
            # The documents' own heading bookmarks are left out: the pack's outline is the agenda.
            pack.pages.extend(printed.pages)
            parts.append((printed, range(start, len(pack.pages))))
        merge_structure(pack, parts)
        stamp_page_numbers(pack, PageNumbers(_part_for, opened))
        join_font_subsets(pack)
        with pack.open_outline() as outline:
            _add_outline(plan, outline.root)
        pack.docinfo[Name.Title] = plan.title
        pack.docinfo[Name.Subject] = plan.subject
        pack.docinfo[Name.Author] = _("Environment Management Group secretariat")
        pack.docinfo[Name.Creator] = "EMG Secretariat Workspace"
        pack.Root[Name.Lang] = plan.language
        pack.Root[Name.PageMode] = Name.UseOutlines
        out = io.BytesIO()
        pack.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
        return out.getvalue(), len(pack.pages)


def _add_outline(plan: Plan, items: list[OutlineItem]) -> None:
    """The pack's bookmarks: the cover, the agenda, the contents, then each section with its
    documents."""
    items.append(OutlineItem(_("Cover"), 0))
    if plan.agenda is not None:
        items.append(OutlineItem(_("Provisional agenda"), plan.agenda.first_page - 1))
    items.append(OutlineItem(_("Contents"), plan.contents_page - 1))
    for section in plan.sections:
        title = f"{section.number} {section.title}".strip()
        parent = OutlineItem(title, section.first_page - 1)
        for entry in section.entries:
            if entry.first_page is not None:
                parent.children.append(
                    OutlineItem(outline_title(entry.document), entry.first_page - 1)
                )
        items.append(parent)


def outline_title(document: Document) -> str:
    return f"{document.symbol} — {document.title}" if document.symbol else document.title


def _convert_word_files(plan: Plan) -> bool:
    """Convert now the Word files whose conversion the worker has not done yet (it is busy, or
    the broker was down at the upload), so that the pack is complete rather than short of
    them; True when one of them failed."""
    failed = False
    for entry in plan.entries:
        if not entry.needs_conversion:
            continue
        conversion = conversion_run(document=entry.document, file=entry.file, in_build=True)
        if conversion is not None and conversion.is_ready:
            entry.pdf_file, entry.page_count = conversion.file, conversion.page_count
        else:
            failed = True
    return failed


def _leave_out_unconverted(plan: Plan) -> None:
    """List separately a Word file whose conversion was started again meanwhile (uploaded
    again in the instant since): never a pack short of a part it claims."""
    for entry in plan.entries:
        if entry.needs_conversion:
            entry.way = SEPARATE
            entry.note = separately(entry.file, _("its conversion was under way"))


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
    pack.checked_stamp, pack.checked_stale = plan.stamp, False
    pack.page_count = page_count
    pack.status = MeetingPack.Status.READY
    pack.progress = 100
    pack.finished_at = timezone.now()
    pack.save(
        update_fields=[
            "file",
            "content_hash",
            "checked_stamp",
            "checked_stale",
            "page_count",
            "status",
            "progress",
            "finished_at",
        ]
    )
    pack_finished_notify(pack=pack)
    return pack


def pack_build(pack_pk: int) -> MeetingPack | None:
    """Build the pack ``pack_pk`` now, in this process; see the module's doc. Safe to call
    again: a ready or failed pack is left as it is, and a pack whose content another ready
    pack of the meeting already has re-uses that pack's file."""
    pack = _claim(pack_pk)
    if pack is None:
        return MeetingPack.objects.filter(pk=pack_pk).first()
    plan = pack_plan(pack.meeting, pack.language)
    if _convert_word_files(plan):
        # which now lists the files that failed separately
        plan = pack_plan(pack.meeting, pack.language)
        _leave_out_unconverted(plan)
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

    to_print = [e for e in (plan.agenda, *plan.entries) if e is not None and e.way == HTML_PART]
    # The cover and every document at once; then the contents, numbered from their page counts.
    cover, *printed = _parts_for(
        [
            (plan.cover_html, sha256_of("html", plan.cover_html)),
            *((entry.html, entry.content_hash) for entry in to_print),
        ],
        lambda done, of: _progress(pack.pk, 90 * done // of),
    )
    parts: dict[int, RenderedPart] = {}
    for entry, part in zip(to_print, printed, strict=True):
        entry.page_count = part.page_count
        parts[id(entry)] = part
    _progress(pack.pk, 90)

    contents_pages, contents = 1, None
    for _attempt in range(4):  # a longer contents list may push the numbers after it on
        _lay_out(plan, cover_pages=cover.page_count, contents_pages=contents_pages)
        contents = _part_for(_contents_html(plan, contents_page=plan.contents_page))
        if contents.page_count == contents_pages:
            break
        contents_pages = contents.page_count
    _progress(pack.pk, 95)

    files: list[bytes | str] = [cover.file.path]
    if plan.agenda is not None:
        files.append(parts[id(plan.agenda)].file.path)
    files.append(contents.file.path)
    for entry in plan.entries:
        if entry.way == HTML_PART:
            files.append(parts[id(entry)].file.path)
        elif entry.way == PDF_PART:
            with entry.pdf_file.open("rb") as handle:
                files.append(handle.read())
    data, page_count = _merge(plan, files)
    storage = MeetingPack._meta.get_field("file").storage
    name = f"packs/som-{plan.meeting.number}-{plan.content_hash[:16]}.pdf"
    if not storage.exists(name):
        name = storage.save(name, ContentFile(data))
    return _finish(pack, name=name, plan=plan, page_count=page_count)


# The whole pack as one HTML document


_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S | re.I)


def _body_of(html: str) -> str:
    found = _BODY.search(html)
    return found.group(1) if found else html


def meeting_pack_html(meeting: Meeting, language: str = Language.ENGLISH) -> str:
    """The pack as ONE HTML document for WeasyPrint to print in one go: the cover, the agenda,
    the contents (numbered by WeasyPrint itself) and every document that has an HTML page, in
    the same order. Uploaded PDFs cannot be part of an HTML document and are listed only."""
    plan = pack_plan(meeting, language)
    return render_to_string(
        "documents/pack.html",
        {
            "plan": plan,
            "meeting": plan.meeting,
            "cover": _body_of(plan.cover_html),
            "agenda": _body_of(plan.agenda.html) if plan.agenda else "",
            "contents": _body_of(_contents_html(plan, contents_page=None, linked=True)),
            "documents": [
                (entry, _body_of(entry.html)) for entry in plan.entries if entry.way == HTML_PART
            ],
            "language": plan.language,
        },
    )
