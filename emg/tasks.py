"""Background tasks of the Group's app."""

from celery import shared_task
from django.db import connection

from emg.models import Meeting


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
