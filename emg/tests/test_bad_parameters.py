"""Bad values in the query string or the posted data answer 400 or are ignored (a form error next
to the field, the parameter's default), never 5xx: every URL of the permission matrix, every
parameter the project's views read, each bad value below, by GET and by POST, as the
secretariat (who gets past every permission) and as anonymous.

Each app's URLs are tried in one world, the changes made at one URL rolled back before the next.
The parameters go all at once: one request per URL, method and value. When that request is
refused (400) or finds nothing (404), one parameter may have stopped the view before it read the
others, so they are sent again in halves, and the halves that stop it in halves again.

And the list of parameters is complete: a parameter read anywhere in the project's code and
missing from PARAMETERS fails ``test_every_parameter_the_project_reads_is_tried``."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from http.cookies import Morsel
from importlib import import_module
from pathlib import Path
from urllib.parse import quote

import django_filters
import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from emg.tests.test_permission_matrix import APPS, all_rows

# What the views read outside their forms, the lists' filters, the formsets' management forms,
# and what the sign-in reads (Django's login and django-axes).
PARAMETERS = (
    # Lists (emg/views/lists.py): the page, the column sorted by.
    "page",
    "ordering",
    # Filters (django-filter): meetings, mandates, work plans, a round's dashboard.
    "q",
    "year",
    "host",
    "kind",
    "status",
    "lead",
    "member",
    "active_on",
    "som",
    "mandate",
    "progress",
    "overdue",
    # The API's own filters (each app's api.py), and its page size.
    "meeting",
    "verb",
    "round",
    "page_size",
    # A pack's other versions whose staleness is asked (packs:stale).
    "also",
    # Moving a row up or down; a drag and drop's new order; where a new row goes.
    "direction",
    "item",
    "parent",
    "section",
    # Whose people the focal point form lists; the people list's filters.
    "entity",
    "role",
    "state",
    # The revision a download or a diff is of.
    "revision",
    "from",
    "to",
    # A focal point's update: its items formset, and which button was pressed.
    "items-TOTAL_FORMS",
    "items-INITIAL_FORMS",
    "items-MIN_NUM_FORMS",
    "items-MAX_NUM_FORMS",
    "submit",
    "save",
    # "Notify me when it is ready", asked when preparing a meeting pack.
    "notify",
    # A round's proposals kept or dropped in one go: the tasks listed with their versions, those
    # ticked, which button; the agenda item of a generated status of implementation.
    "shown",
    "task",
    "action",
    "agenda_item",
    # Signing in: a username or an e-mail address, a code sent by e-mail, the second step's.
    "next",
    "username",
    "login",
    "password",
    "email",
    "code",
)

SESSION_COOKIE = settings.SESSION_COOKIE_NAME
FORM_ENCODED = "application/x-www-form-urlencoded"

# Each already percent-encoded, as a browser or a script would send it.
BAD_VALUES = {
    "a superscript two (isdigit, but not a number to int)": quote("²"),
    "an Arabic-Indic digit one": quote("١"),
    "a NUL byte": "%00",
    "minus one": "-1",
    "twenty nines (beyond any integer column)": "9" * 20,
    "a 10 KB string of digits": "9" * 10_240,
    "a byte that is not UTF-8": "%ff",
}


def rows_of(app: str):
    return import_module(f"{app}.tests.matrix_rows").ROWS


def url_names(app: str) -> list[str]:
    """Every URL pattern of ``app`` in the matrix, once."""
    return list(dict.fromkeys(row.url for row in rows_of(app)))


def url_of(name: str, world) -> str:
    """The URL named ``name``, its arguments filled from ``world`` as its first row in the
    matrix fills them that the secretariat finds (not the rows that look for a meeting's session
    under another meeting's number)."""
    rows = [r for r in all_rows() if r.url == name]
    # Single sign-on's URLs answer 404 to everyone while no provider is configured.
    row = next((r for r in rows if r.statuses["secretariat"] != 404), rows[0])
    return reverse(row.url, kwargs=row.kwargs(world))


def failures_in(app: str, world, user, *, halve: bool = True) -> list[str]:
    """The failures at every URL of ``app``, each tried on the world as it was: what the
    requests to one URL changed (a POST may delete the object the URL is about) is rolled
    back before the next, which makes a world per URL unnecessary."""
    failures = []
    for name in url_names(app):
        with transaction.atomic():
            client = Client(raise_request_exception=False)
            failures += failures_at(client, user, url_of(name, world), halve=halve)
            transaction.set_rollback(True)
    return failures


def encoded(parameters, value: str) -> str:
    return "&".join(f"{quote(name, safe='')}={value}" for name in parameters)


# A view stopped by one parameter before reading the others.
STOPPED = (400, 404)


@dataclass
class Probe:
    """One bad value sent to one URL by one method, as ``user``."""

    client: Client
    user: object
    method: str
    url: str
    label: str
    value: str
    halve: bool

    def failures_among(self, names: tuple[str, ...], *, halved: bool = False) -> list[str]:
        """``names`` sent together; when the view fails or stops, again in halves (a parameter
        that fails or stops it is then found in a few requests, not one per parameter)."""
        status, problem = self.answer(encoded(names, self.value))
        failed = f"{self.method.upper()} {self.url} {', '.join(names)} = {self.label}: {problem}"
        if not problem and (status not in STOPPED or not self.halve):
            return []
        if len(names) == 1:
            return [failed] if problem else []
        if not (problem or halved) and self.answer("")[0] == status:
            return []  # stopped without them too (deleted by a POST before)
        half = len(names) // 2
        found = self.failures_among(names[:half], halved=True)
        found += self.failures_among(names[half:], halved=True)
        return found or ([failed] if problem else [])

    def answer(self, query: str) -> tuple[int, str]:
        """The status of ``query`` (GET: in the query string; POST: in the query string and in
        the body), and what went wrong when it is 5xx."""
        client = self.client
        if self.user is not None and not client.cookies.get(SESSION_COOKIE, Morsel()).value:
            # Signed in at first, and again after the log-out (one of the URLs) ended it.
            client.force_login(self.user)
        if self.method == "get":
            response = client.get(f"{self.url}?{query}")
        else:
            response = client.post(f"{self.url}?{query}", query, content_type=FORM_ENCODED)
        problem = ""
        if response.status_code >= 500:
            exc_info = getattr(response, "exc_info", None)
            problem = repr(exc_info[1])[:300] if exc_info else response.content[:300].decode()
        return response.status_code, problem


def failures_at(client: Client, user, url: str, *, halve: bool = True) -> list[str]:
    return [
        failure
        for method in ("get", "post")
        for label, value in BAD_VALUES.items()
        for failure in Probe(client, user, method, url, label, value, halve).failures_among(
            PARAMETERS
        )
    ]


@pytest.fixture
def quiet_request_log(caplog):
    # A 5xx is reported by the test, with its exception; Django's log of it would repeat it.
    caplog.set_level("CRITICAL", logger="django.request")


@pytest.mark.parametrize("app", APPS)
def test_bad_parameters_never_answer_5xx_to_the_secretariat(app, world, quiet_request_log):
    failures = failures_in(app, world, world.people["secretariat"])

    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("app", APPS)
def test_bad_parameters_never_answer_5xx_to_anonymous(app, world, quiet_request_log):
    # Sent to sign in before any view reads a parameter (or refused a redirect to a URL
    # longer than Django allows, 400): no parameter stops another from being read.
    failures = failures_in(app, world, None, halve=False)

    assert not failures, "\n".join(failures)


# The list is complete.

# A parameter read by name: request.GET.get("q"), request.POST.getlist("item"),
# request.GET["parent"], "submit" in request.POST, params.integer(request.GET, "revision"), a
# form reading its raw data (self.data.get(self.add_prefix("mandate"))), a helper's default
# (param: str = "ordering").
READS = (
    r'request\.(?:GET|POST)(?:\.get|\.getlist)?[\[(,]\s*"([^"]+)"',
    r'request\.(?:GET|POST)\s*,\s*"([^"]+)"',
    r'"([^"]+)"\s+(?:not\s+)?in\s+request\.(?:GET|POST)',
    r'self\.data\.get\(self\.add_prefix\("([^"]+)"\)',
    r'param: str = "([^"]+)"',
)
FORMSET_PREFIX = r'FormSet\([^)]*prefix="([^"]+)"'
MANAGEMENT_FORM = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")


def project_modules() -> list[Path]:
    root = Path(settings.BASE_DIR)
    return [
        path
        for app in APPS
        for path in (root / app).rglob("*.py")
        if not {"tests", "migrations"} & set(path.relative_to(root).parts)
    ]


def filter_names() -> set[str]:
    for app in APPS:
        for module in ("filters", "forms"):
            with contextlib.suppress(ModuleNotFoundError):
                import_module(f"{app}.{module}")
    names, pending = set(), [django_filters.FilterSet]
    while pending:
        filterset = pending.pop()
        names |= set(filterset.base_filters)
        pending.extend(filterset.__subclasses__())
    return names


def read_names() -> set[str]:
    names = set()
    for path in project_modules():
        source = path.read_text()
        for pattern in READS:
            names |= set(re.findall(pattern, source))
        for prefix in re.findall(FORMSET_PREFIX, source):
            names |= {f"{prefix}-{field}" for field in MANAGEMENT_FORM}
    return names | filter_names()


def test_every_parameter_the_project_reads_is_tried():
    found = read_names()

    assert {"page", "also", "revision", "q", "items-TOTAL_FORMS", "active_on"} <= found
    assert not sorted(found - set(PARAMETERS)), "read by the project, missing from PARAMETERS"


# What the lists' filters say of such values: the list is shown, unfiltered by them, with the
# filter's error next to it.

FILTER_ERRORS = [
    ("meetings:list", "q=%00", "Null characters are not allowed."),
    ("meetings:list", "year=%C2%B2", "Select a valid choice."),
    ("mandates:list", "q=%00", "Null characters are not allowed."),
    ("mandates:list", "active_on=%00", "Enter a valid date."),
    ("workplans:list", "q=%00", "Null characters are not allowed."),
    ("workplans:list", "year=%C2%B2", "Enter a number."),
    ("workplans:list", f"som={'9' * 20}", "Ensure this value is less than or equal to 32767."),
    ("progress:dashboard", "mandate=%C2%B2", "Select a valid choice."),
]


@pytest.mark.parametrize(("name", "query", "error"), FILTER_ERRORS)
def test_a_filter_given_a_value_it_does_not_take_says_so_next_to_it(
    name, query, error, world, client_as
):
    url = url_of(name, world)

    response = client_as(world.people["secretariat"]).get(f"{url}?{query}")

    assert response.status_code == 200
    assert error in response.content.decode()
    assert response.context["filter"].form.errors


def test_a_search_for_a_number_int_refuses_finds_no_meeting_by_number(world, client_as):
    client = client_as(world.people["secretariat"])

    by_number = client.get(reverse("meetings:list"), {"q": "26"})
    by_superscript = client.get(reverse("meetings:list"), {"q": "2⁶"})

    assert "26th Senior Officials Meeting" in by_number.content.decode()
    assert by_superscript.status_code == 200
    assert "26th Senior Officials Meeting" not in by_superscript.content.decode()
