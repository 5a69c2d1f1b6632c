""" "Page x of y" at the foot of a printed document's pages, in the document's language: in its
PDF, its Word file and a pack's contents; the browser preview carries the words without inline
style, which the Content Security Policy forbids."""

import gettext
import io
import re

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from docx import Document as read_docx
from pypdf import PdfReader

from emg import pdf
from emg.documents import document_html
from emg.docx import document_docx
from emg.models import AgendaItem, Document, Language, MeetingPack
from emg.packs.build import pack_build
from emg.templatetags.un_documents import page_words
from emg.tests.packs import outline_of, reader_of

pytestmark = pytest.mark.django_db

# Enough agenda items for the agenda to take more than one page.
ITEMS = 60

FEET = {
    Language.ENGLISH: "Page {page} of {pages}",
    Language.FRENCH: "Page {page} sur {pages}",
    Language.SPANISH: "Página {page} de {pages}",
}


def agenda_in(meeting, language: str) -> Document:
    for order in range(2, ITEMS + 2):  # the world has item 1
        AgendaItem.objects.create(meeting=meeting, order=order, title=f"Item number {order}")
    return Document.objects.create(
        symbol="EMG/SOM.26/1",
        title="Provisional agenda",
        kind=Document.Kind.AGENDA,
        meeting=meeting,
        language=language,
        source_type=ContentType.objects.get_for_model(meeting),
        source_id=meeting.pk,
    )


def foot_of(page) -> str:
    """The page's last line of text: its foot."""
    return page.extract_text().strip().splitlines()[-1].strip()


@pytest.mark.parametrize("language", list(FEET))
def test_every_page_of_the_pdf_is_numbered_in_the_documents_language(world, language):
    document = agenda_in(world.meeting, language)

    reader = PdfReader(io.BytesIO(pdf.html_to_pdf(document_html(document))))

    pages = len(reader.pages)
    assert pages > 1
    for number, page in enumerate(reader.pages, start=1):
        assert foot_of(page) == FEET[language].format(page=number, pages=pages)


def test_the_head_names_the_documents_language_for_the_pdf(world):
    html = document_html(agenda_in(world.meeting, Language.FRENCH))

    assert '<html lang="fr"' in html


def test_the_word_files_foot_is_in_the_documents_language(world):
    document = agenda_in(world.meeting, Language.FRENCH)

    word = read_docx(io.BytesIO(document_docx(document).bytes()))

    footer = word.sections[0].footer.paragraphs[0].text
    assert re.fullmatch(r"Page \d+ sur \d+", footer), footer
    assert word.core_properties.language == "fr"


def test_a_french_packs_contents_are_numbered_in_french(world):
    pack = MeetingPack.objects.create(meeting=world.meeting, language=Language.FRENCH)

    pack = pack_build(pack.pk)

    reader = reader_of(pack)
    contents = next(number for _depth, title, number in outline_of(reader) if title == "Contents")
    # The document's own "Page 1 sur 1", then the pack's page number drawn on after it.
    lines = reader.pages[contents - 1].extract_text().strip().splitlines()
    assert [line.strip() for line in lines[-2:]] == ["Page 1 sur 1", str(contents)]


def test_the_preview_carries_the_words_without_inline_style(client_as, senior_official, world):
    document = agenda_in(world.meeting, Language.SPANISH)

    response = client_as(senior_official).get(
        reverse("documents:preview", kwargs={"pk": document.pk})
    )

    page = response.content.decode()
    assert 'data-before="Página " data-between=" de " data-after=""' in page
    assert "<style" not in page and " style=" not in page
    assert "style-src 'self'" in response["Content-Security-Policy"]


def test_a_language_without_translation_keeps_the_english_words(world):
    with translation.override("ru"):
        words = page_words()

    assert words == {"before": "Page ", "between": " of ", "after": ""}


def test_the_compiled_catalogs_say_what_their_po_files_say():
    found = sorted((settings.BASE_DIR / "locale").glob("*/LC_MESSAGES/django.po"))

    assert {po.parts[-3] for po in found} >= {"fr", "es"}
    for po in found:
        pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', po.read_text(), re.MULTILINE)
        assert pairs, po
        with open(po.with_suffix(".mo"), "rb") as compiled:
            catalog = gettext.GNUTranslations(compiled)
        for msgid, msgstr in pairs:
            assert catalog.gettext(msgid) == msgstr, (po, msgid)
