"""The Content-Security-Policy in a real browser: the pages, the work plan editor's htmx and
SortableJS, Bootstrap's menu and the document preview run without one refused script, style,
image or font."""

import pytest
from playwright.sync_api import expect

from emg.tests.browser import sign_in
from workplans.models import Activity
from workplans.tests.plan_builder import make_plan

pytestmark = pytest.mark.django_db(transaction=True)

# Runs in the page before its own scripts (Playwright's init scripts are not subject to the
# page's policy): every violation the browser reports is kept for the test to read.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`);
});
"""


@pytest.fixture
def watched(page):
    page.context.add_init_script(LISTEN)
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    def violations() -> list[str]:
        return refused + page.evaluate("window.__violations || []")

    page.violations = violations
    return page


def test_the_work_plan_editor_works_under_the_policy_and_nothing_is_refused(watched, secretariat):
    page = watched
    plan = make_plan(2, outcomes=1)
    moving = Activity.objects.get(title="Activity 1.1")
    sign_in(page, secretariat)
    assert page.violations() == []

    page.goto(f"/work-plans/{plan.pk}/")
    assert page.evaluate("htmx.config.includeIndicatorStyles") is False
    assert page.locator("head style").count() == 0
    page.get_by_role("link", name="Actions for activity 1.", exact=True).click()
    page.locator(f"#activity-{moving.pk}-down").click()
    expect(page.locator("#editor-messages")).to_contain_text("it is now activity 2.")
    page.locator(f"#activity-{moving.pk}-edit").click()
    expect(page.locator(f"#activity-{moving.pk}-form")).to_be_visible()

    assert page.violations() == []


def test_the_menu_and_a_document_preview_load_without_a_refusal(watched, secretariat, world):
    page = watched
    page.set_viewport_size({"width": 600, "height": 900})  # the collapsed menu
    sign_in(page, secretariat)

    page.get_by_role("button", name="Show or hide the menu").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.goto(f"/documents/{world.document.pk}/")
    page.goto(f"/meetings/{world.meeting.number}/")

    assert page.violations() == []
