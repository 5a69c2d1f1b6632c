"""The global search: what it finds, registered by the apps that keep it.

emg may not import the apps to its right, yet the search box in every page's header finds
mandates, decisions, work plans and progress. So each app registers its *sources* in its own
``search`` module (found as ``panels`` modules are, by emg.home): a source names a kind of
result ("decision"), its model, how to read its rows for indexing, and a function that turns a
row into an ``Entry``: its text, weighted as the UN documents are read (title and symbol first,
then headings, then the body), its year, the page it leads to, and who may find it.

Who may find an entry mirrors who may open its page: a source sets the entry's ``audience``
from the same facts as its model's ``visible_to`` (a task in a round still being prepared is
the secretariat's; a focal point's draft is their mandate's; an accepted update is also the
Senior Officials'). A reader's results are then filtered by one WHERE clause
(``SearchEntry.objects.visible_to``), never row by row.

The entries are a copy kept in ``SearchEntry`` by emg.search.index: saved and deleted rows of
a source's model (and of the models it ``follows``, whose changes change its entries) are
indexed again by a Celery task queued when the transaction commits; ``manage.py search_index``
rebuilds them all. emg.search.query answers the search page.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module

from django.db import models
from django.utils.module_loading import autodiscover_modules

from emg.models import SearchEntry

Audience = SearchEntry.Audience

# The most text one entry keeps: a long uploaded report is still found by what it says in its
# first hundred pages, and PostgreSQL's tsvector (1 MB) is never reached.
MAX_BODY = 200_000

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Entry:
    """A row as the search finds it. ``audience`` (and ``mandate_id`` for a mandate's own rows)
    says who may find it: see the module's doc."""

    title: str
    url: str
    audience: str = Audience.EVERYONE
    mandate_id: int | None = None
    year: int | None = None
    symbol: str = ""
    headings: str = ""
    body: str = ""


EntryFunction = Callable[[models.Model], Entry | None]
# Given a saved or deleted row of a followed model, the primary keys of the source's rows whose
# entries change with it.
FollowFunction = Callable[[models.Model], Iterable[int]]


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    model: type[models.Model]
    entry: EntryFunction
    queryset: Callable[[], models.QuerySet]
    follows: dict[type[models.Model], FollowFunction] = field(default_factory=dict)
    order: int = 100


_sources: dict[str, Source] = {}


def source(
    kind: str,
    *,
    label: str,
    model: type[models.Model],
    queryset: Callable[[], models.QuerySet] | None = None,
    follows: dict[type[models.Model], FollowFunction] | None = None,
    order: int = 100,
) -> Callable[[EntryFunction], EntryFunction]:
    """Register the decorated function, which turns a row of ``model`` into an Entry (or None:
    not to be found), as the source of the results of ``kind``, shown as ``label`` in the
    facets. ``queryset``: the rows to index, with what the function reads joined
    (select_related, annotations), so that indexing many costs a few queries. ``order``
    places the kind among the facets."""

    def register(function: EntryFunction) -> EntryFunction:
        _sources[kind] = Source(
            kind=kind,
            label=label,
            model=model,
            entry=function,
            queryset=queryset or model._default_manager.all,
            follows=dict(follows or {}),
            order=order,
        )
        return function

    return register


@functools.cache
def discover() -> None:
    """Import every app's ``search`` module (and emg's own sources), once a process."""
    import_module("emg.search.group")
    autodiscover_modules("search")


def sources() -> list[Source]:
    discover()
    return sorted(_sources.values(), key=lambda s: (s.order, s.kind))


def source_of(kind: str) -> Source | None:
    discover()
    return _sources.get(kind)


def clean(text: str | None) -> str:
    """``text`` as an entry keeps it: without control characters (PostgreSQL refuses NUL, and
    the highlighted excerpt marks its matches with two of them) and runs of blanks."""
    if not text:
        return ""
    return " ".join(_CONTROL.sub(" ", text).split())


def joined(texts: Iterable[str | None], *, limit: int = MAX_BODY) -> str:
    """The non-empty ``texts``, cleaned, one after another, at most ``limit`` characters."""
    return clean("\n".join(t for t in texts if t))[:limit]
