"""The read-only REST API (/api/v1/, Django REST framework): what every app shares of it.

emg may not import the apps to its right, yet the API serves their mandates, plans and progress.
So every app keeps its serializers and viewsets in its own ``api.py`` and registers them here
with ``register(prefix, viewset)``; ``urls()`` finds those modules (as emg.home finds the
``panels`` modules) and gives the router's URLs, with the OpenAPI schema and its page.

Here and in ``emg.api.access`` (the classes the settings name) is what every endpoint shares:

- who is asking: a personal token (``Authorization: Bearer <key>``, emg.models.ApiToken, made
  and revoked on one's Security page) or the browser's session. A request with neither is
  answered 401, in JSON, never with the login page;
- what they may read: the same ``rules`` permissions as the pages (``RulesPermission``), on the
  rows the model's ``visible_to`` leaves them (``ReadOnlyViewSet``), so that a row the pages
  answer 404 for is a 404 here too;
- how much: pages of at most ``Pagination.max_page_size`` rows, and DRF's throttles with the
  rates of the settings' REST_FRAMEWORK (kept in Django's cache, so every web process counts
  alike when it is Redis).

Every endpoint must run a constant number of queries whatever the amount of data: a viewset's
queryset selects and prefetches what its serializer reads, and numbering comes from the apps'
own helpers, computed in Python.
"""

from __future__ import annotations

import functools
from importlib import import_module

import django_filters
from django import forms
from django.urls import include, path
from django.utils.module_loading import autodiscover_modules
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers, serializers, viewsets

from emg import params
from emg.api.access import TokenAuthentication
from emg.permissions import visible_to


class TokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the personal tokens."""

    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer"}


class ModelSerializer(serializers.ModelSerializer):
    """Django REST framework's, without the range of the database's integer columns: it is not
    the same on SQLite (whose columns all hold 64 bits) as on PostgreSQL, and the schema must be
    one. The API writes nothing, so the range validates nothing here."""

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        kwargs.pop("min_value", None)
        kwargs.pop("max_value", None)
        return field_class, kwargs


def som_number(source: str = "meeting.number") -> serializers.IntegerField:
    """The number of the SOM a row belongs to (SOM 26: 26), or null."""
    return serializers.IntegerField(source=source, read_only=True, allow_null=True)


class IdFilter(django_filters.Filter):
    """A row by its primary key: a whole number a bigint column holds (emg.params), else 400 —
    a larger one would reach the database and fail there."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", params.MAX_INTEGER)
        super().__init__(*args, **kwargs)


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A list and a detail endpoint of the rows of ``queryset`` the reader may know exist (its
    model's ``visible_to``); a row of a model without one is still read only by those the
    ``rules`` permission lets see it (emg.api.access.RulesPermission)."""

    # Digits only, fewer than a bigint's: any other key is a 404 before the database is asked.
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self):
        return visible_to(self.queryset.all(), self.request.user)


_router = routers.SimpleRouter()


def register(prefix: str, viewset, *, basename: str | None = None) -> None:
    """Serve ``viewset`` at /api/v1/<prefix>/ (a list) and /api/v1/<prefix>/<pk>/ (a row),
    named ``api:<basename>-list`` and ``api:<basename>-detail``."""
    if not any(prefix == registered for registered, *_rest in _router.registry):
        _router.register(prefix, viewset, basename=basename)


@functools.cache
def discover() -> None:
    """Import every app's ``api`` module, which registers its endpoints (emg's own are in
    emg.api.meetings)."""
    import_module("emg.api.meetings")
    autodiscover_modules("api")


def urls():
    """The API's URL patterns, in the namespace "api": every registered endpoint, the OpenAPI
    schema (/api/v1/schema/) and its page (/api/v1/docs/, Swagger UI served from the sidecar
    package's static files: no CDN, and no inline script the Content-Security-Policy would
    refuse)."""
    discover()
    # The API answers for itself, 401 for someone unknown, never with the login page: Django
    # REST framework's views are exempt from LoginRequiredMiddleware.
    patterns = [
        *_router.urls,
        path("schema/", SpectacularAPIView.as_view(), name="schema"),
        path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    ]
    return include((patterns, "api"))
