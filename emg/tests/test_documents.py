"""A meeting's documents: adding and editing them with an uploaded PDF or Word file (checked by
its content, limited in size, kept outside the web root), downloading the file, and revision
chains (a later /Rev.1 supersedes the original)."""

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from emg import services
from emg.models import Document
from emg.storage import private_storage
from emg.tests.form_pages import field_errors, text_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def docx_bytes(text="Provisional agenda") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def add_url(number=26):
    return reverse("meetings:document_add", kwargs={"number": number})


def document_form(**values):
    return {"title": "Provisional agenda", "kind": "agenda", "status": "draft", **values}


def upload(client, name, content, content_type="application/octet-stream", **values):
    return client.post(
        add_url(),
        document_form(file=SimpleUploadedFile(name, content, content_type=content_type), **values),
    )


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


# Uploads that are accepted


def test_a_pdf_is_stored_privately_under_a_name_made_from_the_symbol(
    client_as, world, secretariat, private_files
):
    response = upload(client_as(secretariat), "Agenda FINAL (2).pdf", PDF, symbol="EMG/SOM.26/01")

    document = Document.objects.get(symbol="EMG/SOM.26/01")
    assert response.status_code == 302
    assert response.url.endswith(f"#document-{document.pk}")
    assert document.file.name.startswith(f"documents/{world.meeting.pk}/emg-som-26-01")
    assert document.file.name.endswith(".pdf")
    assert Path(document.file.path).read_bytes() == PDF
    assert Path(document.file.path).is_relative_to(private_files)


def test_a_docx_is_accepted(client_as, world, secretariat):
    content = docx_bytes()

    response = upload(client_as(secretariat), "agenda.docx", content)

    assert response.status_code == 302
    document = Document.objects.get(title="Provisional agenda")
    assert document.file.name.endswith(".docx")
    assert document.file.read() == content


# Uploads that are refused, with a message next to the field and nothing saved


def refused(client, name, content, **values):
    response = upload(client, name, content, **values)
    assert response.status_code == 200
    assert not Document.objects.filter(title="Provisional agenda").exists()
    return field_errors(response.content.decode(), "file")


NOT_PDF_OR_DOCX = (
    "This file is neither a PDF nor a Word document (DOCX, DOC, ODT or RTF), whatever its name "
    "says. Upload the document itself."
)


def test_a_text_file_named_pdf_is_refused(client_as, world, secretariat, private_files):
    files_before = stored_files(private_files)

    errors = refused(client_as(secretariat), "agenda.pdf", b"Provisional agenda\n1. Opening\n")

    assert errors == [NOT_PDF_OR_DOCX]
    assert stored_files(private_files) == files_before


def test_an_html_file_is_refused_whatever_its_name(client_as, world, secretariat):
    page = b"<!doctype html><html><script>alert(1)</script></html>"

    assert refused(client_as(secretariat), "agenda.html", page) == [NOT_PDF_OR_DOCX]
    assert refused(client_as(secretariat), "agenda.pdf", page) == [NOT_PDF_OR_DOCX]


def test_a_zip_that_is_not_a_word_document_is_refused(client_as, world, secretariat):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")

    assert refused(client_as(secretariat), "agenda.docx", buffer.getvalue()) == [NOT_PDF_OR_DOCX]


def test_a_pdf_named_docx_is_refused(client_as, world, secretariat):
    assert refused(client_as(secretariat), "agenda.docx", PDF) == [
        "The file's content is PDF but its name ends in “.docx”. Rename it, or upload the right "
        "file."
    ]


def test_a_file_over_the_size_limit_is_refused(client_as, world, secretariat, settings):
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 1024

    errors = refused(client_as(secretariat), "agenda.pdf", PDF + b"0" * 2048)

    assert [error.replace("\xa0", " ") for error in errors] == [
        "The file is 2.1 KB; files of at most 1.0 KB are accepted."
    ]


def test_the_upload_limit_is_20_mb_unless_configured():
    assert settings.DOCUMENT_UPLOAD_MAX_BYTES == 20 * 1024 * 1024


# Where files are kept, and who gets them


def test_uploaded_files_are_kept_outside_the_web_root():
    location = Path(private_storage().location)

    assert location == Path(settings.VAR_DIR) / "private"
    for served in (settings.STATIC_ROOT, settings.MEDIA_ROOT, *settings.STATICFILES_DIRS):
        assert not location.is_relative_to(served)


def test_an_uploaded_file_is_not_served_at_any_address_but_the_download(
    client_as, world, senior_official
):
    client = client_as(senior_official)
    name = world.upload.file.name

    for address in (f"/{name}", f"/{settings.STATIC_URL}{name}", f"/media/{name}"):
        assert client.get(address).status_code == 404


@pytest.mark.parametrize("reader", ["senior_official", "focal_point", "other_focal_point"])
def test_a_signed_in_reader_downloads_the_file_as_an_attachment(client_as, world, reader):
    url = reverse("meetings:document_download", kwargs={"number": 26, "pk": world.upload.pk})

    response = client_as(world.people[reader]).get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="emg-som-26-crp-1.pdf"'
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n%%EOF\n"


def test_anonymous_and_people_without_a_role_do_not_get_the_file(
    client_as, world, django_user_model
):
    url = reverse("meetings:document_download", kwargs={"number": 26, "pk": world.upload.pk})

    response = client_as(None).get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    newcomer = django_user_model.objects.create_user("nora", role="")
    assert client_as(newcomer).get(url).status_code == 403


def test_a_document_without_a_file_has_no_download(client_as, world, senior_official):
    url = reverse("meetings:document_download", kwargs={"number": 26, "pk": world.document.pk})
    client = client_as(senior_official)

    assert client.get(url).status_code == 404
    page = client.get(reverse("meetings:detail", kwargs={"number": 26})).content.decode()
    assert url not in page
    assert (
        reverse("meetings:document_download", kwargs={"number": 26, "pk": world.upload.pk}) in page
    )


def test_replacing_the_file_removes_the_old_one_and_deleting_the_document_removes_its_file(
    client_as, world, secretariat, django_capture_on_commit_callbacks
):
    client = client_as(secretariat)
    old_path = Path(world.upload.file.path)
    url = reverse("meetings:document_edit", kwargs={"number": 26, "pk": world.upload.pk})
    data = {
        "symbol": world.upload.symbol,
        "title": world.upload.title,
        "kind": "other",
        "status": "final",
        "version": world.upload.version,
        "file": SimpleUploadedFile("participants.docx", docx_bytes("Participants")),
    }

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302

    world.upload.refresh_from_db()
    new_path = Path(world.upload.file.path)
    assert new_path.suffix == ".docx" and new_path.exists()
    assert not old_path.exists()
    delete = reverse("meetings:document_delete", kwargs={"number": 26, "pk": world.upload.pk})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(delete).status_code == 302
    assert not new_path.exists()
    assert not Document.objects.filter(pk=world.upload.pk).exists()


def test_a_file_whose_row_fails_to_save_is_removed_again(world, private_files, monkeypatch):
    document = Document(title="Agenda", kind="agenda", meeting=world.meeting)
    document.file = SimpleUploadedFile("agenda.pdf", PDF)

    def refuse(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Document, "save_base", refuse)
    with pytest.raises(RuntimeError):
        services.document_save(document=document)

    assert not [p for p in stored_files(private_files) if "agenda" in p.name]


# Symbols and revision chains


def test_a_symbol_taken_already_is_refused_next_to_the_field(client_as, world, secretariat):
    response = client_as(secretariat).post(add_url(), document_form(symbol="emg/som.26/03"))

    assert field_errors(response.content.decode(), "symbol") == [
        "Another document already has this symbol: Summary of Action Points (SOM 26)."
    ]
    assert Document.objects.count() == 2


def test_a_revision_shows_what_it_supersedes_and_the_original_what_superseded_it(
    client_as, secretariat, senior_official
):
    from django.core.management import call_command

    call_command(
        "import_documents", settings.BASE_DIR / "sample_data" / "work-plan-2014-2015-rev1.txt"
    )
    revision = Document.objects.get(symbol="EMG/SOM.19/03/Rev.1")
    client = client_as(secretariat)
    client.post(
        add_url(19),
        document_form(symbol="EMG/SOM.19/03", title="Proposed work plan 2014 - 2015"),
    )
    original = Document.objects.get(symbol="EMG/SOM.19/03")
    edit = reverse("meetings:document_edit", kwargs={"number": 19, "pk": revision.pk})
    response = client.post(
        edit,
        {
            "symbol": revision.symbol,
            "title": revision.title,
            "kind": "work_plan",
            "date": "2013-09-12",
            "distribution": "EMG members",
            "author_line": "Note by the Chair",
            "status": "final",
            "supersedes": original.pk,
            "version": revision.version,
        },
    )
    assert response.status_code == 302

    page = client_as(senior_official).get(reverse("meetings:detail", kwargs={"number": 19}))
    text = text_of(page.content.decode())
    assert "EMG/SOM.19/03/Rev.1 — Proposed work plan 2014 - 2015 Final" in text
    assert "Supersedes EMG/SOM.19/03" in text
    assert "EMG/SOM.19/03 — Proposed work plan 2014 - 2015 Draft superseded" in text
    assert "Superseded by EMG/SOM.19/03/Rev.1" in text
    assert f'href="/meetings/19/#document-{original.pk}"' in page.content.decode()


def test_a_document_cannot_supersede_its_own_revision_or_an_already_superseded_one(
    client_as, world, secretariat
):
    client = client_as(secretariat)
    revision = Document.objects.create(
        symbol="EMG/SOM.26/03/Rev.1",
        title="Summary of Action Points",
        kind="action_points",
        meeting=world.meeting,
        supersedes=world.document,
    )
    url = reverse("meetings:document_edit", kwargs={"number": 26, "pk": world.document.pk})
    data = {
        "symbol": world.document.symbol,
        "title": world.document.title,
        "kind": "action_points",
        "status": "draft",
        "supersedes": revision.pk,
        "version": world.document.version,
    }

    response = client.post(url, data)
    assert field_errors(response.content.decode(), "supersedes") == [
        "EMG/SOM.26/03/Rev.1 Summary of Action Points is a later version of this one; it cannot "
        "be superseded by it."
    ]

    response = client.post(add_url(), document_form(supersedes=world.document.pk))
    assert field_errors(response.content.decode(), "supersedes") == [
        "EMG/SOM.26/03 Summary of Action Points is already superseded by EMG/SOM.26/03/Rev.1 "
        "Summary of Action Points."
    ]


def test_deleting_an_original_leaves_its_revision_superseding_nothing(
    client_as, world, secretariat
):
    revision = Document.objects.create(
        title="Revised", kind="other", meeting=world.meeting, supersedes=world.document
    )
    url = reverse("meetings:document_delete", kwargs={"number": 26, "pk": world.document.pk})

    client_as(secretariat).post(url)

    revision.refresh_from_db()
    assert revision.supersedes is None
    assert revision.history.first().supersedes_id is None


def test_an_edit_over_someone_elses_change_keeps_what_was_typed(client_as, world, secretariat):
    opened = world.document.version
    Document.objects.filter(pk=world.document.pk).update(
        title="Summary of Action Points (corrected)", version=opened + 1
    )
    url = reverse("meetings:document_edit", kwargs={"number": 26, "pk": world.document.pk})

    response = client_as(secretariat).post(
        url,
        document_form(
            symbol="EMG/SOM.26/03", title="My title", kind="action_points", version=opened
        ),
    )

    page = response.content.decode()
    assert "after you opened this form" in page
    assert response.status_code == 409
    assert "<dd>Summary of Action Points (corrected)</dd>" in page
    assert re.search(r'name="title"[^>]*value="My title"|value="My title"[^>]*name="title"', page)
    world.document.refresh_from_db()
    assert world.document.title == "Summary of Action Points (corrected)"
