"""The SOM cycle in a real browser, from one meeting to the next: the secretariat records SOM 26's
action points (one asking the mandate to act by the next SOM, one taking note); the round for
SOM 27 proposes a task for the first and none for the second; the focal point reports on it and
the secretariat accepts; then SOM 27's documents are generated from that data (the compiled
progress report, the status of implementation of SOM 26's action points, the provisional
annotated agenda and the list of participants, imported from a registration export) and its
pack is built on the real Celery worker. The pack read back with pypdf holds the four documents,
and every page its contents cite bears that number in its foot."""

import datetime
import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from emg.models import AgendaItem, Document, Meeting, Session
from emg.tests.browser import sign_in
from emg.tests.packs import outline_of, text_of_pdf
from emg.tests.test_packs import foot_numbers
from emg.tests.test_packs_celery import WAIT_SECONDS, pack_files  # noqa: F401
from progress.models import Task

pytestmark = [
    pytest.mark.celery,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("pack_files"),
]

ACTION = "Request the group to map its members' work on plastics by the next meeting."
NOTED = "Take note of the group's progress report."
PROGRESS = "The map of the members' work was shared with the Senior Officials in March."


def sign_out(page):
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login/")


def test_the_som_cycle_from_action_points_to_the_next_meetings_pack(
    page, celery_worker, secretariat, focal_point, mandate, tmp_path
):
    som26 = Meeting.objects.create(number=26)
    som27 = Meeting.objects.create(number=27, title="27th Senior Officials Meeting")
    session = Session.objects.create(
        meeting=som27,
        segment=Session.Segment.SENIOR,
        date=datetime.date.today() + datetime.timedelta(days=60),
        venue="Nairobi",
    )
    AgendaItem.objects.create(meeting=som27, order=1, title="Opening of the meeting")
    deadline = datetime.date.today() + datetime.timedelta(days=30)

    # SOM 26's action points, recorded by the secretariat.
    sign_in(page, secretariat)
    page.goto(f"/meetings/{som26.number}/")
    page.get_by_role("link", name="Add decision section").click()
    page.get_by_label("Title").fill(mandate.name)
    page.get_by_label("About mandate").select_option(label=mandate.name)
    page.get_by_role("button", name=re.compile("Save")).click()
    for verb, text in (("request", ACTION), ("take note", NOTED)):
        page.get_by_role("link", name=re.compile(r"^Add decision to section")).first.click()
        page.get_by_label("Kind of decision").select_option(label=verb)
        page.locator("#id_text").fill(text)
        if verb == "request":
            page.locator("#id_actor").select_option(label="The mandate")
            page.get_by_label("Due by the next SOM").check()
        page.get_by_role("button", name=re.compile("Save")).click()
        expect(page.get_by_text(text).first).to_be_visible()

    # The round for SOM 27 proposes one task: the action point, not what was noted.
    page.get_by_role("link", name="Reporting").click()
    page.get_by_role("link", name="New reporting round").click()
    page.get_by_label("For meeting").select_option(label="SOM 27")
    page.get_by_label("Title").fill("Progress report for SOM 27")
    page.get_by_label("Deadline").fill(deadline.isoformat())
    page.get_by_role("button", name="Create round and propose tasks").click()
    expect(page.get_by_role("cell", name=ACTION, exact=True)).to_be_visible()
    assert page.get_by_role("cell", name=NOTED, exact=True).count() == 0
    page.get_by_label(re.compile(r"^Select Request the group to map")).check()
    page.get_by_role("button", name="Keep selected").first.click()
    page.get_by_role("button", name="Open the round").click()
    expect(page.get_by_text("The round is open")).to_be_visible()
    round_url = page.url
    task = Task.objects.get(round__meeting=som27)
    assert task.text == ACTION
    sign_out(page)

    # The focal point reports; the secretariat accepts.
    sign_in(page, focal_point)
    page.get_by_role("link", name="My tasks").click()
    page.get_by_role("link", name="Write the update").click()
    page.locator("#id_items-0-status").select_option("completed")
    page.locator("#id_items-0-text").fill(PROGRESS)
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("submitted to the secretariat for review")).to_be_visible()
    sign_out(page)
    sign_in(page, secretariat)
    page.goto(f"/progress/tasks/{task.pk}/review/")
    page.get_by_role("button", name="Accept the update").click()
    expect(page.get_by_text("this update is locked")).to_be_visible()

    # SOM 27's documents, generated from the data.
    page.goto(round_url)
    page.get_by_role("link", name="Issue as a document of SOM 27").click()
    page.get_by_role("button", name="Issue the document").click()
    expect(page.get_by_text("is issued")).to_be_visible()

    page.goto(f"/meetings/{som27.number}/")
    page.get_by_role("button", name="Generate the status of implementation of SOM 26").click()
    page.goto(f"/meetings/{som27.number}/")
    page.get_by_role("button", name="Generate the annotated agenda").click()

    export = tmp_path / "registrations.csv"
    export.write_text(
        "Name,Organization,Title,Session\n"
        f"Ana Silva,UNEP,Director,{session.date.isoformat()}\n"
        f"Ben Ode,UNDP,Adviser,{session.date.isoformat()}\n",
        encoding="utf-8",
    )
    page.goto(f"/meetings/{som27.number}/participants/")
    page.locator("#id_file").set_input_files(str(export))
    page.get_by_role("button", name="Import participants").click()
    expect(page.get_by_text("Ana Silva, Director")).to_be_visible()
    page.get_by_role("button", name="Generate the list of participants").click()

    generated = dict(som27.documents.values_list("kind", "symbol"))
    assert set(generated) == {
        Document.Kind.PROGRESS_REPORT,
        Document.Kind.STATUS_OF_IMPLEMENTATION,
        Document.Kind.ANNOTATED_AGENDA,
        Document.Kind.PARTICIPANTS,
    }

    # SOM 27's pack, built on the worker.
    page.goto(f"/meetings/{som27.number}/")
    page.get_by_role("link", name="Meeting pack (PDF)").click()
    page.get_by_role("button", name="Prepare pack").click()
    page.wait_for_selector('#pack-status[data-status="ready"]', timeout=WAIT_SECONDS * 1000)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the pack (PDF)").click()
    with open(download_info.value.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))

    outline = outline_of(reader)
    titles = [title for _depth, title, _page in outline]
    for symbol in generated.values():
        assert any(title.startswith(f"{symbol} — ") for title in titles), symbol
    starts = {title.split(" — ")[0]: number for _depth, title, number in outline}
    status = text_of_pdf(reader, [starts[generated[Document.Kind.STATUS_OF_IMPLEMENTATION]] - 1])
    assert ACTION in status and "Completed" in status
    assert NOTED not in status
    report = text_of_pdf(reader, [starts[generated[Document.Kind.PROGRESS_REPORT]] - 1])
    assert PROGRESS in report
    participants = text_of_pdf(reader, [starts[generated[Document.Kind.PARTICIPANTS]] - 1])
    assert "Ana Silva" in participants and "Ben Ode" in participants

    # Every page the contents cite bears that number in its foot.
    contents_at = next(number for _depth, title, number in outline if title == "Contents")
    first_after = min(number for _depth, _title, number in outline if number > contents_at)
    contents = text_of_pdf(reader, range(contents_at - 1, first_after - 1))
    cited = 0
    for depth, title, number in outline:
        if depth == 0:
            continue
        symbol, name = title.split(" — ", 1)
        printed = re.search(re.escape(symbol) + r"\s+" + re.escape(name) + r"\s+(\d+)", contents)
        assert printed, title
        assert int(printed.group(1)) == number, title
        assert foot_numbers(reader.pages[number - 1]) == [str(number)], title
        cited += 1
    assert cited == len(som27.documents.all())
