"""The secretariat's journey in a real browser: open the 2021–2022 plan, freeze its original, add
an activity under an outcome, move it up, change a milestone's schedule, issue Rev.1 and read the
change in the diff, in the plan's own numbering."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from emg.tests.browser import sign_in
from workplans.models import Activity, Milestone, WorkPlan

pytestmark = pytest.mark.django_db(transaction=True)


def test_secretariat_edits_the_2021_plan_issues_rev_1_and_sees_the_change(page, secretariat):
    call_command(
        "import_documents", settings.BASE_DIR / "sample_data/work-plan-2021-2022-draft.txt"
    )
    plan = WorkPlan.objects.get(period_start=2021)
    unu_bullet = Milestone.objects.get(text__startswith="In partnership with UNU")
    sign_in(page, secretariat)

    # Open the plan from the list of plans.
    page.goto("/work-plans/")
    page.get_by_role("link", name=plan.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("work plan 2021")

    # Nothing has been issued yet: freeze the text as it stands as the original.
    page.goto(f"/work-plans/{plan.pk}/revisions/")
    page.get_by_label("Note").fill("The draft as circulated to the members.")
    page.get_by_role("button", name="Issue the original").click()
    expect(page.get_by_role("status")).to_contain_text("issued as the original")
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=plan.title).click()

    # Add an activity under outcome I: it comes last there, as 7.
    page.get_by_role("link", name="Add an activity under I.").click()
    form = page.locator("form.emg-wp-editor-form")
    form.get_by_label("Title").fill("Task Team on Youth and the Environment")
    form.get_by_role("button", name="Add activity").click()
    added = page.locator(".emg-wp-activity", has_text="Task Team on Youth and the Environment")
    expect(added.locator(".emg-wp-label").first).to_have_text("7.")
    expect(page.locator("#editor-messages")).to_contain_text("Activity 7 added.")

    # Move it up by keyboard-operable button, among its actions shown once it is added: it
    # becomes 6., Stockholm+50 becomes 7.
    new_activity = Activity.objects.get(title="Task Team on Youth and the Environment")
    page.locator(f"#activity-{new_activity.pk}-up").click()
    expect(added.locator(".emg-wp-label").first).to_have_text("6.")

    # Change the schedule of the second bullet of activity 3 to Q3 2022, from its actions.
    page.get_by_role("link", name="Actions for activity 3, bullet 2", exact=True).click()
    page.locator(f"#milestone-{unu_bullet.pk}-edit").click()
    form = page.locator("form.emg-wp-editor-form")
    form.get_by_label("Starts: month or quarter").select_option("quarter-3")
    form.get_by_label("Starts: year").fill("2022")
    form.get_by_label("Ends: month or quarter").select_option("")
    form.get_by_label("Ends: year").fill("")
    form.get_by_role("button", name="Save milestone").click()
    expect(page.locator(f"#milestone-{unu_bullet.pk}")).to_contain_text("Q3 2022")

    # Issue Rev.1 and read what changed since the original.
    page.goto(f"/work-plans/{plan.pk}/revisions/")
    expect(page.get_by_text("2 changes since the original.")).to_be_visible()
    page.get_by_label("Note").fill("Activity 6 added; a schedule moved to Q3 2022.")
    page.get_by_role("button", name="Issue Rev.1").click()
    expect(page.get_by_role("status")).to_contain_text("issued as Rev.1")
    page.get_by_role("link", name="From the original to Rev.1").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Changes from the original to Rev.1")
    changes = page.locator(".emg-changes")
    expect(changes).to_contain_text("activity 6 added under outcome I")
    expect(changes).to_contain_text(
        "activity 3, bullet 2 schedule: October 2021 \u2013 September 2022 \u2192 Q3 2022"
    )
    expect(changes.locator("li")).to_have_count(2)
    # The note issued with Rev.1, and each item by number and title, a link to it in the plan.
    expect(page.locator(".emg-revision-notes")).to_contain_text("a schedule moved to Q3 2022")
    item = changes.get_by_role("link", name="activity 6 \u2014 ", exact=False).first
    expect(item).to_have_attribute("href", re.compile(r"/work-plans/\d+/#activity-\d+$"))
    assert re.search(r"/work-plans/\d+/diff/\?from=0&to=1$", page.url)
