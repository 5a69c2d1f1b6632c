"""The focal point's journey in a real browser: record status, progress and next steps, submit;
the secretariat returns it with a comment; the focal point fixes it and resubmits; the secretariat
accepts; the compiled report shows it."""

import pytest
from playwright.sync_api import expect

from emg.tests.browser import sign_in
from progress.models import Update

pytestmark = pytest.mark.django_db(transaction=True)


def sign_out(page):
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login/")


def test_a_focal_point_reports_the_secretariat_returns_then_accepts_and_the_report_shows_it(
    page, focal_point, secretariat, mandate, open_round_task
):
    task = open_round_task
    report_round = task.round

    # The focal point records status, progress and next steps, and submits.
    sign_in(page, focal_point)
    page.get_by_role("link", name="My tasks").click()
    page.get_by_role("link", name="Write the update").click()
    page.locator("#id_items-0-status").select_option("ongoing")
    page.locator("#id_items-0-text").fill("Two inputs were sent to the working group.")
    page.get_by_label("Next steps").fill("Send the third input in May.")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("submitted to the secretariat for review")).to_be_visible()
    sign_out(page)

    # The secretariat returns it with a comment.
    sign_in(page, secretariat)
    page.goto(f"/progress/tasks/{task.pk}/review/")
    expect(page.get_by_text("Two inputs were sent to the working group.")).to_be_visible()
    page.get_by_role("button", name="Return to the focal points").click()
    expect(page.get_by_text("a comment is required").first).to_be_visible()  # next to the field
    page.get_by_label("Comment to the focal points").fill("Say when the inputs were sent.")
    page.get_by_role("button", name="Return to the focal points").click()
    expect(page.get_by_text("returned to the focal points with your comment")).to_be_visible()
    sign_out(page)

    # The focal point sees the comment, fixes and resubmits.
    sign_in(page, focal_point)
    page.goto(f"/progress/tasks/{task.pk}/")
    expect(page.get_by_text("Say when the inputs were sent.")).to_be_visible()
    page.locator("#id_items-0-text").fill(
        "Two inputs were sent to the working group, in December and on 20 February."
    )
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("submitted to the secretariat for review")).to_be_visible()
    sign_out(page)

    # The secretariat accepts; the compiled report shows it.
    sign_in(page, secretariat)
    page.goto(f"/progress/tasks/{task.pk}/review/")
    page.get_by_role("button", name="Accept the update").click()
    expect(page.get_by_text("this update is locked")).to_be_visible()
    assert Update.objects.get(task=task).state == Update.State.ACCEPTED
    page.get_by_role("link", name="Progress reports").click()
    page.get_by_role("link", name=report_round.title).click()
    report = page.locator("article.emg-report")
    expect(report.get_by_role("heading", name="I. Collaboration on Global")).to_be_visible()
    expect(report.get_by_role("heading", name=f"a) {mandate.name}")).to_be_visible()
    progress = report.locator(".emg-report-item").first
    assert progress.inner_text() == (
        "Ongoing: Two inputs were sent to the working group, in December and on 20 February."
    )
    expect(report.get_by_text("Send the third input in May.")).to_be_visible()
    assert report.get_by_text("Not accepted").count() == 0
