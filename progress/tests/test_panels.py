"""The home page's progress panels show a bounded number of rows, with a link to the page that
lists them all; the updates awaiting review are that page, 25 at a time."""

import datetime

import pytest
from django.utils import timezone

from emg.home import PANEL_ROWS
from progress.models import Task, Update


@pytest.fixture
def submitted(world, focal_point):
    """30 updates awaiting review in the open round, submitted a day apart."""
    start = timezone.now() - datetime.timedelta(days=60)
    updates = []
    for n in range(30):
        task = Task.objects.create(
            round=world.round, mandate=world.mandate, order=100 + n, text=f"Awaiting {n}"
        )
        updates.append(
            Update.objects.create(
                task=task,
                state=Update.State.SUBMITTED,
                submitted_by=focal_point,
                submitted_at=start + datetime.timedelta(days=n),
            )
        )
    return updates


def test_the_awaiting_review_panel_shows_the_oldest_few_the_total_and_a_link_to_all(
    client_as, secretariat, submitted
):
    response = client_as(secretariat).get("/")

    page = response.content.decode()
    assert "Awaiting 0<" in page
    assert f"Awaiting {PANEL_ROWS - 1}<" in page
    assert f"Awaiting {PANEL_ROWS}<" not in page
    assert "30 items" in page
    assert '<a href="/progress/awaiting-review/">All 30 updates awaiting review</a>' in page


def test_the_updates_awaiting_review_page_shows_25_oldest_first_and_the_rest_next(
    client_as, secretariat, submitted
):
    client = client_as(secretariat)

    first = client.get("/progress/awaiting-review/")
    second = client.get("/progress/awaiting-review/", {"page": 2})

    assert first.context["updates"] == submitted[:25]
    assert 'href="?page=2"' in first.content.decode()
    assert second.context["updates"] == submitted[25:]
    assert "30 updates awaiting review" in first.content.decode()


def test_the_open_rounds_panel_links_to_every_round_when_it_shows_only_some(
    client_as, secretariat, world
):
    from emg.models import Meeting
    from progress.models import ReportingRound

    for number in range(27, 27 + PANEL_ROWS):
        ReportingRound.objects.create(
            meeting=Meeting.objects.create(number=number),
            title=f"Round for SOM {number}",
            state=ReportingRound.State.OPEN,
        )

    page = client_as(secretariat).get("/").content.decode()

    assert f"{PANEL_ROWS + 1} items" in page
    assert '<a href="/progress/rounds/">All reporting rounds</a>' in page


def test_the_my_tasks_panel_shows_a_few_tasks_and_links_to_all_of_them(
    client_as, focal_point, world
):
    for n in range(PANEL_ROWS + 2):
        Task.objects.create(round=world.round, mandate=world.mandate, order=200 + n, text="More")

    page = client_as(focal_point).get("/").content.decode()

    assert f"{PANEL_ROWS + 3} items" in page
    assert '<a href="/progress/my-tasks/">All my tasks</a>' in page


def test_the_awaiting_review_rows_read_what_they_show_in_one_query(
    django_assert_num_queries, submitted, focal_point, world
):
    from django.template.loader import render_to_string

    from progress.selectors.tasks import awaiting_review_updates

    # The rows are read with what they show (select_related): anything they show but the query
    # did not read would be a query per row.
    with django_assert_num_queries(1):
        html = render_to_string(
            "progress/review/includes/awaiting_table.html",
            {"updates": list(awaiting_review_updates()[:PANEL_ROWS])},
        )

    assert "Awaiting 0<" in html
    assert world.round.title in html
    assert (world.mandate.short_name or world.mandate.name) in html
    assert str(focal_point) in html
