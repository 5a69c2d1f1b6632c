"""The secretariat's pages of rounds: the round's outline numbered as the report is, the list,
the forms offering only the choices that make sense for the round, and their queries, which do
not grow with the rounds and tasks."""

import datetime

from emg.models import Meeting, Session
from progress.models import ReportingRound, Status, Update
from progress.services import proposals, rounds
from progress.tests.growth import assert_same_queries, more_tasks

D = datetime.date


# Pages


def test_the_round_page_numbers_sections_and_bodies_as_the_report_does(
    client_as, secretariat, world
):
    report_round = world.draft_round
    rounds.section_add(report_round=report_round, title="Collaboration")
    section = rounds.section_add(report_round=report_round, title="Sustainability")
    rounds.task_add(report_round=report_round, mandate=world.mandate, text="A", section=section)
    rounds.task_add(
        report_round=report_round, mandate=world.other_mandate, text="B", section=section
    )

    page = client_as(secretariat).get(f"/progress/rounds/{report_round.pk}/").content.decode()

    assert "I. Collaboration" in page
    assert "II. Sustainability" in page
    assert f"a) {world.mandate.name}" in page
    assert f"b) {world.other_mandate.name}" in page


def test_editing_a_task_over_a_newer_change_keeps_what_was_typed_and_refuses(
    client_as, secretariat, world
):
    client = client_as(secretariat)
    data = {"mandate": world.mandate.pk, "section": "", "text": "Mine", "version": "stale"}

    response = client.post(f"/progress/rounds/tasks/{world.task.pk}/edit/", data)

    assert response.status_code == 409
    assert response.context["form"].conflict
    world.task.refresh_from_db()
    assert world.task.text == "Agree on the approach"


def test_the_rounds_list_counts_tasks(client_as, secretariat, world):
    response = client_as(secretariat).get("/progress/rounds/")

    shown = response.context["current"] + response.context["closed"]
    listed = {r.pk: r for r in shown}
    assert listed[world.round.pk].task_count == 1
    assert listed[world.draft_round.pk].task_count == 0


def test_the_round_page_costs_the_same_queries_with_ten_times_the_tasks(
    client_as, secretariat, world
):
    mandates = [world.mandate, world.other_mandate]

    assert_same_queries(
        client_as(secretariat),
        f"/progress/rounds/{world.draft_round.pk}/",
        grow_small=lambda: more_tasks(world.draft_round, mandates, 2),
        grow_large=lambda: more_tasks(world.draft_round, mandates, 20),
    )


def test_the_rounds_list_costs_the_same_queries_with_ten_times_the_rounds(
    client_as, secretariat, world
):
    def grow(n):
        for i in range(n):
            report_round = rounds.round_create(
                meeting=world.meeting, title=f"Round {i}", deadline=D(2021, 1, 1 + i)
            )
            more_tasks(report_round, [world.mandate], 2)

    assert_same_queries(
        client_as(secretariat),
        "/progress/rounds/",
        grow_small=lambda: grow(1),
        grow_large=lambda: grow(10),
    )


def test_the_round_page_says_which_tasks_the_previous_round_had(
    client_as, secretariat, world, earlier_task
):
    som27 = Meeting.objects.create(number=27)
    report_round = rounds.round_create(meeting=som27, title="R", deadline=D(2021, 4, 15))
    earlier_task("Finish the inventory", [Status.ONGOING])
    proposals.round_propose_tasks(report_round=report_round)
    rounds.task_add(report_round=report_round, mandate=world.mandate, text="A new idea")

    response = client_as(secretariat).get(f"/progress/rounds/{report_round.pk}/")

    sources = {
        task.text: task.carried
        for entry in response.context["outline"]
        for body in entry["bodies"]
        for task in body["tasks"]
    }
    sources.update(
        {
            task.text: task.carried
            for body in response.context["unsectioned"]
            for task in body["tasks"]
        }
    )
    assert sources["Finish the inventory"] is True
    assert sources["A new idea"] is False
    assert "The previous round" in response.content.decode()


# What the forms offer: the choices that make sense for the round, not every row there is


def test_the_new_round_form_offers_the_latest_meetings_and_their_sessions_only(
    client_as, secretariat, world
):
    meetings = [Meeting.objects.create(number=number) for number in range(27, 32)]
    newest = Session.objects.create(
        meeting=meetings[-1], segment=Session.Segment.TECHNICAL, date=D(2024, 3, 1)
    )

    form = client_as(secretariat).get("/progress/rounds/new/").context["form"]

    offered = [meeting.number for meeting in form.fields["meeting"].queryset]
    assert offered == [31, 30, 29, 28]
    assert list(form.fields["session"].choices)[1:] == [
        ("SOM 31", [(newest.pk, "Technical segment · 2024-03-01")])
    ]


def test_the_new_round_form_refuses_an_old_meeting_and_says_why(client_as, secretariat, world):
    for number in range(27, 32):
        Meeting.objects.create(number=number)

    response = client_as(secretariat).post(
        "/progress/rounds/new/",
        {"meeting": world.meeting.pk, "title": "Too late", "deadline": "2020-04-01"},
    )

    assert response.context["form"].errors["meeting"] == [
        "Choose one of the latest meetings: a round reports to a coming SOM."
    ]
    assert not ReportingRound.objects.filter(title="Too late").exists()


def test_the_round_form_offers_and_accepts_only_its_own_meetings_sessions(
    client_as, secretariat, world, som27
):
    client = client_as(secretariat)
    other = Session.objects.create(meeting=som27, segment=Session.Segment.TECHNICAL)
    url = f"/progress/rounds/{world.draft_round.pk}/edit/"

    form = client.get(url).context["form"]
    response = client.post(
        url,
        {
            "session": other.pk,
            "title": world.draft_round.title,
            "deadline": "2020-10-20",
            "version": form["version"].value(),
        },
    )

    assert list(form.fields["session"].queryset) == [world.session]
    assert response.context["form"].errors["session"] == [
        "Choose a session of the meeting the round is for."
    ]
    world.draft_round.refresh_from_db()
    assert world.draft_round.session is None


def test_the_task_form_offers_the_mandates_running_in_the_rounds_period_and_its_own(
    client_as, secretariat, world, new_round
):
    from mandates.models import Mandate

    running = Mandate.objects.create(
        name="Running", key="running", start_date=D(2020, 1, 1), end_date=D(2021, 12, 31)
    )
    ended = Mandate.objects.create(
        name="Ended long ago", key="ended", start_date=D(2001, 1, 1), end_date=D(2003, 1, 1)
    )
    reporting = Mandate.objects.create(
        name="Ended but reporting",
        key="reporting",
        start_date=D(2001, 1, 1),
        end_date=D(2003, 1, 1),
    )
    rounds.task_add(report_round=new_round, mandate=reporting, text="Last word")
    client = client_as(secretariat)
    url = f"/progress/rounds/{new_round.pk}/tasks/add/"

    offered = set(client.get(url).context["form"].fields["mandate"].queryset)
    response = client.post(url, {"mandate": ended.pk, "section": "", "text": "Revive"})

    assert {running, reporting} <= offered
    assert ended not in offered
    assert response.context["form"].errors["mandate"] == [
        "Choose a mandate running in the days the round reports on, or one already reporting in it."
    ]
    assert not new_round.tasks.filter(text="Revive").exists()


def test_the_round_page_shows_a_changed_task_at_once(client_as, secretariat, world):
    client = client_as(secretariat)
    url = f"/progress/rounds/{world.round.pk}/"
    before = client.get(url).content.decode()

    rounds.task_update(
        task=world.task,
        version=world.task.version,
        mandate=world.other_mandate,
        text="Agree on it now",
        section=None,
    )
    Update.objects.filter(task=world.task).update(state=Update.State.SUBMITTED)
    after = client.get(url).content.decode()

    assert "Agree on the approach" in before
    assert "Agree on it now" in after
    assert "Agree on the approach" not in after
    assert f"a) {world.other_mandate.name}" in after
    assert "Submitted" in after
