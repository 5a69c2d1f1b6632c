"""Two-step sign-in (allauth.mfa): an authenticator app's codes and recovery codes on the
Security page, offered to everyone; required of the secretariat where the deployment says so
(MFA_REQUIRED_FOR_SECRETARIAT, on by default when DEBUG is off), not in the demo.

The codes are computed from the secret as an authenticator app computes them."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import login_form

PASSWORD = "a long and sturdy password"
PERIOD = 30  # seconds a code of the app lasts

pytestmark = pytest.mark.django_db


def app_code(secret: str) -> str:
    """What the authenticator app shows now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // PERIOD))


def with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(client, user):
    return client.post(reverse("login"), login_form(user.username, PASSWORD))


def confirmed(client, url):
    """Open ``url``, which first asks to confirm who one is: give the password again."""
    asked = client.get(url)
    assert asked.status_code == 302
    assert asked.url.startswith(reverse("account_reauthenticate"))
    confirm = client.post(asked.url, {"password": PASSWORD})
    assert confirm.status_code == 302
    assert confirm.url == url
    return client.get(url)


def home(client):
    return client.get(reverse("home"))


@pytest.fixture
def required(settings):
    settings.MFA_REQUIRED_FOR_SECRETARIAT = True


@pytest.fixture
def alice(secretariat):
    return with_password(secretariat)


@pytest.fixture
def alice_with_app(alice):
    secret = generate_totp_secret()
    TOTP.activate(alice, secret)
    RecoveryCodes.activate(alice)
    return alice, secret


def test_the_demo_asks_no_second_step_of_the_secretariat(client, alice, settings):
    # DEBUG is on in the tests, as in the demo.
    assert settings.MFA_REQUIRED_FOR_SECRETARIAT is False

    log_in(client, alice)

    assert home(client).status_code == 200


def test_where_required_the_secretariat_without_an_app_reaches_only_its_set_up(
    client, alice, required, world
):
    response = log_in(client, alice)
    assert response.status_code == 302

    for url in [
        reverse("home"),
        reverse("meetings:list"),
        reverse("meetings:detail", kwargs={"number": world.meeting.number}),
        reverse("mfa_index"),
        "/admin/",
    ]:
        refused = client.get(url)
        assert refused.status_code == 302, url
        assert refused.url == reverse("mfa_activate_totp"), url

    set_up = confirmed(client, reverse("mfa_activate_totp"))
    assert set_up.status_code == 200
    assert "The secretariat's accounts sign in in two steps" in set_up.content.decode()
    assert client.post(reverse("logout")).status_code == 302
    assert home(client).url.startswith(reverse("login"))


def test_where_required_setting_up_the_app_opens_the_workspace(client, alice, required):
    log_in(client, alice)
    set_up = confirmed(client, reverse("mfa_activate_totp"))
    secret = set_up.context["form"].secret

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["code"]
    assert home(client).status_code == 302

    response = client.post(reverse("mfa_activate_totp"), {"code": app_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=alice, type=Authenticator.Type.TOTP).exists()
    assert home(client).status_code == 200


def test_where_required_the_secretariat_cannot_sign_in_without_the_apps_code(
    client, alice_with_app, required
):
    alice, secret = alice_with_app

    response = log_in(client, alice)

    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert home(client).url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session

    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["code"]
    assert home(client).status_code == 302

    right = client.post(reverse("mfa_authenticate"), {"code": app_code(secret)})

    assert right.status_code == 302
    assert home(client).status_code == 200
    assert home(client).context["user"] == alice


def test_where_required_a_code_by_e_mail_still_asks_for_the_apps_code(
    client, alice_with_app, required
):
    alice, secret = alice_with_app
    alice.email = "alice@unep.org"
    alice.save()
    client.post(reverse("account_request_login_code"), {"email": "alice@unep.org"})
    [message] = mail.outbox
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body, re.MULTILINE).group(1)

    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert response.url == reverse("mfa_authenticate")
    assert home(client).url.startswith(reverse("login"))
    client.post(reverse("mfa_authenticate"), {"code": app_code(secret)})
    assert home(client).context["user"] == alice


def test_a_recovery_code_is_a_second_step_once(alice_with_app, required):
    alice, _secret = alice_with_app
    [code, *_rest] = RecoveryCodes(
        Authenticator.objects.get(user=alice, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()

    first, second = Client(), Client()
    log_in(first, alice)
    first.post(reverse("mfa_authenticate"), {"code": code})
    log_in(second, alice)
    used_again = second.post(reverse("mfa_authenticate"), {"code": code})

    assert home(first).status_code == 200
    assert used_again.status_code == 200
    assert home(second).status_code == 302


def test_once_set_up_the_app_is_asked_for_even_where_not_required(client, alice_with_app):
    alice, secret = alice_with_app

    response = log_in(client, alice)

    assert response.url == reverse("mfa_authenticate")
    assert home(client).status_code == 302
    client.post(reverse("mfa_authenticate"), {"code": app_code(secret)})
    assert home(client).status_code == 200


def test_others_are_offered_the_app_but_not_made_to(client, focal_point, required):
    log_in(client, with_password(focal_point))

    assert home(client).status_code == 200
    page = client.get(reverse("mfa_index")).content.decode()
    assert "Set up an authenticator app" in page
    assert "must sign in in two steps" not in page


@pytest.mark.parametrize("person", ["secretariat", "senior_official", "focal_point"])
def test_the_header_links_every_signed_in_person_to_the_security_page(client_as, cast, person):
    page = client_as(cast[person]).get(reverse("home")).content.decode()

    assert f'href="{reverse("mfa_index")}"' in page


def test_the_security_page_shows_the_app_is_on_and_the_recovery_codes_left(client, alice_with_app):
    alice, _secret = alice_with_app
    client.force_login(alice)

    page = client.get(reverse("mfa_index")).content.decode()

    assert "On: each sign-in asks for a code from your authenticator app." in page
    assert "10 of 10 codes left" in page
    assert reverse("mfa_deactivate_totp") in page


def test_the_admins_login_refuses_an_account_with_a_second_step(client, alice_with_app):
    alice, _secret = alice_with_app
    alice.is_staff = True
    alice.save()

    response = client.post(reverse("admin:login"), {"username": "alice", "password": PASSWORD})

    assert response.status_code == 200
    assert "This account signs in in two steps" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admins_login_still_opens_to_staff_without_a_second_step(client, alice):
    alice.is_staff = True
    alice.save()

    response = client.post(reverse("admin:login"), {"username": "alice", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)
