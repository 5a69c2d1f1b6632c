"""Refusals and errors answer with the workspace's own pages, in its layout, saying what happened
in words rather than Django's bare defaults."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_page_that_is_not_there_says_so_in_the_workspace_layout(client_as, secretariat):
    response = client_as(secretariat).get("/meetings/999999/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "EMG Secretariat Workspace" in response.content.decode()


def test_a_refusal_says_the_role_does_not_allow_it(client_as, world):
    response = client_as(world.people["senior_official"]).get(
        reverse("meetings:edit", args=[world.meeting.number])
    )

    assert response.status_code == 403
    assert "Your role does not allow this" in response.content.decode()


def test_a_bad_parameter_says_the_page_does_not_take_it(client_as, world):
    response = client_as(world.people["secretariat"]).get(
        reverse("mandates:clause_add", args=[world.tor.pk]), {"parent": "²"}
    )

    assert response.status_code == 400
    assert "a value this page does not take" in response.content.decode()


@pytest.mark.urls("emg.tests.failing_urls")
def test_a_server_error_answers_a_page_of_its_own(client, secretariat):
    client.raise_request_exception = False
    client.force_login(secretariat)

    response = client.get("/failing/")

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
