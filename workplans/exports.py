"""A work plan as files: CSV and XLSX with one row per activity and per milestone, and DOCX laid
out as the UN document.

Every builder takes a plan as ``workplans.snapshots.thaw`` gives it (the live plan's snapshot, or a
frozen revision), so the files number and write schedules exactly as the pages do.

Spreadsheets run what looks like a formula: a milestone typed as "=HYPERLINK(…)" must arrive as
text. The CSV puts an apostrophe before any cell that starts with =, +, -, @, a tab or a carriage
return (what spreadsheet programs read as the start of a formula); the XLSX writes such cells as
text with the "quote prefix" flag, so the reader sees exactly what was typed and nothing runs.
"""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, NamedStyle

from emg.docx import UnDocx, long_date, word_text
from workplans.models import WorkPlan, revision_label
from workplans.snapshots import FrozenPlan

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
WRAPPED = "Wrapped"  # the workbook's style of its rows: text wrapped, at the top of its cell


def is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def neutralise(value: str) -> str:
    """``value`` as a CSV cell no spreadsheet will run: a leading apostrophe when it could."""
    return "'" + value if is_formula_like(value) else value


def columns() -> list[str]:
    return [
        _("Outcome"),
        _("Expected outcome"),
        _("Activity"),
        _("Activity title"),
        _("Mandate"),
        _("Milestone"),
        _("Milestone text"),
        _("Schedule"),
    ]


def _outcome_text(outcome) -> str:
    return "\n".join(part for part in (outcome.heading, outcome.statement) if part)


def _text(value) -> str:
    return "" if value is None else str(value)


def rows(plan: FrozenPlan) -> list[list[str]]:
    """One row per activity, then one per milestone under it, in reading order."""
    result = []
    bulleted = plan.milestone_style == WorkPlan.MilestoneStyle.BULLETED

    def milestones(rows_, outcome_cells, activity_cells, labels):
        for row in rows_:
            milestone = row["milestone"]
            path = row["label"] if bulleted else labels + row["label"]
            result.append(
                [
                    *outcome_cells,
                    *activity_cells,
                    path,
                    milestone.text,
                    _text(milestone.schedule),
                ]
            )
            milestones(row["children"], outcome_cells, activity_cells, path)

    for outcome_row in plan.numbered():
        outcome = outcome_row["outcome"]
        outcome_cells = [outcome_row["label"].rstrip("."), _outcome_text(outcome)]
        for activity_row in outcome_row["activities"]:
            activity = activity_row["activity"]
            activity_cells = [activity_row["number"], activity.title, _text(activity.mandate)]
            result.append([*outcome_cells, *activity_cells, "", "", _text(activity.schedule)])
            milestones(activity_row["milestones"], outcome_cells, activity_cells, "")
    return result


def filename(plan: FrozenPlan, revision: int | None, extension: str) -> str:
    suffix = "" if revision is None else "-" + revision_label(revision).replace(".", "")
    return f"emg-work-plan-{plan.period_start}-{plan.period_end}{suffix}.{extension}"


def build_csv(plan: FrozenPlan) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns())
    for row in rows(plan):
        writer.writerow([neutralise(cell) for cell in row])
    # With a byte order mark, spreadsheet programs read the file as UTF-8 (en dashes, accents).
    return out.getvalue().encode("utf-8-sig")


def build_xlsx(plan: FrozenPlan) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Work plan %(period)s") % {"period": plan.period}
    sheet.append(columns())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    # One named style for every cell of the rows: setting each cell's alignment would hash the
    # alignment again for each of the plan's thousands of cells.
    wrapped = NamedStyle(name=WRAPPED, alignment=Alignment(wrap_text=True, vertical="top"))
    workbook.add_named_style(wrapped)
    for number, row in enumerate(rows(plan), start=2):
        # XML has no room for most control characters (an escape code pasted with the text):
        # they alone are dropped, or the whole file would fail.
        sheet.append([word_text(cell) for cell in row])
        for column in range(1, len(row) + 1):
            cell = sheet.cell(row=number, column=column)
            cell.style = WRAPPED
            if isinstance(cell.value, str) and is_formula_like(cell.value):
                # openpyxl took it for a formula; it is text.
                cell.data_type = "s"
                cell.quotePrefix = True
    for letter, width in zip("ABCDEFGH", (9, 40, 9, 45, 35, 10, 70, 28), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def plan_body(docx: UnDocx, plan, rows: list[dict], footnotes) -> None:
    """The plan under its head, as its page and its printed document set it: the period, the
    introduction, the table Expected outcome | Activities and milestones | Schedule (its header
    repeated on every page), then the notes. ``plan`` is a WorkPlan or a FrozenPlan, ``rows``
    its numbered rows and ``footnotes`` its notes; the document's DOCX (workplans/documents.py)
    and the export share this."""
    docx.paragraph(_("Period: %(period)s") % {"period": plan.period})
    if plan.introduction:
        docx.heading(_("Introduction"), level=2)
        docx.text_block(plan.introduction)
    docx.caption(
        _("Environment Management Group work plan for %(period)s") % {"period": plan.period}
    )
    plan_table(docx, plan, rows)
    if footnotes:
        docx.heading(_("Notes"), level=2)
        docx.notes(
            (
                (position, _note_text(footnote))
                for position, footnote in enumerate(footnotes, start=1)
            ),
            rule=False,
        )


def _note_text(footnote) -> str:
    """A note as the plan's page lists it: the words it is attached to, then its text."""
    if not footnote.anchor:
        return footnote.text
    to = _("to “%(anchor)s”") % {"anchor": footnote.anchor}
    return f"({to}) {footnote.text}"


def plan_table(docx: UnDocx, plan, rows: list[dict]) -> None:
    """One row per activity, its outcome's cell spanning the outcome's rows; milestones under
    their activity, indented by depth; each schedule in the right-hand cell, a milestone's after
    its label (a bullet names none)."""
    size = 10
    table = docx.table(
        [_("Expected outcome"), _("Activities and milestones"), _("Schedule")],
        [Cm(4.5), Cm(9), Cm(3.5)],
    )
    bulleted = plan.milestone_style == WorkPlan.MilestoneStyle.BULLETED

    def line(cell, label, text, *, bold=False, indent=0):
        paragraph = docx.paragraph(container=cell, space_after=Pt(3), direction_of=text)
        if indent:
            paragraph.paragraph_format.left_indent = Cm(0.6 * indent)
        docx.lines(paragraph, f"{label} " if label else "", bold=True, size=size)
        docx.lines(paragraph, text, bold=bold, size=size)
        return paragraph

    def milestones(rows_, activities_cell, schedule_cell, depth):
        for row in rows_:
            milestone = row["milestone"]
            paragraph = line(activities_cell, row["label"], milestone.text, indent=depth)
            if milestone.due_date:
                docx.lines(paragraph, f" {_('due')} {long_date(milestone.due_date)}", size=size)
            if milestone.schedule:
                label = "" if bulleted else f"{row['label']} "
                line(schedule_cell, "", f"{label}{milestone.schedule}")
            milestones(row["children"], activities_cell, schedule_cell, depth + 1)

    for outcome_row in rows:
        outcome = outcome_row["outcome"]
        first_row = len(table.rows)
        for activity_row in outcome_row["activities"] or [None]:
            cells = table.add_row().cells
            if activity_row is None:
                continue
            activity = activity_row["activity"]
            line(cells[1], activity_row["label"], activity.title, bold=True)
            if activity.description:
                docx.text_block(activity.description, container=cells[1], size=size)
            if activity.schedule:
                line(cells[2], "", str(activity.schedule))
            milestones(activity_row["milestones"], cells[1], cells[2], 1)
        outcome_cell = table.cell(first_row, 0)
        if len(table.rows) - 1 > first_row:
            outcome_cell = outcome_cell.merge(table.cell(len(table.rows) - 1, 0))
        line(outcome_cell, outcome_row["label"], outcome.heading, bold=True)
        if outcome.statement:
            line(outcome_cell, "", outcome.statement)
    docx.widths(table, [Cm(4.5), Cm(9), Cm(3.5)])


def build_docx(plan: FrozenPlan, revision: int | None) -> bytes:
    """The plan as the UN document: head, introduction, the table Expected outcome | Activities
    and milestones | Schedule, footnotes."""
    docx = UnDocx(title=plan.title, subject=_("Work plan %(period)s") % {"period": plan.period})
    docx.head_top()
    status = plan.get_status_display()
    if revision is not None:
        status = f"{status} \u00b7 {revision_label(revision)}"
    details = [status]
    if plan.meeting:
        details.append(
            _("approved by %(meeting)s") % {"meeting": plan.meeting}
            if plan.status == WorkPlan.Status.APPROVED
            else _("for %(meeting)s") % {"meeting": plan.meeting}
        )
    docx.paragraph(", ".join(details), align=WD_ALIGN_PARAGRAPH.RIGHT)
    docx.heading(plan.title, level=1)
    plan_body(docx, plan, plan.numbered(), plan.footnotes)
    return docx.bytes()
