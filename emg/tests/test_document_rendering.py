"""Meeting documents as HTML and PDF: each kind renders in the UN layout, the PDF reads back with
its text, page numbers and embedded fonts, Arabic and Chinese come out as typed, and nothing a
user types makes WeasyPrint fetch anything."""

import io
import itertools
import logging

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from pypdf import PdfReader

from emg import pdf
from emg.documents import document_html
from emg.models import Document, RenderedPart
from emg.packs.build import document_part
from mandates.models import Decision
from progress.models import Update

ARABIC = "برنامج الأمم المتحدة للبيئة"
CHINESE = "联合国环境规划署"
READERS = ("secretariat", "senior_official", "focal_point", "other_focal_point")


def document_of(source, *, kind, symbol, title="A document", meeting=None):
    return Document.objects.create(
        symbol=symbol,
        title=title,
        kind=kind,
        meeting=meeting,
        author_line="Note by the Chair",
        distribution="General",
        source_type=ContentType.objects.get_for_model(source),
        source_id=source.pk,
    )


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def embedded_fonts(reader: PdfReader) -> set[str]:
    """The names of the fonts whose programs are embedded in the PDF."""
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            for described in [font] + [d.get_object() for d in (descendants or [])]:
                descriptor = described.get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                if any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    names.add(str(descriptor["/FontName"]))
    return names


def pdf_of(document: Document) -> bytes:
    """The document's PDF as /documents/<pk>/pdf/ serves it: printed, or kept from before."""
    with document_part(document).file.open("rb") as handle:
        return handle.read()


@pytest.fixture
def documents(world):
    """One document of each kind that has a source in the workspace."""
    Update.objects.filter(pk=world.update.pk).update(state=Update.State.ACCEPTED)
    return {
        "terms_of_reference": document_of(
            world.tor, kind=Document.Kind.TERMS_OF_REFERENCE, symbol="EMG/SOM.26/05"
        ),
        "action_points": document_of(
            world.meeting,
            kind=Document.Kind.ACTION_POINTS,
            symbol="EMG/SOM.26/06",
            meeting=world.meeting,
        ),
        "work_plan": document_of(
            world.work_plan, kind=Document.Kind.WORK_PLAN, symbol="EMG/SOM.26/07"
        ),
        "progress_report": document_of(
            world.round, kind=Document.Kind.PROGRESS_REPORT, symbol="EMG/SOM.26/08"
        ),
        "agenda": document_of(
            world.meeting, kind=Document.Kind.AGENDA, symbol="EMG/SOM.26/01", meeting=world.meeting
        ),
    }


def texts_of(kind, world) -> list[str]:
    return {
        "terms_of_reference": [world.clause.text, world.footnote.text],
        "action_points": [world.section.title, world.decision.text, "The Senior Officials:"],
        "work_plan": [world.outcome.heading, world.activity.title, world.milestone.text],
        "progress_report": [world.task.text, "The drafting group met.", "Share the draft"],
        "agenda": [
            world.agenda_item.title,
            f"{world.document.symbol} — {world.document.title}",
            f"{world.upload.symbol} — {world.upload.title}",
        ],
    }[kind]


KINDS = ("terms_of_reference", "action_points", "work_plan", "progress_report", "agenda")


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_previews_for_every_reader_in_the_un_layout(kind, documents, world, client):
    document = documents[kind]
    for role in READERS:
        client.force_login(world.people[role])
        response = client.get(reverse("documents:preview", kwargs={"pk": document.pk}))

        assert response.status_code == 200
        html = response.content.decode()
        assert "css/un-document.css" in html
        assert document.symbol in html
        for text in texts_of(kind, world):
            assert text in html


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_prints_to_a_pdf_with_its_text_page_numbers_and_embedded_fonts(
    kind, documents, world
):
    document = documents[kind]

    data = pdf_of(document)

    assert data.startswith(b"%PDF")
    reader, text = pdf_text(data)
    pages = len(reader.pages)
    assert pages > 0
    assert f"Page 1 of {pages}" in text
    assert document.symbol in text
    assert "Note by the Chair" in text
    for expected in texts_of(kind, world):
        assert " ".join(expected.split()) in text
    assert any("Noto" in name for name in embedded_fonts(reader))
    assert reader.metadata.title == f"{document.symbol} {document.title}"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_the_pdf_view_downloads_the_document(documents, world, client):
    client.force_login(world.people["senior_official"])

    response = client.get(
        reverse("documents:pdf", kwargs={"pk": documents["terms_of_reference"].pk})
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="emg-som-26-05.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("kind", KINDS)
def test_a_document_page_shows_an_edit_at_once(kind, documents, world, client):
    client.force_login(world.people["secretariat"])
    url = reverse("documents:preview", kwargs={"pk": documents[kind].pk})
    client.get(url)

    Document.objects.filter(pk=documents[kind].pk).update(title="A title changed since")
    shown, field = {
        "terms_of_reference": (world.clause, "text"),
        "action_points": (world.decision, "text"),
        "work_plan": (world.activity, "title"),
        "progress_report": (world.task, "text"),
        "agenda": (world.agenda_item, "title"),
    }[kind]
    type(shown).objects.filter(pk=shown.pk).update(**{field: "A text changed since"})
    html = client.get(url).content.decode()

    assert "A title changed since" in html
    assert "A text changed since" in html


def test_a_document_page_is_the_same_for_the_same_content_and_shows_an_edit(documents, world):
    # The PDF kept for a page, and a pack's staleness, are keyed on a hash of this HTML.
    document = Document.objects.select_related("meeting", "agenda_item", "source_type").get(
        pk=documents["action_points"].pk
    )
    first = document_html(document)
    again = document_html(document)
    Decision.objects.filter(pk=world.decision.pk).update(text="Agreed to meet again in May")
    edited = document_html(document)

    assert again == first
    assert edited != first and "Agreed to meet again in May" in edited


def test_the_pdf_is_printed_once_and_then_served_from_the_kept_part(
    documents, world, client, renders
):
    client.force_login(world.people["senior_official"])
    url = reverse("documents:pdf", kwargs={"pk": documents["action_points"].pk})

    first = client.get(url)
    again = client.get(url)

    assert len(renders) == 1
    assert again.content == first.content
    assert again["Content-Type"] == "application/pdf"
    assert again["Content-Disposition"] == first["Content-Disposition"]
    assert RenderedPart.objects.count() == 1


def test_an_edit_prints_the_pdf_anew_with_the_change(documents, world, client, renders):
    client.force_login(world.people["senior_official"])
    url = reverse("documents:pdf", kwargs={"pk": documents["action_points"].pk})
    client.get(url)

    Decision.objects.filter(pk=world.decision.pk).update(text="Agreed to meet again in May")
    response = client.get(url)

    assert len(renders) == 2
    _, text = pdf_text(response.content)
    assert "Agreed to meet again in May" in text


def test_a_kept_part_whose_file_is_gone_is_printed_again(documents, world, client, renders):
    client.force_login(world.people["senior_official"])
    url = reverse("documents:pdf", kwargs={"pk": documents["action_points"].pk})
    client.get(url)
    part = RenderedPart.objects.get()
    part.file.storage.delete(part.file.name)

    response = client.get(url)

    assert len(renders) == 2
    assert response.content.startswith(b"%PDF")


def test_a_long_table_repeats_its_header_on_every_page(documents, world):
    from workplans.models import Activity

    for order in range(2, 60):
        Activity.objects.create(
            outcome=world.outcome, order=order, title=f"Activity number {order} of the plan"
        )

    reader, _ = pdf_text(pdf_of(documents["work_plan"]))

    # The table's pages: those before the plan's Gantt chart, which follows it.
    texts = [page.extract_text() for page in reader.pages]
    table_pages = list(itertools.takewhile(lambda t: "Schedule of activities" not in t, texts))
    assert len(table_pages) > 1
    for text in table_pages:
        assert "Activities and milestones" in text


def test_arabic_and_chinese_titles_come_out_as_typed_arabic_right_to_left(documents):
    document = documents["action_points"]
    document.title = f"{ARABIC} {CHINESE}"
    document.save()
    arabic_only = documents["work_plan"]
    arabic_only.title = ARABIC
    arabic_only.save()

    _, text = pdf_text(pdf_of(document))

    assert ARABIC.split()[0] in text or ARABIC[::-1].split()[0] in text
    assert CHINESE in text
    assert 'dir="rtl"' in document_html(arabic_only)
    fonts = embedded_fonts(PdfReader(io.BytesIO(pdf_of(document))))
    assert any("Naskh" in name for name in fonts)
    assert any("CJK" in name for name in fonts)


# Safety: what users type never makes the renderer fetch anything, and markup stays text.

HOSTILE_URLS = (
    "file:///etc/passwd",
    "http://169.254.169.254/latest/meta-data/",
    "http://127.0.0.1:6379/",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "https://emg-document.invalid/static/../../../../etc/passwd",
    "https://example.org/redirect?to=file:///etc/passwd",
)


def hostile(url: str) -> str:
    return (
        f'<img src="{url}"><link rel="stylesheet" href="{url}">'
        f'<a href="{url}">attachment</a><script>alert(1)</script>'
        f"<style>@import url({url});</style>"
    )


def hostile_css(url: str) -> str:
    """More ways to name a URL, for the fields long enough to hold them."""
    return (
        f"<style>@font-face {{ font-family: x; src: url({url}) }}</style>"
        f'<p style="background: url({url})">styled</p><object data="{url}"></object>'
    )


@pytest.fixture
def fetches(monkeypatch):
    """Every URL WeasyPrint asks for, and whether the project's fetcher served it."""
    seen = []
    fetch = pdf.StaticFilesOnly.fetch

    def recording(self, url, headers=None):
        try:
            response = fetch(self, url, headers)
        except Exception:
            seen.append((url, "refused"))
            raise
        seen.append((url, "served"))
        return response

    monkeypatch.setattr(pdf.StaticFilesOnly, "fetch", recording)
    return seen


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_urls_typed_into_any_field_are_never_fetched_and_markup_stays_text(
    url, documents, world, fetches
):
    for kind in KINDS:
        document = documents[kind]
        document.title = hostile(url)
        document.save()
    typed = hostile(url) + hostile_css(url)
    for thing, field, value in [
        (world.decision, "text", typed),
        (world.clause, "text", typed),
        (world.task, "text", typed),
        (world.activity, "title", hostile(url)),
        (world.agenda_item, "title", hostile(url)),
        (world.milestone, "text", typed),
        (world.footnote, "text", typed),
        (world.update, "next_steps", typed),
    ]:
        setattr(thing, field, value)
        thing.save()

    for kind in KINDS:
        document = documents[kind]
        html = document_html(document)
        assert "<img" not in html
        assert "<script" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

        _, text = pdf_text(pdf_of(document))
        assert "<script>alert(1)</script>" in text.replace(" ", "")
        assert "root:x:0:0" not in text

    served = [u for u, outcome in fetches if outcome == "served"]
    assert served
    assert all(u.endswith("/static/css/un-document.css") for u in served)


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_the_fetcher_refuses_everything_but_the_projects_static_files(url, fetches):
    fetcher = pdf.StaticFilesOnly()

    with pytest.raises(pdf.RefusedURL):
        fetcher.fetch(url)
    assert fetcher.fetch(pdf.BASE_URL + "static/css/un-document.css").read().startswith(b"/*")


def test_markup_that_reached_the_renderer_still_fetches_nothing(fetches, caplog):
    """The second wall: even HTML the templates did not escape loads nothing but static files."""
    html = "".join(hostile(u) + hostile_css(u) for u in HOSTILE_URLS) + "<p>Still rendered</p>"

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        data = pdf.html_to_pdf(html)

    _, text = pdf_text(data)
    assert "Still rendered" in text
    assert "root:x:0:0" not in text
    assert fetches
    assert all(outcome == "refused" for _, outcome in fetches)
    assert "169.254.169.254" in caplog.text


def test_the_meeting_page_links_a_documents_preview_and_pdf(documents, world, client):
    document = documents["action_points"]
    client.force_login(world.people["senior_official"])

    html = client.get(reverse("meetings:detail", kwargs={"number": world.meeting.number}))

    assert reverse("documents:preview", kwargs={"pk": document.pk}) in html.content.decode()
    assert reverse("documents:pdf", kwargs={"pk": document.pk}) in html.content.decode()


def test_arabic_decisions_and_clauses_are_set_right_to_left(documents, world):
    world.decision.text = ARABIC
    world.decision.save()
    world.clause.kind = world.clause.Kind.PARAGRAPH
    world.clause.text = f"{ARABIC} (UNEP)"
    world.clause.save()

    assert f'dir="rtl">{ARABIC}<' in document_html(documents["action_points"])
    assert 'dir="rtl">' in document_html(documents["terms_of_reference"])
    assert 'dir="ltr">See' not in document_html(documents["terms_of_reference"])
    _, text = pdf_text(pdf_of(documents["action_points"]))
    assert any(word in text for word in ARABIC.split() + ARABIC[::-1].split())


def test_text_direction_follows_the_first_strong_character():
    from emg.templatetags.un_documents import text_direction

    assert text_direction(ARABIC) == "rtl"
    assert text_direction(f"1. {ARABIC} UNEP") == "rtl"
    assert text_direction(f"UNEP {ARABIC}") == "ltr"
    assert text_direction(CHINESE) == "ltr"
    assert text_direction("") == "ltr"


def test_a_tor_footnote_prints_at_the_foot_of_the_page_after_its_mark(documents, world):
    world.clause.kind = world.clause.Kind.PARAGRAPH
    world.clause.text = "Background of the group, and more."
    world.clause.save()

    html = document_html(documents["terms_of_reference"])
    _, text = pdf_text(pdf_of(documents["terms_of_reference"]))

    assert 'Background<span class="un-footnote">See EMG/SOM.15/02.</span>' in html
    assert "Background1 of the group, and more." in text
    assert text.count("See EMG/SOM.15/02.") == 1
    assert text.index("and more.") < text.index("See EMG/SOM.15/02.") < text.index("Page 1 of 1")
