"""In a real browser: the secretariat invites a focal point, who accepts through the link the
e-mail brings and lands in the workspace, signed in, reporting for their mandate."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from emg.tests.browser import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_secretariat_invites_a_focal_point_who_accepts_through_the_emailed_link(
    browser, page, live_server, settings, secretariat, mandate, unep
):
    settings.SITE_URL = live_server.url
    sign_in(page, secretariat)

    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_label("First name").fill("Nadia")
    page.get_by_label("Last name").fill("Newcomer")
    page.get_by_label("E-mail").fill("nadia@example.org")
    page.get_by_label("Entity").select_option(label="UNEP")
    page.get_by_label("Role").select_option(label="Focal point")
    page.get_by_label("Focal point for").select_option(label=mandate.name)
    page.get_by_role("button", name="Send the invitation").click()

    expect(page.get_by_role("heading", name=re.compile("Nadia Newcomer"))).to_be_visible()
    expect(page.get_by_text("Invited").first).to_be_visible()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/invitations/\S+/", mail.outbox[0].body).group(0)
    assert link.startswith(live_server.url)

    invitee = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    invitee.goto(link)
    expect(invitee.get_by_text("Welcome, Nadia Newcomer.")).to_be_visible()
    invitee.get_by_role("button", name="Accept and sign in").click()
    expect(invitee.get_by_role("heading", name="Welcome, Nadia Newcomer")).to_be_visible()
    invitee.get_by_role("link", name="Go to the workspace").click()
    expect(invitee.get_by_role("link", name="My tasks")).to_be_visible()
    invitee.locator(".emg-user").click()  # the user menu
    invitee.get_by_role("link", name="My profile").click()
    expect(invitee.get_by_role("link", name=mandate.name)).to_be_visible()

    # The link worked once.
    used = invitee.goto(link)
    assert used.status == 410
    expect(invitee.get_by_text("already been used")).to_be_visible()
    invitee.context.close()
