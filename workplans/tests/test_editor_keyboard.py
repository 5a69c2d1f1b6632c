"""The editor keyboard journey: the editor stays out of the way. An item's link to its actions
shows only on the item under the pointer or holding the focus; Tab goes from one activity to the
next in a few presses, the arrow keys from an activity to its milestones; an outcome's activities
fold away; a change is confirmed beside the item changed, which is highlighted."""

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from emg.tests.browser import focus_is_visible, sign_in, tab_to
from workplans.models import Activity, WorkPlan
from workplans.references import references

pytestmark = pytest.mark.django_db(transaction=True)


def opacity(locator) -> float:
    return float(locator.evaluate("element => getComputedStyle(element).opacity"))


def presses_to(page, locator, *, limit: int = 40) -> int:
    """How many presses of Tab bring the focus to ``locator``."""
    target = locator.element_handle()
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("element => element === document.activeElement", target):
            return presses
    raise AssertionError(f"{limit} presses of Tab never reached {locator}")


def test_tab_goes_from_activity_to_activity_and_shows_only_the_focused_items_actions(
    page, secretariat
):
    call_command(
        "import_documents", settings.BASE_DIR / "sample_data/work-plan-2021-2022-draft.txt"
    )
    plan = WorkPlan.objects.get(period_start=2021)
    count = Activity.objects.filter(outcome__work_plan=plan).count()
    sign_in(page, secretariat)
    page.goto(f"/work-plans/{plan.pk}/")
    page.mouse.move(0, 0)

    first = page.get_by_role("link", name="Actions for activity 1.", exact=True)
    second = page.get_by_role("link", name="Actions for activity 2.", exact=True)
    tab_to(page, first, limit=400)
    # Shown where the focus is, and there only.
    expect(first).to_have_css("opacity", "1")
    assert focus_is_visible(page)
    expect(second).to_have_css("opacity", "0")

    # From each activity to the next, its milestones and the next outcome between them.
    for number in range(2, count + 1):
        following = page.get_by_role("link", name=f"Actions for activity {number}.", exact=True)
        assert presses_to(page, following) < 10, f"activity {number - 1} to {number}"
        expect(following).to_have_css("opacity", "1")
        assert focus_is_visible(page)

    # An activity's milestones are one arrow press from each other, their actions shown too;
    # the page says so.
    expect(page.locator(".emg-wp-keys")).to_contain_text("the Up and Down arrow keys")
    tab_to(
        page,
        page.get_by_role("link", name="Actions for activity 3.", exact=True),
        backwards=True,
        limit=80,
    )
    page.keyboard.press("ArrowDown")
    bullet = page.get_by_role("link", name="Actions for activity 3, bullet 1", exact=True)
    expect(bullet).to_be_focused()
    expect(bullet).to_have_css("opacity", "1")
    page.keyboard.press("ArrowDown")
    expect(
        page.get_by_role("link", name="Actions for activity 3, bullet 2", exact=True)
    ).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(page.get_by_role("link", name="Actions for activity 3.", exact=True)).to_be_focused()

    # The pointer shows an item's link too.
    page.locator(".emg-wp-line", has=second).hover()
    expect(second).to_have_css("opacity", "1")


def test_an_outcome_folds_away_and_a_change_is_confirmed_beside_the_item(page, secretariat):
    call_command(
        "import_documents", settings.BASE_DIR / "sample_data/work-plan-2021-2022-draft.txt"
    )
    plan = WorkPlan.objects.get(period_start=2021)
    first_outcome = plan.outcomes.order_by("order").first()
    sign_in(page, secretariat)
    page.goto(f"/work-plans/{plan.pk}/")

    # Outcome I folded: its activities out of sight and out of the Tab order.
    fold = page.locator(f"#outcome-{first_outcome.pk} .emg-wp-toggle")
    expect(fold).to_have_attribute("aria-expanded", "true")
    tab_to(page, fold, limit=200)
    page.keyboard.press("Enter")
    expect(fold).to_have_attribute("aria-expanded", "false")
    expect(
        page.locator(f"#outcome-{first_outcome.pk}-activities .emg-wp-activity").first
    ).to_be_hidden()
    next_outcome = page.get_by_role("link", name="Actions for expected outcome II.", exact=True)
    assert presses_to(page, next_outcome) == 1

    # A change elsewhere: the table comes back, outcome I still folded, and the item moved is
    # highlighted, what happened said beside it.
    activity = Activity.objects.filter(outcome__work_plan=plan, outcome__order=2)[1]
    number = int(references(plan, plan.numbered())["activity", activity.pk].short)
    page.get_by_role("link", name=f"Actions for activity {number}.", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#activity-{activity.pk}-edit")).to_be_focused()
    page.locator(f"#activity-{activity.pk}-up").click()
    row = page.locator(f"#activity-{activity.pk}")
    expect(row).to_have_class("emg-wp-activity emg-wp-changed")
    expect(row.locator(".emg-wp-confirmation")).to_have_text(
        f"Activity moved: it is now activity {number - 1}."
    )
    expect(page.locator("#editor-messages")).to_contain_text(f"it is now activity {number - 1}.")
    expect(page.locator("#editor-messages [role=status]")).to_have_class("visually-hidden")
    expect(fold).to_have_attribute("aria-expanded", "false")
