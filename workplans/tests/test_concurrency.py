"""No lost updates: two people of the secretariat, each signed in in their own session, open the
same item and save one after the other. The second save is refused, shows what the first person
saved (who, when, the values) and keeps what the second person typed; saving again then replaces
the values deliberately."""

import html
import re

import pytest
from django.urls import reverse

from emg.tests.concurrency import EditForm, edit_form_tests, signed_in, stored_values, url_of
from workplans.models import Activity, Milestone, Outcome
from workplans.tests.plan_builder import make_plan

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def form_fields(response) -> dict:
    """The values a browser would send back from the form in this response."""
    page = response.content.decode()
    fields = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page):
        fields[name] = html.unescape(value)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        fields[name] = chosen.group(1) if chosen else ""
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        fields[name] = html.unescape(text).lstrip("\n")
    fields.pop("csrfmiddlewaretoken", None)
    fields.pop("q", None)
    return fields


def words(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_the_second_of_two_people_saving_the_same_activity_is_refused_and_keeps_their_text(
    secretariat, bob
):
    plan = make_plan(1, outcomes=1)
    activity = Activity.objects.get(outcome__work_plan=plan)
    url = reverse("workplans:activity_edit", args=[activity.pk])
    alice_session, bob_session = signed_in(secretariat), signed_in(bob)

    alices_form = form_fields(alice_session.get(url, headers=HTMX))
    bobs_form = form_fields(bob_session.get(url, headers=HTMX))
    assert alices_form["version"] == bobs_form["version"] == "1"

    first = alice_session.post(
        url,
        {**alices_form, "title": "IMG on Biodiversity", "end_period": "quarter-3"},
        headers=HTMX,
    )
    second = bob_session.post(
        url,
        {**bobs_form, "title": "Task Team on Biodiversity", "description": "Bob's words"},
        headers=HTMX,
    )

    assert first.status_code == 200
    assert second.status_code == 409
    refused = words(second)
    assert "Not saved." in refused
    assert f"{secretariat} changed this activity on" in refused
    assert "after you opened this form" in refused
    # The current values, as Alice saved them …
    assert "Title IMG on Biodiversity" in refused
    assert "Schedule October 2021 – Q3 2022" in refused
    # … and Bob's text, still in the form, now on the current version.
    kept = form_fields(second)
    assert kept["title"] == "Task Team on Biodiversity"
    assert kept["description"] == "Bob's words"
    assert kept["version"] == "2"
    stored = Activity.objects.get(pk=activity.pk)
    assert (stored.title, str(stored.schedule), stored.version) == (
        "IMG on Biodiversity",
        "October 2021 – Q3 2022",
        2,
    )

    # Having seen Alice's change, Bob saves again on purpose.
    again = bob_session.post(url, kept, headers=HTMX)

    assert again.status_code == 200
    stored = Activity.objects.get(pk=activity.pk)
    assert (stored.title, stored.description, stored.version) == (
        "Task Team on Biodiversity",
        "Bob's words",
        3,
    )
    assert [h.history_user for h in stored.history.order_by("-history_date")[:2]] == [
        bob,
        secretariat,
    ]


def test_a_move_by_someone_else_does_not_make_an_open_form_stale(secretariat, bob):
    plan = make_plan(2, outcomes=1)
    activity = Activity.objects.get(outcome__work_plan=plan, title="Activity 1.2")
    url = reverse("workplans:activity_edit", args=[activity.pk])
    alice_session, bob_session = signed_in(secretariat), signed_in(bob)
    bobs_form = form_fields(bob_session.get(url, headers=HTMX))

    alice_session.post(
        reverse("workplans:activity_move", args=[activity.pk]), {"direction": "up"}, headers=HTMX
    )
    saved = bob_session.post(url, {**bobs_form, "title": "Renamed by Bob"}, headers=HTMX)

    assert saved.status_code == 200
    assert Activity.objects.get(pk=activity.pk).order == 1
    assert Activity.objects.get(pk=activity.pk).title == "Renamed by Bob"


@pytest.mark.parametrize("kind", ["outcome", "milestone"])
def test_outcomes_and_milestones_refuse_stale_saves_too(secretariat, bob, kind):
    plan = make_plan(1, outcomes=1)
    item = (
        Outcome.objects.get(work_plan=plan)
        if kind == "outcome"
        else Milestone.objects.filter(activity__outcome__work_plan=plan, parent=None).first()
    )
    text_field = "heading" if kind == "outcome" else "text"
    url = reverse(f"workplans:{kind}_edit", args=[item.pk])
    alice_session, bob_session = signed_in(secretariat), signed_in(bob)
    alices_form = form_fields(alice_session.get(url, headers=HTMX))
    bobs_form = form_fields(bob_session.get(url, headers=HTMX))

    alice_session.post(url, {**alices_form, text_field: "Alice's text"}, headers=HTMX)
    refused = bob_session.post(url, {**bobs_form, text_field: "Bob's text"}, headers=HTMX)

    assert refused.status_code == 409
    assert "Alice's text" in words(refused)
    assert form_fields(refused)[text_field] == "Bob's text"
    assert getattr(type(item).objects.get(pk=item.pk), text_field) == "Alice's text"


def test_saving_an_activity_someone_deleted_meanwhile_is_refused(secretariat, bob):
    plan = make_plan(1, outcomes=1)
    activity = Activity.objects.get(outcome__work_plan=plan)
    url = reverse("workplans:activity_edit", args=[activity.pk])
    alice_session, bob_session = signed_in(secretariat), signed_in(bob)
    bobs_form = form_fields(bob_session.get(url, headers=HTMX))

    # Alice deletes the activity while Bob's form is open. The page shows Bob a message; the form
    # and his text stay where they were (htmx swaps nothing on a 404).
    alice_session.post(reverse("workplans:activity_delete", args=[activity.pk]), headers=HTMX)
    refused = bob_session.post(url, {**bobs_form, "title": "Too late"}, headers=HTMX)

    assert refused.status_code == 404
    assert not Activity.objects.filter(pk=activity.pk).exists()


# The one mechanism of every app (emg/tests/concurrency.py), on the plan's items.


def activity_typed(world, n):
    return {
        "outcome": world.outcome.pk,
        "title": f"Common approach, as person {n} calls it",
        "description": f"Described by person {n}.",
        "mandate": world.mandate.pk,
        "start_period": "month-10",
        "start_year": 2021,
        "end_period": "quarter-2",
        "end_year": 2022,
    }


FORMS = [
    EditForm(
        "outcome",
        url_of("workplans:outcome_edit", "outcome"),
        lambda world, n: {"heading": f"Coherence, as person {n} heads it", "statement": ""},
        stored_values(Outcome, "outcome", "heading"),
        text="heading",
        thing="expected outcome",
    ),
    EditForm(
        "activity",
        url_of("workplans:activity_edit", "activity"),
        activity_typed,
        stored_values(Activity, "activity", "title", "description"),
        text="title",
    ),
    EditForm(
        "milestone",
        url_of("workplans:milestone_edit", "milestone"),
        lambda world, n: {"text": f"Draft the approach, as person {n} words it"},
        stored_values(Milestone, "milestone", "text"),
        text="text",
    ),
]

(
    test_of_twenty_saves_opened_on_one_version_exactly_one_is_accepted,
    test_a_save_after_someone_elses_is_refused_then_replaces_on_purpose,
) = edit_form_tests(FORMS)
