"""A round's tasks proposed: one per open action point addressed to a mandate, the
work-plan items scheduled in the days the round reports on, and the previous round's unfinished
tasks, with their next steps as the new drafts."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from emg.models import Meeting
from mandates.models import Decision, DecisionSection
from progress.models import ReportingRound, ReportSection, Status, Task, Update, UpdateItem
from progress.selectors.rounds import previous_meeting, round_period
from progress.services import proposals, rounds
from workplans.models import Activity, Milestone

D = datetime.date


def make_decision(section, order, text, *, mandate=None, parent=None, verb="request"):
    return Decision.objects.create(
        section=section, order=order, text=text, mandate=mandate, parent=parent, verb=verb
    )


def accepted_update(task, *statuses):
    update = Update.objects.create(
        task=task, state=Update.State.ACCEPTED, accepted_at=timezone.now()
    )
    for order, status in enumerate(statuses, start=1):
        UpdateItem.objects.create(update=update, order=order, status=status, text=f"Item {order}")
    return update


def texts(report_round):
    return [task.text for task in report_round.tasks.order_by("order")]


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


def test_it_proposes_one_task_per_action_point_of_the_previous_som(world, new_round):
    section = DecisionSection.objects.create(
        meeting=world.meeting, order=2, title="Task Team on Omega", mandate=world.other_mandate
    )
    lead_in = make_decision(section, 1, "Request the Task Team to:")
    first = make_decision(section, 1, "prepare a report;", parent=lead_in, verb="other")
    second = make_decision(section, 2, "consult the members.", parent=lead_in, verb="other")
    make_decision(section, 2, "Take note of its report.", verb="take_note")
    make_decision(section, 3, "Welcome the webinar series.", verb="welcome")
    nobody = DecisionSection.objects.create(meeting=world.meeting, order=3, title="Other matters")
    make_decision(nobody, 1, "Invite members to share their calendars.")

    proposals.round_propose_tasks(report_round=new_round)

    by_decision = {
        task.source_decision_id: task for task in new_round.tasks.exclude(source_decision=None)
    }
    # No task for the lead-in (its items are), for taking note or welcoming, nor for the
    # invitation addressed to no mandate.
    assert set(by_decision) == {world.decision.pk, first.pk, second.pk}
    assert by_decision[first.pk].mandate == world.other_mandate
    assert by_decision[world.decision.pk].mandate == world.mandate


def test_a_completed_action_point_is_not_proposed_again(world, new_round):
    section = DecisionSection.objects.create(
        meeting=world.meeting, order=2, title="Omega", mandate=world.other_mandate
    )
    done = make_decision(section, 1, "Request a report.")
    earlier = Task.objects.create(
        round=world.round, mandate=world.other_mandate, order=9, text="Report", source_decision=done
    )
    accepted_update(earlier, Status.COMPLETED)

    proposals.round_propose_tasks(report_round=new_round)

    assert not new_round.tasks.filter(source_decision=done).exists()
    assert new_round.tasks.filter(source_decision=world.decision).exists()


def test_an_earlier_soms_action_point_still_open_is_proposed_again(world, new_round):
    som25 = Meeting.objects.create(number=25)
    old_section = DecisionSection.objects.create(
        meeting=som25, order=1, title="Omega", mandate=world.other_mandate
    )
    followed = make_decision(old_section, 1, "Request a survey.")
    finished = make_decision(old_section, 2, "Request an inventory.")
    never_followed = make_decision(old_section, 3, "Encourage members to report.")
    for order, decision, status in [(7, followed, Status.ONGOING), (8, finished, Status.COMPLETED)]:
        task = Task.objects.create(
            round=world.round,
            mandate=world.other_mandate,
            order=order,
            text=decision.text,
            source_decision=decision,
        )
        accepted_update(task, status)

    proposals.round_propose_tasks(report_round=new_round)

    proposed = set(new_round.tasks.values_list("source_decision", flat=True))
    assert followed.pk in proposed
    assert finished.pk not in proposed
    assert never_followed.pk not in proposed


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


def test_the_previous_rounds_unfinished_tasks_are_carried_over_with_their_next_steps(
    world, new_round, earlier_task
):
    section = ReportSection.objects.create(round=world.draft_round, order=1, title="Sustainability")
    earlier_task("Finish the inventory", [Status.ONGOING], "Publish it in June.", section)
    earlier_task("Hold the webinar", [Status.COMPLETED, Status.COMPLETED])
    earlier_task("Map the members", [Status.COMPLETED, Status.ONGOING_POSTPONED])

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
