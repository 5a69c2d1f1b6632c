"""Legacy documents imported from the browser: uploaded, previewed with nothing written, then
imported on confirmation.

The uploaded bytes are kept in the private storage under a random token, with a row
(``ImportUpload``) saying whose they are; the preview reads them again and runs the import in a
transaction that is rolled back. Confirming claims the row in one UPDATE, so two clicks (or two
tabs) import the files once; each file is then imported in its own transaction, as the command
does, and what happened is kept on the row for the summary page. Uploads are kept for
``IMPORT_UPLOAD_KEPT_MINUTES`` and then forgotten with their files.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from emg.importing import ImportProblem, Result, Source, import_source, readers
from emg.importing.files import TEXT_SUFFIXES, WORD_SUFFIXES
from emg.models import Document, ImportFile, ImportUpload, Meeting

# What Source.from_upload reads (emg.importing.files): text and Word.
READABLE_EXTENSIONS = tuple(sorted(TEXT_SUFFIXES - {""})) + tuple(sorted(WORD_SUFFIXES))


@dataclass
class UploadedText:
    name: str  # as the person's computer named it: shown, never used as a path
    data: bytes


def kept_for() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.IMPORT_UPLOAD_KEPT_MINUTES)


@transaction.atomic
def import_upload_keep(*, user, files: list[UploadedText]) -> ImportUpload:
    """Keep ``files`` for ``user`` until they confirm the import (or the upload expires)."""
    import_uploads_expire()
    upload = ImportUpload.objects.create(token=secrets.token_urlsafe(32), user=user)
    for order, uploaded in enumerate(files, start=1):
        kept = ImportFile(upload=upload, order=order, name=uploaded.name[:255])
        # The stored name is ours: nothing of the uploaded name reaches the disk.
        kept.file.save(f"{order}.upload", ContentFile(uploaded.data), save=False)
        kept.save()
    return upload


def import_upload_get(*, user, token: str) -> ImportUpload | None:
    """The upload ``token`` names if it is ``user``'s and has not expired; None otherwise, so
    another person's token is as unknown as a made-up one."""
    return ImportUpload.objects.filter(
        token=token, user=user, created_at__gte=timezone.now() - kept_for()
    ).first()


def _sources(upload: ImportUpload):
    """(name, Source or ImportProblem) for each file of ``upload``, in the order uploaded."""
    for kept in upload.files.order_by("order"):
        try:
            with kept.file.open("rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            yield kept.name, ImportProblem("the file is no longer kept; upload it again")
            continue
        try:
            yield kept.name, Source.from_upload(kept.name, data)
        except ImportProblem as problem:
            yield kept.name, problem


def import_upload_preview(upload: ImportUpload) -> list[dict]:
    """What importing each file would do, record by record; nothing is written. The files are
    previewed one after the other in one rolled-back transaction, so a file previews against
    what the files before it would have made, as the import will run them."""
    with transaction.atomic():
        reports = [
            _report(name, _run(source, import_source), links=False)
            for name, source in _sources(upload)
        ]
        transaction.set_rollback(True)
    return reports


def import_upload_confirm(*, upload: ImportUpload) -> bool:
    """Import the files of ``upload``, each whole or not at all, and keep what happened on it.
    False when it had been confirmed already (a second click): nothing is imported again."""
    claimed = ImportUpload.objects.filter(pk=upload.pk, imported_at__isnull=True).update(
        imported_at=timezone.now()
    )
    if not claimed:
        return False
    reports = [
        _report(name, _run(source, import_source), links=True) for name, source in _sources(upload)
    ]
    ImportUpload.objects.filter(pk=upload.pk).update(report=reports)
    _delete_files(upload)
    return True


def import_uploads_expire() -> int:
    """Forget the uploads kept longer than ``IMPORT_UPLOAD_KEPT_MINUTES``, with their files."""
    expired = list(ImportUpload.objects.filter(created_at__lt=timezone.now() - kept_for()))
    for upload in expired:
        _delete_files(upload)
    ImportUpload.objects.filter(pk__in=[upload.pk for upload in expired]).delete()
    return len(expired)


def _delete_files(upload: ImportUpload) -> None:
    for kept in upload.files.all():
        kept.file.delete(save=False)


def _run(source: Source | ImportProblem, run) -> tuple[Result, Source | None]:
    if isinstance(source, ImportProblem):
        return Result(name="", problem=source), None
    return run(source), source


def _where(source: Source | None, line: int | None) -> str:
    """Where a line of the file is, as its reader would find it: "line 12" in a text file,
    "paragraph 12 (…)" or "table 2, row 3" in a Word file."""
    place = source.place(line) if source is not None else None
    return place or (f"line {line}" if line else "")


def _report(name: str, ran: tuple[Result, Source | None], *, links: bool) -> dict:
    """What happened to one file, as the pages show it (and the upload keeps it): plain values."""
    result, source = ran
    report = {"name": name, "kind": result.kind or "", "ok": result.ok}
    if not result.ok:
        problem = result.problem
        report["problem"] = problem.message
        report["line"] = problem.line
        report["where"] = problem.place or _where(source, problem.line)
        return report
    summary = result.summary
    report["summary"] = str(summary)
    report["unchanged"] = summary.unchanged
    report["records"] = [
        {
            "action": record.action,
            "kind": record.kind,
            "label": record.label,
            "line": record.line,
            "where": _where(source, record.line),
            "fields": record.fields,
            "url": (record_url(record.row) if links and record.row is not None else None),
        }
        for record in summary.records
    ]
    report["warnings"] = [
        {"line": warning.line, "where": _where(source, warning.line), "message": warning.message}
        for warning in summary.warnings
    ]
    return report


def record_url(row) -> str | None:
    """The page of a record an import made, when it has one: the Group's meetings and
    documents here, the other records through the reader of their kind (emg.importing.Reader)."""
    if isinstance(row, Meeting):
        return reverse("meetings:detail", args=[row.number])
    if isinstance(row, Document):
        return reverse("documents:preview", args=[row.pk])
    for reader in readers():
        if url := reader.url_for(row):
            return url
    return None
