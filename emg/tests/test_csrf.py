"""Every state-changing view refuses a request without a CSRF token, and nothing changes.

Each POST row of the permission matrix (emg/tests/matrix.py) is sent by a client that enforces
CSRF checks, as a user who may make that change (the secretariat unless only someone else may),
without the token: the answer is Django's CSRF refusal and the database is as it was. The same
request with the token is then accepted and does change it, which shows the comparison can see a
change."""

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import login_form
from emg.tests.test_permission_matrix import all_rows

APPS = ("emg", "mandates", "workplans", "progress")
# Saved on every request (SESSION_SAVE_EVERY_REQUEST), refused or not.
NOT_COMPARED = {"emg.UserSession"}
SUCCESS = (200, 302)


def database_state() -> dict[str, list[tuple]]:
    """Every row of every model of the four apps, history and many-to-many tables (a pack's
    watchers) included."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values_list())
        for label in APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.label not in NOT_COMPARED
    }


def acting_user(row) -> str:
    allowed = [
        user for user, status in row.statuses.items() if status in SUCCESS and user != "anonymous"
    ]
    if "secretariat" in allowed or not allowed:
        return "secretariat"
    return allowed[0]


POSTS = [row for row in all_rows() if row.method == "post"]


@pytest.mark.parametrize("row", POSTS, ids=[row.id for row in POSTS])
def test_a_post_without_a_csrf_token_is_refused_and_changes_nothing(row, world):
    user = world.people[acting_user(row)]
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    url = reverse(row.url, kwargs=row.kwargs(world))
    data = row.data(world)
    before = database_state()

    response = client.post(url, data)

    assert response.status_code == 403
    # Django's page, or the read-only API's JSON (Django REST framework checks the token of a
    # request signed in by its session itself).
    api = row.url.startswith("api:")
    refusal = b"CSRF Failed" if api else b"CSRF verification failed"
    assert refusal in response.content
    after = database_state()
    assert after == before, [label for label in before if after[label] != before[label]]
    assert client.session.get("_auth_user_id") == str(user.pk)  # not even logged out


# Accepted requests that have nothing to change in the matrix's world: moving or reordering
# the only item of its list, issuing a revision of an unchanged plan, reviewing or accepting
# an update that is still a draft, opening a round that is open. They answer with a redirect and
# a message, as the matrix says.
NOTHING_TO_CHANGE_IN_THE_WORLD = {
    "meetings:agenda_item_move",
    "mandates:clause_move",
    "decisions:section_move",
    "decisions:move",
    "workplans:issue_revision",
    "workplans:outcome_order",
    "workplans:outcome_move",
    "workplans:activity_order",
    "workplans:activity_move",
    "workplans:milestone_order",
    "workplans:milestone_move",
    "progress:review",
    "progress:accept",
    "progress:round_open",
    "progress:round_section_move",
    "progress:round_task_move",
    # A signed-in person is sent home from the login pages, with nothing to change.
    "account_login",
    "account_request_login_code",
    "inbox:read_all",  # the world's secretariat has no notification to mark read
}
CHANGES = [
    row
    for row in POSTS
    if row.url != "logout"
    and row.url not in NOTHING_TO_CHANGE_IN_THE_WORLD
    and row.statuses[acting_user(row)] == 302
]


@pytest.mark.parametrize("row", CHANGES, ids=[row.id for row in CHANGES])
def test_the_same_post_with_its_csrf_token_is_accepted_and_changes_the_database(row, world):
    user = world.people[acting_user(row)]
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get(reverse("home"))  # the page's log-out form sets the CSRF cookie
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    url = reverse(row.url, kwargs=row.kwargs(world))
    data = {**row.data(world), "csrfmiddlewaretoken": token}
    before = database_state()

    response = client.post(url, data)

    assert response.status_code == 302
    assert database_state() != before


def test_logging_in_without_a_csrf_token_is_refused(secretariat):
    secretariat.set_password("a long and sturdy password")
    secretariat.save()
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("login"), login_form("alice", "a long and sturdy password"))

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
