"""Reporting rounds before a SOM: the tasks each mandate reports on, and the updates focal points
file for them."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, CharField, F, Q, Value, When
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from emg import limits
from emg.models import Meeting, Session
from emg.versions import Versioned
from mandates.models import Decision, Mandate
from workplans.models import Activity, Milestone


class ReportingRoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The rounds ``user`` may know exist: a round being prepared is the secretariat's
        until it opens."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.role == "secretariat":
            return self
        return self.exclude(state=ReportingRound.State.DRAFT)


class ReportingRound(Versioned):
    class State(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("for meeting"), on_delete=models.PROTECT, related_name="rounds"
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("for session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rounds",
    )
    title = models.CharField(_("title"), max_length=300)
    opens_on = models.DateField(_("opens"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = ReportingRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-meeting__number", "-deadline", "title"]
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__isnull=True)
                | Q(opens_on__isnull=True)
                | Q(deadline__gte=F("opens_on")),
                name="round_deadline_not_before_opening",
            ),
        ]

    def __str__(self):
        return self.title

    def is_late(self, today: datetime.date) -> bool:
        """Whether the deadline has passed: what is still unsubmitted then is overdue."""
        return self.deadline is not None and self.deadline < today


class ReportSection(Versioned):
    """A numbered section of the progress report ("I. Collaboration on Global Environmental
    Issues") grouping the bodies that report under it."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)
    history = HistoricalRecords(excluded_fields=["version"])

    NUMBER_PATTERN = "{I}."
    BODY_PATTERN = "{a})"

    class Meta:
        ordering = ["round", "order"]
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        constraints = [
            models.UniqueConstraint(fields=["round", "order"], name="report_section_unique_order")
        ]

    def __str__(self):
        return self.title


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The tasks ``user`` may know exist: all for the secretariat; a focal point's own
        mandates' tasks once their round is open (a round being prepared is the secretariat's
        until then, whatever is in it); for senior officials, tasks whose update the
        secretariat accepted."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.role == "secretariat":
            return self
        opened = self.exclude(round__state=ReportingRound.State.DRAFT)
        if user.role == "focal_point":
            return opened.filter(mandate__in=Mandate.objects.filter(focal_points__user=user))
        if user.role == "senior_official":
            return opened.filter(update__state=Update.State.ACCEPTED)
        return self.none()

    def with_progress(self):
        """The tasks annotated with ``progress``: where each stands, one of Progress.CHOICES."""
        return self.annotate(
            progress=Case(
                When(update__isnull=True, then=Value(Progress.NOT_STARTED)),
                When(
                    update__state=Update.State.DRAFT,
                    update__author__isnull=True,
                    then=Value(Progress.NOT_STARTED),
                ),
                default="update__state",
                output_field=CharField(),
            )
        )


class Task(Versioned):
    """Something a mandate reports on in a round, taken from a decision or a work-plan item."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(
        ReportSection, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, related_name="tasks")
    order = models.PositiveIntegerField(_("order"))
    text = limits.text_field(_("task"))
    source_decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    source_activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    source_milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    history = HistoricalRecords(excluded_fields=["version"])

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["round", "order"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.UniqueConstraint(fields=["round", "order"], name="task_unique_order"),
            limits.length_constraint("task", "text"),
        ]

    def __str__(self):
        return self.text[:80]


class Status(models.TextChoices):
    """The fixed vocabulary progress items start with."""

    COMPLETED = "completed", _("Completed")
    ONGOING = "ongoing", _("Ongoing")
    ONGOING_POSTPONED = "ongoing_postponed", _("Ongoing/postponed")
    NOT_STARTED = "not_started", _("Not yet started")

    @property
    def lead(self) -> str:
        """How the status is written in front of a progress item's text: "Completed:",
        "Ongoing:", "Ongoing/postponed:", "Not yet started." The one place this is decided, for
        pages, the report, its PDF and Word file; the importer reads these back
        (progress.importing.cells.read_status)."""
        return f"{self.label}." if self == Status.NOT_STARTED else f"{self.label}:"

    @classmethod
    def of(cls, statuses) -> "Status":
        """What several progress items say together, as an action point's implementation is
        summed up: completed when every item is, postponed when one is, not started when none
        has started (or there is none), else ongoing."""
        statuses = set(statuses)
        if not statuses or statuses == {cls.NOT_STARTED}:
            return cls.NOT_STARTED
        if statuses == {cls.COMPLETED}:
            return cls.COMPLETED
        if cls.ONGOING_POSTPONED in statuses:
            return cls.ONGOING_POSTPONED
        return cls.ONGOING


class Update(Versioned):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")

    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="update")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    next_steps = limits.text_field(_("next steps"), blank=True)
    reviewer_comment = limits.text_field(_("reviewer's comment"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["task"]
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        # Updates awaiting review (submitted) are counted and listed across every round.
        indexes = [
            models.Index(fields=["state"], name="update_state_idx"),
            # The review queue, oldest first (progress.panels.awaiting_review_updates): walked
            # in order, the home page's panel stops after its first rows instead of joining
            # and sorting every submitted update.
            models.Index(
                fields=["submitted_at", "id"],
                condition=models.Q(state="submitted"),
                name="update_review_queue_idx",
            ),
        ]
        constraints = [
            limits.length_constraint("update", "next_steps"),
            limits.length_constraint("update", "reviewer_comment"),
        ]

    def __str__(self):
        return f"{self.task} · {self.get_state_display()}"


class Progress:
    """Where a task stands in its round (TaskQuerySet.with_progress). "Not started" is a task
    with no update, or with a draft no focal point has saved yet (one carried over from the
    previous round's next steps)."""

    NOT_STARTED = "not_started"
    DRAFT = Update.State.DRAFT.value
    SUBMITTED = Update.State.SUBMITTED.value
    RETURNED = Update.State.RETURNED.value
    ACCEPTED = Update.State.ACCEPTED.value

    CHOICES = [
        (NOT_STARTED, _("Not started")),
        (DRAFT, _("Draft")),
        (SUBMITTED, _("Submitted")),
        (RETURNED, _("Returned")),
        (ACCEPTED, _("Accepted")),
    ]
    # Still the focal points' to do: late once the deadline has passed.
    UNSUBMITTED = (NOT_STARTED, DRAFT, RETURNED)


class UpdateItem(models.Model):
    """One progress item: a status word and what happened."""

    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(_("order"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    text = limits.text_field(_("progress"), blank=True)
    target_date = models.DateField(_("new target date"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["update", "order"]
        verbose_name = _("progress item")
        verbose_name_plural = _("progress items")
        constraints = [
            models.UniqueConstraint(fields=["update", "order"], name="update_item_unique_order"),
            limits.length_constraint("update_item", "text"),
        ]

    def __str__(self):
        return f"{self.get_status_display()}: {self.text[:60]}"

    @property
    def postponement(self) -> str:
        """What the report prints after a postponed item: "Postponed to March 2021" (the
        month, as the Group's reports give new target dates); empty for an item on time."""
        if self.target_date is None:
            return ""
        return gettext("Postponed to %(month)s") % {"month": date_format(self.target_date, "F Y")}


class Reminder(models.Model):
    """A reminder e-mail sent to a focal point about a round: one of each kind per person and
    round, ever. The unique constraint is what makes a re-run of the daily task harmless."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Deadline approaching")
        DUE = "due", _("Deadline today")
        OVERDUE = "overdue", _("Overdue")

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["round", "sent_at", "pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "user", "kind"], name="reminder_once_per_person_round_kind"
            )
        ]

    def __str__(self):
        return f"{self.round} · {self.user} · {self.get_kind_display()}"
