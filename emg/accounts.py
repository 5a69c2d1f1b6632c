"""Signing in through django-allauth: nobody signs up (the secretariat invites people), single
sign-on admits only people who already have an account here, and the secretariat must add a
second factor where the deployment requires it.

Single sign-on (OpenID Connect) matches the provider's person to a user here the first time by
the provider's verified e-mail address, and links them by the provider's subject id, which is
what matches them afterwards, even once either side's e-mail address has changed. The person
must be active, their tenant (the ID token's "tid") or e-mail domain on the allowlist when there
is one, and, where the allowlist maps it to an entity, belong to that entity.
"""

from __future__ import annotations

import functools

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

FORBIDDEN = 403

# Why a single sign-on was refused, as the refusal page says it.
REFUSALS = {
    "no_account": _(
        "There is no account here for the address your organisation gave us, or it is not in "
        "use. Ask the EMG secretariat to invite you, then sign in again."
    ),
    "not_allowed": _(
        "Your organisation's accounts cannot sign in here. Sign in with your username or "
        "e-mail address instead, or ask the EMG secretariat."
    ),
    "other_entity": _(
        "Your organisation's account belongs to another entity than your account here. Ask "
        "the EMG secretariat to correct your entity."
    ),
}


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # One message whichever was typed: it must not tell which of the two was wrong.
        "username_password_mismatch": _(
            "Please enter a correct username or e-mail address and password."
        ),
        "email_password_mismatch": _(
            "Please enter a correct username or e-mail address and password."
        ),
        # Said when too many sign-in codes were asked for one address (failed passwords are
        # django-axes's to count, with a page of its own).
        "too_many_login_attempts": _(
            "Too many requests for this account in a short time. Try again in a few minutes."
        ),
    }

    def is_open_for_signup(self, request):
        return False

    def get_password_change_redirect_url(self, request):
        return reverse("mfa_index")  # the Security page, where the change was asked for

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        # allauth hands back an account no longer in use when its password is right, to send it
        # to a page saying so: that would confirm the password to whoever typed it. It is
        # refused like a wrong password instead (and django-axes has counted it as one).
        if user is not None and not user.is_active:
            return None
        return user


def _truthy(value) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def claims_of(sociallogin) -> dict:
    """What the provider said of the person: the ID token's claims, then the userinfo's."""
    data = sociallogin.account.extra_data or {}
    return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}


def allowed_entity(claims: dict) -> tuple[bool, str]:
    """Whether the allowlists admit this person's tenant or e-mail domain, and the acronym of
    the entity they then must belong to ("" for any). No allowlist admits everyone the
    provider vouches for: a provider of one organisation's own accounts needs none."""
    tenants, domains = settings.OIDC_ALLOWED_TENANTS, settings.OIDC_ALLOWED_DOMAINS
    if not tenants and not domains:
        return True, ""
    tenant = str(claims.get("tid") or "").lower()
    if tenant and tenant in tenants:
        return True, tenants[tenant]
    email = str(claims.get("email") or "")
    domain = email.rpartition("@")[2].lower() if "@" in email else ""
    if domain and domain in domains:
        return True, domains[domain]
    return False, ""


def verified_email(claims: dict) -> str:
    """The e-mail address, when the provider says it verified it (OpenID's email_verified; Entra
    ID's optional claim xms_edov, its domain owner verified the address)."""
    if _truthy(claims.get("email_verified")) or _truthy(claims.get("xms_edov")):
        return str(claims.get("email") or "").strip()
    return ""


def person_with_email(email: str):
    if not email:
        return None
    people = list(get_user_model().objects.filter(email__iexact=email, is_active=True)[:2])
    # Two people sharing one address cannot tell us which of them is signing in.
    return people[0] if len(people) == 1 else None


def refuse(request, reason: str):
    response = render(
        request, "account/sso_refused.html", {"reason": REFUSALS[reason]}, status=FORBIDDEN
    )
    raise ImmediateHttpResponse(response)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return False

    def is_auto_signup_allowed(self, request, sociallogin):
        return False

    def pre_social_login(self, request, sociallogin):
        claims = claims_of(sociallogin)
        allowed, acronym = allowed_entity(claims)
        if not allowed:
            refuse(request, "not_allowed")
        if sociallogin.is_existing:
            person = sociallogin.user
        else:
            person = person_with_email(verified_email(claims))
        if person is None or not person.is_active:
            refuse(request, "no_account")
        if acronym and (person.entity is None or person.entity.acronym.lower() != acronym.lower()):
            refuse(request, "other_entity")
        if not sociallogin.is_existing:
            sociallogin.connect(request, person)


def second_factor_missing(user) -> bool:
    return (
        settings.MFA_REQUIRED_FOR_SECRETARIAT
        and user.is_authenticated
        and user.is_secretariat
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    )


class SecondFactorRequiredMiddleware:
    """Where MFA_REQUIRED_FOR_SECRETARIAT is on, a member of the secretariat without an
    authenticator app reaches nothing but setting one up (and logging out): their account can
    change everything, so a password alone must not open it."""

    ALLOWED = (
        "mfa_activate_totp",
        # Setting one up first asks them to confirm who they are: by password or by a code.
        "account_reauthenticate",
        "account_request_reauthentication_code",
        "account_confirm_reauthentication_code",
        "logout",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if second_factor_missing(request.user):
            request.second_factor_required = True  # the Security pages say why
            if not self._allowed(request.path_info):
                return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _allowed(self, path: str) -> bool:
        if path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        return path in self._allowed_paths

    @functools.cached_property
    def _allowed_paths(self) -> frozenset[str]:
        # Reversed once per process: the middleware lives as long as it.
        return frozenset(reverse(name) for name in self.ALLOWED)
