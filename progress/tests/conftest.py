"""Fixtures of the progress app's tests."""

import datetime

import pytest

from emg.models import Meeting
from progress.models import ReportingRound, ReportSection, Status, Task, Update, UpdateItem
from progress.services import rounds
from progress.services.updates import ItemData, update_accept, update_return, update_submit
from progress.tests.legacy_reports import import_text, seed_text


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


@pytest.fixture
def imported(db):
    """The SOM 26 mid-term progress report, imported."""
    result = import_text(seed_text())
    assert result.ok, result.problem
    return result


@pytest.fixture
def som27(world):
    return Meeting.objects.create(number=27, title="27th Senior Officials Meeting")


@pytest.fixture
def new_round(som27):
    """A round being prepared for SOM 27, after the world's rounds: it follows on from them."""
    return rounds.round_create(
        meeting=som27,
        title="Mid-term progress report for SOM 27",
        opens_on=datetime.date(2021, 3, 1),
        deadline=datetime.date(2021, 4, 15),
    )


@pytest.fixture
def earlier_task(world):
    """Adds a task of the world's mandate to the round before ``new_round``, with an accepted
    update whose items have ``statuses``."""

    def add(text, statuses, next_steps="", section=None):
        order = world.draft_round.tasks.count() + 1
        task = Task.objects.create(
            round=world.draft_round, mandate=world.mandate, order=order, text=text, section=section
        )
        update = Update.objects.create(
            task=task, state=Update.State.ACCEPTED, next_steps=next_steps
        )
        for position, status in enumerate(statuses, start=1):
            UpdateItem.objects.create(update=update, order=position, status=status, text="x")
        return task

    return add


@pytest.fixture
def reported(new_round, world):
    """``new_round`` open, for the world's mandate: a task not started, one submitted, one
    returned, two accepted (one completed, one postponed); and a task of the other mandate."""
    section = rounds.section_add(report_round=new_round, title="Collaboration on Global Issues")
    texts = ["Not started", "Submitted", "Returned", "Completed", "Postponed"]
    tasks = {
        text: rounds.task_add(
            report_round=new_round, mandate=world.mandate, text=text, section=section
        )
        for text in texts
    }
    rounds.task_add(report_round=new_round, mandate=world.other_mandate, text="Other's task")
    rounds.round_open(report_round=new_round)
    focal_point, secretariat = world.people["focal_point"], world.people["secretariat"]

    def submit(text, *statuses):
        later = datetime.date(2021, 9, 1)
        items = [
            ItemData(status, f"{text} item", later if status == Status.ONGOING_POSTPONED else None)
            for status in statuses
        ]
        return update_submit(
            task=tasks[text], user=focal_point, items=items, next_steps="", version=0
        )

    submit("Submitted", Status.ONGOING)
    returned = submit("Returned", Status.ONGOING)
    update_return(update=returned, version=returned.version, user=secretariat, comment="Say more")
    for text, statuses in [
        ("Completed", [Status.COMPLETED]),
        ("Postponed", [Status.COMPLETED, Status.ONGOING_POSTPONED]),
    ]:
        update = submit(text, *statuses)
        update_accept(update=update, version=update.version, user=secretariat)
    return new_round
