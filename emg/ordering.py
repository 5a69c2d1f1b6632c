"""Positions among siblings: agenda items, clauses, decisions, outcomes, activities, milestones …
each have an ``order`` among the rows that share their parent, and numbers and labels are
computed from it.

Adds, moves and deletes take turns on the parent: each service locks the parent row first
(``lock``: the meeting, terms of reference, round, plan …), then reads the siblings (or the row
itself again: ``current``), so the next add reads the last order only after the previous one has
committed, a move sees its siblings as the previous move left them, and a delete clicked twice
finds the row gone the second time. Locking the siblings themselves would not do: an add reads
the last order with an aggregate, for which PostgreSQL takes no row locks (Django leaves FOR
UPDATE out of it), and no lock on the rows there are stops another row being inserted next to
them.

The unique (parent, order) constraints cannot be deferred, and PostgreSQL checks them row by row,
so a row that changes places first passes through an order no sibling holds. With the parent
locked, nobody else sees (or takes) the free order on the way.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.db.models import F, Max, Q
from django.http import Http404
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

M = TypeVar("M", bound=models.Model)

# Far above any real position: where renumber() puts rows on the way to their new orders.
ASIDE = 1_000_000
DIRECTIONS = {"up": -1, "down": 1}


def sibling_constraints(name: str, *, top: str) -> list[models.UniqueConstraint]:
    """For rows that nest (clauses, decisions, milestones): one row per order among those of
    ``top`` (their terms of reference, section, activity) that have no parent, and among the
    children of each parent. ``name`` starts the constraints' names."""
    return [
        models.UniqueConstraint(
            fields=[top, "order"],
            condition=Q(parent__isnull=True),
            name=f"{name}_unique_order_at_top",
        ),
        models.UniqueConstraint(
            fields=["parent", "order"],
            condition=Q(parent__isnull=False),
            name=f"{name}_unique_order_in_parent",
        ),
    ]


def _gone(model: type[models.Model]) -> Http404:
    return Http404(
        _("This %(thing)s is no longer there: it was deleted meanwhile.")
        % {"thing": model._meta.verbose_name}
    )


def lock(model: type[M], pk: int) -> M:
    """The parent row ``pk`` of ``model``, locked until the transaction ends. Every add and move
    among its children calls this first, inside the service's ``transaction.atomic``.

    FOR NO KEY UPDATE: it makes the adds and moves (and edits) of the parent's children take
    turns, yet lets rows that merely refer to the parent be written meanwhile. Http404 when the
    parent was deleted since the page was read, as reading the page again would answer."""
    try:
        return model._default_manager.select_for_update(no_key=True).get(pk=pk)
    except model.DoesNotExist:
        raise _gone(model) from None


def current(row: M) -> M:
    """``row`` as stored now: read after its parent's lock (``lock``), as the last add or move
    left it. Http404 when it was deleted meanwhile."""
    found = type(row)._default_manager.filter(pk=row.pk).first()
    if found is None:
        raise _gone(type(row))
    return found


def next_order(siblings) -> int:
    """The order after the last of ``siblings`` (a queryset): where a new row goes. Correct only
    with the siblings' parent locked (``lock``), so that two adds never read the same last
    order."""
    return (siblings.aggregate(top=Max("order"))["top"] or 0) + 1


def add_last(children, **values):
    """A new row after the last of ``children`` (a parent's related manager, which sets the
    parent: ``meeting.agenda_items``), with ``values``. Only with the parent locked (``lock``),
    as ``next_order`` says."""
    return children.create(order=next_order(children.all()), **values)


def _places(rows: list, row, offset: int) -> tuple[int, int] | None:
    """Where ``row`` stands among ``rows`` and where ``offset`` places away is; None when that
    is past either end. Http404 when ``row`` is no longer among them (deleted meanwhile)."""
    index = next((i for i, other in enumerate(rows) if other.pk == row.pk), None)
    if index is None:
        raise _gone(type(row))
    target = index + offset
    return (index, target) if 0 <= target < len(rows) else None


def swap(rows: list, row, direction: str, *, aside: int | None = None, user=None) -> tuple | None:
    """Swap the orders of ``row`` and its sibling above ("up") or below ("down") among ``rows``
    (all the siblings, in order, read with their parent locked). The two rows, or None when
    ``row`` is at that end already.

    The orders themselves are kept (they may have gaps); only the two rows change, each with one
    entry in its history, as made by ``user`` when given (else by the signed-in user): the step
    through a free order is not history worth keeping. That step goes past the siblings' last
    order, or to ``aside`` where the order is unique among more rows than the siblings (a
    task's, in its whole round)."""
    if direction not in DIRECTIONS:
        raise ValueError(f"rows move up or down, not {direction!r}")
    places = _places(rows, row, DIRECTIONS[direction])
    if places is None:
        return None
    mine, other = rows[places[0]], rows[places[1]]
    if user is not None:
        mine._history_user = other._history_user = user
    mine_order, other_order = mine.order, other.order
    mine.order = aside if aside is not None else rows[-1].order + 1
    mine.skip_history_when_saving = True
    mine.save(update_fields=["order"])
    del mine.skip_history_when_saving
    other.order = mine_order
    other.save(update_fields=["order"])
    mine.order = other_order
    mine.save(update_fields=["order"])
    return mine, other


def renumber(model: type[models.Model], rows: list, *, user) -> None:
    """Give ``rows`` (all the children of one parent, in their new order) the orders 1, 2, 3 …,
    recording the change in each moved row's history as made by ``user``."""
    changed = [row for position, row in enumerate(rows, start=1) if row.order != position]
    if not changed:
        return
    # The step aside leaves no history, as in swap(); the orders given next do, row by row.
    model.objects.filter(pk__in=[row.pk for row in changed]).update(order=F("order") + ASIDE)
    for position, row in enumerate(rows, start=1):
        row.order = position
    bulk_update_with_history(changed, model, ["order"], default_user=user)
