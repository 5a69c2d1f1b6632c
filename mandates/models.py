"""Mandates of the Group (issue management groups, consultative processes, task teams …), their
terms of reference, who sits in them, and the SOM decisions that establish, extend and end them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from emg import limits, numbering
from emg.models import Entity, Meeting, choice_label
from emg.ordering import sibling_constraints
from emg.versions import Versioned


class MandateQuerySet(models.QuerySet):
    def active_on(self, day):
        """Mandates running on ``day``: started by then and not yet ended."""
        return self.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=day),
            Q(end_date__isnull=True) | Q(end_date__gte=day),
        ).exclude(status__in=[Mandate.Status.PROPOSED])


class Mandate(Versioned):
    class Kind(models.TextChoices):
        IMG = "img", _("Issue Management Group")
        CONSULTATIVE_PROCESS = "consultative_process", _("Consultative process")
        TASK_TEAM = "task_team", _("Task team")
        COALITION = "coalition", _("Coalition")
        REVIEW_PROCESS = "review_process", _("Review process")
        DIALOGUE_SERIES = "dialogue_series", _("Dialogue series")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("Active")
        CONCLUDED = "concluded", _("Concluded")
        TRANSFERRED = "transferred", _("Transferred")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    key = models.CharField(
        _("matching key"),
        max_length=300,
        unique=True,
        help_text=_(
            "The name reduced to its topic words; how documents naming it differently are matched."
        ),
    )
    description = limits.text_field(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    start_date = models.DateField(_("started"), null=True, blank=True)
    end_date = models.DateField(_("ends"), null=True, blank=True)
    status_decision = models.ForeignKey(
        "Decision",
        verbose_name=_("status set by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entities = models.ManyToManyField(
        Entity, through="Membership", related_name="mandates", verbose_name=_("entities")
    )
    history = HistoricalRecords(excluded_fields=["version"])

    objects = MandateQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        # The list pages a few hundred mandates in name order.
        indexes = [models.Index(fields=["name"], name="mandate_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="mandate_end_not_before_start",
            ),
            models.CheckConstraint(condition=~Q(key=""), name="mandate_key_not_blank"),
            limits.length_constraint("mandate", "description"),
        ]

    def __str__(self):
        return self.name

    # The labels of its kind and status, from the enums, for pages listing many mandates:
    # get_FOO_display works the choices out again on every call.

    @property
    def kind_label(self) -> str:
        return self.Kind(self.kind).label

    @property
    def status_label(self) -> str:
        return self.Status(self.status).label


class MandateAlias(models.Model):
    """Another name a document gave the mandate ("IMG on …" for "Issue Management Group on …")."""

    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name"), max_length=300, unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("mandate alias")
        verbose_name_plural = _("mandate aliases")

    def __str__(self):
        return self.name


class Membership(Versioned):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        CO_LEAD = "co_lead", _("Co-lead")
        MEMBER = "member", _("Member")
        OBSERVER = "observer", _("Observer")

    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="memberships")
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["mandate", "role", "entity__acronym"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["mandate", "entity"], name="membership_unique")
        ]

    def __str__(self):
        return f"{self.entity} · {self.get_role_display()} · {self.mandate}"


class FocalPoint(models.Model):
    """A person nominated by an entity to report for a mandate."""

    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="focal_points")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="focal_point_roles"
    )
    nominated_by = models.ForeignKey(
        Entity, verbose_name=_("nominated by"), on_delete=models.PROTECT, related_name="+"
    )
    since = models.DateField(_("since"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["mandate", "user__last_name", "user__username"]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        constraints = [
            models.UniqueConstraint(fields=["mandate", "user"], name="focal_point_unique")
        ]

    def __str__(self):
        return f"{self.user} for {self.mandate}"


class TermsOfReference(Versioned):
    mandate = models.ForeignKey(
        Mandate, on_delete=models.CASCADE, related_name="terms_of_reference"
    )
    title = models.CharField(_("title"), max_length=500)
    established_at = models.ForeignKey(
        Meeting,
        verbose_name=_("established at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reports_to = models.ForeignKey(
        Meeting,
        verbose_name=_("reports to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), null=True, blank=True
    )
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["mandate", "pk"]
        verbose_name = _("terms of reference")
        verbose_name_plural = _("terms of reference")

    def __str__(self):
        return self.title

    def outline(self) -> list[tuple["Clause", str, int]]:
        """Every clause in reading order with its label and depth: sections lettered "A.",
        paragraphs numbered "1." across the whole document, nested clauses "a)" then "i"."""
        return clause_outline(self.clauses.all())


class Clause(Versioned):
    """One part of a ToR: a lettered section, a paragraph numbered across the whole document, or a
    nested clause ("a)", then "i")."""

    class Kind(models.TextChoices):
        SECTION = "section", _("Section")
        PARAGRAPH = "paragraph", _("Paragraph")
        ITEM = "item", _("Clause")

    tor = models.ForeignKey(TermsOfReference, on_delete=models.CASCADE, related_name="clauses")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    order = models.PositiveIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = limits.text_field(_("text"))
    history = HistoricalRecords(excluded_fields=["version"])

    ITEM_LABELS = ("{a})", "{i}", "({A})")

    class Meta:
        ordering = ["tor", "parent_id", "order"]
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        constraints = [
            *sibling_constraints("clause", top="tor"),
            limits.length_constraint("clause", "text"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.order}: {self.text[:60]}"

    @property
    def kind_label(self) -> str:
        """From the enum, for the outline's many clauses (see Mandate.kind_label)."""
        return self.Kind(self.kind).label


class Footnote(Versioned):
    """A footnote of a ToR, shown after ``anchor`` in its clause (or at the clause's end)."""

    tor = models.ForeignKey(TermsOfReference, on_delete=models.CASCADE, related_name="footnotes")
    clause = models.ForeignKey(
        Clause, null=True, blank=True, on_delete=models.SET_NULL, related_name="footnotes"
    )
    order = models.PositiveIntegerField(_("order"))
    anchor = models.CharField(
        _("anchor"), max_length=200, blank=True, help_text=_("The words the mark follows.")
    )
    text = limits.text_field(_("text"), max_length=limits.NOTE)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["tor", "order"]
        verbose_name = _("footnote")
        verbose_name_plural = _("footnotes")
        constraints = [
            models.UniqueConstraint(fields=["tor", "order"], name="tor_footnote_unique_order"),
            limits.length_constraint("tor_footnote", "text", limits.NOTE),
        ]

    def __str__(self):
        return f"{self.order}. {self.text[:60]}"


class DecisionSection(Versioned):
    """A numbered section of a meeting's action points, usually one per body ("I. Consultative
    Process on Biodiversity"), opened by "The Senior Officials:"."""

    class LabelStyle(models.TextChoices):
        LETTER = "{a})", _("a), b), c)")
        ROMAN = "{i}.", _("i., ii., iii.")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decision_sections")
    order = models.PositiveIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=500)
    mandate = models.ForeignKey(
        Mandate, null=True, blank=True, on_delete=models.SET_NULL, related_name="decision_sections"
    )
    label_style = models.CharField(
        _("labels"), max_length=10, choices=LabelStyle.choices, default=LabelStyle.LETTER
    )
    history = HistoricalRecords(excluded_fields=["version"])

    NUMBER_PATTERN = "{I}."

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("decision section")
        verbose_name_plural = _("decision sections")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "order"], name="decision_section_unique_order"
            )
        ]

    def __str__(self):
        return f"{self.meeting} · {self.title}"


class DecisionQuerySet(models.QuerySet):
    def action_points(self):
        """The decisions that ask someone to act (``Decision.ACTION_VERBS``). A lead-in with items
        is not one itself: its items are, when the lead-in asks for action and the item's own
        words do not say otherwise ("Request the Task Team to:" then "prepare a report;")."""
        verbs = list(Decision.ACTION_VERBS)
        return self.filter(
            Q(verb__in=verbs) | Q(verb=Decision.Verb.OTHER, parent__verb__in=verbs)
        ).exclude(children__isnull=False)


class Decision(Versioned):
    """One action point of the Senior Officials. A lead-in ("Agree to extend the Task Team … to:")
    carries the verb; its children are the items it introduces.

    A decision that asks for action (``ACTION_VERBS``) says who is to act and by when; the
    progress reported on the tasks it becomes says how far it is implemented."""

    class Verb(models.TextChoices):
        ESTABLISH = "establish", _("establish")
        EXTEND = "extend", _("extend")
        CONCLUDE = "conclude", _("conclude")
        TRANSFER = "transfer", _("transfer")
        ENDORSE = "endorse", _("endorse")
        REQUEST = "request", _("request")
        INVITE = "invite", _("invite")
        WELCOME = "welcome", _("welcome")
        TAKE_NOTE = "take_note", _("take note")
        ENCOURAGE = "encourage", _("encourage")
        OTHER = "other", _("other")

    # Decisions that change what a mandate is, and the status each one leaves it in.
    STATUS_AFTER = {
        Verb.ESTABLISH: Mandate.Status.ACTIVE,
        Verb.EXTEND: Mandate.Status.ACTIVE,
        Verb.CONCLUDE: Mandate.Status.CONCLUDED,
        Verb.TRANSFER: Mandate.Status.TRANSFERRED,
    }

    # The verbs of decisions that ask someone to act and are followed up until implemented.
    # Taking note, welcoming, endorsing, concluding and transferring are done at the meeting.
    ACTION_VERBS = (
        Verb.ESTABLISH,
        Verb.EXTEND,
        Verb.REQUEST,
        Verb.INVITE,
        Verb.ENCOURAGE,
    )

    class Actor(models.TextChoices):
        MANDATE = "mandate", _("The mandate")
        ENTITIES = "entities", _("Entities")
        SECRETARIAT = "secretariat", _("The secretariat")

    section = models.ForeignKey(DecisionSection, on_delete=models.CASCADE, related_name="decisions")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    order = models.PositiveIntegerField(_("order"))
    verb = models.CharField(_("kind"), max_length=20, choices=Verb.choices, default=Verb.OTHER)
    text = limits.text_field(_("text"))
    mandate = models.ForeignKey(
        Mandate, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    effective_until = models.DateField(
        _("mandate runs until"),
        null=True,
        blank=True,
        help_text=_("For an establishment or extension: the new end date of the mandate."),
    )
    actor = models.CharField(
        _("to act"), max_length=20, choices=Actor.choices, default=Actor.SECRETARIAT
    )
    entities = models.ManyToManyField(
        Entity,
        verbose_name=_("entities to act"),
        blank=True,
        related_name="action_points",
    )
    due_date = models.DateField(_("due by"), null=True, blank=True)
    due_next_som = models.BooleanField(_("due by the next SOM"), default=False)
    history = HistoricalRecords(excluded_fields=["version"], m2m_fields=[entities])

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["section", "parent_id", "order"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            *sibling_constraints("decision", top="section"),
            limits.length_constraint("decision", "text"),
            models.CheckConstraint(
                condition=Q(due_date__isnull=True) | Q(due_next_som=False),
                name="decision_due_once",
            ),
        ]

    def __str__(self):
        return f"{self.section.meeting} · {self.get_verb_display()} · {self.text[:60]}"

    def get_verb_display(self):
        return choice_label(self.Verb, self.verb)

    @property
    def changes_mandate(self) -> bool:
        return self.verb in self.STATUS_AFTER

    @property
    def addressed_mandate_id(self) -> int | None:
        """The mandate the decision is addressed to: its own, else its lead-in's, else its
        section's."""
        if self.mandate_id is not None:
            return self.mandate_id
        if self.parent is not None and self.parent.mandate_id is not None:
            return self.parent.mandate_id
        return self.section.mandate_id

    @classmethod
    def default_actor(cls, mandate_id: int | None) -> str:
        """Who acts on a decision until the secretariat says otherwise: the mandate it is
        addressed to, else the secretariat."""
        return cls.Actor.MANDATE if mandate_id is not None else cls.Actor.SECRETARIAT

    def get_actor_display(self):
        return choice_label(self.Actor, self.actor)


def action_problems(
    *, actor: str, entities, mandate_id: int | None, due_date, due_next_som: bool
) -> dict[str, str]:
    """What is wrong with who is to act on a decision and by when, by field: entities named
    when entities act (and only then), a mandate to act when the mandate does, one deadline at
    most. The decision's form and its services both ask."""
    problems = {}
    if actor == Decision.Actor.ENTITIES and not entities:
        problems["entities"] = _("Name the entities that are to act.")
    if actor != Decision.Actor.ENTITIES and entities:
        problems["entities"] = _("Entities are named only when entities are to act.")
    if actor == Decision.Actor.MANDATE and mandate_id is None:
        problems["actor"] = _(
            "The decision is addressed to no mandate: say which mandate it is about, or who "
            "else is to act."
        )
    if due_date is not None and due_next_som:
        problems["due_date"] = _("Give a date or the next SOM as the deadline, not both.")
    return problems


def section_labels(decisions) -> dict[int, str]:
    """Labels of a section's decisions by primary key. Lead-ins with items carry no label; the
    items, and decisions standing alone, are labelled in the section's style."""
    decisions = list(decisions)
    if not decisions:
        return {}
    style = decisions[0].section.label_style
    with_children = {d.parent_id for d in decisions if d.parent_id}
    labels: dict[int, str] = {}
    groups: dict[int | None, list] = {}
    for decision in decisions:
        groups.setdefault(decision.parent_id, []).append(decision)
    for siblings in groups.values():
        numbered = [d for d in sorted(siblings, key=lambda d: d.order) if d.pk not in with_children]
        for position, decision in enumerate(numbered, start=1):
            labels[decision.pk] = numbering.label(style, position)
    return labels


def clause_outline(clauses) -> list[tuple[Clause, str, int]]:
    children: dict[int | None, list[Clause]] = {}
    for clause in clauses:
        children.setdefault(clause.parent_id, []).append(clause)
    for siblings in children.values():
        siblings.sort(key=lambda c: c.order)
    counters = {Clause.Kind.SECTION: 0, Clause.Kind.PARAGRAPH: 0}
    outline: list[tuple[Clause, str, int]] = []

    def walk(parent_id, depth, item_depth):
        item_position = 0
        for clause in children.get(parent_id, []):
            if clause.kind == Clause.Kind.SECTION:
                counters[clause.kind] += 1
                text = numbering.label("{A}.", counters[clause.kind])
            elif clause.kind == Clause.Kind.PARAGRAPH:
                counters[clause.kind] += 1
                text = numbering.label("{1}.", counters[clause.kind])
            else:
                item_position += 1
                pattern = Clause.ITEM_LABELS[min(item_depth, len(Clause.ITEM_LABELS) - 1)]
                text = numbering.label(pattern, item_position)
            outline.append((clause, text, depth))
            nested_items = item_depth + 1 if clause.kind == Clause.Kind.ITEM else 0
            walk(clause.pk, depth + 1, nested_items)

    walk(None, 0, 0)
    return outline
