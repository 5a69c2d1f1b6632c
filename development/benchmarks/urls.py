"""The benchmark's URLconf: the workspace's own URLs plus one trivial view, the yardstick the
heaviest pages are divided by. Used only inside ``manage.py benchmark`` (with
``override_settings(ROOT_URLCONF=...)``), so the production URLs are unchanged."""

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def trivial(request):
    """Does nothing but read who is signed in: requested by the same signed-in client as the
    heavy pages, it goes through the same middleware doing the same work (session and user read,
    session saved, CSRF, messages, CSP, login required), with no template of its own."""
    return HttpResponse(request.user.get_username(), content_type="text/plain")


urlpatterns = [
    path("__benchmark__/trivial/", trivial, name="benchmark_trivial"),
    path("", include("config.urls")),
]
