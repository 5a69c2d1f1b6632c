"""Fixtures of the progress app's tests."""

import datetime

import pytest

from emg.models import Meeting
from progress.models import ReportingRound, ReportSection, Task


@pytest.fixture
def open_round_task(mandate):
    """A task of ``mandate`` in an open round for SOM 27, due in two weeks: where the focal
    point's journey starts."""
    meeting = Meeting.objects.create(number=27, title="27th Senior Officials Meeting")
    report_round = ReportingRound.objects.create(
        meeting=meeting,
        title="Mid-Term Progress Report, 27th Senior Officials Meeting",
        deadline=datetime.date.today() + datetime.timedelta(days=14),
        state=ReportingRound.State.OPEN,
    )
    section = ReportSection.objects.create(
        round=report_round, order=1, title="Collaboration on Global Environmental Issues"
    )
    return Task.objects.create(
        round=report_round,
        section=section,
        mandate=mandate,
        order=1,
        text="Prepare a compilation of members' contributions.",
    )
