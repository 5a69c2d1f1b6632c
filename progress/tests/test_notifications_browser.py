"""A returned update in a real browser: the focal point sees the unread count in the header,
opens the notification from the inbox, lands on the task with the reviewer's comment, and the
count is gone; "My tasks" shows the returned task first."""

import pytest
from playwright.sync_api import expect

from emg.tests.browser import sign_in
from progress.services.updates import ItemData, update_return, update_submit

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_focal_point_follows_the_notification_of_a_returned_update_to_the_comment(
    page, focal_point, secretariat, open_round_task
):
    update = update_submit(
        task=open_round_task,
        user=focal_point,
        items=[ItemData(status="ongoing", text="Two inputs were sent.")],
        next_steps="",
        version=0,
    )
    update_return(
        update=update, version=update.version, user=secretariat, comment="Say when they were sent."
    )

    sign_in(page, focal_point)
    inbox = page.get_by_role("link", name="Inbox 1 unread")
    expect(inbox).to_be_visible()
    inbox.click()
    page.get_by_role("link", name=f"Update returned: {open_round_task.mandate.name}").click()

    expect(page.get_by_text("Say when they were sent.")).to_be_visible()
    assert page.url.endswith(f"/progress/tasks/{open_round_task.pk}/")
    expect(page.locator("#unread-count")).to_have_count(0)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My tasks").click()
    expect(page.get_by_role("heading", name="Returned to you for changes")).to_be_visible()
