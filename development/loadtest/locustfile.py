"""The three journeys of DESIGN.md as load: secretariat, focal point and senior official users in
equal numbers, each logged in once, browsing with a second or two between pages.

Run by scripts/loadtest, which starts the site and passes LOADTEST_FIXTURE (the JSON written by
loadtest/prepare.py). Every request must answer as a user would expect: a failure is any 4xx or
5xx, or a form that comes back instead of being saved.

The site runs with DEBUG off, as in production behind a TLS proxy: requests say
``X-Forwarded-Proto: https`` (SECURE_PROXY_SSL_HEADER), carry the Referer that CSRF checks of
secure requests want, and the Secure cookies are sent back over the loopback's plain HTTP.
"""

import itertools
import json
import os
import random
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import gevent
from gevent.event import Event
from locust import HttpUser, between, events, task

with open(os.environ["LOADTEST_FIXTURE"], encoding="utf-8") as fixture:
    FIXTURE = json.load(fixture)
# SOM 26's page links its packs' page, which links the ready pack's PDF.
PACKS_LINK = re.compile(r'href="(/meetings/\d+/packs/)"')
DOWNLOAD_LINK = re.compile(r'href="(/meetings/\d+/packs/\d+/download/)"')


# Each user logs in once, at its start; a login is slow on purpose (PBKDF2), and 50 of them at once
# are a burst of their own. The measured window (LOADTEST_RUN_TIME, 60 s) starts once every user
# has logged in: the statistics are reset then, after the logins' figures are kept aside.
RUN_SECONDS = float(os.environ.get("LOADTEST_RUN_TIME", "60s").removesuffix("s"))
LOGIN_REQUESTS = {("GET", "login page"), ("POST", "log in")}
everyone_logged_in = Event()
logged_in = 0
login_figures: dict[str, dict] = {}


def measure_from_now(environment) -> None:
    for method, name in LOGIN_REQUESTS:
        entry = environment.stats.get(name, method)
        login_figures[f"{method} {name}"] = {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95),
        }
    environment.stats.reset_all()
    gevent.spawn_later(RUN_SECONDS, environment.runner.quit)
    everyone_logged_in.set()


@events.test_stop.add_listener
def write_login_figures(environment, **kwargs):
    target = os.environ.get("LOADTEST_LOGINS")
    if target:
        with open(target, "w", encoding="utf-8") as out:
            json.dump(login_figures, out)


class Forms(HTMLParser):
    """The forms of a page: action, and the fields a browser would send (buttons left out)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "fields": {}})
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            fields[name] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, None)
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if fields[self._select] is None or "selected" in attrs:
                fields[self._select] = value

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data.removeprefix("\n")


def form_posting_to(html: str, action: str) -> dict:
    """The fields of the form that posts to ``action``, the page's own URL (a form without an
    action posts back to its page)."""
    parser = Forms()
    parser.feed(html)
    for form in parser.forms:
        if form["action"] in (action, ""):
            return {name: value or "" for name, value in form["fields"].items()}
    raise LookupError(f"no form posting to {action}")


def title(html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html, re.S)
    return " ".join(found.group(1).split()) if found else html[:200]


class Journey(HttpUser):
    abstract = True
    wait_time = between(0.5, 2)
    username = ""
    numbers = itertools.count()  # each user of a class its own row to edit

    def on_start(self):
        self.number = next(type(self).numbers)
        self.send_secure_cookies_over_loopback()
        self.client.headers["X-Forwarded-Proto"] = "https"
        host = urlsplit(self.host).netloc
        self.client.headers["Referer"] = f"https://{host}/"
        try:
            self.log_in()
        finally:
            global logged_in
            logged_in += 1
            if logged_in == self.environment.parsed_options.num_users:
                measure_from_now(self.environment)
        everyone_logged_in.wait()

    def log_in(self):
        page = self.page("/login/", "login page")
        fields = form_posting_to(page.text, "/login/")
        fields.update(username=self.username, password=FIXTURE["password"])
        with self.client.post(
            "/login/", data=fields, name="log in", allow_redirects=False, catch_response=True
        ) as answer:
            if answer.status_code != 302:
                answer.failure(
                    f"login of {self.username} answered {answer.status_code}: {title(answer.text)}"
                )

    def send_secure_cookies_over_loopback(self):
        """The site's cookies are Secure, as they should be behind TLS; this loopback run has
        none, so every request marks them sendable over plain HTTP once they are stored."""
        request = self.client.request

        def unsecured(*args, **kwargs):
            response = request(*args, **kwargs)
            for cookie in self.client.cookies:
                cookie.secure = False
            return response

        self.client.request = unsecured

    def page(self, url: str, name: str):
        """GET ``url`` as the logged-in user: anything but the page itself (an error, or a
        redirect such as to the login page) is a failure."""
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as page:
            if page.status_code != 200:
                page.failure(f"{name}: {page.status_code} {page.headers.get('Location', '')}")
        return page

    def save_form(self, url: str, opened: str, saved: str, change) -> None:
        """Open the form at ``url`` (``opened`` in the statistics), let ``change`` change its
        fields and post them back (``saved``): anything but the redirect of a save is a failure."""
        page = self.page(url, opened)
        if not page.ok:
            return
        fields = form_posting_to(page.text, url)
        change(fields)
        with self.client.post(
            url, data=fields, name=saved, allow_redirects=False, catch_response=True
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"{saved}: expected a redirect, got {answer.status_code}")


class Secretariat(Journey):
    username = "secretariat"
    numbers = itertools.count()

    @task(4)
    def work_plan_editor(self):
        self.page(f"/work-plans/{FIXTURE['work_plan']}/", "work plan editor")

    @task(1)
    def work_plans(self):
        self.page("/work-plans/", "work plans")

    @task(1)
    def revisions(self):
        self.page(f"/work-plans/{FIXTURE['work_plan']}/revisions/", "revisions")

    @task(2)
    def edit_a_milestone(self):
        milestones = FIXTURE["milestones"]
        pk = milestones[self.number % len(milestones)]
        url = f"/work-plans/milestones/{pk}/edit/"

        def retext(fields):
            text = fields["text"].split(" [load ")[0]
            fields["text"] = f"{text} [load {random.randrange(1000)}]"

        self.save_form(url, "milestone edit (form)", "milestone edit", retext)


class FocalPoint(Journey):
    username = "focalpoint"
    numbers = itertools.count()

    @task(3)
    def my_tasks(self):
        self.page("/progress/my-tasks/", "my tasks")

    @task(2)
    def save_a_draft(self):
        tasks = FIXTURE["tasks"]
        url = f"/progress/tasks/{tasks[self.number % len(tasks)]}/"

        def draft(fields):
            status_field = next(name for name in fields if name.endswith("-0-status"))
            fields[status_field] = "ongoing"
            fields[status_field.replace("-status", "-text")] = (
                "The group met and agreed the outline."
            )
            fields["next_steps"] = f"Circulate the draft (round {random.randrange(1000)})."

        self.save_form(url, "task page", "save draft", draft)


class SeniorOfficial(Journey):
    username = "senior"
    numbers = itertools.count()

    @task(2)
    def meetings(self):
        self.page("/meetings/", "meetings")

    @task(3)
    def som_26(self):
        page = self.page(f"/meetings/{FIXTURE['meeting']}/", "SOM 26")
        links = PACKS_LINK.findall(page.text)
        if page.ok and not links:
            page.failure("SOM 26's page links no packs page")
        for href in links[:1]:
            packs = self.page(href, "packs page")
            downloads = DOWNLOAD_LINK.findall(packs.text)
            if packs.ok and not downloads:
                packs.failure(
                    "the packs page links no PDF (development/loadtest/prepare.py built one)"
                )
            for download in downloads[:1]:
                self.page(download, "pack PDF")

    @task(1)
    def home(self):
        self.page("/", "home")
