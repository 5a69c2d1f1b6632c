"""The files the workspace takes and gives: what an upload's content is (whatever its name
says), the content types it is served with, and the names files are given from a document's
symbol or title."""

from __future__ import annotations

import re
import zipfile

from django.utils.text import slugify


def file_stem(text: str) -> str:
    """A file name made from a symbol or title: "EMG/SOM.19/03/Rev.1" → "emg-som-19-03-rev-1"."""
    return slugify(re.sub(r"[\W_]+", "-", text))[:80].strip("-") or "document"


PDF = "pdf"
DOCX = "docx"
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def file_kind(upload) -> str | None:
    """ "pdf" or "docx" when the file's content is one (whatever its name says), else None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(upload) as archive:
                # Only the table of contents is read; nothing is unpacked.
                is_word = "word/document.xml" in archive.namelist()
        except (zipfile.BadZipFile, OSError):
            is_word = False
        finally:
            upload.seek(0)
        return DOCX if is_word else None
    return None
