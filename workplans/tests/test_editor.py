"""The editor on the plan's page, as htmx uses it (and as a browser without JavaScript does):
forms in place of the item, errors next to the field with nothing saved, the whole table back
renumbered after every change, and confirmations before deleting. Moving, the mandate select,
frozen plans and query counts have files of their own (test_editor_*.py)."""

import pytest
from django.urls import reverse

from workplans.models import Activity, Milestone, Outcome
from workplans.tests.editing import (
    HTMX,
    activity_data,
    activity_of,
    assert_table_swapped,
    field_block,
    words,
)

pytestmark = pytest.mark.django_db


# Editing in place


def test_the_edit_form_comes_in_place_of_the_item_with_its_values_and_version(editor, plan):
    activity = activity_of(plan, "Activity 1.2")

    response = editor.get(reverse("workplans:activity_edit", args=[activity.pk]), headers=HTMX)

    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith(f'<form id="activity-{activity.pk}-form"')
    assert "<html" not in page
    assert f'hx-post="{reverse("workplans:activity_edit", args=[activity.pk])}"' in page
    assert f'name="version" value="{activity.version}"' in page
    assert 'value="Activity 1.2"' in page
    assert '<option value="month-10" selected>October</option>' in page
    assert '<option value="month-9" selected>September</option>' in page
    assert f'<option value="{activity.outcome_id}" selected>I. Outcome heading 1' in page
    assert "csrfmiddlewaretoken" in page


def test_a_saved_edit_brings_back_the_whole_table_and_says_what_happened(editor, plan):
    activity = activity_of(plan, "Activity 1.2")

    response = editor.post(
        reverse("workplans:activity_edit", args=[activity.pk]),
        activity_data(activity, title="Task Team on Marine Litter", end_period="quarter-3"),
        headers=HTMX,
    )

    assert_table_swapped(response)
    assert "2. Task Team on Marine Litter" in words(response)
    assert "Activity 2 saved." in words(response)
    assert "Schedule: October 2021 – Q3 2022" in words(response)
    assert f'data-emg-focus="activity-{activity.pk}-edit"' in response.content.decode()
    stored = Activity.objects.get(pk=activity.pk)
    assert (stored.title, str(stored.schedule), stored.version) == (
        "Task Team on Marine Litter",
        "October 2021 – Q3 2022",
        2,
    )


def test_errors_come_back_next_to_their_field_and_nothing_is_saved(editor, plan):
    activity = activity_of(plan, "Activity 1.1")
    url = reverse("workplans:activity_edit", args=[activity.pk])

    response = editor.post(
        url,
        activity_data(activity, title="", end_period="month-3", end_year=2021),
        headers=HTMX,
    )

    assert response.status_code == 422
    assert "HX-Retarget" not in response
    prefix = f"a{activity.pk}"
    assert "This field is required." in field_block(response, f"{prefix}-title")
    assert "The schedule cannot end (March 2021) before it starts (October 2021)." in field_block(
        response, f"{prefix}-end_period"
    )
    assert 'value="March"' not in response.content.decode()  # what was typed stays typed
    assert '<option value="month-3" selected>March</option>' in response.content.decode()
    stored = Activity.objects.get(pk=activity.pk)
    assert (stored.title, str(stored.schedule), stored.version) == (
        "Activity 1.1",
        "October 2021 – September 2022",
        1,
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"start_year": ""}, "start_year", "Give the year too."),
        ({"start_period": ""}, "start_period", "Choose the month or quarter of this year."),
        (
            {"start_period": "", "start_year": ""},
            "start_period",
            "Give the start of the schedule too.",
        ),
        ({"end_year": "20222"}, "end_year", "less than or equal to 2100"),
        ({"outcome": "999999"}, "outcome", "Select a valid choice."),
    ],
)
def test_half_a_schedule_or_an_unknown_outcome_is_an_error_on_that_field(
    editor, plan, changes, field, message
):
    activity = activity_of(plan, "Activity 1.1")

    response = editor.post(
        reverse("workplans:activity_edit", args=[activity.pk]),
        activity_data(activity, **changes),
        headers=HTMX,
    )

    assert response.status_code == 422
    assert message in field_block(response, f"a{activity.pk}-{field}")


def test_a_schedule_of_one_period_needs_no_end_and_no_schedule_is_fine_too(editor, plan):
    activity = activity_of(plan, "Activity 1.1")
    url = reverse("workplans:activity_edit", args=[activity.pk])

    editor.post(url, activity_data(activity, end_period="", end_year=""), headers=HTMX)
    assert str(Activity.objects.get(pk=activity.pk).schedule) == "October 2021"

    blank = {"start_period": "", "start_year": "", "end_period": "", "end_year": ""}
    editor.post(url, activity_data(Activity.objects.get(pk=activity.pk), **blank), headers=HTMX)
    assert Activity.objects.get(pk=activity.pk).schedule is None


def test_a_schedule_outside_the_plans_years_is_saved_and_flagged(editor, plan):
    activity = activity_of(plan, "Activity 2.2")

    response = editor.post(
        reverse("workplans:activity_edit", args=[activity.pk]),
        activity_data(activity, end_period="quarter-1", end_year=2023),
        headers=HTMX,
    )

    assert_table_swapped(response)
    assert (
        "The schedule October 2021 – Q1 2023 runs outside the plan's period, 2021–2022. It was "
        "saved and is flagged in the table."
    ) in words(response)
    assert "Schedule: October 2021 – Q1 2023 outside 2021–2022" in words(response)
    assert str(Activity.objects.get(pk=activity.pk).schedule) == "October 2021 – Q1 2023"


def test_an_outcome_needs_a_heading_or_a_statement(editor, plan):
    outcome = plan.outcomes.get(order=1)

    response = editor.post(
        reverse("workplans:outcome_edit", args=[outcome.pk]),
        {"version": 1, "heading": " ", "statement": ""},
        headers=HTMX,
    )

    assert response.status_code == 422
    assert "Give a heading, a statement, or both." in field_block(
        response, f"o{outcome.pk}-heading"
    )
    assert "is violated" not in response.content.decode()
    assert Outcome.objects.get(pk=outcome.pk).heading == "Outcome heading 1"


def test_choosing_another_outcome_moves_the_activity_there_and_renumbers(editor, plan):
    activity = activity_of(plan, "Activity 1.1")
    second = plan.outcomes.get(order=2)

    response = editor.post(
        reverse("workplans:activity_edit", args=[activity.pk]),
        activity_data(activity, outcome=second.pk),
        headers=HTMX,
    )

    assert_table_swapped(response)
    text = words(response)
    assert text.index("1. Activity 1.2") < text.index("II. Outcome heading 2")
    assert text.index("II. Outcome heading 2") < text.index("4. Activity 1.1")
    assert "Activity 4 saved." in text


def test_a_milestone_form_offers_every_other_milestone_of_its_activity_as_a_parent(editor, plan):
    activity = activity_of(plan, "Activity 1.1")
    a = activity.milestones.get(parent=None, order=1)

    page = editor.get(reverse("workplans:milestone_edit", args=[a.pk]), headers=HTMX)
    other = editor.get(
        reverse("workplans:milestone_edit", args=[activity.milestones.get(order=2).pk]),
        headers=HTMX,
    )

    assert "Milestone 1.1.a.i" not in page.content.decode()  # not under its own step
    assert "(b) Milestone 1.1.b" in page.content.decode()
    assert "(a) Milestone 1.1.a" in other.content.decode()
    assert "\u2003(i) Milestone 1.1.a.i" in other.content.decode()


def test_a_milestone_can_be_nested_under_another_and_gets_its_label(editor, plan):
    activity = activity_of(plan, "Activity 1.1")
    a, b = activity.milestones.filter(parent=None).order_by("order")

    response = editor.post(
        reverse("workplans:milestone_edit", args=[b.pk]),
        {
            "version": 1,
            "text": "Milestone 1.1.b",
            "parent": a.pk,
            "start_period": "quarter-3",
            "start_year": 2022,
            "due_date": "2022-08-31",
        },
        headers=HTMX,
    )

    assert_table_swapped(response)
    assert "(ii) Milestone 1.1.b due 31 August 2022" in words(response)
    assert "Milestone 1.(a)(ii) saved." in words(response)
    assert Milestone.objects.get(pk=b.pk).parent == a


# Adding


def test_adding_an_outcome_an_activity_and_a_step_numbers_each_at_once(editor, plan):
    outcome_url = reverse("workplans:outcome_add", args=[plan.pk])
    first = plan.outcomes.get(order=1)
    activity = activity_of(plan, "Activity 1.2")
    a = activity.milestones.get(parent=None, order=1)

    form = editor.get(outcome_url, headers=HTMX)
    added_outcome = editor.post(
        outcome_url, {"heading": "Overall cooperation", "statement": ""}, headers=HTMX
    )
    added_activity = editor.post(
        reverse("workplans:activity_add", args=[first.pk]),
        {"outcome": first.pk, "title": "Nexus Dialogues", "mandate": ""},
        headers=HTMX,
    )
    added_step = editor.post(
        reverse("workplans:milestone_add", args=[activity.pk]) + f"?parent={a.pk}",
        {"text": "Second step", "parent": a.pk},
        headers=HTMX,
    )

    assert form.status_code == 200 and 'id="new-outcome-form"' in form.content.decode()
    assert_table_swapped(added_outcome)
    assert "III. Overall cooperation" in words(added_outcome)
    assert "Expected outcome III added." in words(added_outcome)
    assert "3. Nexus Dialogues" in words(added_activity)
    assert "4. Activity 2.1" in words(added_activity)  # the activities after it renumbered
    assert "Activity 3 added." in words(added_activity)
    assert "(ii) Second step" in words(added_step)
    assert "Milestone 2.(a)(ii) added." in words(added_step)


def test_the_add_milestone_form_starts_under_the_milestone_it_was_opened_from(editor, plan):
    activity = activity_of(plan, "Activity 1.1")
    a = activity.milestones.get(parent=None, order=1)

    page = editor.get(
        reverse("workplans:milestone_add", args=[activity.pk]) + f"?parent={a.pk}", headers=HTMX
    ).content.decode()

    assert f'<option value="{a.pk}" selected>(a) Milestone 1.1.a</option>' in page
    assert f'id="new-milestone-{activity.pk}-{a.pk}-form"' in page


# Without JavaScript


def test_without_htmx_forms_are_pages_and_a_change_redirects_to_the_plan(editor, plan):
    activity = activity_of(plan, "Activity 1.1")
    url = reverse("workplans:activity_edit", args=[activity.pk])

    form_page = editor.get(url)
    invalid = editor.post(url, activity_data(activity, title=""))
    saved = editor.post(url, activity_data(activity, title="Renamed"), follow=True)

    assert "<html" in form_page.content.decode()
    assert "Edit activity" in words(form_page)
    assert invalid.status_code == 422 and "<html" in invalid.content.decode()
    assert saved.redirect_chain == [
        (reverse("workplans:detail", args=[plan.pk]) + f"#activity-{activity.pk}", 302)
    ]
    assert "Activity 1 saved." in words(saved)


# Deleting


def test_deleting_asks_first_and_says_what_goes_with_the_item(editor, plan):
    activity = activity_of(plan, "Activity 1.1")
    url = reverse("workplans:activity_delete", args=[activity.pk])

    question = editor.get(url, headers=HTMX)

    assert question.status_code == 200
    assert f'<form id="activity-{activity.pk}-body"' in question.content.decode()
    assert "Delete the activity “Activity 1.1”? Its 3 milestones are deleted with it." in words(
        question
    )
    assert Activity.objects.filter(pk=activity.pk).exists()

    deleted = editor.post(url, headers=HTMX)

    assert_table_swapped(deleted)
    assert "Activity “Activity 1.1” deleted, with its milestones." in words(deleted)
    assert "1. Activity 1.2" in words(deleted)
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert not Milestone.objects.filter(activity_id=activity.pk).exists()


def test_deleting_an_outcome_or_a_milestone_also_asks_first(editor, plan):
    outcome = plan.outcomes.get(order=2)
    milestone = activity_of(plan, "Activity 1.1").milestones.get(parent=None, order=1)

    about_outcome = words(editor.get(reverse("workplans:outcome_delete", args=[outcome.pk])))
    about_milestone = words(
        editor.get(reverse("workplans:milestone_delete", args=[milestone.pk]), headers=HTMX)
    )
    editor.post(reverse("workplans:milestone_delete", args=[milestone.pk]), headers=HTMX)

    assert "Its 2 activities and their milestones are deleted with it." in about_outcome
    assert "The milestone under it is deleted with it." in about_milestone
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
    assert Outcome.objects.filter(pk=outcome.pk).exists()
