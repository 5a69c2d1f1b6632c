"""The senior official's journey in a real browser: the secretariat prepares the SOM 26 pack,
the senior official opens SOM 26, follows the pack's progress bar until it is ready and
downloads it: a PDF with the page count its parts add up to, and a bookmark per agenda item and
document.

The build runs on the real Celery worker (through Redis), as in production: the progress the
page polls for is written by another process."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from emg.models import MeetingPack, RenderedPart
from emg.packs.numbers import numbers_html
from emg.packs.plan import HTML_PART, PDF_PART, pack_plan, sha256_of
from emg.tests.browser import sign_in
from emg.tests.test_packs_celery import WAIT_SECONDS, import_som_26, pack_files  # noqa: F401

pytestmark = [
    pytest.mark.celery,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("pack_files"),
]


def sign_out(page):
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login/")


def expected_page_count(meeting) -> int:
    """The pack's pages as its printed parts add them up: the cover, the agenda and every
    document from their cached parts, the uploaded PDFs, and the contents (the one part that is
    none of those, nor the pack's page numbers)."""
    plan = pack_plan(meeting)
    hashes = [
        sha256_of("html", plan.cover_html),
        *(e.content_hash for e in (plan.agenda, *plan.entries) if e and e.way == HTML_PART),
    ]
    parts = RenderedPart.objects.filter(content_hash__in=hashes)
    assert parts.count() == len(hashes)
    numbers = sha256_of("html", numbers_html(0))  # the pack's page numbers, 1 to 50
    contents = RenderedPart.objects.exclude(content_hash__in=[*hashes, numbers]).latest("pk")
    uploaded = sum(e.page_count for e in plan.entries if e.way == PDF_PART)
    return sum(part.page_count for part in parts) + contents.page_count + uploaded


def test_the_senior_official_downloads_the_som_26_pack_the_secretariat_prepared(
    page,
    celery_worker,
    secretariat,
    senior_official,
):
    meeting = import_som_26()

    # The secretariat prepares the pack.
    sign_in(page, secretariat)
    page.goto(f"/meetings/{meeting.number}/")
    page.get_by_role("link", name="Meeting pack (PDF)").click()
    page.get_by_role("button", name="Prepare pack").click()
    expect(page.locator("#pack-status progress")).to_be_visible()
    sign_out(page)

    # The senior official opens SOM 26 and its pack.
    sign_in(page, senior_official)
    page.get_by_role("link", name="Meetings").first.click()
    page.get_by_role("link", name="SOM 26", exact=True).click()
    page.get_by_role("link", name="Meeting pack (PDF)").click()
    expect(page.get_by_role("heading", name="Meeting pack")).to_be_visible()
    assert page.get_by_role("button", name="Prepare pack").count() == 0
    expect(page.locator("#pack-status progress")).to_be_visible()

    # The status fragment polls until the pack is ready; then the bar is full.
    page.wait_for_selector('#pack-status[data-status="ready"]', timeout=WAIT_SECONDS * 1000)
    assert page.locator("#pack-status progress").get_attribute("value") == "100"
    # Ready, the card asks once whether a document has changed since: none has.
    page.get_by_text("Up to date: no document and not the agenda has changed").wait_for()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the pack (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("emg-som-26-pack")
    with open(download.path(), "rb") as handle:
        data = handle.read()

    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    pack = meeting.packs.get()
    assert pack.status == MeetingPack.Status.READY
    assert len(reader.pages) == expected_page_count(meeting) == pack.page_count
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    nested = [item.title for group in reader.outline if isinstance(group, list) for item in group]
    # the imported meeting has no agenda item yet: no agenda page, its documents listed apart
    assert top == ["Cover", "Contents", "Other documents"]
    symbols = set(meeting.documents.values_list("symbol", flat=True))
    assert {title.split(" — ")[0] for title in nested} == symbols
