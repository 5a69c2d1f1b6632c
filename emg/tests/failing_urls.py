"""The project's URLs and one page that fails, for the tests of what a server error logs."""

from django.urls import include, path


def failing(request):
    raise RuntimeError("the page failed")


urlpatterns = [
    path("failing/", failing, name="failing"),
    path("", include("config.urls")),
]
