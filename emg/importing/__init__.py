"""The legacy-document importer: a registry of document kinds and the machinery they share.

Each app that owns a kind of document registers a reader for it in its ``importers`` module
(mandates: terms of reference and action points; workplans: work plans; progress: progress
reports), found the way the admin finds ``admin`` modules, so this package never imports the apps
to its right. A reader says how strongly a text
looks like its kind and loads it; the importer picks the best reader and runs it inside one
transaction per file, so a file that fails leaves nothing behind.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils.module_loading import autodiscover_modules

from emg.versions import Versioned, bump


class ImportProblem(Exception):
    """A document that cannot be read. Says which line, when it knows; for a Word file, the
    place in it that line comes from ("paragraph 12 (…)", "table 2, row 3")."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.place: str | None = None

    def __str__(self):
        if self.place:
            return f"{self.place}: {self.message}"
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass
class Source:
    """A document's text, with line numbers for messages. Every reader reads this form, whether
    the file was text or Word (emg.importing.files turns a file into it); ``places`` says, for a
    Word file, where in it each line comes from."""

    name: str
    text: str
    places: list[str] | None = None
    lines: list[str] = field(init=False)

    def __post_init__(self):
        self.text = self.text.replace("\r\n", "\n").replace("\r", "\n")
        self.lines = self.text.split("\n")

    @classmethod
    def from_upload(cls, name: str, data: bytes) -> Source:
        """The document in the file ``name`` holding ``data``: text or Word (.docx). Any other
        file is an ImportProblem saying what it is and what to do."""
        from emg.importing.files import read_file

        return read_file(name, data)

    @classmethod
    def from_path(cls, path: Path) -> Source:
        from emg.importing.files import MAX_FILE_BYTES, too_large

        if path.stat().st_size > MAX_FILE_BYTES:
            raise too_large()
        return cls.from_upload(str(path), path.read_bytes())

    def place(self, line: int | None) -> str | None:
        """Where line ``line`` comes from in a Word file (the next line with text, for a blank
        one), or None for a text file."""
        if not self.places or not line:
            return None
        for index in range(line - 1, len(self.places)):
            if self.places[index]:
                return self.places[index]
        return next((place for place in reversed(self.places) if place), None)

    def numbered(self, start: int = 1):
        """(line number, line) pairs from line ``start``."""
        for number in range(start, len(self.lines) + 1):
            yield number, self.lines[number - 1]


class Summary:
    """What an import created, updated and left unchanged, counted per kind of record."""

    def __init__(self):
        self.created: Counter[type[models.Model]] = Counter()
        self.updated: Counter[type[models.Model]] = Counter()
        self.deleted: Counter[type[models.Model]] = Counter()
        self.unchanged = 0

    @staticmethod
    def _label(model: type[models.Model], count: int) -> str:
        meta = model._meta
        return str(meta.verbose_name if count == 1 else meta.verbose_name_plural)

    def upsert(
        self,
        model: type[models.Model],
        lookup: dict,
        values: dict | None = None,
        defaults: dict | None = None,
        *,
        line: int | None = None,
    ) -> models.Model:
        """Find the row by ``lookup`` and make its fields equal ``values``; create it if missing
        (with ``defaults`` too, which never overwrite an existing row). Saves only when something
        differs, so importing the same file again changes nothing. A text longer than its field
        holds is refused, naming ``line``, where the document has the record."""
        values = values or {}
        refuse_too_long(model, {**(defaults or {}), **values, **lookup}, line=line)
        row = model.objects.filter(**lookup).first()
        if row is None:
            row = model.objects.create(**{**(defaults or {}), **values, **lookup})
            self.created[model] += 1
            return row
        changed = [name for name, value in values.items() if getattr(row, name) != value]
        if changed:
            for name in changed:
                setattr(row, name, values[name])
            row.save(update_fields=changed)
            if isinstance(row, Versioned):
                bump(row)
            self.updated[model] += 1
        else:
            self.unchanged += 1
        return row

    def prune(self, queryset: models.QuerySet, keep: list[models.Model]) -> None:
        """Delete the rows of ``queryset`` that the document no longer has."""
        stale = queryset.exclude(pk__in=[row.pk for row in keep])
        for row in stale:
            row.delete()
            self.deleted[type(row)] += 1

    def __str__(self):
        def words(counter):
            return ", ".join(
                f"{count} {self._label(model, count)}" for model, count in counter.items()
            )

        parts = []
        if self.created:
            parts.append(f"created {words(self.created)}")
        if self.updated:
            parts.append(f"updated {words(self.updated)}")
        if self.deleted:
            parts.append(f"deleted {words(self.deleted)}")
        if not parts:
            parts.append("nothing to change")
        parts.append(f"{self.unchanged} unchanged")
        return "; ".join(parts)


def refuse_too_long(model: type[models.Model], values: dict, *, line: int | None) -> None:
    """ImportProblem for the first text of ``values`` longer than its field of ``model`` holds:
    cut to fit, the record would say less than the document, and nobody would know."""
    for name, value in values.items():
        if not isinstance(value, str):
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        limit = getattr(field, "max_length", None)
        if limit is not None and len(value) > limit:
            record = model._meta.verbose_name
            what = record if field.verbose_name == record else f"{record}'s {field.verbose_name}"
            raise ImportProblem(
                f"the {what} is {len(value):,} characters long; at most {limit:,} are allowed",
                line=line,
            )


class Reader:
    """One kind of legacy document. Subclasses set ``kind`` and implement both methods."""

    kind: str = ""

    def score(self, source: Source) -> int:
        """How strongly the text looks like this kind: 0 for not at all."""
        raise NotImplementedError

    def load(self, source: Source, summary: Summary) -> None:
        """Create or update the records the document holds. Raise ImportProblem when it cannot."""
        raise NotImplementedError


_readers: list[Reader] = []


def register(reader_class: type[Reader]) -> type[Reader]:
    if not any(type(reader) is reader_class for reader in _readers):
        _readers.append(reader_class())
    return reader_class


def readers() -> list[Reader]:
    autodiscover_modules("importers")
    return list(_readers)


def detect(source: Source) -> Reader:
    known = readers()
    scored = sorted(((r.score(source), r.kind, r) for r in known), key=lambda s: -s[0])
    if not scored or scored[0][0] <= 0:
        kinds = ", ".join(sorted(r.kind for r in known))
        raise ImportProblem(f"not a kind of document the importer knows ({kinds})", line=1)
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        raise ImportProblem(
            f"the document looks as much like a {scored[0][1]} as a {scored[1][1]}", line=1
        )
    return scored[0][2]


@dataclass
class Result:
    name: str
    kind: str | None = None
    summary: Summary | None = None
    problem: ImportProblem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def import_source(source: Source) -> Result:
    """Import one document in its own transaction: all of it, or nothing of it."""
    result = Result(name=source.name)
    try:
        reader = detect(source)
        result.kind = reader.kind
        summary = Summary()
        with transaction.atomic():
            reader.load(source, summary)
        result.summary = summary
    except ImportProblem as problem:
        problem.place = problem.place or source.place(problem.line)
        result.problem = problem
    return result


def import_path(path: Path) -> Result:
    try:
        source = Source.from_path(path)
    except ImportProblem as problem:
        return Result(name=str(path), problem=problem)
    except OSError as error:
        return Result(name=str(path), problem=ImportProblem(error.strerror or str(error)))
    return import_source(source)
