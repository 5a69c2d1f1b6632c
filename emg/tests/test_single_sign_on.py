"""Single sign-on with an agency's own account, through a real OpenID Connect provider started on
loopback (emg/tests/sso.py): it signs in only people who already have an account here, matched
by the provider's verified e-mail address the first time and by its subject id afterwards; from
allowed tenants only, into the entity the tenant is mapped to; it never creates an account."""

import json

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from emg.accounts import allowed_entity, verified_email
from emg.models import User
from emg.tests.sso import PROVIDER_NAME, UNEP_TENANT, sign_in_at_provider

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in_home(page, live_server):
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def refused(page, why: str):
    expect(page.locator("#sso-refused")).to_contain_text(why)
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)


@pytest.fixture
def alice(secretariat):
    secretariat.email = "alice@unep.org"
    secretariat.save()
    return secretariat


def test_an_existing_person_signs_in_through_the_provider_and_is_linked_by_subject(
    page, live_server, sso, alice
):
    sign_in_at_provider(page, "alice.unep")

    signed_in_home(page, live_server)
    expect(page.locator(".emg-user")).to_contain_text(alice.get_full_name())
    [account] = SocialAccount.objects.filter(user=alice)
    assert account.provider == "sso"
    assert account.extra_data["id_token"]["tid"] == UNEP_TENANT
    assert account.uid == account.extra_data["id_token"]["sub"]


def test_a_second_sign_in_matches_by_subject_after_the_e_mail_changed_here(
    page, live_server, sso, alice
):
    sign_in_at_provider(page, "alice.unep")
    signed_in_home(page, live_server)
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login/")

    alice.email = "alice.new@unep.org"
    alice.save()
    sign_in_at_provider(page, None)

    signed_in_home(page, live_server)
    expect(page.locator(".emg-user")).to_contain_text(alice.get_full_name())
    assert SocialAccount.objects.filter(user=alice).count() == 1


def test_an_unknown_e_mail_is_refused_and_no_account_is_created(page, live_server, sso, alice):
    people = User.objects.count()

    sign_in_at_provider(page, "stranger")

    refused(page, "There is no account here for the address your organisation gave us")
    assert User.objects.count() == people
    assert not SocialAccount.objects.exists()
    assert not User.objects.filter(email__iexact="stranger@unep.org").exists()


def test_a_tenant_not_on_the_allowlist_is_refused_even_for_a_known_address(
    page, live_server, sso, senior_official
):
    senior_official.email = "sam@undp.org"
    senior_official.save()

    sign_in_at_provider(page, "sam.elsewhere")

    refused(page, "Your organisation's accounts cannot sign in here")
    assert not SocialAccount.objects.exists()


def test_a_person_of_another_entity_than_the_tenants_is_refused(
    page, live_server, sso, focal_point
):
    focal_point.email = "fiona@undp.org"  # of UNDP here; the tenant is mapped to UNEP
    focal_point.save()

    sign_in_at_provider(page, "fiona.unep")

    refused(page, "belongs to another entity than your account here")
    assert not SocialAccount.objects.exists()


def test_a_deactivated_person_is_refused_even_once_linked(page, live_server, sso, alice):
    sign_in_at_provider(page, "alice.unep")
    signed_in_home(page, live_server)
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login/")

    alice.is_active = False
    alice.save()
    sign_in_at_provider(page, None)

    refused(page, "There is no account here")


def test_entra_across_tenants_signs_in_a_person_of_an_allowed_tenant(
    page, live_server, entra_sso, alice
):
    sign_in_at_provider(page, "alice.unep")

    signed_in_home(page, live_server)
    [account] = SocialAccount.objects.filter(user=alice)
    assert account.extra_data["id_token"]["iss"].endswith(f"/{UNEP_TENANT}/v2.0")


def test_entra_across_tenants_refuses_a_token_of_another_tenant(
    page, live_server, entra_sso, senior_official
):
    senior_official.email = "sam@undp.org"
    senior_official.save()

    sign_in_at_provider(page, "sam.elsewhere")

    expect(page.locator("#sso-failed")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    assert not SocialAccount.objects.exists()


def test_the_content_security_policy_must_admit_the_provider(page, live_server, sso, settings):
    # Without the provider's origin in form-action (config/settings.py adds OIDC_ISSUER's), the
    # browser refuses to follow the button's form to the provider.
    policy = json.loads(json.dumps(settings.CONTENT_SECURITY_POLICY))
    policy["DIRECTIVES"]["form-action"] = ["'self'"]
    settings.CONTENT_SECURITY_POLICY = policy

    page.goto("/login/")
    page.get_by_role("link", name=f"Log in with {PROVIDER_NAME}").click()
    with page.expect_console_message(lambda message: "form-action" in message.text):
        page.get_by_role("button", name="Continue").click()

    assert "/accounts/login/" not in page.url


def test_without_a_provider_there_is_no_button_and_no_sso_url(client, db):
    page = client.get(reverse("login")).content.decode()

    assert "Log in with" not in page
    login = reverse("openid_connect_login", kwargs={"provider_id": "sso"})
    assert client.get(login).status_code == 404
    assert Client().post(login).status_code == 404


def test_with_a_provider_the_login_page_offers_it(client, sso):
    page = client.get(reverse("login")).content.decode()

    assert f"Log in with {PROVIDER_NAME}" in page
    assert reverse("openid_connect_login", kwargs={"provider_id": "sso"}) in page


# The allowlists (OIDC_ALLOWED_TENANTS, OIDC_ALLOWED_DOMAINS) as the adapter reads them.


@pytest.mark.parametrize(
    ("tenants", "domains", "claims", "expected"),
    [
        ({}, {}, {"email": "a@anywhere.org"}, (True, "")),
        ({"t1": "UNEP"}, {}, {"tid": "T1", "email": "a@unep.org"}, (True, "UNEP")),
        ({"t1": "UNEP"}, {}, {"tid": "t2", "email": "a@unep.org"}, (False, "")),
        ({}, {"undp.org": "UNDP"}, {"email": "a@UNDP.org"}, (True, "UNDP")),
        ({}, {"undp.org": ""}, {"email": "a@undp.org"}, (True, "")),
        ({}, {"undp.org": "UNDP"}, {"email": "a@undp.org.evil.com"}, (False, "")),
        (
            {"t1": "UNEP"},
            {"undp.org": "UNDP"},
            {"tid": "t9", "email": "a@undp.org"},
            (True, "UNDP"),
        ),
    ],
)
def test_the_allowlists_admit_tenants_and_domains_and_say_their_entity(
    settings, tenants, domains, claims, expected
):
    settings.OIDC_ALLOWED_TENANTS = tenants
    settings.OIDC_ALLOWED_DOMAINS = domains

    assert allowed_entity(claims) == expected


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({"email": "a@unep.org", "email_verified": True}, "a@unep.org"),
        ({"email": "a@unep.org", "email_verified": "true"}, "a@unep.org"),
        ({"email": "a@unep.org", "xms_edov": True}, "a@unep.org"),
        ({"email": "a@unep.org", "email_verified": False}, ""),
        ({"email": "a@unep.org"}, ""),
    ],
)
def test_only_a_verified_address_is_matched(claims, expected):
    assert verified_email(claims) == expected
