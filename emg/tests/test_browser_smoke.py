"""The workspace in a real browser: signing in, the home page of one's role, signing out."""

import pytest
from playwright.sync_api import expect

from emg.tests.browser import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_secretariat_member_signs_in_sees_their_home_and_signs_out(page, secretariat):
    page.goto("/")
    assert "/login/" in page.url  # everything but the login page needs a signed-in user

    sign_in(page, secretariat)

    expect(page.get_by_role("heading", name="What needs attention")).to_be_visible()
    expect(page.get_by_text("Secretariat", exact=False).first).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login/")


def test_a_wrong_password_is_refused_with_a_message(page, focal_point):
    sign_in_attempt = page.goto("/login/")
    assert sign_in_attempt.ok
    page.get_by_label("Username").fill(focal_point.username)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("alert")).to_be_visible()
    assert "/login/" in page.url
