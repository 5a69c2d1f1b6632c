"""The focal point's journey with the keyboard alone: no click, no mouse. The focal point finds
the task in "My tasks", records status, progress and next steps and submits; the secretariat
finds it on the home page and returns it with a comment; the focal point fixes it and resubmits;
the secretariat accepts, and reads it in the compiled report. Each control is reached with Tab
from the previous step and shows where the focus is."""

import pytest
from playwright.sync_api import expect

from emg.tests.browser import (
    choose_by_keyboard,
    sign_in_by_keyboard,
    sign_out_by_keyboard,
    tab_to,
    type_over,
)
from progress.models import Update

pytestmark = pytest.mark.django_db(transaction=True)


def open_from_the_menu(page, name: str):
    tab_to(page, page.get_by_role("navigation", name="Main").get_by_role("link", name=name))
    page.keyboard.press("Enter")


def test_a_focal_point_reports_and_the_secretariat_returns_then_accepts_with_the_keyboard_alone(
    page, focal_point, secretariat, mandate, open_round_task
):
    task = open_round_task
    report_round = task.round

    # The focal point: the skip link leads past the menu into the page.
    sign_in_by_keyboard(page, focal_point)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()

    # My tasks, the task, the update form: status, progress, next steps, submit.
    open_from_the_menu(page, "My tasks")
    tab_to(page, page.get_by_role("link", name="Write the update"))
    page.keyboard.press("Enter")
    status = page.locator("#id_items-0-status")
    tab_to(page, status)
    choose_by_keyboard(page, status, "ongoing")
    tab_to(page, page.locator("#id_items-0-text"))
    page.keyboard.type("Two inputs were sent to the working group.")
    tab_to(page, page.get_by_label("Next steps"))
    page.keyboard.type("Send the third input in May.")
    tab_to(page, page.get_by_role("button", name="Submit"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("submitted to the secretariat for review")).to_be_visible()
    sign_out_by_keyboard(page)

    # The secretariat finds it on the home page and returns it: first without the comment the
    # return needs, which the page says next to the field; then with it.
    sign_in_by_keyboard(page, secretariat)
    tab_to(page, page.get_by_role("link", name=task.text))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Two inputs were sent to the working group.")).to_be_visible()
    tab_to(page, page.get_by_role("button", name="Return to the focal points"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("a comment is required").first).to_be_visible()
    comment = page.get_by_label("Comment to the focal points")
    tab_to(page, comment)
    assert comment.get_attribute("aria-invalid") == "true" or comment.evaluate(
        "element => element.classList.contains('is-invalid')"
    )
    page.keyboard.type("Say when the inputs were sent.")
    tab_to(page, page.get_by_role("button", name="Return to the focal points"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("returned to the focal points with your comment")).to_be_visible()
    sign_out_by_keyboard(page)

    # The focal point reads the comment, fixes the text and resubmits.
    sign_in_by_keyboard(page, focal_point)
    open_from_the_menu(page, "My tasks")
    tab_to(page, page.get_by_role("link", name="Write the update"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Say when the inputs were sent.")).to_be_visible()
    tab_to(page, page.locator("#id_items-0-text"))
    type_over(page, "Two inputs were sent to the working group, in December and on 20 February.")
    tab_to(page, page.get_by_role("button", name="Submit"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("submitted to the secretariat for review")).to_be_visible()
    sign_out_by_keyboard(page)

    # The secretariat accepts, then reads the compiled report.
    sign_in_by_keyboard(page, secretariat)
    tab_to(page, page.get_by_role("link", name=task.text))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("button", name="Accept the update"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("this update is locked")).to_be_visible()
    assert Update.objects.get(task=task).state == Update.State.ACCEPTED
    tab_to(page, page.get_by_role("link", name="Progress reports"), backwards=True)
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name=report_round.title))
    page.keyboard.press("Enter")
    report = page.locator("article.emg-report")
    expect(report.get_by_role("heading", name=f"a) {mandate.name}")).to_be_visible()
    expect(report.locator(".emg-report-item").first).to_have_text(
        "Ongoing: Two inputs were sent to the working group, in December and on 20 February."
    )
    expect(report.get_by_text("Send the third input in May.")).to_be_visible()
