"""The database itself keeps reporting rounds consistent."""

import datetime

import pytest

from emg.tests.factories import MeetingFactory
from mandates.tests.factories import MandateFactory
from progress.models import ReportingRound, ReportSection, Status, Task, Update, UpdateItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporting_round():
    return ReportingRound.objects.create(meeting=MeetingFactory(), title="Mid-term report")


@pytest.fixture
def task(reporting_round):
    return Task.objects.create(
        round=reporting_round, mandate=MandateFactory(), order=1, text="Finalise Phase II"
    )


def test_a_round_deadline_cannot_come_before_it_opens(violates):
    meeting = MeetingFactory()
    ReportingRound.objects.create(
        meeting=meeting,
        title="Same day",
        opens_on=datetime.date(2020, 3, 1),
        deadline=datetime.date(2020, 3, 1),
    )

    with violates("round_deadline_not_before_opening"):
        ReportingRound.objects.create(
            meeting=meeting,
            title="Backwards",
            opens_on=datetime.date(2020, 3, 1),
            deadline=datetime.date(2020, 2, 29),
        )


def test_tasks_of_a_round_have_distinct_orders(violates, reporting_round, task):
    with violates("task_unique_order"):
        Task.objects.create(
            round=reporting_round, mandate=task.mandate, order=1, text="Report to SOM 27"
        )


def test_a_task_has_one_update(violates, task):
    Update.objects.create(task=task)

    with violates("task_id"):
        Update.objects.create(task=task)


def test_items_of_an_update_have_distinct_orders(violates, task):
    update = Update.objects.create(task=task)
    UpdateItem.objects.create(update=update, order=1, status=Status.COMPLETED, text="Done")

    with violates("update_item_unique_order"):
        UpdateItem.objects.create(update=update, order=1, status=Status.ONGOING, text="Going on")


def test_report_sections_of_a_round_have_distinct_orders(violates, reporting_round):
    ReportSection.objects.create(round=reporting_round, order=1, title="I. Collaboration")

    with violates("report_section_unique_order"):
        ReportSection.objects.create(round=reporting_round, order=1, title="II. Coherence")
