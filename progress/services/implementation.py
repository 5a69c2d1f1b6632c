"""The "Status of implementation of the action points of SOM n": a document of the next SOM, made
by the workspace from the progress accepted on SOM n's action points
(progress.selectors.action_points; rendered by progress/documents.py). Generating it again
refreshes it: the document renders what is accepted when it is shown, printed or packed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emg import ordering
from emg.models import AgendaItem, Document, Meeting, User
from emg.selectors import next_document_symbol
from emg.versions import bump
from progress.selectors.action_points import status_of_implementation_document
from progress.selectors.rounds import meeting_before

KIND = Document.Kind.STATUS_OF_IMPLEMENTATION


@transaction.atomic
def status_of_implementation_generate(
    *, meeting: Meeting, by: User, agenda_item: AgendaItem | None = None
) -> Document:
    """Make the document of ``meeting`` that reports how far the previous SOM's action points
    are implemented, under ``agenda_item``; made already, refresh it: dated today, and under
    ``agenda_item`` when one is given. Its symbol continues the meeting's ("EMG/SOM.27/05").

    Generations of one meeting's documents take turns (the meeting is locked), so a double
    click makes one document, not two."""
    meeting = ordering.lock(Meeting, meeting.pk)
    reported_on = meeting_before(meeting)
    if reported_on is None:
        raise ValidationError(
            _("No SOM before this one has decisions: there are no action points to report on.")
        )
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(_("Choose an item of this meeting's agenda."))
    document = status_of_implementation_document(meeting, reported_on)
    if document is None:
        document = Document(
            meeting=meeting,
            kind=KIND,
            source=reported_on,
            symbol=next_document_symbol(meeting),
            title=_("Status of implementation of the action points of the %(meeting)s")
            % {"meeting": reported_on.ordinal_title},
            author_line=_("Note by the Secretariat"),
            distribution=_("EMG Members"),
        )
    else:
        # Only its date and agenda item change: what a colleague edits on its form meanwhile
        # stays, and a form opened on it before is stale now.
        document = Document.objects.select_for_update().get(pk=document.pk)
        bump(document)
    document.date = timezone.localdate()
    if agenda_item is not None:
        document.agenda_item = agenda_item
    # Who generated it, in the document's history (as the work plans' services record it).
    document._history_user = by
    if document.pk is None:
        document.save()
    else:
        document.save(update_fields=["date", "agenda_item"])
    return document
