"""Keeping the search's entries current: a source's rows indexed again after every commit that
saved or deleted them (or a row they follow), by the Celery task ``search_reindex``; and the
whole index rebuilt (``manage.py search_index``, and the demo's setup).

A transaction that saves a thousand clauses queues one task, not a thousand: the keys it
touches are gathered while it runs and handed over once, when it commits. Nothing is queued
for a transaction that rolls back. Indexing is idempotent (an entry is written from the row as
it is then, or removed when the row is gone), so a task run twice, or a rebuild meanwhile,
does no harm.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

from celery import shared_task
from django.contrib.contenttypes.models import ContentType
from django.db import InterfaceError, OperationalError, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError

from emg import search
from emg.models import SearchEntry

logger = logging.getLogger(__name__)

CHUNK = 500
FIELDS = ["kind", "year", "symbol", "title", "headings", "body", "url", "audience", "mandate_id"]


def index_objects(*, kind: str, pks: Iterable[int]) -> int:
    """Write the entries of the rows ``pks`` of the source ``kind`` as the rows are now, and
    remove those of rows that are gone or that their source no longer indexes. How many were
    written."""
    source = search.source_of(kind)
    if source is None:
        return 0
    content_type = ContentType.objects.get_for_model(source.model, for_concrete_model=False)
    pks = sorted(set(pks))
    written = 0
    for start in range(0, len(pks), CHUNK):
        chunk = pks[start : start + CHUNK]
        rows = []
        for instance in source.queryset().filter(pk__in=chunk):
            entry = source.entry(instance)
            if entry is not None:
                rows.append(_row(kind, content_type, instance.pk, entry))
        kept = {row.object_id for row in rows}
        with transaction.atomic():
            SearchEntry.objects.filter(content_type=content_type, object_id__in=chunk).exclude(
                object_id__in=kept
            ).delete()
            if rows:
                SearchEntry.objects.bulk_create(
                    rows,
                    update_conflicts=True,
                    unique_fields=["content_type", "object_id"],
                    update_fields=[*FIELDS, "indexed_at"],
                )
        written += len(rows)
    return written


def _row(kind: str, content_type, pk: int, entry: search.Entry) -> SearchEntry:
    return SearchEntry(
        content_type=content_type,
        object_id=pk,
        kind=kind,
        year=entry.year,
        symbol=search.clean(entry.symbol)[:100],
        title=search.clean(entry.title)[:500] or "—",
        headings=search.joined([entry.headings]),
        body=search.joined([entry.body]),
        url=entry.url[:500],
        audience=entry.audience,
        mandate_id=entry.mandate_id,
        indexed_at=timezone.now(),
    )


def index_rebuild() -> int:
    """Index every row of every source again, and drop the entries of rows that are gone and of
    kinds no source registers any more. How many entries there are."""
    written = 0
    kinds = []
    for source in search.sources():
        kinds.append(source.kind)
        pks = list(source.queryset().values_list("pk", flat=True).order_by("pk"))
        SearchEntry.objects.filter(kind=source.kind).exclude(object_id__in=pks).delete()
        written += index_objects(kind=source.kind, pks=pks)
    SearchEntry.objects.exclude(kind__in=kinds).delete()
    return written


# Queued after commit


class _Pending(threading.local):
    """The keys the current transaction of this thread has touched, and the callback that hands
    them over when it commits (None outside a transaction, or once it is gone)."""

    def __init__(self):
        self.keys: dict[str, set[int]] = {}
        self.callback = None


_pending = _Pending()


def queue(kind: str, pks: Iterable[int]) -> None:
    """Have the entries of ``pks`` of the source ``kind`` indexed once the current transaction
    commits (at once outside one)."""
    pks = {pk for pk in pks if pk is not None}
    if not pks:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        transaction.on_commit(lambda: enqueue({kind: sorted(pks)}), robust=True)
        return
    # The callback is still to run only while the transaction (or the savepoint it was
    # registered in) lives: after a rollback it is gone, and so are the keys gathered for it.
    if _pending.callback is None or not any(
        callback is _pending.callback for _sids, callback, _robust in connection.run_on_commit
    ):
        keys: dict[str, set[int]] = {}

        def hand_over():
            if _pending.keys is keys:
                _pending.keys, _pending.callback = {}, None
            enqueue({k: sorted(v) for k, v in keys.items()})

        _pending.keys, _pending.callback = keys, hand_over
        # Robust: a record saved is saved, even if its entry could not be written (the error
        # is logged; the next change or a rebuild writes it).
        transaction.on_commit(hand_over, robust=True)
    _pending.keys.setdefault(kind, set()).update(pks)


def enqueue(batch: dict[str, list[int]]) -> bool:
    """Hand ``batch`` (kind → primary keys) to the worker; False when the broker cannot be
    reached (the entries stay as they were until the next change or rebuild)."""
    try:
        if search_reindex.app.conf.task_always_eager:
            search_reindex.apply(args=[batch])
        else:
            search_reindex.apply_async(args=[batch], retry=False)
    except (BrokerError, RedisConnectionError, OSError) as exc:
        logger.warning("The search index could not be brought up to date: %s", exc)
        return False
    return True


TRANSIENT_ERRORS = (OperationalError, InterfaceError)


@shared_task(bind=True, max_retries=3, acks_late=True)
def search_reindex(self, batch: dict[str, list[int]]) -> int:
    """Index the rows ``batch`` names (kind → primary keys) as they are now; safe to run twice."""
    try:
        return sum(index_objects(kind=kind, pks=pks) for kind, pks in batch.items())
    except TRANSIENT_ERRORS as exc:
        if self.request.is_eager or self.request.retries >= self.max_retries:
            logger.exception("The search index could not be brought up to date")
            return 0
        raise self.retry(exc=exc, countdown=10 * 2**self.request.retries) from exc


# Signals


def connect() -> None:
    """Connect every source's model, and the models it follows, to ``queue``."""
    for source in search.sources():
        _connect(source.model, source.kind, lambda instance: [instance.pk])
        for model, follow in source.follows.items():
            _connect(model, source.kind, follow)


def _connect(model, kind: str, keys) -> None:
    def changed(sender, instance, raw=False, **kwargs):
        if not raw:
            queue(kind, keys(instance))

    uid = f"emg.search.{kind}.{model._meta.label_lower}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid + ".save")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid + ".delete")
