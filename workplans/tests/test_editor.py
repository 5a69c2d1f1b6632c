"""The editor on the plan's page, as htmx uses it (and as a browser without JavaScript does):
forms in place of the item, errors next to the field with nothing saved, the whole table back
renumbered after every change, confirmations before deleting, moves and drag and drop, frozen
plans refused, and a constant number of queries whatever the size of the plan."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mandates.models import MandateAlias
from mandates.tests.factories import MandateFactory
from workplans.models import Activity, Milestone, Outcome, WorkPlan
from workplans.selectors import MANDATE_OPTIONS
from workplans.tests.plan_builder import make_plan

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def editor(client_as, secretariat):
    return client_as(secretariat)


@pytest.fixture
def plan(db):
    return make_plan(2, outcomes=2)


def activity_of(plan, title) -> Activity:
    return Activity.objects.select_related("outcome").get(outcome__work_plan=plan, title=title)


def words(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


ITEM = re.compile(
    r'<span class="emg-wp-label">([^<]+)</span>\s*'
    r'<span class="emg-wp-(?:outcome-heading|activity-title|milestone-text)">([^<]+)<'
)


def outline(response) -> list[str]:
    """Every numbered item of the table in reading order, as "label text"."""
    return [f"{label} {text}" for label, text in ITEM.findall(response.content.decode())]


def field_block(response, auto_id: str) -> str:
    """The html of one field as crispy renders it, its errors included."""
    page = response.content.decode()
    start = page.index(f'id="div_{auto_id}"')
    following = page.find('id="div_', start + 1)
    return page[start : following if following > 0 else len(page)]


def activity_data(activity, **changes) -> dict:
    schedule = activity.schedule
    data = {
        "version": activity.version,
        "outcome": activity.outcome_id,
        "title": activity.title,
        "description": activity.description,
        "mandate": activity.mandate_id or "",
        "start_period": f"{schedule.start.precision}-{schedule.start.index}" if schedule else "",
        "start_year": schedule.start.year if schedule else "",
        "end_period": f"{schedule.end.precision}-{schedule.end.index}" if schedule else "",
        "end_year": schedule.end.year if schedule else "",
    }
    data.update(changes)
    return data


def assert_table_swapped(response, status=200):
    assert response.status_code == status
    assert response["HX-Retarget"] == "#plan-table"
    assert response["HX-Reswap"] == "outerHTML"
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="plan-table"')
    assert '<div id="editor-messages" hx-swap-oob="innerHTML">' in page


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


# The mandate select


def test_the_mandate_select_narrows_to_names_short_names_and_other_names(editor, plan):
    biodiversity = MandateFactory(name="Issue Management Group on Biodiversity", short_name="IMG-B")
    MandateAlias.objects.create(mandate=biodiversity, name="IMG on biodiversity")
    litter = MandateFactory(name="Task Team on Marine Litter")
    url = reverse("workplans:mandate_options")

    by_alias = editor.get(url, {"q": "IMG on bio"}, headers=HTMX).content.decode()
    kept = editor.get(
        url, {"q": "marine", "mandate": biodiversity.pk}, headers=HTMX
    ).content.decode()

    assert f'<option value="{biodiversity.pk}">Issue Management Group on Biodiversity' in by_alias
    assert "Marine Litter" not in by_alias
    assert f'<option value="{litter.pk}">Task Team on Marine Litter' in kept
    assert f'<option value="{biodiversity.pk}" selected>' in kept  # the chosen one stays


def test_the_activity_form_lists_a_bounded_number_of_mandates_with_the_chosen_one(editor, plan):
    activity = activity_of(plan, "Activity 1.1")
    MandateFactory.create_batch(MANDATE_OPTIONS + 5)
    last = MandateFactory(name="Zz last of all by name")
    Activity.objects.filter(pk=activity.pk).update(mandate=last)

    page = editor.get(reverse("workplans:activity_edit", args=[activity.pk])).content.decode()
    start = page.index('name="mandate"')
    select = page[start : page.index("</select>", start)]

    assert select.count("<option") == MANDATE_OPTIONS + 2  # "none", the first, the chosen one
    assert f'<option value="{last.pk}" selected>Zz last of all by name' in select


def test_a_mandate_not_listed_at_first_can_still_be_chosen(editor, plan):
    activity = activity_of(plan, "Activity 1.1")
    MandateFactory.create_batch(MANDATE_OPTIONS + 5)
    unlisted = MandateFactory(name="Zz found by the search")

    response = editor.post(
        reverse("workplans:activity_edit", args=[activity.pk]),
        activity_data(activity, mandate=unlisted.pk),
        headers=HTMX,
    )

    assert_table_swapped(response)
    activity.refresh_from_db()
    assert activity.mandate == unlisted


def test_the_activity_form_refuses_a_mandate_that_does_not_exist(editor, plan):
    activity = activity_of(plan, "Activity 1.1")

    response = editor.post(
        reverse("workplans:activity_edit", args=[activity.pk]),
        activity_data(activity, mandate=987654),
        headers=HTMX,
    )

    assert response.status_code == 422
    assert "Select a valid choice" in field_block(response, f"a{activity.pk}-mandate")


def test_an_activity_links_to_the_mandate_chosen_for_it(editor, plan):
    activity = activity_of(plan, "Activity 1.1")
    chosen = MandateFactory(name="Consultative Process on Pollution Free Planet")

    response = editor.post(
        reverse("workplans:activity_edit", args=[activity.pk]),
        activity_data(activity, mandate=chosen.pk),
        headers=HTMX,
    )

    detail = reverse("mandates:detail", kwargs={"pk": chosen.pk})
    assert f'href="{detail}">Consultative Process on Pollution Free Planet</a>' in (
        response.content.decode()
    )
    assert list(chosen.activities.all()) == [activity]


# Frozen plans


@pytest.mark.parametrize("status", [WorkPlan.Status.APPROVED, WorkPlan.Status.SUPERSEDED])
def test_every_editor_endpoint_of_a_frozen_plan_refuses_and_says_why(editor, plan, status):
    WorkPlan.objects.filter(pk=plan.pk).update(status=status)
    outcome = plan.outcomes.get(order=1)
    activity = outcome.activities.get(order=1)
    milestone = activity.milestones.get(parent=None, order=1)
    requests = [
        ("get", reverse("workplans:outcome_add", args=[plan.pk]), {}),
        ("post", reverse("workplans:outcome_order", args=[plan.pk]), {"item": [outcome.pk]}),
        ("post", reverse("workplans:outcome_edit", args=[outcome.pk]), {"heading": "X"}),
        ("post", reverse("workplans:outcome_delete", args=[outcome.pk]), {}),
        ("post", reverse("workplans:outcome_move", args=[outcome.pk]), {"direction": "up"}),
        ("get", reverse("workplans:activity_add", args=[outcome.pk]), {}),
        ("post", reverse("workplans:activity_order", args=[outcome.pk]), {"item": [1]}),
        ("get", reverse("workplans:activity_edit", args=[activity.pk]), {}),
        ("get", reverse("workplans:activity_delete", args=[activity.pk]), {}),
        ("post", reverse("workplans:activity_move", args=[activity.pk]), {"direction": "up"}),
        ("post", reverse("workplans:milestone_add", args=[activity.pk]), {"text": "X"}),
        ("post", reverse("workplans:milestone_order", args=[activity.pk]), {"item": [1]}),
        ("post", reverse("workplans:milestone_edit", args=[milestone.pk]), {"text": "X"}),
        ("post", reverse("workplans:milestone_delete", args=[milestone.pk]), {}),
        ("post", reverse("workplans:milestone_move", args=[milestone.pk]), {"direction": "up"}),
    ]
    for method, url, data in requests:
        response = getattr(editor, method)(url, data, headers=HTMX)
        assert response.status_code == 403, url
        assert response["HX-Retarget"] == "#editor-messages", url
        assert "it can no longer be edited" in words(response), url

    page = editor.get(reverse("workplans:activity_edit", args=[activity.pk]))
    assert page.status_code == 403
    assert "This work plan cannot be edited" in words(page)
    assert Outcome.objects.get(pk=outcome.pk).heading == "Outcome heading 1"
    assert Milestone.objects.filter(pk=milestone.pk).exists()


# Query counts


def count_queries(client, method, url, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {}, headers=HTMX)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def editor_requests(plan) -> list:
    outcome = plan.outcomes.order_by("order").first()
    activity = outcome.activities.order_by("order").first()
    milestone = activity.milestones.get(parent=None, order=1)
    return [
        ("get", reverse("workplans:activity_edit", args=[activity.pk]), None),
        ("get", reverse("workplans:milestone_edit", args=[milestone.pk]), None),
        ("get", reverse("workplans:outcome_edit", args=[outcome.pk]), None),
        ("get", reverse("workplans:activity_delete", args=[activity.pk]), None),
        ("get", reverse("workplans:mandate_options"), {"q": "Topic"}),
        ("post", reverse("workplans:activity_move", args=[activity.pk]), {"direction": "down"}),
        ("post", reverse("workplans:activity_move", args=[activity.pk]), {"direction": "up"}),
        (
            "post",
            reverse("workplans:activity_edit", args=[activity.pk]),
            lambda: activity_data(Activity.objects.get(pk=activity.pk), title="Renamed"),
        ),
        (
            "post",
            reverse("workplans:milestone_edit", args=[milestone.pk]),
            lambda: {
                "version": Milestone.objects.get(pk=milestone.pk).version,
                "text": "Renamed",
                "start_period": "quarter-2",
                "start_year": 2022,
            },
        ),
        (
            "post",
            reverse("workplans:activity_order", args=[outcome.pk]),
            lambda: {
                "item": list(outcome.activities.order_by("-order").values_list("pk", flat=True))
            },
        ),
        ("get", reverse("workplans:detail", args=[plan.pk]), None),
    ]


def test_editor_fragments_cost_as_many_queries_for_ten_times_the_plan(editor):
    small = make_plan(2, outcomes=1, period=(2021, 2022))  # 2 activities, 6 milestones
    large = make_plan(5, outcomes=4, period=(2023, 2024))  # 20 activities, 60 milestones
    MandateFactory.create_batch(9)
    editor.get(reverse("workplans:detail", args=[small.pk]))

    def costs(plan):
        return [
            count_queries(editor, method, url, data() if callable(data) else data)
            for method, url, data in editor_requests(plan)
        ]

    assert costs(large) == costs(small)
