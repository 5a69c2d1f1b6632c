"""Reporting rounds: created, their tasks proposed from the previous SOM's decisions and the work
plans, edited and grouped before opening, opened and closed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from emg.models import Meeting, Session
from mandates.models import Decision, DecisionSection
from progress.models import ReportingRound, ReportSection, Status, Task, Update, UpdateItem
from progress.selectors.rounds import previous_meeting, round_period
from progress.services import proposals, rounds
from workplans.models import Activity, Milestone

D = datetime.date


def make_decision(section, order, text, *, mandate=None, parent=None):
    return Decision.objects.create(
        section=section, order=order, text=text, mandate=mandate, parent=parent
    )


@pytest.fixture
def som27(world):
    return Meeting.objects.create(number=27, title="27th Senior Officials Meeting")


@pytest.fixture
def new_round(som27):
    return rounds.round_create(
        meeting=som27,
        title="Mid-term progress report for SOM 27",
        opens_on=D(2021, 3, 1),
        deadline=D(2021, 4, 15),
    )


def texts(report_round):
    return [task.text for task in report_round.tasks.order_by("order")]


# Creating


def test_it_refuses_a_deadline_before_the_round_opens(world):
    with pytest.raises(ValidationError):
        rounds.round_create(
            meeting=world.meeting, title="Backwards", opens_on=D(2020, 5, 1), deadline=D(2020, 4, 1)
        )
    assert not ReportingRound.objects.filter(title="Backwards").exists()


def test_the_new_round_form_says_the_deadline_is_before_the_opening_next_to_it(
    client_as, secretariat, world
):
    response = client_as(secretariat).post(
        "/progress/rounds/new/",
        {
            "meeting": world.meeting.pk,
            "title": "Backwards",
            "opens_on": "2020-05-01",
            "deadline": "2020-04-01",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["deadline"] == [
        "The deadline cannot come before the round opens (2020-05-01)."
    ]
    assert not ReportingRound.objects.filter(title="Backwards").exists()


def test_the_new_round_form_refuses_a_session_of_another_meeting(client_as, secretariat, som27):
    other = Session.objects.create(meeting=som27, segment=Session.Segment.TECHNICAL)
    meeting = Meeting.objects.get(number=26)

    response = client_as(secretariat).post(
        "/progress/rounds/new/",
        {"meeting": meeting.pk, "session": other.pk, "title": "X", "deadline": "2020-04-01"},
    )

    assert "session" in response.context["form"].errors


def test_creating_a_round_proposes_its_tasks_and_shows_them(client_as, secretariat, som27, world):
    response = client_as(secretariat).post(
        "/progress/rounds/new/",
        {"meeting": som27.pk, "title": "Progress for SOM 27", "deadline": "2021-04-15"},
        follow=True,
    )

    report_round = ReportingRound.objects.get(title="Progress for SOM 27")
    assert report_round.state == ReportingRound.State.DRAFT
    assert world.decision.text in texts(report_round)
    assert world.decision.text in response.content.decode()


# What the round follows on from


def test_the_previous_meeting_is_the_latest_earlier_one_with_decisions(world, new_round):
    Meeting.objects.create(number=25)  # no decisions
    assert previous_meeting(new_round) == world.meeting


def test_the_period_runs_from_the_previous_rounds_deadline_to_this_ones(world, new_round):
    # world.draft_round (SOM 26) has the latest deadline of the earlier rounds.
    assert round_period(new_round) == (world.draft_round.deadline, D(2021, 4, 15))


def test_without_an_earlier_round_the_period_starts_at_the_previous_meeting(world, som27):
    ReportingRound.objects.all().delete()
    report_round = rounds.round_create(meeting=som27, title="R", deadline=D(2021, 4, 15))

    assert round_period(report_round) == (world.session.date, D(2021, 4, 15))


# Proposals


def test_it_proposes_the_previous_soms_decisions_addressed_to_each_mandate(world, new_round):
    section = DecisionSection.objects.create(
        meeting=world.meeting, order=2, title="Task Team on Omega", mandate=world.other_mandate
    )
    lead_in = make_decision(section, 1, "Request the Task Team to:")
    first = make_decision(section, 1, "prepare a report;", parent=lead_in)
    second = make_decision(section, 2, "consult the members.", parent=lead_in)
    nobody = DecisionSection.objects.create(meeting=world.meeting, order=3, title="Other matters")
    make_decision(nobody, 1, "Take note of the calendar.")

    proposals.round_propose_tasks(report_round=new_round)

    by_decision = {
        task.source_decision_id: task for task in new_round.tasks.exclude(source_decision=None)
    }
    assert set(by_decision) == {world.decision.pk, first.pk, second.pk}
    assert by_decision[first.pk].mandate == world.other_mandate
    assert by_decision[world.decision.pk].mandate == world.mandate


def test_it_proposes_the_work_plan_items_scheduled_in_the_period(world, new_round):
    activity = world.activity
    activity.schedule_start, activity.schedule_start_precision = D(2021, 1, 1), "month"
    activity.schedule_end, activity.schedule_end_precision = D(2021, 12, 31), "month"
    activity.save()
    later = Milestone.objects.create(
        activity=activity,
        order=2,
        text="Publish the approach",
        schedule_start=D(2022, 6, 1),
        schedule_start_precision="month",
        schedule_end=D(2022, 6, 30),
        schedule_end_precision="month",
    )
    idle = Activity.objects.create(
        outcome=world.outcome,
        order=2,
        mandate=world.other_mandate,
        title="Later work",
        schedule_start=D(2022, 1, 1),
        schedule_start_precision="quarter",
        schedule_end=D(2022, 3, 31),
        schedule_end_precision="quarter",
    )

    proposals.round_propose_tasks(report_round=new_round)

    planned = new_round.tasks.exclude(source_activity=None)
    # The milestone without a schedule follows its activity's; the later one and the later
    # activity are outside the period.
    assert [(t.source_activity, t.source_milestone, t.text) for t in planned] == [
        (activity, world.milestone, "Draft the approach")
    ]
    assert not new_round.tasks.filter(source_milestone=later).exists()
    assert not new_round.tasks.filter(source_activity=idle).exists()


def test_an_activity_with_no_milestone_in_the_period_is_a_task_itself(world, new_round):
    activity = world.activity
    activity.schedule_start, activity.schedule_start_precision = D(2021, 1, 1), "quarter"
    activity.schedule_end, activity.schedule_end_precision = D(2021, 3, 31), "quarter"
    activity.save()
    world.milestone.delete()

    proposals.round_propose_tasks(report_round=new_round)

    task = new_round.tasks.get(source_activity=activity)
    assert (task.text, task.source_milestone) == (activity.title, None)


def test_proposing_twice_adds_nothing_twice(world, new_round):
    first = proposals.round_propose_tasks(report_round=new_round)
    again = proposals.round_propose_tasks(report_round=new_round)

    assert first and again == []
    assert new_round.tasks.count() == len(first)


def test_tasks_go_into_the_sections_their_mandate_reported_under_last_time(world, new_round):
    # The previous round (world.draft_round) had the mandate under "Collaboration".
    earlier = ReportSection.objects.create(round=world.draft_round, order=1, title="Collaboration")
    Task.objects.create(
        round=world.draft_round, section=earlier, mandate=world.mandate, order=1, text="Old"
    )
    DecisionSection.objects.create(meeting=world.meeting, order=2, title="Omega")
    make_decision(
        DecisionSection.objects.get(title="Omega"), 1, "Ask Omega.", mandate=world.other_mandate
    )

    proposals.round_propose_tasks(report_round=new_round)

    sections = list(new_round.sections.order_by("order").values_list("title", flat=True))
    assert sections == ["Collaboration", "Other bodies"]
    # The decision's task and "Old", carried over as it was never reported on.
    assert {t.section.title for t in new_round.tasks.filter(mandate=world.mandate)} == {
        "Collaboration"
    }
    assert new_round.tasks.get(mandate=world.other_mandate).section.title == "Other bodies"


def test_a_task_with_the_same_source_starts_from_the_previous_next_steps(world, new_round):
    earlier = Task.objects.create(
        round=world.draft_round,
        mandate=world.mandate,
        order=1,
        text="Extend",
        source_decision=world.decision,
    )
    Update.objects.create(
        task=earlier, state=Update.State.ACCEPTED, next_steps="Convene the group in May."
    )

    proposals.round_propose_tasks(report_round=new_round)

    draft = new_round.tasks.get(source_decision=world.decision).update
    assert draft.state == Update.State.DRAFT and draft.author is None
    assert [(i.status, i.text) for i in draft.items.all()] == [
        (Status.ONGOING, "Convene the group in May.")
    ]


def test_a_task_the_previous_round_reported_in_the_same_words_carries_its_next_steps(
    world, new_round
):
    earlier = Task.objects.create(
        round=world.draft_round, mandate=world.mandate, order=1, text=world.decision.text
    )
    Update.objects.create(task=earlier, state=Update.State.ACCEPTED, next_steps="Report in May.")

    proposals.round_propose_tasks(report_round=new_round)

    task = new_round.tasks.get(source_decision=world.decision)
    assert task.update.items.get().text == "Report in May."


def earlier_task(world, text, statuses, next_steps="", section=None):
    order = world.draft_round.tasks.count() + 1
    task = Task.objects.create(
        round=world.draft_round, mandate=world.mandate, order=order, text=text, section=section
    )
    update = Update.objects.create(task=task, state=Update.State.ACCEPTED, next_steps=next_steps)
    for position, status in enumerate(statuses, start=1):
        UpdateItem.objects.create(update=update, order=position, status=status, text="x")
    return task


def test_the_previous_rounds_unfinished_tasks_are_carried_over_with_their_next_steps(
    world, new_round
):
    section = ReportSection.objects.create(round=world.draft_round, order=1, title="Sustainability")
    earlier_task(world, "Finish the inventory", [Status.ONGOING], "Publish it in June.", section)
    earlier_task(world, "Hold the webinar", [Status.COMPLETED, Status.COMPLETED])
    earlier_task(world, "Map the members", [Status.COMPLETED, Status.ONGOING_POSTPONED])

    proposals.round_propose_tasks(report_round=new_round)
    again = proposals.round_propose_tasks(report_round=new_round)

    carried = new_round.tasks.filter(source_decision=None).order_by("order")
    assert [t.text for t in carried] == ["Finish the inventory", "Map the members"]
    first = carried[0]
    assert first.section.title == "Sustainability"
    assert first.update.items.get().text == "Publish it in June."
    assert again == []


def test_a_task_with_nothing_to_carry_has_no_draft(world, new_round):
    proposals.round_propose_tasks(report_round=new_round)

    assert not Update.objects.filter(task__round=new_round).exists()


def test_tasks_are_proposed_only_while_the_round_is_prepared(world):
    with pytest.raises(ValidationError):
        proposals.round_propose_tasks(report_round=world.round)


# Editing before opening


def test_tasks_are_added_edited_and_removed(world):
    report_round = world.draft_round
    section = rounds.section_add(report_round=report_round, title="Collaboration")
    task = rounds.task_add(report_round=report_round, mandate=world.mandate, text="Do A")

    rounds.task_update(
        task=task, version=task.version, mandate=world.other_mandate, text="Do B", section=section
    )
    task.refresh_from_db()
    assert (task.mandate, task.text, task.section) == (world.other_mandate, "Do B", section)

    rounds.task_remove(task=task)
    assert not report_round.tasks.exists()


def test_a_task_cannot_go_into_another_rounds_section(world):
    other_section = world.round.sections.get()
    with pytest.raises(ValidationError):
        rounds.task_add(
            report_round=world.draft_round, mandate=world.mandate, text="X", section=other_section
        )


def test_tasks_move_among_the_tasks_of_their_body(world):
    report_round = world.draft_round
    rounds.task_add(report_round=report_round, mandate=world.mandate, text="A")
    other = rounds.task_add(report_round=report_round, mandate=world.other_mandate, text="O")
    b = rounds.task_add(report_round=report_round, mandate=world.mandate, text="B")

    assert rounds.task_move(task=b, direction="up")

    assert texts(report_round) == ["B", "O", "A"]
    other.refresh_from_db()
    assert other.order == 2
    assert not rounds.task_move(task=b, direction="up")  # already first of its body
    assert texts(report_round) == ["B", "O", "A"]


def test_moving_a_task_leaves_one_change_in_the_history_of_each_task_that_moved(world):
    report_round = world.draft_round
    a = rounds.task_add(report_round=report_round, mandate=world.mandate, text="A")
    b = rounds.task_add(report_round=report_round, mandate=world.mandate, text="B")

    rounds.task_move(task=b, direction="up")

    for task, before, after in ((a, 1, 2), (b, 2, 1)):
        versions = list(Task.history.filter(id=task.pk).order_by("history_id"))
        assert [v.history_type for v in versions] == ["+", "~"], task.text
        assert (versions[0].order, versions[1].order) == (before, after)


def test_sections_are_renamed_moved_and_removed_leaving_their_tasks(world):
    report_round = world.draft_round
    first = rounds.section_add(report_round=report_round, title="One")
    second = rounds.section_add(report_round=report_round, title="Two")
    task = rounds.task_add(
        report_round=report_round, mandate=world.mandate, text="A", section=first
    )

    rounds.section_update(section=second, version=second.version, title="Deux")
    assert rounds.section_move(section=second, direction="up")
    assert list(report_round.sections.values_list("title", "order")) == [("Deux", 1), ("One", 2)]

    assert rounds.section_remove(section=first) == 1
    task.refresh_from_db()
    assert task.section is None
    assert list(report_round.sections.values_list("title", "order")) == [("Deux", 1)]


def test_an_accepted_task_cannot_be_removed(world):
    Update.objects.filter(pk=world.update.pk).update(state=Update.State.ACCEPTED)
    world.task.refresh_from_db()

    with pytest.raises(ValidationError):
        rounds.task_remove(task=world.task)


def test_a_closed_round_changes_no_more(world):
    rounds.round_close(report_round=world.round)
    world.task.refresh_from_db()

    with pytest.raises(ValidationError):
        rounds.task_update(
            task=world.task,
            version=world.task.version,
            mandate=world.mandate,
            text="X",
            section=None,
        )
    with pytest.raises(ValidationError):
        rounds.section_add(report_round=world.task.round, title="X")


# Opening and closing


def test_a_round_opens_with_tasks_and_a_deadline_then_closes(world):
    report_round = world.draft_round
    with pytest.raises(ValidationError, match="at least one task"):
        rounds.round_open(report_round=report_round)
    rounds.task_add(report_round=report_round, mandate=world.mandate, text="A")

    assert rounds.round_open(report_round=report_round).state == ReportingRound.State.OPEN
    with pytest.raises(ValidationError):
        rounds.round_open(report_round=report_round)
    assert rounds.round_close(report_round=report_round).state == ReportingRound.State.CLOSED


def test_opening_a_round_without_tasks_says_why(client_as, secretariat, world):
    response = client_as(secretariat).post(
        f"/progress/rounds/{world.draft_round.pk}/open/", follow=True
    )

    assert "Add at least one task before opening the round." in response.content.decode()
    world.draft_round.refresh_from_db()
    assert world.draft_round.state == ReportingRound.State.DRAFT


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


def add_tasks(report_round, mandates, count):
    section = ReportSection.objects.create(
        round=report_round,
        order=report_round.sections.count() + 1,
        title=f"Section {report_round.sections.count() + 1}",
    )
    start = report_round.tasks.count()
    for n in range(count):
        task = Task.objects.create(
            round=report_round,
            section=section,
            mandate=mandates[n % len(mandates)],
            order=start + n + 1,
            text=f"Task {start + n}",
        )
        update = Update.objects.create(task=task, state=Update.State.SUBMITTED)
        UpdateItem.objects.create(update=update, order=1, status=Status.ONGOING, text="x")


def test_the_round_page_costs_the_same_queries_with_ten_times_the_tasks(
    client_as, secretariat, world
):
    client = client_as(secretariat)
    mandates = [world.mandate, world.other_mandate]
    url = f"/progress/rounds/{world.draft_round.pk}/"
    add_tasks(world.draft_round, mandates, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as once:
        client.get(url)
    add_tasks(world.draft_round, mandates, 20)
    with CaptureQueriesContext(connection) as tenfold:
        client.get(url)

    assert len(tenfold) == len(once)
    print(f"\nround page: {len(once)} queries")


def test_the_rounds_list_costs_the_same_queries_with_ten_times_the_rounds(
    client_as, secretariat, world
):
    client = client_as(secretariat)

    def grow(n):
        for i in range(n):
            report_round = rounds.round_create(
                meeting=world.meeting, title=f"Round {i}", deadline=D(2021, 1, 1 + i)
            )
            add_tasks(report_round, [world.mandate], 2)

    grow(1)
    client.get("/progress/rounds/")
    with CaptureQueriesContext(connection) as once:
        client.get("/progress/rounds/")
    grow(10)
    with CaptureQueriesContext(connection) as tenfold:
        client.get("/progress/rounds/")

    assert len(tenfold) == len(once)
    print(f"\nrounds list: {len(once)} queries")


def test_the_round_page_says_which_tasks_the_previous_round_had(client_as, secretariat, world):
    som27 = Meeting.objects.create(number=27)
    report_round = rounds.round_create(meeting=som27, title="R", deadline=D(2021, 4, 15))
    earlier_task(world, "Finish the inventory", [Status.ONGOING])
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
