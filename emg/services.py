"""Writes that touch several of the Group's rows: a meeting's agenda and its documents."""

from __future__ import annotations

from django.db import transaction

from emg import ordering
from emg.models import AgendaItem, Document, Meeting


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, title: str) -> AgendaItem:
    """Add an item at the end of the meeting's agenda."""
    meeting = ordering.lock(Meeting, meeting.pk)
    return AgendaItem.objects.create(
        meeting=meeting, title=title, order=ordering.next_order(meeting.agenda_items.all())
    )


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str) -> bool:
    """Swap ``item`` with the item above ("up") or below ("down"). False when it is first or
    last already. Numbers follow at once: they are computed from the order."""
    ordering.lock(Meeting, item.meeting_id)
    items = list(AgendaItem.objects.filter(meeting_id=item.meeting_id).order_by("order"))
    return ordering.swap(items, item, direction) is not None


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem) -> None:
    """Delete the item; its documents stay with the meeting, on no agenda item."""
    # One by one rather than the database's SET NULL, so the history shows each document leave.
    for document in Document.objects.filter(agenda_item=item):
        document.agenda_item = None
        document.save(update_fields=["agenda_item"])
    item.delete()


def _remove_file_after_commit(name: str) -> None:
    storage = Document._meta.get_field("file").storage
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def document_save(*, document: Document) -> Document:
    """Save the document with the file just uploaded to it, if any.

    The file is written to the private storage when the row is saved; should the row then fail
    to save, the file is removed again, and a file it replaces is removed only once the new one
    is committed."""
    previous = (
        Document.objects.filter(pk=document.pk).values_list("file", flat=True).first()
        if document.pk
        else None
    )
    try:
        with transaction.atomic():
            document.save()
    except BaseException:
        if document.file and document.file.name != previous and document.file._committed:
            document.file.storage.delete(document.file.name)
        raise
    if previous and previous != document.file.name:
        _remove_file_after_commit(previous)
    return document


@transaction.atomic
def document_delete(*, document: Document) -> None:
    """Delete the document and its file. A later version that superseded it now supersedes
    nothing."""
    # One by one rather than the database's SET NULL, so the history shows the chain change.
    for later in Document.objects.filter(supersedes=document):
        later.supersedes = None
        later.save(update_fields=["supersedes"])
    name = document.file.name if document.file else ""
    document.delete()
    if name:
        _remove_file_after_commit(name)
