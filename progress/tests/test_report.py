"""The compiled progress report: laid out as the SOM 26 mid-term report, accepted updates only
(the secretariat's preview marks the rest), and the seed report compiles back to what it says."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse

from emg.importing import Source
from emg.importing.header import parse_header
from progress.importing.cells import read_status
from progress.importing.reading import read_report
from progress.models import ReportingRound, Status
from progress.selectors.report import report_context
from progress.services.updates import ItemData
from progress.tests.growth import assert_same_queries, more_mandates
from progress.tests.updates import accepted

REPORT = Path(__file__).resolve().parents[2] / "sample_data" / "progress-report-som26-mid-term.txt"


@pytest.mark.parametrize("status", list(Status))
def test_the_status_words_written_are_the_ones_the_importer_reads(status):
    assert read_status(f"{status.lead} The group met.") == (status, "The group met.")
    assert read_status(status.lead) == (status, "")


def test_status_words_are_written_as_the_report_writes_them():
    assert [status.lead for status in Status] == [
        "Completed:",
        "Ongoing:",
        "Ongoing/postponed:",
        "Not yet started.",
    ]


def report_html(report_round: ReportingRound) -> str:
    """The report's body as HTML, accepted updates only: what the printed report shows."""
    return render_to_string("progress/report/document.html", report_context(report_round))


class ReportReader(HTMLParser):
    """The compiled report read back: headings, and per table row the task, the progress items
    (each paragraph's text, <br> as a line break) and the next steps; its status summary, a
    picture of the same rows, left out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[str, str]] = []
        self.rows: list[dict] = []
        self._text: list[str] | None = None
        self._tag = ""
        self._cell = 0

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag == "section" and "emg-report-summary" in classes:
            self._in_summary = True
        if self._in_summary:
            return
        if tag in ("h1", "h2", "h3"):
            self._tag, self._text = tag, []
        elif tag == "tr" and self._in_body:
            self.rows.append({"task": [], "items": [], "next": []})
            self._cell = 0
        elif tag == "td":
            self._cell += 1
        elif tag == "p" and "emg-report-item" in classes:
            self._text = []
            self._tag = "item"
        elif tag == "br" and self._text is not None:
            self._text.append("\n")
        elif tag == "tbody":
            self._in_body = True
        elif tag == "span" and "badge" in classes:
            self._skip = True

    _in_body = False
    _skip = False
    _in_summary = False

    def handle_endtag(self, tag):
        if self._in_summary:
            self._in_summary = tag != "section"
            return
        if tag in ("h1", "h2", "h3") and self._text is not None:
            self.headings.append((tag, " ".join("".join(self._text).split())))
            self._text = None
        elif tag == "p" and self._tag == "item" and self._text is not None:
            self.rows[-1]["items"].append("".join(self._text).strip())
            self._text, self._tag = None, ""
        elif tag == "tbody":
            self._in_body = False
        elif tag == "span":
            self._skip = False

    def handle_data(self, data):
        if self._skip or self._in_summary:
            return
        if self._text is not None:
            self._text.append(data)
        elif self._in_body and self.rows and self._cell in (1, 3):
            self.rows[-1]["task" if self._cell == 1 else "next"].append(data)


def read_back(html: str) -> ReportReader:
    reader = ReportReader()
    reader.feed(html)
    return reader


def squeeze(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def imported(db):
    call_command("import_documents", str(REPORT), verbosity=0)
    return ReportingRound.objects.get()


def source_rows():
    source = Source.from_path(REPORT)
    sections = read_report(source, parse_header(source).end_line)
    return sections, [
        (section.title, row) for section in sections for body in section.bodies for row in body.rows
    ]


def test_the_imported_report_compiles_to_the_same_tasks_statuses_and_texts(imported):
    context = report_context(imported)
    compiled = [
        (part.title, row) for part in context["parts"] for body in part.bodies for row in body.rows
    ]
    _, source = source_rows()
    tasks = list(imported.tasks.select_related("section", "update").order_by("order"))

    assert len(compiled) == len(source) == len(tasks) == 22
    for (title, row), (source_title, source_row), task in zip(compiled, source, tasks, strict=True):
        assert row.task == task
        assert title == source_title == task.section.title
        assert row.task.text == source_row.text
        assert [(item.status, item.text) for item in row.items] == [
            (item.status, item.text) for item in source_row.items
        ]
        assert row.update.next_steps == "\n\n".join(source_row.next_steps)


def test_the_compiled_html_reads_back_as_the_source_report(imported):
    html = report_html(imported)
    reader = read_back(html)
    sections, source = source_rows()

    assert ("h1", "Mid-Term Progress Report") in reader.headings
    section_headings = [text for tag, text in reader.headings if tag == "h2"]
    assert section_headings == [
        f"{numeral}. {section.title}"
        for numeral, section in zip(("I", "II", "III"), sections, strict=False)
    ]
    body_labels = [text.split(" ", 1)[0] for tag, text in reader.headings if tag == "h3"]
    assert body_labels[:4] == ["a)", "b)", "c)", "d)"]
    assert len(reader.rows) == len(source)
    for compiled, (_, row) in zip(reader.rows, source, strict=True):
        assert squeeze("".join(compiled["task"])) == squeeze(row.text)
        read = [read_status(item) for item in compiled["items"]]
        assert [(status, squeeze(text)) for status, text in read] == [
            (item.status, squeeze(item.text)) for item in row.items
        ]
        assert squeeze("".join(compiled["next"])) == squeeze(" ".join(row.next_steps))


def test_the_report_head_is_laid_out_as_the_document(imported):
    html = report_html(imported)

    for text in (
        "United Nations",
        "Environment Management Group",
        "Mid-term technical segment of the 26th Senior Officials Meeting",
        "29 April 2020",
        "EMG SOM26/mid-term/03",
        "Distribution: EMG members",
        "Note by the Secretariat",
    ):
        assert text in html, text


def accept(world, text="The drafting group met."):
    return accepted(world, ItemData(Status.COMPLETED, text), next_steps="Publish it")


@pytest.mark.parametrize("who", ["focal_point", "senior_official", "other_focal_point"])
def test_others_than_the_secretariat_see_accepted_updates_only(world, client_as, who):
    url = reverse("progress:report", kwargs={"pk": world.round.pk})

    before = client_as(world.people[who]).get(url).content.decode()
    accept(world)
    after = client_as(world.people[who]).get(url).content.decode()

    assert "Agree on the approach" not in before
    assert "Agree on the approach" in after
    assert "<strong>Completed:</strong> The drafting group met." in after


def test_the_secretariat_previews_updates_not_accepted_yet_marked(world, client_as):
    url = reverse("progress:report", kwargs={"pk": world.round.pk})

    page = client_as(world.people["secretariat"]).get(url).content.decode()

    assert "Agree on the approach" in page
    assert "Not accepted: Draft" in page
    assert "Preview for the secretariat" in page


def test_the_reports_list_links_each_rounds_report(world, client_as):
    page = client_as(world.people["senior_official"]).get(reverse("progress:reports"))

    assert reverse("progress:report", kwargs={"pk": world.round.pk}) in page.content.decode()


def test_the_document_template_renders_from_the_context_alone(world):
    accept(world)

    html = render_to_string("progress/report/document.html", report_context(world.round))

    assert "I. Collaboration on Global Environmental Issues" in html
    assert f"a) {world.mandate.name}" in html


@pytest.mark.parametrize("who", ["secretariat", "senior_official"])
def test_the_report_page_query_count_does_not_grow_with_the_report(world, client_as, who):
    accept(world)

    assert_same_queries(
        client_as(world.people[who]),
        reverse("progress:report", kwargs={"pk": world.round.pk}),
        grow_small=lambda: more_mandates(world, 0, 1),
        grow_large=lambda: more_mandates(world, 1, 10),
    )


def test_the_report_page_shows_an_accepted_update_at_once(client_as, secretariat, world):
    from progress.models import Update

    client = client_as(secretariat)
    url = f"/progress/rounds/{world.round.pk}/report/"
    before = client.get(url).content.decode()

    Update.objects.filter(task=world.task).update(
        state=Update.State.ACCEPTED, next_steps="Publish the approach"
    )
    after = client.get(url).content.decode()

    # The badge of a row not accepted yet (the preview's note says "Not accepted" too).
    assert "Not accepted: " in before
    assert "Not accepted: " not in after
    assert "Publish the approach" in after
