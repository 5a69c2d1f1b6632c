"""The secretariat's review: accept, or return with a required comment; who and when is kept and
shown."""

import re

from django.urls import reverse

from progress.models import Status, Update
from progress.services.updates import ItemData
from progress.tests.growth import assert_same_queries, more_items, more_mandates
from progress.tests.updates import submitted


def submit(world):
    return submitted(
        world, ItemData(Status.ONGOING, "The drafting group met."), next_steps="Share the draft"
    )


def read(world) -> str:
    """The version of the update the review page shows."""
    return str(Update.objects.get(pk=world.update.pk).version)


def test_the_review_page_shows_the_update_with_its_status_words(world, client_as):
    submit(world)

    response = client_as(world.people["secretariat"]).get(
        reverse("progress:review", kwargs={"pk": world.task.pk})
    )

    page = response.content.decode()
    assert "<strong>Ongoing:</strong> The drafting group met." in page
    assert "Share the draft" in page
    assert "Accept the update" in page
    assert "Submitted" in page and str(world.people["focal_point"]) in page


def test_returning_without_a_comment_shows_the_error_next_to_the_field(world, client_as):
    submit(world)

    response = client_as(world.people["secretariat"]).post(
        reverse("progress:review", kwargs={"pk": world.task.pk}), {"comment": ""}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "comment": ["Say what the focal points should fix: a comment is required."]
    }
    world.update.refresh_from_db()
    assert world.update.state == Update.State.SUBMITTED


def test_returning_sends_the_update_back_with_the_comment(world, client_as):
    submit(world)
    secretariat = world.people["secretariat"]

    response = client_as(secretariat).post(
        reverse("progress:review", kwargs={"pk": world.task.pk}),
        {"comment": "Give the meeting dates.", "version": read(world)},
        follow=True,
    )

    world.update.refresh_from_db()
    assert world.update.state == Update.State.RETURNED
    assert world.update.reviewer_comment == "Give the meeting dates."
    assert world.update.returned_by == secretariat
    assert "returned to the focal points" in response.content.decode()


def test_accepting_locks_the_update_and_the_page_says_so(world, client_as):
    submit(world)
    secretariat = world.people["secretariat"]

    response = client_as(secretariat).post(
        reverse("progress:accept", kwargs={"pk": world.task.pk}),
        {"version": read(world)},
        follow=True,
    )

    world.update.refresh_from_db()
    assert world.update.state == Update.State.ACCEPTED
    assert world.update.accepted_by == secretariat
    page = response.content.decode()
    assert "this update is locked" in page
    assert "Accept the update" not in page
    assert "Accepted" in page


def test_a_review_of_what_was_resubmitted_since_the_page_was_read_is_refused(world, client_as):
    submit(world)
    client = client_as(world.people["secretariat"])
    page = client.get(reverse("progress:review", kwargs={"pk": world.task.pk})).content.decode()
    shown = re.findall(r'name="version" value="(\d+)"', page)
    assert len(shown) == 2 and set(shown) == {read(world)}  # in the accept and return forms
    other = client_as(world.people["secretariat"])
    other.post(
        reverse("progress:review", kwargs={"pk": world.task.pk}),
        {"comment": "Dates?", "version": read(world)},
    )
    world.update.refresh_from_db()
    submitted(world, ItemData(Status.COMPLETED, "Done, and nobody read it."))

    for url, data in (
        ("progress:accept", {"version": shown[0]}),
        ("progress:review", {"version": shown[0], "comment": "Fine."}),
        ("progress:accept", {"version": "not a version"}),
        ("progress:accept", {}),
    ):
        response = client.post(reverse(url, kwargs={"pk": world.task.pk}), data, follow=True)
        assert response.status_code == 200
        assert "changed this update after you opened it" in response.content.decode()
    world.update.refresh_from_db()
    assert world.update.state == Update.State.SUBMITTED


def test_a_draft_cannot_be_accepted(world, client_as):
    response = client_as(world.people["secretariat"]).post(
        reverse("progress:accept", kwargs={"pk": world.task.pk}), follow=True
    )

    world.update.refresh_from_db()
    assert world.update.state == Update.State.DRAFT
    assert "Only a submitted update can be reviewed" in response.content.decode()


def test_the_task_page_keeps_who_submitted_returned_and_accepted(world, client_as):
    submit(world)
    client = client_as(world.people["secretariat"])
    client.post(
        reverse("progress:review", kwargs={"pk": world.task.pk}),
        {"comment": "Dates?", "version": read(world)},
    )
    world.update.refresh_from_db()
    submitted(world, ItemData(Status.ONGOING, "Met on 3 March."))
    client.post(reverse("progress:accept", kwargs={"pk": world.task.pk}), {"version": read(world)})

    page = client.get(reverse("progress:task", kwargs={"pk": world.task.pk})).content.decode()

    for label in ("Submitted", "Returned", "Accepted"):
        assert f'<dt class="col-sm-3">{label}</dt>' in page
    history = world.update.history.order_by("history_date").values_list("state", flat=True)
    assert list(history)[-4:] == ["submitted", "returned", "submitted", "accepted"]


def test_the_review_page_query_count_does_not_grow_with_the_update(world, client_as):
    submit(world)

    def grow_large():
        more_mandates(world, 1, 10)
        more_items(world.update, 2, 20)

    assert_same_queries(
        client_as(world.people["secretariat"]),
        reverse("progress:review", kwargs={"pk": world.task.pk}),
        grow_small=lambda: more_mandates(world, 0, 1),
        grow_large=grow_large,
    )


def test_the_history_shows_who_returned_the_update(world, client_as):
    submit(world)
    client = client_as(world.people["secretariat"])
    client.post(
        reverse("progress:review", kwargs={"pk": world.task.pk}),
        {"comment": "Dates?", "version": read(world)},
    )

    page = client.get(reverse("progress:task_history", kwargs={"pk": world.task.pk}))

    text = page.content.decode()
    assert page.status_code == 200
    assert "Returned" in text and "Dates?" in text
