"""Settings come from the environment: embedded defaults with nothing set, real services when
configured, and a production configuration that refuses to start without what it needs."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

REPORT = """
import json
import django
django.setup()
from django.conf import settings
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "database": str(settings.DATABASES["default"]["NAME"]),
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "broker": settings.CELERY_BROKER_URL,
    "result_backend": settings.CELERY_RESULT_BACKEND,
    "email_backend": settings.EMAIL_BACKEND,
    "debug": settings.DEBUG,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION", ""),
    "mfa_required": settings.MFA_REQUIRED_FOR_SECRETARIAT,
    "form_action": [str(source) for source in
                    settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"]],
    "sso_apps": settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", []),
    "sso_tenants": settings.OIDC_ALLOWED_TENANTS,
    "sso_domains": settings.OIDC_ALLOWED_DOMAINS,
}))
"""


def run_python(*arguments: str, timeout: int = 60, **environment) -> subprocess.CompletedProcess:
    """Run Python with ``arguments`` in a fresh interpreter that sees only ``environment`` (and
    a PATH and the project's settings)."""
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "config.settings", **environment}
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start(**environment) -> subprocess.CompletedProcess:
    """Start Django in a fresh interpreter that sees only ``environment`` (and a PATH)."""
    return run_python("-c", REPORT, **environment)


def started(**environment) -> dict:
    process = start(**environment)
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout)


def test_with_nothing_set_it_runs_embedded_on_sqlite_with_eager_tasks_and_console_mail():
    report = started()

    assert report["engine"] == "django.db.backends.sqlite3"
    assert report["database"] == str(settings.BASE_DIR / "var" / "emg.sqlite3")
    assert report["eager"] is True
    assert report["broker"] == "memory://"
    assert report["email_backend"] == "django.core.mail.backends.console.EmailBackend"
    assert report["debug"] is True
    assert report["cache"] == "django.core.cache.backends.locmem.LocMemCache"


def test_emg_var_dir_moves_the_embedded_database(tmp_path):
    report = started(EMG_VAR_DIR=str(tmp_path))

    assert report["database"] == str(tmp_path / "emg.sqlite3")


REDIS = "redis://cache.example.org:6379/3"

# An environment, and some of what the settings then say.
STARTS = [
    pytest.param(
        {"DATABASE_URL": "postgres://emg:secret@db.example.org:5432/emg"},
        {"engine": "django.db.backends.postgresql", "database": "emg"},
        id="database url selects postgresql",
    ),
    pytest.param(
        {"REDIS_URL": REDIS},
        {"broker": REDIS, "result_backend": REDIS, "eager": False},
        id="redis url becomes broker and result backend and tasks stop being eager",
    ),
    pytest.param(
        {"REDIS_URL": REDIS},
        {"cache": "django.core.cache.backends.redis.RedisCache", "cache_location": REDIS},
        id="redis url holds the cache that every process shares",
    ),
    pytest.param(
        {"EMAIL_HOST": "smtp.example.org"},
        {"email_backend": "django.core.mail.backends.smtp.EmailBackend"},
        id="email host switches to smtp",
    ),
    pytest.param(
        {
            "DEBUG": "false",
            "SECRET_KEY": "s" * 50,
            "ALLOWED_HOSTS": "emg.example.org, www.example.org",
        },
        {"debug": False, "allowed_hosts": ["emg.example.org", "www.example.org"]},
        id="debug off with secret key and allowed hosts starts",
    ),
    pytest.param(
        {"DEBUG": "false", "SECRET_KEY": "s" * 50, "ALLOWED_HOSTS": "emg.example.org"},
        {"mfa_required": True},
        id="a real deployment requires the secretariat's second factor",
    ),
    pytest.param(
        {
            "DEBUG": "false",
            "SECRET_KEY": "s" * 50,
            "ALLOWED_HOSTS": "emg.example.org",
            "MFA_REQUIRED_FOR_SECRETARIAT": "false",
        },
        {"mfa_required": False},
        id="a deployment may say otherwise",
    ),
    pytest.param(
        {},
        {"mfa_required": False, "form_action": ["'self'"], "sso_apps": []},
        id="the demo asks no second factor and has no single sign-on",
    ),
    pytest.param(
        {
            "OIDC_PROVIDER_NAME": "UN Entra ID",
            "OIDC_ISSUER": "https://login.microsoftonline.com/organizations/v2.0/",
            "OIDC_CLIENT_ID": "the-client",
            "OIDC_CLIENT_SECRET": "the-secret",
            "OIDC_ALLOWED_TENANTS": "ABC-123=UNEP, def-456",
            "OIDC_ALLOWED_DOMAINS": "undp.org=UNDP",
        },
        {
            "form_action": ["'self'", "https://login.microsoftonline.com"],
            "sso_apps": [
                {
                    "provider_id": "sso",
                    "name": "UN Entra ID",
                    "client_id": "the-client",
                    "secret": "the-secret",
                    "settings": {
                        "server_url": "https://login.microsoftonline.com/organizations/v2.0",
                        "token_auth_method": "client_secret_post",
                    },
                }
            ],
            "sso_tenants": {"abc-123": "UNEP", "def-456": ""},
            "sso_domains": {"undp.org": "UNDP"},
        },
        id="an openid connect provider from the environment, admitted by the form-action",
    ),
]


@pytest.mark.parametrize(("environment", "expected"), STARTS)
def test_the_environment_chooses_the_settings(environment, expected):
    report = started(**environment)

    assert {name: report[name] for name in expected} == expected


# An environment Django refuses to start with, and what it says why.
REFUSALS = [
    pytest.param(
        {"DEBUG": "false", "ALLOWED_HOSTS": "emg.example.org"},
        "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off.",
        id="debug off without secret key",
    ),
    pytest.param(
        {"DEBUG": "false", "SECRET_KEY": "s" * 50},
        "ImproperlyConfigured: ALLOWED_HOSTS must be set when DEBUG is off.",
        id="debug off without allowed hosts",
    ),
    pytest.param(
        {"SECRET_KEY": "s" * 50},
        "ALLOWED_HOSTS must be set when DEBUG is off.",
        id="secret key alone turns debug off and so needs allowed hosts",
    ),
    pytest.param(
        {"DEBUG": "maybe"},
        "ImproperlyConfigured: DEBUG must be true or false, not 'maybe'",
        id="a misspelt boolean",
    ),
]


@pytest.mark.parametrize(("environment", "says"), REFUSALS)
def test_an_incomplete_or_wrong_environment_refuses_to_start(environment, says):
    process = start(**environment)

    assert process.returncode != 0
    assert says in process.stderr


PRODUCTION = {
    "DEBUG": "false",
    # Long and varied enough for Django's own check of SECRET_KEY.
    "SECRET_KEY": "p7#Lq2!vZ9@xK4$mN8^wR3&tY6*uB1(eH5)jC0-gF_sD=aQ+iO~l",
    "ALLOWED_HOSTS": "emg.example.org",
    "SITE_URL": "https://emg.example.org",
}

SECURITY_REPORT = """
import json
import django
django.setup()
from django.conf import settings
print(json.dumps({
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "session_cookie_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "session_cookie_samesite": settings.SESSION_COOKIE_SAMESITE,
    "session_cookie_age": settings.SESSION_COOKIE_AGE,
    "session_save_every_request": settings.SESSION_SAVE_EVERY_REQUEST,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "hsts_seconds": settings.SECURE_HSTS_SECONDS,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "axes_failure_limit": settings.AXES_FAILURE_LIMIT,
    "axes_cooloff_seconds": settings.AXES_COOLOFF_TIME.total_seconds(),
    "axes_meta_precedence": list(settings.AXES_IPWARE_META_PRECEDENCE_ORDER),
    "axes_proxy_count": settings.AXES_IPWARE_PROXY_COUNT,
}))
"""


def security_settings(**environment) -> dict:
    process = run_python("-c", SECURITY_REPORT, **environment)
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout.strip().splitlines()[-1])


DEPLOY_CHECK = ("manage.py", "check", "--deploy", "--fail-level", "WARNING")


def test_production_settings_pass_the_deployment_checks_without_a_warning():
    process = run_python(*DEPLOY_CHECK, timeout=120, **PRODUCTION)

    assert process.returncode == 0, process.stderr + process.stdout
    assert "System check identified no issues" in process.stdout


def test_the_deployment_checks_do_fail_on_a_weak_production_setting():
    # The check above can fail: a short SECRET_KEY is one of the things it looks at.
    process = run_python(*DEPLOY_CHECK, timeout=120, **{**PRODUCTION, "SECRET_KEY": "short"})

    assert process.returncode != 0
    assert "security.W009" in process.stderr + process.stdout


@pytest.mark.parametrize(
    "site_url",
    ["", "http://emg.example.org", "https://elsewhere.example.org"],
    ids=["the default, localhost", "not https", "a host not allowed"],
)
def test_the_deployment_checks_want_the_address_links_in_e_mails_start_with(site_url):
    environment = {**PRODUCTION, "SITE_URL": site_url}
    if not site_url:
        del environment["SITE_URL"]

    process = run_python(*DEPLOY_CHECK, timeout=120, **environment)

    assert process.returncode != 0
    assert "emg.W001" in process.stderr + process.stdout


def test_production_cookies_are_secure_http_only_and_same_site_and_https_is_enforced():
    report = security_settings(**PRODUCTION)

    assert report["session_cookie_secure"] is True
    assert report["csrf_cookie_secure"] is True
    assert report["session_cookie_httponly"] is True
    assert report["session_cookie_samesite"] == "Lax"
    assert report["hsts_seconds"] == 31_536_000
    assert report["ssl_redirect"] is True


def test_sessions_expire_after_eight_idle_hours_unless_the_environment_says_otherwise():
    default = security_settings()
    shorter = security_settings(SESSION_COOKIE_AGE="1800")

    assert default["session_cookie_age"] == 8 * 60 * 60
    assert default["session_save_every_request"] is True
    assert shorter["session_cookie_age"] == 1800


def test_login_lockout_limits_come_from_the_environment():
    default = security_settings()
    configured = security_settings(AXES_FAILURE_LIMIT="10", AXES_COOLOFF_MINUTES="60")

    assert (default["axes_failure_limit"], default["axes_cooloff_seconds"]) == (5, 15 * 60)
    assert (configured["axes_failure_limit"], configured["axes_cooloff_seconds"]) == (10, 3600)


def test_forwarded_for_is_trusted_only_when_the_environment_names_it():
    default = security_settings()
    behind_proxy = security_settings(
        AXES_IPWARE_META_PRECEDENCE_ORDER="HTTP_X_FORWARDED_FOR,REMOTE_ADDR",
        AXES_IPWARE_PROXY_COUNT="1",
    )

    assert default["axes_meta_precedence"] == ["REMOTE_ADDR"]
    assert default["axes_proxy_count"] is None
    assert behind_proxy["axes_meta_precedence"] == ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    assert behind_proxy["axes_proxy_count"] == 1


def test_the_embedded_default_says_each_start_up_line_once(tmp_path):
    # What scripts/run prints before serving: a check, then the development server's own lines
    # (its "Watching for file changes" came twice, once through Django's console handler and
    # once through the root's; django-axes' banner once per process).
    script = (
        "import logging, django; django.setup(); "
        "logging.getLogger('django.utils.autoreload').info('Watching for file changes'); "
        "from django.core.management import call_command; call_command('check')"
    )
    process = run_python("-c", script, EMG_VAR_DIR=str(tmp_path))

    assert process.returncode == 0, process.stderr
    lines = [line for line in (process.stdout + process.stderr).splitlines() if line.strip()]
    assert lines.count("Watching for file changes") == 1, lines
    assert not [line for line in lines if line.startswith("AXES:")], lines
