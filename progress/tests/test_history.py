"""A task's history shows each reader what the task's page would have shown them: the secretariat
every change; a focal point the task from its round's opening, with the drafts and the comments
sent back to them; a senior official the update as accepted, without the reviewer's comments."""

import re
from html import unescape

import pytest
from django.urls import reverse

from progress.models import Status, Update
from progress.services import rounds
from progress.services.updates import (
    ItemData,
    update_accept,
    update_return,
    update_save_draft,
    update_submit,
)

pytestmark = pytest.mark.django_db

# What the secretariat wrote while preparing the round, and the update's earlier lives.
PREPARED = "Prepared wording of the task"
DRAFTS = ("Words of the first draft", "Steps of the first draft")
SUBMITTED = ("Words of the first submission", "Steps of the first submission")
COMMENT = "Internal: the figures do not match the annex"
OPENED = "Wording of the task as the round opened"
ACCEPTED = ("Words as accepted", "Steps as accepted")


def a_task_lived_through(world):
    """A task prepared, worded again and opened; its update drafted, submitted, returned with a
    comment, submitted again and accepted."""
    focal_point, secretariat = world.people["focal_point"], world.people["secretariat"]
    task = rounds.task_add(report_round=world.draft_round, mandate=world.mandate, text=PREPARED)
    rounds.task_update(
        task=task, version=task.version, mandate=world.mandate, text=OPENED, section=None
    )
    rounds.round_open(report_round=world.draft_round)

    def write(action, words, steps, version):
        return action(
            task=task,
            user=focal_point,
            items=[ItemData(Status.ONGOING, words)],
            next_steps=steps,
            version=version,
        )

    update = write(update_save_draft, *DRAFTS, version=0)
    update = write(update_submit, *SUBMITTED, version=update.version)
    update = update_return(update=update, version=update.version, user=secretariat, comment=COMMENT)
    update = write(update_submit, *ACCEPTED, version=update.version)
    update_accept(update=update, version=update.version, user=secretariat)
    assert Update.objects.get(task=task).state == Update.State.ACCEPTED
    return task


def text_of(response) -> str:
    assert response.status_code == 200
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", unescape(html))


@pytest.mark.parametrize(
    "role, shown, hidden",
    [
        ("secretariat", (PREPARED, OPENED, *DRAFTS, *SUBMITTED, COMMENT, *ACCEPTED), ()),
        ("focal_point", (OPENED, *DRAFTS, *SUBMITTED, COMMENT, *ACCEPTED), (PREPARED,)),
        (
            "senior_official",
            (OPENED, *ACCEPTED),
            (PREPARED, *DRAFTS, *SUBMITTED, COMMENT, "Reviewer's comment"),
        ),
    ],
)
def test_a_tasks_history_shows_each_reader_what_the_page_would_show_them(
    client_as, world, role, shown, hidden
):
    task = a_task_lived_through(world)
    client = client_as(world.people[role])

    page = text_of(client.get(reverse("progress:task", args=[task.pk])))
    history = text_of(client.get(reverse("progress:task_history", args=[task.pk])))

    for text in shown:
        assert text in history
    for text in hidden:
        assert text not in page
        assert text not in history


def test_another_mandates_focal_point_gets_no_history_of_the_task(client_as, world):
    task = a_task_lived_through(world)
    response = client_as(world.people["other_focal_point"]).get(
        reverse("progress:task_history", args=[task.pk])
    )
    assert response.status_code == 404
