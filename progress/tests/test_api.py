"""What the API's rounds, tasks and updates give each reader: what the reporting pages show
them, and never another mandate's drafts. Also the API's numbering of plans and decisions,
which must be the documents' own."""

import pytest

from progress.models import Status, Task, Update, UpdateItem

TASKS, UPDATES = "/api/v1/tasks/", "/api/v1/updates/"


@pytest.fixture
def other_draft(world):
    """A draft update on a task of the other mandate, in the same open round."""
    task = Task.objects.create(
        round=world.round, mandate=world.other_mandate, order=2, text="Map the Omega work"
    )
    update = Update.objects.create(task=task, next_steps="Secret next steps of Omega")
    UpdateItem.objects.create(update=update, order=1, status=Status.ONGOING, text="Omega draft")
    return update


def ids(response) -> list[int]:
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def test_a_focal_point_never_gets_another_mandates_drafts(client_as, world, other_draft):
    client = client_as(world.people["focal_point"])

    assert ids(client.get(UPDATES)) == [world.update.pk]
    assert ids(client.get(TASKS)) == [world.task.pk]
    assert client.get(f"{UPDATES}{other_draft.pk}/").status_code == 404
    assert "Omega" not in client.get(f"{UPDATES}?mandate={world.other_mandate.pk}").content.decode()


def test_the_focal_point_of_the_other_mandate_gets_only_theirs(client_as, world, other_draft):
    client = client_as(world.people["other_focal_point"])

    assert ids(client.get(UPDATES)) == [other_draft.pk]
    assert client.get(f"{UPDATES}{world.update.pk}/").status_code == 404


def test_a_senior_official_gets_only_accepted_progress(client_as, world, other_draft):
    client = client_as(world.people["senior_official"])
    assert ids(client.get(UPDATES)) == []

    Update.objects.filter(pk=world.update.pk).update(state=Update.State.ACCEPTED)

    assert ids(client.get(UPDATES)) == [world.update.pk]
    assert ids(client.get(TASKS)) == [world.task.pk]
    update = client.get(f"{UPDATES}{world.update.pk}/").json()
    assert update["items"] == [
        {
            "status": "ongoing",
            "lead": "Ongoing:",
            "text": "The drafting group met.",
            "target_date": None,
        }
    ]


def test_the_secretariat_gets_every_update_and_filters_them(client_as, world, other_draft):
    client = client_as(world.people["secretariat"])

    assert sorted(ids(client.get(UPDATES))) == sorted([world.update.pk, other_draft.pk])
    assert ids(client.get(f"{UPDATES}?mandate={world.other_mandate.pk}")) == [other_draft.pk]
    assert ids(client.get(f"{UPDATES}?state=accepted")) == []
    assert client.get(f"{UPDATES}?state=approved").status_code == 400
    assert client.get(f"{TASKS}?progress=sent").status_code == 400


def test_a_round_being_prepared_is_the_secretariats(client_as, world):
    rounds = "/api/v1/rounds/"

    assert world.draft_round.pk in ids(client_as(world.people["secretariat"]).get(rounds))
    assert ids(client_as(world.people["focal_point"]).get(rounds)) == [world.round.pk]


def test_a_task_says_where_it_stands(client_as, world):
    task = client_as(world.people["focal_point"]).get(f"{TASKS}{world.task.pk}/").json()

    assert task["progress"] == "draft"
    assert task["update"] == world.update.pk
    assert task["mandate"] == world.mandate.pk


def test_a_work_plan_comes_numbered_and_cited_as_it_prints(client_as, world):
    from workplans.models import Milestone

    Milestone.objects.create(activity=world.activity, order=2, text="Adopt the approach")
    plan = client_as(world.people["senior_official"]).get(
        f"/api/v1/work-plans/{world.work_plan.pk}/"
    )

    outcome = plan.json()["outcomes"][0]
    activity = outcome["activities"][0]
    assert (outcome["label"], outcome["reference"]) == ("I.", "I")
    assert (activity["label"], activity["reference"]) == ("1.", "1")
    assert [(m["label"], m["reference"]) for m in activity["milestones"]] == [
        ("(a)", "1.(a)"),
        ("(b)", "1.(b)"),
    ]


def test_a_decision_is_named_as_the_action_points_name_it(client_as, world):
    decision = client_as(world.people["focal_point"]).get(f"/api/v1/decisions/{world.decision.pk}/")

    assert decision.json()["name"] == "I. a)"
    assert decision.json()["meeting"] == 26
