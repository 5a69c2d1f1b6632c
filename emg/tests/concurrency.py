"""Requests that arrive at the same moment: a double-click, or several people adding to or
reordering the same list. Each request is posted from a thread of its own, with its own client
and its own database connection, and the threads are released together by a barrier, so the
transactions really overlap (on PostgreSQL; SQLite lets one writer in at a time, so tests using
this are marked ``postgresql``). They need ``@pytest.mark.django_db(transaction=True)``: each
thread's connection sees only committed rows."""

from __future__ import annotations

import functools
import threading

from django.db import connection
from django.test import Client

# Long enough for every thread to start on a busy machine, short enough that a test that lost a
# thread fails instead of hanging.
WAIT = 60


def run_at_once(*actions) -> list:
    """Call each of ``actions`` at the same moment, each in a thread of its own with its own
    database connection. What each returned, or the exception that stopped it, in the order of
    ``actions``."""
    barrier = threading.Barrier(len(actions), timeout=WAIT)
    results: list = [None] * len(actions)

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = actions[index]()
        except BaseException as error:  # kept for the test to report, never lost in a thread
            results[index] = error
        finally:
            # The thread's own connection, closed so that the test database can be dropped.
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT * 2)
    return results


def post_at_once(user, posts: list[tuple[str, dict]], *, headers: dict | None = None) -> list:
    """POST each ``(url, data)`` of ``posts`` at the same moment, each from a client of its own
    signed in as ``user``. The responses, in the order of ``posts``; a server error is a 500
    response, as a browser would get it."""
    actions = []
    for url, data in posts:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        actions.append(functools.partial(client.post, url, data, headers=headers or {}))
    return run_at_once(*actions)


def statuses(answers: list) -> list:
    """Each answer's status code, or the exception that stopped its thread."""
    return [getattr(answer, "status_code", answer) for answer in answers]


def orders(rows) -> list[int]:
    """The orders of ``rows`` (a queryset of siblings), sorted."""
    return sorted(rows.values_list("order", flat=True))
