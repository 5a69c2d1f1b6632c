"""The secretariat's forms for a meeting's action points: decision sections and decisions.

A decision that establishes, extends, concludes or transfers a mandate changes the mandate's
status and end date (mandates.services.mandate_apply_decisions); these forms refuse what would
make that change meaningless: an end date before the meeting, a conclusion of a mandate that has
ended already.
"""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from emg import numbering
from emg.forms import DateInput, VersionedForm
from emg.models import Meeting
from mandates.models import Decision, DecisionSection, Mandate
from mandates.services import meeting_date

# The verbs whose decision may carry the date the mandate runs until.
SETS_END = (Decision.Verb.ESTABLISH, Decision.Verb.EXTEND)
# The verbs that end a mandate, which must be running to be ended.
ENDS = (Decision.Verb.CONCLUDE, Decision.Verb.TRANSFER)


# A SOM decides on the bodies running when it meets, and in the year after one ended it may
# still welcome its final report: the mandates older than that are not offered.
ENDED_WITHIN = datetime.timedelta(days=366)


def mandates_for(meeting: Meeting, chosen: int | None = None):
    """The mandates a decision of ``meeting`` may be about: those running on the day it
    decides or ended in the year before, those not yet started, and ``chosen`` (the one a
    decision or section already names, so that an edit never loses it). As many as the Group
    runs at once, however many it has had."""
    day = meeting_date(meeting)
    if day is None:  # a meeting not yet dated decides on the bodies running now
        running = Q(status__in=[Mandate.Status.PROPOSED, Mandate.Status.ACTIVE])
    else:
        running = (Q(start_date__isnull=True) | Q(start_date__lte=day)) & (
            Q(end_date__isnull=True) | Q(end_date__gte=day - ENDED_WITHIN)
        )
    return Mandate.objects.filter(running | Q(pk=chosen)).order_by("name")


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
        fields = ["section", "parent", "verb", "text", "mandate", "effective_until"]
        labels = {"parent": _("Item of the lead-in"), "verb": _("Kind of decision")}
        widgets = {
            "effective_until": DateInput(),
            "text": forms.Textarea(attrs={"rows": 4}),
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
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        sections = list(DecisionSection.objects.filter(meeting=meeting).order_by("order"))
        numbers = {
            section.pk: numbering.label(DecisionSection.NUMBER_PATTERN, position)
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

    def clean(self):
        cleaned = super().clean()
        section, parent = cleaned.get("section"), cleaned.get("parent")
        verb, mandate = cleaned.get("verb"), cleaned.get("mandate")
        until = cleaned.get("effective_until")
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
