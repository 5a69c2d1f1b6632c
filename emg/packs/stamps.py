"""Whether anything a pack is printed from may have changed, without printing it again.

Every change to a model a document shows leaves a row in that model's history (the services'
saves, moves and deletes, the admin's, the importer's: emg.history), and a history row's id only
grows. So the highest history id of each such model, taken together (``sources_stamp``), moves
whenever any of them is written: one query of index look-ups, whatever the data's size.

A pack's verdict (emg.packs.plan.mark_stale) compares its content hash with the meeting's, which
means printing every document of the meeting to HTML; it keeps the stamp it was reached at on the
pack (``checked_stamp``, ``checked_stale``), and while the stamp has not moved that verdict stands.
A change anywhere moves it, and the next verdict prints again. The stamp is read before the
documents are, so a change committed while they are read moves it past the one kept. (One case
escapes until the next change: a transaction that took its history id before another one that
committed first, and commits itself only after the documents were read.)

Users are left out: signing in writes a user's history, and no document shows a user. Word
files' conversions have no history but change how a pack takes a file (a failed one is listed
"available separately"): when the last of them finished is part of the stamp.
"""

from __future__ import annotations

import hashlib

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Subquery
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model

from emg.models import ConvertedFile, Meeting


def _histories() -> list:
    found = []
    for model in apps.get_models():
        if model is get_user_model():
            continue
        try:
            found.append(get_history_model_for_model(model))
        except NotHistoricalModelError:
            continue
    return found


def sources_stamp(salt: str) -> str:
    """The highest history id of every model a document may show, as one hash with ``salt``
    (the pack's format, so that packs laid out another way are checked again)."""
    latest = {
        f"h{index}": Subquery(history.objects.order_by("-pk").values("pk")[:1])
        for index, history in enumerate(_histories())
    }
    latest["converted"] = Subquery(
        ConvertedFile.objects.filter(finished_at__isnull=False)
        .order_by("-finished_at")
        .values("finished_at")[:1]
    )
    row = Meeting.objects.annotate(**latest).values_list(*latest).order_by()[:1]
    ids = next(iter(row), None) or ()
    text = " ".join([salt, *(str(value or 0) for value in ids)])
    return hashlib.sha256(text.encode()).hexdigest()
