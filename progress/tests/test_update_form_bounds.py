"""The update form's items are bounded by what its page offers: a post of more items, or a forged
management form (TOTAL_FORMS=99999999 and the like), is refused with a message on the page, no
more forms than the page offers are built, and nothing is saved."""

import pytest
from django.urls import reverse

from progress.models import Update

# The most items the task page offers (progress.forms.MAX_ITEMS): the SOM reports' progress
# cells hold a handful.
MAX_ITEMS = 20
TOO_MANY = f"An update holds at most {MAX_ITEMS} progress items"


def item(number: int) -> dict:
    return {
        f"items-{number}-status": "ongoing",
        f"items-{number}-text": f"Step {number + 1} was taken.",
    }


def update_post(world, count: int, **management) -> dict:
    data = {
        "items-TOTAL_FORMS": str(count),
        "items-INITIAL_FORMS": "1",
        "next_steps": "Publish the approach",
        "version": str(world.update.version),
        "save": "",
    }
    for number in range(count):
        data.update(item(number))
    data.update({f"items-{name}": value for name, value in management.items()})
    return data


def saved(update: Update) -> tuple:
    update.refresh_from_db()
    return (
        update.version,
        update.next_steps,
        list(update.items.values_list("text", flat=True)),
    )


def post(world, client_as, data):
    client = client_as(world.people["focal_point"])
    return client.post(reverse("progress:task", kwargs={"pk": world.task.pk}), data)


def test_the_page_offers_a_blank_item_until_the_update_holds_the_most(world, client_as):
    response = post(world, client_as, update_post(world, MAX_ITEMS))
    assert response.status_code == 302

    page = client_as(world.people["focal_point"]).get(
        reverse("progress:task", kwargs={"pk": world.task.pk})
    )

    assert len(page.context["formset"].forms) == MAX_ITEMS
    assert world.update.items.count() == MAX_ITEMS


def test_one_item_more_than_the_page_offers_is_refused_with_a_message(world, client_as):
    before = saved(world.update)

    response = post(world, client_as, update_post(world, MAX_ITEMS + 1))

    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert saved(world.update) == before


@pytest.mark.parametrize(
    "management",
    [
        {"TOTAL_FORMS": "99999999"},
        {"TOTAL_FORMS": "99999999", "INITIAL_FORMS": "99999999"},
        {"TOTAL_FORMS": "99999999", "MAX_NUM_FORMS": "99999999", "MIN_NUM_FORMS": "0"},
        {"TOTAL_FORMS": "99999999", "INITIAL_FORMS": "-5", "MAX_NUM_FORMS": "-1"},
    ],
    ids=["total", "total and initial", "total and max", "negative initial and max"],
)
def test_a_forged_form_count_builds_no_more_forms_than_the_page_offers(
    world, client_as, management
):
    before = saved(world.update)

    response = post(world, client_as, update_post(world, 2, **management))

    assert response.status_code == 200
    formset = response.context["formset"]
    assert len(formset.forms) <= MAX_ITEMS
    assert TOO_MANY in response.content.decode()
    assert saved(world.update) == before


@pytest.mark.parametrize("total", ["²", "", "-1", "1" * 10_240, "\x00"])
def test_a_management_form_that_is_not_a_count_is_refused_without_saving(world, client_as, total):
    before = saved(world.update)

    response = post(world, client_as, update_post(world, 1, TOTAL_FORMS=total))

    assert response.status_code in (200, 400)
    if response.status_code == 200:
        formset = response.context["formset"]
        assert formset.non_form_errors()
        assert len(formset.forms) <= MAX_ITEMS
    assert saved(world.update) == before
