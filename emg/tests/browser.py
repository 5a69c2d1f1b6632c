"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium, installed by
scripts/test) against pytest-django's live server.

Use the ``page`` fixture and ``sign_in(page, live_server, user)``. A machine without Chromium fails
these tests with a message saying how to install it; they are never skipped.
"""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without these Chromium keeps reaching for Google's servers, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: run scripts/test, which installs it "
            "(apt-get install chromium), or set CHROMIUM to its path."
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls that tests make
    # between browser steps are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, user, password: str = PASSWORD):
    page.goto("/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


# Keyboard alone: the helpers the keyboard journeys use instead of clicks.


def sign_in_by_keyboard(page, user, password: str = PASSWORD):
    """Log in with the keyboard alone and land on the home page."""
    from urllib.parse import urlparse

    page.goto("/login/")
    tab_to(page, page.get_by_label("Username"))
    page.keyboard.type(user.username)
    tab_to(page, page.get_by_label("Password"))
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlparse(url).path == "/")


def sign_out_by_keyboard(page):
    """The log-out button sits in the header, before the page's content: Shift+Tab to it."""
    from urllib.parse import urlparse

    tab_to(page, page.get_by_role("button", name="Log out"), backwards=True, limit=200)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlparse(url).path == "/login/")


def is_focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, locator, *, limit: int = 80, backwards: bool = False):
    """Press Tab (Shift+Tab with ``backwards``) until ``locator`` has the focus, as someone
    without a mouse would; fail after ``limit`` presses. Then check the focus can be seen."""
    key = "Shift+Tab" if backwards else "Tab"
    # Resolved once: nothing is swapped while only Tab is pressed.
    target = locator.element_handle()
    for _presses in range(limit):
        if page.evaluate("element => element === document.activeElement", target):
            break
        page.keyboard.press(key)
    else:
        active = page.evaluate("document.activeElement && document.activeElement.outerHTML")
        raise AssertionError(f"{limit} presses of {key} never reached {locator}; at {active}")
    assert focus_is_visible(page), f"no visible focus indicator on {locator}"


def focus_is_visible(page) -> bool:
    """The focused element draws an outline or a focus shadow (Bootstrap's ring)."""
    return page.evaluate(
        """() => {
            const element = document.activeElement;
            if (!element || element === document.body) return false;
            const style = getComputedStyle(element);
            const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
            return outline || (style.boxShadow && style.boxShadow !== "none");
        }"""
    )


def choose_by_keyboard(page, select, value: str):
    """Pick the option ``value`` of the focused ``select`` with the arrow keys."""
    assert is_focused(select)
    values = select.evaluate("element => Array.from(element.options, option => option.value)")
    steps = values.index(value) - values.index(select.input_value())
    for _step in range(abs(steps)):
        page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
    assert select.input_value() == value


def type_over(page, text: str):
    """Replace the text of the focused field, as typed."""
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    if text:
        page.keyboard.type(text)
