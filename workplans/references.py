"""How a plan's items are cited, in the plan's own numbering: the one source of "outcome II",
"activity 5", "5.(b)" and their kin for the editor's controls and messages, the diff between
revisions, the list of activities a plan carried forward left out, and the exports.

Labels ("II.", "5.", "(b)") come from the order (``workplans.models.number_plan``); a reference
is the label as a sentence cites it:

- an outcome by its numeral without the full stop: "II";
- an activity by its number: "5" when activities are numbered across the plan, "A.2" when the
  numbering starts again under each outcome (so that "2" is never ambiguous);
- a milestone by its activity and its letters, as documents cite it: "5.(b)", "5.(b)(i)";
  bullets carry no letter, so a bulleted milestone is counted: "activity 5, bullet 2",
  "activity 7, bullet 1.2";
- a footnote by its number.

Each comes bare (``short``) and named (``name``, what a sentence says on its own: "outcome II",
"activity 5", "footnote 1"; milestones are cited bare either way).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from workplans.models import WorkPlan


@dataclass(frozen=True)
class Reference:
    short: str  # "II", "5", "A.2", "5.(b)", "activity 5, bullet 2", "1"
    name: str  # "outcome II", "activity 5", "5.(b)", "activity 5, bullet 2", "footnote 1"


def bare(label: str) -> str:
    """ "II." → "II", "5." → "5": a label as a reference writes it."""
    return label.rstrip(".")


class Citations:
    """How ``plan`` (a WorkPlan, or a FrozenPlan read from a snapshot) cites its items. The
    words are translated once, for the hundreds of items a plan has."""

    def __init__(self, plan):
        self.per_outcome = plan.activity_numbering == WorkPlan.ActivityNumbering.PER_OUTCOME
        self.bulleted = plan.milestone_style == WorkPlan.MilestoneStyle.BULLETED
        self._outcome = _("outcome %(label)s")
        self._activity = _("activity %(number)s")
        self._bullet = _("activity %(activity)s, bullet %(position)s")
        self._footnote = _("footnote %(number)s")

    def outcome(self, label: str) -> Reference:
        short = bare(label)
        return Reference(short, self._outcome % {"label": short})

    def activity(self, outcome_label: str, number: str) -> Reference:
        """``number``: the activity's number in the plan's rows ("2"), under the outcome
        labelled ``outcome_label``."""
        if self.per_outcome:
            number = f"{bare(outcome_label)}.{number}"
        return Reference(number, self._activity % {"number": number})

    def milestone(self, activity: str, labels: list[str], positions: list[int]) -> Reference:
        """``activity``: the short reference of its activity; ``labels`` and ``positions``: the
        milestone's labels and places from its activity's top level down to it."""
        if self.bulleted:
            position = ".".join(str(p) for p in positions)
            short = self._bullet % {"activity": activity, "position": position}
        else:
            short = f"{activity}.{''.join(labels)}"
        return Reference(short, short)

    def footnote(self, position: int) -> Reference:
        return Reference(str(position), self._footnote % {"number": position})


def walk(plan, rows: list[dict]):
    """Every outcome, activity and milestone of the numbered ``rows`` in reading order, as
    (kind, row, reference, ancestors): ``ancestors`` names the items it sits in, from its outcome
    down, each by (kind, pk)."""
    cite = Citations(plan)

    def milestones(milestone_rows, activity, labels, positions, ancestors):
        for position, row in enumerate(milestone_rows, start=1):
            here_labels, here_positions = [*labels, row["label"]], [*positions, position]
            yield "milestone", row, cite.milestone(activity, here_labels, here_positions), ancestors
            yield from milestones(
                row["children"],
                activity,
                here_labels,
                here_positions,
                (*ancestors, ("milestone", row["milestone"].pk)),
            )

    for outcome_row in rows:
        outcome = ("outcome", outcome_row["outcome"].pk)
        yield "outcome", outcome_row, cite.outcome(outcome_row["label"]), ()
        for activity_row in outcome_row["activities"]:
            reference = cite.activity(outcome_row["label"], activity_row["number"])
            yield "activity", activity_row, reference, (outcome,)
            activity = ("activity", activity_row["activity"].pk)
            yield from milestones(
                activity_row["milestones"], reference.short, [], [], (outcome, activity)
            )


def references(plan, rows: list[dict]) -> dict[tuple[str, int], Reference]:
    """The reference of every outcome, activity and milestone of the numbered ``rows``, by kind
    and primary key."""
    return {(kind, row[kind].pk): reference for kind, row, reference, _above in walk(plan, rows)}
