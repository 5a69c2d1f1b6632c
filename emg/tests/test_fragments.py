"""Fragments kept per content (emg/fragments.py, ``{% cached_include %}``): a page shown again
after no change is served from them, yet every change shows at once, with nothing invalidated,
and nobody gets another person's CSRF token or controls."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from emg import fragments
from mandates.models import Mandate
from workplans.models import Activity, Milestone

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


@pytest.fixture(autouse=True)
def _empty_store():
    fragments.store.clear()
    yield
    fragments.store.clear()


def plan_page(client, world) -> str:
    response = client.get(reverse("workplans:detail", kwargs={"pk": world.work_plan.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_a_page_shown_again_is_served_from_the_store(client_as, world):
    client = client_as(world.people["secretariat"])
    first = plan_page(client, world)
    kept = len(fragments.store.items)
    second = plan_page(client, world)
    assert kept == 1  # the plan's one outcome
    assert len(fragments.store.items) == kept
    masked_token = re.compile(r"\b[A-Za-z0-9]{64}\b")  # a masked CSRF token, new each request
    assert masked_token.sub("", first) == masked_token.sub("", second)
    assert "Draft the approach" in second


def test_an_edit_shows_at_once_without_invalidating_anything(client_as, world):
    client = client_as(world.people["secretariat"])
    assert "Draft the approach" in plan_page(client, world)
    # update() sends no signal: the page must notice the change by itself.
    Milestone.objects.filter(pk=world.milestone.pk).update(text="Circulate the approach")
    Activity.objects.filter(pk=world.activity.pk).update(title="A retitled activity")
    page = plan_page(client, world)
    assert "Circulate the approach" in page
    assert "Draft the approach" not in page
    assert "A retitled activity" in page


def test_a_renamed_mandate_shows_at_once_on_the_plan(client_as, world):
    client = client_as(world.people["secretariat"])
    assert world.mandate.name in plan_page(client, world)
    Mandate.objects.filter(pk=world.mandate.pk).update(name="Renamed issue management group")
    assert "Renamed issue management group" in plan_page(client, world)


def test_each_person_gets_forms_with_their_own_csrf_token(world):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(world.people["secretariat"])
    second.force_login(world.people["secretariat"])
    first_page, second_page = plan_page(first, world), plan_page(second, world)
    assert fragments.CSRF_PLACEHOLDER not in first_page + second_page
    first_tokens, second_tokens = TOKEN.findall(first_page), TOKEN.findall(second_page)
    assert first_tokens and second_tokens
    assert not set(first_tokens) & set(second_tokens)
    move = reverse("workplans:activity_move", kwargs={"pk": world.activity.pk})
    # Another session's token is refused; the page's own, taken from the kept rows, is accepted.
    refused = second.post(move, {"direction": "down", "csrfmiddlewaretoken": first_tokens[-1]})
    assert refused.status_code == 403
    accepted = second.post(move, {"direction": "down", "csrfmiddlewaretoken": second_tokens[-1]})
    assert accepted.status_code in (200, 302)


def test_a_reader_does_not_get_the_editors_controls(client_as, world):
    editor_page = plan_page(client_as(world.people["secretariat"]), world)
    assert "emg-wp-move" in editor_page
    reader_page = plan_page(client_as(world.people["senior_official"]), world)
    assert "Draft the approach" in reader_page
    assert "emg-wp-move" not in reader_page
    assert "csrfmiddlewaretoken" not in reader_page.split('id="plan-table"')[1]


def test_the_fingerprint_follows_every_value_shown(world):
    activity = Activity.objects.select_related("mandate").get(pk=world.activity.pk)
    before = fragments.fingerprint({"row": activity, "editing": True})
    assert before == fragments.fingerprint({"row": activity, "editing": True})
    assert before != fragments.fingerprint({"row": activity, "editing": False})
    activity.mandate.name = "Another name"
    assert before != fragments.fingerprint({"row": activity, "editing": True})
    activity.mandate.name = world.mandate.name
    activity.title = "Another title"
    assert before != fragments.fingerprint({"row": activity, "editing": True})
    assert fragments.fingerprint({"value": "1"}) != fragments.fingerprint({"value": 1})
