"""The secretariat's forms for a work plan's head (title, introduction, period, notes), its
outcomes, activities and milestones, its revisions' notes, and its approval.

Every edit form carries the ``version`` of the item it was opened on (emg.forms.VersionedForm);
workplans.services claims it, refusing to save over a newer one. Schedules are entered as a start
and an end, each a month or a quarter with its year, and read and written only through
emg.schedules.
"""

from __future__ import annotations

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row
from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from emg import limits, numbering, params
from emg.forms import VersionedForm, shown
from emg.models import Meeting
from emg.schedules import Period, Precision, Schedule
from mandates.models import Mandate
from workplans.models import Activity, Milestone, Outcome, WorkPlan, milestone_label
from workplans.selectors import APPROVAL_YEARS_BEFORE, approving_meetings, offered_mandates

FIRST_YEAR, LAST_YEAR = 1990, 2100
INDENT = "\u2003"  # an em space per level, so nested milestones read as the plan does


def excerpt(text: str, length: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


PERIODS = [
    ("", _("none")),
    (_("Months"), [(f"{Precision.MONTH}-{n}", name) for n, name in MONTHS.items()]),
    (_("Quarters"), [(f"{Precision.QUARTER}-{n}", f"Q{n}") for n in range(1, 5)]),
]


class PlanItemForm(VersionedForm):
    """A form of one item of a plan. It never saves itself: views pass ``cleaned_data`` to
    workplans.services."""

    def __init__(self, *args, plan: WorkPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> carries the token


class ScheduledForm(PlanItemForm):
    """A start and an optional end, each a month or a quarter and a year."""

    start_period = forms.ChoiceField(
        label=_("Starts: month or quarter"), choices=PERIODS, required=False
    )
    start_year = forms.IntegerField(
        label=_("Starts: year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    end_period = forms.ChoiceField(
        label=_("Ends: month or quarter"), choices=PERIODS, required=False
    )
    end_year = forms.IntegerField(
        label=_("Ends: year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        schedule = self.instance.schedule if self.instance.pk else None
        if schedule is not None:
            self.initial.update(
                {
                    "start_period": f"{schedule.start.precision}-{schedule.start.index}",
                    "start_year": schedule.start.year,
                    "end_period": f"{schedule.end.precision}-{schedule.end.index}",
                    "end_year": schedule.end.year,
                }
            )
        for name in ("start_year", "end_year"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "size": 6})

    def schedule_row(self) -> Fieldset:
        return Fieldset(
            _("Schedule"),
            HTML(
                '<p class="form-text mt-0">'
                + str(_("Leave the end empty for a single month or quarter."))
                + "</p>"
            ),
            Row(
                Column("start_period", css_class="col-sm-6 col-lg-3"),
                Column("start_year", css_class="col-sm-6 col-lg-3"),
                Column("end_period", css_class="col-sm-6 col-lg-3"),
                Column("end_year", css_class="col-sm-6 col-lg-3"),
            ),
        )

    def _period(self, end: str) -> Period | None:
        """The start or end period from its two fields; an error on the missing half."""
        choice = self.cleaned_data.get(f"{end}_period")
        year = self.cleaned_data.get(f"{end}_year")
        if f"{end}_year" in self.errors:
            return None
        if not choice and year is None:
            return None
        if not choice:
            self.add_error(f"{end}_period", _("Choose the month or quarter of this year."))
            return None
        if year is None:
            self.add_error(f"{end}_year", _("Give the year too."))
            return None
        precision, index = choice.split("-")
        return Period(year, precision, int(index))

    def clean(self):
        cleaned = super().clean()
        start, end = self._period("start"), self._period("end")
        schedule = None
        if start is None and end is not None and "start_period" not in self.errors:
            self.add_error("start_period", _("Give the start of the schedule too."))
        elif start is not None:
            try:
                schedule = Schedule(start, end or start)
            except ValueError:
                self.add_error(
                    "end_period",
                    _("The schedule cannot end (%(end)s) before it starts (%(start)s).")
                    % {"end": end.name(), "start": start.name()},
                )
        cleaned["schedule"] = schedule
        return cleaned

    @property
    def outside_period(self) -> bool:
        """Valid, but scheduled outside the plan's years: saved, and flagged."""
        schedule = self.cleaned_data.get("schedule") if self.is_valid() else None
        return not self.plan.within_period(schedule)


class OutcomeForm(PlanItemForm):
    class Meta:
        model = Outcome
        fields = ["heading", "statement"]
        labels = {"heading": _("Heading"), "statement": _("Statement")}
        help_texts = {
            "heading": _('e.g. "Programmatic issues". The number (A., I.) is given by the order.'),
            "statement": _('e.g. "Enhanced coherence in programming …"'),
        }
        widgets = {"statement": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        # Only when both were read: one refused already (too long) is not missing.
        given = {"heading", "statement"} <= cleaned.keys()
        if given and not cleaned["heading"].strip() and not cleaned["statement"].strip():
            self.add_error("heading", _("Give a heading, a statement, or both."))
        return cleaned

    def current_values(self, instance) -> list[tuple[str, str]]:
        return [
            (str(self.fields["heading"].label), shown(instance.heading)),
            (str(self.fields["statement"].label), shown(instance.statement)),
        ]


def outcome_choices(plan: WorkPlan, outcomes: list[Outcome]) -> list[tuple[int, str]]:
    """The plan's outcomes as choices, numbered as the plan numbers them."""
    return [
        (o.pk, f"{numbering.label(plan.outcome_numbering, n)} {excerpt(str(o), 70)}")
        for n, o in enumerate(sorted(outcomes, key=lambda o: o.order), start=1)
    ]


class ActivityForm(ScheduledForm):
    outcome = forms.TypedChoiceField(
        label=_("Expected outcome"),
        coerce=int,
        help_text=_("Choosing another outcome moves the activity to the end of its list."),
    )

    class Meta:
        model = Activity
        fields = ["outcome", "title", "description", "mandate"]
        labels = {
            "title": _("Title"),
            "description": _("Description"),
            "mandate": _("Mandate"),
        }
        help_texts = {
            "title": _('Usually the body that carries it out, e.g. "Issue Management Group on …".'),
            "mandate": _(
                "The working body whose mandate the activity serves. The first mandates by name "
                "are listed: find any other with the search above."
            ),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = {o.pk: o for o in self.plan.outcomes.all()}
        self.fields["outcome"].choices = outcome_choices(self.plan, self.outcomes.values())
        mandate = self.fields["mandate"]
        mandate.queryset = Mandate.objects.order_by("name")  # any mandate may be chosen
        mandate.empty_label = _("none")
        # ... but the select shows a bounded list, as the search would (offered_mandates).
        mandate.widget.choices = [
            ("", mandate.empty_label),
            *((m.pk, m.name) for m in offered_mandates(selected=self._chosen_mandate())),
        ]
        self.helper.layout = Layout(
            "outcome",
            "title",
            "description",
            HTML('{% include "workplans/editor/mandate_search.html" %}'),
            "mandate",
            self.schedule_row(),
            "version",
        )

    def _chosen_mandate(self) -> int | None:
        """The mandate the select shows as chosen: the one posted, else the activity's."""
        if self.is_bound:
            # Anything but an id is left to the field to refuse, next to it.
            return params.as_integer(str(self.data.get(self.add_prefix("mandate"), "")))
        return self.initial.get("mandate") or self.instance.mandate_id

    def clean_outcome(self):
        pk = self.cleaned_data["outcome"]
        if pk not in self.outcomes:
            raise forms.ValidationError(_("Choose an outcome of this plan."))
        return self.outcomes[pk]

    def current_values(self, instance) -> list[tuple[str, str]]:
        labels = dict(self.fields["outcome"].choices)
        return [
            (str(self.fields["outcome"].label), labels.get(instance.outcome_id, "—")),
            (str(self.fields["title"].label), shown(instance.title)),
            (str(self.fields["description"].label), shown(instance.description)),
            (str(self.fields["mandate"].label), shown(instance.mandate)),
            (str(_("Schedule")), shown(instance.schedule)),
        ]


def milestone_choices(plan: WorkPlan, activity: Activity, exclude: set[int]):
    """The activity's milestones as choices, in reading order, labelled as the plan labels
    them; and the milestones by id."""
    milestones = list(Milestone.objects.filter(activity=activity))
    children: dict[int | None, list[Milestone]] = {}
    for milestone in sorted(milestones, key=lambda m: m.order):
        children.setdefault(milestone.parent_id, []).append(milestone)
    choices = []

    def walk(parent_id, depth):
        for position, milestone in enumerate(children.get(parent_id, []), start=1):
            if milestone.pk in exclude:
                continue
            label = milestone_label(plan.milestone_style, depth, position)
            choices.append((milestone.pk, f"{INDENT * depth}{label} {excerpt(milestone.text)}"))
            walk(milestone.pk, depth + 1)

    walk(None, 0)
    return choices, {m.pk: m for m in milestones}


class MilestoneForm(ScheduledForm):
    parent = forms.TypedChoiceField(
        label=_("Under"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("A milestone of its own, or a step of another milestone."),
    )

    class Meta:
        model = Milestone
        fields = ["text", "parent", "due_date"]
        labels = {"text": _("Milestone"), "due_date": _("Due date")}
        help_texts = {"due_date": _("Optional: a precise date, when there is one.")}
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity
        # The milestone itself and those under it: it cannot be placed under any of them.
        exclude = {self.instance.pk, *self.instance.descendant_ids()} if self.instance.pk else set()
        choices, self.milestones = milestone_choices(self.plan, activity, exclude)
        self.fields["parent"].choices = [("", _("The activity itself (top level)")), *choices]
        self.helper.layout = Layout("text", "parent", self.schedule_row(), "due_date", "version")

    def clean_parent(self):
        pk = self.cleaned_data["parent"]
        if pk is None:
            return None
        if pk not in self.milestones:
            raise forms.ValidationError(_("Choose a milestone of this activity."))
        return self.milestones[pk]

    def current_values(self, instance) -> list[tuple[str, str]]:
        parent = self.milestones.get(instance.parent_id)
        return [
            (str(self.fields["text"].label), shown(instance.text)),
            (str(self.fields["parent"].label), excerpt(parent.text) if parent else _("top level")),
            (str(_("Schedule")), shown(instance.schedule)),
            (str(self.fields["due_date"].label), shown(instance.due_date)),
        ]


BLANK_LINE = re.compile(r"\r?\n[ \t]*\r?\n")


def split_notes(text: str) -> list[str]:
    """The notes typed in one box, one per paragraph (an empty line between two)."""
    return [note.strip() for note in BLANK_LINE.split(text) if note.strip()]


class WorkPlanForm(VersionedForm):
    """The plan's head as its document prints it: title, period, introduction, notes."""

    period_start = forms.IntegerField(
        label=_("First year"), min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    period_end = forms.IntegerField(label=_("Last year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The notes printed at the foot of the plan, in order: one per paragraph, with an "
            "empty line between two."
        ),
    )

    class Meta:
        model = WorkPlan
        fields = ["title", "period_start", "period_end", "introduction"]
        labels = {"title": _("Title"), "introduction": _("Introduction")}
        help_texts = {
            "introduction": _("Paragraphs separated by an empty line."),
        }
        widgets = {"introduction": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["notes"] = "\n\n".join(
                footnote.text for footnote in self.instance.footnotes.order_by("order")
            )

    def clean_notes(self) -> list[str]:
        notes = split_notes(self.cleaned_data["notes"])
        for number, note in enumerate(notes, start=1):
            if len(note) > limits.NOTE:
                raise forms.ValidationError(
                    gettext(
                        "Note %(number)s has %(length)s characters; a note holds at most %(limit)s."
                    )
                    % {"number": number, "length": len(note), "limit": limits.NOTE}
                )
        return notes

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start is not None and end is not None and end < start:
            self.add_error("period_end", _("The last year cannot come before the first."))
        elif start is not None and end is not None:
            other = (
                WorkPlan.objects.filter(period_start=start, period_end=end)
                .exclude(status=WorkPlan.Status.SUPERSEDED)
                .exclude(pk=self.instance.pk)
                .first()
            )
            if other is not None:
                self.add_error(
                    "period_start",
                    _("%(plan)s already covers %(period)s.")
                    % {"plan": other, "period": other.period},
                )
        return cleaned

    def current_values(self, instance) -> list[tuple[str, str]]:
        notes = "\n\n".join(footnote.text for footnote in instance.footnotes.order_by("order"))
        return [
            (str(self.fields["title"].label), shown(instance.title)),
            (str(_("Period")), instance.period),
            (str(self.fields["introduction"].label), shown(instance.introduction)),
            (str(self.fields["notes"].label), shown(notes)),
        ]


class RevisionNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        max_length=limits.NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What this revision changes and why. The revisions and the changes show it."),
    )


class ApproveForm(forms.Form):
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        label=_("Approved by"),
        error_messages={
            "invalid_choice": _(
                "Choose one of the SOMs listed: those held from two years before the plan's "
                "period to its end, or still to be held."
            )
        },
    )

    def __init__(self, *args, plan: WorkPlan, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        field.queryset = approving_meetings(plan)
        field.label_from_instance = lambda meeting: meeting.ordinal_title
        field.help_text = gettext(
            "The Senior Officials Meeting that approved the plan: one held from %(first)s to "
            "%(last)s, or still to be held."
        ) % {"first": plan.period_start - APPROVAL_YEARS_BEFORE, "last": plan.period_end}
