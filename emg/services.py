"""Writes of the Group's rows: the secretariat's edits of meetings, their sessions, agenda items
and documents, each claiming the version its form was opened on (emg.versions); and a meeting's
agenda and documents added, moved and deleted."""

from __future__ import annotations

import datetime
import secrets

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emg import ordering, selectors
from emg.conversions import conversion_request
from emg.models import (
    AgendaItem,
    ApiToken,
    CalendarFeed,
    Document,
    DocumentVersion,
    Entity,
    ItemSummary,
    Meeting,
    MeetingReport,
    Participant,
    ReportComment,
    Session,
    User,
)
from emg.notifications.kinds import report_issued_notify
from emg.reports import build_report_text
from emg.selectors import documents_publishing
from emg.versions import StaleEdit, bump, claim, save_claimed


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, version: int, number: int, title: str, host: Entity | None
) -> Meeting:
    return save_claimed(meeting, version, number=number, title=title, host=host)


@transaction.atomic
def session_update(
    *,
    session: Session,
    version: int,
    segment: str,
    date: datetime.date | None,
    start_time: datetime.time | None,
    end_time: datetime.time | None,
    time_zone: str,
    venue: str,
    online: bool,
    online_platform: str,
) -> Session:
    return save_claimed(
        session,
        version,
        segment=segment,
        date=date,
        start_time=start_time,
        end_time=end_time,
        time_zone=time_zone,
        venue=venue,
        online=online,
        online_platform=online_platform,
    )


@transaction.atomic
def session_delete(*, session: Session) -> None:
    ordering.lock(Meeting, session.meeting_id)
    ordering.current(session).delete()


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    version: int,
    title: str,
    annotation: str = "",
    suggested_action: str = "",
) -> AgendaItem:
    return save_claimed(
        item, version, title=title, annotation=annotation, suggested_action=suggested_action
    )


@transaction.atomic
def agenda_item_add(
    *, meeting: Meeting, title: str, annotation: str = "", suggested_action: str = ""
) -> AgendaItem:
    """Add an item at the end of the meeting's agenda."""
    meeting = ordering.lock(Meeting, meeting.pk)
    return ordering.add_last(
        meeting.agenda_items,
        title=title,
        annotation=annotation,
        suggested_action=suggested_action,
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
    ordering.lock(Meeting, item.meeting_id)
    item = ordering.current(item)
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
    is committed. A Word file just uploaded is converted to PDF once this is committed
    (emg.conversions)."""
    previous = (
        Document.objects.filter(pk=document.pk).values_list("file", flat=True).first()
        if document.pk
        else None
    )
    _save_with_file(document, previous, lambda: conversion_request(document=document))
    return document


def _save_with_file(row, previous: str | None, converted) -> None:
    """Save ``row`` (a document or a language version) with the file set on it, which
    replaces the stored file ``previous`` (or none). A file just uploaded is written to the
    storage as the row is saved, and ``converted()`` asks for its conversion to PDF; should
    either fail, the new file is removed again. The file it replaces is removed only once the
    new one is committed."""
    uploaded = bool(row.file) and not row.file._committed
    try:
        with transaction.atomic():
            row.save()
            if uploaded:
                converted()
    except BaseException:
        if row.file and row.file.name != previous and row.file._committed:
            row.file.storage.delete(row.file.name)
        raise
    if previous and previous != row.file.name:
        _remove_file_after_commit(previous)


@transaction.atomic
def document_update(
    *,
    document: Document,
    version: int,
    symbol: str | None,
    title: str,
    kind: str,
    date: datetime.date | None,
    distribution: str,
    author_line: str,
    agenda_item: AgendaItem | None,
    status: str,
    supersedes: Document | None,
    language: str,
    file,
) -> Document:
    """Save the document's metadata and, as a form cleans it, its ``file``: None leaves the
    file as it is, False removes it, an upload replaces it (document_save keeps the storage
    in step with the row)."""
    claim(document, version)
    document.symbol, document.title, document.kind, document.date = symbol, title, kind, date
    document.distribution, document.author_line = distribution, author_line
    document.agenda_item, document.status, document.supersedes = agenda_item, status, supersedes
    document.language = language
    Document._meta.get_field("file").save_form_data(document, file)
    return document_save(document=document)


@transaction.atomic
def document_delete(*, document: Document) -> None:
    """Delete the document and its files (its own and its language versions'). A later
    version that superseded it now supersedes nothing."""
    # One by one rather than the database's SET NULL, so the history shows the chain change.
    for later in Document.objects.filter(supersedes=document):
        later.supersedes = None
        later.save(update_fields=["supersedes"])
    names = [document.file.name] if document.file else []
    names += [version.file.name for version in document.versions.all() if version.file]
    document.delete()
    for name in names:
        _remove_file_after_commit(name)


@transaction.atomic
def document_version_upload(*, document: Document, language: str, file) -> DocumentVersion:
    """Keep ``file`` as the document's version in ``language`` (another than its original's),
    replacing the file of a version in that language. Uploads to one document take turns; a
    file replaced is removed once the new one is committed, a Word file converted to PDF."""
    document = ordering.lock(Document, document.pk)
    if language == document.language:
        raise ValidationError(
            {
                "language": _(
                    "This is the document's original language: upload its file on the "
                    "document's own form."
                )
            }
        )
    version = DocumentVersion.objects.filter(document=document, language=language).first()
    previous = version.file.name if version is not None else None
    version = version or DocumentVersion(document=document, language=language)
    version.file = file
    _save_with_file(
        version, previous, lambda: conversion_request(document=document, version=version)
    )
    return version


@transaction.atomic
def document_version_delete(*, version: DocumentVersion) -> None:
    ordering.lock(Document, version.document_id)
    version = ordering.current(version)
    name = version.file.name
    version.delete()
    if name:
        _remove_file_after_commit(name)


@transaction.atomic
def calendar_feed_reset(*, user: User) -> str:
    """Give ``user`` a calendar feed with a new secret token, and return the token: the only
    time it is known, since only its hash is stored. The feed's old address, if any, answers no
    more from the moment this commits. Two resets at once both succeed; the later one's token
    is the one that works."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        user=user, defaults={"token_hash": CalendarFeed.hash(token)}
    )
    return token


# secrets.token_urlsafe(32): 43 characters, 256 random bits. The prefix shown beside a token's
# name is its first characters, too few to guess the rest from.
API_TOKEN_PREFIX_LENGTH = 8


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Make ``user`` a personal API token called ``name``, and return it with its key: the only
    time the key is known, since only its hash is stored."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=key[:API_TOKEN_PREFIX_LENGTH], key_hash=ApiToken.hash(key)
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> None:
    """Stop ``token`` working from the moment this commits. The row stays, marked revoked, so
    its owner sees when it was used last; revoking it twice changes nothing."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def document_issue(
    *,
    source,
    kind: str,
    meeting: Meeting,
    version: int,
    symbol: str | None,
    title: str,
    date: datetime.date | None,
    distribution: str,
    author_line: str,
    agenda_item: AgendaItem | None,
    status: str,
) -> Document:
    """Issue ``source`` (a round, a meeting …) as a document of ``kind`` of ``meeting``, whose
    text the workspace renders from it; or, when it was issued before, save the document's new
    particulars (its text follows its source by itself). ``version`` is that of the document
    the form was opened on, 0 for none: a document issued meanwhile by someone else (a second
    click of the same button included) is a conflict, shown with its values, not a second
    document."""
    # Issues of the meeting's documents take turns, so two at once cannot both find none.
    ordering.lock(Meeting, meeting.pk)
    document = selectors.generated_document(source=source, kind=kind)
    if document is None:
        if version:
            raise StaleEdit(Document, None, None)
        document = Document(
            kind=kind,
            meeting=meeting,
            source_type=ContentType.objects.get_for_model(source),
            source_id=source.pk,
        )
    else:
        claim(document, version)
    document.symbol, document.title, document.date = symbol, title, date
    document.distribution, document.author_line = distribution, author_line
    document.agenda_item, document.status = agenda_item, status
    document.save()
    return document


@transaction.atomic
def document_generate(*, source, kind: str, meeting: Meeting, title: str) -> Document:
    """The document of ``kind`` generated from ``source`` for ``meeting`` (its annotated agenda,
    its list of participants): made on the first call, with the meeting's next symbol and
    today's date; dated today again on each later one, so that generating it twice leaves one
    document. Its text always follows its source; its head is edited with the meeting's other
    documents."""
    ordering.lock(Meeting, meeting.pk)
    document = selectors.generated_document(source=source, kind=kind)
    if document is None:
        return Document.objects.create(
            kind=kind,
            meeting=meeting,
            source_type=ContentType.objects.get_for_model(source),
            source_id=source.pk,
            symbol=selectors.next_document_symbol(meeting),
            title=title,
            date=timezone.localdate(),
            distribution=_("EMG Members"),
            author_line=_("Note by the Secretariat"),
        )
    document.date = timezone.localdate()
    document.save(update_fields=["date"])
    # A form opened on the document before is now stale: its save is refused, not applied over.
    bump(document)
    return document


# The list of participants


@transaction.atomic
def participants_import(*, meeting: Meeting, registrations) -> tuple[int, int]:
    """Save the people a registration export lists (emg.participants.read_registrations) as
    participants of ``meeting``'s sessions: someone already listed for the session (by name,
    whatever its case) gets the entity and title registered now, anyone else is added. All or
    nothing. (added, updated)."""
    ordering.lock(Meeting, meeting.pk)
    added = updated = 0
    for registration in registrations:
        values = {
            "entity": registration.entity,
            "entity_name": registration.entity_name,
            "title": registration.title,
        }
        listed = Participant.objects.filter(
            session=registration.session, name__iexact=registration.name
        ).first()
        if listed is None:
            Participant.objects.create(
                session=registration.session, name=registration.name, **values
            )
            added += 1
        elif any(getattr(listed, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(listed, field, value)
            listed.save()
            bump(listed)
            updated += 1
    return added, updated


def _entity_name(entity: Entity | None, entity_name: str) -> str:
    # Typed on the form or chosen from the Group's entities: the list prints one or the other.
    return entity_name.strip() or (entity.acronym if entity is not None else "")


@transaction.atomic
def participant_add(
    *, session: Session, name: str, entity: Entity | None, entity_name: str, title: str
) -> Participant:
    return Participant.objects.create(
        session=session,
        name=name,
        entity=entity,
        entity_name=_entity_name(entity, entity_name),
        title=title,
    )


@transaction.atomic
def participant_update(
    *,
    participant: Participant,
    version: int,
    session: Session,
    name: str,
    entity: Entity | None,
    entity_name: str,
    title: str,
) -> Participant:
    return save_claimed(
        participant,
        version,
        session=session,
        name=name,
        entity=entity,
        entity_name=_entity_name(entity, entity_name),
        title=title,
    )


@transaction.atomic
def participant_delete(*, participant: Participant) -> None:
    """Delete the participant; deleted already (a second click), nothing more happens."""
    Participant.objects.filter(pk=participant.pk).delete()


# The report of a meeting (emg.reports): drafted, circulated for comment, issued final and locked.

REPORT_IS_FINAL = _(
    "The report of the meeting has been issued final: it is locked and can no longer be changed."
)


@transaction.atomic
def meeting_report_start(*, meeting: Meeting) -> MeetingReport:
    """The meeting's report, begun now if it was not yet (twice, or at the same instant, it is
    the same report)."""
    ordering.lock(Meeting, meeting.pk)
    report, _created = MeetingReport.objects.get_or_create(meeting=meeting)
    return report


def _open_report(report: MeetingReport) -> MeetingReport:
    """``report`` locked for the rest of the transaction, as it is now; refused when final.
    Every write of a report and its summaries takes this lock first, so that none slips in
    while it is issued final."""
    current = MeetingReport.objects.select_for_update().get(pk=report.pk)
    if current.is_final:
        raise ValidationError(REPORT_IS_FINAL)
    return current


@transaction.atomic
def meeting_report_update(
    *, report: MeetingReport, version: int, opening: str, closing: str
) -> MeetingReport:
    _open_report(report)
    return save_claimed(report, version, opening=opening, closing=closing)


@transaction.atomic
def item_summary_save(
    *, report: MeetingReport, agenda_item: AgendaItem, version: int, text: str
) -> ItemSummary:
    """Write what the report says of ``agenda_item``. ``version`` is the summary's as the form
    was opened, 0 when it had none yet."""
    _open_report(report)
    summary = ItemSummary.objects.filter(agenda_item=agenda_item).first()
    if summary is None:
        if version != 0:  # written, then deleted with its item? The form is stale either way.
            raise StaleEdit(ItemSummary, None, None)
        return ItemSummary.objects.create(report=report, agenda_item=agenda_item, text=text)
    if version == 0:  # a colleague wrote the first summary since the form was opened
        raise StaleEdit(ItemSummary, summary.pk, summary)
    return save_claimed(summary, version, text=text)


def _report_document(report: MeetingReport) -> Document:
    """The meeting document that publishes ``report``: the one it has, else a new one."""
    found = documents_publishing([report]).get(report.pk)
    if found is not None:
        return found
    meeting = report.meeting
    return Document(
        kind=Document.Kind.MEETING_REPORT,
        title=_("Report of the %(meeting)s") % {"meeting": meeting.ordinal_title},
        symbol=selectors.next_document_symbol(meeting),
        meeting=meeting,
        distribution=_("EMG Members"),
        author_line=_("Note by the Secretariat"),
        source=report,
    )


def _issue_report_document(report: MeetingReport, status: str) -> None:
    """The report's document, as ``status`` and dated today; its readers told."""
    document = _report_document(report)
    document.status = status
    document.date = timezone.localdate()
    document.save()
    report_issued_notify(report=report)


@transaction.atomic
def meeting_report_circulate(
    *, report: MeetingReport, version: int, comments_due: datetime.date | None
) -> MeetingReport:
    """Circulate the draft for comment: it becomes a draft document of the meeting, which every
    member reads, dated today. Circulating it again (a second draft, after comments) dates it
    anew."""
    _open_report(report)
    claim(report, version)
    report.status = MeetingReport.Status.CIRCULATED
    report.comments_due = comments_due
    report.circulated_at = timezone.now()
    report.save()
    _issue_report_document(report, Document.Status.DRAFT)
    return report


@transaction.atomic
def meeting_report_finalise(*, report: MeetingReport, version: int) -> MeetingReport:
    """Issue the report final: its text as it reads now is kept and prints from now on, its
    document is final and dated today, and nothing of it can be changed any more."""
    _open_report(report)
    claim(report, version)
    if report.status != MeetingReport.Status.CIRCULATED:
        raise ValidationError(_("Circulate the draft for comment before issuing the report final."))
    report.final_text = build_report_text(report)
    report.status = MeetingReport.Status.FINAL
    report.finalised_at = timezone.now()
    report.save()
    _issue_report_document(report, Document.Status.FINAL)
    return report


@transaction.atomic
def report_comment_add(*, report: MeetingReport, author: User, text: str) -> ReportComment:
    """Comment on the report while it is circulated; not on a draft nor on the final one."""
    report = MeetingReport.objects.select_for_update().get(pk=report.pk)
    if report.status != MeetingReport.Status.CIRCULATED:
        raise ValidationError(_("The report is not circulated for comment."))
    return ReportComment.objects.create(report=report, author=author, text=text)
