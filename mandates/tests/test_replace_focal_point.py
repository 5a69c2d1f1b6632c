"""Replacing a focal point of a mandate: the successor takes over, nominated by the same entity,
with the drafts of the open rounds; the mandate's history says who replaced whom."""

import pytest
from django.urls import reverse

from mandates.models import FocalPoint
from mandates.services import focal_point_replace
from progress.models import ReportingRound, Task, Update

pytestmark = pytest.mark.django_db


def replace_url(world):
    return reverse("mandates:focal_point_replace", kwargs={"pk": world.focal_point_row.pk})


def test_the_successor_takes_over_the_nomination_and_the_drafts_of_the_open_round(world, client_as):
    former, successor = world.people["focal_point"], world.people["other_focal_point"]
    submitted_task = Task.objects.create(
        round=world.round, mandate=world.mandate, order=2, text="Publish the approach"
    )
    submitted = Update.objects.create(
        task=submitted_task, author=former, state=Update.State.SUBMITTED
    )

    response = client_as(world.people["secretariat"]).post(
        replace_url(world), {"user": successor.pk}
    )

    assert response.status_code == 302
    row = FocalPoint.objects.get(mandate=world.mandate)
    assert (row.user, row.nominated_by) == (successor, world.focal_point_row.nominated_by)
    world.update.refresh_from_db()
    assert world.update.author == successor
    assert "Handed over" in world.update.history.first().history_change_reason
    submitted.refresh_from_db()
    assert submitted.author == former  # with the secretariat already: not theirs to finish


def test_the_mandates_history_says_who_replaced_whom(world, client_as):
    former, successor = world.people["focal_point"], world.people["other_focal_point"]
    client = client_as(world.people["secretariat"])
    client.post(replace_url(world), {"user": successor.pk})

    page = client.get(reverse("mandates:history", kwargs={"pk": world.mandate.pk}))

    text = page.content.decode()
    assert f"Replaced by {successor}." in text
    assert f"Takes over from {former}." in text


def test_drafts_of_a_closed_round_stay_with_their_author(world):
    former, successor = world.people["focal_point"], world.people["other_focal_point"]
    ReportingRound.objects.filter(pk=world.round.pk).update(state=ReportingRound.State.CLOSED)

    focal_point_replace(focal_point=world.focal_point_row, user=successor)

    world.update.refresh_from_db()
    assert world.update.author == former


def test_someone_already_focal_point_of_the_mandate_is_refused_next_to_the_field(world, client_as):
    from mandates.tests.factories import FocalPointFactory

    colleague = world.people["other_focal_point"]
    FocalPointFactory(mandate=world.mandate, user=colleague, nominated_by=world.entity)

    response = client_as(world.people["secretariat"]).post(
        replace_url(world), {"user": colleague.pk}
    )

    assert response.status_code == 200
    assert "Choose one of the people listed" in response.context["form"].errors["user"][0]
    assert FocalPoint.objects.filter(user=world.people["focal_point"]).exists()


def test_a_deactivated_person_cannot_take_over(world, client_as):
    successor = world.people["other_focal_point"]
    successor.is_active = False
    successor.save()

    response = client_as(world.people["secretariat"]).post(
        replace_url(world), {"user": successor.pk}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["user"]


def test_a_replacement_posted_twice_answers_not_found_the_second_time(world, client_as):
    client = client_as(world.people["secretariat"])
    data = {"user": world.people["other_focal_point"].pk}

    assert client.post(replace_url(world), data).status_code == 302
    assert client.post(replace_url(world), data).status_code == 404


def test_the_person_page_offers_to_replace_them_as_focal_point(world, client_as):
    page = client_as(world.people["secretariat"]).get(
        reverse("people:detail", kwargs={"pk": world.people["focal_point"].pk})
    )

    assert replace_url(world) in page.content.decode()
