"""Who may use the API and how much of it: the classes the settings' REST_FRAMEWORK names.

They live apart from the viewsets (emg.api) because Django REST framework reads its settings,
and so imports these, while its views are being imported.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions, pagination, permissions

from emg.models import ApiToken
from emg.permissions import has_role

# A key as emg.services.api_token_create makes it is 43 characters; much longer is none of ours.
KEY_MAX_LENGTH = 64
# last_used_at is written at most this often per token, not on every request.
LAST_USED_PRECISION = datetime.timedelta(minutes=5)


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <key>``: the person whose live token has that key, if they are
    still active. The key is looked up by its SHA-256 only."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None  # not ours: the session may still say who this is
        if len(header) != 2 or len(header[1]) > KEY_MAX_LENGTH:
            raise exceptions.AuthenticationFailed(_("The Authorization header holds no token."))
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from None
        token = ApiToken.objects.for_key(key).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is not valid."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        # Makes an unauthenticated request a 401 (with this challenge) rather than a 403.
        return f'{self.keyword} realm="api"'


class RulesPermission(permissions.BasePermission):
    """Someone with a role reads lists (narrowed to what they may see by the viewset's
    queryset), and a row if the ``rules`` permission ``<app>.view_<model>`` on it says so —
    the permission the pages ask."""

    def has_permission(self, request, view):
        # The viewsets are read-only: a write is answered 405 by the view itself.
        return has_role(request.user)

    def has_object_permission(self, request, view, obj):
        meta = obj._meta
        return request.user.has_perm(f"{meta.app_label}.view_{meta.model_name}", obj)


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
