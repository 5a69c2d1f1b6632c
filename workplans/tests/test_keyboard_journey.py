"""The secretariat's journey with the keyboard alone: no click, no mouse. From the home page to
the 2021–2022 plan, freeze the original, add an activity under outcome I, move it up with the
move button (reordering never needs drag and drop), change a milestone's schedule, issue Rev.1
and read the diff. Each control is reached with Tab from the previous step and shows where the
focus is."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from emg.tests.browser import (
    choose_by_keyboard,
    focus_is_visible,
    sign_in_by_keyboard,
    tab_to,
    type_over,
)
from workplans.models import Activity, Milestone, WorkPlan

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_secretariat_edits_a_plan_and_issues_rev_1_with_the_keyboard_alone(page, secretariat):
    call_command(
        "import_documents", settings.BASE_DIR / "sample_data/work-plan-2021-2022-draft.txt"
    )
    plan = WorkPlan.objects.get(period_start=2021)
    unu_bullet = Milestone.objects.get(text__startswith="In partnership with UNU")

    sign_in_by_keyboard(page, secretariat)

    # The first Tab on a page shows the link that skips the menu.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    assert skip.bounding_box()["width"] > 1

    # The menu, the list of plans, the plan.
    tab_to(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Work plans"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/work-plans/")
    tab_to(page, page.get_by_role("link", name=plan.title).first)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("work plan 2021")

    # Freeze the text as it stands as the original, and come back by the breadcrumb.
    tab_to(page, page.get_by_role("link", name="Revisions and changes"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("Note"))
    page.keyboard.type("The draft as circulated to the members.")
    tab_to(page, page.get_by_role("button", name="Issue the original"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("issued as the original")
    breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
    tab_to(page, breadcrumb.get_by_role("link", name=plan.title), backwards=True)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("work plan 2021")

    # Add an activity under outcome I: the form opens in place with the focus in it.
    # Outcome I's activities and milestones, each with its link to its actions, come before its
    # add link.
    tab_to(page, page.get_by_role("link", name="Add an activity under I."), limit=400)
    page.keyboard.press("Enter")
    form = page.locator("form.emg-wp-editor-form")
    title = form.get_by_label("Title")
    tab_to(page, title)
    page.keyboard.type("Task Team on Youth and the Environment")
    tab_to(page, form.get_by_role("button", name="Add activity"))
    page.keyboard.press("Enter")
    added = page.locator(".emg-wp-activity", has_text="Task Team on Youth and the Environment")
    expect(added.locator(".emg-wp-label").first).to_have_text("7.")
    expect(page.locator("#editor-messages")).to_contain_text("Activity 7 added.")

    # Its actions are shown, the focus on "Edit". Move it up with its button (Space, as on any
    # button): it becomes 6.; the focus stays on the button, so pressing again would move it
    # further.
    new_activity = Activity.objects.get(title="Task Team on Youth and the Environment")
    expect(page.locator(f"#activity-{new_activity.pk}-edit")).to_be_focused()
    move_up = page.locator(f"#activity-{new_activity.pk}-up")
    tab_to(page, move_up, limit=2)
    page.keyboard.press("Space")
    expect(added.locator(".emg-wp-label").first).to_have_text("6.")
    expect(page.locator(f"#activity-{new_activity.pk}-up")).to_be_focused()
    assert focus_is_visible(page)

    # Change the schedule of the second bullet of activity 3 to Q3 2022: its one link opens
    # its actions, the focus on "Edit". Tab goes from activity to activity; the arrow keys from
    # activity 3's actions to its first bullet's, then the second's.
    tab_to(
        page,
        page.get_by_role("link", name="Actions for activity 3.", exact=True),
        backwards=True,
        limit=400,
    )
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    bullet = page.get_by_role("link", name="Actions for activity 3, bullet 2", exact=True)
    expect(bullet).to_be_focused()
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator(f"#milestone-{unu_bullet.pk}-edit")).to_be_focused()
    page.keyboard.press("Enter")
    form = page.locator("form.emg-wp-editor-form")
    starts = form.get_by_label("Starts: month or quarter")
    tab_to(page, starts)
    choose_by_keyboard(page, starts, "quarter-3")
    tab_to(page, form.get_by_label("Starts: year"))
    type_over(page, "2022")
    ends = form.get_by_label("Ends: month or quarter")
    tab_to(page, ends)
    choose_by_keyboard(page, ends, "")
    tab_to(page, form.get_by_label("Ends: year"))
    type_over(page, "")
    tab_to(page, form.get_by_role("button", name="Save milestone"))
    page.keyboard.press("Enter")
    expect(page.locator(f"#milestone-{unu_bullet.pk}")).to_contain_text("Q3 2022")

    # Issue Rev.1 and read what changed since the original.
    tab_to(page, page.get_by_role("link", name="Revisions and changes"), backwards=True, limit=400)
    page.keyboard.press("Enter")
    expect(page.get_by_text("2 changes since the original.")).to_be_visible()
    tab_to(page, page.get_by_label("Note"))
    page.keyboard.type("Activity 6 added; a schedule moved to Q3 2022.")
    tab_to(page, page.get_by_role("button", name="Issue Rev.1"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("issued as Rev.1")
    tab_to(page, page.get_by_role("link", name="From the original to Rev.1"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Changes from the original to Rev.1")
    changes = page.locator(".emg-changes")
    expect(changes).to_contain_text("activity 6 added under outcome I")
    expect(changes).to_contain_text(
        "activity 3, bullet 2 schedule: October 2021 \u2013 September 2022 \u2192 Q3 2022"
    )
    expect(changes.locator("li")).to_have_count(2)
    assert re.search(r"/work-plans/\d+/diff/\?from=0&to=1$", page.url)
