"""scripts/backup and scripts/restore: a round trip through pg_dump and pg_restore into a new
database keeps every record of every model, every history entry and every private file."""

import hashlib
import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from psycopg2 import sql

from emg.models import Document, Meeting, MeetingPack, User
from workplans.models import Activity, Milestone, Outcome, WorkPlan
from workplans.services import activity_update, milestone_delete, outcome_create

pytestmark = pytest.mark.django_db(transaction=True)

SCRIPTS = settings.BASE_DIR / "scripts"


def connect(name: str):
    database = settings.DATABASES["default"]
    return psycopg2.connect(
        dbname=name,
        user=database["USER"],
        password=database["PASSWORD"],
        host=database["HOST"] or "127.0.0.1",
        port=database["PORT"] or 5432,
    )


def database_url(name: str) -> str:
    database = settings.DATABASES["default"]
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    host = database["HOST"] or "127.0.0.1"
    return f"postgres://{credentials}@{host}:{database['PORT'] or 5432}/{name}"


def tables_of_every_model() -> dict[str, str]:
    """db_table → primary key column of every concrete model, historical and many-to-many
    tables included."""
    return {
        model._meta.db_table: model._meta.pk.column
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy and model._meta.managed
    }


def table_contents(name: str, tables: dict[str, str]) -> dict[str, tuple[int, str]]:
    """Per table: how many rows, and an MD5 of all its rows (as text, ordered by primary key)."""
    contents = {}
    with connect(name) as db, db.cursor() as cursor:
        for table, pk in tables.items():
            cursor.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t.{}), ''))"
                    " FROM {} AS t"
                ).format(sql.Identifier(pk), sql.Identifier(table))
            )
            contents[table] = cursor.fetchone()
    db.close()
    return contents


def sequences(name: str) -> dict[str, int | None]:
    with connect(name) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        )
        found = dict(cursor.fetchall())
    db.close()
    return found


def files_under(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def run(script: str, *args: str, database: str, var_dir: Path) -> str:
    """Run scripts/<script> against the PostgreSQL database ``database``."""
    env = {**os.environ, "DATABASE_URL": database_url(database), "EMG_VAR_DIR": str(var_dir)}
    done = subprocess.run(
        [str(SCRIPTS / script), *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"{script} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture
def restored_database():
    """A new, empty database of this run's own, dropped afterwards."""
    name = f"{settings.DATABASES['default']['NAME']}_restored"
    admin = connect("postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        admin.close()


def seeds_with_edits(private_files: Path) -> None:
    """The demo's seeds, then edits that leave history entries (a change, an addition, a
    deletion), an uploaded document and a rendered pack, both in the private files."""
    call_command("setup_demo", stdout=io.StringIO(), stderr=io.StringIO())
    user = User.objects.get(username="secretariat")
    plan = WorkPlan.objects.filter(status=WorkPlan.Status.DRAFT).first()
    assert plan is not None, "the sample data should hold a draft work plan"
    activity = Activity.objects.filter(outcome__work_plan=plan).first()
    activity_update(
        activity=activity,
        version=activity.version,
        outcome=activity.outcome,
        title=activity.title + " (revised)",
        description="Revised after the SOM.",
        mandate=activity.mandate,
        schedule=None,
        user=user,
    )
    outcome_create(work_plan=plan, heading="Resilience", statement="A new outcome.", user=user)
    milestone_delete(milestone=Milestone.objects.filter(activity=activity).first(), user=user)

    meeting = Meeting.objects.order_by("number").first()
    upload = Document(
        symbol="EMG/SOM/INF.1", title="Participants", kind=Document.Kind.OTHER, meeting=meeting
    )
    upload.file.save("participants.pdf", ContentFile(b"%PDF-1.4\nparticipants\n%%EOF\n"))
    pack = MeetingPack(meeting=meeting, status=MeetingPack.Status.READY, progress=100)
    pack.file.save("pack.pdf", ContentFile(b"%PDF-1.4\npack\n%%EOF\n"))
    assert files_under(private_files), "the uploads should be in this test's private files"


@pytest.mark.postgresql(reason="pg_dump and pg_restore between PostgreSQL databases")
def test_a_backup_restored_into_a_new_database_keeps_every_record_history_entry_and_file(
    private_files, restored_database, tmp_path
):
    seeds_with_edits(private_files)
    source = settings.DATABASES["default"]["NAME"]
    tables = tables_of_every_model()
    before = table_contents(source, tables)
    historical = [table for table in tables if "historical" in table]
    assert len(historical) >= 20
    assert sum(before[table][0] for table in historical) > 100
    assert Activity.history.filter(history_type="~").exists()
    assert Milestone.history.filter(history_type="-").exists()
    assert Outcome.history.filter(heading="Resilience").exists()

    backup = tmp_path / "backup"
    run("backup", str(backup), database=source, var_dir=private_files.parent)
    assert (backup / "database.dump").stat().st_size > 0
    restored_var = tmp_path / "restored-var"
    run("restore", str(backup), database=restored_database, var_dir=restored_var)

    after = table_contents(restored_database, tables)
    for table, (count, digest) in before.items():
        assert after[table] == (count, digest), f"{table} differs after the restore"
    assert sequences(restored_database) == sequences(source)
    assert files_under(restored_var / "private") == files_under(private_files)


@pytest.mark.postgresql(reason="pg_dump and pg_restore between PostgreSQL databases")
def test_restoring_over_a_changed_database_puts_back_the_backup_at_the_code_s_migrations(
    restored_database, tmp_path
):
    source = settings.DATABASES["default"]["NAME"]
    call_command("setup_demo", stdout=io.StringIO(), stderr=io.StringIO())
    run("backup", str(tmp_path / "backup"), database=source, var_dir=tmp_path / "var")
    run("restore", str(tmp_path / "backup"), database=restored_database, var_dir=tmp_path / "out")
    with connect(restored_database) as db, db.cursor() as cursor:
        cursor.execute("UPDATE emg_entity SET name = 'changed after the backup'")
        cursor.execute("DELETE FROM emg_historicalentity")
    db.close()

    run("restore", str(tmp_path / "backup"), database=restored_database, var_dir=tmp_path / "out")

    tables = tables_of_every_model()
    assert table_contents(restored_database, tables) == table_contents(source, tables)
    check = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--check"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url(restored_database)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_an_sqlite_database_and_its_files_make_the_round_trip(tmp_path):
    """The embedded default: the SQLite file is copied through SQLite's online backup."""
    var_dir, restored = tmp_path / "var", tmp_path / "restored"
    (var_dir / "private" / "packs").mkdir(parents=True)
    (var_dir / "private" / "packs" / "som-26.pdf").write_bytes(b"%PDF-1.4\npack\n%%EOF\n")
    with sqlite3.connect(var_dir / "emg.sqlite3") as db:
        db.execute("CREATE TABLE meeting (number integer PRIMARY KEY, title text)")
        db.executemany("INSERT INTO meeting VALUES (?, ?)", [(26, "SOM 26"), (27, "SOM 27")])
    db.close()
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}

    for script, var in (("backup", var_dir), ("restore", restored)):
        done = subprocess.run(
            [str(SCRIPTS / script), str(tmp_path / "backup")],
            env={**env, "EMG_VAR_DIR": str(var)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr

    with sqlite3.connect(restored / "emg.sqlite3") as db:
        assert db.execute("SELECT * FROM meeting ORDER BY number").fetchall() == [
            (26, "SOM 26"),
            (27, "SOM 27"),
        ]
    db.close()
    assert files_under(restored / "private") == files_under(var_dir / "private")
