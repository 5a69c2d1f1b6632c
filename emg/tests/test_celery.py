"""The worker shares the broker and the database with the web processes."""

import pytest
import redis
from celery.backends.redis import RedisBackend
from django.conf import settings

from config.celery import app as celery_app
from emg.tasks import ping
from emg.tests.factories import MeetingFactory


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_ping_is_answered_by_the_real_worker_and_sees_rows_the_test_committed(celery_worker):
    MeetingFactory.create_batch(3)

    result = ping.delay()

    assert result.get(timeout=30) == {
        "hostname": celery_worker,
        "database": "postgresql",
        "meetings": 3,
    }


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_ping_result_comes_back_through_the_redis_result_backend(celery_worker):
    result = ping.delay()
    answer = result.get(timeout=30)

    assert isinstance(celery_app.backend, RedisBackend)
    stored = redis.Redis.from_url(settings.CELERY_RESULT_BACKEND).get(
        celery_app.backend.get_key_for_task(result.id)
    )
    assert stored is not None
    assert celery_app.backend.decode_result(stored)["result"] == answer
    assert answer["meetings"] == 0


@pytest.mark.django_db
def test_ping_runs_inside_the_test_when_not_marked_celery():
    MeetingFactory()

    result = ping.delay()

    assert result.successful()
    assert result.get()["meetings"] == 1  # the test's own uncommitted row: same transaction
