"""The bulk of a plan's table, written here rather than in templates: its activities and their
milestones (a plan has a few hundred items, nested) and every item's links: in the editor, one
to the item's actions, which are written whole (half a dozen controls) only for the item asked
for. The template language's cost per variable (a lookup, a localization, an escape), times
thousands, was most of the editor's time; here each is a string written once.
workplans.table.plan_table gives each row its reference, URLs and names, and the words,
translated once; the table and its outcomes are templates (templates/workplans/includes/).

Every text is escaped here (``escape``), as the templates' autoescaping would; the URLs and html
ids are not: they are made of our own paths and the items' numeric ids."""

from html import escape

from django import template
from django.utils.dates import MONTHS
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

register = template.Library()

BUTTON = "btn btn-sm btn-outline-secondary"


def _escaped(words: dict) -> dict:
    return {key: escape(word) for key, word in words.items()}


@register.simple_tag
def item_controls(row: dict, words: dict, editing: bool, shown: str = ""):
    """An item's link to its history and, when ``editing``, its link to its actions, or the
    actions themselves when ``shown`` names the item."""
    return mark_safe(_controls(row, _escaped(words), editing, shown))


@register.simple_tag(takes_context=True)
def confirmation_of(context, row: dict):
    """What was just done to the item ``row``, beside it, when it is the item just changed."""
    if not context.get("confirmation") or row["slot"] != context["shown"]:
        return ""
    return mark_safe(_confirmation(context["confirmation"]))


def _confirmation(text: str) -> str:
    # Screen readers hear it from the page's live region (#editor-messages), which stays in
    # the page while the table is swapped: a region swapped in with its text is not reliably
    # announced. Here it is for the eye, so it is not read twice.
    return f'<p class="emg-wp-confirmation" aria-hidden="true">{escape(str(text))}</p>\n'


@register.simple_tag(takes_context=True)
def activity_list(context, outcome_row: dict):
    """The outcome's activities, each with its milestones."""
    rows = _Rows(context)
    return mark_safe("".join(rows.activity(row) for row in outcome_row["activities"]))


def _controls(row: dict, w: dict, editing: bool, shown: str = "") -> str:
    """What an item offers: for a reader, the link to its history; in the editor, one link to
    its actions (a page of their own, or with JavaScript the actions in place of the link), or
    the actions themselves for the item ``shown`` (the one just changed: the keyboard focus
    goes back to one of them). ``w``: the words, escaped."""
    if not editing:
        return (
            f'<div class="emg-wp-controls" role="group" aria-label="{escape(row["name"])}">'
            f'<a class="emg-wp-history-link" href="{row["history_url"]}">{w["history"]}'
            f'<span class="visually-hidden"> {escape(row["history_name"])}</span></a></div>'
        )
    if row["slot"] != shown:
        return (
            f'<a class="emg-wp-actions" href="{row["actions_url"]}" '
            f'aria-label="{escape(row["actions_name"])}">{w["actions"]}</a>'
        )
    return _actions(row, w)


def _actions(row: dict, w: dict) -> str:
    """The item's actions: Edit, Move up, Move down, Add a step (a milestone's), Delete,
    History. Its links fetch their form or confirmation in place of the item (htmx boosts the
    group; the table's hx-target finds the item), its move buttons submit the form "plan-move"
    to the item's own URL; without JavaScript, they are plain links and forms. ``w``: the
    words, escaped."""
    name = escape(row["name"])
    slot, move_url = row["slot"], row["move_url"]
    controls = [
        f'<a id="{slot}-edit" class="{BUTTON}" href="{row["edit_url"]}">{w["edit"]}'
        f'<span class="visually-hidden"> {name}</span></a>',
        *(
            f'<button id="{slot}-{direction}" type="submit" form="plan-move" '
            f'formaction="{move_url}" name="direction" value="{direction}" class="{BUTTON}" '
            f'title="{w[direction]}" aria-label="{escape(row[f"move_{direction}"])}">{arrow}'
            "</button>"
            for direction, arrow in (("up", "↑"), ("down", "↓"))
        ),
    ]
    if "child_slot" in row:
        controls.append(
            f'<a class="{BUTTON}" href="{row["add_url"]}" '
            f'hx-target="#{row["child_slot"]}" hx-swap="innerHTML show:none">'
            f'{w["add_step"]}<span class="visually-hidden"> {escape(row["add_name"])}</span></a>'
        )
    controls.append(
        f'<a id="{slot}-delete" class="btn btn-sm btn-outline-danger" '
        f'href="{row["delete_url"]}">{w["delete"]}'
        f'<span class="visually-hidden"> {name}</span></a>'
    )
    # Not fetched in place: the history is a page of its own.
    controls.append(
        f'<a class="emg-wp-history-link" href="{row["history_url"]}" hx-boost="false">'
        f"{w['history']}"
        f'<span class="visually-hidden"> {escape(row["history_name"])}</span></a>'
    )
    return (
        f'<div class="emg-wp-controls" role="group" aria-label="{name}" hx-boost="true">\n'
        + "\n".join(controls)
        + "\n</div>"
    )


class _Rows:
    """Activities and milestones as the table writes them, for one rendering of it."""

    def __init__(self, context):
        self.editing, self.printed = context["editing"], context["printed"]
        self.shown = context["shown"]
        self.confirmation = context.get("confirmation", "")
        self.w = _escaped(context["words"])
        # Due dates as documents write them, "4 March 2022" (the date format "j F Y"), with the
        # months' names translated once.
        self.months = {number: escape(str(name)) for number, name in MONTHS.items()}
        self.milestone_list = (
            "emg-wp-milestones emg-wp-bulleted" if context["bulleted"] else "emg-wp-milestones"
        )

    def _changed(self, row: dict) -> tuple[str, str]:
        """The class that highlights the item just changed, and what was done to it, beside
        it."""
        if not self.confirmation or row["slot"] != self.shown:
            return "", ""
        return " emg-wp-changed", _confirmation(self.confirmation)

    def _schedule(self, row: dict) -> str:
        """The item's schedule as UN documents write it, flagged when it runs outside the plan's
        years."""
        if not row["schedule"]:
            return ""
        written = (
            f'<span class="visually-hidden">{self.w["schedule"]} </span>'
            f"{escape(str(row['schedule']))}"
        )
        if row["outside_period"]:
            written += (
                f' <span class="badge text-bg-warning emg-wp-outside">{self.w["outside"]}</span>'
            )
        return written

    def activity(self, row: dict) -> str:
        activity, w, slot, pk = row["activity"], self.w, row["slot"], row["id"]
        changed, confirmation = self._changed(row)
        html = [
            f'<li id="{slot}" class="emg-wp-activity{changed}" data-id="{pk}">\n'
            f'<div class="emg-wp-line" id="{slot}-body"><div class="emg-wp-line-text">\n',
            f'<span class="emg-wp-label">{escape(row["label"])}</span>\n'
            f'<span class="emg-wp-activity-title">{escape(activity.title)}</span>\n',
        ]
        if activity.description:
            description = linebreaks(activity.description, autoescape=True)
            html.append(f'<div class="emg-wp-description">{description}</div>\n')
        if not self.printed:
            if activity.mandate_id is not None:
                mandate = (
                    f'{w["mandate"]} <a href="{row["mandate_url"]}">'
                    f"{escape(str(activity.mandate))}</a>"
                )
            else:
                mandate = f'<span class="text-body-secondary">{w["no_mandate"]}</span>'
            html.append(f'<p class="emg-wp-item-meta">{mandate}</p>\n')
            html.append(_controls(row, w, self.editing, self.shown) + "\n" + confirmation)
        html.append(
            f'</div>\n<div class="emg-wp-line-schedule">{self._schedule(row)}</div>\n</div>\n'
        )
        if row["milestones"]:
            html.append(self.milestones(row, row["milestones"], None))
        if self.editing:
            add_url, add = row["add_url"], escape(row["add_milestone"])
            html.append(
                f'<div id="new-milestone-{pk}" class="emg-wp-slot">'
                f'<a id="new-milestone-{pk}-button" class="btn btn-sm btn-link" '
                f'href="{add_url}" hx-get="{add_url}" '
                f'hx-target="#new-milestone-{pk}" hx-swap="innerHTML">{add}</a></div>\n'
            )
        html.append("</li>\n")
        return "".join(html)

    def milestones(self, activity_row: dict, rows: list[dict], parent_id: int | None) -> str:
        """The milestones under the activity or under one of its milestones, nested. When
        editing, the list says where a drag and drop posts its new order."""
        reorder = ""
        if self.editing:
            reorder = (
                f' data-reorder-url="{activity_row["order_url"]}"'
                f' data-parent="{parent_id or ""}"'
                f' data-group="milestones-{activity_row["id"]}-{parent_id or "top"}"'
            )
        items = "".join(self.milestone(activity_row, row) for row in rows)
        return f'<ol class="{self.milestone_list}"{reorder}>\n{items}</ol>\n'

    def milestone(self, activity_row: dict, row: dict) -> str:
        milestone, w, slot = row["milestone"], self.w, row["slot"]
        text = escape(milestone.text).replace("\r\n", "\n").replace("\n", "<br>")
        changed, confirmation = self._changed(row)
        html = [
            f'<li id="{slot}" class="emg-wp-milestone{changed}" data-id="{row["id"]}">\n'
            f'<div class="emg-wp-line" id="{slot}-body"><div class="emg-wp-line-text">\n',
            f'<span class="emg-wp-label">{escape(row["label"])}</span>\n'
            f'<span class="emg-wp-milestone-text">{text}</span>\n',
        ]
        if due := milestone.due_date:
            html.append(
                f'<span class="emg-wp-due">{w["due"]} <time datetime="{due.isoformat()}">'
                f"{due.day} {self.months[due.month]} {due.year}</time></span>\n"
            )
        if not self.printed:
            html.append(_controls(row, w, self.editing, self.shown) + "\n" + confirmation)
        html.append(
            f'</div>\n<div class="emg-wp-line-schedule">{self._schedule(row)}</div>\n</div>\n'
        )
        if row["children"]:
            html.append(self.milestones(activity_row, row["children"], milestone.pk))
        if self.editing and row["slot"] == self.shown:
            html.append(f'<div id="{row["child_slot"]}" class="emg-wp-slot"></div>\n')
        html.append("</li>\n")
        return "".join(html)
