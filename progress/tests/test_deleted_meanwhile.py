"""A reporting round's sections and tasks added or moved after someone deleted the round, the
section or the row itself since the page was read: a 404, as reading the page again would
answer, never a server error, and nothing half-saved. (Transactional tests: the database checks
what refers to what when the transaction commits.)"""

import pytest
from django.http import Http404

from progress.models import ReportingRound, ReportSection, Task
from progress.services import rounds

pytestmark = pytest.mark.django_db(transaction=True)

ADDED = "Added after the delete"


def add_section(world, section):
    rounds.section_add(report_round=world.draft_round, title=ADDED)


def add_task(world, section):
    rounds.task_add(
        report_round=world.draft_round, mandate=world.mandate, text=ADDED, section=section
    )


@pytest.mark.parametrize(
    ("add", "added"),
    [
        (add_section, ReportSection.objects.filter(title=ADDED)),
        (add_task, Task.objects.filter(text=ADDED)),
    ],
    ids=["section", "task"],
)
def test_a_row_added_to_a_round_deleted_meanwhile_is_not_found(world, add, added):
    ReportingRound.objects.filter(pk=world.draft_round.pk).delete()

    with pytest.raises(Http404):
        add(world, None)

    assert not added.exists()


def test_a_task_added_to_a_section_deleted_meanwhile_is_not_found(world):
    section = ReportSection.objects.create(round=world.draft_round, order=1, title="I")
    ReportSection.objects.filter(pk=section.pk).delete()

    with pytest.raises(Http404):
        add_task(world, section)

    assert not Task.objects.filter(text=ADDED).exists()


def second_section(world):
    return ReportSection(round=world.round, order=2, title="II")


def second_task(world):
    return Task(
        round=world.round, section=world.task.section, mandate=world.mandate, order=2, text="B"
    )


@pytest.mark.parametrize(
    ("second", "move"),
    [
        (second_section, lambda section: rounds.section_move(section=section, direction="up")),
        (second_task, lambda task: rounds.task_move(task=task, direction="up")),
    ],
    ids=["section", "task"],
)
def test_a_row_deleted_meanwhile_is_not_found_when_moved(world, second, move):
    row = second(world)
    siblings = type(row).objects.filter(round=world.round)
    before = list(siblings.values_list("pk", "order"))
    row.save()
    type(row).objects.filter(pk=row.pk).delete()

    with pytest.raises(Http404):
        move(row)

    assert list(siblings.values_list("pk", "order")) == before
