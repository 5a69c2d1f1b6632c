"""The Group itself: member entities, people and their roles, SOM meetings and their documents."""

import hashlib

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from emg import limits, numbering
from emg.files import uploaded_sha256
from emg.schedules import Precision, Schedule
from emg.storage import private_storage
from emg.versions import Versioned


def choice_label(choices: type[models.Choices], value):
    """What ``get_FOO_display()`` answers, the label of ``value`` (or ``value`` itself when it is
    none of ``choices``), read from the enum. Django's own rebuilds a hashable dict of every lazy
    choice on each call (~0.3 ms), which a page or select of hundreds of rows pays once a row; the
    models below define their ``get_FOO_display`` with this instead (Django keeps a method a
    model defines itself)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def not_before(later: str, earlier: str, *, name: str) -> models.CheckConstraint:
    """The field ``later`` holds no value before ``earlier``'s, when both are set."""
    return models.CheckConstraint(
        condition=Q(**{f"{later}__isnull": True})
        | Q(**{f"{earlier}__isnull": True})
        | Q(**{f"{later}__gte": F(earlier)}),
        name=name,
    )


class Entity(models.Model):
    """A member of the Group (a UN entity), an observer, or another organisation."""

    class Kind(models.TextChoices):
        UN_ENTITY = "un_entity", _("UN entity")
        OBSERVER = "observer", _("Observer")
        OTHER = "other", _("Other")

    acronym = models.CharField(_("acronym"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.UN_ENTITY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("entity")
        verbose_name_plural = _("entities")

    def __str__(self):
        return self.acronym


class User(Versioned, AbstractUser):
    """A person: the secretariat invites them (emg.people), names their role and entity, and
    may deactivate them; their records stay. ``version`` counts the saves of the role and
    entity form (emg.versions)."""

    class Role(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        FOCAL_POINT = "focal_point", _("Focal point")
        SENIOR_OFFICIAL = "senior_official", _("Senior official")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    entity = models.ForeignKey(
        Entity,
        verbose_name=_("entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login", "version"])

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        name = self.get_full_name() or self.username
        return f"{name} ({self.entity})" if self.entity_id else name

    def get_role_display(self):
        return choice_label(self.Role, self.role)

    @property
    def is_secretariat(self) -> bool:
        return self.is_active and self.role == self.Role.SECRETARIAT

    @property
    def is_focal_point(self) -> bool:
        return self.is_active and self.role == self.Role.FOCAL_POINT

    @property
    def is_senior_official(self) -> bool:
        return self.is_active and self.role == self.Role.SENIOR_OFFICIAL


class Meeting(Versioned):
    """A Senior Officials Meeting (SOM) of the Group, identified by its number."""

    number = models.PositiveSmallIntegerField(
        _("SOM number"), unique=True, validators=[MinValueValidator(1)]
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    host = models.ForeignKey(
        Entity,
        verbose_name=_("host"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
    )
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-number"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="meeting_number_positive")
        ]

    def __str__(self):
        return _("SOM %(number)s") % {"number": self.number}

    @property
    def ordinal_title(self) -> str:
        return self.title or _("%(number)s Senior Officials Meeting") % {
            "number": numbering.ordinal(self.number)
        }


class Session(Versioned):
    """One segment of a meeting: the technical, senior or mid-term technical segment."""

    class Segment(models.TextChoices):
        TECHNICAL = "technical", _("Technical segment")
        SENIOR = "senior", _("Senior officials' segment")
        MID_TERM_TECHNICAL = "mid_term_technical", _("Mid-term technical segment")
        OTHER = "other", _("Other")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="sessions"
    )
    segment = models.CharField(_("segment"), max_length=30, choices=Segment.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    start_time = models.TimeField(_("starts"), null=True, blank=True)
    end_time = models.TimeField(_("ends"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=60, blank=True, help_text=_('As announced, e.g. "Geneva time".')
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online = models.BooleanField(_("online"), default=False)
    online_platform = models.CharField(_("online platform"), max_length=100, blank=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["meeting", "date", "start_time", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "segment"], name="session_one_per_segment"),
            not_before("end_time", "start_time", name="session_end_not_before_start"),
        ]

    def __str__(self):
        when = self.date.isoformat() if self.date else _("date to be confirmed")
        return f"{self.meeting} · {self.get_segment_display()} · {when}"

    def get_segment_display(self):
        return choice_label(self.Segment, self.segment)

    @property
    def place(self) -> str:
        if self.online:
            return self.online_platform or _("Online")
        return self.venue


class AgendaItem(Versioned):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=500)
    # What the provisional annotated agenda says under the item: what it is about, and the
    # decision the Senior Officials are invited to take ("The Senior Officials may wish to …").
    annotation = limits.text_field(_("annotation"), blank=True)
    suggested_action = limits.text_field(_("suggested action"), blank=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="agenda_item_unique_order"),
            limits.length_constraint("agenda_item", "annotation"),
            limits.length_constraint("agenda_item", "suggested_action"),
        ]

    def __str__(self):
        return f"{self.meeting} · {self.title}"


class Participant(Versioned):
    """Someone registered for a session of a meeting, as the list of participants prints them:
    name, entity and title. ``entity_name`` keeps the entity as the registration typed it;
    ``entity`` is the Group's entity it was recognised as, if any."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="participants"
    )
    name = models.CharField(_("name"), max_length=300)
    entity = models.ForeignKey(
        Entity,
        verbose_name=_("entity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participants",
    )
    entity_name = models.CharField(_("entity as registered"), max_length=300, blank=True)
    title = models.CharField(_("title or function"), max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["session", "entity_name", "name", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return self.name

    @property
    def entity_shown(self) -> str:
        """The entity as the list prints it: the Group's entity's name, else as registered."""
        if self.entity is not None:
            return f"{self.entity.name} ({self.entity.acronym})"
        return self.entity_name


def document_upload_to(instance, filename):
    return f"documents/{instance.meeting_id or 'none'}/{filename}"


class Language(models.TextChoices):
    """The six official languages of the United Nations, in which its documents are issued:
    every language version of a document carries the same symbol."""

    ARABIC = "ar", _("Arabic")
    CHINESE = "zh", _("Chinese")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    RUSSIAN = "ru", _("Russian")
    SPANISH = "es", _("Spanish")


RIGHT_TO_LEFT = {Language.ARABIC}


class Document(Versioned):
    """A SOM document: its metadata, and either a source object in the workspace or a file."""

    class Kind(models.TextChoices):
        TERMS_OF_REFERENCE = "terms_of_reference", _("Terms of reference")
        WORK_PLAN = "work_plan", _("Work plan")
        PROGRESS_REPORT = "progress_report", _("Progress report")
        ACTION_POINTS = "action_points", _("Summary of action points")
        STATUS_OF_IMPLEMENTATION = (
            "status_of_implementation",
            _("Status of implementation of action points"),
        )
        AGENDA = "agenda", _("Agenda")
        ANNOTATED_AGENDA = "annotated_agenda", _("Provisional annotated agenda")
        PARTICIPANTS = "participants", _("List of participants")
        MEETING_REPORT = "meeting_report", _("Report of the meeting")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINAL = "final", _("Final")

    symbol = models.CharField(_("symbol"), max_length=100, null=True, blank=True, unique=True)
    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    distribution = models.CharField(_("distribution"), max_length=200, blank=True)
    author_line = models.CharField(
        _("author line"), max_length=200, blank=True, help_text=_('e.g. "Note by the Chair"')
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="superseded_by",
    )
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=document_upload_to, blank=True
    )
    # The language it was written in: its source's (a document the workspace renders) or its
    # file's. Versions in other languages are DocumentVersion rows.
    # The SHA-256 of the file's bytes (emg.files.uploaded_sha256): a Word file's conversion is
    # found by it without reading the file.
    file_hash = models.CharField(_("file's SHA-256"), max_length=64, blank=True, editable=False)
    language = models.CharField(
        _("original language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    history = HistoricalRecords(excluded_fields=["version", "file_hash"])

    class Meta:
        ordering = ["meeting", "agenda_item__order", "symbol", "title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["source_type", "source_id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(symbol__isnull=True) | ~Q(symbol=""), name="document_symbol_not_blank"
            ),
            models.CheckConstraint(
                condition=Q(source_type__isnull=True, source_id__isnull=True)
                | Q(source_type__isnull=False, source_id__isnull=False),
                name="document_source_complete",
            ),
        ]

    def __str__(self):
        return f"{self.symbol} {self.title}" if self.symbol else self.title

    def get_kind_display(self):
        return choice_label(self.Kind, self.kind)

    def get_status_display(self):
        return choice_label(self.Status, self.status)

    def save(self, *args, **kwargs):
        self.file_hash = uploaded_sha256(self.file, self.file_hash)
        super().save(*args, **kwargs)

    def get_language_display(self):
        return choice_label(Language, self.language)


def version_upload_to(instance, filename):
    return f"documents/{instance.document.meeting_id or 'none'}/{instance.language}/{filename}"


class DocumentVersion(models.Model):
    """The document in a language other than its original one, as an uploaded file, under the
    same symbol (UN practice). The original is the document's own file or source."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    file = models.FileField(_("file"), storage=private_storage, upload_to=version_upload_to)
    file_hash = models.CharField(_("file's SHA-256"), max_length=64, blank=True, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["file_hash"])

    class Meta:
        ordering = ["document", "language"]
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"], name="document_version_one_per_language"
            ),
        ]

    def __str__(self):
        return f"{self.document} · {self.get_language_display()}"

    def save(self, *args, **kwargs):
        self.file_hash = uploaded_sha256(self.file, self.file_hash)
        super().save(*args, **kwargs)

    def get_language_display(self):
        return choice_label(Language, self.language)


class MeetingPackQuerySet(models.QuerySet):
    def unfinished(self):
        return self.filter(status__in=[MeetingPack.Status.PENDING, MeetingPack.Status.RENDERING])


class MeetingPack(models.Model):
    """The PDF pack of a meeting's documents, built in the background (emg.packs)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Queued")
        RENDERING = "rendering", _("Rendering")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="packs"
    )
    # Each document goes in its version in this language, or else its original (emg.packs.plan).
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to="packs/", blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    # When the build was handed to the broker; empty while the broker could not be reached, so
    # that the sweeper (emg.packs.queue.packs_sweep) knows which requests it still has to send.
    enqueued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The sources' stamp (emg.packs.stamps) when this pack was last compared with the meeting's
    # content, and what that comparison found: while no source has been written since, the
    # verdict stands without printing a document again.
    checked_stamp = models.CharField(_("checked at stamp"), max_length=64, blank=True)
    checked_stale = models.BooleanField(_("stale when checked"), default=False)
    # Who asked to be told when the build ends, ready or failed (emg.notifications).
    watchers = models.ManyToManyField(
        User, verbose_name=_("notify when finished"), blank=True, related_name="+"
    )

    objects = MeetingPackQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "-created_at"]
        verbose_name = _("meeting pack")
        verbose_name_plural = _("meeting packs")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="pack_progress_at_most_100"
            ),
            not_before("finished_at", "started_at", name="pack_finished_not_before_started"),
        ]

    def __str__(self):
        return f"{self.meeting} pack · {self.get_status_display()}"

    def get_status_display(self):
        return choice_label(self.Status, self.status)

    @property
    def is_unfinished(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RENDERING)


class RenderedPart(models.Model):
    """One document's HTML printed to PDF, kept under the hash of that HTML.

    A pack is merged from these: a document whose HTML has not changed since any earlier build
    is not printed again. Keyed by content, not by document, so that two builds racing for the
    same content meet on the unique hash, and an edit that is undone finds its old part. The
    page count is kept here so that a pack's table of contents can be numbered without opening
    the files."""

    content_hash = models.CharField(_("content hash"), max_length=64, unique=True)
    file = models.FileField(_("file"), storage=private_storage, upload_to="parts/")
    page_count = models.PositiveIntegerField(_("pages"))
    created_at = models.DateTimeField(_("rendered"), auto_now_add=True)

    class Meta:
        verbose_name = _("rendered part")
        verbose_name_plural = _("rendered parts")
        constraints = [
            models.CheckConstraint(condition=Q(page_count__gte=1), name="part_has_pages"),
        ]

    def __str__(self):
        return f"{self.content_hash[:12]} · {self.page_count}"


class ConvertedFileQuerySet(models.QuerySet):
    def of_hashes(self, hashes) -> dict[str, "ConvertedFile"]:
        """The conversions of the sources of these content hashes, by hash."""
        return {c.content_hash: c for c in self.filter(content_hash__in=set(hashes))}


class ConvertedFile(models.Model):
    """An uploaded Word file (DOCX, DOC, ODT, RTF) converted to PDF by LibreOffice
    (emg.conversions), kept under the SHA-256 of the uploaded bytes.

    A row of its own rather than a ``RenderedPart``: a part is printed in the build that needs
    it and exists only once it is printed, whereas a conversion is queued at the upload, has a
    state the upload page shows while it runs, and may fail with a reason the pack lists. Keyed
    by the source's content, like a part, so that the same file uploaded again (to another
    meeting, or as a new revision) is converted once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Queued")
        CONVERTING = "converting", _("Converting")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    content_hash = models.CharField(_("content hash of the source"), max_length=64, unique=True)
    kind = models.CharField(_("kind of source"), max_length=8)  # emg.files: docx, doc, odt, rtf
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    file = models.FileField(_("PDF"), storage=private_storage, upload_to="converted/", blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    first_page_text = models.TextField(_("text of the first page"), blank=True)
    first_page = models.FileField(
        _("first page (PNG)"), storage=private_storage, upload_to="converted/", blank=True
    )
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ConvertedFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("converted Word file")
        verbose_name_plural = _("converted Word files")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="ready") | (Q(page_count__gte=1) & ~Q(file="")),
                name="converted_ready_has_pages",
            ),
        ]

    def __str__(self):
        return f"{self.content_hash[:12]} · {self.get_status_display()}"

    def get_status_display(self):
        return choice_label(self.Status, self.status)

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED


class Scheduled(models.Model):
    """A start and an end period, month or quarter each, read and written by emg.schedules."""

    schedule_start = models.DateField(_("schedule starts"), null=True, blank=True)
    schedule_start_precision = models.CharField(
        max_length=10, choices=Precision.choices, blank=True
    )
    schedule_end = models.DateField(_("schedule ends"), null=True, blank=True)
    schedule_end_precision = models.CharField(max_length=10, choices=Precision.choices, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    schedule_start__isnull=True,
                    schedule_end__isnull=True,
                    schedule_start_precision="",
                    schedule_end_precision="",
                )
                | (
                    Q(schedule_start__isnull=False, schedule_end__isnull=False)
                    & ~Q(schedule_start_precision="")
                    & ~Q(schedule_end_precision="")
                ),
                name="%(app_label)s_%(class)s_schedule_complete",
            ),
            models.CheckConstraint(
                condition=Q(schedule_end__isnull=True) | Q(schedule_end__gte=F("schedule_start")),
                name="%(app_label)s_%(class)s_schedule_end_not_before_start",
            ),
        ]

    @property
    def schedule(self) -> Schedule | None:
        if self.schedule_start is None or self.schedule_end is None:
            return None
        return Schedule.from_dates(
            self.schedule_start,
            self.schedule_start_precision,
            self.schedule_end,
            self.schedule_end_precision,
        )

    @schedule.setter
    def schedule(self, value: Schedule | None) -> None:
        if value is None:
            self.schedule_start = self.schedule_end = None
            self.schedule_start_precision = self.schedule_end_precision = ""
        else:
            self.schedule_start = value.start.first_day
            self.schedule_start_precision = value.start.precision
            self.schedule_end = value.end.last_day
            self.schedule_end_precision = value.end.precision


class UserSession(AbstractBaseSession):
    """A session, with the user signed in to it (emg.sessions writes it on every save), so that
    deactivating a user can end every session of theirs with one indexed delete."""

    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")

    @classmethod
    def get_session_store_class(cls):
        from emg.sessions import SessionStore

        return SessionStore


class ImportUpload(models.Model):
    """Files the secretariat uploaded to import, kept between the preview and the confirmation.

    Found by a random token and only by the user who uploaded them; the bytes live in the private
    storage (``ImportFile``), never in the session. Confirming claims the row once
    (``imported_at``), so a second click imports nothing; what the import did is kept in
    ``report`` for the summary page."""

    token = models.CharField(_("token"), max_length=64, unique=True)
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    report = models.JSONField(_("report"), default=list)

    class Meta:
        verbose_name = _("upload to import")
        verbose_name_plural = _("uploads to import")

    def __str__(self):
        return self.token[:8]


class ImportFile(models.Model):
    """One file of an upload to import, in the order it was chosen."""

    upload = models.ForeignKey(
        ImportUpload, verbose_name=_("upload"), on_delete=models.CASCADE, related_name="files"
    )
    order = models.PositiveIntegerField(_("order"))
    # As the uploader's computer named it: shown, never used as a path.
    name = models.CharField(_("name"), max_length=255)
    file = models.FileField(_("file"), storage=private_storage, upload_to="imports/")

    class Meta:
        verbose_name = _("file to import")
        verbose_name_plural = _("files to import")
        ordering = ["upload", "order"]
        constraints = [
            models.UniqueConstraint(fields=["upload", "order"], name="import_file_unique_order")
        ]

    def __str__(self):
        return self.name


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        """Invitations neither accepted nor revoked (expired ones included: they can be sent
        again)."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(models.Model):
    """The secretariat's invitation of a person, e-mailed as a link that sets up their sign-in
    (emg.people).

    The link's token is kept only as its SHA-256 (``token_hash``): a copy of the database opens
    no one's account. The link works once (``accepted_at``, claimed by compare-and-set), until
    ``expires_at``, and not after it is revoked or sent again (a new token replaces the old).
    ``sent_token`` is the hash whose e-mail has gone: the task that sends it claims it first, so
    that running it twice sends one e-mail."""

    user = models.ForeignKey(
        User,
        verbose_name=_("person"),
        null=True,
        blank=True,
        # A revoked invitation's person, who never signed in, is deleted; the invitation stays
        # as the record of who was invited, and its link says it was revoked.
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=300)
    entity = models.ForeignKey(
        Entity,
        verbose_name=_("entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=20, choices=User.Role.choices)
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("invited"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_token = models.CharField(max_length=64, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token_hash", "sent_token"])

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_not_accepted_and_revoked",
            )
        ]

    def __str__(self):
        return _("Invitation of %(email)s") % {"email": self.email}

    def get_role_display(self):
        return choice_label(User.Role, self.role)

    def is_expired(self, now) -> bool:
        return self.expires_at <= now


# Notifications (emg.notifications)


class Delivery(models.TextChoices):
    """How a person wants a kind of notification by e-mail. The inbox keeps every notification
    whatever the choice: "off" silences the mail, never the work."""

    IMMEDIATE = "immediate", _("Immediately")
    DIGEST = "digest", _("In a daily digest")
    OFF = "off", _("No e-mail")


class NotificationDigest(models.Model):
    """The daily digest mail of one person on one day: at most one, whoever runs it."""

    recipient = models.ForeignKey(
        User, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField(_("date"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification digest")
        verbose_name_plural = _("notification digests")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "date"], name="notification_digest_once_a_day"
            )
        ]

    def __str__(self):
        return f"{self.recipient} · {self.date.isoformat()}"


class Notification(models.Model):
    """Something one person should know about, once: the row is unique per recipient, kind and
    event (``key``), and its ``emailed_at`` is claimed before the mail goes, so that neither a
    repeated event nor a repeated task sends it twice.

    What it says is written when it is created (``summary``, ``context``), in words the
    recipient may read: the mail and the inbox show it as it was, even if the object changes."""

    recipient = models.ForeignKey(
        User, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40)  # emg.notifications.registry
    key = models.CharField(_("event"), max_length=100)
    summary = models.CharField(_("summary"), max_length=300)
    url = models.CharField(_("link"), max_length=500, blank=True)  # a path of this site
    context = models.JSONField(_("details"), default=dict, blank=True)
    delivery = models.CharField(_("e-mail"), max_length=10, choices=Delivery.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    digest = models.ForeignKey(
        NotificationDigest,
        verbose_name=_("digest"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "key"], name="notification_once_each"
            )
        ]
        indexes = [
            # The inbox, newest first.
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            # The unread count in every page's header.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self):
        return self.summary

    def get_delivery_display(self):
        return choice_label(Delivery, self.delivery)


class NotificationPreference(models.Model):
    """A person's choice of delivery for one kind, over the kind's default for their role."""

    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=40)
    delivery = models.CharField(_("e-mail"), max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")
        ]

    def __str__(self):
        return f"{self.user} · {self.kind}: {self.delivery}"


class CalendarFeedQuerySet(models.QuerySet):
    def for_token(self, token: str):
        """The feed whose secret ``token`` this is, if its owner may still read it: only the
        token's SHA-256 is stored, and a deactivated person's feed answers no more."""
        return self.filter(
            token_hash=CalendarFeed.hash(token), user__is_active=True
        ).select_related("user")


class CalendarFeed(models.Model):
    """A person's calendar feed: its address carries a secret token, since calendar clients
    cannot sign in. Only the token's hash is kept (it is shown once, when made); resetting it
    makes a new token, and the old address answers 404 from then on."""

    user = models.OneToOneField(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(_("token's SHA-256"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    reset_at = models.DateTimeField(_("reset"), auto_now=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class MeetingReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The reports ``user`` may read: a draft is the secretariat's; senior officials read
        it from when it is circulated for their comments; everyone with a role once final."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.role == User.Role.SECRETARIAT:
            return self
        if user.role == User.Role.SENIOR_OFFICIAL:
            return self.exclude(status=MeetingReport.Status.DRAFT)
        if user.role == User.Role.FOCAL_POINT:
            return self.filter(status=MeetingReport.Status.FINAL)
        return self.none()


class MeetingReport(Versioned):
    """The report of a meeting, which the secretariat writes after it: the sessions and who
    attended them, a summary typed for each agenda item, and the decisions adopted (each app
    adds what it records: emg.reports). Drafted by the secretariat alone, circulated for comment
    to the Senior Officials as a draft document of the meeting, then issued final (everyone
    reads it then): from then on it is locked, and prints as it read that day (``final_text``),
    whatever changes since."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CIRCULATED = "circulated", _("Circulated for comment")
        FINAL = "final", _("Final")

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="report"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    opening = limits.text_field(
        _("opening of the meeting"),
        blank=True,
        help_text=_("Who opened the meeting, who chaired it, and the adoption of the agenda."),
    )
    closing = limits.text_field(_("closing of the meeting"), blank=True)
    comments_due = models.DateField(_("comments due"), null=True, blank=True)
    circulated_at = models.DateTimeField(_("circulated"), null=True, blank=True, editable=False)
    finalised_at = models.DateTimeField(_("issued final"), null=True, blank=True, editable=False)
    # What the report said when it was issued final (emg.reports.report_text): the document
    # prints this from then on.
    final_text = models.JSONField(_("final text"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["version", "final_text"])

    objects = MeetingReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report of the meeting")
        verbose_name_plural = _("reports of meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="final", final_text__isnull=False) | ~Q(status="final"),
                name="meeting_report_final_has_text",
            ),
            limits.length_constraint("meeting_report", "opening"),
            limits.length_constraint("meeting_report", "closing"),
        ]

    def __str__(self):
        return _("Report of the %(meeting)s") % {"meeting": self.meeting.ordinal_title}

    def get_status_display(self):
        return choice_label(self.Status, self.status)

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL


class ItemSummary(Versioned):
    """What the report of the meeting says of one agenda item, as the secretariat typed it."""

    report = models.ForeignKey(
        MeetingReport,
        verbose_name=_("report of the meeting"),
        on_delete=models.CASCADE,
        related_name="summaries",
    )
    agenda_item = models.OneToOneField(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="summary",
    )
    text = limits.text_field(_("summary"), blank=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("summary of an agenda item")
        verbose_name_plural = _("summaries of agenda items")
        constraints = [limits.length_constraint("item_summary", "text")]

    def __str__(self):
        return str(self.agenda_item)


class ReportComment(models.Model):
    """A comment on a report circulated for comment."""

    report = models.ForeignKey(
        MeetingReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        User, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = limits.text_field(_("comment"))
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "created_at", "pk"]
        verbose_name = _("comment on a report")
        verbose_name_plural = _("comments on reports")
        constraints = [limits.length_constraint("report_comment", "text")]

    def __str__(self):
        return self.text[:80]


class ApiTokenQuerySet(models.QuerySet):
    def for_key(self, key: str):
        """The live token whose secret ``key`` this is: only the key's SHA-256 is stored, and a
        revoked token or a deactivated person's answers no more."""
        return self.filter(
            key_hash=ApiToken.hash(key), revoked_at__isnull=True, user__is_active=True
        ).select_related("user", "user__entity")

    def live(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal key to the read-only API (emg.api), for scripts that cannot sign in. Its
    owner names it, sees it once when it is made and revokes it on their Security page; only
    the key's hash is kept, and its first characters, so that the owner can tell which is which.
    A token reads what its owner may read, no more."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("starts with"), max_length=8)
    key_hash = models.CharField(_("key's SHA-256"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


class SearchEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The entries ``user`` may find: what the pages they lead to show that reader (each
        source gives its rows' audience as the model's own ``visible_to`` decides)."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        audience = SearchEntry.Audience
        if user.role == User.Role.SECRETARIAT:
            return self
        if user.role == User.Role.FOCAL_POINT:
            mine = user.focal_point_roles.values("mandate_id")
            return self.filter(
                Q(audience=audience.EVERYONE)
                | Q(
                    audience__in=[audience.MANDATE, audience.MANDATE_AND_SENIOR],
                    mandate_id__in=mine,
                )
            )
        if user.role == User.Role.SENIOR_OFFICIAL:
            return self.filter(audience__in=[audience.EVERYONE, audience.MANDATE_AND_SENIOR])
        return self.none()


class SearchEntry(models.Model):
    """One record as the global search finds it (emg.search): its text, where it is, and who may
    find it. Written only by emg.search.index from the sources the apps register; a copy, never
    the truth, so ``manage.py search_index`` may rebuild it at any time.

    Who may find a row is ``audience`` (with ``mandate_id`` for a mandate's own rows), so that
    the rows a reader may see are one WHERE clause (``SearchEntryQuerySet.visible_to``), the
    same whatever the number of hits. On PostgreSQL the table also has a ``search_vector``
    column (weighted title A, headings B, body C) generated from these, with a GIN index: see
    migration 0015, which creates it on PostgreSQL only."""

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone with a role")
        SECRETARIAT = "secretariat", _("The secretariat")
        # The secretariat and the focal points of mandate_id: a mandate's drafts.
        MANDATE = "mandate", _("The mandate's focal points")
        # ... and the Senior Officials too: accepted progress.
        MANDATE_AND_SENIOR = "mandate_senior", _("The mandate's focal points and Senior Officials")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(_("kind"), max_length=30)  # a source's kind (emg.search)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    symbol = models.CharField(_("symbol"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=500)
    headings = models.TextField(_("headings"), blank=True)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500)
    audience = models.CharField(_("who finds it"), max_length=20, choices=Audience.choices)
    # Not a key to mandates.Mandate: emg knows nothing of the apps to its right.
    mandate_id = models.PositiveBigIntegerField(null=True, blank=True)
    indexed_at = models.DateTimeField(_("indexed"), auto_now=True)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_entry_one_per_object"
            ),
        ]
        indexes = [
            # A UN symbol typed as it is written is found before any text search.
            models.Index(Upper("symbol"), name="search_entry_symbol_idx"),
            models.Index(fields=["kind", "year"], name="search_entry_kind_year_idx"),
        ]

    def __str__(self):
        return self.title
