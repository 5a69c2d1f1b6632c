"""Positions among siblings: agenda items, clauses, decisions, outcomes, activities, milestones …
each have an ``order`` among the rows that share their parent, and numbers and labels are
computed from it.

The unique (parent, order) constraints cannot be deferred, and PostgreSQL checks them row by row,
so a row that changes places first passes through an order no sibling holds. Call these inside
the service's ``transaction.atomic``, on siblings it has locked, so that nobody else sees (or
takes) the free order on the way.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Max, Q
from simple_history.utils import bulk_update_with_history

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


def next_order(siblings) -> int:
    """The order after the last of ``siblings`` (a queryset): where a new row goes."""
    return (siblings.aggregate(top=Max("order"))["top"] or 0) + 1


def _places(rows: list, row, offset: int) -> tuple[int, int] | None:
    """Where ``row`` stands among ``rows`` and where ``offset`` places away is; None when that
    is past either end."""
    index = next(i for i, other in enumerate(rows) if other.pk == row.pk)
    target = index + offset
    return (index, target) if 0 <= target < len(rows) else None


def moved(rows: list, row, offset: int) -> list | None:
    """``rows`` (all the siblings, in order) with ``row`` moved ``offset`` places (-1 up, +1
    down); None when that is past either end."""
    places = _places(rows, row, offset)
    if places is None:
        return None
    rows = list(rows)
    rows.insert(places[1], rows.pop(places[0]))
    return rows


def swap(rows: list, row, direction: str, *, aside: int | None = None) -> tuple | None:
    """Swap the orders of ``row`` and its sibling above ("up") or below ("down") among ``rows``
    (all the siblings, in order). The two rows, or None when ``row`` is at that end already.

    The orders themselves are kept (they may have gaps); only the two rows change, each with one
    entry in its history: the step through a free order is not history worth keeping. That step
    goes past the siblings' last order, or to ``aside`` where the order is unique among more
    rows than the siblings (a task's, in its whole round)."""
    if direction not in DIRECTIONS:
        raise ValueError(f"rows move up or down, not {direction!r}")
    places = _places(rows, row, DIRECTIONS[direction])
    if places is None:
        return None
    mine, other = rows[places[0]], rows[places[1]]
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
