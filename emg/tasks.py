"""The Group's background tasks. Those of meeting packs, of Word files' conversions and of
notifications live beside the services that queue them (emg.packs.queue, emg.conversions,
emg.notifications.tasks): importing those modules
here registers them with the worker, which imports every app's ``tasks`` module."""

from celery import shared_task
from django.db import connection

from emg import (
    conversions,  # noqa: F401  (registers convert_word_file)
    people,  # noqa: F401  (registers send_invitation)
)
from emg.models import Meeting
from emg.notifications import tasks as notifications  # noqa: F401  (registers their tasks)
from emg.packs import queue  # noqa: F401  (registers build_pack and sweep_packs)
from emg.search import index  # noqa: F401  (registers search_reindex)


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
