"""A round's progress and a report's status summary as stacked bars, one per mandate: drawn by
templates/progress/includes/stacked_bars.html from the rows their pages already hold (the
round's outline, the report's parts), so that they cost no query.

- ``round_progress``: each mandate's tasks by where they stand in the round (Progress: not
  started, draft, submitted, returned, accepted), on the round's page.
- ``report_summary``: each body's tasks in the compiled report by what their progress items say
  together (Status.of: completed, ongoing, ongoing/postponed, not yet started), on the report's
  page and in the printed report; only the rows the report shows its reader.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from emg.pictures import FONT_SIZE, WIDTH, Fill, short
from progress.models import Progress, Status, Update

ROW = 20
LEGEND = 24
LABEL_WIDTH = 230
BAR_LEFT = LABEL_WIDTH + 8
BAR_WIDTH = WIDTH - BAR_LEFT - 40  # room for the total after the bar
LABEL_CHARACTERS = 40
NUMBER_ROOM = 20  # a segment narrower than this leaves its count to the title and table

# Colours and patterns per state; the words are the models' (Progress.CHOICES, Status).
PROGRESS_LOOKS = {
    Progress.NOT_STARTED: ("#f4f4f4", "dots"),
    Progress.DRAFT: ("#fee090", "hatch"),
    Progress.SUBMITTED: ("#91bfdb", "back"),
    Progress.RETURNED: ("#fc8d59", "cross"),
    Progress.ACCEPTED: ("#5aae61", "plain"),
}
STATUS_LOOKS = {
    Status.COMPLETED: ("#5aae61", "plain"),
    Status.ONGOING: ("#a6dba0", "hatch"),
    Status.ONGOING_POSTPONED: ("#fdb863", "cross"),
    Status.NOT_STARTED: ("#f4f4f4", "dots"),
}


def task_progress(task) -> str:
    """Where ``task`` stands, as TaskQuerySet.with_progress says in SQL, from its update already
    loaded: a draft no focal point has saved yet (carried over) has not started."""
    update = getattr(task, "update", None)
    if update is None or (update.state == Update.State.DRAFT and update.author_id is None):
        return Progress.NOT_STARTED
    return update.state


def stacked_bars(*, rows: list[tuple[str, dict]], fills: list[Fill], prefix: str, title: str):
    """The geometry of one bar per ``rows`` (its label, and its count per fill's key), scaled
    to the largest total, each segment's count written in it when it fits."""
    largest = max((sum(counts.values()) for _label, counts in rows), default=0) or 1
    placed = []
    for position, (label, counts) in enumerate(rows):
        y = LEGEND + 6 + ROW * position
        x, segments = float(BAR_LEFT), []
        for fill in fills:
            count = counts.get(fill.key, 0)
            if not count:
                continue
            width = round(BAR_WIDTH * count / largest, 1)
            segments.append(
                {
                    "key": fill.key,
                    "label": fill.label,
                    "count": count,
                    "x": round(x, 1),
                    "width": width,
                    "middle": round(x + width / 2, 1),
                    "plate": round(x + width / 2 - 7, 1),  # the white behind the count
                    "numbered": width >= NUMBER_ROOM,
                }
            )
            x += width
        placed.append(
            {
                "label": label,
                "short": short(label, LABEL_CHARACTERS),
                "y": y,
                "bar_y": y + 3,
                "text_y": y + ROW - 6,
                "segments": segments,
                "total": sum(counts.values()),
                "total_x": round(x + 4, 1),
                "counts": [counts.get(fill.key, 0) for fill in fills],
            }
        )
    legend, x = [], 4.0
    for fill in fills:
        legend.append({"fill": fill, "x": x, "text_x": x + 22})
        x += 30 + 6.2 * len(str(fill.label))
    totals = [sum(row["counts"][i] for row in placed) for i in range(len(fills))]
    description = _("A stacked bar of each mandate's tasks; in all: %(what)s.") % {
        "what": ", ".join(
            f"{total} {fill.label.lower()}" for fill, total in zip(fills, totals, strict=True)
        )
    }
    return {
        "id": prefix,
        "title": title,
        "description": description,
        "rows": placed,
        "fills": fills,
        "legend": legend,
        "width": WIDTH,
        "height": LEGEND + 12 + ROW * len(placed),
        "font_size": FONT_SIZE,
        "bar_left": BAR_LEFT,
        "bar_height": ROW - 6,
        "totals": totals,
    }


def progress_fills() -> list[Fill]:
    return [
        Fill(key, str(label), *PROGRESS_LOOKS[key])
        for key, label in Progress.CHOICES  # in the order work moves
    ]


def status_fills() -> list[Fill]:
    order = [Status.COMPLETED, Status.ONGOING, Status.ONGOING_POSTPONED, Status.NOT_STARTED]
    return [Fill(status.value, str(status.label), *STATUS_LOOKS[status]) for status in order]


def round_progress(report_round, outline: list[dict], unsectioned: list[dict]) -> dict | None:
    """Each mandate's tasks in the round by where they stand, from the round's outline
    (progress.selectors.rounds.round_outline); a mandate in several sections is one bar."""
    counts: dict[int, dict] = {}
    names: dict[int, str] = {}
    bodies = [body for part in outline for body in part["bodies"]] + unsectioned
    for body in bodies:
        mandate = body["mandate"]
        names[mandate.pk] = mandate.name
        tally = counts.setdefault(mandate.pk, {})
        for task in body["tasks"]:
            state = task_progress(task)
            tally[state] = tally.get(state, 0) + 1
    if not counts:
        return None
    return stacked_bars(
        rows=[(names[pk], tally) for pk, tally in counts.items()],
        fills=progress_fills(),
        prefix=f"round-progress-{report_round.pk}",
        title=_("Progress of the round “%(round)s”, per mandate") % {"round": report_round.title},
    )


def report_summary(report_round, parts) -> dict | None:
    """Each body's tasks in the report by the status their progress items give together, from
    the report's parts (progress.selectors.report.report_context): only what it prints."""
    rows = []
    for part in parts:
        for body in part.bodies:
            tally: dict[str, int] = {}
            for row in body.rows:
                status = Status.of(item.status for item in row.items).value
                tally[status] = tally.get(status, 0) + 1
            label = " ".join(bit for bit in (part.label, body.label, body.mandate.name) if bit)
            rows.append((label, tally))
    if not rows:
        return None
    return stacked_bars(
        rows=rows,
        fills=status_fills(),
        prefix=f"report-summary-{report_round.pk}",
        title=_("Status of the tasks reported, per mandate: %(round)s")
        % {"round": report_round.title},
    )
