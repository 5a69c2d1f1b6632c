"""Work plans made for tests of revisions, carrying forward and exports: a lettered plan of any
size, and the two seed plans as the importer reads them."""

from django.conf import settings
from django.db.models import F

from emg.importing import Source, import_source
from emg.schedules import Period, Precision, Schedule
from mandates.tests.factories import MandateFactory
from workplans.models import Activity, Footnote, Milestone, Outcome, WorkPlan

SAMPLES = settings.BASE_DIR / "sample_data"
PLAN_2014 = "work-plan-2014-2015-rev1.txt"
PLAN_2021 = "work-plan-2021-2022-draft.txt"


def quarters(year: int, first: int, last: int | None = None) -> Schedule:
    return Schedule(
        Period(year, Precision.QUARTER, first), Period(year, Precision.QUARTER, last or first)
    )


def months(start: tuple[int, int], end: tuple[int, int]) -> Schedule:
    return Schedule(
        Period(start[0], Precision.MONTH, start[1]), Period(end[0], Precision.MONTH, end[1])
    )


def make_plan(
    activities_per_outcome: int = 2,
    *,
    outcomes: int = 2,
    period=(2021, 2022),
    mandate=None,
    **fields,
) -> WorkPlan:
    """A draft with ``outcomes`` outcomes of ``activities_per_outcome`` activities each; every
    activity has a mandate, a schedule, two milestones (a) and (b), and (a) has a child (i)."""
    values = {
        "title": f"EMG work plan {period[0]}\u2013{period[1]}",
        "period_start": period[0],
        "period_end": period[1],
        "introduction": "This note presents the work plan.\n\nIt remains un-costed.",
        **fields,
    }
    plan = WorkPlan.objects.create(**values)
    Footnote.objects.create(work_plan=plan, order=1, text="Subject to approval by SOM 27.")
    for o in range(1, outcomes + 1):
        outcome = Outcome.objects.create(
            work_plan=plan, order=o, heading=f"Outcome heading {o}", statement=f"Statement {o}"
        )
        for a in range(1, activities_per_outcome + 1):
            activity = Activity(
                outcome=outcome,
                order=a,
                mandate=mandate or MandateFactory(),
                title=f"Activity {o}.{a}",
                description=f"What activity {o}.{a} does",
            )
            activity.schedule = months((period[0], 10), (period[1], 9))
            activity.save()
            first = Milestone(activity=activity, order=1, text=f"Milestone {o}.{a}.a")
            first.schedule = quarters(period[1], 1)
            first.save()
            Milestone.objects.create(activity=activity, order=2, text=f"Milestone {o}.{a}.b")
            Milestone.objects.create(
                activity=activity, parent=first, order=1, text=f"Milestone {o}.{a}.a.i"
            )
    return plan


def import_seed(name: str) -> WorkPlan:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    result = import_source(Source(name, text))
    assert result.ok, result.problem
    start = 2014 if name == PLAN_2014 else 2021
    return WorkPlan.objects.get(period_start=start)


def activities_of(plan: WorkPlan) -> list[Activity]:
    return list(
        Activity.objects.filter(outcome__work_plan=plan)
        .select_related("mandate")
        .order_by("outcome__order", "order")
    )


def milestones_of(activity: Activity) -> list[Milestone]:
    return list(activity.milestones.order_by(F("parent_id").asc(nulls_first=True), "order"))
