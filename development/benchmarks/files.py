"""Benchmarks write uploaded documents, printed parts and packs; this keeps them out of the
project's private folder."""

import os
import tempfile
from contextlib import contextmanager
from urllib.parse import quote

from django.apps import apps
from django.db import connection, models


def _private_storages() -> list:
    """Every file field's storage that keeps files on disk (one instance per field:
    ``emg.storage.private_storage`` is a callable)."""
    found = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and hasattr(field.storage, "_location"):
                found[id(field.storage)] = field.storage
    return list(found.values())


def _point_at(storage, location) -> None:
    storage._location = location
    # FileSystemStorage caches its resolved location on first use.
    storage.__dict__.pop("base_location", None)
    storage.__dict__.pop("location", None)


@contextmanager
def files_in(folder: str):
    """Every file field's storage keeps its files in ``folder`` for the duration."""
    saved = [(storage, storage._location) for storage in _private_storages()]
    for storage, _location in saved:
        _point_at(storage, folder)
    try:
        yield folder
    finally:
        for storage, location in saved:
            _point_at(storage, location)


@contextmanager
def private_files_elsewhere():
    """Every file field's storage keeps its files in a temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="emg-benchmark-") as folder, files_in(folder):
        yield folder


@contextmanager
def throwaway_database(label: str):
    """A database of its own for the duration, dropped afterwards, with every file field's
    storage in a temporary folder: PostgreSQL beside DATABASE_URL's when it is PostgreSQL, else
    a temporary SQLite file (a file, so that another process, measuring memory, can open it
    too). The configured database is never touched."""
    database = connection.settings_dict
    with tempfile.TemporaryDirectory(prefix=f"emg-{label}-db-") as folder:
        test = database.setdefault("TEST", {})
        if database["ENGINE"] == "django.db.backends.postgresql":
            test["NAME"] = f"test_{database['NAME']}_{label}_{os.getpid()}"
        else:
            test["NAME"] = os.path.join(folder, f"{label}.sqlite3")
        old_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            with private_files_elsewhere():
                yield
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def database_url() -> str:
    """DATABASE_URL for another process to open the database this one is connected to (a
    benchmark's throw-away database), or "" when no other process can (in-memory SQLite)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return "" if connection.is_in_memory_db() else f"sqlite:///{settings['NAME']}"
    credentials = quote(settings["USER"] or "", safe="")
    if settings["PASSWORD"]:
        credentials += ":" + quote(settings["PASSWORD"], safe="")
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{quote(settings['NAME'], safe='')}"
