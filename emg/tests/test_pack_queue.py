"""A meeting pack's life in the background: the task's retries, time limit and failures, a
late message, the sweeper of lost and stuck builds, and an unreachable broker."""

import datetime

import pytest
from django.conf import settings
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from config.celery import app as celery_app
from emg import pdf
from emg.models import MeetingPack
from emg.packs import queue
from emg.packs.build import _claim, pack_build
from emg.tests.form_pages import messages_of, text_of
from emg.tests.packs import packs_url

pytestmark = pytest.mark.django_db


def raising(error: Exception, calls: list):
    """A stand-in that notes in ``calls`` what it is called with, then raises ``error``."""

    def broken(argument):
        calls.append(argument)
        raise error

    return broken


# The task: retries, time limit, failures


def test_transient_errors_are_retried_a_bounded_number_of_times_then_the_pack_fails(
    som, monkeypatch
):
    pack = MeetingPack.objects.create(meeting=som)
    calls = []
    broken = raising(OperationalError("server closed the connection unexpectedly"), calls)
    monkeypatch.setattr(queue, "pack_build", broken)

    queue.build_pack.apply(args=[pack.pk], throw=False)

    assert calls == [pack.pk] * (queue.PACK_MAX_RETRIES + 1)
    pack.refresh_from_db()
    assert pack.status == MeetingPack.Status.FAILED
    assert "interrupted 4 times" in pack.error and "OperationalError" in pack.error


def test_a_transient_error_once_is_retried_and_the_pack_is_built(som, monkeypatch):
    pack = MeetingPack.objects.create(meeting=som)
    real = pack_build
    calls = []

    def flaky(pack_pk):
        calls.append(pack_pk)
        if len(calls) == 1:
            raise ConnectionError("Redis went away")
        return real(pack_pk)

    monkeypatch.setattr(queue, "pack_build", flaky)

    queue.build_pack.apply(args=[pack.pk], throw=False)

    assert len(calls) == 2
    pack.refresh_from_db()
    assert pack.status == MeetingPack.Status.READY


def test_on_a_worker_a_transient_error_sends_the_task_back_to_the_queue_with_a_delay(
    som, monkeypatch
):
    from celery.exceptions import Retry

    pack = MeetingPack.objects.create(meeting=som)
    broken = raising(OperationalError("the database is restarting"), [])
    monkeypatch.setattr(queue, "pack_build", broken)
    queued = []  # what would go to the broker

    def apply_async(args=None, kwargs=None, **options):
        queued.append((args, options))

    monkeypatch.setattr(queue.build_pack, "apply_async", apply_async)
    queue.build_pack.push_request(
        id="a-task", args=[pack.pk], kwargs={}, retries=1, is_eager=False, called_directly=False
    )
    try:
        with pytest.raises(Retry):
            queue.build_pack.run(pack.pk)
    finally:
        queue.build_pack.pop_request()

    [(args, options)] = queued
    assert list(args) == [pack.pk]
    assert options["retries"] == 2
    assert 0 <= options["countdown"] <= 20
    pack.refresh_from_db()
    assert pack.is_unfinished and pack.error == ""


def test_the_retry_delay_backs_off_and_is_capped():
    for retries in range(8):
        assert 0 <= queue.retry_delay(retries) <= min(10 * 2**retries, 120)


def test_any_other_error_fails_the_pack_at_once_with_its_reason(som, monkeypatch, settings):
    settings.PDF_PROCESSES = 1  # printed here, where the calls are counted
    pack = MeetingPack.objects.create(meeting=som)
    calls = []
    monkeypatch.setattr(pdf, "print_html", raising(ValueError("the renderer choked"), calls))

    queue.build_pack.apply(args=[pack.pk], throw=False)

    assert len(calls) == 1
    pack.refresh_from_db()
    assert pack.status == MeetingPack.Status.FAILED
    assert pack.error == "The build failed: ValueError: the renderer choked"
    assert pack.finished_at is not None


def test_the_soft_time_limit_fails_the_pack_with_the_reason(som, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    pack = MeetingPack.objects.create(meeting=som)

    def slow(pack_pk):
        _claim(pack_pk)
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(queue, "pack_build", slow)

    queue.build_pack.apply(args=[pack.pk], throw=False)

    pack.refresh_from_db()
    assert pack.status == MeetingPack.Status.FAILED
    assert "longer than the time limit" in pack.error


def test_a_finished_pack_is_not_built_again_by_a_late_message(som, renders):
    pack = MeetingPack.objects.create(
        meeting=som, status=MeetingPack.Status.FAILED, error="Stopped."
    )

    queue.build_pack.apply(args=[pack.pk], throw=False)

    assert renders == []
    pack.refresh_from_db()
    assert pack.status == MeetingPack.Status.FAILED and pack.error == "Stopped."


# The sweeper


@pytest.fixture
def sent(monkeypatch):
    """The packs handed to the broker (a test's broker that never delivers)."""
    handed = []
    celery_app.conf.task_always_eager = False  # put back by conftest's autouse fixture

    def apply_async(args, **options):
        handed.append(args[0])

    monkeypatch.setattr(queue.build_pack, "apply_async", apply_async)
    return handed


def test_the_sweeper_fails_packs_left_rendering_or_queued_past_the_limit(som, sent):
    now = timezone.now()
    limit = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)

    def pack(status, **times):
        return MeetingPack.objects.create(meeting=som, status=status, **times)

    lost = pack("rendering", started_at=now - limit - queue.SWEEP_GRACE - datetime.timedelta(1))
    working = pack("rendering", started_at=now - limit)
    stuck = pack("pending", enqueued_at=now - queue.QUEUE_TIMEOUT - datetime.timedelta(1))
    waiting = pack("pending", enqueued_at=now - datetime.timedelta(minutes=5))
    unsent = pack("pending")
    ready = pack("ready", started_at=now - 10 * limit, finished_at=now - 9 * limit)

    counts = queue.packs_sweep(now=now)

    assert counts == {"failed": 2, "queued": 1, "unsent": 0}
    statuses = {p.pk: p for p in MeetingPack.objects.all()}
    assert statuses[lost.pk].status == "failed"
    assert "time limit of 600 seconds" in statuses[lost.pk].error
    assert statuses[stuck.pk].status == "failed"
    assert "No background worker" in statuses[stuck.pk].error
    assert statuses[working.pk].status == "rendering"
    assert statuses[waiting.pk].status == "pending"
    assert statuses[ready.pk].status == "ready"
    assert sent == [unsent.pk]
    assert statuses[unsent.pk].enqueued_at is not None


def test_the_sweeper_is_on_the_beat_schedule():
    schedule = settings.CELERY_BEAT_SCHEDULE["emg-sweep-packs"]
    assert schedule["task"] == queue.sweep_packs.name
    assert schedule["schedule"] <= 60


# An unreachable broker


@pytest.fixture
def broker_down():
    """The broker is a closed port: tasks are sent, not run in the test."""
    broker_url = celery_app.conf.broker_url
    celery_app.conf.task_always_eager = False  # put back by conftest's autouse fixture
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    yield
    celery_app.conf.broker_url = broker_url


def test_an_unreachable_broker_keeps_the_request_and_the_page_says_so(
    som, client_as, secretariat, broker_down, django_capture_on_commit_callbacks
):
    client = client_as(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("packs:prepare", kwargs={"number": som.number}), follow=True)

    assert response.status_code == 200
    pack = som.packs.get()
    assert pack.status == MeetingPack.Status.PENDING and pack.enqueued_at is None
    assert any("background service is unavailable" in m for m in messages_of(response))
    page = text_of(client.get(packs_url(som)).content.decode())
    assert "The request is kept: the pack will be built as soon as the service is back." in page

    # Still down: the sweeper leaves it queued; back: the sweeper sends it.
    assert queue.packs_sweep() == {"failed": 0, "queued": 0, "unsent": 1}
    celery_app.conf.task_always_eager = True
    assert queue.packs_sweep() == {"failed": 0, "queued": 1, "unsent": 0}
    pack.refresh_from_db()
    assert pack.status == MeetingPack.Status.READY
