"""The secretariat prepares and opens a round in a real browser: a new round for SOM 27 gets its
tasks proposed from SOM 26's action points, one is dropped, a section is renamed, a task edited,
the round opened, and the dashboard shows the focal point's task not started."""

import datetime

import pytest
from playwright.sync_api import expect

from emg.models import Meeting
from emg.tests.browser import sign_in
from mandates.models import Decision, DecisionSection
from progress.models import ReportingRound

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_secretariat_opens_a_round_with_proposed_tasks_and_follows_it_on_the_dashboard(
    page, secretariat, focal_point, mandate
):
    som26 = Meeting.objects.create(number=26)
    section = DecisionSection.objects.create(
        meeting=som26, order=1, title=mandate.name, mandate=mandate
    )
    for order, verb, text in [
        (1, Decision.Verb.REQUEST, "Request the group to map its members' work."),
        (2, Decision.Verb.TAKE_NOTE, "Take note of the group's report."),
        (3, Decision.Verb.INVITE, "Invite the group to hold a webinar."),
    ]:
        Decision.objects.create(section=section, order=order, verb=verb, text=text, mandate=mandate)
    Meeting.objects.create(number=27)
    deadline = datetime.date.today() + datetime.timedelta(days=30)

    sign_in(page, secretariat)
    page.get_by_role("link", name="Reporting").click()
    page.get_by_role("link", name="New reporting round").click()
    page.get_by_label("For meeting").select_option(label="SOM 27")
    page.get_by_label("Title").fill("Mid-term progress report for SOM 27")
    page.get_by_label("Deadline").fill(deadline.isoformat())
    page.get_by_role("button", name="Create round and propose tasks").click()

    # One task per action point: none for taking note.
    expect(page.get_by_text("The round was created with 2 proposed task(s).")).to_be_visible()
    expect(
        page.get_by_role("cell", name="Request the group to map its members' work.", exact=True)
    ).to_be_visible()

    # The webinar is dropped from the keyboard: its checkbox, then "Drop selected".
    page.get_by_label("Select Invite the group to hold a webinar.").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Drop selected").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("1 task was dropped.")).to_be_visible()
    expect(page.get_by_role("cell", name="Invite the group to hold a webinar.")).to_have_count(0)
    expect(page.get_by_role("heading", name="I. Other bodies")).to_be_visible()

    page.get_by_role("link", name="Rename Other bodies").click()
    page.get_by_label("Title").fill("Collaboration on Global Environmental Issues")
    page.get_by_role("button", name="Save section").click()
    expect(
        page.get_by_role("heading", name="I. Collaboration on Global Environmental Issues")
    ).to_be_visible()

    page.get_by_role("link", name="Edit Request the group").click()
    page.get_by_label("Task").fill("Map the members' work on the topic.")
    page.get_by_role("button", name="Save task").click()
    expect(
        page.get_by_role("cell", name="Map the members' work on the topic.", exact=True)
    ).to_be_visible()

    page.get_by_role("button", name="Open the round").click()
    expect(page.get_by_text("The round is open")).to_be_visible()
    assert ReportingRound.objects.get(meeting__number=27).state == ReportingRound.State.OPEN

    page.get_by_role("link", name="Dashboard").first.click()
    row = page.locator("section[aria-labelledby=summary-title] tbody tr").first
    assert mandate.name in row.inner_text()
    assert row.get_by_role("cell").nth(1).inner_text() == "1"  # not started
