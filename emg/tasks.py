"""Background tasks of the Group's app: building meeting packs (emg.packs) and sweeping up after
builds that died.

Run the worker with the prefork pool (the default; ``celery -A config worker --pool=prefork``):
the per-child memory cap (CELERY_WORKER_MAX_MEMORY_PER_CHILD) and the soft time limit only
apply there, since they work by replacing or signalling child processes."""

import logging

import redis
from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.utils.translation import gettext as _

from emg import packs
from emg.models import Meeting

logger = logging.getLogger(__name__)

# Errors that say "not now" rather than "never": the database or Redis went away for a moment.
TRANSIENT_ERRORS = (
    OperationalError,
    InterfaceError,
    redis.exceptions.ConnectionError,
    ConnectionError,
)
PACK_MAX_RETRIES = 3


def retry_delay(retries: int) -> int:
    """Seconds before the next attempt: 10, 20, 40 … at most 120, with full jitter so that the
    packs a database outage interrupted do not all come back at once."""
    return get_exponential_backoff_interval(
        factor=10, retries=retries, maximum=120, full_jitter=True
    )


@shared_task(bind=True)
def ping(self) -> dict:
    """Report which worker answered and what database it sees.

    The foundation's proof that web processes and workers share one broker and one database: a
    caller that has just committed rows can count them here."""
    return {
        "hostname": self.request.hostname,
        "database": connection.vendor,
        "meetings": Meeting.objects.count(),
    }


def _fail(pack_pk: int, reason: str) -> None:
    try:
        packs.pack_fail(pack_pk=pack_pk, reason=reason)
    except TRANSIENT_ERRORS:
        # The database is gone too: the sweeper fails the pack once the time limit has passed.
        logger.exception("Meeting pack %s: could not record that it failed", pack_pk)


@shared_task(bind=True, max_retries=PACK_MAX_RETRIES, acks_late=True)
def build_pack(self, pack_pk: int) -> str | None:
    """Build the meeting pack ``pack_pk`` (emg.packs.pack_build). Safe to run twice; transient
    errors are retried PACK_MAX_RETRIES times with backoff, anything else fails the pack with
    its reason on the row."""
    try:
        pack = packs.pack_build(pack_pk)
    except SoftTimeLimitExceeded:
        _fail(
            pack_pk,
            _("The build took longer than the time limit of %(seconds)s seconds.")
            % {"seconds": settings.CELERY_TASK_SOFT_TIME_LIMIT},
        )
        return None
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            logger.exception("Meeting pack %s: giving up", pack_pk)
            _fail(
                pack_pk,
                _("The build was interrupted %(attempts)s times (%(error)s). Try again later.")
                % {"attempts": self.request.retries + 1, "error": exc.__class__.__name__},
            )
            return None
        logger.warning("Meeting pack %s: %s; retrying", pack_pk, exc)
        if self.request.is_eager:
            # Run in-process (no broker): there is no queue to come back through, so the next
            # attempt runs here, without the wait.
            again = self.apply(args=[pack_pk], retries=self.request.retries + 1, throw=False)
            return again.result
        raise self.retry(exc=exc, countdown=retry_delay(self.request.retries)) from exc
    except Exception as exc:
        logger.exception("Meeting pack %s could not be built", pack_pk)
        _fail(
            pack_pk,
            _("The build failed: %(error)s") % {"error": f"{exc.__class__.__name__}: {exc}"[:500]},
        )
        return None
    return pack.status if pack else None


@shared_task
def sweep_packs() -> dict:
    """The beat's periodic clean-up of packs (emg.packs.packs_sweep)."""
    return packs.packs_sweep()
