"""The secretariat's forms for preparing reporting rounds: the round itself, its sections and its
tasks. Edit forms carry the version of the row they were opened on (emg.forms.VersionedForm),
which the services claim, so that two people preparing one round do not overwrite each other."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emg.forms import VersionedForm
from emg.models import Meeting, Session
from mandates.models import Mandate
from progress import rounds
from progress.models import ReportingRound, ReportSection, Task


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


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
        widgets = {"opens_on": DateInput, "deadline": DateInput}
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
    period = rounds.round_period(report_round)
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
