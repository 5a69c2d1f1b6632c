"""A plan frozen as plain JSON, and read back.

A snapshot holds everything the plan shows: its head, introduction and footnotes, and its
outcomes, activities and milestones as flat rows that keep their primary keys, orders and
parents, with schedules as stored (start, end and their precisions). Labels are never stored:
``thaw`` turns a snapshot back into objects that ``workplans.models.number_plan`` numbers exactly
as it numbers the live plan, so "2.(b)" means the same in a revision, in the editor and in the
exports. Identity is the primary key, which is how the diff (workplans.diff) tells "activity 5
moved from outcome II to I" from "activity 5 removed, another added".
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.utils.translation import gettext as _

from emg.schedules import Schedule
from workplans.models import Activity, Milestone, WorkPlan, number_plan

SNAPSHOT_VERSION = 1


def _schedule_json(row: dict) -> dict | None:
    if row["schedule_start"] is None or row["schedule_end"] is None:
        return None
    return {
        "start": row["schedule_start"].isoformat(),
        "start_precision": row["schedule_start_precision"],
        "end": row["schedule_end"].isoformat(),
        "end_precision": row["schedule_end_precision"],
    }


SCHEDULE_FIELDS = (
    "schedule_start",
    "schedule_start_precision",
    "schedule_end",
    "schedule_end_precision",
)


def plan_snapshot(plan: WorkPlan) -> dict:
    """The whole plan as JSON, in five queries whatever its size (four if ``plan.meeting`` was
    fetched with it). Its rows are read as values, not objects: the revisions page and the
    diff take the current text's snapshot on every request."""
    meeting = plan.meeting
    outcomes = plan.outcomes.values("pk", "order", "heading", "statement")
    activities = (
        Activity.objects.filter(outcome__work_plan=plan)
        .order_by("pk")
        .values(
            "pk",
            "outcome_id",
            "order",
            "title",
            "description",
            "mandate_id",
            "mandate__name",
            *SCHEDULE_FIELDS,
        )
    )
    milestones = (
        Milestone.objects.filter(activity__outcome__work_plan=plan)
        .order_by("pk")
        .values("pk", "activity_id", "parent_id", "order", "text", "due_date", *SCHEDULE_FIELDS)
    )
    footnotes = plan.footnotes.values("pk", "order", "anchor", "text")
    return {
        "version": SNAPSHOT_VERSION,
        "title": plan.title,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "status": plan.status,
        "meeting": {"id": meeting.pk, "number": meeting.number} if meeting else None,
        "introduction": plan.introduction,
        "outcome_numbering": plan.outcome_numbering,
        "activity_numbering": plan.activity_numbering,
        "milestone_style": plan.milestone_style,
        "footnotes": [
            {"id": f["pk"], "order": f["order"], "anchor": f["anchor"], "text": f["text"]}
            for f in footnotes
        ],
        "outcomes": [
            {
                "id": o["pk"],
                "order": o["order"],
                "heading": o["heading"],
                "statement": o["statement"],
            }
            for o in outcomes
        ],
        "activities": [
            {
                "id": a["pk"],
                "outcome": a["outcome_id"],
                "order": a["order"],
                "title": a["title"],
                "description": a["description"],
                "mandate": {"id": a["mandate_id"], "name": a["mandate__name"]}
                if a["mandate_id"] is not None
                else None,
                "schedule": _schedule_json(a),
            }
            for a in activities
        ],
        "milestones": [
            {
                "id": m["pk"],
                "activity": m["activity_id"],
                "parent": m["parent_id"],
                "order": m["order"],
                "text": m["text"],
                "due_date": m["due_date"].isoformat() if m["due_date"] else None,
                "schedule": _schedule_json(m),
            }
            for m in milestones
        ],
    }


@dataclass(frozen=True)
class FrozenMeeting:
    pk: int
    number: int

    def __str__(self):
        return _("SOM %(number)s") % {"number": self.number}


@dataclass(frozen=True)
class FrozenMandate:
    pk: int
    name: str

    def __str__(self):
        return self.name


@dataclass(frozen=True)
class FrozenFootnote:
    pk: int
    order: int
    anchor: str
    text: str


@dataclass(frozen=True)
class FrozenOutcome:
    pk: int
    order: int
    heading: str
    statement: str

    def __str__(self):
        return self.heading or self.statement


class _FrozenScheduled:
    """An activity's or a milestone's schedule, kept as stored (``schedule_data``) and read as
    a Schedule when asked for."""

    schedule_data: dict | None

    @functools.cached_property
    def schedule(self) -> Schedule | None:
        return read_schedule(self.schedule_data)


@dataclass(frozen=True)
class FrozenActivity(_FrozenScheduled):
    pk: int
    outcome_id: int
    order: int
    title: str
    description: str
    mandate: FrozenMandate | None
    schedule_data: dict | None

    def __str__(self):
        return self.title


@dataclass(frozen=True)
class FrozenMilestone(_FrozenScheduled):
    pk: int
    activity_id: int
    parent_id: int | None
    order: int
    text: str
    due_date: datetime.date | None
    schedule_data: dict | None

    def __str__(self):
        return self.text


@dataclass(frozen=True)
class FrozenPlan:
    """A snapshot read back: the attributes of a WorkPlan and its rows that pages and exports
    use, so one template or builder serves the live plan and any revision."""

    title: str
    period_start: int
    period_end: int
    status: str
    meeting: FrozenMeeting | None
    introduction: str
    outcome_numbering: str
    activity_numbering: str
    milestone_style: str
    footnotes: tuple[FrozenFootnote, ...]
    outcomes: tuple[FrozenOutcome, ...]
    activities: tuple[FrozenActivity, ...]
    milestones: tuple[FrozenMilestone, ...]

    @property
    def period(self) -> str:
        return f"{self.period_start}\u2013{self.period_end}"

    def get_status_display(self) -> str:
        return str(WorkPlan.Status(self.status).label)

    def numbered(self) -> list[dict]:
        return number_plan(self, self.outcomes, self.activities, self.milestones)


def read_schedule(data: dict | None) -> Schedule | None:
    """A schedule as a snapshot stores it, read back."""
    if data is None:
        return None
    return Schedule.from_dates(
        datetime.date.fromisoformat(data["start"]),
        data["start_precision"],
        datetime.date.fromisoformat(data["end"]),
        data["end_precision"],
    )


def thaw(snapshot: dict) -> FrozenPlan:
    meeting = snapshot.get("meeting")
    return FrozenPlan(
        title=snapshot["title"],
        period_start=snapshot["period_start"],
        period_end=snapshot["period_end"],
        status=snapshot["status"],
        meeting=FrozenMeeting(meeting["id"], meeting["number"]) if meeting else None,
        introduction=snapshot["introduction"],
        outcome_numbering=snapshot["outcome_numbering"],
        activity_numbering=snapshot["activity_numbering"],
        milestone_style=snapshot["milestone_style"],
        footnotes=tuple(
            sorted(
                (
                    FrozenFootnote(f["id"], f["order"], f["anchor"], f["text"])
                    for f in snapshot["footnotes"]
                ),
                key=lambda f: f.order,
            )
        ),
        outcomes=tuple(
            FrozenOutcome(o["id"], o["order"], o["heading"], o["statement"])
            for o in snapshot["outcomes"]
        ),
        activities=tuple(
            FrozenActivity(
                pk=a["id"],
                outcome_id=a["outcome"],
                order=a["order"],
                title=a["title"],
                description=a["description"],
                mandate=FrozenMandate(a["mandate"]["id"], a["mandate"]["name"])
                if a["mandate"]
                else None,
                schedule_data=a["schedule"],
            )
            for a in snapshot["activities"]
        ),
        milestones=tuple(
            FrozenMilestone(
                pk=m["id"],
                activity_id=m["activity"],
                parent_id=m["parent"],
                order=m["order"],
                text=m["text"],
                due_date=datetime.date.fromisoformat(m["due_date"]) if m["due_date"] else None,
                schedule_data=m["schedule"],
            )
            for m in snapshot["milestones"]
        ),
    )
