"""Composite reads of the Group's rows, the same for the pages, the home panels, the documents'
renderers and the meeting pack: a meeting's sessions, its agenda with the documents presented
under each item, the meetings list with its counts, the rows of a meeting's history.

Each runs a fixed number of queries whatever the amount of data, and hands back evaluated lists
where a template would otherwise query while it renders.
"""

from __future__ import annotations

import re

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, Func, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from emg import home, numbering
from emg.files import WORD_KINDS, stored_kind, stored_sha256
from emg.models import (
    AgendaItem,
    ConvertedFile,
    Document,
    DocumentVersion,
    Invitation,
    Meeting,
    MeetingPack,
    Participant,
    Session,
    User,
)


def count_rows(queryset) -> Coalesce:
    """How many rows ``queryset`` has, as a subquery to annotate another list with, e.g.
    ``count_rows(Document.objects.filter(meeting=OuterRef("pk")))``. A subquery per count keeps
    the list's own query free of joins that would multiply its rows."""
    counted = queryset.order_by().annotate(rows=Func(F("pk"), function="COUNT")).values("rows")
    return Coalesce(Subquery(counted), 0)


def sessions_in_order() -> QuerySet:
    return Session.objects.order_by("date", "start_time", "pk")


def meeting_list(*, columns: list[home.Column]) -> QuerySet:
    """Every meeting, latest first, with its host and sessions, the date of its first session
    ("first_date"), its number of documents ("document_count") and the counts of the
    ``columns`` other apps add to the list."""
    first_date = Session.objects.filter(meeting=OuterRef("pk"), date__isnull=False)
    return (
        Meeting.objects.select_related("host")
        .prefetch_related(Prefetch("sessions", queryset=sessions_in_order()))
        .annotate(
            first_date=Subquery(first_date.order_by("date").values("date")[:1]),
            document_count=count_rows(Document.objects.filter(meeting=OuterRef("pk"))),
            **{column.name: column.annotation() for column in columns},
        )
        .order_by("-number")
    )


def meeting_with_sessions() -> QuerySet:
    """Meetings with their host and their sessions in order."""
    return Meeting.objects.select_related("host").prefetch_related(
        Prefetch("sessions", queryset=sessions_in_order())
    )


# What a document's card on its meeting's page shows (emg/documents/document.html), and what a
# link to another document of its revision chain does (emg/documents/link.html).
CARD_FIELDS = (
    "symbol",
    "title",
    "kind",
    "date",
    "distribution",
    "author_line",
    "meeting",
    "agenda_item",
    "status",
    "supersedes",
    "source_type",
    "source_id",
    "file",
    "file_hash",
    "language",
)
CHAIN = ("supersedes", "superseded_by")
LINK_FIELDS = ("symbol", "title", "meeting__number")


def meeting_documents(*, meeting: Meeting) -> list[Document]:
    """The meeting's documents as its page lists them, each with ``earlier`` and ``later`` (the
    versions it supersedes and is superseded by, or None) and ``file_kind`` ("PDF", "DOCX")."""
    documents = list(
        Document.objects.filter(meeting=meeting)
        .select_related("supersedes__meeting", "superseded_by__meeting")
        # The other documents of a revision chain only as their links show them: building the
        # SQL of five tables' every column cost more than the rest of the list.
        .only(
            *CARD_FIELDS,
            *(f"{chain}__{name}" for chain in CHAIN for name in LINK_FIELDS),
        )
        .prefetch_related(
            Prefetch("versions", DocumentVersion.objects.only("document_id", "language"))
        )
        # meeting_agenda puts them under their agenda items, in the agenda's order.
        .order_by("symbol", "title", "pk")
    )
    for document in documents:
        document.earlier, document.later = _revision_chain(document)
        document.file_kind = document.file.name.rsplit(".", 1)[-1].upper() if document.file else ""
    with_conversions(documents)
    return documents


def documents_publishing(sources) -> dict[int, Document]:
    """The meeting document that publishes each of ``sources`` (objects of one model: a ToR, a
    work plan), by the source's pk: its latest issue; sources no document publishes are absent.
    One query, however many sources."""
    sources = list(sources)
    if not sources:
        return {}
    found = (
        Document.objects.filter(
            # Joined rather than looked up: a page's first look-up of a content type in a
            # process is a query of its own.
            source_type__app_label=sources[0]._meta.app_label,
            source_type__model=sources[0]._meta.model_name,
            source_id__in=[source.pk for source in sources],
        )
        .select_related("meeting")
        .order_by(F("date").asc(nulls_first=True), "pk")
    )
    # Oldest first (undated before dated, on every database), so that the latest of each source
    # is the one left in the dict.
    return {document.source_id: document for document in found}


def publishing_or_own(source, *, kind: str, title: str) -> Document:
    """The meeting document that publishes ``source``, else an unsaved one of ``kind`` under
    ``title``: how a source no meeting has published yet still prints and writes its Word file."""
    document = documents_publishing([source]).get(source.pk)
    return document or Document(kind=kind, title=title, source=source)


def with_conversions(documents: list[Document]) -> list[Document]:
    """Set each document's ``conversion``: that of its Word file's content (emg.conversions),
    or None (no Word file, or its conversion was never asked for). One query for them all."""
    hashes = {
        document.pk: stored_sha256(document.file)
        for document in documents
        if stored_kind(document.file) in WORD_KINDS
    }
    found = ConvertedFile.objects.of_hashes(h for h in hashes.values() if h)
    for document in documents:
        document.conversion = found.get(hashes.get(document.pk))
    return documents


def _revision_chain(document: Document) -> tuple[Document | None, Document | None]:
    """The version ``document`` supersedes, and the one that supersedes it (each or None)."""
    try:
        later = document.superseded_by
    except Document.DoesNotExist:
        later = None
    return document.supersedes, later


def meeting_agenda(*, meeting: Meeting, documents: list[Document]) -> list[dict]:
    """The meeting's agenda items in order, each with its "number" ("1.", "2." …), the
    ``documents`` presented under it (in their order), and whether it is "first" or "last"."""
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("order"))
    by_item: dict[int | None, list[Document]] = {}
    for document in documents:
        by_item.setdefault(document.agenda_item_id, []).append(document)
    return [
        {
            "item": item,
            "number": numbering.label("{1}.", position),
            "documents": by_item.get(item.pk, []),
            "first": position == 1,
            "last": position == len(items),
        }
        for position, item in enumerate(items, start=1)
    ]


def meeting_history(*, meeting: Meeting, user) -> list[QuerySet]:
    """The historical rows of the meeting's history page: the meeting's own, its sessions',
    agenda items' and documents', and those of the panels other apps show ``user`` on its
    page."""
    return [
        Meeting.history.filter(id=meeting.pk),
        Session.history.filter(meeting_id=meeting.pk),
        AgendaItem.history.filter(meeting_id=meeting.pk),
        Document.history.filter(meeting_id=meeting.pk),
        *home.history_sources(home.MEETING, meeting, user),
    ]


def sessions_coming() -> QuerySet:
    """The sessions from today on, soonest first, with their meetings."""
    return (
        Session.objects.filter(date__gte=timezone.localdate())
        .select_related("meeting")
        .order_by("date", "start_time", "pk")
    )


def meetings_latest(*, limit: int) -> list[Meeting]:
    """The ``limit`` latest meetings with their hosts and sessions."""
    return list(meeting_with_sessions().order_by("-number")[:limit])


def packs_ready() -> QuerySet:
    """The newest ready pack of each meeting, the latest meetings' first. A pack is rebuilt
    whenever one of its documents changes; only a meeting's newest counts."""
    ready = MeetingPack.objects.filter(status=MeetingPack.Status.READY)
    newest = ready.filter(meeting=OuterRef("meeting")).order_by(
        F("finished_at").desc(nulls_last=True), "-pk"
    )
    return (
        ready.filter(pk=Subquery(newest.values("pk")[:1]))
        .select_related("meeting")
        .order_by("-meeting__number")
    )


def meeting_packs(*, meeting: Meeting) -> QuerySet:
    """The meeting's packs, newest first, with who asked for each."""
    return meeting.packs.select_related("requested_by", "meeting").order_by("-created_at", "-pk")


def meeting_agenda_document(*, meeting: Meeting) -> Document:
    """The meeting's provisional agenda as a document: its own if it has one, else one made
    for its pack (not saved) that prints the same way."""
    agenda = (
        Document.objects.filter(meeting=meeting, kind=Document.Kind.AGENDA)
        .filter(superseded_by__isnull=True)
        # its head names its agenda item: loaded here, so that printing it reads nothing more
        .select_related("meeting", "agenda_item", "source_type")
        .order_by("-pk")
        .first()
    )
    if agenda is not None and agenda.source_type_id is not None:
        return agenda
    # Distributed as the documents the workspace generates for the meeting are, which the
    # cover repeats: a pack's cover and its agenda's head name their readers.
    return Document(
        title=_("Provisional agenda"),
        kind=Document.Kind.AGENDA,
        meeting=meeting,
        source_type=ContentType.objects.get_for_model(Meeting),
        source_id=meeting.pk,
        distribution=_("EMG Members"),
    )


def pack_documents(*, meeting: Meeting, agenda: Document) -> list[Document]:
    """The meeting's documents that go into its pack, in agenda order: not the one that is the
    pack's ``agenda``, and not one superseded by a later revision (which goes in instead).
    Their sources are read by emg.documents.with_sources."""
    return list(
        Document.objects.filter(meeting=meeting)
        .exclude(pk=agenda.pk)
        .filter(superseded_by__isnull=True)
        .select_related("meeting", "agenda_item", "source_type")
        .order_by(
            "agenda_item__order",
            # documents on no agenda item come last
            "symbol",
            "title",
            "pk",
        )
    )


# People.

ACTIVE, INVITED, DEACTIVATED = "active", "invited", "deactivated"


def people_list() -> QuerySet:
    """Everyone, with their entity and ``invited``: whether an invitation of theirs waits to be
    accepted (an inactive person who is not invited has been deactivated)."""
    pending = Invitation.objects.pending().filter(user=OuterRef("pk"))
    return User.objects.select_related("entity").annotate(invited=Exists(pending))


def person_state(person: User) -> str:
    """``ACTIVE``, ``INVITED`` or ``DEACTIVATED``; ``person`` comes from ``people_list``."""
    if person.is_active:
        return ACTIVE
    return INVITED if person.invited else DEACTIVATED


def person_history(*, person: User, user) -> list[QuerySet]:
    """The person's own changes and their invitations'."""
    return [
        User.history.filter(id=person.pk),
        Invitation.history.filter(user_id=person.pk),
        *home.history_sources(home.PERSON, person, user),
    ]


# A meeting's document symbols: "EMG/SOM.27/04" is the fourth document of SOM 27.
_LAST_NUMBER = re.compile(r"(\d+)(?!.*\d)")
_REVISION = re.compile(r"\W*Rev\.\s*\d+$", re.IGNORECASE)


def next_document_symbol(meeting: Meeting) -> str:
    """The symbol the meeting's next document takes, following those it has: the last run of
    digits of its highest-numbered symbol counted on ("EMG/SOM.26/03" → "EMG/SOM.26/04"; a
    revision's "/Rev.1" is no number of the document's), in that symbol's form; the Group's
    usual "EMG/SOM.<number>/01" for a meeting with none. Never one taken already, in any case."""
    form, number, width = f"EMG/SOM.{meeting.number}/", 0, 2
    stem_end = ""
    symbols = Document.objects.filter(meeting=meeting, symbol__isnull=False)
    for symbol in symbols.values_list("symbol", flat=True):
        symbol = _REVISION.sub("", symbol)
        found = _LAST_NUMBER.search(symbol)
        if found and int(found.group(1)) >= number:
            start, end = found.span(1)
            form, stem_end = symbol[:start], symbol[end:]
            number, width = int(found.group(1)), len(found.group(1))
    taken = {
        symbol.casefold()
        for symbol in Document.objects.filter(symbol__istartswith=form).values_list(
            "symbol", flat=True
        )
    }
    while True:
        number += 1
        symbol = f"{form}{number:0{width}d}{stem_end}"
        if symbol.casefold() not in taken:
            return symbol


# Documents the workspace generates from its own rows (a round's progress report, a meeting's
# annotated agenda or list of participants).


def generated_document(*, source, kind: str) -> Document | None:
    """The document of ``kind`` generated from ``source``, if it was issued: the latest in its
    revision chain."""
    return (
        Document.objects.filter(
            source_type=ContentType.objects.get_for_model(source), source_id=source.pk, kind=kind
        )
        .filter(superseded_by__isnull=True)
        .select_related("meeting", "agenda_item")
        .order_by("-pk")
        .first()
    )


def meeting_participants(*, meeting: Meeting) -> list[dict]:
    """The meeting's participants as the list prints them: by session (in date order), then by
    entity (alphabetically, as shown), then by name. Each session: {"session", "entities":
    [{"entity", "participants"}], "count"}; sessions with nobody are left out."""
    participants = (
        Participant.objects.filter(session__meeting=meeting)
        .select_related("session", "entity")
        .order_by("session__date", "session__pk", "name", "pk")
    )
    by_session: dict[int, dict] = {}
    for participant in participants:
        session = by_session.setdefault(
            participant.session_id,
            {"session": participant.session, "entities": {}, "count": 0},
        )
        shown = participant.entity_shown or _("Entity not given")
        session["entities"].setdefault(shown, []).append(participant)
        session["count"] += 1
    return [
        {
            "session": group["session"],
            "count": group["count"],
            "entities": [
                {"entity": entity, "participants": people}
                for entity, people in sorted(group["entities"].items(), key=lambda e: e[0].lower())
            ],
        }
        for group in by_session.values()
    ]
