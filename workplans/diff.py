"""What changed between two texts of a plan (two revisions, or a revision and the current text),
as a reader of the plan would put it: "activity 5 moved from outcome II to I", "2.(b) schedule:
Q1 2022 → Q3 2022", in each text's own numbering (workplans.references).

Items are matched by primary key, which snapshots keep (workplans.snapshots).
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field, replace

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from workplans.models import WorkPlan
from workplans.references import Citations, Reference, walk
from workplans.snapshots import FrozenPlan, read_schedule, thaw

NONE = "\u2014"  # em dash: how a page shows "nothing here"
ARROW = "\u2192"


@dataclass
class Entry:
    """An item of one text as the diff sees it: how that text cites it, where it sits, and the
    values the diff compares."""

    kind: str  # "outcome", "activity", "milestone", "footnote"
    pk: int
    reference: Reference
    index: int  # position in reading order across the whole plan
    ancestors: tuple = ()  # the items it sits in, each as (kind, pk), from its outcome down
    fields: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.reference.name

    @property
    def short(self) -> str:
        return self.reference.short

    @property
    def parent(self) -> tuple | None:
        """The item it sits in (None at the top)."""
        return self.ancestors[-1] if self.ancestors else None

    @property
    def activity(self) -> int | None:
        """For milestones: the activity they belong to."""
        return next((pk for kind, pk in self.ancestors if kind == "activity"), None)


def _show(value) -> str:
    """A value as the diff writes it: a schedule or a date as documents do (a schedule comes as
    the snapshot stores it), nothing as a dash."""
    if value is None or value == "":
        return NONE
    if isinstance(value, dict):
        return str(read_schedule(value))
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    return str(value)


def _fields(kind: str, item) -> dict:
    """The values the diff compares; schedules and dates are read and written only when they
    changed, a handful among hundreds."""
    if kind == "outcome":
        return {"heading": item.heading, "statement": item.statement}
    if kind == "activity":
        return {
            "title": item.title,
            "description": item.description,
            "mandate": _show(item.mandate),
            "schedule": item.schedule_data,
        }
    return {"text": item.text, "schedule": item.schedule_data, "due_date": item.due_date}


def entries(plan: FrozenPlan) -> dict[tuple[str, int], Entry]:
    """Every outcome, activity, milestone and footnote of ``plan`` by (kind, pk)."""
    found: dict[tuple[str, int], Entry] = {}
    for index, (kind, row, reference, ancestors) in enumerate(walk(plan, plan.numbered()), start=1):
        item = row[kind]
        found[kind, item.pk] = Entry(
            kind, item.pk, reference, index, ancestors, _fields(kind, item)
        )
    cite = Citations(plan)
    for position, footnote in enumerate(plan.footnotes, start=1):
        found["footnote", footnote.pk] = Entry(
            "footnote",
            footnote.pk,
            cite.footnote(position),
            len(found) + 1,
            fields={"anchor": footnote.anchor, "text": footnote.text},
        )
    return found


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
    title: str = ""  # what the item says, shortened: its heading, title or text
    slot: str = ""  # its html id on the plan's page ("activity-12"); "" for the plan itself

    @property
    def named(self) -> str:
        """The item by number and title: "activity 5 — Biodiversity …"."""
        if not self.title:
            return self.reference
        return f"{self.reference} \u2014 {self.title}"

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
            before, after = _show(before), _show(after)
            if before == after:  # stored another way, the same (a month ending on the 28th)
                continue
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


TITLE_LENGTH = 80


def _title(entry: Entry) -> str:
    text = " ".join(_main_text(entry).split())
    return text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 1] + "\u2026"


def _named(change: Change, entry: Entry) -> Change:
    """``change`` naming its item by number and title, and where it stands on the plan's page."""
    slot = "" if entry.kind == "footnote" else f"{entry.kind}-{entry.pk}"
    return replace(change, title=_title(entry), slot=slot)


def _main_text(entry: Entry) -> str:
    return "\n".join(entry.fields[key] for key in MAIN_TEXT[entry.kind] if entry.fields[key])


def _subject(entry: Entry) -> str:
    # Milestones are cited bare, as documents do ("2.(b) schedule: …"); the rest by kind and
    # number ("activity 5 title changed").
    return entry.short if entry.kind == "milestone" else entry.name


def _added(ref: Entry, new_refs: dict, descendants: int) -> Change:
    if ref.kind == "activity":
        summary = _("%(activity)s added under %(outcome)s") % {
            "activity": ref.name,
            "outcome": new_refs[ref.parent].name,
        }
    else:
        summary = _("%(item)s added") % {"item": _subject(ref)}
    summary += _with(ref, descendants)
    return Change(Kind.ADDED, ref.kind, ref.name, summary, new=_main_text(ref))


def _removed(ref: Entry, descendants: int) -> Change:
    summary = _("%(item)s removed") % {"item": _subject(ref)}
    summary += _with(ref, descendants)
    return Change(Kind.REMOVED, ref.kind, ref.name, summary, old=_main_text(ref))


def _moved(old: Entry, new: Entry, old_refs: dict, new_refs: dict, up: bool | None) -> Change:
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


def _with(ref: Entry, descendants: int) -> str:
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
    old_refs, new_refs = entries(old), entries(new)
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
        change = _named(_removed(ref, _count_descendants(old_refs, identity, new_refs)), ref)
        keyed.append(((1, anchor_index[identity], 1, ref.index), change))

    for identity, ref in new_refs.items():
        if identity in old_refs or any(a not in old_refs for a in ref.ancestors):
            continue
        change = _named(
            _added(ref, new_refs, _count_descendants(new_refs, identity, old_refs)), ref
        )
        keyed.append(((1, ref.index, 0, 0), change))

    # Moves: across parents, or out of order among the siblings that stayed with one parent.
    siblings: dict[tuple, list[tuple]] = {}
    for identity, ref in sorted(new_refs.items(), key=lambda item: item[1].index):
        before = old_refs.get(identity)
        if before is None:
            continue
        if before.parent != ref.parent:
            change = _named(_moved(before, ref, old_refs, new_refs, up=None), ref)
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
            change = _named(_moved(before, ref, old_refs, new_refs, up=up), ref)
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
            keyed.append(((1, ref.index, 0, 2 + n), _named(change, ref)))

    keyed.sort(key=lambda pair: pair[0])
    return [change for _key, change in keyed]


def diff_snapshots(old: dict, new: dict) -> list[Change]:
    """What changed from snapshot ``old`` to snapshot ``new`` (see ``diff_plans``)."""
    return diff_plans(thaw(old), thaw(new))
