"""The secretariat's dashboard of a round: per section and mandate, how many tasks are not
started, in draft, submitted, returned and accepted; what is overdue; and links straight to what
needs attention.

The tasks are read as plain rows (the task and its update, no objects, no joins to the people or
sections) and shown as small records: the round's people are one more query, and the kept
fragments (emg/fragments.py) are keyed on those records cheaply, so that a repeat view of an
unchanged round costs a few light queries and no rendering of its rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from emg import numbering
from emg.models import User
from emg.permissions import get_object_for_user
from progress.filters import DashboardFilter, Progress, is_late, with_progress
from progress.models import ReportingRound, ReportSection


@dataclass(frozen=True)
class Body:
    """A mandate as the dashboard names it."""

    pk: int
    name: str
    short_name: str


@dataclass(frozen=True)
class TaskLine:
    """A task as the dashboard shows it: where it stands, and who took its last step when."""

    pk: int
    order: int
    section_id: int | None
    section_label: str
    mandate: Body
    text: str
    progress: str
    overdue: bool
    who: str  # who submitted, returned or accepted it, as the last step was
    when: datetime.datetime | None


# Who took each kind of step, and when, in an update's fields.
STEPS = {
    Progress.SUBMITTED: ("submitted_by", "submitted_at"),
    Progress.RETURNED: ("returned_by", "returned_at"),
    Progress.ACCEPTED: ("accepted_by", "accepted_at"),
}
ROW_FIELDS = (
    "pk",
    "order",
    "section_id",
    "mandate_id",
    "mandate__name",
    "mandate__short_name",
    "text",
    "progress",
    *(f"update__{field}" for step in STEPS.values() for field in step),
)


def people_of(rows) -> dict[int, str]:
    """The names of everyone who submitted, returned or accepted an update of ``rows`` (values
    of ROW_FIELDS), with their entity. Still asked of the database when there is nobody (rather
    than an empty pk__in, which Django answers without a query) so that the page costs the same
    queries whoever has reported."""
    ids = {
        row[ROW_FIELDS.index(f"update__{who}")] for row in rows for who, _when in STEPS.values()
    } - {None}
    people = User.objects.filter(Q(pk__in=ids) | Q(pk__isnull=True)).select_related("entity")
    return {person.pk: str(person) for person in people}


def task_lines(rows, *, labels, place, late: bool, people) -> list[TaskLine]:
    """``rows`` (values of ROW_FIELDS) as TaskLines in the report's order: by section, mandate
    name and place in the round; tasks in no section last."""
    lines = []
    for row in rows:
        values = dict(zip(ROW_FIELDS, row, strict=True))
        who_field, when_field = STEPS.get(values["progress"], (None, None))
        who = people.get(values[f"update__{who_field}"], "") if who_field else ""
        lines.append(
            TaskLine(
                pk=values["pk"],
                order=values["order"],
                section_id=values["section_id"],
                section_label=labels.get(values["section_id"], ""),
                mandate=Body(
                    values["mandate_id"], values["mandate__name"], values["mandate__short_name"]
                ),
                text=values["text"],
                progress=values["progress"],
                overdue=late and values["progress"] in Progress.UNSUBMITTED,
                who=who,
                when=values[f"update__{when_field}"] if when_field else None,
            )
        )
    lines.sort(key=lambda t: (place.get(t.section_id, len(place)), t.mandate.name, t.order, t.pk))
    return lines


def summarise(tasks: list[TaskLine], sections, late: bool) -> list[dict]:
    """Rows of counts per section (in the report's order, tasks in no section last) and mandate
    (in the order their first task comes)."""
    rows: dict[tuple, dict] = {}
    for task in sorted(tasks, key=lambda t: t.order):
        key = (task.section_id, task.mandate.pk)
        row = rows.get(key)
        if row is None:
            row = rows[key] = {
                "section_id": task.section_id,
                "mandate": task.mandate,
                "counts": dict.fromkeys((value for value, _label in Progress.CHOICES), 0),
                "overdue": 0,
                "total": 0,
            }
        row["counts"][task.progress] += 1
        row["total"] += 1
        if late and task.progress in Progress.UNSUBMITTED:
            row["overdue"] += 1
    place = {section.pk: index for index, section in enumerate(sections)}
    ordered = sorted(rows.values(), key=lambda row: place.get(row["section_id"], len(place)))
    for row in ordered:
        row["counts"] = [row["counts"][value] for value, _label in Progress.CHOICES]
    return ordered


@require_safe
def dashboard(request, pk):
    report_round = get_object_for_user(
        request.user,
        ReportingRound.objects.select_related("meeting", "session"),
        "progress.change_reportinground",
        pk=pk,
    )
    today = timezone.localdate()
    late = is_late(report_round, today)
    sections = list(report_round.sections.order_by("order"))
    labels = {
        section.pk: numbering.label(ReportSection.NUMBER_PATTERN, position)
        for position, section in enumerate(sections, start=1)
    }
    tasks = with_progress(report_round.tasks.order_by())
    filterset = DashboardFilter(request.GET, queryset=tasks, report_round=report_round, today=today)
    task_rows = list(filterset.qs.values_list(*ROW_FIELDS))
    shown = task_lines(
        task_rows,
        labels=labels,
        place={section.pk: index for index, section in enumerate(sections)},
        late=late,
        people=people_of(task_rows),
    )
    rows = summarise(shown, sections, late)
    # What needs attention in the whole round, whatever the filters show: unfiltered, the tasks
    # shown are the whole round, and need no second query.
    filtered = any(request.GET.values())
    if filtered:
        attention = tasks.aggregate(
            to_review=Count("pk", filter=Q(progress=Progress.SUBMITTED)),
            unsubmitted=Count("pk", filter=Q(progress__in=Progress.UNSUBMITTED)),
        )
    else:
        attention = {
            "to_review": sum(task.progress == Progress.SUBMITTED for task in shown),
            "unsubmitted": sum(task.progress in Progress.UNSUBMITTED for task in shown),
        }
    titles = {section.pk: (labels[section.pk], section.title) for section in sections}
    for row in rows:
        row["section"] = titles.get(row["section_id"])
    return render(
        request,
        "progress/dashboard/dashboard.html",
        {
            "round": report_round,
            "filter": filterset,
            "filtered": filtered,
            "rows": rows,
            "tasks": shown,
            "states": Progress.CHOICES,
            "totals": [
                sum(row["counts"][index] for row in rows) for index in range(len(Progress.CHOICES))
            ],
            "overdue_total": sum(row["overdue"] for row in rows),
            "to_review": attention["to_review"],
            "overdue_in_round": attention["unsubmitted"] if late else 0,
            "late": late,
            "today": today,
        },
    )
