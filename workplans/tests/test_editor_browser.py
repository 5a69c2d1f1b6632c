"""The editor in a real browser: an item's actions shown in its place, keyboard moves that keep
the focus, drag and drop between outcomes, errors next to the field, a step added and a milestone
deleted in place, and two people saving the same activity."""

import pytest
from playwright.sync_api import expect

from emg.models import User
from emg.tests.browser import sign_in
from emg.tests.factories import UserFactory
from workplans.models import Activity, Milestone
from workplans.tests.plan_builder import make_plan

pytestmark = pytest.mark.django_db(transaction=True)


def labels(page, selector=".emg-wp-activity-title") -> list[str]:
    """The activities' numbers and titles as the table shows them, in order."""
    return [
        " ".join(item.split())
        for item in page.locator(".emg-wp-activity > .emg-wp-line").evaluate_all(
            """lines => lines.map(line =>
                line.querySelector('.emg-wp-label').textContent + ' ' +
                line.querySelector('.emg-wp-activity-title').textContent)"""
        )
    ]


def show_actions(page, name: str):
    """Open the actions of the item ``name`` ("activity 1.") by its link, as a mouse would."""
    page.get_by_role("link", name=f"Actions for {name}", exact=True).click()


def test_moving_by_keyboard_renumbers_and_keeps_the_focus_on_the_button(page, secretariat):
    plan = make_plan(2, outcomes=1)
    moving = Activity.objects.get(title="Activity 1.1")
    sign_in(page, secretariat)
    page.goto(f"/work-plans/{plan.pk}/")

    # The item's one link opens its actions in its place, the focus on the first of them.
    page.get_by_role("link", name="Actions for activity 1.", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#activity-{moving.pk}-edit")).to_be_focused()
    expect(page.get_by_role("group", name="activity 1.")).to_be_visible()
    assert page.url.endswith(f"/work-plans/{plan.pk}/")  # in place, not the actions' own page
    page.keyboard.press("Tab")  # "Move up"
    page.keyboard.press("Tab")  # "Move down"
    expect(page.locator(f"#activity-{moving.pk}-down")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("#editor-messages")).to_contain_text("it is now activity 2.")
    assert labels(page) == ["1. Activity 1.2", "2. Activity 1.1"]
    expect(page.locator(f"#activity-{moving.pk}-down")).to_be_focused()
    page.keyboard.press("Shift+Tab")  # to "Move up", and back again
    expect(page.locator(f"#activity-{moving.pk}-up")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#editor-messages")).to_contain_text("it is now activity 1.")
    assert labels(page) == ["1. Activity 1.1", "2. Activity 1.2"]


def test_dragging_an_activity_into_another_outcome_moves_and_renumbers_it(page, secretariat):
    plan = make_plan(2, outcomes=2)
    moving = Activity.objects.get(title="Activity 1.1")
    target = Activity.objects.get(title="Activity 2.2")
    page.set_viewport_size({"width": 1280, "height": 2400})  # the mouse does not scroll
    sign_in(page, secretariat)
    page.goto(f"/work-plans/{plan.pk}/")

    handle = page.locator(f"#activity-{moving.pk} .emg-wp-drag-handle").first
    onto = page.locator(f"#activity-{target.pk} .emg-wp-drag-handle").first
    start, box = handle.bounding_box(), onto.bounding_box()
    page.mouse.move(start["x"] + 3, start["y"] + 5)
    page.mouse.down()
    page.mouse.move(start["x"] + 3, start["y"] + 30, steps=10)
    page.mouse.move(box["x"] + 3, box["y"] + 5, steps=30)
    page.mouse.up()

    expect(page.locator("#editor-messages")).to_contain_text("Activities reordered.")
    # Where exactly it lands next to 2.2 depends on the pointer's last moves; that it left
    # outcome I for outcome II, and that every number follows, does not.
    assert Activity.objects.get(pk=moving.pk).outcome.heading == "Outcome heading 2"
    stored = Activity.objects.filter(outcome__work_plan=plan).order_by("outcome__order", "order")
    assert labels(page) == [f"{n}. {a.title}" for n, a in enumerate(stored, start=1)]
    assert labels(page)[:2] == ["1. Activity 1.2", "2. Activity 2.1"]


def test_errors_show_next_to_the_field_which_gets_the_focus(page, secretariat):
    plan = make_plan(1, outcomes=1)
    activity = Activity.objects.get(outcome__work_plan=plan)
    sign_in(page, secretariat)
    page.goto(f"/work-plans/{plan.pk}/")

    show_actions(page, "activity 1.")
    page.locator(f"#activity-{activity.pk}-edit").click()
    form = page.locator(f"#activity-{activity.pk}-form")
    expect(form.get_by_label("Expected outcome")).to_be_focused()
    form.get_by_label("Ends: year").fill("2020")
    form.get_by_role("button", name="Save activity").click()

    field = page.locator(f"#div_a{activity.pk}-end_period")
    expect(field).to_contain_text("The schedule cannot end (September 2020) before it starts")
    expect(form.get_by_label("Ends: month or quarter")).to_be_focused()
    assert str(Activity.objects.get(pk=activity.pk).schedule) == "October 2021 – September 2022"

    # Cancelled, the item is back, the focus on the link its form was opened from.
    form.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("link", name="Actions for activity 1.", exact=True)).to_be_focused()


def test_a_step_is_added_and_a_milestone_deleted_in_place_on_the_plans_page(page, secretariat):
    plan = make_plan(1, outcomes=1)
    second = Milestone.objects.get(activity__outcome__work_plan=plan, parent=None, order=2)
    sign_in(page, secretariat)
    page.goto(f"/work-plans/{plan.pk}/")
    address = page.url

    show_actions(page, "milestone 1.(b)")
    page.get_by_role("link", name="Add a step under milestone 1.(b)").click()
    form = page.locator("form.emg-wp-editor-form")
    text = form.get_by_label("Milestone*", exact=True)
    expect(text).to_be_focused()
    text.fill("Agree the outline")
    form.get_by_role("button", name="Add milestone").click()
    expect(page.locator("#editor-messages")).to_contain_text("Milestone 1.(b)(i) added.")
    expect(page.locator(f"#milestone-{second.pk}")).to_contain_text("(i) Agree the outline")
    assert page.url == address  # the links fetch in place: the page stays where it was

    show_actions(page, "milestone 1.(b)")
    page.locator(f"#milestone-{second.pk}-delete").click()
    confirmation = page.locator(f"#milestone-{second.pk}-body")
    expect(confirmation).to_contain_text("The milestone under it is deleted with it.")
    confirmation.get_by_role("button", name="Delete milestone").click()
    expect(page.locator("#editor-messages")).to_contain_text("Milestone “Milestone 1.1.b” deleted.")
    assert page.url == address
    assert not Milestone.objects.filter(pk=second.pk).exists()


def test_the_second_of_two_people_saving_the_same_activity_sees_the_first_ones_change(
    page, browser, live_server, secretariat, unep
):
    plan = make_plan(1, outcomes=1)
    activity = Activity.objects.get(outcome__work_plan=plan)
    bob = UserFactory(username="bob", role=User.Role.SECRETARIAT, entity=unep)
    bobs = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    for person, tab in ((secretariat, page), (bob, bobs)):
        sign_in(tab, person)
        tab.goto(f"/work-plans/{plan.pk}/")
        show_actions(tab, "activity 1.")
        tab.locator(f"#activity-{activity.pk}-edit").click()

    page.locator(f"#activity-{activity.pk}-form").get_by_label("Title").fill("Alice's title")
    page.get_by_role("button", name="Save activity").click()
    expect(page.locator("#editor-messages")).to_contain_text("Activity 1 saved.")
    bobs.locator(f"#activity-{activity.pk}-form").get_by_label("Title").fill("Bob's title")
    bobs.get_by_role("button", name="Save activity").click()

    conflict = bobs.get_by_role("alert")
    expect(conflict).to_contain_text("Not saved.")
    expect(conflict).to_contain_text(f"{secretariat} changed this activity")
    expect(conflict).to_contain_text("Alice's title")
    expect(bobs.get_by_label("Title")).to_have_value("Bob's title")
    assert Activity.objects.get(pk=activity.pk).title == "Alice's title"

    bobs.get_by_role("button", name="Save activity").click()  # on purpose, having read it
    expect(bobs.locator("#editor-messages")).to_contain_text("Activity 1 saved.")
    assert Activity.objects.get(pk=activity.pk).title == "Bob's title"
    bobs.context.close()
