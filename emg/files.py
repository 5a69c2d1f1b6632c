"""The files the workspace takes and gives: what an upload's content is (whatever its name
says), the content types it is served with, and the names files are given from a document's
symbol or title."""

from __future__ import annotations

import hashlib
import re
import zipfile

from django.utils.text import slugify


def file_stem(text: str) -> str:
    """A file name made from a symbol or title: "EMG/SOM.19/03/Rev.1" → "emg-som-19-03-rev-1"."""
    return slugify(re.sub(r"[\W_]+", "-", text))[:80].strip("-") or "document"


PDF = "pdf"
DOCX = "docx"
DOC = "doc"
ODT = "odt"
RTF = "rtf"
# Word-processor files, which LibreOffice converts to PDF for the meeting pack (emg.conversions).
WORD_KINDS = (DOCX, DOC, ODT, RTF)
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DOC: "application/msword",
    ODT: "application/vnd.oasis.opendocument.text",
    RTF: "application/rtf",
}

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The name of the stream holding a Word 97-2003 document's text, as an OLE2 directory entry
# spells it (UTF-16LE): other OLE2 files (Excel workbooks, PowerPoint decks, Outlook messages)
# have none.
WORD_STREAM = "WordDocument".encode("utf-16-le")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _zip_kind(upload) -> str | None:
    """DOCX or ODT when the zip archive holds the members that make one, else None."""
    try:
        with zipfile.ZipFile(upload) as archive:
            # Only the table of contents and the tiny "mimetype" member are read.
            names = set(archive.namelist())
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return DOCX
            if "mimetype" in names and "content.xml" in names:
                with archive.open("mimetype") as member:
                    if member.read(len(ODT_MIMETYPE) + 1).strip() == ODT_MIMETYPE:
                        return ODT
    except (zipfile.BadZipFile, OSError):
        pass
    finally:
        upload.seek(0)
    return None


def file_kind(upload) -> str | None:
    """ "pdf", "docx", "doc", "odt" or "rtf" when the file's content is one (whatever its name
    says), else None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK"):
        return _zip_kind(upload)
    if head.startswith(b"{\\rtf"):
        return RTF
    if head == OLE2_SIGNATURE:
        # The directory may lie anywhere in the compound file: read it all (uploads are capped
        # at DOCUMENT_UPLOAD_MAX_BYTES).
        is_word = WORD_STREAM in upload.read()
        upload.seek(0)
        return DOC if is_word else None
    return None


def _sha256(chunks) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def file_sha256(stored) -> str | None:
    """The SHA-256 of a stored file's bytes (a FieldFile), or None when it is missing."""
    try:
        with stored.open("rb") as handle:
            return _sha256(iter(lambda: handle.read(1 << 20), b""))
    except (FileNotFoundError, ValueError):  # ValueError: the field holds no file
        return None


def uploaded_sha256(stored, known: str) -> str:
    """The SHA-256 to keep with a file field's file as its row is saved: worked out from the
    bytes of a file just uploaded to it (not yet in the storage), ``known`` for the file it had,
    "" for none."""
    if not stored:
        return ""
    if getattr(stored, "_committed", True):
        return known or (file_sha256(stored) or "")
    found = _sha256(stored.file.chunks())
    stored.file.seek(0)
    return found


def stored_sha256(stored) -> str | None:
    """The SHA-256 of a stored file (a FieldFile): the one kept with its row (``file_hash``,
    ``uploaded_sha256``) rather than read from the storage again, which a page listing many
    files could not afford; None without a file."""
    return getattr(stored.instance, "file_hash", "") or file_sha256(stored)


def stored_kind(stored) -> str:
    """The kind of a stored file by its name's extension ("pdf", "docx" …; "" without a file):
    an upload's name is given from its checked content (emg.forms.DocumentForm)."""
    name = getattr(stored, "name", "") or ""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""
