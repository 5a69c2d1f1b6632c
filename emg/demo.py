"""The demo's story of the current cycle, told relative to today, and the registry of its steps.

``setup_demo`` imports the sample documents (SOM 26 and before) and adds one login per role; then
the steps registered here tell what happens now, so that every role's home has something to do on
first sign-in: an upcoming SOM with its sessions and agenda, an open reporting round for it with
updates in every state, a work plan under revision, the round's progress report and the meeting's
provisional agenda issued, and its pack printed.

emg may not import the apps to its right, so each app tells its part in its own ``demo`` module
(found the way the admin finds ``admin`` modules) with ``@demo.step(order)``, through its own
services, as a person would through its pages. A step is given the ``Story`` and must be safe to
run again: it looks for what it made before and makes only what is missing, so a second
``setup_demo`` writes nothing at all (no row, no history entry).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emg import selectors, services
from emg.forms import MeetingForm, SessionForm
from emg.models import Document, Meeting, MeetingPack, Session, User
from emg.packs.build import pack_build
from emg.packs.queue import pack_request

# How far ahead the upcoming SOM is: far enough for a reporting round to run before it.
MEETING_IN = datetime.timedelta(weeks=6)


@dataclass
class Story:
    today: datetime.date
    meeting: Meeting | None
    secretariat: User
    focal_point: User
    senior_official: User
    # What each step did, one line each, for the command to print.
    told: list[str]


StepFunction = Callable[[Story], None]
_steps: list[tuple[int, str, StepFunction]] = []


def step(order: int):
    """Register the decorated function as a step of the story, run in ``order`` (lowest first)."""

    def register(function: StepFunction) -> StepFunction:
        name = f"{function.__module__}.{function.__qualname__}"
        if name not in {registered for _, registered, _ in _steps}:
            _steps.append((order, name, function))
        return function

    return register


@functools.cache
def discover() -> None:
    autodiscover_modules("demo")


def tell(*, secretariat: User, focal_point: User, senior_official: User) -> list[str]:
    """Run every registered step; what they did, a line each."""
    discover()
    story = Story(
        today=timezone.localdate(),
        meeting=None,
        secretariat=secretariat,
        focal_point=focal_point,
        senior_official=senior_official,
        told=[],
    )
    for _order, _name, function in sorted(_steps, key=lambda entry: entry[:2]):
        # A step that fails leaves nothing half made, which the next run would take as done.
        with transaction.atomic():
            function(story)
    return story.told


# The Group's part: the upcoming meeting first, its agenda document and pack last.


AGENDA = (
    (
        gettext_lazy("Opening of the meeting"),
        "",
        gettext_lazy("The Senior Officials may wish to adopt the agenda."),
    ),
    (
        gettext_lazy("Progress of the EMG bodies"),
        gettext_lazy(
            "The secretariat presents the progress reported by the focal points of each body."
        ),
        gettext_lazy("The Senior Officials may wish to take note of the progress report."),
    ),
    (
        gettext_lazy("Work plan 2021–2022"),
        gettext_lazy("The secretariat presents the revised work plan."),
        gettext_lazy("The Senior Officials may wish to approve the revised work plan."),
    ),
    (gettext_lazy("Any other business"), "", ""),
)
# The agenda item the round's progress report is issued under.
PROGRESS_ITEM = 1


def upcoming_meeting(today: datetime.date) -> Meeting | None:
    """The next SOM with a session from ``today`` on: the demo's, once made."""
    return Meeting.objects.filter(sessions__date__gte=today).order_by("number").distinct().first()


def _saved(form):
    if not form.is_valid():  # the demo's own values: a refusal is a bug of the demo
        raise ValueError(form.errors.as_text())
    return form.save()


@step(10)
def upcoming_som(story: Story) -> None:
    """The next SOM after those imported, six weeks ahead: a technical segment, then the senior
    officials' the day after, and its agenda."""
    story.meeting = upcoming_meeting(story.today)
    if story.meeting is not None:
        return
    latest = Meeting.objects.aggregate(latest=Max("number"))["latest"] or 0
    meeting = _saved(MeetingForm({"number": latest + 1, "title": "", "host": ""}))
    first_day = story.today + MEETING_IN
    for segment, day, start, end in (
        (Session.Segment.TECHNICAL, first_day, "09:30", "17:30"),
        (Session.Segment.SENIOR, first_day + datetime.timedelta(days=1), "10:00", "13:00"),
    ):
        _saved(
            SessionForm(
                {
                    "segment": segment,
                    "date": day.isoformat(),
                    "start_time": start,
                    "end_time": end,
                    "time_zone": "Europe/Zurich",
                    "venue": "Palais des Nations, Geneva",
                    "online": "",
                    "online_platform": "",
                },
                meeting=meeting,
            )
        )
    for title, annotation, action in AGENDA:
        services.agenda_item_add(
            meeting=meeting,
            title=str(title),
            annotation=str(annotation),
            suggested_action=str(action),
        )
    story.meeting = meeting
    story.told.append(
        _("%(meeting)s on %(date)s: 2 sessions, %(items)s agenda items.")
        % {"meeting": meeting, "date": first_day.isoformat(), "items": len(AGENDA)}
    )


@step(90)
def agenda_and_pack(story: Story) -> None:
    """The provisional annotated agenda generated from the agenda, and the meeting's pack printed
    here and now, so that it is ready when the senior official first signs in."""
    meeting = story.meeting
    if meeting is None:
        return
    kind = Document.Kind.ANNOTATED_AGENDA
    if selectors.generated_document(source=meeting, kind=kind) is None:
        services.document_generate(
            source=meeting, kind=kind, meeting=meeting, title=_("Provisional annotated agenda")
        )
        story.told.append(_("%(meeting)s: provisional annotated agenda.") % {"meeting": meeting})
    if meeting.packs.exists():
        return
    pack, _new = pack_request(meeting=meeting, user=story.secretariat)
    # With a broker the request is queued for a worker too; building it here as well is safe
    # (the build claims the row) and spares the demo an empty panel until a worker is up.
    pack = pack_build(pack.pk)
    if pack is not None and pack.status == MeetingPack.Status.READY:
        story.told.append(
            _("%(meeting)s: meeting pack printed, %(pages)s pages.")
            % {"meeting": meeting, "pages": pack.page_count}
        )
    else:
        story.told.append(_("%(meeting)s: the meeting pack failed.") % {"meeting": meeting})
