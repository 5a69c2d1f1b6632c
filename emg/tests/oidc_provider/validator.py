"""What the test provider says of each person: their e-mail address, whether it is verified,
and their tenant, read from the people file at each sign-in."""

import json
import os

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


def people() -> dict:
    with open(os.environ["OIDC_TEST_PEOPLE"]) as people_file:
        return {person["username"]: person for person in json.load(people_file)}


class Validator(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "email": "email",
        "email_verified": "email",
        "tid": "openid",
    }

    def get_oidc_issuer_endpoint(self, request):
        issuer = super().get_oidc_issuer_endpoint(request)
        if settings.TENANT_ISSUERS and getattr(request, "user", None) is not None:
            return issuer.replace("{tenantid}", people()[request.user.username]["tid"])
        return issuer

    def get_additional_claims(self, request):
        person = people()[request.user.username]
        return {
            "preferred_username": person["username"],
            "email": person["email"],
            "email_verified": person.get("email_verified", True),
            "tid": person["tid"],
        }
