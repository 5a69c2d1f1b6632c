"""A new focal point from invitation to accepted update, in a real browser: the secretariat
invites them; they accept through the e-mailed link, then sign in with a code sent by e-mail;
they file an update; it is returned, and they hear of it by e-mail and in their inbox; they
resubmit, and are told, by e-mail and in the inbox, that it was accepted; and the same person
then signs in with their agency's account, through the OpenID Connect provider the tests run
(emg/tests/sso.py)."""

import re

import pytest
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from playwright.sync_api import expect

from emg.tests.browser import sign_in
from emg.tests.sso import sign_in_at_provider
from progress.models import Update

pytestmark = pytest.mark.django_db(transaction=True)

INVITATION_LINK = re.compile(r"https?://\S+/invitations/\S+/")
CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.MULTILINE)
EMAIL = "nadia@example.org"


def mails_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def sign_out(page):
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login/")


def test_an_invited_focal_point_signs_in_by_code_reports_is_returned_and_accepted_by_mail_and_inbox(
    browser, page, live_server, settings, secretariat, unep, mandate, open_round_task, sso
):
    settings.SITE_URL = live_server.url
    task = open_round_task

    # The secretariat invites Nadia as a focal point of the mandate.
    sign_in(page, secretariat)
    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_label("First name").fill("Nadia")
    page.get_by_label("Last name").fill("Newcomer")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Entity").select_option(label="UNEP")
    page.get_by_label("Role").select_option(label="Focal point")
    page.get_by_label("Focal point for").select_option(label=mandate.name)
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Invited").first).to_be_visible()

    # Nadia accepts through the link of the e-mail, then leaves.
    (invitation,) = mails_to(EMAIL)
    link = INVITATION_LINK.search(invitation.body).group(0)
    assert link.startswith(live_server.url)
    nadia = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    nadia.goto(link)
    nadia.get_by_role("button", name="Accept and sign in").click()
    expect(nadia.get_by_role("heading", name="Welcome, Nadia Newcomer")).to_be_visible()
    sign_out(nadia)

    # She signs in with a code e-mailed to her: typed, not a link.
    nadia.get_by_role("link", name="E-mail me a sign-in code").click()
    nadia.locator("input[name=email]").fill(EMAIL)
    nadia.get_by_role("button", name="Send the code").click()
    expect(nadia.get_by_role("heading", name="Type your sign-in code")).to_be_visible()
    code = CODE.search(mails_to(EMAIL)[-1].body).group(1)
    nadia.locator("input[name=code]").fill(code)
    nadia.get_by_role("button", name="Continue").click()
    expect(nadia.locator(".emg-user")).to_contain_text("Nadia Newcomer")

    # She files her update.
    nadia.get_by_role("navigation", name="Main").get_by_role("link", name="My tasks").click()
    nadia.get_by_role("link", name="Write the update").click()
    nadia.locator("#id_items-0-status").select_option("ongoing")
    nadia.locator("#id_items-0-text").fill("Two inputs were sent to the working group.")
    nadia.get_by_role("button", name="Submit").click()
    expect(nadia.get_by_text("submitted to the secretariat for review")).to_be_visible()

    # The secretariat returns it with a comment.
    page.goto(f"/progress/tasks/{task.pk}/review/")
    page.get_by_label("Comment to the focal points").fill("Say when the inputs were sent.")
    page.get_by_role("button", name="Return to the focal points").click()
    expect(page.get_by_text("returned to the focal points with your comment")).to_be_visible()

    # Nadia is told by e-mail, with the comment and a link from outside, and in her inbox.
    returned = mails_to(EMAIL)[-1]
    assert "Say when the inputs were sent." in returned.body
    assert f"{live_server.url}/" in returned.body
    html, kind = returned.alternatives[0]
    assert kind == "text/html" and "Say when the inputs were sent." in html
    nadia.goto("/")
    inbox = nadia.get_by_role("link", name="Inbox 1 unread")
    expect(inbox).to_be_visible()
    inbox.click()
    nadia.get_by_role("link", name=f"Update returned: {mandate.name}").click()
    expect(nadia.get_by_text("Say when the inputs were sent.")).to_be_visible()

    # She fixes it and resubmits; the secretariat accepts.
    nadia.locator("#id_items-0-text").fill(
        "Two inputs were sent to the working group, in December and on 20 February."
    )
    nadia.get_by_role("button", name="Submit").click()
    expect(nadia.get_by_text("submitted to the secretariat for review")).to_be_visible()
    page.goto(f"/progress/tasks/{task.pk}/review/")
    page.get_by_role("button", name="Accept the update").click()
    expect(page.get_by_text("this update is locked")).to_be_visible()
    assert Update.objects.get(task=task).state == Update.State.ACCEPTED

    # She is told it was accepted, by e-mail and in her inbox.
    accepted = mails_to(EMAIL)[-1]
    assert accepted is not returned
    assert "accepted" in accepted.subject.lower()
    nadia.goto("/")
    nadia.get_by_role("link", name="Inbox 1 unread").click()
    expect(nadia.get_by_role("link", name=f"Update accepted: {mandate.name}")).to_be_visible()

    # The same Nadia signs in with her agency's account, matched by its verified address.
    sign_out(nadia)
    sign_in_at_provider(nadia, "nadia.unep")
    nadia.wait_for_url(f"{live_server.url}/")
    expect(nadia.locator(".emg-user")).to_contain_text("Nadia Newcomer")
    assert SocialAccount.objects.get(provider="sso").user.email == EMAIL
    nadia.context.close()
