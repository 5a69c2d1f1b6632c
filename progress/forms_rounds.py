"""The secretariat's forms for preparing reporting rounds: the round itself, its sections and its
tasks. Edits are version-checked (emg.forms.VersionCheckedForm), so that two people preparing one
round do not overwrite each other."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from emg.forms import VersionCheckedForm
from emg.models import Meeting, Session
from mandates.models import Mandate
from progress.models import ReportingRound, ReportSection, Task


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class RoundForm(VersionCheckedForm):
    class Meta:
        model = ReportingRound
        fields = ["meeting", "session", "title", "opens_on", "deadline"]
        widgets = {"opens_on": DateInput, "deadline": DateInput}
        help_texts = {
            "meeting": _("The SOM the progress report is for."),
            "session": _("The segment it is presented at, e.g. the mid-term technical segment."),
            "title": _('As the report will be headed, e.g. "Mid-term progress report for SOM 27".'),
            "deadline": _("The day focal points must have submitted their updates by."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.order_by("-number")
        self.fields["session"].queryset = Session.objects.select_related("meeting").order_by(
            "-meeting__number", "date", "pk"
        )
        self.fields["deadline"].required = True
        if self.instance.pk:
            # A round's meeting is what its tasks were proposed from; it does not move.
            self.fields["meeting"].disabled = True

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


class SectionForm(VersionCheckedForm):
    class Meta:
        model = ReportSection
        fields = ["title"]
        help_texts = {
            "title": _(
                'As the report heads it, e.g. "Collaboration on Global Environmental '
                'Issues"; the number (I., II. …) follows from its place.'
            )
        }


class TaskForm(VersionCheckedForm):
    class Meta:
        model = Task
        fields = ["mandate", "section", "text"]
        help_texts = {
            "section": _("The section of the report the task is listed under."),
            "text": _(
                "What the body was asked or planned to do, as the report's Tasks column says it."
            ),
        }

    def __init__(self, *args, report_round: ReportingRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mandate"].queryset = Mandate.objects.order_by("name")
        self.fields["section"].queryset = report_round.sections.order_by("order")
        self.fields["section"].empty_label = _("(no section yet)")
