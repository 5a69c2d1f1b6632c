"""Requests that arrive at the same moment: a double-click, or several people adding to or
reordering the same list. Each request is posted from a thread of its own, with its own client
and its own database connection, and the threads are released together by a barrier, so the
transactions really overlap (on PostgreSQL; SQLite lets one writer in at a time, so tests using
this are marked ``postgresql``). They need ``@pytest.mark.django_db(transaction=True)``: each
thread's connection sees only committed rows."""

from __future__ import annotations

import threading

from django.db import connection
from django.test import Client

# Long enough for every thread to start on a busy machine, short enough that a test that lost a
# thread fails instead of hanging.
WAIT = 60


def post_at_once(user, posts: list[tuple[str, dict]], *, headers: dict | None = None) -> list:
    """POST each ``(url, data)`` of ``posts`` at the same moment, each from a client of its own
    signed in as ``user``. The responses, in the order of ``posts``; a server error is a 500
    response, as a browser would get it."""
    clients = []
    for _post in posts:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(len(posts), timeout=WAIT)
    answers: list = [None] * len(posts)

    def post(index: int) -> None:
        url, data = posts[index]
        try:
            barrier.wait()
            answers[index] = clients[index].post(url, data, headers=headers or {})
        except BaseException as error:  # kept for the test to report, never lost in a thread
            answers[index] = error
        finally:
            # The thread's own connection, closed so that the test database can be dropped.
            connection.close()

    threads = [threading.Thread(target=post, args=(index,)) for index in range(len(posts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT * 2)
    return answers


def statuses(answers: list) -> list:
    """Each answer's status code, or the exception that stopped its thread."""
    return [getattr(answer, "status_code", answer) for answer in answers]


def orders(rows) -> list[int]:
    """The orders of ``rows`` (a queryset of siblings), sorted."""
    return sorted(rows.values_list("order", flat=True))
