"""A SOM 26 pack built end to end by the real Celery worker, through Redis, from the sample
documents: the page's "Prepare pack" queues it on commit, the worker records its progress and
writes the PDF, which holds every decision and task of the meeting."""

import io
import time

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from emg.models import Meeting, MeetingPack
from mandates.models import Decision
from progress.models import Task

SAMPLES = settings.BASE_DIR / "sample_data"
SOM_26 = ("action-points-som26.txt", "progress-report-som26-mid-term.txt")
# Generous: the worker shares two cores with whatever else runs. Not a timed assertion: the
# test only waits this long before it gives up.
WAIT_SECONDS = 300


def import_som_26():
    call_command("import_documents", *(SAMPLES / name for name in SOM_26), stdout=None)
    return Meeting.objects.get(number=26)


def wait_until_finished(pack: MeetingPack) -> list[tuple[str, int]]:
    """Poll the row as the page does; return the (status, progress) states seen."""
    seen = []
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        pack.refresh_from_db()
        if not seen or seen[-1] != (pack.status, pack.progress):
            seen.append((pack.status, pack.progress))
        if not pack.is_unfinished or time.monotonic() > deadline:
            return seen
        time.sleep(0.2)


@pytest.fixture
def pack_files():
    """The worker writes into the real private storage (it runs in its own process): remove
    the packs the test made there. Their parts stay: named by their content, the same file
    (the pack's page numbers, say) may be in the middle of another test process's build."""
    yield
    for row in MeetingPack.objects.exclude(file=""):
        row.file.storage.delete(row.file.name)


def pdf_text(reader: PdfReader) -> str:
    """The text without white space: where a line broke ("medium-" / "and") is no concern."""
    return "".join("".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_the_real_worker_builds_the_som_26_pack_end_to_end(
    celery_worker, pack_files, client_as, secretariat
):
    meeting = import_som_26()

    response = client_as(secretariat).post(
        reverse("packs:prepare", kwargs={"number": meeting.number})
    )

    assert response.status_code == 302
    pack = meeting.packs.get()
    seen = wait_until_finished(pack)
    assert pack.status == MeetingPack.Status.READY, pack.error
    assert pack.enqueued_at is not None and pack.started_at <= pack.finished_at
    assert seen[-1] == (MeetingPack.Status.READY, 100)
    assert [progress for _status, progress in seen] == sorted(p for _s, p in seen)

    with pack.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert len(reader.pages) == pack.page_count
    text = pdf_text(reader)
    decisions = list(
        Decision.objects.filter(section__meeting=meeting).values_list("text", flat=True)
    )
    tasks = list(Task.objects.filter(round__meeting=meeting).values_list("text", flat=True))
    assert decisions and tasks
    for wanted in decisions + tasks:
        assert "".join(wanted.split()) in text, wanted
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    # the imported meeting has no agenda item yet: no agenda page, its documents listed apart
    assert titles == ["Cover", "Contents", "Other documents"]
    symbols = set(meeting.documents.values_list("symbol", flat=True))
    nested = [item.title for group in reader.outline if isinstance(group, list) for item in group]
    assert {title.split(" — ")[0] for title in nested} == symbols
