"""Sessions: the cookie is HttpOnly and SameSite, a session ends after the idle time, logging in
gives a new session key, and deactivating a user ends every session of theirs."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import login_form
from emg.models import UserSession
from emg.sessions import sessions_end

EIGHT_HOURS = 8 * 60 * 60
PASSWORD = "a long and sturdy password"


def log_in(client, user) -> None:
    """Through the login page, as a person would (force_login would skip what is tested here)."""
    if not user.check_password(PASSWORD):
        user.set_password(PASSWORD)
        user.save()
    response = client.post(reverse("login"), login_form(user.username, PASSWORD))
    assert response.status_code == 302, response.content.decode()[:500]


def session_key_of(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def signed_in(client) -> bool:
    response = client.get(reverse("home"))
    if response.status_code == 302:
        assert response.url.startswith(reverse("login"))
        return False
    assert response.status_code == 200
    return True


def test_the_session_cookie_is_http_only_and_same_site_lax(client, secretariat):
    log_in(client, secretariat)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]

    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == EIGHT_HOURS


def test_the_session_cookie_is_secure_where_settings_say_so(client, secretariat, settings):
    # Production (DEBUG off) sets SESSION_COOKIE_SECURE; emg/tests/test_settings.py checks that.
    settings.SESSION_COOKIE_SECURE = True
    secretariat.set_password(PASSWORD)
    secretariat.save()
    client.post(reverse("login"), login_form("alice", PASSWORD), secure=True)

    assert client.cookies[settings.SESSION_COOKIE_NAME]["secure"] is True


def test_logging_in_gives_the_session_a_new_key(client, secretariat):
    session = client.session  # an anonymous session, with its cookie
    session["seen"] = True
    session.save()
    key_before = session_key_of(client)

    log_in(client, secretariat)
    key_after = session_key_of(client)

    assert key_after != key_before
    assert not UserSession.objects.filter(session_key=key_before).exists()
    assert UserSession.objects.get(session_key=key_after).user == secretariat


def test_an_anonymous_session_belongs_to_no_one(client, db):
    session = client.session
    session["seen"] = True
    session.save()

    assert UserSession.objects.get(session_key=session.session_key).user is None


def test_a_session_stays_open_while_used_and_ends_after_the_idle_time(client, secretariat):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)) as clock:
        log_in(client, secretariat)
        # Each request moves the expiry on: sixteen hours of use, never eight idle.
        clock.shift(datetime.timedelta(hours=7, minutes=55))
        assert signed_in(client)
        clock.shift(datetime.timedelta(hours=7, minutes=55))
        assert signed_in(client)

        clock.shift(datetime.timedelta(hours=8, minutes=1))
        assert not signed_in(client)


def test_the_idle_time_comes_from_the_environment_setting(client, secretariat, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)) as clock:
        log_in(client, secretariat)
        clock.shift(datetime.timedelta(minutes=29))
        assert signed_in(client)
        clock.shift(datetime.timedelta(minutes=31))
        assert not signed_in(client)


def test_deactivating_a_user_ends_every_session_of_theirs_and_no_one_elses(
    secretariat, focal_point
):
    laptop, phone, colleague = Client(), Client(), Client()
    log_in(laptop, focal_point)
    log_in(phone, focal_point)
    log_in(colleague, secretariat)
    assert UserSession.objects.filter(user=focal_point).count() == 2

    focal_point.is_active = False
    focal_point.save()

    assert not UserSession.objects.filter(user=focal_point).exists()
    assert not signed_in(laptop)
    assert not signed_in(phone)
    assert signed_in(colleague)


def test_a_deactivated_user_cannot_log_in_again(client, focal_point):
    focal_point.set_password(PASSWORD)
    focal_point.is_active = False
    focal_point.save()

    response = client.post(reverse("login"), login_form("fiona", PASSWORD))

    assert response.status_code == 200
    assert not signed_in(client)


def test_saving_an_active_user_keeps_their_sessions(client, focal_point):
    log_in(client, focal_point)

    focal_point.first_name = "Fiona"
    focal_point.save()

    assert signed_in(client)


def test_deactivating_a_user_in_the_admin_ends_their_sessions(client, focal_point, db):
    from emg.tests.factories import UserFactory

    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    log_in(client, focal_point)
    admin_client = Client()
    admin_client.force_login(admin)
    change = reverse("admin:emg_user_change", args=[focal_point.pk])
    form = admin_client.get(change).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"is_active", "password", "groups"}
    }
    data.update(
        {
            "date_joined_0": focal_point.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": focal_point.date_joined.strftime("%H:%M:%S"),
        }
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    data.pop("user_permissions", None)

    response = admin_client.post(change, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    focal_point.refresh_from_db()
    assert focal_point.is_active is False
    assert not UserSession.objects.filter(user=focal_point).exists()
    assert not signed_in(client)


@pytest.mark.django_db
def test_sessions_end_answers_how_many_sessions_it_ended(focal_point):
    for client in (Client(), Client(), Client()):
        log_in(client, focal_point)

    assert sessions_end(user=focal_point) == 3
    assert sessions_end(user=focal_point) == 0
