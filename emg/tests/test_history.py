"""Change history as people read it."""

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
