"""setup_demo loads the demo: member entities, the sample documents, one login per role, and the
current cycle relative to today (emg.demo)."""

import csv
import datetime
import io
import re

import pytest
import time_machine
from django.apps import apps
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
from emg.models import Document, Entity, Meeting, MeetingPack, Session, User
from emg.tests.factories import EntityFactory
from mandates.models import FocalPoint, Mandate
from mandates.tests.factories import MandateFactory
from progress.models import ReportingRound, Update
from workplans.models import WorkPlan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _packs_in_a_directory_of_their_own(private_files):
    """The demo prints its upcoming meeting's pack."""


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


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_setup_demo_run_a_second_time_writes_no_row_at_all():
    setup_demo()
    first = row_counts()

    output = setup_demo()

    assert row_counts() == first
    assert "already there, nothing to add." in output


# A Monday: the meeting six weeks on is a Monday too.
TODAY = datetime.datetime(2031, 3, 3, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def demo_of_today():
    with time_machine.travel(TODAY, tick=False):
        setup_demo()
        yield TODAY.date()


def test_the_demo_has_the_next_som_six_weeks_from_today_with_its_sessions_and_agenda(
    demo_of_today,
):
    latest_imported = 27  # named by the 2021-2022 work plan, which SOM 27 approved
    meeting = Meeting.objects.get(number=latest_imported + 1)

    sessions = {session.segment: session for session in meeting.sessions.all()}
    assert sessions[Session.Segment.TECHNICAL].date == datetime.date(2031, 4, 14)
    assert sessions[Session.Segment.SENIOR].date == datetime.date(2031, 4, 15)
    assert meeting.agenda_items.count() >= 3
    kinds = set(meeting.documents.values_list("kind", flat=True))
    assert kinds == {Document.Kind.ANNOTATED_AGENDA, Document.Kind.PROGRESS_REPORT}
    assert meeting.documents.get(kind=Document.Kind.PROGRESS_REPORT).agenda_item is not None
    pack = meeting.packs.get()
    assert pack.status == MeetingPack.Status.READY
    assert pack.page_count >= 4  # cover, agenda, contents, then the documents


def test_the_demo_round_is_open_until_after_today_with_an_update_in_every_state(demo_of_today):
    report_round = ReportingRound.objects.get(meeting__number=28)

    assert report_round.state == ReportingRound.State.OPEN
    assert report_round.opens_on < demo_of_today < report_round.deadline
    updates = Update.objects.filter(task__round=report_round)
    assert set(updates.values_list("state", flat=True)) == set(Update.State.values)
    assert updates.get(state=Update.State.RETURNED).reviewer_comment
    assert report_round.tasks.filter(update__isnull=True).exists()
    focal_point = FocalPoint.objects.get(user__username="focalpoint")
    assert set(report_round.tasks.values_list("mandate", flat=True)) == {focal_point.mandate_id}


def test_the_demo_work_plan_is_under_revision_with_a_change_since_rev_1(demo_of_today, client):
    plan = WorkPlan.objects.get(period_start=2021)
    client.force_login(User.objects.get(username="secretariat"))

    assert list(plan.revisions.values_list("number", flat=True).order_by("number")) == [0, 1]
    assert plan.revision == 1
    diff = client.get(reverse("workplans:diff", args=[plan.pk]), {"from": 0, "to": 1})
    assert "Guidance note on sustainable procurement" in diff.content.decode()
    assert "Adds the guidance note" in diff.content.decode()  # the revision's note


def home_of(client, username: str) -> str:
    client.force_login(User.objects.get(username=username))
    return client.get(reverse("home")).content.decode()


def test_the_secretariat_finds_on_its_home_the_submitted_update_to_review(demo_of_today, client):
    submitted = Update.objects.get(state=Update.State.SUBMITTED)

    home = home_of(client, "secretariat")

    assert submitted.task.text in home
    assert "Progress report for SOM 28" in home


def test_the_focal_point_finds_the_returned_update_first_among_the_rounds_tasks(
    demo_of_today, client
):
    returned = Update.objects.get(state=Update.State.RETURNED).task

    home = home_of(client, "focalpoint")

    tasks = ReportingRound.objects.get(meeting__number=28).tasks.all()
    places = {task.text: home.index(task.text) for task in tasks}
    assert min(places, key=places.get) == returned.text


def test_the_senior_official_finds_the_upcoming_meeting_and_its_pack(demo_of_today, client):
    pack = MeetingPack.objects.get(meeting__number=28)

    home = home_of(client, "senior")

    assert "SOM 28" in home
    assert reverse("packs:download", kwargs={"number": 28, "pk": pack.pk}) in home
