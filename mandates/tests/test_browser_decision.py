"""The governance record in a real browser: the secretariat records at a SOM a decision extending a
mandate, and the mandate's page follows."""

import datetime

import pytest
from playwright.sync_api import expect

from emg.models import Meeting, Session
from emg.tests.browser import sign_in
from mandates.models import Decision, DecisionSection, Mandate

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_recorded_extension_shows_on_the_mandate_page_with_its_new_end_date(
    page, secretariat, undp
):
    mandate = Mandate.objects.create(
        kind=Mandate.Kind.TASK_TEAM,
        name="Task Team on Marine Litter and Microplastics",
        key="task_team:litter marine microplastic",
        start_date=datetime.date(2019, 10, 24),
        end_date=datetime.date(2020, 10, 28),
    )
    meeting = Meeting.objects.create(number=27, host=undp)
    Session.objects.create(
        meeting=meeting, segment=Session.Segment.SENIOR, date=datetime.date(2021, 10, 7)
    )

    sign_in(page, secretariat)
    page.get_by_role("link", name="Meetings").click()
    page.get_by_role("link", name="SOM 27", exact=True).first.click()

    page.get_by_role("link", name="Add decision section").click()
    page.get_by_label("Title").fill(mandate.name)
    page.get_by_label("About mandate").select_option(label=mandate.name)
    page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Add decision to section I.").click()
    page.get_by_label("Kind of decision").select_option(label="extend")
    page.get_by_label("Text").fill(
        "Agree to extend the Task Team on Marine Litter and Microplastics for another year."
    )
    page.get_by_label("Mandate", exact=True).select_option(label=mandate.name)
    page.get_by_label("Mandate runs until").fill("2022-10-31")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("extended until 31 October 2022").first).to_be_visible()
    decision = Decision.objects.get(section__meeting=meeting)
    assert DecisionSection.objects.get(meeting=meeting).mandate == mandate

    page.goto(f"/mandates/{mandate.pk}/")
    expect(page.locator("time[datetime='2022-10-31']").first).to_be_visible()
    reason = page.locator("#status-reason")
    assert "SOM 27" in reason.inner_text()
    timeline = page.locator(".emg-timeline")
    assert "SOM 27" in timeline.inner_text()
    assert "for another year" in timeline.inner_text()
    reason.get_by_role("link").click()
    page.wait_for_url(f"**/meetings/27/#decision-{decision.pk}")
