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


def test_a_section_added_to_a_round_deleted_meanwhile_is_not_found(world):
    ReportingRound.objects.filter(pk=world.draft_round.pk).delete()

    with pytest.raises(Http404):
        rounds.section_add(report_round=world.draft_round, title=ADDED)

    assert not ReportSection.objects.filter(title=ADDED).exists()


def test_a_task_added_to_a_round_deleted_meanwhile_is_not_found(world):
    ReportingRound.objects.filter(pk=world.draft_round.pk).delete()

    with pytest.raises(Http404):
        rounds.task_add(report_round=world.draft_round, mandate=world.mandate, text=ADDED)

    assert not Task.objects.filter(text=ADDED).exists()


def test_a_task_added_to_a_section_deleted_meanwhile_is_not_found(world):
    section = ReportSection.objects.create(round=world.draft_round, order=1, title="I")
    ReportSection.objects.filter(pk=section.pk).delete()

    with pytest.raises(Http404):
        rounds.task_add(
            report_round=world.draft_round, mandate=world.mandate, text=ADDED, section=section
        )

    assert not Task.objects.filter(text=ADDED).exists()


def test_a_section_deleted_meanwhile_is_not_found_when_moved(world):
    second = ReportSection.objects.create(round=world.round, order=2, title="II")
    ReportSection.objects.filter(pk=second.pk).delete()

    with pytest.raises(Http404):
        rounds.section_move(section=second, direction="up")

    assert list(world.round.sections.values_list("order", flat=True)) == [1]


def test_a_task_deleted_meanwhile_is_not_found_when_moved(world):
    second = Task.objects.create(
        round=world.round, section=world.task.section, mandate=world.mandate, order=2, text="B"
    )
    Task.objects.filter(pk=second.pk).delete()

    with pytest.raises(Http404):
        rounds.task_move(task=second, direction="up")

    assert list(world.round.tasks.values_list("pk", "order")) == [(world.task.pk, 1)]
