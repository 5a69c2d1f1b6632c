"""Background tasks of progress reporting."""

from celery import shared_task
from django.utils import timezone

from progress.reminders import reminders_send


@shared_task
def send_reminders() -> int:
    """The daily reminders (Celery beat, settings.CELERY_BEAT_SCHEDULE). Takes no arguments and
    is safe to run any number of times a day: each reminder goes once per person, round and
    kind (progress/reminders.py)."""
    return reminders_send(today=timezone.localdate())
