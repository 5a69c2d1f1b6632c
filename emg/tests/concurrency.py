"""Requests that arrive at the same moment. Each is posted from a thread of its own, with its own
client and its own database connection, and the threads are released together by a barrier, so
the transactions really overlap: on PostgreSQL; SQLite lets one writer in at a time, so tests using
this are marked ``postgresql``. They need ``@pytest.mark.django_db(transaction=True)``: each
thread's connection sees only committed rows.

- Adds and moves: a double-click, or several people adding to or reordering the same list
  (``post_at_once``, ``run_at_once``, ``check_added_at_once``, ``check_moved_at_once``).
- Edits: many people save the same form, opened on the same version, in the same instant; and two
  people one after the other, the second refused with the conflict and then saving again on
  purpose. Each app lists its edit forms as ``EditForm`` rows; its test_concurrent_edits.py runs
  them (``edit_form_tests``)."""

from __future__ import annotations

import functools
import html
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from mandates.tests.factories import FocalPointFactory

# Long enough for every thread to start on a busy machine, short enough that a test that lost a
# thread fails instead of hanging.
WAIT = 60

# How many requests the tests of adds and moves post at once.
AT_ONCE = 10


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


def moves_up_and_down(url_name: str, rows, **kwargs) -> list[tuple[str, dict]]:
    """Posts moving every one of ``rows`` at once (to ``post_at_once``), each pair of
    neighbours towards each other. The URL is ``url_name``'s for the row's ``pk`` and
    ``kwargs``."""
    return [
        (
            reverse(url_name, kwargs={**kwargs, "pk": row.pk}),
            {"direction": "down" if index % 2 == 0 else "up"},
        )
        for index, row in enumerate(rows)
    ]


def check_posted_at_once(user, posts: list[tuple[str, dict]], rows, *, count: int) -> None:
    """POST ``posts`` at once as ``user``: every one is accepted, and ``rows`` (the queryset of
    the siblings they add to or move) end up ordered 1 to ``count``, none shared, none missed."""
    answers = post_at_once(user, posts)

    assert statuses(answers) == [302] * len(posts)
    assert orders(rows) == list(range(1, count + 1))


def check_added_at_once(user, url: str, data: list[dict], rows, *, before: int = 1) -> None:
    """POST each of ``data`` to ``url`` at once: all are added to ``rows``, which held
    ``before`` rows, in turn at the end."""
    check_posted_at_once(user, [(url, values) for values in data], rows, count=before + len(data))


def check_moved_at_once(user, url_name: str, moved: list, rows, **kwargs) -> None:
    """Move each of ``moved`` (all of ``rows``, in order) at once, each pair of neighbours
    towards each other (``moves_up_and_down``): the orders stay distinct."""
    posts = moves_up_and_down(url_name, moved, **kwargs)
    check_posted_at_once(user, posts, rows, count=len(moved))


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
    text: str
    thing: str = ""  # the id, unless said
    user: str = "secretariat"

    def __post_init__(self):
        object.__setattr__(self, "thing", self.thing or self.id)


def url_of(name: str, part: str, **kwargs) -> Callable[[object], str]:
    """The URL named ``name`` of the world's ``part`` (by its ``pk``, and ``kwargs``)."""

    def url(world) -> str:
        return reverse(name, kwargs={**kwargs, "pk": getattr(world, part).pk})

    return url


def stored_values(model, part: str, *fields: str) -> Callable[[object], dict]:
    """The ``fields`` of the world's ``part`` as the database holds them now, a foreign key by
    its primary key (as a form posts it)."""

    def stored(world) -> dict:
        values = model_to_dict(model.objects.get(pk=getattr(world, part).pk), fields=fields)
        assert set(values) == set(fields), f"not all of {fields} are form fields"
        return values

    return stored


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

    answers = post_at_once(user, [(url, values) for values in data])

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


def edit_form_tests(forms: list[EditForm]) -> tuple[Callable, Callable]:
    """The two tests of an app's edit ``forms``, each parametrised by them, for its
    test_concurrent_edits.py to name: twenty saves at once (``check_saves_at_once``), and a save
    after someone else's (``check_save_after_someone_else``): Bob of the secretariat, or another
    focal point of the world's mandate where a focal point edits."""
    each_form = pytest.mark.parametrize("form", forms, ids=[form.id for form in forms])

    @pytest.mark.postgresql(reason="saves at once need writers that meet; SQLite serialises them")
    @pytest.mark.django_db(transaction=True)
    @each_form
    def saves_at_once(form, world):
        check_saves_at_once(form, world)

    @pytest.mark.django_db
    @each_form
    def save_after_someone_else(form, world, bob):
        other = bob if form.user == "secretariat" else FocalPointFactory(mandate=world.mandate).user
        check_save_after_someone_else(form, world, other)

    return saves_at_once, save_after_someone_else
