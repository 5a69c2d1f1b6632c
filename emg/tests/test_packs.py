"""Meeting packs printed: the PDF read back (every document's text, page count, bookmarks,
contents numbers, metadata, fonts, Arabic and Chinese), uploaded PDFs merged in place, and
builds that are incremental and idempotent."""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from emg import pdf
from emg.models import AgendaItem, Document, Meeting, MeetingPack, RenderedPart
from emg.packs.build import meeting_pack_html, pack_build
from emg.packs.numbers import numbers_html
from emg.packs.plan import HTML_PART, PDF_PART, pack_plan, sha256_of
from emg.tests.packs import UPLOADED_PAGES, build, outline_of, reader_of, source_of, text_of_pdf
from emg.tests.test_document_rendering import ARABIC, CHINESE, embedded_fonts
from mandates.models import Clause, Decision, Footnote, TermsOfReference

pytestmark = pytest.mark.django_db


# What the pack holds


def test_the_pack_holds_every_documents_text_in_agenda_order(som, world):
    pack = build(som)

    assert pack.status == MeetingPack.Status.READY
    reader = reader_of(pack)
    text = text_of_pdf(reader)
    expected = [
        *Decision.objects.filter(section__meeting=som).values_list("text", flat=True),
        world.activity.title,
        world.milestone.text,
        world.outcome.heading,
        world.task.text,
        "The drafting group met.",
        world.clause.text,
        *(f"Uploaded page {n} of the venue note" for n in range(1, UPLOADED_PAGES + 1)),
        "Provisional agenda",
        "Contents",
        som.ordinal_title,
    ]
    for wanted in expected:
        if wanted == f"{ARABIC} {CHINESE}":
            assert CHINESE in text
        else:
            assert " ".join(wanted.split()) in text, wanted
    symbols = ["EMG/SOM.26/03", "EMG/SOM.26/INF.1", "EMG/SOM.26/04", "EMG/SOM.26/05"]
    first_pages = {title.split(" — ")[0]: page for _d, title, page in outline_of(reader)}
    assert [first_pages[s] for s in symbols] == sorted(first_pages[s] for s in symbols)


def test_the_page_count_is_the_sum_of_the_parts(som):
    pack = build(som)

    plan = pack_plan(som)
    html_hashes = [plan.agenda.content_hash] + [
        e.content_hash for e in plan.entries if e.way == HTML_PART
    ]
    cover = RenderedPart.objects.get(content_hash=sha256_of("html", plan.cover_html))
    documents = RenderedPart.objects.filter(content_hash__in=html_hashes)
    numbers = sha256_of("html", numbers_html(0))  # the pack's page numbers, 1 to 50
    contents = RenderedPart.objects.exclude(
        content_hash__in=[*html_hashes, cover.content_hash, numbers]
    ).get()
    uploaded = sum(e.page_count for e in plan.entries if e.way == PDF_PART)
    assert uploaded == UPLOADED_PAGES
    assert documents.count() == len(html_hashes)
    expected = (
        cover.page_count
        + contents.page_count
        + sum(part.page_count for part in documents)
        + uploaded
    )
    assert pack.page_count == expected == len(reader_of(pack).pages)


def test_one_bookmark_per_agenda_item_with_its_documents_nested(som):
    reader = reader_of(build(som))

    outline = outline_of(reader)
    top = [title for depth, title, _page in outline if depth == 0]
    assert top == [
        "Cover",
        "Provisional agenda",
        "Contents",
        "1. Action points",
        "2. Work plan and progress",
        "3. Any other business",
        "Other documents",
    ]
    nested = {}
    parent = None
    for depth, title, _page in outline:
        if depth == 0:
            parent = title
        else:
            nested.setdefault(parent, []).append(title)
    assert nested["1. Action points"] == [
        "EMG/SOM.26/03 — Summary of Action Points",
        "EMG/SOM.26/INF.1 — Note on the venue",
    ]  # the world's unreadable upload and the DOCX are listed in the contents only
    assert nested["2. Work plan and progress"] == [
        "EMG/SOM.26/04 — Work plan",
        "EMG/SOM.26/05 — Progress report",
        "EMG/SOM.26/06 — Terms of reference",
    ]
    assert nested["Other documents"] == [f"EMG/SOM.26/INF.3 — {ARABIC} {CHINESE}"]
    assert "3. Any other business" not in nested


def test_the_contents_print_the_page_each_bookmark_points_at(som):
    reader = reader_of(build(som))
    outline = outline_of(reader)
    contents_page = next(page for depth, title, page in outline if title == "Contents")
    documents_start = next(page for depth, title, page in outline if title.startswith("1. "))
    contents = text_of_pdf(reader, range(contents_page - 1, documents_start - 1))

    checked = 0
    for depth, title, page in outline:
        if depth != 1 or ARABIC in title:
            continue
        symbol, name = title.split(" — ")
        printed = re.search(re.escape(symbol) + r"\s+" + re.escape(name) + r"\s+(\d+)", contents)
        assert printed, title
        assert int(printed.group(1)) == page
        first_page = text_of_pdf(reader, [page - 1])
        if symbol == "EMG/SOM.26/INF.1":  # the uploaded PDF, as it came
            assert first_page == f"Uploaded page 1 of the venue note {page}"
        else:  # the document's own first page
            assert symbol in first_page and "Page 1 of" in first_page
        checked += 1
    assert checked == 5
    agenda = next(page for depth, title, page in outline if title == "Provisional agenda")
    assert re.search(r"Provisional agenda\s+(\d+)", contents).group(1) == str(agenda)
    assert "Provisional agenda" in text_of_pdf(reader, [agenda - 1])
    # the DOCX that is not one: its conversion failed, the pack did not
    assert "Logistics note Available separately, from the meeting's page: its DOCX file" in contents
    assert "could not be converted to PDF (LibreOffice could not read the file" in contents
    assert "could not be read as a PDF" in contents  # the world's broken upload


def test_the_pack_has_its_metadata_language_and_embedded_fonts_arabic_and_chinese(som):
    reader = reader_of(build(som))

    assert reader.metadata.title == "SOM 26: meeting pack"
    assert som.ordinal_title in reader.metadata.subject
    assert reader.trailer["/Root"]["/Lang"] == "en"
    fonts = embedded_fonts(reader)
    assert any("Noto" in name for name in fonts)
    assert any("Naskh" in name for name in fonts)
    assert any("CJK" in name for name in fonts)
    text = text_of_pdf(reader)
    assert CHINESE in text
    assert ARABIC.split()[0] in text or ARABIC[::-1].split()[0] in text


def test_a_meeting_without_documents_gets_a_cover_agenda_and_contents(db, secretariat):
    meeting = Meeting.objects.create(number=30)
    AgendaItem.objects.create(meeting=meeting, order=1, title="Opening of the meeting")

    pack = build(meeting)

    reader = reader_of(pack)
    outline = outline_of(reader)
    assert [title for _d, title, _p in outline] == [
        "Cover",
        "Provisional agenda",
        "Contents",
        "1. Opening of the meeting",
    ]
    agenda_page = outline[1][2]
    assert outline[3][2] == agenda_page  # an item presenting nothing points at the agenda
    assert "No document is presented under this item." in text_of_pdf(reader)


def test_the_meetings_own_agenda_is_the_packs_and_a_revision_replaces_what_it_supersedes(
    som, world
):
    own_agenda = Document.objects.create(
        symbol="EMG/SOM.26/01",
        title="Provisional agenda of the twenty-sixth meeting",
        kind=Document.Kind.AGENDA,
        meeting=som,
        **source_of(som),
    )
    revision = Document.objects.create(
        symbol="EMG/SOM.26/03/Rev.1",
        title="Summary of Action Points, revised",
        kind=Document.Kind.ACTION_POINTS,
        meeting=som,
        agenda_item=world.agenda_item,
        supersedes=world.document,
        **source_of(som),
    )

    reader = reader_of(build(som))

    titles = [title for _d, title, _p in outline_of(reader)]
    assert f"{revision.symbol} — {revision.title}" in titles
    assert not any(title.startswith("EMG/SOM.26/03 ") for title in titles)
    assert not any(title.startswith(own_agenda.symbol) for title in titles)
    agenda_page = next(p for _d, title, p in outline_of(reader) if title == "Provisional agenda")
    assert own_agenda.symbol in text_of_pdf(reader, [agenda_page - 1])


def test_the_plan_reads_each_kind_of_source_at_once_however_many_documents_of_it(som, world):
    """Whether a pack is stale is asked on every view of the packs page: its plan's queries must
    not grow with the meeting's documents (a ToR's clauses and footnotes are read for all)."""
    with CaptureQueriesContext(connection) as one_tor:
        pack_plan(som)
    for number in range(2, 5):
        tor = TermsOfReference.objects.create(mandate=world.mandate, title=f"Addendum {number}")
        section = Clause.objects.create(tor=tor, order=1, kind=Clause.Kind.SECTION, text="Scope")
        Footnote.objects.create(tor=tor, clause=section, order=1, anchor="Scope", text="Note.")
        Document.objects.create(
            symbol=f"EMG/SOM.26/0{number + 5}",
            title=f"Addendum {number}",
            kind=Document.Kind.TERMS_OF_REFERENCE,
            meeting=som,
            **source_of(tor),
        )

    with CaptureQueriesContext(connection) as four_tors:
        plan = pack_plan(som)

    assert len(four_tors.captured_queries) == len(one_tor.captured_queries)
    addenda = [e.html for e in plan.entries if e.document.title.startswith("Addendum")]
    assert len(addenda) == 3 and all("Scope" in html and "Note." in html for html in addenda)


# Incremental and idempotent


def test_changing_one_document_prints_only_that_document_and_the_cover_again(som, world, renders):
    first = build(som)
    printed_first = len(renders)
    html_documents = [e for e in pack_plan(som).entries if e.way == HTML_PART]
    # the cover, the agenda, the contents, every document with an HTML page, the page numbers
    assert printed_first == 4 + len(html_documents)

    renders.clear()
    world.milestone.text = "Draft the approach and consult the members"
    world.milestone.save()
    second = build(som)

    # the work plan, and the cover, whose version has moved on: nothing else
    assert len(renders) == 2
    assert "Meeting pack" in renders[0] and "Version " in renders[0]
    assert "Draft the approach and consult the members" in renders[1]
    assert "EMG/SOM.26/04" in renders[1]
    assert second.content_hash != first.content_hash
    assert second.file.name != first.file.name
    assert "consult the members" in text_of_pdf(reader_of(second))
    assert "consult the members" not in text_of_pdf(reader_of(first))  # kept as it was


def test_building_again_without_a_change_prints_nothing_and_reuses_the_file(som, renders):
    first = build(som)
    renders.clear()

    second = build(som)
    again = pack_build(second.pk)  # a message delivered twice

    assert renders == []
    assert second.pk != first.pk
    assert second.status == again.status == MeetingPack.Status.READY
    assert second.file.name == first.file.name == again.file.name
    assert second.content_hash == first.content_hash
    assert second.page_count == first.page_count


def test_a_part_whose_file_went_missing_is_printed_again(som, renders):
    build(som)
    part = RenderedPart.objects.order_by("pk").last()
    part.file.storage.delete(part.file.name)
    MeetingPack.objects.all().delete()
    renders.clear()

    pack = build(som)

    assert len(renders) == 1
    assert pack.status == MeetingPack.Status.READY
    assert part.file.storage.exists(part.file.name)


def test_the_one_document_pack_html_holds_every_part_for_weasyprint_alone(som, world):
    html = meeting_pack_html(som)

    assert html.count("<html") == 1
    assert "Provisional agenda" in html and "Contents" in html
    assert world.decision.text in html and world.task.text in html
    assert "target-counter" not in html  # in the stylesheet, not in user text
    assert 'class="un-toc-link" href="#document-' in html
    reader = PdfReader(io.BytesIO(pdf.html_to_pdf(html)))
    assert world.activity.title in text_of_pdf(reader)


# The pack's own page numbers


def foot_numbers(page) -> list[str]:
    """The numbers stamped over ``page``: the pack numbers its pages last, over everything
    else, so its number is the last text drawn on the page."""
    drawn = []
    page.extract_text(visitor_text=lambda text, *_position: drawn.append(text.strip()))
    drawn = [text for text in drawn if text]
    return drawn[-1:] if drawn and drawn[-1].isdigit() else []


def test_every_page_the_contents_cite_bears_that_number_in_its_foot(som):
    reader = reader_of(build(som))
    outline = outline_of(reader)
    contents_page = next(page for depth, title, page in outline if title == "Contents")
    documents_start = next(page for depth, title, page in outline if title.startswith("1. "))
    contents = text_of_pdf(reader, range(contents_page - 1, documents_start - 1))
    contents = re.sub(r"Page \d+ of \d+", "", contents)  # the contents' own page numbering
    # a number standing alone after a title: the page the contents cite
    cited = {int(n) for n in re.findall(r"[a-z)] (\d+)(?= |$)", contents)}

    assert cited == {2, 4, 5, 7, 8, 9}
    for page in sorted(cited):
        assert foot_numbers(reader.pages[page - 1]) == [str(page)], page
    assert foot_numbers(reader.pages[0]) == []  # the cover bears none
    for number, page in enumerate(reader.pages[1:], start=2):  # and every other page its own
        assert foot_numbers(page) == [str(number)]


def test_a_change_to_one_document_prints_no_page_number_again(som, world, renders):
    build(som)
    world.milestone.text = "Draft the approach and consult the members at length"
    world.milestone.save()
    renders.clear()

    pack = build(som)

    assert not any("un-page-numbers" in html for html in renders)
    reader = reader_of(pack)
    assert [foot_numbers(page) for page in reader.pages[1:]] == [
        [str(n)] for n in range(2, len(reader.pages) + 1)
    ]


# The cover and the agenda page


def test_the_cover_names_the_meeting_its_sessions_host_distribution_and_version(som, world):
    Document.objects.filter(pk=world.document.pk).update(date=datetime.date(2020, 10, 14))
    Document.objects.create(
        title="Provisional agenda of SOM 26",
        kind=Document.Kind.AGENDA,
        meeting=som,
        distribution="General",
        **source_of(som),
    )

    cover = text_of_pdf(reader_of(build(som)), [0])

    assert som.ordinal_title in cover
    assert "Senior officials' segment, 28 October 2020, Online" in cover
    assert "Hosted by United Nations Development Programme (UNDP)" in cover
    assert "Distribution: General" in cover
    version = pack_plan(som).cover_html.split("Version ")[1].split()[0]
    assert re.fullmatch(r"[0-9A-F]{8}", version)
    assert f"Version {version} of 14 October 2020" in cover
    assert "Cover ·" not in cover and "Documents in the order of the agenda" not in cover


def test_a_meeting_without_an_agenda_of_its_own_has_its_packs_distributed_to_the_members(som):
    reader = reader_of(build(som))

    cover, agenda = text_of_pdf(reader, [0]), text_of_pdf(reader, [1])
    assert "Distribution: EMG Members" in cover
    assert "Provisional agenda" in agenda and "Distribution: EMG Members" in agenda


def test_a_change_to_a_document_moves_the_packs_version_and_a_rebuild_keeps_it(som, world):
    version = pack_plan(som).cover_html.split("Version ")[1][:8]
    assert pack_plan(som).cover_html.split("Version ")[1][:8] == version

    world.milestone.text = "Draft the approach and consult the members"
    world.milestone.save()

    assert pack_plan(som).cover_html.split("Version ")[1][:8] != version


def test_a_meeting_without_agenda_items_has_no_agenda_page_and_lists_other_documents(
    db, secretariat
):
    meeting = Meeting.objects.create(number=31)
    Document.objects.create(
        symbol="EMG/SOM.31/INF.1",
        title="Note on the venue",
        kind=Document.Kind.OTHER,
        meeting=meeting,
        **source_of(meeting),
    )

    pack = build(meeting)

    reader = reader_of(pack)
    assert [(depth, title) for depth, title, _page in outline_of(reader)] == [
        (0, "Cover"),
        (0, "Contents"),
        (0, "Other documents"),
        (1, "EMG/SOM.31/INF.1 — Note on the venue"),
    ]
    text = text_of_pdf(reader)
    assert "No agenda item has been set yet." not in text
    assert "Provisional agenda" not in text_of_pdf(reader, [1])
    assert "Other documents EMG/SOM.31/INF.1 Note on the venue 3" in text_of_pdf(reader, [1])
    assert pack.page_count == len(reader.pages) == 3


def test_the_pack_embeds_one_program_of_each_truetype_font_for_all_its_parts(som, world):
    reader = reader_of(build(som))

    programs = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for described in [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]:
                descriptor = described.get("/FontDescriptor")
                if descriptor is None or "/FontFile2" not in descriptor.get_object():
                    continue
                descriptor = descriptor.get_object()
                name = str(descriptor["/FontName"]).split("+")[-1]
                programs.setdefault(name, set()).add(descriptor.raw_get("/FontFile2").idnum)
    parts_using_noto_serif = 3 + 5  # the cover, the agenda, the contents and the documents

    assert parts_using_noto_serif > 1 and "Noto-Serif" in programs
    assert all(len(found) == 1 for found in programs.values()), programs
    text = text_of_pdf(reader)  # every part's text still reads from the one program
    assert som.ordinal_title in text and world.activity.title in text and world.clause.text in text


def truetype_programs(reader: PdfReader) -> dict[str, list[TTFont]]:
    found = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for described in [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]:
                descriptor = described.get("/FontDescriptor")
                if descriptor is None or "/FontFile2" not in descriptor.get_object():
                    continue
                descriptor = descriptor.get_object()
                program = descriptor["/FontFile2"].get_object().get_data()
                name = str(descriptor["/FontName"]).split("+")[-1]
                found.setdefault(name, []).append(TTFont(io.BytesIO(program)))
    return found


def test_the_joined_font_draws_every_glyph_of_every_part_as_the_part_did(som):
    pack = truetype_programs(reader_of(build(som)))

    compared = 0
    for part in RenderedPart.objects.all():
        with part.file.open("rb") as handle:
            printed = truetype_programs(PdfReader(io.BytesIO(handle.read())))
        for name, subsets in printed.items():
            joined = pack[name][0]
            order = joined.getGlyphOrder()
            for subset in subsets:
                for place, glyph_name in enumerate(subset.getGlyphOrder()):
                    glyph = subset["glyf"][glyph_name]
                    if glyph.numberOfContours == 0:
                        continue
                    drawn = joined["glyf"][order[place]]
                    assert drawn.compile(joined["glyf"]) == glyph.compile(subset["glyf"]), name
                    compared += 1
    assert compared > 100
