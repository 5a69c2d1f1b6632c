"""Revisions of a work plan: frozen snapshots ("original", "Rev.1", "Rev.2" …), what changed between
two of them in the plan's own numbering, and the services that issue revisions and approve plans.

A snapshot is plain JSON holding everything the plan shows: its head, introduction and footnotes,
and its outcomes, activities and milestones as flat rows that keep their primary keys, orders and
parents, with schedules as stored (start, end and their precisions). Labels are never stored:
``thaw`` turns a snapshot back into objects that ``workplans.models.number_plan`` numbers exactly
as it numbers the live plan, so "2.(b)" means the same in a revision, in the editor and in the
exports. Identity is the primary key, which is how the diff tells "activity 5 moved from outcome
II to I" from "activity 5 removed, another added".
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Func, TextField
from django.db.models.functions import Cast
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from emg import fragments
from emg.schedules import Schedule
from workplans.models import (
    Activity,
    Milestone,
    WorkPlan,
    WorkPlanRevision,
    number_plan,
    revision_label,
)

SNAPSHOT_VERSION = 1
NONE = "\u2014"  # em dash: how a page shows "nothing here"
ARROW = "\u2192"


def revision_name(number: int) -> str:
    """A revision as a sentence names it: "the original", "Rev.1"."""
    return _("the original") if number == 0 else revision_label(number)


class ActionRefused(Exception):
    """A plan cannot have this done to it now; the message says why, for the person who asked."""


def plan_is_frozen(plan: WorkPlan) -> bool:
    """An approved or superseded plan is the record of what a SOM decided: nobody edits or
    revises it (WorkPlan.is_frozen says which statuses those are)."""
    return plan.is_frozen


# --- Snapshots -------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class FrozenActivity:
    pk: int
    outcome_id: int
    order: int
    title: str
    description: str
    mandate: FrozenMandate | None
    schedule: Schedule | None

    def __str__(self):
        return self.title


@dataclass(frozen=True)
class FrozenMilestone:
    pk: int
    activity_id: int
    parent_id: int | None
    order: int
    text: str
    due_date: datetime.date | None
    schedule: Schedule | None

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


def _schedule(data: dict | None) -> Schedule | None:
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
                schedule=_schedule(a["schedule"]),
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
                schedule=_schedule(m["schedule"]),
            )
            for m in snapshot["milestones"]
        ),
    )


# --- References in the plan's own numbering --------------------------------------------------


def _bare(label: str) -> str:
    """ "II." → "II", "5." → "5": labels as a reference writes them."""
    return label.rstrip(".")


@dataclass
class Reference:
    """Where an item sits in one snapshot, and how a reader names it there."""

    kind: str  # "outcome", "activity", "milestone", "footnote"
    pk: int
    name: str  # "outcome II", "activity 5", "2.(b)", "footnote 1"
    short: str  # "II", "5", "2.(b)", "1"
    parent: tuple | None  # the identity of the item it sits in (None at the top)
    index: int  # position in reading order across the whole plan
    activity: int | None = None  # for milestones: the activity they belong to
    ancestors: tuple = ()  # identities of every item it sits in
    fields: dict = field(default_factory=dict)


def activity_number(plan, outcome_label: str, number: str) -> str:
    """An activity as references cite it: "5" when activities are numbered across the plan,
    "A.2" when the numbering starts again under each outcome."""
    if plan.activity_numbering == WorkPlan.ActivityNumbering.PER_OUTCOME:
        return f"{_bare(outcome_label)}.{number}"
    return number


def milestone_reference(plan, activity_number: str, labels: list[str], positions: list[int]):
    """A milestone as documents cite it: "2.(b)", "2.(b)(i)"; bullets carry no letter, so
    bulleted plans count them: "activity 2, bullet 3", "activity 7, bullet 1.2"."""
    if plan.milestone_style == WorkPlan.MilestoneStyle.BULLETED:
        return _("activity %(activity)s, bullet %(position)s") % {
            "activity": activity_number,
            "position": ".".join(str(p) for p in positions),
        }
    return f"{activity_number}.{''.join(labels)}"


def _show_date(day: datetime.date | None) -> str:
    return date_format(day, "j F Y") if day else NONE


def _show(value) -> str:
    if value is None or value == "":
        return NONE
    return str(value)


def references(plan: FrozenPlan) -> dict[tuple[str, int], Reference]:
    """Every outcome, activity, milestone and footnote of ``plan`` by (kind, pk), named in the
    plan's numbering and carrying the values the diff compares."""
    found: dict[tuple[str, int], Reference] = {}
    index = 0

    def walk_milestones(rows, activity, activity_number, labels, positions, parent, ancestors):
        nonlocal index
        for position, row in enumerate(rows, start=1):
            milestone = row["milestone"]
            here_labels, here_positions = [*labels, row["label"]], [*positions, position]
            short = milestone_reference(plan, activity_number, here_labels, here_positions)
            index += 1
            identity = ("milestone", milestone.pk)
            found[identity] = Reference(
                kind="milestone",
                pk=milestone.pk,
                name=short,
                short=short,
                parent=parent,
                index=index,
                activity=activity.pk,
                ancestors=ancestors,
                fields={
                    "text": milestone.text,
                    "schedule": _show(milestone.schedule),
                    "due_date": _show_date(milestone.due_date),
                },
            )
            walk_milestones(
                row["children"],
                activity,
                activity_number,
                here_labels,
                here_positions,
                identity,
                (*ancestors, identity),
            )

    for outcome_row in plan.numbered():
        outcome = outcome_row["outcome"]
        outcome_short = _bare(outcome_row["label"])
        outcome_identity = ("outcome", outcome.pk)
        index += 1
        found[outcome_identity] = Reference(
            kind="outcome",
            pk=outcome.pk,
            name=_("outcome %(label)s") % {"label": outcome_short},
            short=outcome_short,
            parent=None,
            index=index,
            fields={"heading": outcome.heading, "statement": outcome.statement},
        )
        for activity_row in outcome_row["activities"]:
            activity = activity_row["activity"]
            number = activity_number(plan, outcome_row["label"], activity_row["number"])
            identity = ("activity", activity.pk)
            index += 1
            found[identity] = Reference(
                kind="activity",
                pk=activity.pk,
                name=_("activity %(number)s") % {"number": number},
                short=number,
                parent=outcome_identity,
                index=index,
                ancestors=(outcome_identity,),
                fields={
                    "title": activity.title,
                    "description": activity.description,
                    "mandate": _show(activity.mandate),
                    "schedule": _show(activity.schedule),
                },
            )
            walk_milestones(
                activity_row["milestones"],
                activity,
                number,
                [],
                [],
                identity,
                (outcome_identity, identity),
            )
    for position, footnote in enumerate(plan.footnotes, start=1):
        index += 1
        found[("footnote", footnote.pk)] = Reference(
            kind="footnote",
            pk=footnote.pk,
            name=_("footnote %(number)s") % {"number": position},
            short=str(position),
            parent=None,
            index=index,
            fields={"anchor": footnote.anchor, "text": footnote.text},
        )
    return found


# --- The diff --------------------------------------------------------------------------------


class Kind:
    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"
    CHANGED = "changed"
    ALL = (ADDED, REMOVED, MOVED, CHANGED)


KIND_LABELS = {
    Kind.ADDED: gettext_lazy("added"),
    Kind.REMOVED: gettext_lazy("removed"),
    Kind.MOVED: gettext_lazy("moved"),
    Kind.CHANGED: gettext_lazy("changed"),
}

# What the diff compares, by kind of item: (key, what readers call it, whether it is prose that
# gets a word-by-word comparison rather than "old → new").
FIELDS = {
    "plan": [
        ("title", gettext_lazy("title"), True),
        ("period", gettext_lazy("period"), False),
        ("status", gettext_lazy("status"), False),
        ("meeting", gettext_lazy("SOM"), False),
        ("introduction", gettext_lazy("introduction"), True),
        ("outcome_numbering", gettext_lazy("outcome numbering"), False),
        ("activity_numbering", gettext_lazy("activity numbering"), False),
        ("milestone_style", gettext_lazy("milestones"), False),
    ],
    "outcome": [
        ("heading", gettext_lazy("heading"), True),
        ("statement", gettext_lazy("statement"), True),
    ],
    "activity": [
        ("title", gettext_lazy("title"), True),
        ("description", gettext_lazy("description"), True),
        ("mandate", gettext_lazy("mandate"), False),
        ("schedule", gettext_lazy("schedule"), False),
    ],
    "milestone": [
        ("text", gettext_lazy("text"), True),
        ("schedule", gettext_lazy("schedule"), False),
        ("due_date", gettext_lazy("due date"), False),
    ],
    "footnote": [
        ("anchor", gettext_lazy("anchor"), True),
        ("text", gettext_lazy("text"), True),
    ],
}
# The text that stands for the item when it is added or removed.
MAIN_TEXT = {
    "outcome": ("heading", "statement"),
    "activity": ("title",),
    "milestone": ("text",),
    "footnote": ("text",),
}


@dataclass(frozen=True)
class Change:
    """One difference between two snapshots, as a reader of the plan would put it."""

    kind: str  # Kind.ADDED, REMOVED, MOVED or CHANGED
    item: str  # "plan", "outcome", "activity", "milestone", "footnote"
    reference: str  # "activity 5", "2.(b)", "outcome II"; "" for the plan itself
    summary: str  # "2.(b) schedule: Q1 2022 → Q3 2022"
    field: str = ""  # for CHANGED: the field, as readers call it
    old: str = ""
    new: str = ""
    words: tuple[tuple[str, str], ...] = ()  # for prose: ("equal" | "delete" | "insert", text)

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


# Words, the spaces between them, and punctuation on its own: "2.1" → "2.1, extended" is an
# insertion of ", extended", not a new word.
_WORD = re.compile(r"\s+|\w+|[^\w\s]")


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """``old`` turned into ``new`` word by word: runs of ("equal" | "delete" | "insert", text),
    each replacement written as what went, then what came."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    pieces = []  # ["equal", text] or ["change", old text, new text]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(["equal", "".join(a[i1:i2])])
        else:
            pieces.append(["change", "".join(a[i1:i2]), "".join(b[j1:j2])])
    merged: list[list[str]] = []
    for i, piece in enumerate(pieces):
        # A lone space between two changes belongs to them: "two webinars" → "six dialogues"
        # reads as one replacement, not two around a space that stayed.
        between_changes = 0 < i < len(pieces) - 1 and (
            pieces[i - 1][0] == pieces[i + 1][0] == "change"
        )
        if piece[0] == "equal" and piece[1].isspace() and between_changes:
            piece = ["change", piece[1], piece[1]]
        if merged and merged[-1][0] == piece[0] == "change":
            merged[-1][1] += piece[1]
            merged[-1][2] += piece[2]
        else:
            merged.append(list(piece))
    runs: list[tuple[str, str]] = []
    for piece in merged:
        if piece[0] == "equal":
            runs.append(("equal", piece[1]))
            continue
        if piece[1]:
            runs.append(("delete", piece[1]))
        if piece[2]:
            runs.append(("insert", piece[2]))
    return tuple(runs)


def _stayed_in_place(old_positions: list[int]) -> set[int]:
    """Indexes (into ``old_positions``, which lists the old positions of items in their new
    order) of a longest run that kept its order. Everything else moved; items that only shifted
    because others came or went did not.

    Of equally long runs, the one leaving most items at their old rank wins (swapping the first
    and last of three moves those two, not the middle one), then the one keeping the earlier
    items: two neighbours that swapped read as "the second moved up"."""
    ranks = {value: rank for rank, value in enumerate(sorted(old_positions))}
    # Per index, the best run ending there: (length, items at their old rank, -sum of positions).
    best: list[tuple[int, int, int]] = []
    previous: list[int] = []
    for i, value in enumerate(old_positions):
        here = (1, int(ranks[value] == i), -value)
        score, link = here, -1
        for j in range(i):
            if old_positions[j] < value:
                candidate = tuple(x + y for x, y in zip(best[j], here, strict=True))
                if candidate > score:
                    score, link = candidate, j
        best.append(score)
        previous.append(link)
    if not best:
        return set()
    i = max(range(len(best)), key=lambda k: best[k])
    kept = set()
    while i != -1:
        kept.add(i)
        i = previous[i]
    return kept


def _plan_fields(plan: FrozenPlan) -> dict[str, str]:
    return {
        "title": plan.title,
        "period": plan.period,
        "status": plan.get_status_display(),
        "meeting": _show(plan.meeting),
        "introduction": plan.introduction,
        "outcome_numbering": str(WorkPlan.OutcomeNumbering(plan.outcome_numbering).label),
        "activity_numbering": str(WorkPlan.ActivityNumbering(plan.activity_numbering).label),
        "milestone_style": str(WorkPlan.MilestoneStyle(plan.milestone_style).label),
    }


def _field_changes(item: str, name: str, subject: str, old: dict, new: dict) -> list[Change]:
    """``subject`` is what the summary opens with ("2.(b)", "activity 5", "The plan's")."""
    changes = []
    for key, label, prose in FIELDS[item]:
        before, after = old[key], new[key]
        if before == after:
            continue
        if prose:
            summary = _("%(subject)s %(field)s changed") % {"subject": subject, "field": label}
            words = word_diff(before, after)
        else:
            summary = _("%(subject)s %(field)s: %(old)s %(arrow)s %(new)s") % {
                "subject": subject,
                "field": label,
                "old": before,
                "new": after,
                "arrow": ARROW,
            }
            words = ()
        changes.append(
            Change(
                kind=Kind.CHANGED,
                item=item,
                reference=name,
                summary=summary.strip(),
                field=str(label),
                old=before,
                new=after,
                words=words,
            )
        )
    return changes


def _main_text(reference: Reference) -> str:
    return "\n".join(
        reference.fields[key] for key in MAIN_TEXT[reference.kind] if reference.fields[key]
    )


def _subject(reference: Reference) -> str:
    # Milestones are cited bare, as documents do ("2.(b) schedule: …"); the rest by kind and
    # number ("activity 5 title changed").
    return reference.short if reference.kind == "milestone" else reference.name


def _added(ref: Reference, new_refs: dict, descendants: int) -> Change:
    if ref.kind == "activity":
        summary = _("%(activity)s added under %(outcome)s") % {
            "activity": ref.name,
            "outcome": new_refs[ref.parent].name,
        }
    else:
        summary = _("%(item)s added") % {"item": _subject(ref)}
    summary += _with(ref, descendants)
    return Change(Kind.ADDED, ref.kind, ref.name, summary, new=_main_text(ref))


def _removed(ref: Reference, descendants: int) -> Change:
    summary = _("%(item)s removed") % {"item": _subject(ref)}
    summary += _with(ref, descendants)
    return Change(Kind.REMOVED, ref.kind, ref.name, summary, old=_main_text(ref))


def _moved(
    old: Reference, new: Reference, old_refs: dict, new_refs: dict, up: bool | None
) -> Change:
    now = "" if old.short == new.short else ", " + _("now %(item)s") % {"item": _subject(new)}
    if old.parent != new.parent and old.kind == "activity":
        summary = _("%(item)s moved from outcome %(old)s to %(new)s") % {
            "item": old.name,
            "old": old_refs[old.parent].short,
            "new": new_refs[new.parent].short,
        }
    elif old.parent != new.parent and old.activity != new.activity:
        summary = _("%(item)s moved to %(activity)s") % {
            "item": _subject(old),
            "activity": new_refs[("activity", new.activity)].name,
        }
    elif old.parent != new.parent:
        summary = _("%(item)s moved") % {"item": _subject(old)}
    elif up is True:
        summary = _("%(item)s moved up") % {"item": _subject(old)}
    elif up is False:
        summary = _("%(item)s moved down") % {"item": _subject(old)}
    else:
        summary = _("%(item)s moved") % {"item": _subject(old)}
    return Change(Kind.MOVED, new.kind, new.name, summary + now, old=old.name, new=new.name)


def _with(ref: Reference, descendants: int) -> str:
    """What came or went along with an item: an outcome's activities, an activity's milestones."""
    if not descendants:
        return ""
    if ref.kind == "outcome":
        text = ngettext("with %(count)s activity", "with %(count)s activities", descendants)
    else:
        text = ngettext("with %(count)s milestone", "with %(count)s milestones", descendants)
    return f" ({text % {'count': descendants}})"


def _count_descendants(refs: dict, identity: tuple, elsewhere: dict) -> int:
    """Items under ``identity`` in ``refs`` that ``elsewhere`` does not have: those that came
    or went with it. An outcome counts its activities, anything else its milestones."""
    kind = "activity" if identity[0] == "outcome" else "milestone"
    return sum(
        1
        for key, r in refs.items()
        if identity in r.ancestors and r.kind == kind and key not in elsewhere
    )


def diff_plans(old: FrozenPlan, new: FrozenPlan) -> list[Change]:
    """What changed from ``old`` to ``new``, in reading order of the new plan: the plan's own
    fields first, then each item where it now stands (a removed item where it used to be).

    Items are matched by primary key. An item that came or went is reported once, not with each
    of its milestones. An item counts as moved when it changed its place: it sits in another
    outcome, activity or milestone now, or it left the longest run of its siblings that kept
    their order; items that were only renumbered because others came or went are not reported.
    Changes to an item's fields are named with its new number.
    """
    old_refs, new_refs = references(old), references(new)
    keyed: list[tuple[tuple, Change]] = [
        ((0, 0, n), change)
        for n, change in enumerate(
            _field_changes("plan", "", _("The plan's"), _plan_fields(old), _plan_fields(new))
        )
    ]

    # Removed items sit after the nearest item before them (in the old reading order) that
    # the new plan still has.
    old_in_order = sorted(old_refs.values(), key=lambda r: r.index)
    anchor_index, last_kept = {}, 0
    for ref in old_in_order:
        identity = (ref.kind, ref.pk)
        if identity in new_refs:
            last_kept = new_refs[identity].index
        else:
            anchor_index[identity] = last_kept

    for identity, ref in old_refs.items():
        if identity in new_refs or any(a not in new_refs for a in ref.ancestors):
            continue
        change = _removed(ref, _count_descendants(old_refs, identity, new_refs))
        keyed.append(((1, anchor_index[identity], 1, ref.index), change))

    for identity, ref in new_refs.items():
        if identity in old_refs or any(a not in old_refs for a in ref.ancestors):
            continue
        change = _added(ref, new_refs, _count_descendants(new_refs, identity, old_refs))
        keyed.append(((1, ref.index, 0, 0), change))

    # Moves: across parents, or out of order among the siblings that stayed with one parent.
    siblings: dict[tuple, list[tuple]] = {}
    for identity, ref in sorted(new_refs.items(), key=lambda item: item[1].index):
        before = old_refs.get(identity)
        if before is None:
            continue
        if before.parent != ref.parent:
            change = _moved(before, ref, old_refs, new_refs, up=None)
            keyed.append(((1, ref.index, 0, 1), change))
        else:
            siblings.setdefault((ref.kind, ref.parent), []).append(identity)
    for group in siblings.values():
        old_order = [old_refs[identity].index for identity in group]
        stayed = _stayed_in_place(old_order)
        old_rank = {index: rank for rank, index in enumerate(sorted(old_order))}
        for position, identity in enumerate(group):
            if position in stayed:
                continue
            ref, before = new_refs[identity], old_refs[identity]
            rank = old_rank[before.index]
            up = None if position == rank else position < rank
            change = _moved(before, ref, old_refs, new_refs, up=up)
            keyed.append(((1, ref.index, 0, 1), change))

    for identity, ref in new_refs.items():
        before = old_refs.get(identity)
        if before is None:
            continue
        subject = _subject(ref)
        if before.short != ref.short and before.kind != "footnote":
            subject = _("%(item)s (was %(old)s)") % {"item": subject, "old": before.short}
        for n, change in enumerate(
            _field_changes(ref.kind, ref.name, subject, before.fields, ref.fields)
        ):
            keyed.append(((1, ref.index, 0, 2 + n), change))

    keyed.sort(key=lambda pair: pair[0])
    return [change for _key, change in keyed]


def diff_snapshots(old: dict, new: dict) -> list[Change]:
    """What changed from snapshot ``old`` to snapshot ``new`` (see ``diff_plans``)."""
    return diff_plans(thaw(old), thaw(new))


# Diffs kept per process, by the content of what they compare (a plan's diff takes as long to
# work out as a large page takes to render, and the revisions page and the diff page ask for the
# same one again and again): a changed text has another hash, so a kept diff is never stale.
_kept_diffs = fragments.LRU(size=64, weight=fragments.MAX_WEIGHT)


def snapshot_hash(snapshot: dict) -> str:
    """A hash of ``snapshot``'s content, for keeping what is worked out from it."""
    text = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def with_snapshot_hash(revisions):
    """``revisions`` (a WorkPlanRevision queryset) annotated with ``snapshot_hash``, a hash of
    each one's snapshot worked out by the database, so the snapshot itself need not be read."""
    return revisions.annotate(
        snapshot_hash=Func(
            Cast(F("snapshot"), TextField()), function="md5", output_field=TextField()
        )
    )


def diff_kept(old: tuple[str, Callable[[], dict]], new: tuple[str, Callable[[], dict]]):
    """``diff_snapshots`` of two snapshots, each given as a hash of its content and a function
    that reads it (called only when this diff is not kept already)."""
    key = (get_language() or "", old[0], new[0])  # the changes' words are translated
    return fragments.kept(key, lambda: diff_snapshots(old[1](), new[1]()), lru=_kept_diffs)


# --- Services --------------------------------------------------------------------------------


def _locked(plan: WorkPlan) -> WorkPlan:
    # Two people issuing at once must not both take the next number: the second waits here.
    return WorkPlan.objects.select_for_update().get(pk=plan.pk)


def next_revision_number(plan: WorkPlan, latest: WorkPlanRevision | None) -> int:
    """After the last frozen revision comes the next; a plan with none yet freezes the revision
    its text already is (0, the original, for a new draft; 1 for a plan imported as Rev.1)."""
    return latest.number + 1 if latest is not None else plan.revision


def _issue(plan: WorkPlan, user, *, require_changes: bool) -> WorkPlanRevision:
    latest = plan.revisions.order_by("-number").first()
    snapshot = plan_snapshot(plan)
    if require_changes and latest is not None and not diff_snapshots(latest.snapshot, snapshot):
        raise ActionRefused(
            _("Nothing has changed since %(revision)s: there is nothing to issue.")
            % {"revision": revision_name(latest.number)}
        )
    number = next_revision_number(plan, latest)
    revision = WorkPlanRevision.objects.create(
        work_plan=plan, number=number, snapshot=snapshot, issued_by=user
    )
    if plan.revision != number:
        plan.revision = number
        plan.save(update_fields=["revision"])
    return revision


@transaction.atomic
def revision_issue(*, plan: WorkPlan, user) -> WorkPlanRevision:
    """Freeze the plan as it stands as its next revision ("original", "Rev.1" …)."""
    plan = _locked(plan)
    if plan_is_frozen(plan):
        raise ActionRefused(
            _("This plan is %(status)s: it cannot be revised.")
            % {"status": plan.get_status_display().lower()}
        )
    return _issue(plan, user, require_changes=True)


@transaction.atomic
def work_plan_approve(*, plan: WorkPlan, meeting, user) -> WorkPlanRevision:
    """Record that ``meeting`` approved the plan and freeze it as a revision; from then on the
    plan is not edited."""
    plan = _locked(plan)
    if plan_is_frozen(plan):
        raise ActionRefused(
            _("This plan is already %(status)s.") % {"status": plan.get_status_display().lower()}
        )
    plan.status = WorkPlan.Status.APPROVED
    plan.meeting = meeting
    plan.save(update_fields=["status", "meeting"])
    return _issue(plan, user, require_changes=False)
