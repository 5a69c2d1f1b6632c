"""The one optimistic-concurrency mechanism (emg.versions): a claim takes the next version only
from the version it names, inside the service's transaction; a form's version is never trusted
blindly."""

import pytest
from django.db import IntegrityError, transaction

from emg import services
from emg.forms import VersionField
from emg.models import Meeting
from emg.versions import StaleEdit, claim


@pytest.mark.django_db(transaction=True)
def test_a_claim_outside_a_transaction_is_refused_before_it_writes():
    meeting = Meeting.objects.create(number=26)

    with pytest.raises(RuntimeError):
        claim(meeting, meeting.version)

    assert Meeting.objects.get(pk=meeting.pk).version == 1


@pytest.mark.django_db
def test_a_claim_reads_the_row_as_stored_over_what_was_changed_in_memory():
    meeting = Meeting.objects.create(number=26, title="As stored")
    meeting.title = "Changed in memory only"

    with transaction.atomic():
        claim(meeting, 1)

    assert (meeting.title, meeting.version) == ("As stored", 2)


@pytest.mark.django_db
def test_an_edit_of_a_row_deleted_since_is_refused_with_no_current_row():
    meeting = Meeting.objects.create(number=26)
    Meeting.objects.filter(pk=meeting.pk).delete()

    with pytest.raises(StaleEdit) as refused:
        services.meeting_update(meeting=meeting, version=1, number=26, title="", host=None)

    assert (refused.value.model, refused.value.pk, refused.value.current) == (
        Meeting,
        meeting.pk,
        None,
    )


@pytest.mark.django_db
def test_an_edit_that_fails_after_its_claim_leaves_the_version_as_it_was():
    Meeting.objects.create(number=26)
    meeting = Meeting.objects.create(number=27)

    with pytest.raises(IntegrityError):  # SOM 26 is taken
        services.meeting_update(meeting=meeting, version=1, number=26, title="", host=None)

    assert Meeting.objects.get(pk=meeting.pk).version == 1


@pytest.mark.parametrize("posted", ["", "stale", "-3", "0", "99999999999999999999", None])
def test_a_version_that_is_no_version_reads_as_none_a_row_has(posted):
    assert VersionField().clean(posted) == 0


def test_a_version_reads_as_itself():
    assert VersionField().clean(" 7 ") == 7
