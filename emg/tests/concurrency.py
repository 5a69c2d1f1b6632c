"""Requests that arrive at the same moment. Each is posted from a thread of its own, with its own
client and its own database connection, and the threads are released together by a barrier, so
the transactions really overlap: on PostgreSQL; SQLite lets one writer in at a time, so tests using
this are marked ``postgresql``. They need ``@pytest.mark.django_db(transaction=True)``: each
thread's connection sees only committed rows.

- Adds and moves: a double-click, or several people adding to or reordering the same list
  (``post_at_once``, ``run_at_once``).
- Edits: many people save the same form, opened on the same version, in the same instant; and two
  people one after the other, the second refused with the conflict and then saving again on
  purpose. Each app lists its edit forms as ``EditForm`` rows; its test_concurrent_edits.py runs
  them (``check_saves_at_once``, ``check_save_after_someone_else``)."""

from __future__ import annotations

import functools
import html
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

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


def moves_up_and_down(url_name: str, rows) -> list[tuple[str, dict]]:
    """Posts moving every one of ``rows`` at once (to ``post_at_once``), each pair of
    neighbours towards each other."""
    return [
        (reverse(url_name, args=[row.pk]), {"direction": "down" if index % 2 == 0 else "up"})
        for index, row in enumerate(rows)
    ]


SAVERS = 20


@dataclass(frozen=True)
class EditForm:
    """An edit form: where it is (``url`` of the world), what the n-th person types into it
    (``typed``: the POST data but the version), the row's values as stored (``stored``: the keys
    of ``typed`` it checks, as they were posted), how the conflict names the row (``thing``) and
    a field of ``typed`` that the conflict shows as typed (``text``; "" when none does, a choice
    being shown by its label)."""

    id: str
    url: Callable[[object], str]
    typed: Callable[[object, int], dict]
    stored: Callable[[object], dict]
    thing: str
    text: str
    user: str = "secretariat"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def opened_version(client: Client, url: str) -> str:
    """The version the edit form at ``url`` carries, as a browser sends it back."""
    return version_in(client.get(url).content.decode())


def version_in(page: str) -> str:
    found = re.search(r'<input[^>]*name="version"[^>]*value="([^"]*)"', page)
    assert found, "the form carries no version"
    return html.unescape(found.group(1))


def posted_at_once(url: str, user, data: list[dict]) -> list:
    """POST each of ``data`` to ``url`` as ``user``, each in a thread and session of its own,
    all released at the same instant. The responses (or what a save raised), in order."""
    clients = [signed_in(user) for _ in data]
    barrier = threading.Barrier(len(data))
    answers: list = [None] * len(data)

    def save(index: int) -> None:
        try:
            barrier.wait(timeout=60)
            answers[index] = clients[index].post(url, data[index])
        except BaseException as exc:  # reported by the test, not lost in the thread
            answers[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(index,)) for index in range(len(data))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return answers


def conflict_of(response) -> str:
    """The text of the conflict a refused save shows ("" when it shows none)."""
    page = response.content.decode()
    found = re.search(r'<section[^>]*class="[^"]*emg-conflict[^"]*".*?</section>', page, re.S)
    if not found:
        return ""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))).split())


def as_posted(values: dict) -> dict:
    return {name: "" if value is None else str(value) for name, value in values.items()}


def the_one_accepted(answers: list, *, accepted: int = 302) -> int:
    """Which of ``answers`` was accepted, when exactly one was and every other was refused with
    the conflict shown."""
    failures = [answer for answer in answers if isinstance(answer, BaseException)]
    assert not failures, f"{len(failures)} saves failed: {failures[0]!r}"
    statuses = [answer.status_code for answer in answers]
    winners = [index for index, status in enumerate(statuses) if status == accepted]
    assert len(winners) == 1, f"{len(winners)} of {len(answers)} saves accepted: {statuses}"
    for index, answer in enumerate(answers):
        if index != winners[0]:
            assert answer.status_code == 409, f"save {index}: {answer.status_code}"
            assert "after you opened this form" in conflict_of(answer), f"save {index}"
    return winners[0]


def check_saves_at_once(form: EditForm, world) -> None:
    """SAVERS people open ``form`` on the same version and save at once: exactly one is
    accepted, every other is refused with the conflict, and the row holds the values of the
    one accepted, whole."""
    user = world.people[form.user]
    url = form.url(world)
    version = opened_version(signed_in(user), url)
    data = [{**form.typed(world, n), "version": version} for n in range(SAVERS)]

    answers = posted_at_once(url, user, data)

    winner = the_one_accepted(answers)
    stored = as_posted(form.stored(world))
    assert stored == as_posted({name: data[winner][name] for name in stored})


def check_save_after_someone_else(form: EditForm, world, other) -> None:
    """Open ``form``; ``other`` saves meanwhile; the save is refused with who changed the row
    and when, its values now, and what was typed kept; saving again replaces them."""
    user = world.people[form.user]
    url = form.url(world)
    mine, theirs = signed_in(user), signed_in(other)
    opened = opened_version(mine, url)
    typed_by_me, typed_by_them = form.typed(world, 1), form.typed(world, 2)
    assert theirs.post(url, {**typed_by_them, "version": opened}).status_code == 302

    refused = mine.post(url, {**typed_by_me, "version": opened})

    assert refused.status_code == 409
    conflict = conflict_of(refused)
    assert f"{other} changed this {form.thing} on" in conflict
    assert "after you opened this form" in conflict
    if form.text:
        assert typed_by_them[form.text] in conflict  # their values, listed
    stored = as_posted(form.stored(world))
    assert stored == as_posted({name: typed_by_them[name] for name in stored})
    page = refused.content.decode()
    if form.text:
        assert escape(typed_by_me[form.text]) in page  # mine, kept in the form
    reopened = version_in(page)
    assert reopened != opened

    again = mine.post(url, {**typed_by_me, "version": reopened})

    assert again.status_code == 302
    stored = as_posted(form.stored(world))
    assert stored == as_posted({name: typed_by_me[name] for name in stored})
