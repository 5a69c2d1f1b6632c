"""axe-core over every page each role may open: the login page for anonymous visitors, and for
each signed-in role every GET page the permission matrix answers 200 to, plus the pages of the
imported sample documents (the 2021–2022 plan in the editor, the SOM 26 progress report, the
ToR of the IMG on Environmental Sustainability Management). A violation of impact "serious" or
"critical" fails the test, listed with its rule, its help text and the elements it found.

Pages are found, not listed by hand: a URL added to the matrix is checked here too. Downloads
(PDF, CSV, XLSX, DOCX) and htmx fragments are not pages and are left out by their answer.
"""

from __future__ import annotations

from importlib import import_module

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from conftest import PASSWORD
from emg.tests.matrix import USERS

pytestmark = pytest.mark.django_db(transaction=True)

APPS = ("emg", "mandates", "workplans", "progress")
FAILING_IMPACTS = {"serious", "critical"}
SAMPLE_DOCUMENTS = (
    "tor-img-sustainability-management.txt",
    "work-plan-2014-2015-rev1.txt",
    "work-plan-2021-2022-draft.txt",
    "progress-report-som26-mid-term.txt",
    "action-points-som26.txt",
)


def matrix_pages(world, role: str) -> list[str]:
    """The GET URLs the matrix says ``role`` may open, each once."""
    urls = []
    for app in APPS:
        for row in import_module(f"{app}.tests.matrix_rows").ROWS:
            if row.method != "get" or row.statuses[role] != 200:
                continue
            url = reverse(row.url, kwargs=row.kwargs(world))
            url += f"?{row.query}" if row.query else ""
            if url not in urls:
                urls.append(url)
    return urls


def sample_pages() -> list[str]:
    """Pages whose content comes from the imported sample documents."""
    from mandates.models import Mandate
    from progress.models import ReportingRound
    from workplans.models import WorkPlan

    urls = [reverse("workplans:detail", kwargs={"pk": plan.pk}) for plan in WorkPlan.objects.all()]
    urls += [
        reverse("mandates:detail", kwargs={"pk": mandate.pk})
        for mandate in Mandate.objects.exclude(terms_of_reference=None)
    ]
    urls += [
        reverse("progress:report", kwargs={"pk": report_round.pk})
        for report_round in ReportingRound.objects.all()
    ]
    return urls


def is_page(client, url: str) -> bool:
    """A whole HTML page (not a file download, not an htmx fragment) answered with 200."""
    response = client.get(url)
    if response.status_code != 200 or response.streaming:
        return False
    if not response["Content-Type"].startswith("text/html"):
        return False
    return b"<html" in response.content[:1000].lower()


def describe(url: str, violation: dict) -> str:
    targets = "; ".join(
        " ".join(str(part) for part in node["target"]) for node in violation["nodes"][:5]
    )
    more = len(violation["nodes"]) - 5
    why = " ".join(violation["nodes"][0].get("failureSummary", "").split())
    return (
        f"{url}: [{violation['impact']}] {violation['id']}: {violation['help']} "
        f"({targets}{f'; and {more} more' if more > 0 else ''}) {why}"
    )


@pytest.fixture
def sample_documents(world):
    call_command(
        "import_documents",
        *(settings.BASE_DIR / "sample_data" / name for name in SAMPLE_DOCUMENTS),
        stdout=open("/dev/null", "w"),  # noqa: SIM115 - the command's own report
    )


@pytest.mark.parametrize("role", USERS)
def test_no_page_has_a_serious_or_critical_accessibility_violation(
    role, world, sample_documents, browser, live_server, client
):
    user = world.people[role]
    if user is None:
        urls = [reverse("login")]
    else:
        client.force_login(user)
        candidates = matrix_pages(world, role) + sample_pages()
        urls = [url for url in dict.fromkeys(candidates) if is_page(client, url)]

    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    found, checked = [], []
    try:
        if user is not None:
            page.goto("/login/")
            page.get_by_label("Username").fill(user.username)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url("**/")
        for url in urls:
            response = page.goto(url)
            if response.status != 200:
                # A page the role may see (or one only shown because of the imports) must open.
                found.append(f"{url}: answered {response.status}")
                continue
            checked.append(url)
            found += serious_violations(page, url)
    finally:
        context.close()

    assert checked, f"no page was checked for {role}"
    assert not found, f"{len(found)} problems on {len(checked)} pages as {role}:\n" + "\n".join(
        found
    )


def serious_violations(page, url: str = "") -> list[str]:
    """The serious and critical violations axe finds on ``page`` (named ``url``, or by its
    address). Colours are read as they settle: a button under the mouse or with the focus fades
    into its hover or focus colours, and axe must not read it halfway."""
    page.emulate_media(reduced_motion="reduce")
    results = Axe().run(page)
    return [
        describe(url or page.url, violation)
        for violation in results.response["violations"]
        if violation["impact"] in FAILING_IMPACTS
    ]


def test_the_editor_and_forms_in_error_have_no_serious_or_critical_violation(page, world):
    """What only a user's action shows: the plan editor's forms opened in place (htmx), with
    errors, and its delete confirmation; the update form and the review form in error."""
    from emg.tests.browser import sign_in

    found = []
    sign_in(page, world.people["focal_point"])
    page.goto(reverse("progress:task", kwargs={"pk": world.task.pk}))
    page.locator("#id_items-0-text").fill("")
    page.get_by_role("button", name="Submit").click()
    expect(page.locator(".is-invalid").first).to_be_visible()
    found += serious_violations(page)
    page.locator("#id_items-0-text").fill("The drafting group met twice.")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("submitted to the secretariat for review")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login/")

    sign_in(page, world.people["secretariat"])
    page.goto(reverse("progress:review", kwargs={"pk": world.task.pk}))
    page.get_by_role("button", name="Return to the focal points").click()
    expect(page.get_by_text("a comment is required").first).to_be_visible()
    found += serious_violations(page)

    page.goto(reverse("workplans:detail", kwargs={"pk": world.work_plan.pk}))
    page.get_by_role("link", name="Add an activity under I.").click()
    form = page.locator("form.emg-wp-editor-form")
    form.get_by_role("button", name="Add activity").click()
    expect(form.locator(".is-invalid").first).to_be_visible()
    found += serious_violations(page)
    form.get_by_role("link", name="Cancel").click()
    expect(form).to_have_count(0)
    page.locator(f"#activity-{world.activity.pk} .emg-wp-actions").first.click()
    found += serious_violations(page)
    page.locator(f"#activity-{world.activity.pk}-delete").click()
    expect(page.get_by_role("button", name="Delete activity")).to_be_visible()
    found += serious_violations(page)

    assert not found, "\n".join(found)
