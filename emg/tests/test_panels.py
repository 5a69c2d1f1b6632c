"""The registry of panels (emg.home): which page a panel goes on, what it is given, the history
it adds to a meeting's for those who get it, and its forms' CSRF tokens."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from emg import home
from emg.models import Meeting, User
from emg.tests.form_pages import page_of
from mandates.models import DecisionSection

pytestmark = pytest.mark.django_db


def detail_url(number) -> str:
    return reverse("meetings:detail", kwargs={"number": number})


def test_meeting_panels_stay_off_the_home_page_and_home_panels_off_the_meeting_page(
    secretariat,
):
    home_panels = {panel.name for panel in home.panels_for(secretariat)}
    meeting_panels = {panel.name for panel in home.panels_for(secretariat, home.MEETING)}

    assert "mandates.decisions" in meeting_panels
    assert "mandates.ending" in home_panels and "emg.coming_sessions" in home_panels
    assert not home_panels & meeting_panels


def test_a_meeting_panel_is_given_the_request_and_the_meeting(rf, world, secretariat):
    seen = []

    @home.panel(
        "tests.meeting_number",
        title="Number",
        template="emg/includes/empty.html",
        page=home.MEETING,
        history=lambda meeting: [Meeting.history.filter(id=meeting.pk)],
    )
    def number(request, meeting):
        seen.append((request.user, meeting))
        return {"text": f"Number {meeting.number}"}

    try:
        request = rf.get("/")
        request.user = secretariat
        panels = home.panels_for(secretariat, home.MEETING)
        (panel,) = [p for p in panels if p.name == "tests.meeting_number"]
        html = panel.render(request, world.meeting)
        sources = home.history_sources(home.MEETING, world.meeting, secretariat)
    finally:
        del home._panels["tests.meeting_number"]

    assert "Number 26" in html
    assert seen == [(secretariat, world.meeting)]
    assert any(qs.model is Meeting.history.model for qs in sources)


def test_a_meetings_history_holds_a_panels_changes_for_those_who_get_the_panel_only(
    client_as, world
):
    """A panel shown to the secretariat alone keeps what it shows out of everyone else's
    history of the meeting."""
    from emg.models import Entity

    note = Entity.objects.create(acronym="INTERNAL", name="A secretariat-only record")
    home.panel(
        "tests.secretariat_only",
        title="Secretariat only",
        template="emg/includes/empty.html",
        page=home.MEETING,
        roles=[User.Role.SECRETARIAT],
        history=lambda meeting: [Entity.history.filter(id=note.pk)],
    )(lambda request, meeting: {})
    url = reverse("meetings:history", kwargs={"number": world.meeting.number})
    try:
        pages = {
            role: client_as(world.people[role]).get(url).content.decode()
            for role in ("secretariat", "senior_official", "focal_point", "other_focal_point")
        }
    finally:
        del home._panels["tests.secretariat_only"]

    assert "A secretariat-only record" in pages.pop("secretariat")
    for role, page in pages.items():
        assert "A secretariat-only record" not in page, role
        assert str(world.meeting) in page


def test_a_panels_forms_carry_a_csrf_token_the_site_accepts(world, secretariat):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)
    page = page_of(client, detail_url(26))
    panel = page[page.index('id="panel-mandates-decisions"') :]
    form = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)".*?'
        r'<button type="submit" formaction="([^"]*/delete/)"',
        panel,
        re.S,
    )
    token, action = form.groups()
    sections = DecisionSection.objects.filter(meeting__number=26).count()

    response = client.post(action, {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert DecisionSection.objects.filter(meeting__number=26).count() == sections - 1


def test_a_panel_offers_edits_by_the_users_rights(client_as, world, secretariat, senior_official):
    assert "Add decision section" in page_of(client_as(secretariat), detail_url(26))
    assert "Add decision section" not in page_of(client_as(senior_official), detail_url(26))
