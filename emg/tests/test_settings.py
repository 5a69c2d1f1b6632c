"""Settings come from the environment: embedded defaults with nothing set, real services when
configured, and a production configuration that refuses to start without what it needs."""

import json
import os
import subprocess
import sys

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
}))
"""


def start(**environment) -> subprocess.CompletedProcess:
    """Start Django in a fresh interpreter that sees only ``environment`` (and a PATH)."""
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "emg.settings", **environment}
    return subprocess.run(
        [sys.executable, "-c", REPORT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


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


def test_emg_var_dir_moves_the_embedded_database(tmp_path):
    report = started(EMG_VAR_DIR=str(tmp_path))

    assert report["database"] == str(tmp_path / "emg.sqlite3")


def test_database_url_selects_postgresql():
    report = started(DATABASE_URL="postgres://emg:secret@db.example.org:5432/emg")

    assert report["engine"] == "django.db.backends.postgresql"
    assert report["database"] == "emg"


def test_redis_url_becomes_broker_and_result_backend_and_tasks_stop_being_eager():
    report = started(REDIS_URL="redis://cache.example.org:6379/3")

    assert report["broker"] == "redis://cache.example.org:6379/3"
    assert report["result_backend"] == "redis://cache.example.org:6379/3"
    assert report["eager"] is False


def test_email_host_switches_to_smtp():
    report = started(EMAIL_HOST="smtp.example.org")

    assert report["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"


def test_debug_off_without_secret_key_refuses_to_start():
    process = start(DEBUG="false", ALLOWED_HOSTS="emg.example.org")

    assert process.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off." in process.stderr


def test_debug_off_without_allowed_hosts_refuses_to_start():
    process = start(DEBUG="false", SECRET_KEY="s" * 50)

    assert process.returncode != 0
    assert "ImproperlyConfigured: ALLOWED_HOSTS must be set when DEBUG is off." in process.stderr


def test_secret_key_alone_turns_debug_off_and_so_needs_allowed_hosts():
    process = start(SECRET_KEY="s" * 50)

    assert process.returncode != 0
    assert "ALLOWED_HOSTS must be set when DEBUG is off." in process.stderr


def test_debug_off_with_secret_key_and_allowed_hosts_starts():
    report = started(
        DEBUG="false", SECRET_KEY="s" * 50, ALLOWED_HOSTS="emg.example.org, www.example.org"
    )

    assert report["debug"] is False
    assert report["allowed_hosts"] == ["emg.example.org", "www.example.org"]


def test_a_misspelt_boolean_refuses_to_start():
    process = start(DEBUG="maybe")

    assert process.returncode != 0
    assert "ImproperlyConfigured: DEBUG must be true or false, not 'maybe'" in process.stderr
