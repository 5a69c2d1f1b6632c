"""The focal point's journey on a phone (390 × 844), through the demo as ``setup_demo`` loads it:
sign in, open the menu, find my tasks, write and submit an update, open the one the secretariat
returned. No page scrolls sideways, and the controls the journey needs are on the screen, not
off to the right of it."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from emg.management.commands.setup_demo import DEFAULT_DEMO_PASSWORD
from emg.models import User
from emg.tests.browser import sign_in
from emg.tests.test_accessibility import serious_violations
from progress.models import Update
from workplans.models import WorkPlan

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def assert_fits_the_phone(page, *controls):
    """The page is no wider than the screen, each of ``controls`` lies within its width, and axe
    finds nothing serious at this width (a box that scrolls must be reachable by keyboard)."""
    width, viewport = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= viewport, (
        f"{page.url} scrolls sideways: {width} px wide on a {viewport} px screen"
    )
    for control in controls:
        expect(control).to_be_visible()
        control.scroll_into_view_if_needed()
        box = control.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport, f"{control} is off screen"
    violations = serious_violations(page)
    assert not violations, "\n".join(violations)


def test_a_focal_point_reports_and_finds_the_returned_update_on_a_phone(
    page, private_files, monkeypatch
):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("setup_demo", stdout=io.StringIO(), stderr=io.StringIO())
    focal_point = User.objects.get(username="focalpoint")
    returned = Update.objects.get(state=Update.State.RETURNED)
    not_started = returned.task.round.tasks.filter(update__isnull=True).get()
    page.set_viewport_size(PHONE)

    sign_in(page, focal_point, DEFAULT_DEMO_PASSWORD)
    my_tasks_link = page.get_by_role("link", name="My tasks", exact=True)
    expect(my_tasks_link).to_be_hidden()  # the menu is folded away behind its button
    toggler = page.get_by_role("button", name="Show or hide the menu")
    assert_fits_the_phone(page, toggler, page.get_by_role("link", name=returned.task.text))
    toggler.click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    my_tasks_link.click()

    page.wait_for_url("**/progress/my-tasks/")
    # The link's hidden words name the task by its first words.
    write = page.get_by_role("link", name=f"Write the update — {not_started.text[:30]}")
    assert_fits_the_phone(page, write)
    write.click()

    page.locator("#id_items-0-status").select_option("ongoing")
    page.locator("#id_items-0-text").fill("A first draft of the report is with the members.")
    page.get_by_label("Next steps").fill("Publish the report in March.")
    submit = page.get_by_role("button", name="Submit")
    assert_fits_the_phone(page, page.locator("#id_items-0-text"), submit)
    submit.click()
    expect(page.get_by_text("submitted to the secretariat for review")).to_be_visible()
    assert_fits_the_phone(page)
    assert Update.objects.get(task=not_started).state == Update.State.SUBMITTED

    page.goto("/progress/my-tasks/")
    fix = page.locator(f'[data-returned="{returned.task.pk}"]').get_by_role(
        "link", name="Write the update"
    )
    assert_fits_the_phone(page, fix)
    fix.click()
    expect(page.get_by_text(returned.reviewer_comment)).to_be_visible()
    assert_fits_the_phone(page, page.get_by_role("button", name="Submit"))

    # What else the focal point reads: the task's history, the mandates and the work plans,
    # lists and tables as wide as their words.
    mandate = returned.task.mandate
    plan = WorkPlan.objects.get(period_start=2021)
    for path in (
        f"/progress/tasks/{returned.task.pk}/history/",
        "/mandates/",
        f"/mandates/{mandate.pk}/",
        f"/mandates/{mandate.pk}/history/",
        "/meetings/",
        "/work-plans/",
        f"/work-plans/{plan.pk}/",
        f"/work-plans/{plan.pk}/revisions/",
    ):
        page.goto(path)
        assert_fits_the_phone(page, page.get_by_role("heading", level=1))
