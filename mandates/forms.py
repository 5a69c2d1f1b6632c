"""The secretariat's forms: mandates, their terms of reference, members and focal points, and a
meeting's action points (decision sections and decisions).

Edit forms carry the version of the row they were opened on (emg.forms.VersionedForm), which
the services claim: saving over a change made since the form was opened is refused with the
current values shown.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import BLANK_CHOICE_DASH
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from emg.forms import DateInput, VersionedForm
from emg.models import Entity, Meeting, User
from emg.people import email_taken
from mandates import services
from mandates.models import (
    Clause,
    Decision,
    DecisionSection,
    FocalPoint,
    Footnote,
    Mandate,
    MandateAlias,
    Membership,
    TermsOfReference,
    action_problems,
)
from mandates.selectors import mandates_for, meeting_date, section_label


class MandateForm(VersionedForm):
    class Meta:
        model = Mandate
        fields = ["kind", "name", "short_name", "description"]
        help_texts = {
            "short_name": _('An acronym if the body has one, e.g. "SWFS".'),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        kind, name = cleaned.get("kind"), cleaned.get("name")
        if kind and name:
            others = Mandate.objects.exclude(pk=self.instance.pk)
            twin = others.filter(key=services.mandate_key(kind=kind, name=name)).first()
            if twin:
                self.add_error(
                    "name",
                    _("This is the name of an existing mandate: %(name)s.") % {"name": twin},
                )
            alias = (
                MandateAlias.objects.exclude(mandate_id=self.instance.pk)
                .select_related("mandate")
                .filter(name__iexact=name)
                .first()
            )
            if alias and not twin:
                self.add_error(
                    "name",
                    _("Documents use this name for another mandate: %(name)s.")
                    % {"name": alias.mandate},
                )
        return cleaned


class SomNumberField(forms.ModelChoiceField):
    """A SOM given by its number, as everyone names it ("26"): a select would list every SOM
    there has been, one more each year."""

    widget = forms.NumberInput(attrs={"min": 1})

    def __init__(self, **kwargs):
        super().__init__(Meeting.objects.all(), to_field_name="number", **kwargs)
        self.error_messages["invalid_choice"] = _("There is no SOM %(value)s.")


class TermsOfReferenceForm(VersionedForm):
    class Meta:
        model = TermsOfReference
        fields = ["title", "established_at", "reports_to", "duration_months"]

    established_at = SomNumberField(
        label=_("Established at"),
        required=False,
        help_text=_("The number of the SOM that established the body, e.g. 26."),
    )
    reports_to = SomNumberField(
        label=_("Reports to"),
        required=False,
        help_text=_("The number of the SOM the body reports to."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The meetings themselves (loaded with the ToR), so that their numbers are shown.
        for name in ("established_at", "reports_to"):
            if getattr(self.instance, f"{name}_id"):
                self.initial[name] = getattr(self.instance, name)

    def clean(self):
        cleaned = super().clean()
        established, reports_to = cleaned.get("established_at"), cleaned.get("reports_to")
        if established and reports_to and reports_to.number < established.number:
            self.add_error(
                "reports_to",
                _("A body cannot report to a SOM held before the one that established it."),
            )
        return cleaned


INDENT = "\u2003"  # an em space per level, so the choices read as the outline does


def outline_choices(tor: TermsOfReference) -> tuple[list[tuple[int, str]], dict[int, Clause]]:
    """The clauses of ``tor`` as choices, in reading order and with their labels."""
    choices, clauses = [], {}
    for clause, label, depth in tor.outline():
        excerpt = clause.text if len(clause.text) <= 70 else clause.text[:67] + "…"
        choices.append((clause.pk, f"{INDENT * depth}{label} {excerpt}"))
        clauses[clause.pk] = clause
    return choices, clauses


class ClauseAddForm(forms.Form):
    parent = forms.TypedChoiceField(
        label=_("Where"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("At the end of the document, or at the end of the clause you choose."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Clause.Kind.choices)
    text = forms.CharField(
        label=_("Text"),
        max_length=Clause._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, tor: TermsOfReference, **kwargs):
        super().__init__(*args, **kwargs)
        self.tor = tor
        choices, self.clauses = outline_choices(tor)
        self.fields["parent"].choices = [("", _("Top level of the document")), *choices]

    def clean_parent(self):
        pk = self.cleaned_data["parent"]
        return self.clauses[pk] if pk is not None else None

    def clean(self):
        cleaned = super().clean()
        if "parent" in cleaned and cleaned.get("kind"):
            problem = services.clause_kind_problem(kind=cleaned["kind"], parent=cleaned["parent"])
            if problem:
                self.add_error("kind", problem)
        return cleaned


class ClauseEditForm(VersionedForm):
    class Meta:
        model = Clause
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}


class FootnoteForm(VersionedForm):
    class Meta:
        model = Footnote
        fields = ["clause", "anchor", "text"]
        labels = {"clause": _("In clause"), "anchor": _("After the words")}
        help_texts = {
            "clause": _("The clause whose text carries the footnote mark."),
            "anchor": _(
                "The words of the clause the mark follows, copied exactly. Leave empty to put "
                "the mark at the end of the clause."
            ),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    clause = forms.TypedChoiceField(label=_("In clause"), coerce=int)

    def __init__(self, *args, tor: TermsOfReference, **kwargs):
        super().__init__(*args, **kwargs)
        self.tor = tor
        choices, self.clauses = outline_choices(tor)
        self.fields["clause"].choices = [("", "---------"), *choices]
        if self.instance.pk and self.instance.clause_id:
            self.initial["clause"] = self.instance.clause_id

    def clean_clause(self):
        return self.clauses[self.cleaned_data["clause"]]

    def clean(self):
        cleaned = super().clean()
        clause, anchor = cleaned.get("clause"), cleaned.get("anchor", "")
        if clause and anchor and anchor not in clause.text:
            self.add_error("anchor", _("These words do not occur in the text of the clause."))
        return cleaned


class MembershipAddForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["entity", "role"]
        labels = {"entity": _("Entity"), "role": _("Role")}

    def __init__(self, *args, mandate: Mandate, **kwargs):
        super().__init__(*args, **kwargs)
        self.mandate = mandate
        self.fields["entity"].queryset = Entity.objects.order_by("acronym")
        self.fields["entity"].label_from_instance = lambda e: f"{e.acronym} – {e.name}"

    def clean_entity(self):
        entity = self.cleaned_data["entity"]
        if Membership.objects.filter(mandate=self.mandate, entity=entity).exists():
            raise ValidationError(
                _("%(entity)s is already a member; change its role in the list instead."),
                params={"entity": entity},
            )
        return entity

    def validate_unique(self):
        pass  # the entity's own check says it better; the database keeps the constraint


class MembershipRoleForm(VersionedForm):
    class Meta:
        model = Membership
        fields = ["role"]
        labels = {"role": _("Role")}


def focal_point_users():
    return User.objects.filter(role=User.Role.FOCAL_POINT, is_active=True).select_related("entity")


# The focal point page lists the people of one entity at a time: an entity has a handful of
# focal points, the Group hundreds. This value of the chooser lists the people of none.
NO_ENTITY = "-"


def people_choices() -> list[tuple[str, str]]:
    """Whose people the focal point page can list: each entity, by acronym, then nobody's."""
    entities = Entity.objects.order_by("acronym").values_list("acronym", "name")
    return [
        *((acronym, f"{acronym} – {name}") for acronym, name in entities),
        (NO_ENTITY, str(_("People of no entity"))),
    ]


class FocalPointForm(forms.ModelForm):
    class Meta:
        model = FocalPoint
        fields = ["user", "nominated_by", "since"]
        labels = {"user": _("Person"), "nominated_by": _("Nominated by")}
        help_texts = {
            "user": _(
                "People with the focal point role of the entity chosen above who are not yet "
                "focal points of this mandate."
            ),
            "nominated_by": _("Leave empty when the person's own entity nominated them."),
        }
        widgets = {"since": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, mandate: Mandate, people_of: str, **kwargs):
        """``people_of``: an entity's acronym, NO_ENTITY, or "" (nobody chosen yet)."""
        super().__init__(*args, **kwargs)
        self.mandate = mandate
        if people_of == NO_ENTITY:
            people = focal_point_users().filter(entity__isnull=True)
        elif people_of:
            people = focal_point_users().filter(entity__acronym=people_of)
        else:
            people = User.objects.none()
        self.fields["user"].queryset = people.exclude(focal_point_roles__mandate=mandate)
        self.fields["user"].error_messages["invalid_choice"] = _(
            "Choose one of the people listed: focal points of the entity chosen above who are "
            "not yet focal points of this mandate."
        )
        self.fields["nominated_by"].queryset = Entity.objects.order_by("acronym")
        self.fields["nominated_by"].required = False

    def clean(self):
        cleaned = super().clean()
        user = cleaned.get("user")
        if user is None:
            return cleaned
        if not cleaned.get("nominated_by"):
            if user.entity_id is None:
                self.add_error(
                    "nominated_by",
                    _("%(user)s belongs to no entity: say which entity nominated them.")
                    % {"user": user},
                )
            else:
                cleaned["nominated_by"] = user.entity
        if FocalPoint.objects.filter(mandate=self.mandate, user=user).exists():
            self.add_error(
                "user", _("%(user)s is already a focal point of this mandate.") % {"user": user}
            )
        return cleaned

    def validate_unique(self):
        pass  # checked in clean(), next to the field


class EmailAddressField(forms.EmailField):
    """An address too long is said to be too long, not also to be no address."""

    def run_validators(self, value):
        if value not in self.empty_values:
            for validator in self.validators:
                if isinstance(validator, MaxLengthValidator):
                    validator(value)
        super().run_validators(value)


class InvitationForm(forms.Form):
    """Whom the secretariat invites (emg.people), and the mandates they are to report for
    when they are invited as a focal point (nominated by their entity)."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = EmailAddressField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("The invitation goes to this address; they sign in with it."),
    )
    entity = forms.ModelChoiceField(
        label=_("Entity"), queryset=Entity.objects.none(), required=False
    )
    # No role chosen until one is: the first of them, the secretariat's, may change anything.
    role = forms.ChoiceField(label=_("Role"), choices=BLANK_CHOICE_DASH + User.Role.choices)
    mandates = forms.ModelMultipleChoiceField(
        label=_("Focal point for"),
        queryset=Mandate.objects.none(),
        required=False,
        help_text=_("For a focal point: the mandates they report for."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = Entity.objects.order_by("acronym")
        self.fields["mandates"].queryset = Mandate.objects.order_by("name")

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email_taken(email):
            raise ValidationError(
                _("Someone already has this e-mail address: find them in the people list."),
                code="email_taken",
            )
        return email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mandates") and cleaned.get("role") != User.Role.FOCAL_POINT:
            self.add_error(
                "mandates", _("Only a focal point reports for mandates: choose that role.")
            )
        if cleaned.get("mandates") and not cleaned.get("entity"):
            self.add_error("entity", _("A focal point is nominated by their entity: choose it."))
        return cleaned


class FocalPointReplaceForm(forms.Form):
    """Who takes over from a focal point of a mandate."""

    user = forms.ModelChoiceField(
        label=_("New focal point"),
        queryset=User.objects.none(),
        help_text=_(
            "Active people with the focal point role who are not yet focal points of this "
            "mandate. Nominated by the same entity; they take over the drafts of the open "
            "reporting rounds."
        ),
    )

    def __init__(self, *args, focal_point: FocalPoint, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = focal_point_users().exclude(
            focal_point_roles__mandate_id=focal_point.mandate_id
        )
        self.fields["user"].error_messages["invalid_choice"] = _(
            "Choose one of the people listed: active focal points who are not yet focal points "
            "of this mandate."
        )


# A meeting's action points. A decision that establishes, extends, concludes or transfers a
# mandate changes the mandate's status and end date (services.mandate_apply_decisions); these
# forms refuse what would make that change meaningless: an end date before the meeting, a
# conclusion of a mandate that has ended already.

# The verbs whose decision may carry the date the mandate runs until.
SETS_END = (Decision.Verb.ESTABLISH, Decision.Verb.EXTEND)
# The verbs that end a mandate, which must be running to be ended.
ENDS = (Decision.Verb.CONCLUDE, Decision.Verb.TRANSFER)


def offer_mandates(field, meeting: Meeting, chosen: int | None) -> None:
    field.queryset = mandates_for(meeting, chosen)
    field.error_messages["invalid_choice"] = _(
        "Choose one of the mandates listed: those running at this meeting or ended in the "
        "year before it."
    )


def excerpt(text: str, length: int = 90) -> str:
    """The start of a lead-in's text, as its choice names it (a slice: Truncator's unicode
    handling costs more than the whole option, once per lead-in of the meeting)."""
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


class DecisionSectionForm(VersionedForm):
    class Meta:
        model = DecisionSection
        fields = ["title", "mandate", "label_style"]
        labels = {"mandate": _("About mandate"), "label_style": _("Decisions labelled")}
        help_texts = {
            "title": _(
                'Usually the body\'s name, e.g. "Consultative Process on Biodiversity". '
                "The section's number follows from its place."
            ),
            "mandate": _("The body the section is about, if it is about one."),
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        offer_mandates(self.fields["mandate"], meeting, self.instance.mandate_id)


class DecisionForm(VersionedForm):
    class Meta:
        model = Decision
        fields = [
            "section",
            "parent",
            "verb",
            "text",
            "mandate",
            "effective_until",
            "actor",
            "entities",
            "due_date",
            "due_next_som",
        ]
        labels = {"parent": _("Item of the lead-in"), "verb": _("Kind of decision")}
        widgets = {
            "effective_until": DateInput(),
            "due_date": DateInput(),
            "text": forms.Textarea(attrs={"rows": 4}),
            "entities": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "parent": _(
                'For an item introduced by a lead-in such as "Agree to extend the Task '
                'Team for another year to:". Leave empty for a decision of its own.'
            ),
            "text": _(
                "As the action points word it, without its label: labels follow from the order."
            ),
            "mandate": _(
                "The mandate the decision is about. Needed to establish, extend, "
                "conclude or transfer one."
            ),
            "actor": _(
                "For a decision that asks for action (to request, invite, encourage, establish "
                "or extend): who is to act on it."
            ),
            "entities": _("When entities are to act: which ones."),
            "due_date": _("By when it is to be done, if the decision says a date."),
            "due_next_som": _("The decision asks for it by the next Senior Officials Meeting."),
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        sections = list(DecisionSection.objects.filter(meeting=meeting).order_by("order"))
        numbers = {
            section.pk: section_label(position)
            for position, section in enumerate(sections, start=1)
        }
        field = self.fields["section"]
        field.queryset = DecisionSection.objects.filter(meeting=meeting)  # what it accepts
        # Offered from the sections just read for their numbers, not read again to render.
        empty = [("", field.empty_label)] if field.empty_label is not None else []
        field.choices = empty + [
            (section.pk, f"{numbers[section.pk]} {section.title}") for section in sections
        ]
        lead_ins = Decision.objects.filter(section__meeting=meeting, parent__isnull=True).order_by(
            "section__order", "order"
        )
        if self.instance.pk:
            lead_ins = lead_ins.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = lead_ins
        self.fields["parent"].label_from_instance = lambda d: (
            f"{numbers.get(d.section_id, '')} {excerpt(d.text)}"
        )
        chosen = self.instance.mandate_id or self.initial.get("mandate")
        offer_mandates(self.fields["mandate"], meeting, chosen)
        self.fields["mandate"].required = False
        self.fields["entities"].queryset = Entity.objects.order_by("acronym")
        # Left empty, the mandate the decision is addressed to acts, else the secretariat.
        actor = self.fields["actor"]
        actor.required = False
        actor.choices = [
            ("", _("As addressed: the mandate, else the secretariat")),
            *Decision.Actor.choices,
        ]

    def clean(self):
        cleaned = super().clean()
        section, parent = cleaned.get("section"), cleaned.get("parent")
        verb, mandate = cleaned.get("verb"), cleaned.get("mandate")
        until = cleaned.get("effective_until")
        if "actor" in cleaned and "entities" in cleaned:
            addressed = mandate or (parent and parent.mandate) or (section and section.mandate)
            mandate_id = addressed.pk if addressed else None
            problems = action_problems(
                actor=cleaned["actor"] or Decision.default_actor(mandate_id),
                entities=cleaned["entities"],
                mandate_id=mandate_id,
                due_date=cleaned.get("due_date"),
                due_next_som=cleaned.get("due_next_som", False),
            )
            for name, message in problems.items():
                self.add_error(name, message)
        if section and parent and parent.section_id != section.pk:
            self.add_error("parent", _("This lead-in belongs to another section."))
        if parent and self.instance.pk and self.instance.children.exists():
            self.add_error(
                "parent",
                _("This decision introduces items of its own, so it cannot stand under a lead-in."),
            )
        if verb in Decision.STATUS_AFTER and mandate is None:
            self.add_error(
                "mandate",
                _("Say which mandate this decision is to %(verb)s.")
                % {"verb": Decision.Verb(verb).label},
            )
        if until and verb not in SETS_END:
            self.add_error(
                "effective_until",
                _("Only a decision to establish or extend a mandate sets the date it runs until."),
            )
        day = meeting_date(self.meeting)
        if until and day and until < day:
            self.add_error(
                "effective_until",
                _(
                    "The mandate cannot run until a date before the meeting that decides it "
                    "(%(day)s)."
                )
                % {"day": date_format(day, "j F Y")},
            )
        if verb in ENDS and mandate is not None and not self._may_end(mandate):
            self.add_error(
                "mandate",
                _("%(mandate)s is not active (it is %(status)s), so it cannot be %(verb)s.")
                % {
                    "mandate": mandate,
                    "status": mandate.get_status_display().lower(),
                    "verb": {
                        Decision.Verb.CONCLUDE: _("concluded"),
                        Decision.Verb.TRANSFER: _("transferred"),
                    }[verb],
                },
            )
        return cleaned

    def _may_end(self, mandate: Mandate) -> bool:
        # A decision that ended the mandate itself may be corrected.
        ended_here = self.instance.pk and mandate.status_decision_id == self.instance.pk
        return mandate.status == Mandate.Status.ACTIVE or bool(ended_here)
