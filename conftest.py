"""The standing cast every test can call on: secretariat, senior official, the focal point of this
mandate, the focal point of another mandate, and anonymous.

Also how tests meet Celery: tasks run eagerly inside the test, unless the test is marked
``@pytest.mark.celery``; then they travel through Redis to a real worker process that shares the
test database (so such tests use ``@pytest.mark.django_db(transaction=True)``).

Several runs of the suite may share one PostgreSQL and one Redis (engineers working in one
checkout at once), so each run has its own test database and its own Celery queue.

And the suite allows no skips: a run with a skipped test fails.
"""

import os
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
import redis
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.test.utils import override_settings

from config.celery import app as celery_app
from development.benchmarks.files import database_url, files_in
from emg.models import User
from emg.tests.factories import EntityFactory, UserFactory, uploaded_document
from mandates.tests.factories import FocalPointFactory, MandateFactory

pytest_plugins = ["emg.tests.browser", "emg.tests.sso"]

PASSWORD = "correct horse battery staple"


def login_form(login: str, password: str) -> dict[str, str]:
    """What the login page's form posts: a username or an e-mail address, and the password."""
    return {"login": login, "password": password}


TEST_RUN = f"emg-test-{os.getpid()}"


@pytest.fixture
def unep(db):
    return EntityFactory(acronym="UNEP", name="United Nations Environment Programme")


@pytest.fixture
def undp(db):
    return EntityFactory(acronym="UNDP", name="United Nations Development Programme")


@pytest.fixture
def mandate(db):
    return MandateFactory(name="Issue Management Group on Alpha", key="img:alpha")


@pytest.fixture
def other_mandate(db):
    return MandateFactory(name="Task Team on Omega", kind="task_team", key="task_team:omega")


@pytest.fixture
def secretariat(unep):
    return UserFactory(username="alice", role=User.Role.SECRETARIAT, entity=unep)


@pytest.fixture
def bob(unep):
    """A second member of the secretariat, for what two people do at once."""
    return UserFactory(
        username="bob", first_name="Bob", last_name="Brown", role=User.Role.SECRETARIAT, entity=unep
    )


@pytest.fixture
def senior_official(undp):
    return UserFactory(username="sam", role=User.Role.SENIOR_OFFICIAL, entity=undp)


@pytest.fixture
def focal_point(mandate, undp):
    user = UserFactory(username="fiona", role=User.Role.FOCAL_POINT, entity=undp)
    FocalPointFactory(mandate=mandate, user=user, nominated_by=undp)
    return user


@pytest.fixture
def other_focal_point(other_mandate, unep):
    user = UserFactory(username="oscar", role=User.Role.FOCAL_POINT, entity=unep)
    FocalPointFactory(mandate=other_mandate, user=user, nominated_by=unep)
    return user


@pytest.fixture
def cast(secretariat, senior_official, focal_point, other_focal_point):
    """Everyone by the name the permission tables use."""
    return {
        "anonymous": None,
        "secretariat": secretariat,
        "senior_official": senior_official,
        "focal_point": focal_point,
        "other_focal_point": other_focal_point,
    }


@pytest.fixture
def private_files(tmp_path):
    """Uploaded documents and packs go to a directory of this test's own, not under var/."""
    with files_in(str(tmp_path / "private")):
        yield tmp_path / "private"


@pytest.fixture
def world(cast, mandate, other_mandate, unep, undp, private_files):
    """One of everything the project's pages are about, around the standing cast: SOM 26 with a
    session, an agenda item, a document (and one with an uploaded PDF, ``upload``, kept in
    ``private_files``) and a decision extending ``mandate``, whose terms of reference,
    membership and focal point exist too. The permission matrix fills URLs from it."""
    import datetime

    from emg.models import AgendaItem, Document, Meeting, Session
    from mandates.models import (
        Clause,
        Decision,
        DecisionSection,
        Footnote,
        Membership,
        TermsOfReference,
    )

    meeting = Meeting.objects.create(number=26, title="26th Senior Officials Meeting", host=undp)
    session = Session.objects.create(
        meeting=meeting,
        segment=Session.Segment.SENIOR,
        date=datetime.date(2020, 10, 28),
        online=True,
    )
    agenda_item = AgendaItem.objects.create(meeting=meeting, order=1, title="Action points")
    document = Document.objects.create(
        symbol="EMG/SOM.26/03",
        title="Summary of Action Points",
        kind=Document.Kind.ACTION_POINTS,
        meeting=meeting,
        agenda_item=agenda_item,
    )
    section = DecisionSection.objects.create(
        meeting=meeting, order=1, title=mandate.name, mandate=mandate
    )
    decision = Decision.objects.create(
        section=section,
        order=1,
        verb=Decision.Verb.EXTEND,
        text=f"Decide to extend the {mandate.name} for another year.",
        mandate=mandate,
        effective_until=datetime.date(2021, 12, 31),
    )
    upload = uploaded_document(
        "emg-som-26-crp-1.pdf",
        b"%PDF-1.4\n%%EOF\n",
        symbol="EMG/SOM.26/CRP.1",
        title="List of participants",
        kind=Document.Kind.OTHER,
        meeting=meeting,
        agenda_item=agenda_item,
    )
    tor = TermsOfReference.objects.create(mandate=mandate, title=f"Terms of Reference, {mandate}")
    clause = Clause.objects.create(tor=tor, order=1, kind=Clause.Kind.SECTION, text="Background")
    footnote = Footnote.objects.create(
        tor=tor, clause=clause, order=1, anchor="Background", text="See EMG/SOM.15/02."
    )
    membership = Membership.objects.create(mandate=mandate, entity=unep, role="lead")
    work_plan, outcome, activity, milestone, revision = _work_plan_in(meeting, mandate)
    report_round, task, update = _reporting_round_for(meeting, mandate, cast["focal_point"])
    draft_round = _round_in_preparation(meeting)
    return SimpleNamespace(
        people=cast,
        mandate=mandate,
        other_mandate=other_mandate,
        entity=unep,
        meeting=meeting,
        session=session,
        agenda_item=agenda_item,
        document=document,
        section=section,
        decision=decision,
        tor=tor,
        clause=clause,
        membership=membership,
        focal_point_row=mandate.focal_points.get(),
        work_plan=work_plan,
        outcome=outcome,
        activity=activity,
        milestone=milestone,
        revision=revision,
        upload=upload,
        footnote=footnote,
        round=report_round,
        task=task,
        update=update,
        draft_round=draft_round,
    )


def _work_plan_in(meeting, mandate):
    """The 2021–2022 draft presented to ``meeting``: one outcome, one activity of ``mandate`` with
    one milestone, issued once (the original)."""
    from workplans.models import Activity, Milestone, Outcome, WorkPlan, WorkPlanRevision
    from workplans.snapshots import plan_snapshot

    work_plan = WorkPlan.objects.create(
        title="EMG work plan 2021–2022", period_start=2021, period_end=2022, meeting=meeting
    )
    outcome = Outcome.objects.create(
        work_plan=work_plan, order=1, heading="Enhanced coherence in programming"
    )
    activity = Activity.objects.create(
        outcome=outcome, order=1, mandate=mandate, title=f"{mandate.name}: common approach"
    )
    milestone = Milestone.objects.create(activity=activity, order=1, text="Draft the approach")
    revision = WorkPlanRevision.objects.create(
        work_plan=work_plan, number=0, snapshot=plan_snapshot(work_plan)
    )
    return work_plan, outcome, activity, milestone, revision


def _round_in_preparation(meeting):
    """A round being prepared for ``meeting``'s report to the SOM itself, after the mid-term one."""
    import datetime

    from progress.models import ReportingRound

    return ReportingRound.objects.create(
        meeting=meeting,
        title="Progress Report, 26th Senior Officials Meeting",
        opens_on=datetime.date(2020, 9, 1),
        deadline=datetime.date(2020, 9, 30),
    )


def _reporting_round_for(meeting, mandate, focal_point):
    """An open round for ``meeting`` with one task of ``mandate``, whose focal point has saved a
    draft update of one item."""
    import datetime

    from progress.models import ReportingRound, ReportSection, Status, Task, Update, UpdateItem

    report_round = ReportingRound.objects.create(
        meeting=meeting,
        title="Mid-Term Progress Report, 26th Senior Officials Meeting",
        deadline=datetime.date(2020, 4, 15),
        state=ReportingRound.State.OPEN,
    )
    section = ReportSection.objects.create(
        round=report_round, order=1, title="Collaboration on Global Environmental Issues"
    )
    task = Task.objects.create(
        round=report_round, section=section, mandate=mandate, order=1, text="Agree on the approach"
    )
    update = Update.objects.create(task=task, author=focal_point, next_steps="Share the draft")
    UpdateItem.objects.create(
        update=update, order=1, status=Status.ONGOING, text="The drafting group met."
    )
    return report_round, task, update


@pytest.fixture
def client_as(client):
    """``client_as(user)`` logs the test client in as ``user`` (or leaves it anonymous)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def violates(db):
    """``with violates("constraint_name"): <write>`` asserts that the database itself refuses the
    write. PostgreSQL names the constraint it enforced, so there the name is checked too."""

    @contextmanager
    def refused(constraint: str):
        with pytest.raises(IntegrityError) as caught, transaction.atomic():
            yield
        if connection.vendor == "postgresql":
            assert constraint in str(caught.value)

    return refused


@pytest.fixture
def index_columns(db):
    """``index_columns(Model, "name")``: the columns of the database's index of that name on the
    model's table, in order (None when the table has no such index)."""

    def columns(model, name: str) -> list[str] | None:
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
        found = constraints.get(name)
        return found["columns"] if found and found["index"] else None

    return columns


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    # The real hasher costs a noticeable fraction of a second per user, and most tests make
    # several users.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _a_cache_of_its_own():
    """Each test keeps what it caches apart: allauth counts sign-in code and password reset
    requests in the cache, per address, and every test comes from the same address (on Redis
    the counts would otherwise carry from one test to the next)."""
    caches = {alias: dict(config) for alias, config in settings.CACHES.items()}
    caches["default"]["KEY_PREFIX"] = f"{TEST_RUN}-{uuid.uuid4().hex}"
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    # "test_" + NAME + this run's id, unless a TEST NAME is configured (or set by xdist).
    for database in settings.DATABASES.values():
        test = database.setdefault("TEST", {})
        if database["ENGINE"] == "django.db.backends.postgresql" and not test.get("NAME"):
            test["NAME"] = f"test_{database['NAME']}_{os.getpid()}"


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, tmp_path_factory):
    """A real ``celery -A config worker`` on REDIS_URL, connected to pytest's test database.

    Yields the worker's node name. A missing Redis or PostgreSQL fails the tests that need the
    worker: they are never skipped."""
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        pytest.fail("REDIS_URL is not set: Celery tests need a real Redis (scripts/test sets it).")
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=5).ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis at REDIS_URL={redis_url} is not reachable: {exc}")
    # After django_db_setup, NAME is the test database's ("test_" + the configured name).
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail(
            "DATABASE_URL must point at PostgreSQL for Celery tests: a worker process cannot "
            "see pytest's SQLite test database (scripts/test sets it)."
        )

    nodename = f"{TEST_RUN}@{socket.gethostname()}"
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    env = {**os.environ, "DATABASE_URL": database_url(), "REDIS_URL": redis_url}
    command = [
        *(sys.executable, "-m", "celery", "-A", "config", "worker"),
        *("--pool=solo", "--concurrency=1", "-Q", TEST_RUN, "-n", nodename),
        *("--without-gossip", "--without-mingle", "--loglevel=INFO"),
    ]
    with log_path.open("wb") as log:
        worker = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )

    def log_tail() -> str:
        return log_path.read_text(errors="replace")[-4000:]

    default_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = TEST_RUN
    deadline = time.monotonic() + 60
    try:
        while not celery_app.control.ping(destination=[nodename], timeout=0.5):
            if worker.poll() is not None:
                pytest.fail(f"The Celery worker exited with {worker.returncode}:\n{log_tail()}")
            if time.monotonic() > deadline:
                pytest.fail(f"The Celery worker did not answer within 60 s:\n{log_tail()}")
        yield nodename
    finally:
        celery_app.conf.task_default_queue = default_queue
        # Stopped before django_db_setup drops the test database, which PostgreSQL refuses
        # while the worker is still connected.
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


@pytest.fixture(autouse=True)
def _celery_eager_unless_marked(request):
    """Tasks run eagerly in the test's own transaction; ``@pytest.mark.celery`` sends them to
    the real worker instead."""
    marked = request.node.get_closest_marker("celery") is not None
    if marked:
        db_marker = request.node.get_closest_marker("django_db")
        if db_marker is None or not db_marker.kwargs.get("transaction"):
            pytest.fail(
                "Tests marked 'celery' need @pytest.mark.django_db(transaction=True): the "
                "worker only sees committed rows."
            )
        request.getfixturevalue("celery_worker")
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = not marked
    yield
    celery_app.conf.task_always_eager = previous


ONLY_ON_POSTGRESQL = ("postgresql", "celery", "faults")


def pytest_collection_modifyitems(config, items):
    """The suite runs on both databases the project runs on. A test for one of them only says
    why in its marker, ``@pytest.mark.postgresql(reason="…")``; on SQLite those tests, and the
    ones that need a Celery worker (which cannot see an in-memory SQLite test database), are
    deselected, not skipped."""
    for item in items:
        marker = item.get_closest_marker("postgresql")
        if marker is not None and not marker.kwargs.get("reason"):
            raise pytest.UsageError(
                f"{item.nodeid}: @pytest.mark.postgresql needs reason='why only PostgreSQL'"
            )
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return
    kept, deselected = [], []
    for item in items:
        only_postgresql = any(item.get_closest_marker(name) for name in ONLY_ON_POSTGRESQL)
        (deselected if only_postgresql else kept).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


def pytest_sessionfinish(session, exitstatus):
    # A skipped test reads as green while proving nothing; in this suite it is a failure.
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and exitstatus == pytest.ExitCode.OK:
        reporter.write("\n")
        reporter.write_sep(
            "!", f"{len(skipped)} skipped: this suite allows no skips, so the run fails", red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
