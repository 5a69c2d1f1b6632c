"""No lost updates: every row people edit in a form carries a ``version``, and an edit names the
version its form was opened on.

The edit's service claims that version before it writes anything, inside its transaction, with a
compare-and-set ``UPDATE … SET version = version + 1 WHERE pk = … AND version = …``. Of edits
opened on the same version exactly one takes it; the database decides, not a check made before
the write (which every edit of the same instant passes). The others are refused with
``StaleEdit``, carrying the row as it is now, so that the page can show who changed it, what it
holds now, and keep what the person typed; saving again on the version shown replaces it on
purpose.

The version counts the saves of what an edit form carries. Moving a row among its siblings,
or a status that follows from other rows (a mandate's from its decisions), does not take a new
version: a colleague reordering a list does not make an open form stale.
"""

from __future__ import annotations

from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """A row edited in forms. Its history leaves ``version`` out
    (``HistoricalRecords(excluded_fields=["version"])``): the count is bookkeeping, not a change
    a reader of the history needs to see."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class StaleEdit(Exception):
    """The row was saved (or deleted) after the edit's form was opened. ``current`` is the row
    as stored now, or None when it has been deleted; ``model`` and ``pk`` say which row it was."""

    def __init__(self, model: type[models.Model], pk, current: models.Model | None):
        super().__init__(f"{model._meta.label} {pk} changed since the form was opened")
        self.model, self.pk, self.current = model, pk, current


def claim(instance: Versioned, version: int) -> None:
    """Take the next version of ``instance`` if its row is still at ``version``, else raise
    StaleEdit. Then ``instance`` holds the row as stored (now locked by the claim's UPDATE until
    the transaction ends), with its new version: what the service then sets and saves is written
    over the current row, not over a copy read before the claim.

    Call it inside the service's ``transaction.atomic``, before writing: should the service
    fail after it, the claim is rolled back with the rest."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("claim() belongs inside the service's transaction.atomic")
    rows = type(instance)._base_manager.filter(pk=instance.pk)
    # The version is no part of the history (excluded_fields): the save that follows is.
    if not rows.filter(version=version).update(version=F("version") + 1):
        raise StaleEdit(type(instance), instance.pk, rows.first())
    instance.refresh_from_db()


def save_claimed(instance: Versioned, version: int, **values) -> Versioned:
    """An edit that writes its form's values and nothing else: claim ``version`` of
    ``instance`` (``claim``), set ``values`` on it and save it."""
    claim(instance, version)
    for name, value in values.items():
        setattr(instance, name, value)
    instance.save()
    return instance


def bump(instance: Versioned) -> None:
    """Give ``instance``'s row a new version for a change made without a form (an import): a
    form opened on it before is then stale, and its save refused rather than undoing the
    change."""
    rows = type(instance)._base_manager.filter(pk=instance.pk)
    rows.update(version=F("version") + 1)
    instance.version = rows.values_list("version", flat=True).get()


def latest_change(model: type[models.Model], pk):
    """The newest history record of the row ``pk`` of ``model``, with who made it; or None."""
    return (
        model.history.filter(id=pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )
