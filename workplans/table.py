"""A plan's table as its page shows it, with the editor's controls or without, and as its document
prints it: the context of templates/workplans/includes/plan_table.html, whose rows
workplans/templatetags/plan_table.py writes. Each row gets its reference (workplans.references),
its html id, its schedule, and the URLs and names of its links and controls; the words are
translated, and each URL reversed (emg.reversing), once for the hundreds of items a plan has."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emg.reversing import RowUrls
from workplans.models import WorkPlan
from workplans.references import walk

ITEM_SLOTS = ("outcome-", "activity-", "milestone-")

WHAT = {
    "outcome": gettext_lazy("expected outcome"),
    "activity": gettext_lazy("activity"),
    "milestone": gettext_lazy("milestone"),
}


class _Controls:
    """The URLs of an item's history and, when ``editing``, of its editor's controls; and what
    they call the item for those who do not see them (screen readers): its label ("activity
    5."), or for a milestone its reference ("milestone 5.(b)", "activity 5, bullet 2"), which its
    label alone ("(b)", "–") would not tell. The words are translated once, for the hundreds of
    items."""

    def __init__(self, plan: WorkPlan, *, editing: bool):
        self.editing = editing
        self.bulleted = plan.milestone_style == WorkPlan.MilestoneStyle.BULLETED
        self.url = RowUrls()
        self.what = {kind: str(word) for kind, word in WHAT.items()}
        self.name = _("%(what)s %(label)s")
        self.history_name = _("of %(item)s")
        self.add_name = _("under %(item)s")
        self.actions_name = _("Actions for %(item)s")
        self.move_up = _("Move %(item)s up")
        self.move_down = _("Move %(item)s down")
        self.add_milestone = _("Add a milestone to activity %(label)s")

    def add(self, row: dict, kind: str, item, reference) -> None:
        url, pk = self.url, row["id"]
        if kind == "milestone" and self.bulleted:
            name = reference.short  # "activity 5, bullet 2" says what it is
        else:
            label = reference.short if kind == "milestone" else row["label"]
            name = self.name % {"what": self.what[kind], "label": label}
        item_name = {"item": name}
        row["name"] = name
        row["history_name"] = self.history_name % item_name
        row["history_url"] = url(f"workplans:{kind}_history", pk)
        if kind == "activity" and item.mandate_id is not None:
            row["mandate_url"] = url("mandates:detail", item.mandate_id)
        if not self.editing:
            return
        row["actions_url"] = url(f"workplans:{kind}_actions", pk)
        row["actions_name"] = self.actions_name % item_name
        row["edit_url"] = url(f"workplans:{kind}_edit", pk)
        row["delete_url"] = url(f"workplans:{kind}_delete", pk)
        row["move_url"] = url(f"workplans:{kind}_move", pk)
        row["move_up"] = self.move_up % item_name
        row["move_down"] = self.move_down % item_name
        if kind == "outcome":
            row["add_url"] = url("workplans:activity_add", pk)
            row["order_url"] = url("workplans:activity_order", pk)
        elif kind == "activity":
            row["add_milestone"] = self.add_milestone % {"label": row["label"]}
            row["add_url"] = url("workplans:milestone_add", pk)
            row["order_url"] = url("workplans:milestone_order", pk)
        else:  # a step under the milestone, in the slot after its own steps
            row["child_slot"] = f"new-milestone-{item.activity_id}-{pk}"
            row["add_url"] = url("workplans:milestone_add", item.activity_id) + f"?parent={pk}"
            row["add_name"] = self.add_name % item_name


def plan_table(
    plan: WorkPlan,
    *,
    editing: bool,
    focus: str = "",
    printed: bool = False,
) -> dict:
    """What the plan's table (templates/workplans/includes/plan_table.html) needs: its rows,
    numbered (three queries), each with its html id ("slot"), its schedule and whether it falls
    outside the plan's years, and the URLs and names of its links and controls (the editor's
    when ``editing``); every item's reference by kind and id (``references``:
    workplans.references), which the editor's messages quote; and every row by its html id
    (``items``).

    In the editor each item has one link to its actions; ``focus`` names the control that
    should have the keyboard focus once the table is shown again after a change (the "Move up"
    button just pressed, say), and that control's item has its actions shown (and, when the
    editor sets ``confirmation``, is highlighted with what was just done to it beside it,
    workplans.views.editor.plan_changed). ``printed``: the
    table as the document prints it, without links or controls."""
    rows = plan.numbered()
    references, items = {}, {}
    controls = None if printed else _Controls(plan, editing=editing)
    words = {
        "drag": _("Drag to move"),
        "actions": _("Actions"),
        "edit": _("Edit"),
        "delete": _("Delete"),
        "history": _("History"),
        "up": _("Move up"),
        "down": _("Move down"),
        "add_step": _("Add a step"),
        "mandate": _("Mandate:"),
        "no_mandate": _("No mandate linked"),
        "due": _("due"),
        "schedule": _("Schedule:"),
        "outside": _("outside %(period)s") % {"period": plan.period},
    }
    for kind, row, reference, _ancestors in walk(plan, rows):
        item = row[kind]
        pk = item.pk
        references[kind, pk] = reference
        row["id"] = str(pk)  # written as it is: an int in a template is localized
        row["slot"] = f"{kind}-{pk}"
        items[row["slot"]] = row
        if kind != "outcome":
            row["schedule"] = schedule = item.schedule
            row["outside_period"] = not plan.within_period(schedule)
        if controls is not None:
            controls.add(row, kind, item, reference)
    # The item whose actions are shown: the one the focus goes back to ("activity-5" for
    # "activity-5-up").
    shown = focus.rsplit("-", 1)[0] if focus.startswith(ITEM_SLOTS) else ""
    return {
        "plan": plan,
        "outcomes": rows,
        "references": references,
        "items": items,
        "words": words,
        "editing": editing and not printed,
        "printed": printed,
        "bulleted": plan.milestone_style == WorkPlan.MilestoneStyle.BULLETED,
        "focus": focus,
        "shown": shown,
        "confirmation": "",
    }
