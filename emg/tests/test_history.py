"""Change history as people read it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emg.history import entries
from emg.models import Document, Meeting


def test_history_lists_who_changed_which_field_from_what_to_what(world, undp):
    meeting = world.meeting
    meeting.title = "26th Senior Officials Meeting (revised)"
    meeting._history_user = world.people["secretariat"]
    meeting.save()

    newest, created = entries(Meeting.history.filter(id=meeting.pk))

    assert newest.action == "changed"
    assert newest.who == world.people["secretariat"]
    assert [(c.field, c.old, c.new) for c in newest.changes] == [
        ("Title", "26th Senior Officials Meeting", "26th Senior Officials Meeting (revised)")
    ]
    assert created.action == "created"
    assert ("Host", "—", "UNDP") in [(c.field, c.old, c.new) for c in created.changes]


def test_history_names_choices_and_related_records_in_a_constant_number_of_queries(
    world, django_assert_num_queries
):
    for number in range(5):
        document = Document.objects.create(
            symbol=f"EMG/SOM.26/INF.{number}", title="Note", kind=Document.Kind.OTHER
        )
        document.kind = Document.Kind.AGENDA
        document.meeting = world.meeting
        document.save()

    # one query for the documents' history with its users, one for the meetings it names
    with django_assert_num_queries(2):
        found = entries(Document.history.filter(symbol__startswith="EMG/SOM.26/INF."))

    changes = [(c.field, c.old, c.new) for e in found for c in e.changes]
    assert changes.count(("Kind", "Other", "Agenda")) == 5
    assert changes.count(("Meeting", "—", str(world.meeting))) == 5


def test_the_people_who_made_changes_are_named_without_a_query_each(
    world, django_assert_num_queries
):
    for number in range(5):
        document = Document(symbol=f"EMG/SOM.26/L.{number}", title="Draft", kind="other")
        document._history_user = world.people["secretariat" if number % 2 else "focal_point"]
        document.save()

    with django_assert_num_queries(1):
        found = entries(Document.history.filter(symbol__startswith="EMG/SOM.26/L."))
        names = {str(entry.who) for entry in found}

    assert names == {str(world.people["secretariat"]), str(world.people["focal_point"])}


# History pages, 25 changes at a time


def edited_meeting(number: int, changes: int, hosts) -> Meeting:
    """A meeting created and then edited until it has ``changes`` changes, the host changing
    too, so that the changes name related records."""
    meeting = Meeting.objects.create(number=number, title="Meeting title 01", host=hosts[0])
    for change in range(2, changes + 1):
        meeting.title = f"Meeting title {change:02d}"
        meeting.host = hosts[change % len(hosts)]
        meeting.save()
    return meeting


def headers_of(response) -> list[str]:
    """Each entry's header as it reads: "Meeting changed: Meeting title 30"."""
    html = response.content.decode()
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", header)).strip()
        for header in re.findall(r'<div class="card-header[^"]*">\s*<span>(.*?)</span>', html)
    ]


def test_a_history_page_shows_the_newest_25_changes_and_links_to_the_rest(
    client_as, secretariat, unep, undp
):
    meeting = edited_meeting(401, 30, [unep, undp])
    client = client_as(secretariat)
    url = reverse("meetings:history", kwargs={"number": meeting.number})

    first = client.get(url)
    second = client.get(url, {"page": 2})

    assert headers_of(first) == [
        f"Meeting changed: Meeting title {n:02d}" for n in range(30, 5, -1)
    ]
    assert 'href="?page=2"' in first.content.decode()
    assert "Changes 1 to 25 of 30" in first.content.decode()
    assert headers_of(second) == [
        *(f"Meeting changed: Meeting title {n:02d}" for n in range(5, 1, -1)),
        "Meeting created: Meeting title 01",
    ]
    assert 'href="?page=1"' in second.content.decode()


def test_a_change_at_the_foot_of_a_page_is_compared_with_the_one_on_the_next(
    client_as, secretariat, unep, undp
):
    meeting = edited_meeting(402, 30, [unep, undp])

    first = client_as(secretariat).get(
        reverse("meetings:history", kwargs={"number": meeting.number})
    )

    oldest_shown = first.content.decode().rsplit('<li class="card', 1)[1]
    assert "<td>Meeting title 05</td><td>Meeting title 06</td>" in oldest_shown
    assert f"<td>{undp}</td><td>{unep}</td>" in oldest_shown


def test_a_history_page_runs_as_many_queries_for_60_changes_as_for_5(
    client_as, secretariat, unep, undp, django_assert_max_num_queries
):
    few = edited_meeting(403, 5, [unep, undp])
    many = edited_meeting(404, 60, [unep, undp])
    client = client_as(secretariat)

    def history(meeting, page=1):
        return client.get(
            reverse("meetings:history", kwargs={"number": meeting.number}), {"page": page}
        )

    with CaptureQueriesContext(connection) as captured:
        assert history(few).status_code == 200

    with django_assert_max_num_queries(len(captured)):
        assert history(many).status_code == 200
    with django_assert_max_num_queries(len(captured)):
        assert history(many, page=3).status_code == 200


# A reader who may see a record only from some moment on


def test_a_reader_from_a_moment_on_gets_the_record_as_it_stood_then_and_what_came_after(world):
    from emg.history import seen_from
    from emg.models import Session

    session = world.session  # no venue, times or platform: it was online
    for venue in ("Before the moment", "As it stood then"):
        session.venue = venue
        session.save()
    moment = Session.history.filter(id=session.pk).latest("history_id").history_date
    session.venue = "After the moment"
    session.save()

    changed, stood = entries(seen_from(Session.history.filter(id=session.pk), moment))

    assert [(c.field, c.old, c.new) for c in changed.changes] == [
        ("Venue", "As it stood then", "After the moment")
    ]
    # Compared with nothing: what it holds, none of what it replaced, and no empty field.
    assert stood.action == "changed"
    shown = [(c.field, c.old, c.new) for c in stood.changes]
    assert ("Venue", "—", "As it stood then") in shown
    assert ("Online", "—", "yes") in shown
    assert [c for c in stood.changes if c.new == "—"] == []


def test_a_record_deleted_before_the_moment_is_not_shown(world):
    from emg.history import seen_from
    from emg.models import AgendaItem

    gone = AgendaItem.objects.create(meeting=world.meeting, order=9, title="Withdrawn item")
    gone_id = gone.pk
    gone.delete()
    versions = AgendaItem.history.filter(id=gone_id)
    moment = versions.latest("history_id").history_date

    assert len(entries(versions)) == 2
    assert not entries(seen_from(versions, moment))


# Records every reader's page shows whole: every reader gets their whole history


def history_list(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('<ol class="list-unstyled emg-history">')
    return html[start : html.index("</ol>", start)]


@pytest.mark.parametrize(
    "name, key",
    [
        ("meetings:history", lambda world: {"number": world.meeting.number}),
        ("mandates:history", lambda world: {"pk": world.mandate.pk}),
        ("decisions:history", lambda world: {"pk": world.decision.pk}),
        ("workplans:history", lambda world: {"pk": world.work_plan.pk}),
        ("workplans:outcome_history", lambda world: {"pk": world.outcome.pk}),
        ("workplans:activity_history", lambda world: {"pk": world.activity.pk}),
        ("workplans:milestone_history", lambda world: {"pk": world.milestone.pk}),
    ],
)
def test_a_record_every_reader_sees_whole_has_the_same_history_for_every_reader(
    client_as, world, name, key
):
    url = reverse(name, kwargs=key(world))
    secretariats = history_list(client_as(world.people["secretariat"]).get(url))
    assert "emg-history" in secretariats and "created" in secretariats
    for role in ("senior_official", "focal_point", "other_focal_point"):
        assert history_list(client_as(world.people[role]).get(url)) == secretariats, role
