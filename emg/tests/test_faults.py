"""Faults of the real services: the PostgreSQL connection dropped between requests.

The pages are served over HTTP by a single-threaded WSGI server in a thread of this test, the way a
gunicorn sync worker serves them: one database connection kept across requests (CONN_MAX_AGE),
opened and checked by Django's request signals, which the test client leaves out.
"""

import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished
from django.db import connection, connections

from emg.models import User
from emg.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


@contextmanager
def served_pages():
    """Yield (base URL, the backend pids that answered each request, in order)."""
    server: WSGIServer = make_server("127.0.0.1", 0, WSGIHandler(), handler_class=QuietHandler)
    backend_pids: list[int | None] = []

    def note_backend(**kwargs):
        # request_finished runs after Django's own close_old_connections, in the server thread.
        handle = connection.connection
        backend_pids.append(handle.get_backend_pid() if handle is not None else None)

    def serve():
        try:
            server.serve_forever(poll_interval=0.05)
        finally:
            # This thread's connection, which would otherwise keep the test database in use.
            connections.close_all()

    request_finished.connect(note_backend, dispatch_uid="test-faults-backend-pid")
    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", backend_pids
    finally:
        request_finished.disconnect(dispatch_uid="test-faults-backend-pid")
        server.shutdown()
        thread.join()
        server.server_close()


def get(url: str, session: str) -> tuple[int, str]:
    request = urllib.request.Request(
        url, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def terminate_backend(pid: int) -> None:
    """End ``pid``'s PostgreSQL session from this test's own connection, as a restart of the
    server, a failover or an idle timeout in a proxy would, and wait until it is gone."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert cursor.fetchone() == (True,)
        for _attempt in range(200):
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone() == (0,):
                return
            time.sleep(0.05)
    pytest.fail(f"PostgreSQL backend {pid} was still there after pg_terminate_backend")


@pytest.fixture
def signed_in(client, secretariat):
    client.force_login(secretariat)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_settings_keep_connections_and_check_them_before_reuse():
    database = settings.DATABASES["default"]
    assert database["CONN_MAX_AGE"] > 0
    assert database["CONN_HEALTH_CHECKS"] is True


def test_the_request_after_the_database_connection_was_dropped_succeeds(signed_in):
    MeetingFactory(number=26, title="26th Senior Officials Meeting")
    with served_pages() as (base, backend_pids):
        first = get(f"{base}/meetings/", signed_in)
        assert first[0] == 200
        assert backend_pids[-1] is not None
        terminate_backend(backend_pids[-1])

        status, body = get(f"{base}/meetings/", signed_in)

    assert status == 200
    assert "26th Senior Officials Meeting" in body
    assert backend_pids[-1] not in (None, backend_pids[0])  # a new connection answered


def test_without_health_checks_the_dropped_connection_fails_one_request(signed_in, monkeypatch):
    """What the health check spares users: without it, the request after the drop fails (and
    the one after that recovers, the broken connection having been closed)."""
    monkeypatch.setitem(connections["default"].settings_dict, "CONN_HEALTH_CHECKS", False)
    with served_pages() as (base, backend_pids):
        assert get(f"{base}/meetings/", signed_in)[0] == 200
        terminate_backend(backend_pids[-1])

        failed = get(f"{base}/meetings/", signed_in)
        recovered = get(f"{base}/meetings/", signed_in)

    assert failed[0] == 500
    assert recovered[0] == 200
    assert User.objects.filter(username="alice").exists()
