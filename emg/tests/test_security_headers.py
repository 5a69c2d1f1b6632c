"""Every response carries the security headers: a Content-Security-Policy that allows nothing
inline and nothing from elsewhere, HSTS over HTTPS, nosniff, a referrer policy and no framing.

Tried over every row of the permission matrix (emg/tests/matrix.py), as the secretariat, who
reaches every page, and as anonymous, who is sent to the login page from all of them."""

import pytest
from django.urls import reverse

from emg.tests.test_permission_matrix import all_rows

ONE_YEAR = 31_536_000

EXPECTED_POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "font-src": {"'self'"},
    "connect-src": {"'self'"},
    "frame-ancestors": {"'none'"},
    "form-action": {"'self'"},
    "base-uri": {"'self'"},
    "object-src": {"'none'"},
}


def policy_of(response) -> dict[str, set[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for directive in filter(None, (part.strip() for part in header.split(";"))):
        name, *sources = directive.split()
        directives[name] = set(sources)
    return directives


def assert_security_headers(response, *, https: bool):
    policy = policy_of(response)
    assert policy == EXPECTED_POLICY
    header = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy") == "same-origin"
    assert response.headers.get("X-Frame-Options") == "DENY"
    if https:
        assert response.headers.get("Strict-Transport-Security") == (
            f"max-age={ONE_YEAR}; includeSubDomains; preload"
        )
    else:
        # Sent over plain HTTP a browser would ignore it; Django rightly leaves it out.
        assert "Strict-Transport-Security" not in response.headers


@pytest.fixture
def production_https(settings):
    """What config/settings.py turns on with DEBUG off (the test run itself keeps DEBUG's other
    defaults). Set before the test client's first request builds the middleware."""
    settings.SECURE_HSTS_SECONDS = ONE_YEAR
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


CASES = [(row, user) for row in all_rows() for user in ("secretariat", "anonymous")]


@pytest.mark.parametrize(("row", "user"), CASES, ids=[f"{r.id} as {u}" for r, u in CASES])
def test_every_page_answers_with_the_security_headers_over_https(
    row, user, world, client, production_https
):
    if world.people[user] is not None:
        client.force_login(world.people[user])
    url = reverse(row.url, kwargs=row.kwargs(world)) + (f"?{row.query}" if row.query else "")

    if row.method == "post":
        response = client.post(url, row.data(world), secure=True)
    else:
        response = client.generic(row.method.upper(), url, secure=True)

    # The page itself answered (not an error page standing in for it).
    assert response.status_code == row.statuses[user]
    assert_security_headers(response, https=True)


@pytest.mark.parametrize("name", ["login", "home"])
def test_pages_over_plain_http_carry_every_header_but_hsts(name, client, production_https, db):
    response = client.get(reverse(name))

    assert response.status_code in (200, 302)
    assert_security_headers(response, https=False)


def test_a_page_that_does_not_exist_carries_the_headers_too(client_as, secretariat):
    response = client_as(secretariat).get("/no-such-page/")

    assert response.status_code == 404
    assert_security_headers(response, https=False)


def test_the_document_preview_uses_only_its_own_stylesheet(client_as, world):
    """The UN layout of a document's preview comes from static/css/un-document.css; nothing in
    the page depends on what the policy refuses."""
    response = client_as(world.people["secretariat"]).get(
        reverse("documents:preview", kwargs={"pk": world.document.pk})
    )
    page = response.content.decode()

    assert response.status_code == 200
    assert "css/un-document.css" in page
    assert_no_inline_script_or_style(page)


def assert_no_inline_script_or_style(page: str):
    import re

    assert not re.search(r"<style[\s>]", page), "a <style> element: refused by style-src 'self'"
    assert not re.search(r"\sstyle\s*=", page), "a style attribute: refused by style-src 'self'"
    for script in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in script, f"an inline script: refused by script-src 'self': {script}"
    assert not re.search(r"\son[a-z]+\s*=", page), "an event handler attribute"
    assert not re.search(r"\shx-on[:-]", page), "hx-on needs eval, which the policy refuses"
    assert "javascript:" not in page


PAGES_FOR_SECRETARIAT = [row for row in all_rows() if row.method == "get"]


@pytest.mark.parametrize("row", PAGES_FOR_SECRETARIAT, ids=[r.id for r in PAGES_FOR_SECRETARIAT])
def test_no_page_holds_an_inline_script_or_style(row, world, client):
    client.force_login(world.people["secretariat"])
    url = reverse(row.url, kwargs=row.kwargs(world)) + (f"?{row.query}" if row.query else "")
    response = client.get(url)

    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        assert_no_inline_script_or_style(response.content.decode())
    else:
        assert response.status_code == row.statuses["secretariat"]


def test_the_pages_that_load_htmx_keep_it_from_injecting_styles_or_evaluating_code(
    client_as, world
):
    response = client_as(world.people["secretariat"]).get(
        reverse("workplans:detail", kwargs={"pk": world.work_plan.pk})
    )
    page = response.content.decode()

    assert response.status_code == 200
    assert "htmx.min.js" in page  # the editor's page
    assert 'name="htmx-config"' in page
    assert '"includeIndicatorStyles": false' in page
    assert '"allowEval": false' in page
