"""Who changed what, and when: the change history of a record and of the rows that belong to it,
read from django-simple-history and written as a list of changes ("Status: Active → Concluded").

A history page shows one record's own history with that of its parts (a meeting with its sessions,
agenda items and documents; a mandate with its terms of reference and members), 25 changes at a
time: a record edited for years has thousands. The page's changes are picked from all its sources
at once by date (one query, and one to count them), then each source that has some on the page
reads them with the versions they are compared with (one query each), and each kind of related
record named in a change costs one more, whatever the number of changes.

A history shows each reader what the record's page shows them, no more: a page that shows a
reader a record only from some moment on (a task once its round opened, an update once accepted)
gives its history ``seen_from`` that moment, and a field the page never shows them is left out
with ``hidden``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from emg.views.lists import page_context, paginate

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
# Bookkeeping fields that say nothing to a reader.
HIDDEN = {"id", "history_id", "history_date", "history_change_reason", "history_type"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime.datetime
    who: object  # a user, or None for imports and scripts
    action: str
    what: str  # the kind of record: "Mandate", "Session" …
    record: str  # the record as it read after the change
    changes: list[Change] = field(default_factory=list)
    reason: str = ""


# Fields of some models a reader is not shown, by model: {Update: ("reviewer_comment",)}.
Hidden = Mapping[type[models.Model], Collection[str]]


def _tracked_fields(history_model, hidden: Hidden) -> list[models.Field]:
    # The model's fields that its history keeps (not those left out with excluded_fields), but
    # those hidden from the reader.
    left_out = hidden.get(history_model.instance_type, ())
    return [
        f
        for f in history_model.tracked_fields
        if f.attname not in HIDDEN and f.name not in left_out
    ]


def seen_from(queryset: models.QuerySet, moment: datetime.datetime) -> models.QuerySet:
    """The versions of ``queryset`` (a historical queryset) for a reader who could first see
    its records at ``moment``: each record as it stood then (its latest version up to
    ``moment``, unless that was its deletion), and every version after. What came before is not
    theirs to read: the first version they get is compared with nothing."""
    latest = (
        queryset.filter(id=OuterRef("id"), history_date__lte=moment)
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    standing = (
        queryset.filter(history_date__lte=moment, history_id=Subquery(latest))
        .exclude(history_type="-")
        .values("history_id")
    )
    return queryset.filter(Q(history_date__gt=moment) | Q(history_id__in=standing))


def entries(*querysets: models.QuerySet) -> list[Entry]:
    """Every change entry of these historical querysets, newest first."""
    versions = []
    for queryset in querysets:
        records = queryset.select_related("history_user__entity").order_by(
            "id", "history_date", "history_id"
        )
        previous_by_object: dict = {}
        for record in records:
            versions.append((queryset.model, record, previous_by_object.get(record.id)))
            previous_by_object[record.id] = record
    result = _written(versions, {})
    result.sort(key=lambda e: e.when, reverse=True)
    return result


def history_page(request, *querysets: models.QuerySet, hidden: Hidden | None = None) -> Page:
    """The page of change entries of these historical querysets the "page" parameter asks
    for, newest first: only the page's versions, and those they are compared with, are read.
    The fields ``hidden`` names are left out of the changes."""
    keys = [
        queryset.order_by()
        .annotate(source=Value(number))
        .values_list("history_date", "history_id", "source")
        for number, queryset in enumerate(querysets)
    ]
    combined = keys[0].union(*keys[1:], all=True) if len(keys) > 1 else keys[0]
    page = paginate(request, combined.order_by("-history_date", "-history_id", "source"))
    wanted: dict[int, list[int]] = defaultdict(list)
    for _when, history_id, source in page.object_list:
        wanted[source].append(history_id)
    versions = {}
    for source, history_ids in wanted.items():
        queryset = querysets[source]
        # The version each is compared with: the record's one before it in the same source, as
        # the full history compares them. Versions are written in the order of their history_id
        # (nothing here dates a version other than at its save), which the primary key's index
        # finds without sorting all the record's versions by date.
        earlier = (
            queryset.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
            .order_by("-history_id")
            .values("history_id")[:1]
        )
        previous_ids = (
            queryset.filter(history_id__in=history_ids)
            .annotate(previous_history_id=Subquery(earlier))
            .values("previous_history_id")
        )
        records = {
            record.history_id: record
            for record in queryset.filter(
                Q(history_id__in=history_ids) | Q(history_id__in=previous_ids)
            )
            .annotate(previous_history_id=Subquery(earlier))
            .select_related("history_user__entity")
        }
        for history_id in history_ids:
            record = records[history_id]
            versions[source, history_id] = (
                queryset.model,
                record,
                records.get(record.previous_history_id),
            )
    order = [(source, history_id) for _when, history_id, source in page.object_list]
    page.object_list = _written([versions[key] for key in order], hidden or {})
    return page


def _written(versions, hidden: Hidden) -> list[Entry]:
    """The entries of (history model, record, previous version of the record or None), in
    their order, with the related records they name read in one query per kind."""
    pending: list[tuple[object, list[tuple[models.Field, object, object]], object]] = []
    related: dict[type[models.Model], set] = {}
    fields_of: dict = {}
    for history_model, record, previous in versions:
        if history_model not in fields_of:
            fields_of[history_model] = _tracked_fields(history_model, hidden)
        diffs = []
        for fld in fields_of[history_model]:
            new = getattr(record, fld.attname)
            old = getattr(previous, fld.attname) if previous is not None else None
            # A version compared with nothing (the record's first, or the first its reader
            # may see) lists what it holds, not its empty fields.
            if previous is None and new in (None, ""):
                continue
            if previous is not None and old == new:
                continue
            if record.history_type == "-":
                continue
            diffs.append((fld, old, new))
            if fld.is_relation and fld.related_model:
                related.setdefault(fld.related_model, set()).update(
                    v for v in (old, new) if v is not None
                )
        pending.append((record, diffs, history_model))
    # select_related() follows every required foreign key: many records name themselves after
    # what they belong to ("SOM 26 · Action points"), which would otherwise cost a query each.
    names = {
        model: {
            pk: str(obj) for pk, obj in model._default_manager.select_related().in_bulk(ids).items()
        }
        for model, ids in related.items()
    }

    def shown(fld, value) -> str:
        if value is None or value == "":
            return "—"
        if fld.is_relation and fld.related_model:
            return names[fld.related_model].get(value, f"#{value} ({_('deleted')})")
        if fld.choices:
            return str(dict(fld.flatchoices).get(value, value))
        if isinstance(value, bool):
            return str(_("yes") if value else _("no"))
        return str(value)

    result = []
    for record, diffs, history_model in pending:
        instance_meta = history_model.instance_type._meta
        result.append(
            Entry(
                when=record.history_date,
                who=record.history_user,
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                what=str(instance_meta.verbose_name).capitalize(),
                record=_describe(record, instance_meta),
                changes=[
                    Change(str(f.verbose_name).capitalize(), shown(f, old), shown(f, new))
                    for f, old, new in diffs
                ],
                reason=record.history_change_reason or "",
            )
        )
    return result


def _describe(record, meta) -> str:
    """The record's name without touching the database (no related objects are fetched)."""
    for name in ("title", "name", "text", "symbol", "acronym", "username"):
        value = getattr(record, name, None)
        if value:
            value = str(value)
            return value if len(value) <= 90 else value[:87] + "…"
    return f"{meta.verbose_name} #{record.id}"


def render_history(
    request, *, subject, title: str, back_url: str, querysets, hidden: Hidden | None = None
):
    """The history page of ``subject``: every change to it and to the rows that belong to it
    (the versions ``querysets`` hold, without the fields ``hidden`` names), 25 at a time."""
    page = history_page(request, *querysets, hidden=hidden)
    return render(
        request,
        "emg/history.html",
        {
            "subject": subject,
            "title": title,
            "back_url": back_url,
            "entries": page.object_list,
            **page_context(page),
        },
    )
