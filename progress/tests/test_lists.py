"""The lists of rounds and of reports: the rounds being worked on first, the closed ones and the
reports 25 a page, so that neither grows with the years."""

import datetime

import pytest

from emg.models import Meeting
from progress.models import ReportingRound, Task, Update

D = datetime.date


@pytest.fixture
def closed_rounds(world):
    """30 closed rounds, for SOMs 101 to 130, each with one accepted task."""
    made = []
    for number in range(101, 131):
        meeting = Meeting.objects.create(number=number)
        report_round = ReportingRound.objects.create(
            meeting=meeting,
            title=f"Progress report for SOM {number}",
            deadline=D(2030, 1, 1),
            state=ReportingRound.State.CLOSED,
        )
        task = Task.objects.create(round=report_round, mandate=world.mandate, order=1, text="T")
        Update.objects.create(task=task, state=Update.State.ACCEPTED)
        made.append(report_round)
    return made


def test_the_rounds_list_shows_the_rounds_being_worked_on_above_25_closed_ones(
    client_as, secretariat, world, closed_rounds
):
    response = client_as(secretariat).get("/progress/rounds/")

    current = {r.pk for r in response.context["current"]}
    assert current == {world.round.pk, world.draft_round.pk}
    closed = response.context["closed"]
    assert len(closed) == 25
    # Latest meeting first.
    assert closed[0].title == "Progress report for SOM 130"
    assert (closed[0].task_count, closed[0].accepted_count) == (1, 1)
    page = response.content.decode()
    assert "30 closed rounds" in page
    assert 'href="?page=2"' in page


def test_the_rounds_lists_second_page_shows_the_other_closed_rounds_and_still_the_current_ones(
    client_as, secretariat, world, closed_rounds
):
    response = client_as(secretariat).get("/progress/rounds/", {"page": 2})

    assert [r.title for r in response.context["closed"]] == [
        f"Progress report for SOM {number}" for number in range(105, 100, -1)
    ]
    assert {r.pk for r in response.context["current"]} == {world.round.pk, world.draft_round.pk}


def test_the_reports_list_shows_25_reports_and_a_link_to_the_next_page(
    client_as, senior_official, world, closed_rounds
):
    client = client_as(senior_official)

    first = client.get("/progress/reports/")
    second = client.get("/progress/reports/", {"page": 2})

    assert len(first.context["rounds"]) == 25
    assert 'href="?page=2"' in first.content.decode()
    assert first.context["rounds"][0].accepted_count == 1
    shown = {r.pk for r in first.context["rounds"]} | {r.pk for r in second.context["rounds"]}
    # Every opened round's report, one of the two pages; a round being prepared on neither.
    assert shown == {r.pk for r in closed_rounds} | {world.round.pk}
