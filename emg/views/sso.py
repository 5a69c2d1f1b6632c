"""Single sign-on through OpenID Connect: allauth's views, with an ID token check that also
knows Microsoft Entra ID across tenants.

Entra's "organizations" endpoint describes its issuer as
``https://login.microsoftonline.com/{tenantid}/v2.0``: each tenant signs its tokens as itself.
Such a token is accepted only from a tenant on OIDC_ALLOWED_TENANTS, and its issuer must then be
exactly that tenant's; every other check (signature, audience, expiry) is allauth's.
"""

import jwt
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404

TENANT = "{tenantid}"


class TenantIssuerAdapter(OpenIDConnectOAuth2Adapter):
    def _decode_id_token(self, app, id_token):
        issuer = self.openid_config["issuer"]
        if TENANT in issuer:
            try:
                # Read unverified only to learn which tenant claims to have signed it: the
                # issuer built from it is then verified along with the signature.
                tenant = str(jwt.decode(id_token, options={"verify_signature": False})["tid"])
            except (jwt.PyJWTError, KeyError) as exc:
                raise OAuth2Error("Invalid id_token") from exc
            if tenant.lower() not in settings.OIDC_ALLOWED_TENANTS:
                raise OAuth2Error("Tenant not allowed")
            self._openid_config = {**self.openid_config, "issuer": issuer.replace(TENANT, tenant)}
        return super()._decode_id_token(app, id_token)


def _adapter_view(view_class, request, provider_id):
    from allauth.socialaccount.models import SocialApp

    try:
        return view_class.adapter_view(TenantIssuerAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        # No provider configured: there is no single sign-on to begin or come back from.
        raise Http404 from None


@login_not_required
def sso_login(request, provider_id):
    return _adapter_view(OAuth2LoginView, request, provider_id)


@login_not_required
def sso_callback(request, provider_id):
    return _adapter_view(OAuth2CallbackView, request, provider_id)
