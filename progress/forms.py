"""Forms of progress reporting: a focal point's update (progress items and next steps), the
secretariat's return comment, and the secretariat's forms for preparing rounds (the round itself,
its sections and its tasks).

Edit forms carry the version of the row they were opened on (emg.forms.VersionedForm, or the
update form's VersionField), which the services claim, so that two people preparing one round, or
two focal points reporting for one mandate, do not overwrite each other."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Q
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from emg.forms import DateInput, VersionedForm, VersionField, shown
from emg.models import Meeting, Session
from mandates.models import Mandate
from progress.models import ReportingRound, ReportSection, Status, Task, Update, UpdateItem
from progress.selectors.rounds import round_period
from progress.services.updates import ItemData, item_problems

# A focal point's update, and the secretariat's return comment


class ItemHelper(FormHelper):
    form_tag = False
    disable_csrf = True


class ProgressItemForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "—"), *Status.choices], required=True
    )
    text = forms.CharField(
        label=_("Progress"),
        required=False,
        max_length=UpdateItem._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_('What was done. A "not yet started" item may leave this empty.'),
    )
    target_date = forms.DateField(
        label=_("New target date"),
        required=False,
        widget=DateInput(),
        help_text=_("For an item that is ongoing but postponed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = ItemHelper()

    def item(self) -> ItemData:
        data = self.cleaned_data
        return ItemData(
            status=data["status"], text=data.get("text") or "", target_date=data.get("target_date")
        )


# The most items an update holds: the SOM reports' progress cells hold a handful. The page offers
# a blank item below the others until there are this many, and no post builds more forms (Django's
# default bound, 2000, let a forged TOTAL_FORMS tie a worker up for seconds).
MAX_ITEMS = 20


class BaseItemFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": _(
            "The items were sent incomplete or altered (%(field_names)s). Open the page again "
            "and enter them anew."
        ),
        "too_many_forms": ngettext_lazy(
            "An update holds at most %(num)d progress item: delete it to add another.",
            "An update holds at most %(num)d progress items: delete one to add another.",
            "num",
        ),
    }

    def clean(self):
        counts = self.management_form.cleaned_data
        negative = [name for name in (TOTAL_FORM_COUNT, INITIAL_FORM_COUNT) if counts[name] < 0]
        if negative:
            # Integers to the management form, but no page sends them: a negative total
            # builds no form at all, and the update would be saved without its items.
            raise forms.ValidationError(
                self.error_messages["missing_management_form"],
                code="missing_management_form",
                params={"field_names": ", ".join(map(self.add_prefix, negative))},
            )

    def kept(self) -> list[ProgressItemForm]:
        # A blank extra form is left alone (its cleaned_data is empty); so is a deleted one.
        return [
            form
            for form in self.forms
            if form.cleaned_data.get("status") and not self._should_delete_form(form)
        ]

    def items(self) -> list[ItemData]:
        return [form.item() for form in self.kept()]

    def check_for_submit(self) -> bool:
        """Put what keeps the items from being submitted next to their fields; True when
        nothing does."""
        ok = True
        kept = self.kept()
        for form in kept:
            for field, problem in item_problems(form.item()).items():
                form.add_error(field, problem)
                ok = False
        if not kept:
            self._non_form_errors = self.error_class(
                [_("Add at least one progress item before submitting.")],
                renderer=self.renderer,
            )
            ok = False
        return ok


ProgressItemFormSet = forms.formset_factory(
    ProgressItemForm,
    formset=BaseItemFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_ITEMS,
    absolute_max=MAX_ITEMS,
    validate_max=True,
)


class UpdateForm(forms.Form):
    """Next steps and the version of the update the form was opened on (0 when the task had no
    update yet)."""

    next_steps = forms.CharField(
        label=_("Next steps"),
        required=False,
        max_length=Update._meta.get_field("next_steps").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What comes next, as the report's last column says it."),
    )
    version = VersionField()
    conflict = None  # set when a save is refused (emg.views.editing.refuse)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = ItemHelper()

    def current_values(self, update: Update) -> list[tuple[str, str]]:
        """The update as saved now: its items, each led by its status words, and next steps."""
        items = [
            (str(_("Item %(number)s") % {"number": number}), item_line(item))
            for number, item in enumerate(update.items.order_by("order"), start=1)
        ]
        return [*items, (str(self.fields["next_steps"].label), shown(update.next_steps))]


def item_line(item: UpdateItem) -> str:
    """A progress item as the report prints it: "Ongoing/postponed: … (new target date: …)"."""
    line = f"{Status(item.status).lead} {item.text}".strip()
    if item.target_date:
        day = date_format(item.target_date, "j F Y")
        line += " " + str(_("(new target date: %(date)s)") % {"date": day})
    return line


def update_forms(update: Update | None, data=None):
    """The update form and the items formset, filled from ``update`` (or from ``data``)."""
    initial_items = (
        [
            {"status": item.status, "text": item.text, "target_date": item.target_date}
            for item in update.items.all()
        ]
        if update is not None
        else []
    )
    form = UpdateForm(
        data,
        initial={
            "next_steps": update.next_steps if update is not None else "",
            "version": update.version if update is not None else 0,
        },
    )
    formset = ProgressItemFormSet(data, initial=initial_items, prefix="items")
    return form, formset


class AcceptForm(forms.Form):
    """The version of the update the reviewer read (emg.versions): what they accept."""

    version = VersionField()


class ReturnForm(AcceptForm):
    comment = forms.CharField(
        label=_("Comment to the focal points"),
        required=True,
        max_length=Update._meta.get_field("reviewer_comment").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Say what the focal points should fix: a comment is required.")
        },
        help_text=_("Required to return the update: what to fix or add."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = ItemHelper()


# Preparing a round


# A round reports to a coming SOM, so a new one is for one of the latest meetings (the next SOM
# and, when it is planned already, the one after); offering every SOM since the first would make
# the select grow with the years.
LATEST_MEETINGS = 4


def round_meetings():
    """The meetings a new round may be for: the LATEST_MEETINGS highest numbers."""
    latest = Meeting.objects.order_by("-number").values("pk")[:LATEST_MEETINGS]
    return Meeting.objects.filter(pk__in=latest).order_by("-number")


def session_choices(sessions) -> list:
    """``sessions`` grouped under their meeting, each named by its segment and date."""
    choices: list = [("", "---------")]
    for session in sessions:
        if len(choices) == 1 or choices[-1][0] != str(session.meeting):
            choices.append((str(session.meeting), []))
        when = session.date.isoformat() if session.date else _("date to be confirmed")
        choices[-1][1].append((session.pk, f"{session.get_segment_display()} · {when}"))
    return choices


class RoundForm(VersionedForm):
    class Meta:
        model = ReportingRound
        fields = ["meeting", "session", "title", "opens_on", "deadline"]
        widgets = {"opens_on": DateInput(), "deadline": DateInput()}
        help_texts = {
            "meeting": _("The SOM the progress report is for: one of the latest meetings."),
            "session": _("The segment it is presented at, e.g. the mid-term technical segment."),
            "title": _('As the report will be headed, e.g. "Mid-term progress report for SOM 27".'),
            "deadline": _("The day focal points must have submitted their updates by."),
        }
        error_messages = {
            "meeting": {
                "invalid_choice": _(
                    "Choose one of the latest meetings: a round reports to a coming SOM."
                )
            },
            "session": {"invalid_choice": _("Choose a session of the meeting the round is for.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A round's meeting is what its tasks were proposed from; it does not move.
            self.fields["meeting"].disabled = True
            meetings = Meeting.objects.filter(pk=self.instance.meeting_id)
        else:
            meetings = round_meetings()
        self.fields["meeting"].queryset = meetings
        sessions = Session.objects.filter(meeting__in=meetings).select_related("meeting")
        self.fields["session"].queryset = sessions
        self.fields["session"].choices = session_choices(
            sessions.order_by("-meeting__number", "date", "pk")
        )
        self.fields["deadline"].required = True

    def clean(self):
        cleaned = super().clean()
        opens_on, deadline = cleaned.get("opens_on"), cleaned.get("deadline")
        if opens_on and deadline and deadline < opens_on:
            self.add_error(
                "deadline",
                _("The deadline cannot come before the round opens (%(day)s).")
                % {"day": opens_on.isoformat()},
            )
        meeting, session = cleaned.get("meeting"), cleaned.get("session")
        if meeting and session and session.meeting_id != meeting.pk:
            self.add_error("session", _("Choose a session of %(meeting)s.") % {"meeting": meeting})
        return cleaned


class SectionForm(VersionedForm):
    class Meta:
        model = ReportSection
        fields = ["title"]
        help_texts = {
            "title": _(
                'As the report heads it, e.g. "Collaboration on Global Environmental '
                'Issues"; the number (I., II. …) follows from its place.'
            )
        }


def round_mandates(report_round: ReportingRound):
    """The mandates a round's task may be of: those running at some time in the days the round
    reports on, and those already reporting in it (a mandate concluded since keeps its tasks).
    Every mandate there ever was would make the select grow with the years."""
    reporting = Q(pk__in=report_round.tasks.values("mandate"))
    period = round_period(report_round)
    first, last = period if period is not None else (timezone.localdate(),) * 2
    running = (
        (Q(start_date__isnull=True) | Q(start_date__lte=last))
        & (Q(end_date__isnull=True) | Q(end_date__gte=first))
        & ~Q(status=Mandate.Status.PROPOSED)
    )
    return Mandate.objects.filter(running | reporting).order_by("name")


class TaskForm(VersionedForm):
    class Meta:
        model = Task
        fields = ["mandate", "section", "text"]
        help_texts = {
            "mandate": _(
                "One running in the days the round reports on, or already reporting in it."
            ),
            "section": _("The section of the report the task is listed under."),
            "text": _(
                "What the body was asked or planned to do, as the report's Tasks column says it."
            ),
        }
        error_messages = {
            "mandate": {
                "invalid_choice": _(
                    "Choose a mandate running in the days the round reports on, or one already "
                    "reporting in it."
                )
            }
        }

    def __init__(self, *args, report_round: ReportingRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mandate"].queryset = round_mandates(report_round)
        self.fields["section"].queryset = report_round.sections.order_by("order")
        self.fields["section"].empty_label = _("(no section yet)")
