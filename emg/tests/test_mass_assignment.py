"""Fields a form does not offer cannot be set by posting them anyway.

First a sweep over every POST row of the permission matrix: its own data plus fields that no
person may set by posting (role, entity, staff and superuser flags, status, state, reviewer,
author, round, who submitted or accepted, ...), each left out where the page's form really has a
field of that name. The request answers as the matrix says, the posted marker text appears in no
row of the database, nobody becomes staff or changes role or entity, and no update is recorded
as written, submitted, returned or accepted by the focal point of another mandate (who never
acts in the world).

Then the risky forms one by one: the focal point's update (save and submit), the secretariat's
return, a mandate, a work plan's outcome and a decision."""

import re

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from emg.models import User
from emg.tests.test_permission_matrix import all_rows
from mandates.models import Mandate
from progress.models import Update
from workplans.models import WorkPlan

MARKER = "mass-assigned-9d41"
APPS = ("emg", "mandates", "workplans", "progress")
USER_FIELDS = ("author", "submitted_by", "returned_by", "accepted_by", "reviewer", "requested_by")
TEXT_FIELDS = (
    "role",
    "status",
    "state",
    "kind",
    "key",
    "reviewer_comment",
    "symbol",
    "label_style",
    "milestone_style",
    "outcome_numbering",
)
OTHER_FIELDS = (
    "is_staff",
    "is_superuser",
    "is_active",
    "entity",
    "round",
    "task",
    "work_plan",
    "revision",
    "submitted_at",
    "accepted_at",
    "returned_at",
    "approved_at",
    "created_at",
    "id",
    "pk",
)


def hostile_fields(world) -> dict[str, object]:
    intruder = world.people["other_focal_point"].pk
    fields = dict.fromkeys(USER_FIELDS, intruder)
    fields.update(dict.fromkeys(TEXT_FIELDS, MARKER))
    fields.update(dict.fromkeys(("is_staff", "is_superuser"), "on"))
    fields.update(
        {
            "is_active": "",
            "entity": world.entity.pk,
            "round": world.draft_round.pk,
            "task": world.task.pk,
            "work_plan": world.work_plan.pk,
            "revision": "7",
            "submitted_at": "2001-01-01 00:00",
            "accepted_at": "2001-01-01 00:00",
            "returned_at": "2001-01-01 00:00",
            "approved_at": "2001-01-01 00:00",
            "created_at": "2001-01-01 00:00",
            "id": "999999",
            "pk": "999999",
        }
    )
    return fields


def names_in_forms(page: str) -> set[str]:
    return set(re.findall(r'\sname="([^"]+)"', page))


def every_text_in_the_database() -> str:
    return repr(
        [
            list(model._default_manager.values_list())
            for label in APPS
            for model in apps.get_app_config(label).get_models()
        ]
    )


def privileges(user) -> tuple:
    user.refresh_from_db()
    return (user.role, user.entity_id, user.is_staff, user.is_superuser, user.is_active)


def acting_user(row) -> str:
    allowed = [
        user
        for user, status in row.statuses.items()
        if status in (200, 302) and user != "anonymous"
    ]
    return "secretariat" if "secretariat" in allowed or not allowed else allowed[0]


POSTS = [row for row in all_rows() if row.method == "post" and row.url != "logout"]


@pytest.mark.parametrize("row", POSTS, ids=[row.id for row in POSTS])
def test_no_post_sets_a_field_its_form_does_not_offer(row, world):
    name = acting_user(row)
    user = world.people[name]
    client = Client()
    client.force_login(user)
    url = reverse(row.url, kwargs=row.kwargs(world))
    page = client.get(url)
    is_html = page["Content-Type"].startswith("text/html") and not page.streaming
    offered = names_in_forms(page.content.decode()) if is_html else set()
    data = row.data(world)
    extras = {
        field: value
        for field, value in hostile_fields(world).items()
        if field not in offered and field not in data
    }
    everyone = [person for person in world.people.values() if person is not None]
    before = {person.pk: privileges(person) for person in everyone}

    response = client.post(url, {**data, **extras})

    assert response.status_code == row.statuses[name]
    assert MARKER not in every_text_in_the_database()
    assert {person.pk: privileges(person) for person in everyone} == before
    intruder = world.people["other_focal_point"]
    for field in ("author", "submitted_by", "returned_by", "accepted_by"):
        assert not Update.objects.filter(**{field: intruder}).exists(), field


# The risky forms, one by one.


@pytest.fixture
def fiona(world):
    client = Client()
    client.force_login(world.people["focal_point"])
    return client


@pytest.fixture
def alice(world):
    client = Client()
    client.force_login(world.people["secretariat"])
    return client


def update_data(world, **more) -> dict:
    return {
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "1",
        "items-0-status": "completed",
        "items-0-text": "The approach was agreed.",
        "next_steps": "Publish the approach",
        "version": world.update.version,
        **more,
    }


UPDATE_EXTRAS = {
    "state": "accepted",
    "reviewer_comment": "Accepted without review",
    "created_at": "2001-01-01 00:00",
}


def people_extras(world) -> dict:
    secretariat = world.people["secretariat"].pk
    return {
        "author": world.people["other_focal_point"].pk,
        "reviewer": secretariat,
        "accepted_by": secretariat,
        "submitted_by": world.people["other_focal_point"].pk,
        "task": world.task.pk,
        "round": world.draft_round.pk,
        "role": "secretariat",
        "entity": world.entity.pk,
        "is_staff": "on",
        "is_superuser": "on",
    }


def posted_with_extras(fiona, world, action: str) -> Update:
    """The focal point posts the task's update (``action``: "save" or "submit") with every field
    no form offers: accepted. The update as stored."""
    url = reverse("progress:task", kwargs={"pk": world.task.pk})
    data = update_data(world, **{action: ""}, **UPDATE_EXTRAS, **people_extras(world))

    response = fiona.post(url, data)

    assert response.status_code == 302
    return Update.objects.get(pk=world.update.pk)


def test_a_focal_point_saving_a_draft_sets_only_items_and_next_steps(fiona, world):
    update = posted_with_extras(fiona, world, "save")

    assert update.next_steps == "Publish the approach"
    assert update.state == Update.State.DRAFT
    assert update.author == world.people["focal_point"]
    assert update.submitted_by is None
    assert update.accepted_by is None
    assert update.reviewer_comment == ""
    assert update.task == world.task
    assert world.task.round == world.round
    fp = User.objects.get(pk=world.people["focal_point"].pk)
    assert (fp.role, fp.entity, fp.is_staff, fp.is_superuser) == (
        User.Role.FOCAL_POINT,
        world.people["focal_point"].entity,
        False,
        False,
    )


def test_a_focal_point_submitting_cannot_accept_or_name_someone_else(fiona, world):
    update = posted_with_extras(fiona, world, "submit")

    assert update.state == Update.State.SUBMITTED
    assert update.submitted_by == world.people["focal_point"]
    assert update.author == world.people["focal_point"]
    assert update.accepted_by is None
    assert update.accepted_at is None
    assert update.reviewer_comment == ""


def test_the_secretariat_returning_an_update_sets_only_the_comment_and_the_state(
    fiona, alice, world
):
    fiona.post(
        reverse("progress:task", kwargs={"pk": world.task.pk}), update_data(world, submit="")
    )
    url = reverse("progress:review", kwargs={"pk": world.task.pk})

    response = alice.post(
        url,
        {
            "comment": "Say when the group meets next.",
            "version": Update.objects.get(task=world.task).version,
            "state": "accepted",
            "next_steps": "Rewritten by the reviewer",
            "author": world.people["secretariat"].pk,
            "accepted_by": world.people["secretariat"].pk,
        },
    )

    assert response.status_code == 302
    update = Update.objects.get(pk=world.update.pk)
    assert update.state == Update.State.RETURNED
    assert update.reviewer_comment == "Say when the group meets next."
    assert update.next_steps == "Publish the approach"
    assert update.author == world.people["focal_point"]
    assert update.accepted_by is None


def test_editing_a_mandate_cannot_set_its_status_key_dates_or_deciding_decision(alice, world):
    mandate = world.mandate
    before = (mandate.status, mandate.start_date, mandate.end_date, mandate.status_decision_id)
    url = reverse("mandates:edit", kwargs={"pk": mandate.pk})

    response = alice.post(
        url,
        {
            "kind": mandate.kind,
            "name": "Issue Management Group on Alpha and Beta",
            "version": mandate.version,
            "status": "concluded",
            "key": "img:hijacked",
            "start_date": "2001-01-01",
            "end_date": "2001-12-31",
            "status_decision": world.decision.pk,
        },
    )

    assert response.status_code == 302
    mandate = Mandate.objects.get(pk=mandate.pk)
    assert mandate.name == "Issue Management Group on Alpha and Beta"
    # The key follows from the kind and the name, never from what was posted.
    assert mandate.key != "img:hijacked"
    assert (mandate.status, mandate.start_date, mandate.end_date, mandate.status_decision_id) == (
        before
    )


def test_editing_an_outcome_cannot_approve_the_plan_or_move_to_another_plan(alice, world):
    other_plan = WorkPlan.objects.create(
        title="EMG work plan 2023–2024", period_start=2023, period_end=2024
    )
    url = reverse("workplans:outcome_edit", kwargs={"pk": world.outcome.pk})

    response = alice.post(
        url,
        {
            "version": world.outcome.version,
            "heading": "Programmatic issues",
            "statement": "",
            "work_plan": other_plan.pk,
            "status": "approved",
            "revision": "3",
            "order": "9",
        },
    )

    assert response.status_code == 302
    world.outcome.refresh_from_db()
    world.work_plan.refresh_from_db()
    assert world.outcome.heading == "Programmatic issues"
    assert world.outcome.work_plan == world.work_plan
    assert world.outcome.order == 1
    assert world.work_plan.status == WorkPlan.Status.DRAFT
    assert world.work_plan.revision == 0


def test_a_decision_cannot_be_put_in_a_section_of_another_meeting(alice, world):
    from emg.models import Meeting
    from mandates.models import DecisionSection

    elsewhere = DecisionSection.objects.create(
        meeting=Meeting.objects.create(number=27, title="27th Senior Officials Meeting"),
        order=1,
        title="Elsewhere",
    )
    decision = world.decision
    url = reverse("decisions:edit", kwargs={"pk": decision.pk})

    response = alice.post(
        url,
        {
            "section": elsewhere.pk,
            "verb": decision.verb,
            "text": decision.text,
            "mandate": world.mandate.pk,
            "effective_until": "2021-12-31",
            "version": decision.version,
            "order": "5",
        },
    )

    assert response.status_code == 200  # the form again, with the error
    decision.refresh_from_db()
    assert decision.section == world.section
    assert decision.order == 1


def test_an_activity_cannot_be_moved_into_an_outcome_of_another_plan(alice, world):
    from workplans.tests.plan_builder import make_plan

    elsewhere = make_plan(1, outcomes=1, period=(2023, 2024)).outcomes.get()
    url = reverse("workplans:activity_edit", kwargs={"pk": world.activity.pk})

    response = alice.post(
        url,
        {
            "version": world.activity.version,
            "outcome": elsewhere.pk,
            "title": "Issue Management Group on Alpha",
            "mandate": world.mandate.pk,
            "start_period": "month-10",
            "start_year": 2021,
            "end_period": "quarter-2",
            "end_year": 2022,
        },
    )

    assert response.status_code == 422  # the form again, with the error at the outcome
    assert "outcome" in response.context["form"].errors
    world.activity.refresh_from_db()
    assert world.activity.outcome == world.outcome
