"""Every URL of the project, tried by every standing user, answers as the matrix says; and no URL
pattern is left out of the matrix."""

from importlib import import_module

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from emg.tests.matrix import USERS

APPS = ("emg", "mandates", "workplans", "progress")
# Django's own admin is covered by emg/tests/test_admin.py and guarded by is_staff.
NOT_IN_MATRIX = {"admin"}


def all_rows():
    for app in APPS:
        yield from import_module(f"{app}.tests.matrix_rows").ROWS


def url_names(resolver=None, namespace=""):
    """Every named URL pattern as "namespace:name"; unnamed ones as "<unnamed: route>"."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in NOT_IN_MATRIX:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else f"<unnamed: {pattern.pattern}>"


CASES = [(row, user) for row in all_rows() for user in USERS]


@pytest.mark.parametrize(("row", "user"), CASES, ids=[f"{r.id} as {u}" for r, u in CASES])
def test_each_url_answers_each_user_as_the_matrix_says(row, user, world, client):
    if world.people[user] is not None:
        client.force_login(world.people[user])
    url = reverse(row.url, kwargs=row.kwargs(world)) + (f"?{row.query}" if row.query else "")

    if row.method == "post":
        response = client.post(url, row.data(world))
    else:
        response = client.generic(row.method.upper(), url)

    assert response.status_code == row.statuses[user], (
        f"{row.method.upper()} {url} as {user}: {response.status_code}, "
        f"expected {row.statuses[user]}"
    )
    if response.status_code == 302 and user == "anonymous":
        assert response.url.startswith(reverse("login"))


def test_every_url_pattern_of_the_project_is_in_the_matrix():
    covered = {row.url for row in all_rows()}
    missing = sorted(set(url_names()) - covered)

    assert not missing, f"URL patterns with no row in any <app>/tests/matrix_rows.py: {missing}"


def test_every_row_names_a_url_that_exists():
    names = set(url_names())
    assert not sorted({row.url for row in all_rows()} - names)
