"""A file, as a document the readers read: text as it is, Word (.docx) through
emg.importing.word, anything else refused with a message that says what the file is and what to
do with it. The import command and the browser importer both come through here."""

from __future__ import annotations

from pathlib import PurePath

from emg.importing import ImportProblem, Source
from emg.importing.word import WordProblem, read_word

# Legacy documents run to a few hundred kilobytes; a file far larger is not one of them.
MAX_FILE_BYTES = 20 * 1024 * 1024

TEXT_SUFFIXES = {"", ".txt", ".text", ".md", ".markdown"}
WORD_SUFFIXES = {".docx"}
ZIP_MAGIC = b"PK\x03\x04"
# What other files say they are, by their first bytes or their extension, and what to do.
OTHER_FILES = (
    (b"%PDF", {".pdf"}, "a PDF: export it to Word (.docx) or text first"),
    (
        b"\xd0\xcf\x11\xe0",
        {".doc", ".dot"},
        "an old Word (.doc) file: save it as a Word document (.docx) or as text first",
    ),
    (b"{\\rtf", {".rtf"}, "a rich text (.rtf) file: save it as a Word document (.docx) first"),
    (None, {".odt"}, "an OpenDocument (.odt) file: save it as a Word document (.docx) first"),
    (
        None,
        {".docm", ".dotx", ".dotm"},
        "a Word template or macro document: save it as a Word document (.docx) first",
    ),
    (None, {".xlsx", ".xls", ".ods", ".csv"}, "a spreadsheet, not a document"),
    (None, {".pptx", ".ppt", ".odp"}, "a presentation, not a document"),
    (b"\x89PNG", {".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff"}, "an image, not a document"),
    (b"\xff\xd8\xff", set(), "an image, not a document"),
)


def too_large() -> ImportProblem:
    return ImportProblem(
        f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; "
        "no document the importer reads is that long"
    )


def read_file(name: str, data: bytes) -> Source:
    """The Source of the file ``name`` holding ``data``."""
    if len(data) > MAX_FILE_BYTES:
        raise too_large()
    suffix = PurePath(name).suffix.lower()
    if suffix in WORD_SUFFIXES or (data.startswith(ZIP_MAGIC) and suffix in TEXT_SUFFIXES):
        return _word(name, data)
    for magic, suffixes, what in OTHER_FILES:
        if suffix in suffixes or (magic and data.startswith(magic)):
            raise ImportProblem(f"the file is {what}")
    if data.startswith(ZIP_MAGIC):
        raise ImportProblem("the file is a zip archive, not a document")
    return _text(name, data)


def _text(name: str, data: bytes) -> Source:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportProblem("the file is not UTF-8 text", line=line) from exc
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ImportProblem("the file is binary, not text", line=line)
    return Source(name=name, text=text)


def _word(name: str, data: bytes) -> Source:
    try:
        word = read_word(data)
    except WordProblem as problem:
        raise ImportProblem(str(problem)) from problem
    if not any(line.strip() for line in word.lines):
        raise ImportProblem("the Word document has no text")
    return Source(name=name, text="\n".join(word.lines), places=word.places)
