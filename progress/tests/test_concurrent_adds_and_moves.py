"""Adding to and reordering a reporting round's sections and tasks at the same moment (a
double-click, or two people at once): every request answers, none with a server error, and the
orders stay 1, 2, 3 …"""

import contextlib

import pytest
from django.urls import reverse

from emg.tests.concurrency import (
    AT_ONCE,
    check_posted_at_once,
    moves_up_and_down,
    orders,
    run_at_once,
)
from emg.versions import StaleEdit
from progress.models import ReportSection, Status, Task
from progress.services import rounds, updates
from progress.services.updates import ItemData

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql(reason="SQLite serialises writers: the requests could not overlap"),
]

MOVE_TASK = "progress:round_task_move"
TIMES = 60


def section_adds(world):
    url = reverse("progress:round_section_add", args=[world.round.pk])
    return [(url, {"title": f"Section {n}"}) for n in range(AT_ONCE)], world.round.sections


def task_adds(world):
    url = reverse("progress:round_task_add", args=[world.round.pk])
    data = [
        {"mandate": world.mandate.pk, "section": world.task.section_id, "text": f"Task {n}"}
        for n in range(AT_ONCE)
    ]
    return [(url, values) for values in data], world.round.tasks


@pytest.mark.parametrize("adds", [section_adds, task_adds], ids=["sections", "tasks"])
def test_rows_added_at_once_all_go_to_the_end_in_turn(world, secretariat, adds):
    posts, rows = adds(world)

    check_posted_at_once(secretariat, posts, rows.all(), count=AT_ONCE + 1)


def section_moves(world):
    sections = [world.task.section] + [
        ReportSection.objects.create(round=world.round, order=n, title=f"Section {n}")
        for n in range(2, AT_ONCE + 1)
    ]
    return moves_up_and_down("progress:round_section_move", sections), world.round.sections


def task_moves(world):
    # A task moves among the tasks of its body in its section, but its order is unique in the
    # whole round: two bodies' tasks are moved at once.
    bodies = {world.mandate: [world.task], world.other_mandate: []}
    for n in range(2, AT_ONCE + 1):
        mandate = world.mandate if n <= AT_ONCE // 2 else world.other_mandate
        bodies[mandate].append(
            Task.objects.create(
                round=world.round,
                section=world.task.section,
                mandate=mandate,
                order=n,
                text=f"Task {n}",
            )
        )
    posts = [post for tasks in bodies.values() for post in moves_up_and_down(MOVE_TASK, tasks)]
    return posts, world.round.tasks


@pytest.mark.parametrize("moves", [section_moves, task_moves], ids=["sections", "tasks"])
def test_neighbouring_rows_moved_up_and_down_at_once_keep_distinct_orders(
    world, secretariat, moves
):
    posts, rows = moves(world)

    check_posted_at_once(secretariat, posts, rows.all(), count=AT_ONCE)


def test_tasks_added_while_others_are_moved_all_find_a_place(world, secretariat):
    # A move steps a task aside past the round's last order, where an add puts its task.
    tasks = [world.task] + [
        Task.objects.create(
            round=world.round,
            section=world.task.section,
            mandate=world.mandate,
            order=n,
            text=f"Task {n}",
        )
        for n in range(2, AT_ONCE // 2 + 1)
    ]
    add = reverse("progress:round_task_add", args=[world.round.pk])
    adds = [
        (add, {"mandate": world.mandate.pk, "section": world.task.section_id, "text": f"New {n}"})
        for n in range(AT_ONCE // 2)
    ]
    moves = moves_up_and_down(MOVE_TASK, tasks)
    posts = [post for pair in zip(adds, moves, strict=True) for post in pair]

    check_posted_at_once(secretariat, posts, world.round.tasks.all(), count=AT_ONCE)


def test_tasks_moved_while_their_focal_point_saves_never_deadlock(world):
    # A focal point's save locks the task, then its round; a move must not take them the other
    # way round. Many times over, since a deadlock needs the two to meet at the wrong moment.
    fiona = world.people["focal_point"]
    second = Task.objects.create(
        round=world.round, section=world.task.section, mandate=world.mandate, order=2, text="B"
    )
    items = [ItemData(status=Status.ONGOING, text="The drafting group met.")]

    def save() -> None:
        for _ in range(TIMES):
            task = Task.objects.get(pk=world.task.pk)
            version = task.update.version
            # Another save may come between: the form would come back with both, no error.
            with contextlib.suppress(StaleEdit):
                updates.update_save_draft(
                    task=task, user=fiona, items=items, next_steps="", version=version
                )

    def move(pk: int) -> None:
        for time in range(TIMES):
            task = Task.objects.get(pk=pk)
            rounds.task_move(task=task, direction="down" if time % 2 == 0 else "up")

    results = run_at_once(save, save, save, lambda: move(world.task.pk), lambda: move(second.pk))

    assert results == [None] * 5
    assert orders(world.round.tasks.all()) == [1, 2]
