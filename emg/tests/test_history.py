"""Change history as people read it."""

import re

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
