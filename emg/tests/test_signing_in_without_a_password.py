"""Signing in without a shared password: by e-mail address, by a one-time code sent by e-mail,
and after a password reset by e-mail; none of them tells whether an address has an account,
each is limited in how often it may be asked for, and nobody can sign up."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import NoReverseMatch, reverse

from conftest import login_form

PASSWORD = "a long and sturdy password"
NEW_PASSWORD = "an even longer and sturdier password"

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(secretariat):
    secretariat.email = "alice@unep.org"
    secretariat.set_password(PASSWORD)
    secretariat.save()
    return secretariat


def signed_in_as(client):
    response = client.get(reverse("home"))
    return response.context["user"] if response.status_code == 200 else None


def code_in(message) -> str:
    return re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body, re.MULTILINE).group(1)


def test_the_login_page_offers_a_code_by_e_mail_and_a_password_reset(client):
    page = client.get(reverse("login")).content.decode()

    assert "E-mail me a sign-in code" in page
    assert reverse("account_request_login_code") in page
    assert reverse("account_reset_password") in page


def test_an_e_mail_address_signs_in_like_a_username_whatever_its_case(client, alice):
    response = client.post(reverse("login"), login_form("Alice@UNEP.org", PASSWORD))

    assert response.status_code == 302
    assert signed_in_as(client) == alice


def test_failures_by_e_mail_address_lock_it_out_whatever_its_case(client, alice):
    for spelling in ["alice@unep.org", "ALICE@unep.org", "Alice@Unep.org", "alice@UNEP.ORG"]:
        client.post(reverse("login"), login_form(spelling, "not the password"))

    response = client.post(reverse("login"), login_form("alice@unep.org", "wrong again"))
    locked = client.post(reverse("login"), login_form("alice@unep.org", PASSWORD))

    assert response.status_code == 429
    assert locked.status_code == 429
    assert signed_in_as(client) is None


def test_a_code_sent_by_e_mail_signs_in(client, alice):
    response = client.post(reverse("account_request_login_code"), {"email": "alice@unep.org"})

    assert response.status_code == 302
    assert response.url == reverse("account_confirm_login_code")
    [message] = mail.outbox
    assert message.to == ["alice@unep.org"]
    code = code_in(message)

    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert response.status_code == 302
    assert signed_in_as(client) == alice


def test_the_code_mail_is_text_and_html_with_nothing_to_click_or_run(client, alice):
    client.post(reverse("account_request_login_code"), {"email": "alice@unep.org"})

    [message] = mail.outbox
    [(html, kind)] = message.alternatives
    code = code_in(message)
    assert kind == "text/html"
    assert f"<strong>{code}</strong>" in html
    # A mail scanner that opens every link must not sign anyone in: the code is only typed.
    assert "http" not in message.body
    assert "href" not in html
    assert "<script" not in html.lower()


def test_a_wrong_code_does_not_sign_in(client, alice):
    client.post(reverse("account_request_login_code"), {"email": "alice@unep.org"})

    response = client.post(reverse("account_confirm_login_code"), {"code": "WRONG1"})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert signed_in_as(client) is None


def test_a_code_for_an_unknown_address_gets_the_same_answer_and_no_mail(client, alice):
    known = client.post(reverse("account_request_login_code"), {"email": "alice@unep.org"})
    unknown = Client().post(reverse("account_request_login_code"), {"email": "who@example.org"})

    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert [message.to for message in mail.outbox] == [["alice@unep.org"]]


def test_codes_for_one_address_are_limited(client, alice):
    answers = [
        Client().post(reverse("account_request_login_code"), {"email": "alice@unep.org"})
        for _request in range(4)
    ]

    assert [answer.status_code for answer in answers[:3]] == [302, 302, 302]
    assert answers[3].status_code == 200
    assert answers[3].context["form"].errors["email"] == [
        "Too many requests for this account in a short time. Try again in a few minutes."
    ]
    assert len(mail.outbox) == 3


def test_a_password_reset_mails_a_link_that_sets_a_new_password(client, alice):
    response = client.post(reverse("account_reset_password"), {"email": "alice@unep.org"})

    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")
    [message] = mail.outbox
    assert message.to == ["alice@unep.org"]
    [(html, _kind)] = message.alternatives
    link = re.search(r"http://testserver(/password/reset/key/\S+/)", message.body).group(1)
    assert f'href="http://testserver{link}"' in html
    assert "<script" not in html.lower()

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert not form_page.context.get("token_fail")
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert done.status_code == 302
    assert done.url == reverse("account_reset_password_from_key_done")
    assert Client().post(reverse("login"), login_form("alice", PASSWORD)).status_code == 200
    assert Client().post(reverse("login"), login_form("alice", NEW_PASSWORD)).status_code == 302


def test_a_reset_link_works_once(client, alice):
    client.post(reverse("account_reset_password"), {"email": "alice@unep.org"})
    link = re.search(r"http://testserver(/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    again = Client().get(link, follow=True)

    assert again.context["token_fail"]
    assert "This link no longer works" in again.content.decode()


def test_a_reset_for_an_unknown_address_gets_the_same_answer_and_no_mail(client, alice):
    known = client.post(reverse("account_reset_password"), {"email": "alice@unep.org"})
    unknown = Client().post(reverse("account_reset_password"), {"email": "who@example.org"})
    page = Client().get(unknown.url).content.decode()

    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert "If that address belongs to an account here" in page
    assert [message.to for message in mail.outbox] == [["alice@unep.org"]]


def test_resets_for_one_address_are_limited(client, alice):
    answers = [
        Client().post(reverse("account_reset_password"), {"email": "alice@unep.org"})
        for _request in range(6)
    ]

    assert [answer.status_code for answer in answers[:5]] == [302] * 5
    assert answers[5].status_code == 429
    assert len(mail.outbox) == 5


def test_nobody_can_sign_up(client, db):
    with pytest.raises(NoReverseMatch):
        reverse("account_signup")
    with pytest.raises(NoReverseMatch):
        reverse("socialaccount_signup")
    assert client.get("/signup/").status_code == 404
    assert client.get("/accounts/signup/").status_code == 404
    assert "sign up" not in client.get(reverse("login")).content.decode().lower()


def test_the_pages_of_signing_in_are_the_sites_own(client, alice):
    for name in ["login", "account_request_login_code", "account_reset_password"]:
        response = client.get(reverse(name))
        page = response.content.decode()
        assert "base.html" in [template.name for template in response.templates]
        assert "emg-login" in page
        assert " style=" not in page
        assert "<script>" not in page


def test_a_person_changes_their_password_on_the_security_page_with_the_current_one(client, alice):
    client.force_login(alice)
    security = client.get(reverse("mfa_index")).content.decode()
    assert reverse("account_change_password") in security

    wrong = client.post(
        reverse("account_change_password"),
        {"oldpassword": "not it", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["oldpassword"]
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)

    done = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert done.status_code == 302 and done.url == reverse("mfa_index")
    assert client.get(reverse("home")).status_code == 200  # this session stays signed in
    assert Client().post(reverse("login"), login_form("alice", PASSWORD)).status_code == 200
    assert Client().post(reverse("login"), login_form("alice", NEW_PASSWORD)).status_code == 302


def test_a_password_change_ends_the_persons_other_sessions(client, alice):
    other = Client()
    other.post(reverse("login"), login_form("alice", PASSWORD))
    assert other.get(reverse("home")).status_code == 200
    client.post(reverse("login"), login_form("alice", PASSWORD))

    client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert other.get(reverse("home")).status_code == 302  # to the sign-in page
    assert client.get(reverse("home")).status_code == 200


def test_someone_without_a_password_is_sent_to_set_one_instead(client, alice):
    alice.set_unusable_password()
    alice.save()
    client.force_login(alice)

    response = client.get(reverse("account_change_password"))

    assert response.status_code == 302 and response.url == reverse("people:password")
    assert reverse("people:password") in client.get(reverse("mfa_index")).content.decode()
