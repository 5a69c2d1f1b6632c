"""A work plan as a Gantt chart: a row per activity and milestone, numbered as the plan numbers
them (workplans.references), with its schedule as a bar (a range of months or quarters) or a
diamond (a single month); the outcomes are the groups' headings; an item without a schedule says
so. Drawn by templates/workplans/includes/gantt.html on the plan's page and in the printed plan.

The rows are those the plan's table already has (workplans.table.plan_table), so the picture
costs no query. A plan runs to a hundred activities and more: the chart is cut into panels of
at most PANEL_ROWS rows, each with its own axis, so that a printed panel fits a page and the page
can break between them.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from emg.pictures import FONT_SIZE, WIDTH, Fill, TimeAxis, short
from emg.schedules import Precision, Schedule
from workplans.models import WorkPlan
from workplans.references import walk

ROW = 18
AXIS = 36  # the years and quarters above the rows
LABEL_WIDTH = 250
CHART_LEFT = LABEL_WIDTH + 10
CHART_WIDTH = WIDTH - CHART_LEFT - 4
PANEL_ROWS = 45
LABEL_CHARACTERS = 44
BOLD_CHARACTERS = 38  # an activity's label is bold, and wider
INDENT = 10  # per level of milestone


def fills() -> list[Fill]:
    return [
        Fill("activity", _("Activity"), "#4a78b5", "plain"),
        Fill("milestone", _("Milestone"), "#a6c8e8", "hatch"),
    ]


def _diamond(schedule: Schedule) -> bool:
    """A single month is a point in time, drawn as a diamond; a quarter is a span."""
    return schedule.start == schedule.end and schedule.start.precision == Precision.MONTH


def _axis(plan: WorkPlan, schedules: list[Schedule]) -> TimeAxis:
    first = datetime.date(plan.period_start, 1, 1)
    last = datetime.date(plan.period_end, 12, 31)
    for schedule in schedules:
        first = min(first, schedule.start.first_day)
        last = max(last, schedule.end.last_day)
    return TimeAxis.whole_years(first, last, left=CHART_LEFT, width=CHART_WIDTH)


def plan_gantt(plan: WorkPlan, outcomes: list[dict], *, prefix: str = "gantt") -> dict:
    """The chart of ``plan`` from its numbered rows (``outcomes``: what plan_table gives, with
    each row's ``schedule`` and ``slot``): its panels, each with its rows placed; the fills of
    its legend; and every row as the text alternative lists it (``items``)."""
    items = []
    for kind, row, reference, _ancestors in walk(plan, outcomes):
        if kind == "outcome":
            outcome = row["outcome"]
            items.append(
                {
                    "kind": kind,
                    "label": row["label"],
                    "text": outcome.heading or outcome.statement,
                    "reference": reference.name,
                }
            )
            continue
        item = row[kind]
        schedule = row.get("schedule", item.schedule)
        items.append(
            {
                "kind": kind,
                # An activity as the plan cites it ("5", "A.2"), a milestone by its own label.
                "label": f"{reference.short}." if kind == "activity" else row["label"],
                "text": item.title if kind == "activity" else item.text,
                "reference": reference.name,
                "depth": row.get("depth", -1) + 1,
                "schedule": schedule,
                "slot": row.get("slot", f"{kind}-{item.pk}"),
            }
        )
    axis = _axis(plan, [i["schedule"] for i in items if i.get("schedule")])
    years, quarters = axis.years(), axis.quarters()
    show_quarters = len(quarters) <= 24  # beyond six years a quarter is too narrow to label

    panels: list[dict] = []
    heading = None
    for item in items:
        if item["kind"] == "outcome":
            heading = item
            panels.append({"rows": [], "outcome": item, "continued": False})
        elif not panels or len(panels[-1]["rows"]) >= PANEL_ROWS:
            panels.append({"rows": [], "outcome": heading, "continued": bool(panels)})
        panel = panels[-1]
        if item["kind"] == "outcome":
            continue
        y = AXIS + 4 + ROW * len(panel["rows"])
        placed = {
            **item,
            "y": y,
            "text_y": y + ROW - 5,
            "text_x": 4 + INDENT * item["depth"],
            "short": short(
                f"{item['label']} {item['text']}",
                (BOLD_CHARACTERS if item["kind"] == "activity" else LABEL_CHARACTERS)
                - 2 * item["depth"],
            ),
            "full": f"{item['label']} {item['text']}",
            "fill": "activity" if item["kind"] == "activity" else "milestone",
        }
        schedule = item["schedule"]
        if schedule is None:
            placed["shape"] = ""
        elif _diamond(schedule):
            middle = (axis.x(schedule.start.first_day) + axis.x_after(schedule.end.last_day)) / 2
            half = (ROW - 6) / 2
            cy = y + ROW / 2
            placed["shape"] = "diamond"
            placed["points"] = (
                f"{middle:.1f},{cy - half:.1f} {middle + half:.1f},{cy:.1f} "
                f"{middle:.1f},{cy + half:.1f} {middle - half:.1f},{cy:.1f}"
            )
        else:
            x = axis.x(schedule.start.first_day)
            placed["shape"] = "bar"
            placed["x"] = x
            placed["width"] = max(2.0, round(axis.x_after(schedule.end.last_day) - x, 1))
            placed["bar_y"] = y + 3
            placed["bar_height"] = ROW - 6
        placed["outside"] = schedule is not None and not plan.within_period(schedule)
        panel["rows"].append(placed)

    panels = [panel for panel in panels if panel["rows"]]
    for number, panel in enumerate(panels, start=1):
        panel["id"] = f"{prefix}-{number}"
        panel["height"] = AXIS + 8 + ROW * len(panel["rows"])
        outcome = panel["outcome"]
        name = (
            f"{outcome['reference']}: {short(outcome['text'], 80)}" if outcome else _("activities")
        )
        panel["title"] = (
            _("Schedule of %(plan)s, %(outcome)s (continued)")
            if panel["continued"]
            else _("Schedule of %(plan)s, %(outcome)s")
        ) % {"plan": plan.title, "outcome": name}
        scheduled = sum(1 for row in panel["rows"] if row["shape"])
        panel["description"] = _(
            "A Gantt chart of %(rows)s activities and milestones across %(period)s: %(scheduled)s "
            "with a schedule, drawn as a bar for a span of months or quarters and as a diamond "
            "for a single month; the others are marked “no schedule”. The schedules are listed "
            "in the table of the plan."
        ) % {"rows": len(panel["rows"]), "period": plan.period, "scheduled": scheduled}
    return {
        "panels": panels,
        "items": items,
        "fills": fills(),
        "prefix": prefix,
        "width": WIDTH,
        "font_size": FONT_SIZE,
        "years": years,
        "quarters": quarters if show_quarters else [],
        "chart_left": CHART_LEFT,
        "chart_right": CHART_LEFT + CHART_WIDTH,
        "axis_height": AXIS,
    }
