"""Signing in and out: the login page, a wrong password, and logging out by POST only."""

import pytest
from django.urls import reverse

from conftest import login_form

PASSWORD = "a long and sturdy password"

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_from_home_to_the_login_page(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/"


def test_login_page_answers_anonymous(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert 'name="login"' in response.content.decode()


def test_login_with_username_and_password_opens_the_home_page(client, secretariat):
    secretariat.set_password(PASSWORD)
    secretariat.save()

    response = client.post(reverse("login"), login_form("alice", PASSWORD))

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_login_with_a_wrong_password_shows_an_error(client, secretariat):
    secretariat.set_password(PASSWORD)
    secretariat.save()

    response = client.post(reverse("login"), login_form("alice", "wrong"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in page
    assert "Please enter a correct username or e-mail address and password." in page
    assert client.get(reverse("home")).status_code == 302


def test_logout_by_post_signs_the_user_out(client_as, secretariat):
    client = client_as(secretariat)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_logout_by_get_is_refused_and_keeps_the_user_signed_in(client_as, secretariat):
    client = client_as(secretariat)

    response = client.get(reverse("logout"))

    assert response.status_code == 405
    assert client.get(reverse("home")).status_code == 200
