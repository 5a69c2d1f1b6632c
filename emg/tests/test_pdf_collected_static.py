"""With DEBUG off the pages link the collected, hashed static files ("css/un-document.1a2b.css"):
the PDF renderer's fetcher serves those too, so production PDFs keep the UN layout."""

import pytest
from django.core.management import call_command
from django.templatetags.static import static

from emg import pdf


@pytest.fixture
def collected_static(settings, tmp_path):
    """Static files collected as a release collects them (scripts, manage.py collectstatic)."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    return settings.STATIC_ROOT


def test_the_renderer_is_served_the_collected_hashed_stylesheet(collected_static):
    url = static("css/un-document.css")
    assert url != "/static/css/un-document.css", "the manifest storage names it by its hash"

    fetched = pdf.StaticFilesOnly().fetch(pdf.BASE_URL.rstrip("/") + url)

    collected = collected_static / url.removeprefix("/static/")
    assert fetched.read() == collected.read_bytes()


def test_a_hashed_name_that_was_not_collected_is_still_refused(collected_static):
    with pytest.raises(pdf.RefusedURL):
        pdf.StaticFilesOnly().fetch(pdf.BASE_URL + "static/css/un-document.0123456789ab.css")
