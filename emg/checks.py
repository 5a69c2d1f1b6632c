"""Checks of a deployment's settings that Django's own ``check --deploy`` does not make.

SITE_URL starts every link that leaves the application (invitations, notifications, calendar
feeds), where there is no request to take the host from. Left at its default, a real
deployment would e-mail links to localhost that nobody outside can open."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.http.request import validate_host


@register(Tags.security, deploy=True)
def site_url_check(app_configs, **kwargs):
    url = urlsplit(settings.SITE_URL)
    if (
        url.scheme == "https"
        and url.hostname
        and validate_host(url.hostname, settings.ALLOWED_HOSTS)
    ):
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}: links in e-mails and calendar feeds must start "
            "with the https address people open the workspace at.",
            hint="Set SITE_URL to it, e.g. https://emg.example.org, with its host in "
            "ALLOWED_HOSTS.",
            id="emg.W001",
        )
    ]
