"""A real OpenID Connect provider for the single sign-on tests (emg/tests/oidc_provider), started
in its own process on a free loopback port, and the workspace under test (pytest-django's live
server) configured to use it as OIDC_ISSUER etc. would configure it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

import pytest
from django.conf import settings as django_settings

from config.settings import openid_connect_apps, origin_of

CLIENT_ID = "emg-workspace"
CLIENT_SECRET = "a secret shared by the workspace and the test provider"
PROVIDER_NAME = "Test provider"
UNEP_TENANT = "6c1e1a2b-unep-tenant"
OTHER_TENANT = "0f9d8e7c-other-tenant"

# The provider's people: (username, password, e-mail address, tenant).
PEOPLE = [
    {"username": "alice.unep", "email": "alice@unep.org", "tid": UNEP_TENANT},
    {"username": "stranger", "email": "stranger@unep.org", "tid": UNEP_TENANT},
    {"username": "sam.elsewhere", "email": "sam@undp.org", "tid": OTHER_TENANT},
    {"username": "fiona.unep", "email": "fiona@undp.org", "tid": UNEP_TENANT},
    # The focal point invited in progress/tests/test_browser_invited_focal_point.py.
    {"username": "nadia.unep", "email": "nadia@example.org", "tid": UNEP_TENANT},
]
PROVIDER_PASSWORD = "the provider's own password"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_provider(live_server, directory, *, tenant_issuers: bool):
    """Start the test provider; yield its issuer URL (where its discovery document is) once it
    answers; stop it."""
    people = directory / "people.json"
    people.write_text(json.dumps([{**p, "password": PROVIDER_PASSWORD} for p in PEOPLE]))
    port = free_port()
    client = {
        "client_id": CLIENT_ID,
        "secret": CLIENT_SECRET,
        "redirect_uri": f"{live_server.url}/sso/sso/login/callback/",
    }
    env = {
        **os.environ,
        "OIDC_TEST_DIR": str(directory),
        "OIDC_TEST_PORT": str(port),
        "OIDC_TEST_PEOPLE": str(people),
        "OIDC_TEST_CLIENT": json.dumps(client),
        "OIDC_TEST_TENANT_ISSUERS": "1" if tenant_issuers else "0",
    }
    log_path = directory / "provider.log"
    issuer = f"http://127.0.0.1:{port}/o"
    with log_path.open("wb") as log:
        provider = subprocess.Popen(
            [sys.executable, "-m", "emg.tests.oidc_provider"],
            cwd=django_settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if provider.poll() is not None:
                pytest.fail(f"The test OpenID provider exited:\n{log_path.read_text()[-4000:]}")
            try:
                with urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration") as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"The test OpenID provider did not answer:\n{log_path.read_text()}")
            time.sleep(0.2)
        yield issuer
    finally:
        provider.terminate()
        try:
            provider.wait(timeout=10)
        except subprocess.TimeoutExpired:
            provider.kill()
            provider.wait()


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory):
    """The issuer URL of a running test provider of one issuer, whose one client calls back to
    the live server."""
    directory = tmp_path_factory.mktemp("oidc_provider")
    with running_provider(live_server, directory, tenant_issuers=False) as issuer:
        yield issuer


@pytest.fixture(scope="session")
def entra_provider(live_server, tmp_path_factory):
    """Like ``oidc_provider``, but issuing as Microsoft Entra ID's "organizations" endpoint does:
    one issuer per tenant, named in its discovery document with a {tenantid} placeholder."""
    directory = tmp_path_factory.mktemp("entra_provider")
    with running_provider(live_server, directory, tenant_issuers=True) as issuer:
        yield issuer


def use_provider(settings, issuer: str):
    """Configure the workspace as config/settings.py does from OIDC_ISSUER and the rest: UNEP's
    tenant allowed and mapped to UNEP; the provider's origin admitted by the
    Content-Security-Policy's form-action."""
    settings.SOCIALACCOUNT_PROVIDERS = openid_connect_apps(
        name=PROVIDER_NAME, issuer=issuer, client_id=CLIENT_ID, secret=CLIENT_SECRET
    )
    settings.OIDC_ALLOWED_TENANTS = {UNEP_TENANT: "UNEP"}
    settings.OIDC_ALLOWED_DOMAINS = {}
    policy = json.loads(json.dumps(settings.CONTENT_SECURITY_POLICY))
    policy["DIRECTIVES"]["form-action"] = ["'self'", origin_of(issuer)]
    settings.CONTENT_SECURITY_POLICY = policy
    return issuer


@pytest.fixture
def entra_sso(settings, entra_provider):
    return use_provider(settings, entra_provider)


@pytest.fixture
def sso(settings, oidc_provider):
    return use_provider(settings, oidc_provider)


def sign_in_at_provider(page, username: str | None):
    """From the workspace's login page, through the provider's, back to the workspace. With no
    ``username`` the browser is still signed in at the provider, which asks nothing."""
    page.goto("/login/")
    page.get_by_role("link", name=f"Log in with {PROVIDER_NAME}").click()
    page.get_by_role("button", name="Continue").click()
    if username is None:
        return
    page.wait_for_url("http://127.0.0.1:*/accounts/login/**")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name="Sign in at the provider").click()
