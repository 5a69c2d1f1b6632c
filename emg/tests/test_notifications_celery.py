"""Notifications through the real Celery worker on PostgreSQL and Redis: the mail is queued
when the change commits and sent once, whatever sends it again, at once or side by side.

The worker's mail goes to its own console (it is another process), so what these tests read is
the row the worker claimed and what each run of the task answers: True for the one run that
sent, False for every other."""

import time

import pytest
from django.db import transaction

from emg.models import Delivery, Notification, NotificationDigest, NotificationPreference
from emg.notifications.services import notify
from emg.notifications.tasks import send_digests, send_notification

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def tell(user, key="1"):
    with transaction.atomic():
        return notify(
            kind="pack_ready",
            recipients=[user],
            key=key,
            summary="The pack of SOM 26 is ready",
            url="/meetings/26/packs/",
            context={"meeting": "SOM 26", "language": "English", "ready": True},
        )


def emailed(notification: Notification, timeout: float = 30) -> Notification:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        notification.refresh_from_db()
        if notification.emailed_at is not None:
            return notification
        time.sleep(0.2)
    raise AssertionError(f"the worker did not send notification {notification.pk}")


def test_the_commit_hands_the_mail_to_the_worker_which_sends_it_once(secretariat):
    (notification,) = tell(secretariat)

    emailed(notification)

    assert send_notification.delay(notification.pk).get(timeout=30) is False
    assert tell(secretariat) == []  # the same event again, in a new transaction
    assert Notification.objects.count() == 1


def test_two_runs_side_by_side_send_once(secretariat):
    NotificationPreference.objects.create(user=secretariat, kind="pack_ready", delivery="digest")
    (notification,) = tell(secretariat)  # a digest one: nothing queued at the commit
    Notification.objects.filter(pk=notification.pk).update(delivery=Delivery.IMMEDIATE)

    runs = [send_notification.delay(notification.pk) for _ in range(3)]

    assert sorted(run.get(timeout=30) for run in runs) == [False, False, True]


def test_the_digest_run_by_the_worker_goes_once_a_day(secretariat, bob):
    for person in (secretariat, bob):
        NotificationPreference.objects.create(user=person, kind="pack_ready", delivery="digest")
        tell(person, key="a")
        tell(person, key="b")

    first = send_digests.delay().get(timeout=30)
    again = send_digests.delay().get(timeout=30)

    assert (first, again) == (2, 0)
    assert NotificationDigest.objects.count() == 2
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
