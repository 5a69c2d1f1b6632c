"""What a request leaves in the log: a refusal (403, 404, 400) is one line saying who asked for
what, and how it was answered; a server error keeps its traceback, which is what it is read for."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def request_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "django.request"]


def test_a_refusal_is_logged_as_one_line_with_who_method_path_and_status(client_as, world, caplog):
    client = client_as(world.people["focal_point"])
    url = reverse("mandates:edit", args=[world.mandate.pk])

    with caplog.at_level(logging.INFO):
        assert client.get(url).status_code == 403

    (record,) = request_records(caplog)
    assert record.levelno == logging.WARNING
    assert record.exc_info is None
    line = record.getMessage()
    assert "\n" not in line
    for part in (url, "GET", "403", "fiona"):
        assert part in line
    assert "Traceback" not in caplog.text


def test_a_refused_post_names_its_method(client_as, world, caplog):
    client = client_as(world.people["senior_official"])
    url = reverse("mandates:edit", args=[world.mandate.pk])

    with caplog.at_level(logging.INFO):
        assert client.post(url, {"name": "Renamed"}).status_code == 403

    (record,) = request_records(caplog)
    assert record.exc_info is None
    for part in (url, "POST", "403", "sam"):
        assert part in record.getMessage()


def test_a_page_not_found_is_logged_as_one_line_too(client_as, world, caplog):
    client = client_as(world.people["other_focal_point"])
    url = reverse("progress:task", args=[world.task.pk])  # another mandate's task

    with caplog.at_level(logging.INFO):
        assert client.get(url).status_code == 404

    (record,) = request_records(caplog)
    assert record.exc_info is None
    for part in (url, "GET", "404", "oscar"):
        assert part in record.getMessage()


@pytest.mark.urls("emg.tests.failing_urls")
def test_a_server_error_keeps_its_traceback(world, caplog):
    client = Client(raise_request_exception=False)
    client.force_login(world.people["secretariat"])

    with caplog.at_level(logging.INFO):
        assert client.get(reverse("failing")).status_code == 500

    (record,) = request_records(caplog)
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None and record.exc_info[0] is RuntimeError
    assert "Traceback" in caplog.text and "the page failed" in caplog.text
