"""Moving items with the editor: the move buttons (by keyboard), which renumber and say where the
item went, and drag and drop, which may bring an activity from another outcome and refuses a list
that changed meanwhile."""

import pytest
from django.urls import reverse

from workplans.tests.editing import HTMX, activity_of, assert_table_swapped, outline, words

pytestmark = pytest.mark.django_db


# Moving


def test_moving_by_keyboard_renumbers_says_where_the_item_went_and_keeps_the_focus(editor, plan):
    activity = activity_of(plan, "Activity 1.2")
    url = reverse("workplans:activity_move", args=[activity.pk])

    down = editor.post(url, {"direction": "down"}, headers=HTMX)

    assert_table_swapped(down)
    assert "Activity moved: it is now activity 2." in words(down)
    assert f'data-emg-focus="activity-{activity.pk}-down"' in down.content.decode()
    assert [item for item in outline(down) if "Milestone" not in item] == [
        "I. Outcome heading 1",
        "1. Activity 1.1",
        "II. Outcome heading 2",
        "2. Activity 1.2",
        "3. Activity 2.1",
        "4. Activity 2.2",
    ]


def test_an_item_already_at_the_end_stays_and_the_message_says_so(editor, plan):
    outcome = plan.outcomes.get(order=1)

    response = editor.post(
        reverse("workplans:outcome_move", args=[outcome.pk]), {"direction": "up"}, headers=HTMX
    )

    assert_table_swapped(response)
    assert "Expected outcome I is already at that end of the plan." in words(response)


def test_a_move_without_a_direction_is_a_bad_request(editor, plan):
    milestone = activity_of(plan, "Activity 1.1").milestones.first()

    response = editor.post(
        reverse("workplans:milestone_move", args=[milestone.pk]), {"direction": "sideways"}
    )

    assert response.status_code == 400


def test_a_drop_reorders_the_list_and_may_bring_an_activity_from_another_outcome(editor, plan):
    first, second = plan.outcomes.order_by("order")
    moving = activity_of(plan, "Activity 1.1")
    there = list(second.activities.order_by("order"))

    activities = editor.post(
        reverse("workplans:activity_order", args=[second.pk]),
        {"item": [there[0].pk, moving.pk, there[1].pk]},
        headers=HTMX,
    )
    outcomes = editor.post(
        reverse("workplans:outcome_order", args=[plan.pk]),
        {"item": [second.pk, first.pk]},
        headers=HTMX,
    )

    assert_table_swapped(activities)
    assert "Activities reordered." in words(activities)
    assert [item for item in outline(outcomes) if "Milestone" not in item] == [
        "I. Outcome heading 2",
        "1. Activity 2.1",
        "2. Activity 1.1",
        "3. Activity 2.2",
        "II. Outcome heading 1",
        "4. Activity 1.2",
    ]


def test_a_drop_of_milestones_reorders_them_under_their_parent(editor, plan):
    activity = activity_of(plan, "Activity 2.1")
    a, b = activity.milestones.filter(parent=None).order_by("order")

    response = editor.post(
        reverse("workplans:milestone_order", args=[activity.pk]),
        {"item": [b.pk, a.pk], "parent": ""},
        headers=HTMX,
    )

    assert_table_swapped(response)
    items = outline(response)
    assert items[items.index("3. Activity 2.1") + 1 :][:3] == [
        "(a) Milestone 2.1.b",
        "(b) Milestone 2.1.a",
        "(i) Milestone 2.1.a.i",
    ]


def test_a_drop_naming_a_list_that_changed_meanwhile_is_refused_with_the_current_order(
    editor, plan
):
    outcome = plan.outcomes.get(order=1)
    one, _two = outcome.activities.order_by("order")

    response = editor.post(
        reverse("workplans:activity_order", args=[outcome.pk]), {"item": [one.pk]}, headers=HTMX
    )

    assert_table_swapped(response, status=409)
    assert "The list changed while you were moving an item" in words(response)
    assert "1. Activity 1.1 " in words(response)


@pytest.mark.parametrize(
    "data", [{"item": ["one", "two"]}, {"item": ["1"], "parent": "x"}], ids=["words", "parent"]
)
def test_a_drop_naming_something_other_than_items_is_a_bad_request(editor, plan, data):
    activity = activity_of(plan, "Activity 1.1")

    response = editor.post(reverse("workplans:milestone_order", args=[activity.pk]), data)

    assert response.status_code == 400
