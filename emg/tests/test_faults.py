"""Faults of the real services: the PostgreSQL connection dropped between requests, Redis
stopped while a pack is requested, and a Celery worker killed in the middle of a pack.

The database faults are served over HTTP by a single-threaded WSGI server in a thread of this
test, the way a gunicorn sync worker serves them: one database connection kept across requests
(CONN_MAX_AGE), opened and checked by Django's request signals, which the test client leaves out.

The Redis and worker faults use a Redis server and prefork Celery workers of this module's own
(never the suite's shared Redis or its session-wide ``celery_worker``), which they stop and kill;
the test process's Celery app is pointed at that Redis for the test.
"""

import datetime
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import quote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
import redis
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from config.celery import app as celery_app
from emg.models import MeetingPack, User
from emg.packs import queue
from emg.tests.factories import MeetingFactory

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


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


def pid_of_request(backend_pids: list, number: int) -> int | None:
    """The backend pid that answered the ``number``-th request (from 1). request_finished runs
    in the server thread once the response has been sent, so the list may lag a moment behind
    the client that has already read the response."""
    deadline = time.monotonic() + 10
    while len(backend_pids) < number:
        if time.monotonic() > deadline:
            pytest.fail(f"request {number} was answered but never finished in the server")
        time.sleep(0.01)
    return backend_pids[number - 1]


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
        dropped = pid_of_request(backend_pids, 1)
        assert dropped is not None
        terminate_backend(dropped)

        status, body = get(f"{base}/meetings/", signed_in)
        answered = pid_of_request(backend_pids, 2)

    assert status == 200
    assert "26th Senior Officials Meeting" in body
    assert answered not in (None, dropped)  # a new connection answered


def test_without_health_checks_the_dropped_connection_fails_one_request(signed_in, monkeypatch):
    """What the health check spares users: without it, the request after the drop fails (and
    the one after that recovers, the broken connection having been closed)."""
    monkeypatch.setitem(connections["default"].settings_dict, "CONN_HEALTH_CHECKS", False)
    with served_pages() as (base, backend_pids):
        assert get(f"{base}/meetings/", signed_in)[0] == 200
        terminate_backend(pid_of_request(backend_pids, 1))

        failed = get(f"{base}/meetings/", signed_in)
        recovered = get(f"{base}/meetings/", signed_in)

    assert failed[0] == 500
    assert recovered[0] == 200
    assert User.objects.filter(username="alice").exists()


# Redis stopped, workers killed.

# Generous: the workers share two cores with whatever else runs. Not a timed assertion: a wait
# only gives up after this long.
WAIT_SECONDS = 240


def wait_for(condition, what: str, *, seconds: float = WAIT_SECONDS, every: float = 0.05):
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what} after {seconds} s")
        time.sleep(every)
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server of the test's own, on a port of its own, that the test stops and starts
    again on the same port. Nothing is saved to disk."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.directory = directory
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [
            *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no", "--dir", str(self.directory)),
        ]
        log = (self.directory / "redis.log").open("ab")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        wait_for(self.answers, f"redis-server on port {self.port}", seconds=30)

    def answers(self) -> bool:
        try:
            return redis.Redis.from_url(self.url, socket_connect_timeout=1).ping()
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.process = None


@pytest.fixture(scope="module")
def private_redis(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


def _database_url() -> str:
    database = settings.DATABASES["default"]  # pytest's test database by now
    credentials = quote(database["USER"] or "", safe="")
    if database["PASSWORD"]:
        credentials += ":" + quote(database["PASSWORD"], safe="")
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{quote(database['NAME'], safe='')}"


class Worker:
    """``celery -A config worker --pool=prefork --concurrency=1`` on the private Redis and the test
    database, in a process group of its own so that it can be killed whole, as a crash or an
    out-of-memory kill of its container would."""

    started = 0

    def __init__(self, redis_url: str, var_dir: Path, log_dir: Path):
        Worker.started += 1
        self.name = f"emg-faults-{os.getpid()}-{Worker.started}@{socket.gethostname()}"
        self.log = log_dir / f"worker-{Worker.started}.log"
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "REDIS_URL": redis_url,
            "EMG_VAR_DIR": str(var_dir),  # writes its packs where the test reads them
        }
        command = [
            *(sys.executable, "-m", "celery", "-A", "config", "worker"),
            *("--pool=prefork", "--concurrency=1", "-n", self.name),
            *("-Q", celery_app.conf.task_default_queue),
            *("--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"),
        ]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=settings.BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for(self.ready, f"worker {self.name} to be ready", every=0.2)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def ready(self) -> bool:
        if self.process.poll() is not None:
            pytest.fail(f"worker exited with {self.process.returncode}:\n{self.log_text()}")
        return " ready." in self.log_text()

    def pool_children(self) -> list[int]:
        pid = self.process.pid
        return [
            int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]

    def kill_everything(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # a warm shutdown
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill_everything()
        # Whatever a killed main process left behind.
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)


@pytest.fixture
def workers(transactional_db, private_redis, private_files, tmp_path):
    """``workers()`` starts a worker; all are stopped before the test database is flushed."""
    started: list[Worker] = []

    def start() -> Worker:
        worker = Worker(private_redis.url, private_files.parent, tmp_path)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def celery_on_private_redis(private_redis):
    """The test's Celery app sends to the private Redis, through the queue the workers read."""
    wanted = {"task_always_eager": False, "broker_url": private_redis.url}
    previous = {name: getattr(celery_app.conf, name) for name in wanted}
    for name, value in wanted.items():
        setattr(celery_app.conf, name, value)
    yield private_redis
    for name, value in previous.items():
        setattr(celery_app.conf, name, value)


def unfinished_with_progress(pack: MeetingPack):
    pack.refresh_from_db()
    return pack.status == MeetingPack.Status.RENDERING and pack.progress > 0


def finished(pack: MeetingPack) -> bool:
    pack.refresh_from_db()
    return not pack.is_unfinished


def prepare_pack(client, meeting):
    return client.post(reverse("packs:prepare", kwargs={"number": meeting.number}), follow=True)


def test_redis_stopped_pages_work_a_pack_request_is_kept_and_built_once_redis_is_back(
    world, client_as, secretariat, celery_on_private_redis, workers
):
    redis_server = celery_on_private_redis
    workers()
    client = client_as(secretariat)
    redis_server.stop()

    answer = prepare_pack(client, world.meeting)

    assert answer.status_code == 200
    assert answer.redirect_chain[-1][1] == 302
    assert "The background service is unavailable just now." in answer.content.decode()
    pack = world.meeting.packs.get()
    assert (pack.status, pack.enqueued_at) == (MeetingPack.Status.PENDING, None)
    for page in ("/", "/meetings/", f"/meetings/{world.meeting.number}/", "/work-plans/"):
        assert client.get(page).status_code == 200, page
    status = client.get(reverse("packs:status", kwargs={"number": 26, "pk": pack.pk}))
    assert "The background service is unavailable just now." in status.content.decode()

    redis_server.start()  # the same port: the worker reconnects by itself
    swept = queue.packs_sweep()  # what the beat runs every few minutes

    assert swept == {"failed": 0, "queued": 1, "unsent": 0}
    wait_for(lambda: finished(pack), "the pack to be built")
    assert pack.status == MeetingPack.Status.READY, pack.error
    download = client.get(reverse("packs:download", kwargs={"number": 26, "pk": pack.pk}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_pool_process_killed_mid_pack_the_pack_is_redelivered_and_completes(
    world, client_as, secretariat, celery_on_private_redis, workers
):
    worker = workers()
    prepare_pack(client_as(secretariat), world.meeting)
    pack = world.meeting.packs.get()
    wait_for(lambda: unfinished_with_progress(pack), "the pack to be rendering")

    (child,) = worker.pool_children()
    os.kill(child, signal.SIGKILL)

    wait_for(lambda: finished(pack), "the pack to be built")
    assert pack.status == MeetingPack.Status.READY, pack.error
    assert "signal 9 (SIGKILL)" in worker.log_text()  # it really was killed mid-build
    assert worker.log_text().count("build_pack[") >= 2  # received again after the loss


def test_a_whole_worker_killed_mid_pack_the_sweeper_fails_it_and_a_retry_builds_it(
    world, client_as, secretariat, celery_on_private_redis, workers
):
    client = client_as(secretariat)
    first = workers()
    prepare_pack(client, world.meeting)
    pack = world.meeting.packs.get()
    wait_for(lambda: unfinished_with_progress(pack), "the pack to be rendering")

    first.kill_everything()
    workers()  # another worker comes up; the lost message stays with the broker for now
    pack.refresh_from_db()
    assert pack.status == MeetingPack.Status.RENDERING
    # The sweeper's time has come: the task's hard time limit and the grace have passed.
    later = timezone.now() + queue.SWEEP_GRACE
    later += datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1)
    assert queue.packs_sweep(now=later)["failed"] == 1

    pack.refresh_from_db()
    assert pack.status == MeetingPack.Status.FAILED
    assert "worker stopped" in pack.error
    page = client.get(reverse("packs:list", kwargs={"number": 26})).content.decode()
    retry = reverse("packs:retry", kwargs={"number": 26, "pk": pack.pk})
    assert f'action="{retry}"' in page
    assert client.post(retry).status_code == 302
    wait_for(lambda: finished(pack), "the retried pack to be built")
    assert pack.status == MeetingPack.Status.READY, pack.error
