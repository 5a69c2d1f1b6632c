"""Who changed what, and when: the change history of a record and of the rows that belong to it,
read from django-simple-history and written as a list of changes ("Status: Active → Concluded").

A history page shows one record's own history with that of its parts (a meeting with its sessions,
agenda items and documents; a mandate with its terms of reference and members). Each source costs
one query, plus one per kind of related record named in a change, whatever the number of entries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

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


def _tracked_fields(history_model) -> list[models.Field]:
    # The model's fields that its history keeps: not those left out with excluded_fields.
    return [f for f in history_model.tracked_fields if f.attname not in HIDDEN]


def entries(*querysets: models.QuerySet) -> list[Entry]:
    """The change entries of these historical querysets, newest first."""
    pending: list[tuple[object, list[tuple[models.Field, object, object]], object]] = []
    related: dict[type[models.Model], set] = {}
    for queryset in querysets:
        fields = _tracked_fields(queryset.model)
        records = list(
            queryset.select_related("history_user__entity").order_by("id", "history_date")
        )
        previous_by_object: dict = {}
        for record in records:
            previous = previous_by_object.get(record.id)
            diffs = []
            for fld in fields:
                new = getattr(record, fld.attname)
                old = getattr(previous, fld.attname) if previous is not None else None
                if previous is None and record.history_type == "+" and new in (None, ""):
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
            previous_by_object[record.id] = record
            pending.append((record, diffs, queryset.model))
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
    result.sort(key=lambda e: e.when, reverse=True)
    return result


def _describe(record, meta) -> str:
    """The record's name without touching the database (no related objects are fetched)."""
    for name in ("title", "name", "text", "symbol", "acronym", "username"):
        value = getattr(record, name, None)
        if value:
            value = str(value)
            return value if len(value) <= 90 else value[:87] + "…"
    return f"{meta.verbose_name} #{record.id}"


def render_history(request, *, subject, title: str, back_url: str, querysets):
    """The history page of ``subject``: every change to it and to the rows that belong to it."""
    return render(
        request,
        "emg/history.html",
        {
            "subject": subject,
            "title": title,
            "back_url": back_url,
            "entries": entries(*querysets),
        },
    )
