"""Repeated failed logins lock out (django-axes): the same username from the same address, for
a while, with a page that says so; not everyone else behind the same proxy, and not the same
person from elsewhere."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from conftest import login_form
from emg.tests.form_pages import text_of

PASSWORD = "a long and sturdy password"
LIMIT = 5


@pytest.fixture
def alice(secretariat):
    secretariat.set_password(PASSWORD)
    secretariat.save()
    return secretariat


@pytest.fixture
def sam(senior_official):
    senior_official.set_password(PASSWORD)
    senior_official.save()
    return senior_official


def attempt(client, username, password, **extra):
    return client.post(reverse("login"), login_form(username, password), **extra)


def fail(client, username, times, **extra):
    for _attempt in range(times):
        response = attempt(client, username, "not the password", **extra)
    return response


def is_locked_out(response) -> bool:
    return response.status_code == 429


def test_the_settings_lock_out_a_username_from_one_address_after_five_failures():
    assert settings.AXES_FAILURE_LIMIT == LIMIT
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert "rules.permissions.ObjectPermissionBackend" in settings.AUTHENTICATION_BACKENDS


def test_failures_below_the_limit_show_the_usual_error_and_the_right_password_still_works(
    client, alice
):
    response = fail(client, "alice", LIMIT - 1)

    assert response.status_code == 200
    assert "login-errors" in response.content.decode()
    assert attempt(client, "alice", PASSWORD).status_code == 302


def test_the_fifth_failure_locks_the_username_out_even_with_the_right_password(client, alice):
    assert is_locked_out(fail(client, "alice", LIMIT))

    response = attempt(client, "alice", PASSWORD)

    assert is_locked_out(response)
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_the_lockout_page_says_why_and_for_how_long(client, alice):
    response = fail(client, "alice", LIMIT)
    page = text_of(response.content.decode())

    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert "locked after 5 failed logins in a row from your address" in page
    assert "You can try again in 15 minutes." in page
    assert response.headers["Content-Security-Policy"]


def test_another_user_behind_the_same_address_still_logs_in(client, alice, sam):
    fail(client, "alice", LIMIT)

    assert attempt(client, "sam", PASSWORD).status_code == 302


def test_the_same_user_from_another_address_still_logs_in(client, alice):
    fail(client, "alice", LIMIT, REMOTE_ADDR="192.0.2.10")

    assert attempt(client, "alice", PASSWORD, REMOTE_ADDR="198.51.100.20").status_code == 302


def test_the_right_password_works_again_after_the_cool_off(client, alice):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        fail(client, "alice", LIMIT)
        clock.shift(datetime.timedelta(minutes=14))
        assert is_locked_out(attempt(client, "alice", PASSWORD))

        # A failure during the lockout starts the cool-off again; so wait it out in full.
        clock.shift(settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1))
        response = attempt(client, "alice", PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_a_made_up_forwarded_for_header_does_not_give_a_fresh_address(client, alice):
    # With no proxy configured the header is the client's own word, and is not believed.
    for number in range(LIMIT):
        response = attempt(
            client, "alice", "not the password", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}"
        )

    assert is_locked_out(response)
    assert is_locked_out(attempt(client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99"))


def test_behind_a_configured_proxy_each_client_is_told_apart_by_forwarded_for(
    client, alice, settings
):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    fail(client, "alice", LIMIT, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)

    locked = attempt(client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    elsewhere = attempt(client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy)
    assert is_locked_out(locked)
    assert elsewhere.status_code == 302


@pytest.mark.parametrize(
    ("page", "field", "limit"), [("login", "login", 254), ("admin:login", "username", 150)]
)
def test_a_username_longer_than_any_is_refused_next_to_the_field_and_not_recorded(
    client, alice, page, field, limit
):
    from axes.models import AccessAttempt

    response = client.post(reverse(page), {field: "a" * 10_240, "password": PASSWORD})

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [
        f"Ensure this value has at most {limit} characters (it has 10240)."
    ]
    assert not AccessAttempt.objects.exists()
    assert attempt(client, "alice", PASSWORD).status_code == 302
