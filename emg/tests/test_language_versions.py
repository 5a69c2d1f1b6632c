"""Language versions under one symbol (UN practice): a document's versions in any of the six
languages, its original marked; uploaded on the meeting's page; a pack per language, each
document in its version in that language or else in its original, which the contents say; the
pack page offers each language."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from emg.models import Document, DocumentVersion, MeetingPack
from emg.tests.form_pages import field_errors, messages_of
from emg.tests.packs import build, outline_of, reader_of, som_with_every_kind, text_of_pdf
from emg.tests.test_word_files import in_order, word_bytes

pytestmark = pytest.mark.django_db

ENGLISH_NOTE = "The venue is the Palais des Nations in Geneva"
FRENCH_NOTE = "Le lieu de la réunion est le Palais des Nations à Genève"
ENGLISH_PLAN = "Logistics for the delegations arriving on Monday"
FRENCH_PLAN = "Logistique pour les délégations arrivant lundi"


def version_add_url(document):
    return reverse(
        "meetings:document_version_add",
        kwargs={"number": document.meeting.number, "pk": document.pk},
    )


def add_version(client, document, language, name, content):
    return client.post(
        version_add_url(document),
        {"language": language, "file": SimpleUploadedFile(name, content)},
    )


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def word_document(meeting, symbol, title, text, order=1) -> Document:
    from emg.tests.factories import uploaded_document

    return uploaded_document(
        f"{symbol.replace('/', '-')}.docx",
        word_bytes([text]),
        symbol=symbol,
        title=title,
        kind=Document.Kind.OTHER,
        meeting=meeting,
        agenda_item=meeting.agenda_items.get(order=order),
    )


# Uploads


def test_the_secretariat_uploads_a_version_in_another_language_and_everyone_downloads_it(
    world, client_as, secretariat, senior_official, capture
):
    document = word_document(world.meeting, "EMG/SOM.26/INF.7", "Venue", ENGLISH_NOTE)
    client = client_as(secretariat)

    french = word_bytes([FRENCH_NOTE])
    with capture(execute=True):
        response = add_version(client, document, "fr", "lieu.docx", french)

    assert response.status_code == 302
    version = document.versions.get()
    assert (version.language, version.file.name.endswith("-fr.docx")) == ("fr", True)
    page = (
        client_as(senior_official)
        .get(reverse("meetings:detail", kwargs={"number": 26}))
        .content.decode()
    )
    url = reverse(
        "meetings:document_version_download",
        kwargs={"number": 26, "pk": document.pk, "version": version.pk},
    )
    assert f'href="{url}"' in page and "Original:" in page
    assert version_add_url(document) not in page  # a senior official adds nothing
    download = client_as(senior_official).get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith('-fr.docx"')
    assert b"".join(download.streaming_content) == french


def test_a_second_upload_in_a_language_replaces_the_first(world, client_as, secretariat, capture):
    document = word_document(world.meeting, "EMG/SOM.26/INF.7", "Venue", ENGLISH_NOTE)
    client = client_as(secretariat)
    with capture(execute=True):
        add_version(client, document, "fr", "lieu.docx", word_bytes(["Premier jet"]))
    first = document.versions.get().file.name
    french = word_bytes([FRENCH_NOTE])
    with capture(execute=True):
        assert add_version(client, document, "fr", "lieu.docx", french).status_code == 302

    version = document.versions.get()
    assert version.file.read() == french
    assert not version.file.storage.exists(first) or version.file.name == first


def test_the_original_language_and_files_that_are_not_documents_are_refused_by_the_field(
    world, client_as, secretariat
):
    document = word_document(world.meeting, "EMG/SOM.26/INF.7", "Venue", ENGLISH_NOTE)
    client = client_as(secretariat)

    original = add_version(client, document, "en", "again.docx", word_bytes([ENGLISH_NOTE]))
    picture = add_version(client, document, "fr", "lieu.docx", b"\x89PNG\r\n\x1a\n not a document")
    unknown = add_version(client, document, "de", "ort.docx", word_bytes(["Der Ort"]))

    for response, field in ((original, "language"), (picture, "file"), (unknown, "language")):
        assert response.status_code == 200
        assert field_errors(response.content.decode(), field)
    assert not DocumentVersion.objects.exists()


def test_only_the_secretariat_adds_and_deletes_versions(
    world, client_as, secretariat, senior_official, focal_point, capture
):
    document = word_document(world.meeting, "EMG/SOM.26/INF.7", "Venue", ENGLISH_NOTE)
    with capture(execute=True):
        add_version(client_as(secretariat), document, "es", "sede.docx", word_bytes(["La sede"]))
    version = document.versions.get()
    delete_url = reverse(
        "meetings:document_version_delete",
        kwargs={"number": 26, "pk": document.pk, "version": version.pk},
    )
    for user in (senior_official, focal_point):
        client = client_as(user)
        assert client.get(version_add_url(document)).status_code == 403
        assert (
            add_version(client, document, "fr", "lieu.docx", word_bytes(["x"])).status_code == 403
        )
        assert client.post(delete_url).status_code == 403
    assert document.versions.count() == 1

    with capture(execute=True):
        response = client_as(secretariat).post(delete_url, follow=True)
    assert "the Spanish version is deleted" in " ".join(messages_of(response))
    assert not document.versions.exists()
    assert not version.file.storage.exists(version.file.name)
    assert client_as(secretariat).post(delete_url).status_code == 404


# Packs per language


def test_an_english_and_a_french_pack_hold_each_documents_text_in_their_language(
    world, client_as, secretariat, capture
):
    som_with_every_kind(world)
    meeting = world.meeting
    note = word_document(meeting, "EMG/SOM.26/INF.7", "Venue", ENGLISH_NOTE)
    plan = word_document(meeting, "EMG/SOM.26/INF.8", "Logistics", ENGLISH_PLAN, order=2)
    client = client_as(secretariat)
    with capture(execute=True):
        add_version(client, note, "fr", "lieu.docx", word_bytes([FRENCH_NOTE]))
        add_version(client, plan, "fr", "logistique.docx", word_bytes([FRENCH_PLAN]))

    english = build(meeting)
    french = MeetingPack.objects.create(meeting=meeting, language="fr")
    from emg.packs.build import pack_build

    french = pack_build(french.pk)

    assert english.status == french.status == MeetingPack.Status.READY
    assert english.content_hash != french.content_hash
    english_text = text_of_pdf(reader_of(english))
    french_reader = reader_of(french)
    french_text = text_of_pdf(french_reader)
    assert in_order(english_text, ENGLISH_NOTE, ENGLISH_PLAN)
    assert FRENCH_NOTE not in english_text and FRENCH_PLAN not in english_text
    assert in_order(french_text, FRENCH_NOTE, FRENCH_PLAN)
    assert ENGLISH_NOTE not in french_text and ENGLISH_PLAN not in french_text
    assert french_reader.metadata is not None
    assert french_reader.trailer["/Root"]["/Lang"] == "fr"

    # The documents with no French version are there in their original, which the contents say.
    outline = outline_of(french_reader)
    contents_page = next(page for _d, name, page in outline if name == "Contents")
    contents = " ".join(
        text_of_pdf(french_reader, [page - 1])
        for page in range(contents_page, contents_page + 2)
        if page <= len(french_reader.pages)
    )
    entries = dict(re.findall(r"(EMG/SOM\.26/[\w.]+)(.*?)(?=EMG/SOM\.26/|$)", contents))
    for symbol in ("EMG/SOM.26/04", "EMG/SOM.26/05", "EMG/SOM.26/06"):
        assert "the original, in English" in entries[symbol], (symbol, entries[symbol])
    for symbol in ("EMG/SOM.26/INF.7", "EMG/SOM.26/INF.8"):
        assert "the original" not in entries[symbol]
    assert "the original, in English" not in text_of_pdf(reader_of(english), [contents_page - 1])


def test_the_pack_page_offers_each_language_and_prepares_the_one_shown(
    world, client_as, secretariat, capture
):
    client = client_as(secretariat)
    url = reverse("packs:list", kwargs={"number": 26})
    page = client.get(url).content.decode()
    tabs = re.findall(r'<a class="nav-link[^"]*" href="([^"]*)" lang="(\w\w)"', page)
    assert [code for _href, code in tabs] == ["ar", "zh", "en", "fr", "ru", "es"]
    assert client.get(url + "?language=de").status_code == 400
    assert client.get(url + "?language=").status_code == 200

    french = client.get(url + "?language=fr").content.decode()
    assert 'name="language" value="fr"' in french
    with capture(execute=True):
        response = client.post(reverse("packs:prepare", kwargs={"number": 26}), {"language": "fr"})
    assert response.status_code == 302 and response.url == url + "?language=fr"
    pack = MeetingPack.objects.get()
    assert pack.language == "fr" and pack.status == MeetingPack.Status.READY
    download = reverse("packs:download", kwargs={"number": 26, "pk": pack.pk})
    assert download in client.get(url + "?language=fr").content.decode()
    assert download not in client.get(url).content.decode()
    assert (
        client.post(reverse("packs:prepare", kwargs={"number": 26}), {"language": "xx"}).status_code
        == 400
    )
