"""A round's progress per mandate on its page, and the compiled report's status summary on its
page and in its PDF: stacked bars of the tasks each reader may see, one per mandate."""

import pytest
from django.urls import reverse

from emg.documents import document_html
from emg.models import Document
from emg.pdf import html_to_pdf
from emg.tests.pictures import find_all, pdf_text, pictures_of, texts

pytestmark = pytest.mark.django_db


def bars(svg) -> dict[str, dict]:
    """Per row of the picture: its label, and its segments by the state or status they count."""
    found = {}
    for row in find_all(svg, "g", "emg-bar-row"):
        label = texts(row)[0]
        found[label] = {
            segment.get("class").split()[1].removeprefix("emg-bar-"): segment
            for segment in find_all(row, "rect", "emg-bar-segment")
        }
    return found


def test_the_round_page_draws_each_mandates_tasks_by_where_they_stand(client_as, world, reported):
    page = client_as(world.people["secretariat"]).get(reverse("progress:round", args=[reported.pk]))

    [svg] = pictures_of(page.content.decode())

    drawn = bars(svg)
    assert set(drawn[world.mandate.name]) == {"not_started", "submitted", "returned", "accepted"}
    assert set(drawn[world.other_mandate.name]) == {"not_started"}
    # Two accepted tasks draw twice as wide as one submitted.
    mine = drawn[world.mandate.name]
    assert float(mine["accepted"].get("width")) == pytest.approx(
        2 * float(mine["submitted"].get("width")), abs=0.2
    )
    assert "1 not started, 1 submitted, 1 returned, 2 accepted" in page.content.decode()


@pytest.mark.parametrize("who", ["senior_official", "other_focal_point"])
def test_the_report_summary_counts_only_the_accepted_tasks_a_reader_sees(
    client_as, world, reported, who
):
    url = reverse("progress:report", args=[reported.pk])

    [svg] = pictures_of(client_as(world.people[who]).get(url).content.decode())

    [(label, segments)] = bars(svg).items()
    assert label == f"I. a) {world.mandate.name}"
    assert set(segments) == {"completed", "ongoing_postponed"}


def test_the_secretariats_preview_summarises_every_task(client_as, world, reported):
    url = reverse("progress:report", args=[reported.pk])

    [svg] = pictures_of(client_as(world.people["secretariat"]).get(url).content.decode())

    drawn = bars(svg)
    assert set(drawn[f"I. a) {world.mandate.name}"]) == {
        "completed",
        "ongoing",
        "ongoing_postponed",
        "not_started",
    }
    assert set(drawn[f"a) {world.other_mandate.name}"]) == {"not_started"}


def test_the_printed_report_carries_its_status_summary(world, reported):
    document = Document.objects.create(
        kind=Document.Kind.PROGRESS_REPORT,
        title="Progress report",
        symbol="EMG/SOM.27/02",
        meeting=reported.meeting,
        source=reported,
    )

    html = document_html(document)
    text = pdf_text(html_to_pdf(html))

    assert len(pictures_of(html)) == 1
    assert "Summary of the status of tasks" in text
    assert "Completed Ongoing Ongoing/postponed Not yet started" in text  # the legend
    assert f"I. a) {world.mandate.name}" in text


def test_a_mandates_name_in_the_bars_is_escaped(client_as, world, reported):
    world.mandate.name = '<img src=x onerror=alert(1)> & "Co"'
    world.mandate.save()
    page = client_as(world.people["secretariat"]).get(reverse("progress:round", args=[reported.pk]))

    html = page.content.decode()

    assert "<img src=x" not in html
    [svg] = pictures_of(html)
    assert '<img src=x onerror=alert(1)> & "Co"' in texts(svg)
