"""setup_demo loads the demo: member entities, the sample documents, one login per role."""

import csv
import io
import re

import pytest
from django.contrib.auth import authenticate as django_authenticate
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from conftest import login_form
from emg.management.commands.setup_demo import (
    DEFAULT_DEMO_PASSWORD,
    ENTITIES_CSV,
    demo_users_ensure,
    entities_load,
)
from emg.models import Entity, Meeting, User
from emg.tests.factories import EntityFactory
from mandates.models import FocalPoint, Mandate
from mandates.tests.factories import MandateFactory

pytestmark = pytest.mark.django_db


def authenticate(**credentials):
    # The login lockout (django-axes) weighs every attempt with the request it came in.
    return django_authenticate(RequestFactory().post("/login/"), **credentials)


DEMO_LOGINS = {
    "secretariat": "Secretariat",
    "focalpoint": "Focal point",
    "senior": "Senior official",
    "admin": "superuser, Secretariat",
}


def setup_demo() -> str:
    out = io.StringIO()
    call_command("setup_demo", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def reference_entities() -> dict[str, dict]:
    with ENTITIES_CSV.open(newline="", encoding="utf-8") as file:
        return {row["acronym"]: row for row in csv.DictReader(file)}


def test_setup_demo_run_twice_creates_the_demo_users_once(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)

    first = setup_demo()
    second = setup_demo()

    assert User.objects.filter(username__in=DEMO_LOGINS).count() == len(DEMO_LOGINS)
    assert "Created: secretariat, focalpoint, senior, admin." in first
    assert "All demo users already existed." in second


def test_setup_demo_prints_every_login_with_its_password_and_role(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a password of our own")

    output = setup_demo()

    for username, role in DEMO_LOGINS.items():
        assert re.search(rf"^  {username} +/  a password of our own  /  {role}\b", output, re.M)
        assert authenticate(username=username, password="a password of our own") is not None


def test_the_demo_logins_open_their_home_page_through_the_login_page(monkeypatch, client):
    # The demo runs with DEBUG on: no second step is asked of the secretariat.
    monkeypatch.setenv("DEMO_PASSWORD", "a password of our own")
    setup_demo()

    for username in DEMO_LOGINS:
        response = client.post(reverse("login"), login_form(username, "a password of our own"))
        assert response.status_code == 302, username
        assert client.get(reverse("home")).status_code == 200, username
        client.post(reverse("logout"))


def test_setup_demo_uses_the_documented_password_when_none_is_set(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)

    output = setup_demo()

    assert f"secretariat  /  {DEFAULT_DEMO_PASSWORD}  /  Secretariat" in output
    assert authenticate(username="senior", password=DEFAULT_DEMO_PASSWORD) is not None


def test_setup_demo_gives_each_login_its_role_and_entity():
    setup_demo()

    users = {user.username: user for user in User.objects.filter(username__in=DEMO_LOGINS)}
    assert users["secretariat"].is_secretariat
    assert users["secretariat"].entity.acronym == "UNEP"
    assert users["focalpoint"].is_focal_point
    assert users["focalpoint"].entity.acronym == "UNEP"
    assert users["senior"].is_senior_official
    assert users["senior"].entity.acronym == "UNDP"
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert not users["secretariat"].is_staff


def test_setup_demo_loads_the_sample_documents_and_the_member_entities():
    setup_demo()

    assert Meeting.objects.filter(number=26).exists()
    assert Entity.objects.get(acronym="UNEP").name == "United Nations Environment Programme"
    assert Entity.objects.get(acronym="UNDP").name == "United Nations Development Programme"
    assert set(reference_entities()) <= set(Entity.objects.values_list("acronym", flat=True))


def test_setup_demo_makes_the_focal_point_report_for_environmental_sustainability_management():
    setup_demo()

    focal_point = FocalPoint.objects.get(user__username="focalpoint")
    assert "Environmental Sustainability Management" in focal_point.mandate.name
    assert focal_point.nominated_by.acronym == "UNEP"


def test_the_reference_entities_are_about_fifty_distinct_members_with_full_names():
    entities = reference_entities()

    assert len(entities) >= 50
    assert all(row["name"] and row["name"] != row["acronym"] for row in entities.values())
    assert {row["kind"] for row in entities.values()} <= set(Entity.Kind.values)
    for acronym in ("UNEP", "UNDP", "FAO", "WHO", "UN-Habitat", "UN Women", "World Bank", "GEF"):
        assert acronym in entities


def test_loading_entities_twice_creates_them_once_and_changes_nothing_the_second_time():
    assert entities_load() == (len(reference_entities()), 0)
    history = Entity.history.count()

    assert entities_load() == (0, 0)
    assert Entity.objects.count() == len(reference_entities())
    assert Entity.history.count() == history


def test_loading_entities_corrects_the_name_of_one_already_there():
    EntityFactory(acronym="UNEP", name="UNEP")

    created, updated = entities_load()

    assert updated == 1
    assert created == len(reference_entities()) - 1
    assert Entity.objects.get(acronym="UNEP").name == "United Nations Environment Programme"


def test_without_the_sustainability_img_the_focal_point_reports_for_the_first_mandate():
    entities_load()
    MandateFactory(name="Task Team on Beta", key="task_team:beta")
    MandateFactory(name="Issue Management Group on Alpha", key="img:alpha")

    demo_users_ensure(password="pw")

    assert FocalPoint.objects.get(user__username="focalpoint").mandate.name == (
        "Issue Management Group on Alpha"
    )


def test_the_focal_point_prefers_the_environmental_sustainability_management_img():
    entities_load()
    MandateFactory(name="Issue Management Group on Alpha", key="img:alpha")
    esm = MandateFactory(
        name="Issue Management Group on Environmental Sustainability Management",
        key="img:environmental sustainability management",
    )

    demo_users_ensure(password="pw")
    demo_users_ensure(password="pw")

    assert [fp.mandate for fp in FocalPoint.objects.filter(user__username="focalpoint")] == [esm]


def test_with_no_mandate_yet_the_focal_point_is_created_without_one():
    entities_load()

    results = demo_users_ensure(password="pw")

    assert Mandate.objects.count() == 0
    assert not FocalPoint.objects.exists()
    assert ("no mandate yet to report for") in [note for _, _, note in results]


def test_a_demo_password_changed_since_is_set_again():
    entities_load()
    demo_users_ensure(password="first")

    demo_users_ensure(password="second")

    assert authenticate(username="secretariat", password="second") is not None
    assert authenticate(username="secretariat", password="first") is None
