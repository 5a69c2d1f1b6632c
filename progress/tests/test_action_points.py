"""How far the action points are implemented, as the accepted progress on the tasks proposed from
them says; shown on the meeting's and the mandate's pages. And the proposals of a round kept or
dropped in one go."""

import pytest
from django.urls import reverse
from django.utils import timezone

from emg.tests.form_pages import messages_of, text_of
from mandates.models import Decision
from progress.models import ReportingRound, Status, Task, Update, UpdateItem
from progress.selectors.action_points import action_point_statuses, followed_action_points
from progress.services import proposals, rounds

pytestmark = pytest.mark.django_db


def task_on(world, decision, *, round=None):
    report_round = round or world.round
    return Task.objects.create(
        round=report_round,
        mandate=world.mandate,
        order=report_round.tasks.count() + 10,
        text=decision.text,
        source_decision=decision,
    )


def update_of(task, state, *statuses):
    update = Update.objects.create(
        task=task,
        state=state,
        accepted_at=timezone.now() if state == Update.State.ACCEPTED else None,
    )
    for order, status in enumerate(statuses, start=1):
        UpdateItem.objects.create(
            update=update, order=order, status=status, text=f"Progress {order}: {status}."
        )
    return update


# The status


def test_an_action_point_nobody_reported_on_is_not_started(world):
    assert action_point_statuses([world.decision.pk]) == {world.decision.pk: Status.NOT_STARTED}


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([Status.COMPLETED], Status.COMPLETED),
        ([Status.COMPLETED, Status.ONGOING], Status.ONGOING),
        ([Status.ONGOING, Status.ONGOING_POSTPONED], Status.ONGOING_POSTPONED),
        ([Status.NOT_STARTED], Status.NOT_STARTED),
        ([Status.COMPLETED, Status.NOT_STARTED], Status.ONGOING),
    ],
)
def test_the_status_is_what_the_accepted_updates_items_say_together(world, statuses, expected):
    update_of(task_on(world, world.decision), Update.State.ACCEPTED, *statuses)

    assert action_point_statuses([world.decision.pk])[world.decision.pk] == expected


@pytest.mark.parametrize(
    "state", [Update.State.DRAFT, Update.State.SUBMITTED, Update.State.RETURNED]
)
def test_an_update_not_accepted_says_nothing_of_the_status(world, state):
    update_of(task_on(world, world.decision), state, Status.COMPLETED)

    assert action_point_statuses([world.decision.pk])[world.decision.pk] == Status.NOT_STARTED


def test_the_latest_accepted_update_decides(world, som27):
    later_round = ReportingRound.objects.create(
        meeting=som27, title="Later", state=ReportingRound.State.OPEN
    )
    update_of(task_on(world, world.decision), Update.State.ACCEPTED, Status.ONGOING)
    update_of(task_on(world, world.decision, round=later_round), Update.State.ACCEPTED, "completed")

    assert action_point_statuses([world.decision.pk])[world.decision.pk] == Status.COMPLETED


def test_the_meeting_page_shows_each_action_point_with_who_acts_and_its_status(
    client_as, world, senior_official
):
    Decision.objects.filter(pk=world.decision.pk).update(actor=Decision.Actor.MANDATE)
    noted = Decision.objects.create(
        section=world.section, order=2, verb="take_note", text="Take note of the calendar."
    )
    update_of(task_on(world, world.decision), Update.State.ACCEPTED, Status.ONGOING)

    page = client_as(senior_official).get(
        reverse("meetings:detail", kwargs={"number": world.meeting.number})
    )

    html = page.content.decode()
    panel = text_of(html.split('id="panel-progress-action-points"', 1)[1].split("</section>")[0])
    assert f"I. a) {world.decision.text} {world.mandate.short_name or world.mandate.name}" in panel
    assert "Ongoing Progress 1: ongoing." in panel
    assert noted.text not in panel


def test_the_mandate_page_lists_the_action_points_addressed_to_it(client_as, world, focal_point):
    update_of(task_on(world, world.decision), Update.State.ACCEPTED, Status.COMPLETED)

    page = client_as(focal_point).get(reverse("mandates:detail", kwargs={"pk": world.mandate.pk}))

    html = page.content.decode()
    panel = text_of(html.split('id="action-points"', 1)[1].split("</section>")[0])
    assert f"SOM 26 I. a) {world.decision.text}" in panel
    assert "Completed" in panel


def test_followed_action_points_name_the_entities_to_act(world, undp):
    Decision.objects.filter(pk=world.decision.pk).update(actor=Decision.Actor.ENTITIES)
    world.decision.entities.set([undp])

    (point,) = followed_action_points([world.meeting])

    assert point.actor == undp.acronym


# Keeping or dropping the proposals in one go


@pytest.fixture
def proposed(world, new_round):
    for order, text in [(2, "Request a survey."), (3, "Request an inventory.")]:
        Decision.objects.create(section=world.section, order=order, verb="request", text=text)
    proposals.round_propose_tasks(report_round=new_round)
    tasks = list(new_round.tasks.order_by("order"))
    assert len(tasks) >= 2
    return tasks


def shown(tasks):
    return [f"{task.pk}:{task.version}" for task in tasks]


def bulk_url(report_round):
    return reverse("progress:round_tasks_bulk", kwargs={"pk": report_round.pk})


def test_keep_selected_drops_the_other_tasks_the_page_listed(
    client_as, secretariat, new_round, proposed
):
    kept = proposed[0]
    added_meanwhile = rounds.task_add(
        report_round=new_round, mandate=kept.mandate, section=None, text="Added by a colleague"
    )

    response = client_as(secretariat).post(
        bulk_url(new_round), {"action": "keep", "task": [kept.pk], "shown": shown(proposed)}
    )

    assert response.status_code == 302
    assert set(new_round.tasks.all()) == {kept, added_meanwhile}
    assert messages_of(response) == [f"{len(proposed) - 1} tasks were dropped."]


def test_drop_selected_drops_only_those(client_as, secretariat, new_round, proposed):
    dropped = proposed[0]

    response = client_as(secretariat).post(
        bulk_url(new_round), {"action": "drop", "task": [dropped.pk], "shown": shown(proposed)}
    )

    assert messages_of(response) == ["1 task was dropped."]
    assert set(new_round.tasks.all()) == set(proposed[1:])


def test_a_task_changed_since_the_page_was_shown_stops_the_whole_drop(
    client_as, secretariat, new_round, proposed
):
    listed = shown(proposed)
    edited = proposed[1]
    rounds.task_update(
        task=edited,
        version=edited.version,
        mandate=edited.mandate,
        section=edited.section,
        text="Reworded by a colleague",
    )

    response = client_as(secretariat).post(
        bulk_url(new_round), {"action": "keep", "task": [proposed[0].pk], "shown": listed}
    )

    assert messages_of(response) == [
        "1 of these tasks was changed since the page was shown: look at it again, then choose."
    ]
    assert new_round.tasks.count() == len(proposed)


def test_tasks_are_dropped_in_bulk_only_while_the_round_is_prepared(client_as, secretariat, world):
    task = world.task

    response = client_as(secretariat).post(
        bulk_url(world.round),
        {"action": "drop", "task": [task.pk], "shown": [f"{task.pk}:{task.version}"]},
    )

    assert response.status_code == 302
    assert Task.objects.filter(pk=task.pk).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"action": "sideways"},
        {"action": "drop", "shown": ["abc"]},
        {"action": "drop", "shown": ["1:x"]},
        {"action": "drop", "task": ["x"]},
    ],
)
def test_a_bulk_choice_that_makes_no_sense_is_a_bad_request(
    client_as, secretariat, new_round, proposed, data
):
    response = client_as(secretariat).post(bulk_url(new_round), data)

    assert response.status_code == 400
    assert new_round.tasks.count() == len(proposed)


def test_a_task_the_page_did_not_list_cannot_be_selected(
    client_as, secretariat, new_round, proposed
):
    response = client_as(secretariat).post(
        bulk_url(new_round),
        {"action": "drop", "task": [proposed[0].pk], "shown": shown(proposed[1:])},
    )

    assert response.status_code == 400
    assert new_round.tasks.count() == len(proposed)


def test_the_round_page_offers_a_checkbox_per_task_while_it_is_prepared(
    client_as, secretariat, new_round, proposed
):
    page = client_as(secretariat).get(reverse("progress:round", kwargs={"pk": new_round.pk}))

    html = page.content.decode()
    for task in proposed:
        assert f'name="task" value="{task.pk}" id="select-task-{task.pk}" form="bulk-tasks"' in html
    assert "Keep selected" in html and "Drop selected" in html
