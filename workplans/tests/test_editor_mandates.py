"""The activity form's mandate: a bounded select, narrowed by a search on names, short names and
other names, that still takes any mandate; and the activity's link to it."""

import pytest
from django.urls import reverse

from mandates.models import MandateAlias
from mandates.tests.factories import MandateFactory
from workplans.models import Activity
from workplans.selectors import MANDATE_OPTIONS
from workplans.tests.editing import (
    HTMX,
    activity_data,
    activity_of,
    assert_table_swapped,
    field_block,
)

pytestmark = pytest.mark.django_db


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
