"""Meeting packs: the PDF read back (every document's text, page count, bookmarks, contents
numbers, metadata, fonts, Arabic and Chinese), uploaded PDFs merged in place, incremental and
idempotent builds, the task's retries and time limit, the sweeper, an unreachable broker, and
who may do what on the pack pages."""

import datetime
import io
import re

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from config.celery import app as celery_app
from emg import pdf
from emg.models import AgendaItem, Document, Meeting, MeetingPack, RenderedPart
from emg.packs import queue
from emg.packs.build import _claim, meeting_pack_html, pack_build
from emg.packs.plan import HTML_PART, PDF_PART, pack_plan, sha256_of
from emg.tests.form_pages import messages_of, text_of
from emg.tests.test_document_rendering import ARABIC, CHINESE, embedded_fonts
from mandates.models import Decision
from progress.models import Update

pytestmark = pytest.mark.django_db

UPLOADED_PAGES = 2


def source_of(obj) -> dict:
    return {"source_type": ContentType.objects.get_for_model(obj), "source_id": obj.pk}


@pytest.fixture
def som(world):
    """SOM 26 with a document of every kind on two agenda items, an uploaded PDF of two pages,
    an uploaded DOCX, the world's unreadable upload, a third agenda item presenting nothing,
    and a document on no item whose title and decisions are in Arabic and Chinese."""
    Update.objects.filter(pk=world.update.pk).update(state=Update.State.ACCEPTED)
    meeting = world.meeting
    first = world.agenda_item
    second = AgendaItem.objects.create(meeting=meeting, order=2, title="Work plan and progress")
    AgendaItem.objects.create(meeting=meeting, order=3, title="Any other business")
    Document.objects.filter(pk=world.document.pk).update(**source_of(meeting))
    Decision.objects.create(
        section=world.section,
        order=2,
        verb=Decision.Verb.WELCOME,
        text=f"{ARABIC} {CHINESE}",
        mandate=world.mandate,
    )
    uploaded = Document(
        symbol="EMG/SOM.26/INF.1",
        title="Note on the venue",
        kind=Document.Kind.OTHER,
        meeting=meeting,
        agenda_item=first,
    )
    pages = "".join(
        f'<p style="break-after: page">Uploaded page {n} of the venue note</p>'
        for n in range(1, UPLOADED_PAGES + 1)
    )
    uploaded.file.save("venue.pdf", ContentFile(pdf.html_to_pdf(pages)), save=False)
    uploaded.save()
    docx = Document(
        symbol="EMG/SOM.26/INF.2",
        title="Logistics note",
        kind=Document.Kind.OTHER,
        meeting=meeting,
        agenda_item=second,
    )
    docx.file.save("logistics.docx", ContentFile(b"PK\x03\x04 not really a docx"), save=False)
    docx.save()
    for symbol, title, source, kind in (
        ("EMG/SOM.26/04", "Work plan", world.work_plan, Document.Kind.WORK_PLAN),
        ("EMG/SOM.26/05", "Progress report", world.round, Document.Kind.PROGRESS_REPORT),
        ("EMG/SOM.26/06", "Terms of reference", world.tor, Document.Kind.TERMS_OF_REFERENCE),
    ):
        Document.objects.create(
            symbol=symbol,
            title=title,
            kind=kind,
            meeting=meeting,
            agenda_item=second,
            author_line="Note by the Chair",
            **source_of(source),
        )
    Document.objects.create(
        symbol="EMG/SOM.26/INF.3",
        title=f"{ARABIC} {CHINESE}",
        kind=Document.Kind.ACTION_POINTS,
        meeting=meeting,
        **source_of(meeting),
    )
    return meeting


def build(meeting: Meeting) -> MeetingPack:
    pack = MeetingPack.objects.create(meeting=meeting)
    return pack_build(pack.pk)


def reader_of(pack: MeetingPack) -> PdfReader:
    with pack.file.open("rb") as handle:
        return PdfReader(io.BytesIO(handle.read()))


def text_of_pdf(reader: PdfReader, pages=None) -> str:
    chosen = reader.pages if pages is None else [reader.pages[i] for i in pages]
    return " ".join(" ".join(page.extract_text() for page in chosen).split())


def outline_of(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page number from 1) of every bookmark, in order."""
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


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
    contents = RenderedPart.objects.exclude(
        content_hash__in=[*html_hashes, cover.content_hash]
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
            assert first_page == "Uploaded page 1 of the venue note"
        else:  # the document's own first page
            assert symbol in first_page and "Page 1 of" in first_page
        checked += 1
    assert checked == 5
    agenda = next(page for depth, title, page in outline if title == "Provisional agenda")
    assert re.search(r"Provisional agenda\s+(\d+)", contents).group(1) == str(agenda)
    assert "Provisional agenda" in text_of_pdf(reader, [agenda - 1])
    assert "Logistics note" in contents and "Uploaded as a DOCX file" in contents
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


# Incremental and idempotent


def test_changing_one_document_prints_only_that_document_again(som, world, renders):
    first = build(som)
    printed_first = len(renders)
    html_documents = [e for e in pack_plan(som).entries if e.way == HTML_PART]
    # the cover, the agenda, the contents and every document with an HTML page
    assert printed_first == 3 + len(html_documents)

    renders.clear()
    world.milestone.text = "Draft the approach and consult the members"
    world.milestone.save()
    second = build(som)

    assert len(renders) == 1
    assert "Draft the approach and consult the members" in renders[0]
    assert "EMG/SOM.26/04" in renders[0]  # the work plan, and nothing else
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


# The task: retries, time limit, failures


def test_transient_errors_are_retried_a_bounded_number_of_times_then_the_pack_fails(
    som, monkeypatch
):
    pack = MeetingPack.objects.create(meeting=som)
    calls = []

    def broken(pack_pk):
        calls.append(pack_pk)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(queue, "pack_build", broken)

    queue.build_pack.apply(args=[pack.pk], throw=False)

    assert calls == [pack.pk] * (queue.PACK_MAX_RETRIES + 1)
    pack.refresh_from_db()
    assert pack.status == MeetingPack.Status.FAILED
    assert "interrupted 4 times" in pack.error and "OperationalError" in pack.error


def test_a_transient_error_once_is_retried_and_the_pack_is_built(som, monkeypatch):
    pack = MeetingPack.objects.create(meeting=som)
    real = pack_build
    calls = []

    def flaky(pack_pk):
        calls.append(pack_pk)
        if len(calls) == 1:
            raise ConnectionError("Redis went away")
        return real(pack_pk)

    monkeypatch.setattr(queue, "pack_build", flaky)

    queue.build_pack.apply(args=[pack.pk], throw=False)

    assert len(calls) == 2
    pack.refresh_from_db()
    assert pack.status == MeetingPack.Status.READY


def test_on_a_worker_a_transient_error_sends_the_task_back_to_the_queue_with_a_delay(
    som, monkeypatch
):
    from celery.exceptions import Retry

    pack = MeetingPack.objects.create(meeting=som)

    def broken(pack_pk):
        raise OperationalError("the database is restarting")

    monkeypatch.setattr(queue, "pack_build", broken)
    queued = []  # what would go to the broker

    def apply_async(args=None, kwargs=None, **options):
        queued.append((args, options))

    monkeypatch.setattr(queue.build_pack, "apply_async", apply_async)
    queue.build_pack.push_request(
        id="a-task", args=[pack.pk], kwargs={}, retries=1, is_eager=False, called_directly=False
    )
    try:
        with pytest.raises(Retry):
            queue.build_pack.run(pack.pk)
    finally:
        queue.build_pack.pop_request()

    [(args, options)] = queued
    assert list(args) == [pack.pk]
    assert options["retries"] == 2
    assert 0 <= options["countdown"] <= 20
    pack.refresh_from_db()
    assert pack.is_unfinished and pack.error == ""


def test_the_retry_delay_backs_off_and_is_capped():
    for retries in range(8):
        assert 0 <= queue.retry_delay(retries) <= min(10 * 2**retries, 120)


def test_any_other_error_fails_the_pack_at_once_with_its_reason(som, monkeypatch):
    pack = MeetingPack.objects.create(meeting=som)
    calls = []

    def broken(html):
        calls.append(html)
        raise ValueError("the renderer choked")

    monkeypatch.setattr(pdf, "html_to_pdf", broken)

    queue.build_pack.apply(args=[pack.pk], throw=False)

    assert len(calls) == 1
    pack.refresh_from_db()
    assert pack.status == MeetingPack.Status.FAILED
    assert pack.error == "The build failed: ValueError: the renderer choked"
    assert pack.finished_at is not None


def test_the_soft_time_limit_fails_the_pack_with_the_reason(som, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    pack = MeetingPack.objects.create(meeting=som)

    def slow(pack_pk):
        _claim(pack_pk)
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(queue, "pack_build", slow)

    queue.build_pack.apply(args=[pack.pk], throw=False)

    pack.refresh_from_db()
    assert pack.status == MeetingPack.Status.FAILED
    assert "longer than the time limit" in pack.error


def test_a_finished_pack_is_not_built_again_by_a_late_message(som, renders):
    pack = MeetingPack.objects.create(
        meeting=som, status=MeetingPack.Status.FAILED, error="Stopped."
    )

    queue.build_pack.apply(args=[pack.pk], throw=False)

    assert renders == []
    pack.refresh_from_db()
    assert pack.status == MeetingPack.Status.FAILED and pack.error == "Stopped."


# The sweeper


@pytest.fixture
def sent(monkeypatch):
    """The packs handed to the broker (a test's broker that never delivers)."""
    handed = []
    celery_app.conf.task_always_eager = False  # put back by conftest's autouse fixture

    def apply_async(args, **options):
        handed.append(args[0])

    monkeypatch.setattr(queue.build_pack, "apply_async", apply_async)
    return handed


def test_the_sweeper_fails_packs_left_rendering_or_queued_past_the_limit(som, sent):
    now = timezone.now()
    limit = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)

    def pack(status, **times):
        return MeetingPack.objects.create(meeting=som, status=status, **times)

    lost = pack("rendering", started_at=now - limit - queue.SWEEP_GRACE - datetime.timedelta(1))
    working = pack("rendering", started_at=now - limit)
    stuck = pack("pending", enqueued_at=now - queue.QUEUE_TIMEOUT - datetime.timedelta(1))
    waiting = pack("pending", enqueued_at=now - datetime.timedelta(minutes=5))
    unsent = pack("pending")
    ready = pack("ready", started_at=now - 10 * limit, finished_at=now - 9 * limit)

    counts = queue.packs_sweep(now=now)

    assert counts == {"failed": 2, "queued": 1, "unsent": 0}
    statuses = {p.pk: p for p in MeetingPack.objects.all()}
    assert statuses[lost.pk].status == "failed"
    assert "time limit of 600 seconds" in statuses[lost.pk].error
    assert statuses[stuck.pk].status == "failed"
    assert "No background worker" in statuses[stuck.pk].error
    assert statuses[working.pk].status == "rendering"
    assert statuses[waiting.pk].status == "pending"
    assert statuses[ready.pk].status == "ready"
    assert sent == [unsent.pk]
    assert statuses[unsent.pk].enqueued_at is not None


def test_the_sweeper_is_on_the_beat_schedule():
    schedule = settings.CELERY_BEAT_SCHEDULE["emg-sweep-packs"]
    assert schedule["task"] == queue.sweep_packs.name
    assert schedule["schedule"] <= 60


# The pages


def packs_url(meeting):
    return reverse("packs:list", kwargs={"number": meeting.number})


def test_the_secretariat_prepares_a_pack_and_readers_download_it(
    som, client_as, secretariat, senior_official, focal_point, django_capture_on_commit_callbacks
):
    client = client_as(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("packs:prepare", kwargs={"number": som.number}))

    assert response.status_code == 302 and response.url == packs_url(som)
    pack = som.packs.get()
    assert pack.status == MeetingPack.Status.READY and pack.requested_by == secretariat
    assert pack.enqueued_at is not None
    for reader in (senior_official, focal_point):
        download = client_as(reader).get(
            reverse("packs:download", kwargs={"number": som.number, "pk": pack.pk})
        )
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert download["Content-Disposition"].startswith('attachment; filename="emg-som-26-pack')
        data = b"".join(download.streaming_content)
        assert len(PdfReader(io.BytesIO(data)).pages) == pack.page_count


def test_only_the_secretariat_prepares_and_retries(som, client_as, senior_official, focal_point):
    failed = MeetingPack.objects.create(meeting=som, status="failed", error="Stopped.")
    for user in (senior_official, focal_point):
        client = client_as(user)
        assert (
            client.post(reverse("packs:prepare", kwargs={"number": som.number})).status_code == 403
        )
        retry = reverse("packs:retry", kwargs={"number": som.number, "pk": failed.pk})
        assert client.post(retry).status_code == 403
        page = client.get(packs_url(som)).content.decode()
        assert "Prepare pack" not in page and ">Retry<" not in page
    assert som.packs.count() == 1


def test_a_pack_is_found_only_under_its_own_meeting(som, client_as, senior_official):
    other = Meeting.objects.create(number=27)
    pack = build(som)

    client = client_as(senior_official)
    for name in ("packs:download", "packs:status"):
        assert client.get(reverse(name, kwargs={"number": 27, "pk": pack.pk})).status_code == 404
    assert (
        client.get(reverse("packs:download", kwargs={"number": 26, "pk": pack.pk + 99})).status_code
        == 404
    )
    assert other.packs.count() == 0


def test_preparing_while_a_pack_is_under_way_does_not_queue_another(som, client_as, secretariat):
    under_way = MeetingPack.objects.create(
        meeting=som, status="rendering", progress=40, enqueued_at=timezone.now()
    )

    response = client_as(secretariat).post(
        reverse("packs:prepare", kwargs={"number": som.number}), follow=True
    )

    assert list(som.packs.all()) == [under_way]
    assert "A pack of this meeting is already being prepared." in messages_of(response)


def test_the_status_fragment_polls_while_building_and_stops_when_ready(
    som, client_as, senior_official
):
    pack = MeetingPack.objects.create(
        meeting=som, status="rendering", progress=40, enqueued_at=timezone.now()
    )
    client = client_as(senior_official)
    url = reverse("packs:status", kwargs={"number": som.number, "pk": pack.pk})

    building = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert f'hx-get="{url}"' in building and 'hx-trigger="every 1s"' in building
    assert '<progress class="w-100" max="100" value="40"' in building
    assert "40% done" in building

    pack_build(pack.pk)
    ready = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert f'hx-get="{url}"' not in ready and "every 1s" not in ready
    # once, to tell whether it is stale
    stale = reverse("packs:stale", kwargs={"number": som.number, "pk": pack.pk})
    assert f'hx-get="{stale}" hx-trigger="load"' in ready
    assert reverse("packs:download", kwargs={"number": som.number, "pk": pack.pk}) in ready


def test_the_pack_page_has_no_inline_script_or_handler(som, client_as, secretariat):
    MeetingPack.objects.create(meeting=som, status="rendering", enqueued_at=timezone.now())
    page = client_as(secretariat).get(packs_url(som)).content.decode()

    assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", page) == []
    assert re.findall(r"\son[a-z]+\s*=", page) == []
    assert "style=" not in page.split("<main", 1)[1]
    assert "htmx-2.0.11/htmx.min.js" in page


def stale_verdict(client, page: str) -> tuple[str, dict[str, str]]:
    """What the page's verdict request answers: the card's text and each "Stale" badge's row."""
    url = re.search(r'hx-get="([^"]*/stale/[^"]*)" hx-trigger="load"', page).group(1)
    html = client.get(url.replace("&amp;", "&"), headers={"HX-Request": "true"}).content.decode()
    card = re.search(r'<div id="pack-verdict">(.*?)</div>', html, re.S).group(1)
    badge = r'<span id="pack-(\d+)-stale" hx-swap-oob="true">(.*?)</span>\n'
    badges = dict(re.findall(badge, html))
    return text_of(card), badges


def test_a_pack_built_from_older_content_is_flagged_stale_and_stays_downloadable(
    som, world, client_as, senior_official
):
    old = build(som)
    client = client_as(senior_official)
    card, badges = stale_verdict(client, client.get(packs_url(som)).content.decode())
    assert card.startswith("Up to date") and "Stale" not in badges[str(old.pk)]

    world.decision.text = "Decide to conclude the group."
    world.decision.save()
    card, _badges = stale_verdict(client, client.get(packs_url(som)).content.decode())
    assert card == "Stale: a document or the agenda has changed since this pack was built."

    new = build(som)
    page = client.get(packs_url(som)).content.decode()
    card, badges = stale_verdict(client, page)
    assert card.startswith("Up to date")
    assert "Stale" in badges[str(old.pk)] and "Stale" not in badges[str(new.pk)]
    rows = dict(re.findall(r'<tr id="pack-(\d+)">(.*?)</tr>', page, re.S))
    for pack in (old, new):
        assert f'<span id="pack-{pack.pk}-stale"></span>' in rows[str(pack.pk)]
        url = reverse("packs:download", kwargs={"number": som.number, "pk": pack.pk})
        assert url in rows[str(pack.pk)]
        assert client.get(url).status_code == 200


def test_the_pack_page_itself_reads_no_document(som, client_as, senior_official, monkeypatch):
    build(som)

    def refused(meeting):
        raise AssertionError("the page worked out the meeting's content hash")

    monkeypatch.setattr("emg.views.packs.meeting_content_hash", refused)
    response = client_as(senior_official).get(packs_url(som))

    assert response.status_code == 200
    assert "Checking whether a document or the agenda has changed" in response.content.decode()


def test_older_ready_versions_are_checked_when_the_latest_is_not_ready(
    som, world, client_as, senior_official
):
    old = build(som)
    world.decision.text = "Decide to conclude the group."
    world.decision.save()
    MeetingPack.objects.create(meeting=som, status="failed", error="Stopped.")
    client = client_as(senior_official)
    page = client.get(packs_url(som)).content.decode()

    url = re.search(r'<div hx-get="([^"]*)" hx-trigger="load" hx-swap="none" hidden>', page)
    html = client.get(url.group(1).replace("&amp;", "&")).content.decode()
    assert f'<span id="pack-{old.pk}-stale" hx-swap-oob="true"><span class="badge' in html


def test_the_versions_are_listed_25_a_page_with_the_latest_card_on_every_page(
    som, client_as, senior_official
):
    made = [
        MeetingPack.objects.create(meeting=som, status="failed", error=f"Stopped {n}.")
        for n in range(30)
    ]
    client = client_as(senior_official)

    first = client.get(packs_url(som)).content.decode()
    second = client.get(packs_url(som) + "?page=2").content.decode()

    rows = re.findall(r'<tr id="pack-(\d+)">', first)
    assert len(rows) == 25 and rows[0] == str(made[-1].pk)
    assert 'href="?page=2"' in first
    assert re.findall(r'<tr id="pack-(\d+)">', second) == [str(p.pk) for p in made[4::-1]]
    assert "Stopped 29." in second  # the latest pack's card


def test_a_failed_pack_shows_its_reason_and_the_secretariat_retries_it(
    som, client_as, secretariat, django_capture_on_commit_callbacks
):
    failed = MeetingPack.objects.create(
        meeting=som, status="failed", error="The build failed: ValueError: bad font"
    )
    client = client_as(secretariat)
    page = text_of(client.get(packs_url(som)).content.decode())
    assert "Failed The build failed: ValueError: bad font Retry" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("packs:retry", kwargs={"number": som.number, "pk": failed.pk})
        )

    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == MeetingPack.Status.READY and failed.error == ""


def test_the_meeting_page_and_the_home_panel_lead_to_the_pack(som, client_as, senior_official):
    pack = build(som)
    client = client_as(senior_official)

    assert (
        packs_url(som)
        in client.get(reverse("meetings:detail", kwargs={"number": 26})).content.decode()
    )
    home = client.get(reverse("home")).content.decode()
    assert reverse("packs:download", kwargs={"number": 26, "pk": pack.pk}) in home


# An unreachable broker


@pytest.fixture
def broker_down():
    """The broker is a closed port: tasks are sent, not run in the test."""
    broker_url = celery_app.conf.broker_url
    celery_app.conf.task_always_eager = False  # put back by conftest's autouse fixture
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    yield
    celery_app.conf.broker_url = broker_url


def test_an_unreachable_broker_keeps_the_request_and_the_page_says_so(
    som, client_as, secretariat, broker_down, django_capture_on_commit_callbacks
):
    client = client_as(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("packs:prepare", kwargs={"number": som.number}), follow=True)

    assert response.status_code == 200
    pack = som.packs.get()
    assert pack.status == MeetingPack.Status.PENDING and pack.enqueued_at is None
    assert any("background service is unavailable" in m for m in messages_of(response))
    page = text_of(client.get(packs_url(som)).content.decode())
    assert "The request is kept: the pack will be built as soon as the service is back." in page

    # Still down: the sweeper leaves it queued; back: the sweeper sends it.
    assert queue.packs_sweep() == {"failed": 0, "queued": 0, "unsent": 1}
    celery_app.conf.task_always_eager = True
    assert queue.packs_sweep() == {"failed": 0, "queued": 1, "unsent": 0}
    pack.refresh_from_db()
    assert pack.status == MeetingPack.Status.READY
