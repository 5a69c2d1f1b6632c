"""No lost updates in the edit forms of reporting rounds, their sections and tasks, and in a focal
point's update: of saves opened on the same version exactly one is accepted, the others are
refused with the conflict shown (emg/tests/concurrency.py)."""

import pytest
from django.urls import reverse

from emg.models import User
from emg.tests.concurrency import EditForm, check_save_after_someone_else, check_saves_at_once
from emg.tests.factories import UserFactory
from mandates.tests.factories import FocalPointFactory
from progress.models import ReportingRound, ReportSection, Task, Update


def round_typed(world, n):
    return {
        "title": f"Progress Report, 26th SOM, as person {n} heads it",
        "opens_on": "2020-09-01",
        "deadline": f"2020-09-{n + 2:02d}",
    }


def round_stored(world):
    report_round = ReportingRound.objects.get(pk=world.draft_round.pk)
    return {"title": report_round.title, "deadline": report_round.deadline.isoformat()}


def section_url(world):
    return reverse("progress:round_section_edit", kwargs={"pk": world.round.sections.get().pk})


def task_typed(world, n):
    return {
        "mandate": world.mandate.pk,
        "section": world.task.section_id,
        "text": f"Agree on the approach, as person {n} words it",
    }


def update_typed(world, n):
    return {
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "1",
        "items-0-status": "ongoing",
        "items-0-text": f"The drafting group met {n} times.",
        "next_steps": f"Share draft {n}",
        "save": "",
    }


def update_stored(world):
    update = Update.objects.get(pk=world.update.pk)
    (item,) = update.items.all()  # one item, not one per save
    return {"items-0-text": item.text, "next_steps": update.next_steps}


FORMS = [
    EditForm(
        "round",
        lambda world: reverse("progress:round_edit", kwargs={"pk": world.draft_round.pk}),
        round_typed,
        round_stored,
        thing="reporting round",
        text="title",
    ),
    EditForm(
        "report section",
        section_url,
        lambda world, n: {"title": f"Collaboration, as person {n} heads it"},
        lambda world: {"title": ReportSection.objects.get(round=world.round).title},
        thing="report section",
        text="title",
    ),
    EditForm(
        "round task",
        lambda world: reverse("progress:round_task_edit", kwargs={"pk": world.task.pk}),
        task_typed,
        lambda world: {"text": Task.objects.get(pk=world.task.pk).text},
        thing="task",
        text="text",
    ),
    EditForm(
        "update",
        lambda world: reverse("progress:task", kwargs={"pk": world.task.pk}),
        update_typed,
        update_stored,
        thing="update",
        text="items-0-text",
        user="focal_point",
    ),
]


@pytest.fixture
def colleague(world):
    """Another secretariat member for the secretariat's forms; another focal point of the task's
    mandate for the update."""
    return {
        "secretariat": UserFactory(
            username="bob",
            first_name="Bob",
            last_name="Brown",
            role=User.Role.SECRETARIAT,
            entity=world.entity,
        ),
        "focal_point": FocalPointFactory(mandate=world.mandate).user,
    }


@pytest.mark.postgresql(reason="saves at once need writers that meet; SQLite serialises them")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("form", FORMS, ids=[form.id for form in FORMS])
def test_of_twenty_saves_opened_on_one_version_exactly_one_is_accepted(form, world):
    check_saves_at_once(form, world)


@pytest.mark.django_db
@pytest.mark.parametrize("form", FORMS, ids=[form.id for form in FORMS])
def test_a_save_after_someone_elses_is_refused_then_replaces_on_purpose(form, world, colleague):
    check_save_after_someone_else(form, world, colleague[form.user])
