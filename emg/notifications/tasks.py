"""The Celery tasks of notifications, beside the services they call (emg.tasks imports this
module for the worker to register them)."""

from celery import shared_task

from emg.notifications.services import digests_send, notification_send


@shared_task
def send_notification(pk: int) -> bool:
    """E-mail notification ``pk``; safe to run any number of times (it is sent once). Answers
    whether this run sent it."""
    return notification_send(pk=pk)


@shared_task
def send_digests() -> int:
    """The beat's daily digests (settings.CELERY_BEAT_SCHEDULE); safe to run any number of
    times a day: each person gets at most one a day, and nothing twice."""
    return digests_send()
