"""Uploaded Word files (DOCX, DOC, ODT, RTF) converted to PDF by the real LibreOffice and merged
into the meeting pack in place: their Latin, Arabic and Chinese text read back from the pack in
order, with a bookmark, a contents entry and page numbers that agree; the conversion's state and
first page on the upload's page; a file LibreOffice cannot read, or one past the time limit,
listed "available separately" and flagged to the secretariat, never a failed pack; the same
content converted once."""

import io
import re
import subprocess
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx.enum.text import WD_BREAK
from PIL import Image

from emg.conversions import FIRST_PAGE_WIDTH, ConversionFailed, conversion_run, word_to_pdf
from emg.files import file_kind, file_sha256
from emg.models import ConvertedFile, Document, MeetingPack
from emg.packs.plan import pack_plan
from emg.tests.form_pages import field_errors, text_of
from emg.tests.packs import build, outline_of, reader_of, text_of_pdf
from emg.tests.test_document_rendering import ARABIC, CHINESE

pytestmark = pytest.mark.django_db

LATIN = "The Senior Officials welcome the report of the Issue Management Group"
ARABIC_LINE = f"{ARABIC} يرحب بالتقرير"
CHINESE_LINE = f"{CHINESE}欢迎该报告"


def word_bytes(*pages: list[str]) -> bytes:
    """A DOCX made with python-docx: each page's paragraphs, a page break between pages."""
    document = docx.Document()
    for number, paragraphs in enumerate(pages):
        if number:
            document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        for text in paragraphs:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


THREE_SCRIPTS = word_bytes(["Page one: " + LATIN, ARABIC_LINE], [CHINESE_LINE, "The end."])


def saved_as(data: bytes, kind: str, tmp_path: Path) -> bytes:
    """``data`` (a DOCX) saved by LibreOffice as ``kind`` ("odt", "doc")."""
    source = tmp_path / "source.docx"
    source.write_bytes(data)
    subprocess.run(
        [
            "soffice",
            *("--headless", "--norestore"),
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            *("--convert-to", kind, "--outdir", str(tmp_path / "out"), str(source)),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (tmp_path / "out" / f"source.{kind}").read_bytes()


def rtf_escaped(text: str) -> str:
    return "".join(
        c if ord(c) < 128 else f"\\u{ord(c) if ord(c) < 32768 else ord(c) - 65536}?" for c in text
    )


# Written by hand, as RTF writers do: the non-ASCII letters as \uN escapes.
RTF = (
    "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Liberation Serif;}}\\f0\\fs24 "
    f"{LATIN}\\par {rtf_escaped(ARABIC_LINE)}\\par {rtf_escaped(CHINESE_LINE)}\\par}}"
).encode("ascii")


def add_url(meeting):
    return reverse("meetings:document_add", kwargs={"number": meeting.number})


def upload(client, meeting, name: str, content: bytes, **values):
    return client.post(
        add_url(meeting),
        {
            "title": "Note on the venue",
            "kind": "other",
            "status": "final",
            "agenda_item": meeting.agenda_items.get(order=1).pk,
            "file": SimpleUploadedFile(name, content),
            **values,
        },
    )


def uploaded(client, meeting, name, content, symbol, capture, **values) -> Document:
    """Upload ``content`` as ``name`` through the page; its conversion runs on commit (here and
    now: the tests run Celery eagerly unless marked)."""
    with capture(execute=True):
        response = upload(client, meeting, name, content, symbol=symbol, **values)
    assert response.status_code == 302, field_errors(response.content.decode(), "file")
    return Document.objects.get(symbol=symbol)


def in_order(text: str, *parts: str) -> bool:
    """Whether each of ``parts`` appears in ``text`` after the one before it, white space aside."""
    flat = "".join(text.split())
    at = 0
    for part in parts:
        found = flat.find("".join(part.split()), at)
        if found < 0:
            return False
        at = found + 1
    return True


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


# Into the pack


def test_a_word_file_in_three_scripts_is_merged_into_the_pack_in_place(
    world, client_as, secretariat, capture
):
    document = uploaded(
        client_as(secretariat),
        world.meeting,
        "Venue.docx",
        THREE_SCRIPTS,
        "EMG/SOM.26/INF.5",
        capture,
    )

    conversion = ConvertedFile.objects.get()
    assert conversion.status == ConvertedFile.Status.READY, conversion.error
    assert conversion.content_hash == file_sha256(document.file)
    assert conversion.page_count == 2
    assert in_order(conversion.first_page_text, LATIN, ARABIC)
    assert CHINESE not in conversion.first_page_text  # on the second page

    pack = build(world.meeting)
    assert pack.status == MeetingPack.Status.READY
    reader = reader_of(pack)
    outline = outline_of(reader)
    title = "EMG/SOM.26/INF.5 — Note on the venue"
    assert [depth for depth, name, _page in outline if name == title] == [1]
    first = next(page for _depth, name, page in outline if name == title)
    following = [page for _depth, _name, page in outline if page > first]
    assert min(following, default=len(reader.pages) + 1) == first + 2  # its two pages
    assert in_order(text_of_pdf(reader, [first - 1]), "Page one:", LATIN, ARABIC_LINE)
    assert in_order(text_of_pdf(reader, [first]), CHINESE_LINE, "The end.")
    assert in_order(text_of_pdf(reader), LATIN, ARABIC_LINE, CHINESE_LINE)

    contents_page = next(page for _d, name, page in outline if name == "Contents")
    contents = text_of_pdf(reader, [contents_page - 1])
    printed = re.search(r"EMG/SOM\.26/INF\.5\s+Note on the venue\s+(\d+)", contents)
    assert printed and int(printed.group(1)) == first
    assert pack.page_count == len(reader.pages)
    assert pack.content_hash == pack_plan(world.meeting).content_hash  # not stale


@pytest.mark.parametrize("kind", ["odt", "doc", "rtf"])
def test_odt_doc_and_rtf_files_are_accepted_and_converted(
    kind, world, client_as, secretariat, capture, tmp_path
):
    content = RTF if kind == "rtf" else saved_as(THREE_SCRIPTS, kind, tmp_path)
    assert file_kind(io.BytesIO(content)) == kind

    document = uploaded(
        client_as(secretariat), world.meeting, f"note.{kind}", content, "EMG/SOM.26/INF.6", capture
    )

    assert document.file.name.endswith(f".{kind}")
    conversion = ConvertedFile.objects.get(kind=kind)
    assert conversion.status == ConvertedFile.Status.READY, conversion.error
    reader = reader_of(build(world.meeting))
    assert in_order(text_of_pdf(reader), LATIN, ARABIC_LINE, CHINESE_LINE)


def test_a_pack_built_before_the_worker_converted_the_file_converts_it_itself(world):
    # Saved without the upload's service: no conversion was asked for (as when the broker was
    # down at the upload, or the worker has not reached it yet).
    from emg.tests.factories import uploaded_document

    uploaded_document(
        "late.docx",
        THREE_SCRIPTS,
        symbol="EMG/SOM.26/INF.7",
        title="Late note",
        kind=Document.Kind.OTHER,
        meeting=world.meeting,
        agenda_item=world.agenda_item,
    )
    assert not ConvertedFile.objects.exists()
    hash_before = pack_plan(world.meeting).content_hash

    pack = build(world.meeting)

    assert ConvertedFile.objects.get().status == ConvertedFile.Status.READY
    assert in_order(text_of_pdf(reader_of(pack)), LATIN, ARABIC_LINE, CHINESE_LINE)
    # Converting it did not change what the pack holds: neither is stale against the other.
    assert pack.content_hash == hash_before == pack_plan(world.meeting).content_hash


# When LibreOffice cannot


BROKEN_DOCX = io.BytesIO()
with zipfile.ZipFile(BROKEN_DOCX, "w") as _archive:
    _archive.writestr("[Content_Types].xml", "<Types")
    _archive.writestr("word/document.xml", "not XML at all")


def test_a_file_libreoffice_cannot_read_is_available_separately_and_flagged(
    world, client_as, secretariat, senior_official, capture
):
    document = uploaded(
        client_as(secretariat),
        world.meeting,
        "broken.docx",
        BROKEN_DOCX.getvalue(),
        "EMG/SOM.26/INF.8",
        capture,
    )

    conversion = ConvertedFile.objects.get()
    assert conversion.status == ConvertedFile.Status.FAILED
    assert "LibreOffice could not read the file" in conversion.error
    pack = build(world.meeting)
    assert pack.status == MeetingPack.Status.READY
    reader = reader_of(pack)
    assert "EMG/SOM.26/INF.8 — Note on the venue" not in [t for _d, t, _p in outline_of(reader)]
    contents = text_of_pdf(reader)
    assert "Note on the venue Available separately, from the meeting's page: its DOCX file" in (
        contents
    )

    meeting_url = reverse("meetings:detail", kwargs={"number": world.meeting.number})
    page = text_of(client_as(secretariat).get(meeting_url).content.decode())
    assert (
        "A Word file could not be converted to PDF: the meeting pack lists it as available "
        "separately. EMG/SOM.26/INF.8 : LibreOffice could not read the file"
    ) in page
    assert "Conversion failed" in page
    edit_url = reverse(
        "meetings:document_edit", kwargs={"number": world.meeting.number, "pk": document.pk}
    )
    edit_page = text_of(client_as(secretariat).get(edit_url).content.decode())
    assert "Conversion failed The meeting pack lists this document as available separately" in (
        edit_page
    )
    # The flag is the secretariat's: a senior official downloads the Word file as it is.
    reader_page = text_of(client_as(senior_official).get(meeting_url).content.decode())
    assert "could not be converted" not in reader_page and "Download EMG/SOM.26/INF.8" in (
        reader_page
    )


def processes_mentioning(text: str) -> list[str]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            line = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in line:
            found.append(line)
    return found


def test_a_conversion_past_the_time_limit_is_killed_failed_and_cleaned_up(
    world, settings, tmp_path, monkeypatch
):
    from emg.tests.factories import uploaded_document

    settings.WORD_CONVERSION_TIMEOUT = 0.01
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    document = uploaded_document(
        "slow.docx",
        THREE_SCRIPTS,
        symbol="EMG/SOM.26/INF.9",
        title="Slow note",
        kind=Document.Kind.OTHER,
        meeting=world.meeting,
        agenda_item=world.agenda_item,
    )

    conversion = conversion_run(document=document)

    assert conversion.status == ConvertedFile.Status.FAILED
    assert conversion.error == "The conversion took longer than the time limit of 0.01 seconds."
    assert list(scratch.iterdir()) == []  # its profile and files removed
    assert processes_mentioning(str(scratch)) == []  # LibreOffice killed, not left running
    pack = build(world.meeting)
    assert pack.status == MeetingPack.Status.READY
    assert "Slow note Available separately" in text_of_pdf(reader_of(pack))


def test_a_process_runs_one_conversion_at_a_time(tmp_path, monkeypatch):
    import threading
    import time

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    made = []
    runs = [
        threading.Thread(target=lambda: made.append(word_to_pdf(THREE_SCRIPTS, "docx")))
        for _ in range(2)
    ]
    for run in runs:
        run.start()
    most_at_once = 0
    while any(run.is_alive() for run in runs):
        # Each run's LibreOffice names its own profile directory under the scratch directory.
        profiles = {
            re.search(rf"{re.escape(str(scratch))}/([^/]+)/profile", line).group(1)
            for line in processes_mentioning(f"{scratch}/")
            if "/profile" in line
        }
        most_at_once = max(most_at_once, len(profiles))
        time.sleep(0.02)
    for run in runs:
        run.join()

    assert len(made) == 2 and all(pdf.startswith(b"%PDF-") for pdf in made)
    assert most_at_once == 1


def test_word_to_pdf_says_why_it_made_nothing():
    with pytest.raises(ConversionFailed, match="LibreOffice could not read the file"):
        word_to_pdf(BROKEN_DOCX.getvalue(), "docx")


# Converted once per content


def test_the_same_file_uploaded_again_reuses_its_conversion(world, client_as, secretariat, capture):
    client = client_as(secretariat)
    uploaded(client, world.meeting, "a.docx", THREE_SCRIPTS, "EMG/SOM.26/INF.10", capture)
    first = ConvertedFile.objects.get()

    uploaded(client, world.meeting, "b.docx", THREE_SCRIPTS, "EMG/SOM.26/INF.11", capture)

    again = ConvertedFile.objects.get()
    assert (again.pk, again.file.name, again.finished_at) == (
        first.pk,
        first.file.name,
        first.finished_at,
    )


def test_a_failed_conversion_is_tried_again_when_the_file_is_uploaded_again(
    world, client_as, secretariat, capture, settings
):
    client = client_as(secretariat)
    settings.WORD_CONVERSION_TIMEOUT = 0.01
    uploaded(client, world.meeting, "a.docx", THREE_SCRIPTS, "EMG/SOM.26/INF.12", capture)
    assert ConvertedFile.objects.get().status == ConvertedFile.Status.FAILED
    settings.WORD_CONVERSION_TIMEOUT = 120

    uploaded(client, world.meeting, "b.docx", THREE_SCRIPTS, "EMG/SOM.26/INF.13", capture)

    assert ConvertedFile.objects.get().status == ConvertedFile.Status.READY


# The upload's page


def test_the_upload_page_shows_the_conversion_state_and_its_first_page(
    world, client_as, secretariat, senior_official, capture
):
    client = client_as(secretariat)
    document = uploaded(
        client, world.meeting, "Venue.docx", THREE_SCRIPTS, "EMG/SOM.26/INF.14", capture
    )
    edit_url = reverse(
        "meetings:document_edit", kwargs={"number": world.meeting.number, "pk": document.pk}
    )
    converted_url = reverse("documents:converted", kwargs={"pk": document.pk})

    page = client.get(edit_url).content.decode()
    text = text_of(page)
    assert "PDF for the meeting pack Ready 2 pages, merged into the meeting pack in place." in text
    assert in_order(text.split("Its first page, as converted:")[1], "Page one:", LATIN, ARABIC)
    assert converted_url in page
    response = client_as(senior_official).get(converted_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")

    # The first page as a picture too: drawn from the PDF, with the page's dark text on white.
    picture_url = reverse("documents:first_page", kwargs={"pk": document.pk})
    assert f'src="{picture_url}"' in page
    response = client_as(senior_official).get(picture_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    picture = Image.open(io.BytesIO(b"".join(response.streaming_content))).convert("L")
    assert picture.width == FIRST_PAGE_WIDTH and picture.height > picture.width  # a portrait page
    darkest, lightest = picture.getextrema()
    assert lightest > 240 and darkest < 80

    state_url = reverse(
        "meetings:document_conversion",
        kwargs={"number": world.meeting.number, "pk": document.pk},
    )
    assert f'hx-get="{state_url}"' not in page  # ready: nothing more to follow
    ConvertedFile.objects.update(status=ConvertedFile.Status.PENDING, file="", page_count=None)
    page = client_as(secretariat).get(edit_url).content.decode()
    assert "PDF for the meeting pack Queued The file will be converted to PDF shortly." in text_of(
        page
    )
    assert f'hx-get="{state_url}" hx-trigger="every 2s"' in page
    ConvertedFile.objects.update(status=ConvertedFile.Status.CONVERTING)
    fragment = client.get(state_url).content.decode()
    assert "Converting LibreOffice is converting the file to PDF." in text_of(fragment)
    assert f'hx-get="{state_url}" hx-trigger="every 2s"' in fragment
    assert client.get(converted_url).status_code == 404  # not ready
    assert (
        client.get(
            reverse(
                "meetings:document_conversion",
                kwargs={"number": world.meeting.number, "pk": world.upload.pk},
            )
        ).status_code
        == 404
    )  # a PDF upload: nothing converted


def test_a_document_without_a_word_file_has_no_converted_pdf(world, client_as, secretariat):
    for document in (world.document, world.upload):
        url = reverse("documents:converted", kwargs={"pk": document.pk})
        assert client_as(secretariat).get(url).status_code == 404


# What the upload accepts


def refused(client, meeting, name, content) -> list[str]:
    response = upload(client, meeting, name, content, symbol="EMG/SOM.26/X")
    assert response.status_code == 200
    assert not Document.objects.filter(symbol="EMG/SOM.26/X").exists()
    return field_errors(response.content.decode(), "file")


NOT_A_DOCUMENT = (
    "This file is neither a PDF nor a Word document (DOCX, DOC, ODT or RTF), whatever its name "
    "says. Upload the document itself."
)


def test_files_that_only_claim_to_be_word_documents_are_refused(world, client_as, secretariat):
    client = client_as(secretariat)
    not_odt = io.BytesIO()
    with zipfile.ZipFile(not_odt, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    # An OLE2 compound file without a WordDocument stream (a workbook, say).
    not_doc = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "Workbook".encode("utf-16-le")

    assert refused(client, world.meeting, "note.odt", not_odt.getvalue()) == [NOT_A_DOCUMENT]
    assert refused(client, world.meeting, "note.doc", not_doc) == [NOT_A_DOCUMENT]
    assert refused(client, world.meeting, "note.rtf", b"Plain text, not RTF") == [NOT_A_DOCUMENT]
    assert refused(client, world.meeting, "note.doc", RTF) == [
        "The file's content is RTF but its name ends in “.doc”. Rename it, or upload the right "
        "file."
    ]
    assert not ConvertedFile.objects.exists()


# Through the real worker


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_the_real_worker_converts_a_word_file_once_its_upload_is_committed(
    celery_worker, client_as, secretariat
):
    import time

    from emg.models import AgendaItem, Meeting

    meeting = Meeting.objects.create(number=61)
    AgendaItem.objects.create(meeting=meeting, order=1, title="Opening")
    try:
        response = upload(
            client_as(secretariat), meeting, "note.docx", THREE_SCRIPTS, symbol="EMG/SOM.61/1"
        )
        assert response.status_code == 302
        document = Document.objects.get(symbol="EMG/SOM.61/1")
        conversion = ConvertedFile.objects.get(content_hash=file_sha256(document.file))
        seen = [conversion.status]
        deadline = time.monotonic() + 300  # the worker shares two cores: not a timed assertion
        while not (conversion.is_ready or conversion.is_failed) and time.monotonic() < deadline:
            time.sleep(0.2)
            conversion.refresh_from_db()
            if seen[-1] != conversion.status:
                seen.append(conversion.status)

        assert conversion.status == ConvertedFile.Status.READY, conversion.error
        assert seen[0] in (ConvertedFile.Status.PENDING, ConvertedFile.Status.CONVERTING)
        assert conversion.page_count == 2 and LATIN in conversion.first_page_text
        assert conversion.started_at <= conversion.finished_at
    finally:
        for row in (*Document.objects.exclude(file=""), *ConvertedFile.objects.exclude(file="")):
            row.file.storage.delete(row.file.name)


# In the browser


@pytest.mark.django_db(transaction=True)
def test_in_chromium_an_upload_shows_its_conversion_and_first_page_under_the_policy(
    page, world, secretariat
):
    from playwright.sync_api import expect

    from emg.tests.browser import sign_in
    from emg.tests.test_csp_browser import LISTEN

    page.context.add_init_script(LISTEN)
    sign_in(page, secretariat)
    page.goto(add_url(world.meeting))
    page.get_by_label("Symbol").fill("EMG/SOM.26/INF.15")
    page.get_by_label("Title").fill("Note on the venue")
    page.get_by_label("Kind").select_option("other")
    page.get_by_label("File").set_input_files(
        files=[
            {"name": "Venue.docx", "mimeType": "application/octet-stream", "buffer": THREE_SCRIPTS}
        ]
    )
    page.get_by_role("button", name="Save document").click()

    document = Document.objects.get(symbol="EMG/SOM.26/INF.15")
    card = page.locator(f"#document-{document.pk}")
    expect(card).to_contain_text("PDF for the meeting pack: Ready 2 pages, merged into the")
    card.get_by_role("link", name="Edit EMG/SOM.26/INF.15").click()
    first_page = page.get_by_role("figure")
    expect(first_page).to_contain_text(LATIN)
    expect(first_page).to_contain_text(ARABIC)
    picture = first_page.get_by_role("img")
    expect(picture).to_be_visible()
    # decode() waits for the picture to arrive, and fails if it cannot be drawn.
    assert picture.evaluate("image => image.decode().then(() => image.naturalWidth)") == (
        FIRST_PAGE_WIDTH
    )

    # While a conversion is under way the page follows it, and shows it once it is ready.
    ConvertedFile.objects.update(status=ConvertedFile.Status.PENDING, file="", page_count=None)
    page.reload()
    state = page.get_by_role("region", name="PDF for the meeting pack")
    expect(state).to_contain_text("Queued The file will be converted to PDF shortly.")
    conversion_run(document=document)
    expect(state).to_contain_text("Ready 2 pages", timeout=15_000)
    expect(page.get_by_role("figure")).to_contain_text(LATIN)
    assert page.evaluate("window.__violations") == []


def test_the_meeting_page_finds_conversions_by_the_hash_kept_with_each_file(
    world, client_as, secretariat, capture
):
    import hashlib

    client = client_as(secretariat)
    document = uploaded(
        client, world.meeting, "Venue.docx", THREE_SCRIPTS, "EMG/SOM.26/INF.16", capture
    )
    assert document.file_hash == hashlib.sha256(THREE_SCRIPTS).hexdigest()
    replaced = word_bytes(["A later draft of the note"])
    with capture(execute=True):
        response = client.post(
            reverse(
                "meetings:document_edit",
                kwargs={"number": world.meeting.number, "pk": document.pk},
            ),
            {
                "symbol": "EMG/SOM.26/INF.16",
                "title": "Note on the venue",
                "kind": "other",
                "status": "final",
                "version": document.version,
                "file": SimpleUploadedFile("Venue.docx", replaced),
            },
        )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.file_hash == hashlib.sha256(replaced).hexdigest()

    # The page reads no file: with the file gone from the storage, it still finds the
    # conversion by the hash kept with the document.
    document.file.storage.delete(document.file.name)
    page = client.get(reverse("meetings:detail", kwargs={"number": 26})).content.decode()
    assert "PDF for the meeting pack: Ready 1 page" in text_of(page)
