"""Biennial work plans: expected outcomes, activities tied to mandates, nested milestones with
schedules, and frozen revisions (original, Rev.1, Rev.2 …)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from emg import limits, numbering
from emg.models import Meeting, Scheduled
from emg.ordering import sibling_constraints
from emg.versions import Versioned
from mandates.models import Mandate


class WorkPlan(Versioned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        SUPERSEDED = "superseded", _("Superseded")

    class OutcomeNumbering(models.TextChoices):
        LETTERS = "{A}.", _("A., B., C.")
        ROMAN = "{I}.", _("I., II., III.")

    class ActivityNumbering(models.TextChoices):
        PER_OUTCOME = "per_outcome", _("1., 2. … again under each outcome")
        CONTINUOUS = "continuous", _("1., 2. … across the whole plan")

    class MilestoneStyle(models.TextChoices):
        LETTERED = "lettered", _("(a), then (i)")
        BULLETED = "bulleted", _("bullets")

    title = models.CharField(_("title"), max_length=300)
    period_start = models.PositiveSmallIntegerField(_("first year"))
    period_end = models.PositiveSmallIntegerField(_("last year"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    revision = models.PositiveSmallIntegerField(
        _("revision"), default=0, help_text=_("0 for the original, 1 for Rev.1 …")
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("SOM"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_plans",
        help_text=_("The SOM the plan is presented to, or that approved it."),
    )
    introduction = limits.text_field(_("introduction"), blank=True)
    outcome_numbering = models.CharField(
        _("outcome numbering"),
        max_length=10,
        choices=OutcomeNumbering.choices,
        default=OutcomeNumbering.ROMAN,
    )
    activity_numbering = models.CharField(
        _("activity numbering"),
        max_length=12,
        choices=ActivityNumbering.choices,
        default=ActivityNumbering.CONTINUOUS,
    )
    milestone_style = models.CharField(
        _("milestones"),
        max_length=10,
        choices=MilestoneStyle.choices,
        default=MilestoneStyle.LETTERED,
    )
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-period_start", "title"]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        # The list's order, newest biennium first.
        indexes = [
            models.Index(fields=["-period_start", "title"], name="work_plan_newest_first_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="work_plan_period_end_not_before_start",
            ),
            models.UniqueConstraint(
                fields=["period_start", "period_end"],
                condition=~Q(status="superseded"),
                name="work_plan_one_current_per_period",
            ),
            limits.length_constraint("work_plan", "introduction"),
        ]

    def __str__(self):
        return self.title

    @property
    def period(self) -> str:
        return f"{self.period_start}\u2013{self.period_end}"

    @property
    def revision_label(self) -> str:
        return revision_label(self.revision)

    @property
    def is_frozen(self) -> bool:
        """An approved plan is the text the SOM adopted, and a superseded one is history: neither
        is edited any more (a new draft is carried forward instead)."""
        return self.status in (self.Status.APPROVED, self.Status.SUPERSEDED)

    def within_period(self, schedule) -> bool:
        """Whether ``schedule`` (an emg.schedules.Schedule, or None) falls inside the plan's
        years. Schedules outside are allowed (work may start early) but flagged."""
        if schedule is None:
            return True
        return self.period_start <= schedule.start.year and schedule.end.year <= self.period_end

    def numbered(self):
        """Outcomes, activities and milestones with their labels, as one nested structure.

        Runs three queries whatever the size of the plan."""
        outcomes = list(self.outcomes.all())
        activities = list(
            Activity.objects.filter(outcome__work_plan=self).select_related("mandate")
        )
        milestones = list(Milestone.objects.filter(activity__outcome__work_plan=self))
        return number_plan(self, outcomes, activities, milestones)


def revision_label(revision: int) -> str:
    return _("original") if revision == 0 else f"Rev.{revision}"


def revision_name(revision: int) -> str:
    """A revision as a sentence names it: "the original", "Rev.1"."""
    return _("the original") if revision == 0 else revision_label(revision)


class WorkPlanRevision(models.Model):
    """A frozen copy of a plan as issued ("original", "Rev.1" …), kept for diffs."""

    work_plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField(_("revision"))
    snapshot = models.JSONField(_("snapshot"))
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the revision changes and why, as the secretariat puts it when issuing it. Revisions
    # issued before notes were asked for have none.
    note = limits.text_field(_("note"), max_length=limits.NOTE, blank=True)

    class Meta:
        ordering = ["work_plan", "number"]
        verbose_name = _("work plan revision")
        verbose_name_plural = _("work plan revisions")
        constraints = [
            models.UniqueConstraint(fields=["work_plan", "number"], name="revision_unique_number"),
            limits.length_constraint("work_plan_revision", "note", limits.NOTE),
        ]

    def __str__(self):
        return f"{self.work_plan} {revision_label(self.number)}"


class Footnote(models.Model):
    work_plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="footnotes")
    order = models.PositiveIntegerField(_("order"))
    anchor = models.CharField(
        _("anchor"), max_length=200, blank=True, help_text=_("The words the mark follows.")
    )
    text = limits.text_field(_("text"), max_length=limits.NOTE)
    history = HistoricalRecords()

    class Meta:
        ordering = ["work_plan", "order"]
        verbose_name = _("footnote")
        verbose_name_plural = _("footnotes")
        constraints = [
            models.UniqueConstraint(
                fields=["work_plan", "order"], name="work_plan_footnote_unique_order"
            ),
            limits.length_constraint("work_plan_footnote", "text", limits.NOTE),
        ]

    def __str__(self):
        return f"{self.order}. {self.text[:60]}"


class Outcome(Versioned):
    """An expected outcome (or "expected accomplishment"): a heading and a statement."""

    work_plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="outcomes")
    order = models.PositiveIntegerField(_("order"))
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    statement = limits.text_field(_("statement"), blank=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["work_plan", "order"]
        verbose_name = _("expected outcome")
        verbose_name_plural = _("expected outcomes")
        constraints = [
            models.UniqueConstraint(fields=["work_plan", "order"], name="outcome_unique_order"),
            models.CheckConstraint(
                condition=~Q(heading="", statement=""), name="outcome_has_heading_or_statement"
            ),
            limits.length_constraint("outcome", "statement"),
        ]

    def __str__(self):
        return self.heading or self.statement[:80]


class Activity(Scheduled, Versioned):
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="activities")
    order = models.PositiveIntegerField(_("order"))
    mandate = models.ForeignKey(
        Mandate,
        verbose_name=_("mandate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    title = models.CharField(_("title"), max_length=500)
    description = limits.text_field(_("description"), blank=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta(Scheduled.Meta):
        ordering = ["outcome", "order"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            *Scheduled.Meta.constraints,
            models.UniqueConstraint(fields=["outcome", "order"], name="activity_unique_order"),
            limits.length_constraint("activity", "description"),
        ]

    def __str__(self):
        return self.title


class Milestone(Scheduled, Versioned):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="milestones")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    order = models.PositiveIntegerField(_("order"))
    text = limits.text_field(_("text"))
    due_date = models.DateField(_("due"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["version"])

    LABELS = ("({a})", "({i})", "({A})")

    class Meta(Scheduled.Meta):
        ordering = ["activity", "parent_id", "order"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            *Scheduled.Meta.constraints,
            *sibling_constraints("milestone", top="activity"),
            limits.length_constraint("milestone", "text"),
        ]

    def __str__(self):
        return self.text[:80]

    def descendant_ids(self) -> set[int]:
        """The ids of the milestones under this one, at any depth (one query)."""
        children: dict[int | None, list[int]] = {}
        siblings = Milestone.objects.filter(activity_id=self.activity_id)
        for pk, parent_id in siblings.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        found, pending = set(), [self.pk]
        while pending:
            for child in children.get(pending.pop(), []):
                found.add(child)
                pending.append(child)
        return found


BULLET = "\u2013"


def milestone_label(style: str, depth: int, position: int) -> str:
    if style == WorkPlan.MilestoneStyle.BULLETED:
        return BULLET
    return numbering.label(Milestone.LABELS[min(depth, len(Milestone.LABELS) - 1)], position)


def number_plan(plan, outcomes, activities, milestones) -> list[dict]:
    """Nest and label a plan's rows. Labels come from order only: "I."/"A." for outcomes, "1."
    for activities (again under each outcome, or across the plan), "(a)" then "(i)" for
    milestones. Each activity also gets ``number``, its label without the full stop, which
    references like "2.(b)" use."""
    activities_by_outcome: dict[int, list] = {}
    for activity in sorted(activities, key=lambda a: a.order):
        activities_by_outcome.setdefault(activity.outcome_id, []).append(activity)
    milestones_by_parent: dict[tuple, list] = {}
    for milestone in sorted(milestones, key=lambda m: m.order):
        key = (milestone.activity_id, milestone.parent_id)
        milestones_by_parent.setdefault(key, []).append(milestone)

    def nest(activity_id, parent_id, depth):
        rows = []
        for position, milestone in enumerate(
            milestones_by_parent.get((activity_id, parent_id), []), start=1
        ):
            rows.append(
                {
                    "milestone": milestone,
                    "label": milestone_label(plan.milestone_style, depth, position),
                    "depth": depth,
                    "children": nest(activity_id, milestone.pk, depth + 1),
                }
            )
        return rows

    result, activity_number = [], 0
    for outcome_position, outcome in enumerate(sorted(outcomes, key=lambda o: o.order), start=1):
        if plan.activity_numbering == WorkPlan.ActivityNumbering.PER_OUTCOME:
            activity_number = 0
        rows = []
        for activity in activities_by_outcome.get(outcome.pk, []):
            activity_number += 1
            rows.append(
                {
                    "activity": activity,
                    "number": str(activity_number),
                    "label": numbering.label("{1}.", activity_number),
                    "milestones": nest(activity.pk, None, 0),
                }
            )
        result.append(
            {
                "outcome": outcome,
                "label": numbering.label(plan.outcome_numbering, outcome_position),
                "activities": rows,
            }
        )
    return result
