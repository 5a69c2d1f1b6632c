"""More of what a page shows, and the check that the page's queries do not grow with it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mandates.tests.factories import FocalPointFactory, MandateFactory
from progress.models import ReportSection, Status, Task, Update, UpdateItem


def assert_same_queries(client, url: str, *, grow_small, grow_large) -> int:
    """Request ``url`` after ``grow_small()`` and again after ``grow_large()``: the same number
    of queries both times (answered). That number."""
    grow_small()
    client.get(url)  # once-per-process caches (content types, permissions) filled before counting
    with CaptureQueriesContext(connection) as once:
        assert client.get(url).status_code == 200
    grow_large()
    with CaptureQueriesContext(connection) as larger:
        assert client.get(url).status_code == 200
    assert len(larger) == len(once)
    return len(once)


def more_mandates(world, start: int, stop: int) -> None:
    """More mandates of the focal point, each with two tasks in the open round whose updates
    have two items."""
    for n in range(start, stop):
        mandate = MandateFactory(name=f"Task Team {n}", key=f"task_team:{n}")
        FocalPointFactory(mandate=mandate, user=world.people["focal_point"])
        for k in range(2):
            task = Task.objects.create(
                round=world.round, mandate=mandate, order=100 + 10 * n + k, text=f"Task {n}.{k}"
            )
            update = Update.objects.create(task=task, author=world.people["focal_point"])
            for order in (1, 2):
                UpdateItem.objects.create(update=update, order=order, status="ongoing", text="x")


def more_items(update, start: int, stop: int) -> None:
    """Progress items ``start`` to ``stop`` - 1 (their orders) of ``update``."""
    for order in range(start, stop):
        UpdateItem.objects.create(update=update, order=order, status="ongoing", text="y")


def more_tasks(report_round, mandates, count: int) -> None:
    """A new section of ``report_round`` with ``count`` tasks of ``mandates`` in turn, each with
    a submitted update of one item."""
    section = ReportSection.objects.create(
        round=report_round,
        order=report_round.sections.count() + 1,
        title=f"Section {report_round.sections.count() + 1}",
    )
    start = report_round.tasks.count()
    for n in range(count):
        task = Task.objects.create(
            round=report_round,
            section=section,
            mandate=mandates[n % len(mandates)],
            order=start + n + 1,
            text=f"Task {start + n}",
        )
        update = Update.objects.create(task=task, state=Update.State.SUBMITTED)
        UpdateItem.objects.create(update=update, order=1, status=Status.ONGOING, text="x")
