"""Uploaded Word files (DOCX, DOC, ODT, RTF) converted to PDF by LibreOffice headless, so that
the meeting pack can merge them in place like an uploaded PDF.

- ``word_to_pdf``: one run of LibreOffice on one file's bytes: a profile of its own in a fresh
  temporary directory (two runs sharing a profile wait on each other's lock, and a profile
  left broken by a killed run would break the next), its own process group so that a run past
  WORD_CONVERSION_TIMEOUT is killed whole, and one run at a time per process: LibreOffice
  takes a few hundred MB and both cores while it lays a document out.
- ``conversion_request``: a document's Word file was saved: the ``ConvertedFile`` of its content
  (the SHA-256 of its bytes) is created, queued, and the Celery task ``convert_word_file`` sent
  once the transaction commits, unless that content is converted already.
- ``conversion_run``: converting a document's file now, recording the outcome on the row (the
  PDF, its page count and its first page's text, or why it failed). The task calls it, and so
  does a pack build that finds a conversion not done yet (the worker is busy, or the broker
  was down): the pack is then complete rather than short of a document.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

import pypdfium2 as pdfium
from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError
from pypdf import PdfReader
from redis.exceptions import ConnectionError as RedisConnectionError

from emg.files import DOC, DOCX, ODT, RTF, WORD_KINDS, stored_kind, stored_sha256
from emg.models import ConvertedFile, Document

logger = logging.getLogger(__name__)

# LibreOffice's import filter for each kind, named so that a file is read as what its content
# was checked to be: left to guess, LibreOffice reads a damaged DOCX as plain text and "converts"
# its bytes.
IMPORT_FILTERS = {
    DOCX: "MS Word 2007 XML",
    DOC: "MS Word 97",
    ODT: "writer8",
    RTF: "Rich Text Format",
}
FIRST_PAGE_TEXT_MAX = 3000
# How wide the picture of a converted file's first page is, in pixels.
FIRST_PAGE_WIDTH = 600
# A run that has been converting this much longer than the time limit was lost with its worker:
# another may take the file over.
TAKE_OVER_GRACE = datetime.timedelta(minutes=1)

_one_at_a_time = threading.Lock()


class ConversionFailed(Exception):
    """LibreOffice did not make a PDF of the file; the message says why, for the secretariat."""


def _kill(process: subprocess.Popen) -> None:
    """Kill the run and whatever it started (soffice is a script that starts soffice.bin)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def _reason(stderr: bytes) -> str:
    lines = [
        line.strip()
        for line in stderr.decode(errors="replace").splitlines()
        # LibreOffice's own start-up notice, printed on every run, says nothing of the file.
        if line.strip() and "javaldx" not in line
    ]
    return " ".join(lines)[:300]


def word_to_pdf(data: bytes, kind: str, *, timeout: float | None = None) -> bytes:
    """The PDF LibreOffice makes of ``data``, a ``kind`` file (see the module's doc). Raises
    ConversionFailed with the reason when it makes none or runs past ``timeout`` seconds
    (WORD_CONVERSION_TIMEOUT by default)."""
    if kind not in IMPORT_FILTERS:
        raise ConversionFailed(_("Files of this kind are not converted."))
    timeout = settings.WORD_CONVERSION_TIMEOUT if timeout is None else timeout
    with _one_at_a_time:
        workdir = Path(tempfile.mkdtemp(prefix="emg-word-"))
        try:
            source = workdir / f"source.{kind}"
            source.write_bytes(data)
            command = [
                settings.LIBREOFFICE_PROGRAM,
                *("--headless", "--norestore", "--nologo", "--nolockcheck"),
                f"-env:UserInstallation={(workdir / 'profile').as_uri()}",
                f"--infilter={IMPORT_FILTERS[kind]}",
                *("--convert-to", "pdf:writer_pdf_Export", "--outdir", str(workdir / "out")),
                str(source),
            ]
            try:
                process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    cwd=workdir,
                    env={**os.environ, "HOME": str(workdir)},
                    start_new_session=True,
                )
            except OSError as exc:
                raise ConversionFailed(
                    _("LibreOffice could not be started (%(error)s).") % {"error": exc}
                ) from exc
            try:
                _stdout, stderr = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                _kill(process)
                raise ConversionFailed(
                    _("The conversion took longer than the time limit of %(seconds)s seconds.")
                    % {"seconds": timeout}
                ) from None
            made = workdir / "out" / "source.pdf"
            if not made.is_file() or not made.stat().st_size:
                raise ConversionFailed(
                    _("LibreOffice could not read the file (%(reason)s).")
                    % {"reason": _reason(stderr) or _("exit status %s") % process.returncode}
                )
            return made.read_bytes()
        finally:
            shutil.rmtree(workdir, ignore_errors=True)


def is_word_file(document: Document, file: FieldFile | None = None) -> bool:
    """Whether ``file`` (one of the document's language versions; by default its own) is a Word
    file."""
    file = file or document.file
    return bool(file) and stored_kind(file) in WORD_KINDS


# The services


def conversion_of(document: Document, file: FieldFile | None = None) -> ConvertedFile | None:
    """The conversion of ``document``'s Word file (or of ``file``, one of its language
    versions) as it is now, if one was ever asked for."""
    if not is_word_file(document, file):
        return None
    content_hash = stored_sha256(file or document.file)
    if content_hash is None:
        return None
    return ConvertedFile.objects.filter(content_hash=content_hash).first()


def conversion_request(*, document: Document, version=None) -> ConvertedFile | None:
    """Called when ``document`` is saved with a Word file (or its language ``version``, a
    DocumentVersion, is): the conversion of its content, queued once the transaction commits
    unless it is ready. A conversion that failed is tried again, since the file was uploaded
    again."""
    file = version.file if version is not None else document.file
    if not is_word_file(document, file):
        return None
    content_hash = stored_sha256(file)
    if content_hash is None:
        return None
    version_pk = version.pk if version is not None else None
    with transaction.atomic():
        conversion, _created = ConvertedFile.objects.get_or_create(
            content_hash=content_hash, defaults={"kind": stored_kind(file)}
        )
        if conversion.is_ready:
            return conversion
        if conversion.is_failed:
            ConvertedFile.objects.filter(pk=conversion.pk).update(
                status=ConvertedFile.Status.PENDING, error="", started_at=None, finished_at=None
            )
            conversion.refresh_from_db()
        transaction.on_commit(
            lambda: conversion_enqueue(document_pk=document.pk, version_pk=version_pk)
        )
    return conversion


def conversion_enqueue(*, document_pk: int, version_pk: int | None = None) -> bool:
    """Hand the conversion of the document's file (or of its language version ``version_pk``)
    to the broker; False when it cannot be reached (the row stays queued, and the next pack
    build converts the file itself)."""
    try:
        if convert_word_file.app.conf.task_always_eager:
            convert_word_file.apply(args=[document_pk, version_pk], throw=False)
        else:
            convert_word_file.apply_async(args=[document_pk, version_pk], retry=False)
    except (BrokerError, RedisConnectionError, OSError) as exc:
        logger.warning("Document %s: its conversion could not be queued: %s", document_pk, exc)
        return False
    return True


def _claim(conversion: ConvertedFile, *, in_build: bool) -> bool:
    """Mark the conversion under way; False when it is not to be run here: ready, failed (a
    build does not try again what failed: only a new upload does), or, for the task, being
    converted by another run that has not outlived the time limit."""
    runnable = ConvertedFile.objects.filter(pk=conversion.pk).exclude(
        status__in=[ConvertedFile.Status.READY, ConvertedFile.Status.FAILED]
    )
    if not in_build:
        # A build takes a conversion under way over rather than leave its pack short.
        lost = timezone.now() - (
            datetime.timedelta(seconds=settings.WORD_CONVERSION_TIMEOUT) + TAKE_OVER_GRACE
        )
        runnable = runnable.exclude(status=ConvertedFile.Status.CONVERTING, started_at__gte=lost)
    return bool(
        runnable.update(
            status=ConvertedFile.Status.CONVERTING,
            started_at=timezone.now(),
            finished_at=None,
            error="",
        )
    )


def _read_pdf(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    count = len(reader.pages)
    if not count:
        raise ConversionFailed(_("LibreOffice made a PDF without pages."))
    text = " ".join((reader.pages[0].extract_text() or "").split())
    return count, text[:FIRST_PAGE_TEXT_MAX]


def first_page_png(data: bytes) -> bytes | None:
    """The PDF's first page as a PNG picture FIRST_PAGE_WIDTH pixels wide (PDFium), or None
    when PDFium cannot draw it: the page then shows the first page's text alone."""
    try:
        document = pdfium.PdfDocument(data)
        try:
            page = document[0]
            bitmap = page.render(scale=FIRST_PAGE_WIDTH / page.get_width())
            out = io.BytesIO()
            bitmap.to_pil().save(out, format="PNG", optimize=True)
        finally:
            document.close()
    except (pdfium.PdfiumError, OSError, ValueError) as exc:
        logger.warning("The first page of a converted file could not be drawn: %s", exc)
        return None
    return out.getvalue()


def _stored(name: str, data: bytes) -> str:
    storage = ConvertedFile._meta.get_field("file").storage
    if storage.exists(name):
        storage.delete(name)  # left by a run that died before saving its row
    return storage.save(name, ContentFile(data))


def _keep(conversion: ConvertedFile, data: bytes, page_count: int, text: str) -> None:
    name = _stored(f"converted/{conversion.content_hash}.pdf", data)
    picture = first_page_png(data)
    first_page = (
        _stored(f"converted/{conversion.content_hash}-page-1.png", picture) if picture else ""
    )
    ConvertedFile.objects.filter(pk=conversion.pk).update(
        status=ConvertedFile.Status.READY,
        file=name,
        first_page=first_page,
        page_count=page_count,
        first_page_text=text,
        error="",
        finished_at=timezone.now(),
    )


def _fail(conversion: ConvertedFile, reason: str) -> None:
    ConvertedFile.objects.filter(pk=conversion.pk).update(
        status=ConvertedFile.Status.FAILED, error=reason, finished_at=timezone.now()
    )


def conversion_run(
    *, document: Document, file: FieldFile | None = None, in_build: bool = False
) -> ConvertedFile | None:
    """Convert ``document``'s Word file (``file``: one of its language versions; by default
    its own) now unless its content is converted already (see ``_claim`` for who runs what);
    the conversion as it then stands, or None when it is no Word file. A file LibreOffice
    cannot convert fails the conversion with the reason, never the caller."""
    if not is_word_file(document, file):
        return None
    file = file or document.file
    try:
        with file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return None
    conversion, _created = ConvertedFile.objects.get_or_create(
        content_hash=hashlib.sha256(data).hexdigest(),
        defaults={"kind": stored_kind(file)},
    )
    storage = conversion.file.storage
    if conversion.is_ready and not storage.exists(conversion.file.name):
        # Its PDF was removed: converted again.
        ConvertedFile.objects.filter(pk=conversion.pk).update(status=ConvertedFile.Status.PENDING)
        conversion.refresh_from_db()
    if _claim(conversion, in_build=in_build):
        try:
            pdf = word_to_pdf(data, conversion.kind)
            page_count, text = _read_pdf(pdf)
        except ConversionFailed as exc:
            logger.warning("Document %s could not be converted: %s", document.pk, exc)
            _fail(conversion, str(exc))
        except Exception as exc:  # a PDF pypdf cannot read, LibreOffice crashing …
            logger.exception("Document %s could not be converted", document.pk)
            _fail(conversion, f"{exc.__class__.__name__}: {exc}"[:300])
        else:
            _keep(conversion, pdf, page_count, text)
    conversion.refresh_from_db()
    return conversion


# The task

TRANSIENT_ERRORS = (OperationalError, InterfaceError, RedisConnectionError, ConnectionError)


@shared_task(bind=True, max_retries=3, acks_late=True)
def convert_word_file(self, document_pk: int, version_pk: int | None = None) -> str | None:
    """Convert the document's Word file, or its language version's (``conversion_run``); safe
    to run twice."""
    document = Document.objects.filter(pk=document_pk).first()
    if document is None:
        return None
    file = None
    if version_pk is not None:
        version = document.versions.filter(pk=version_pk).first()
        if version is None:
            return None
        file = version.file
    try:
        conversion = conversion_run(document=document, file=file)
    except TRANSIENT_ERRORS as exc:
        if self.request.is_eager or self.request.retries >= self.max_retries:
            logger.exception("Document %s: its conversion is given up", document_pk)
            return None
        raise self.retry(exc=exc, countdown=10 * 2**self.request.retries) from exc
    return conversion.status if conversion else None
