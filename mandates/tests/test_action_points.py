"""Action points: which decisions ask someone to act, and who is to act on them by when, as the
secretariat records it on the decision's form."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from emg.tests.form_pages import field_errors, text_of
from mandates import services
from mandates.models import Decision
from mandates.tests.test_decisions import decision_form

pytestmark = pytest.mark.django_db


def decision(world, verb, *, parent=None, order=None, text="Do it."):
    return Decision.objects.create(
        section=world.section,
        parent=parent,
        order=order or world.section.decisions.count() + 1,
        verb=verb,
        text=text,
    )


@pytest.mark.parametrize("verb", ["request", "invite", "encourage", "establish", "extend"])
def test_decisions_that_ask_for_action_are_action_points(world, verb):
    asked = decision(world, verb)

    assert asked in Decision.objects.action_points()


@pytest.mark.parametrize(
    "verb", ["take_note", "welcome", "endorse", "conclude", "transfer", "other"]
)
def test_decisions_that_ask_nobody_to_act_are_not_action_points(world, verb):
    noted = decision(world, verb)

    assert noted not in Decision.objects.action_points()


def test_a_lead_ins_items_are_action_points_and_the_lead_in_is_not(world):
    lead_in = decision(world, "request", text="Request the group to:")
    item = decision(world, "other", parent=lead_in, order=1, text="prepare a report;")
    welcomed = decision(world, "welcome", parent=lead_in, order=2, text="welcome the report;")
    noted = decision(world, "take_note", text="Take note of:")
    under_note = decision(world, "other", parent=noted, order=1, text="the calendar.")

    points = set(Decision.objects.action_points())

    assert item in points
    assert lead_in not in points
    assert welcomed not in points
    assert under_note not in points


def edit_url(world):
    return reverse("decisions:edit", kwargs={"pk": world.decision.pk})


def test_the_secretariat_says_which_entities_are_to_act_and_by_when(client_as, world, secretariat):
    response = client_as(secretariat).post(
        edit_url(world),
        decision_form(
            world,
            version=world.decision.version,
            actor="entities",
            entities=[world.entity.pk],
            due_date="2021-06-30",
        ),
    )

    assert response.status_code == 302
    world.decision.refresh_from_db()
    assert world.decision.actor == Decision.Actor.ENTITIES
    assert list(world.decision.entities.all()) == [world.entity]
    assert world.decision.due_date == datetime.date(2021, 6, 30)
    history = world.decision.history.first()
    assert [row.entity_id for row in history.entities.all()] == [world.entity.pk]
    page = client_as(secretariat).get(
        reverse("decisions:history", kwargs={"pk": world.decision.pk})
    )
    assert page.status_code == 200
    assert "To act" in text_of(page.content.decode())


def test_left_empty_the_mandate_addressed_is_to_act(client_as, world, secretariat):
    client_as(secretariat).post(
        edit_url(world), decision_form(world, version=world.decision.version, due_next_som="on")
    )

    world.decision.refresh_from_db()
    assert world.decision.actor == Decision.Actor.MANDATE
    assert world.decision.due_next_som


def test_entities_to_act_must_be_named(client_as, world, secretariat):
    response = client_as(secretariat).post(
        edit_url(world), decision_form(world, version=world.decision.version, actor="entities")
    )

    assert response.status_code == 200
    assert field_errors(response.content.decode(), "entities") == [
        "Name the entities that are to act."
    ]
    world.decision.refresh_from_db()
    assert world.decision.actor == Decision.Actor.SECRETARIAT


def test_a_deadline_is_a_date_or_the_next_som_not_both(client_as, world, secretariat):
    response = client_as(secretariat).post(
        edit_url(world),
        decision_form(
            world, version=world.decision.version, due_date="2021-06-30", due_next_som="on"
        ),
    )

    assert field_errors(response.content.decode(), "due_date") == [
        "Give a date or the next SOM as the deadline, not both."
    ]


def test_the_mandate_cannot_act_on_a_decision_addressed_to_none(client_as, world, secretariat):
    world.section.mandate = None
    world.section.save()

    response = client_as(secretariat).post(
        edit_url(world),
        decision_form(
            world, version=world.decision.version, mandate="", verb="request", actor="mandate"
        ),
    )

    assert field_errors(response.content.decode(), "actor") == [
        "The decision is addressed to no mandate: say which mandate it is about, or who else "
        "is to act."
    ]


def test_who_acts_saved_over_a_colleagues_change_is_refused(client_as, world, secretariat):
    opened = world.decision.version
    client = client_as(secretariat)
    client.post(edit_url(world), decision_form(world, version=opened, due_next_som="on"))

    response = client.post(
        edit_url(world),
        decision_form(world, version=opened, actor="entities", entities=[world.entity.pk]),
    )

    assert response.status_code == 409
    assert f"{secretariat} changed this decision on" in text_of(response.content.decode())
    world.decision.refresh_from_db()
    assert world.decision.actor == Decision.Actor.MANDATE
    assert not world.decision.entities.exists()


def test_the_service_refuses_entities_when_the_mandate_acts(world, undp):
    with pytest.raises(ValidationError, match="only when entities are to act"):
        services.decision_update(
            decision=world.decision,
            version=world.decision.version,
            section=world.section,
            verb=world.decision.verb,
            text=world.decision.text,
            mandate=world.mandate,
            effective_until=world.decision.effective_until,
            actor=Decision.Actor.MANDATE,
            entities=[undp],
        )


def test_a_decision_recorded_without_an_actor_is_its_mandates(world):
    recorded = services.decision_record(
        section=world.section, verb="request", text="Request a study.", mandate=None
    )

    assert recorded.actor == Decision.Actor.MANDATE  # the section is about world.mandate
