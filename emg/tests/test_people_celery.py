"""The invitation's e-mail through the real worker: however often its task runs, it goes
once, and a task holding a link replaced since sends nothing."""

import datetime

import pytest
from django.utils import timezone

from emg import people
from emg.models import Invitation, User
from emg.people import send_invitation


def invitation_with(token: str, inviter) -> Invitation:
    """Made without queuing its e-mail: the test queues the task itself."""
    person = User.objects.create(username="nadia@example.org", email="nadia@example.org")
    return Invitation.objects.create(
        user=person,
        email=person.email,
        name="Nadia Newcomer",
        role=User.Role.SENIOR_OFFICIAL,
        invited_by=inviter,
        expires_at=timezone.now() + datetime.timedelta(days=7),
        token_hash=people.token_hash(token),
    )


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_the_task_run_twice_by_the_worker_sends_the_invitation_once(celery_worker, secretariat):
    invitation = invitation_with("first-token", secretariat)

    runs = [send_invitation.apply_async(args=[invitation.pk, "first-token"]) for _ in range(3)]

    assert sorted(run.get(timeout=30) for run in runs) == [False, False, True]
    invitation.refresh_from_db()
    assert invitation.sent_token == people.token_hash("first-token")
    assert invitation.sent_at is not None


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_the_task_of_a_link_sent_again_since_sends_nothing(celery_worker, secretariat):
    invitation = invitation_with("old-token", secretariat)
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=people.token_hash("new-token"))

    stale = send_invitation.apply_async(args=[invitation.pk, "old-token"]).get(timeout=30)
    fresh = send_invitation.apply_async(args=[invitation.pk, "new-token"]).get(timeout=30)

    assert (stale, fresh) == (False, True)
