"""Reflected XSS: payloads typed into a list's filters (the search box, the filter chips, the
pagination links) and into the login form's user name come back as text."""

import pytest
from django.urls import reverse

from conftest import login_form
from emg.tests import payloads
from emg.tests.payloads import chunks
from emg.tests.test_permission_matrix import all_rows
from emg.tests.xss import read

FILTERED = [row for row in all_rows() if row.query and row.method == "get"]


@pytest.mark.parametrize("row", FILTERED, ids=[row.id for row in FILTERED])
def test_payloads_typed_into_a_lists_filters_come_back_as_text(row, world, client_as):
    client = client_as(world.people["secretariat"])
    base = reverse(row.url, kwargs=row.kwargs(world))
    names = [part.split("=", 1)[0] for part in row.query.split("&")]
    value = " ".join((*payloads.XSS, *payloads.FORMULAS))

    for name in names:
        response = client.get(base, {name: value})

        # 400: a parameter that takes a number, or a short text, refuses the payload whole.
        assert response.status_code in (200, 400, 404), (name, response.status_code)
        reader = read(response.content.decode())
        assert not reader.live, f"{base}?{name}=…: live markup {reader.live[:3]}"


def test_a_payload_typed_as_a_user_name_comes_back_in_the_login_form_as_text(client, db):
    value = chunks(payloads.XSS, 150)[0]

    response = client.post(reverse("login"), login_form(value, "wrong"))

    assert response.status_code == 200
    reader = read(response.content.decode())
    assert not reader.live, reader.live[:3]
    assert value in reader.inputs


@pytest.mark.parametrize(
    ("url", "field"), [("account_request_login_code", "email"), ("account_reset_password", "email")]
)
def test_a_payload_typed_as_an_e_mail_address_comes_back_as_text(client, db, url, field):
    for value in chunks(payloads.XSS, 150)[:3]:
        response = client.post(reverse(url), {field: value})

        assert response.status_code == 200
        reader = read(response.content.decode())
        assert not reader.live, reader.live[:3]


def test_a_payload_given_as_the_page_to_return_to_stays_text_on_the_sign_in_pages(client, db):
    for url in ("login", "account_request_login_code", "account_reset_password"):
        for value in chunks(payloads.XSS, 150)[:3]:
            response = client.get(reverse(url), {"next": value})

            assert response.status_code == 200
            reader = read(response.content.decode())
            assert not reader.live, (url, reader.live[:3])
