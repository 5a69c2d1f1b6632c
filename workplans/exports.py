"""A work plan as files: CSV and XLSX with one row per activity and per milestone, and DOCX laid
out as the UN document.

Every builder takes a plan as ``workplans.revisions.thaw`` gives it (the live plan's snapshot, or a
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
from docx import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from workplans.models import WorkPlan, revision_label
from workplans.revisions import FrozenPlan

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows(plan):
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap
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


def _paragraph(cell_or_document, text: str, *, bold=False, indent=0.0, size=None):
    """A paragraph of ``text``; the first paragraph of a table cell goes into the empty one every
    new cell has."""
    paragraphs = cell_or_document.paragraphs
    if hasattr(cell_or_document, "merge") and len(paragraphs) == 1 and not paragraphs[0].text:
        paragraph = paragraphs[0]
    else:
        paragraph = cell_or_document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if indent:
        paragraph.paragraph_format.left_indent = Cm(indent)
    paragraph.paragraph_format.space_after = Pt(3)
    return paragraph


def build_docx(plan: FrozenPlan, revision: int | None) -> bytes:
    """The plan as the UN document: head, introduction, the table Expected outcome | Activities
    and milestones | Schedule, footnotes."""
    document = DocxDocument()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(10)

    for line in (_("UNITED NATIONS"), _("ENVIRONMENT MANAGEMENT GROUP")):
        head = _paragraph(document, line, bold=True, size=12)
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
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
    right = _paragraph(document, ", ".join(details))
    right.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_heading(plan.title, level=1)
    _paragraph(document, _("Period: %(period)s") % {"period": plan.period})

    if plan.introduction:
        document.add_heading(_("Introduction"), level=2)
        for text in plan.introduction.split("\n\n"):
            if text.strip():
                _paragraph(document, text.strip())

    document.add_heading(plan.title, level=2)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(
        table.rows[0].cells,
        (_("Expected outcome"), _("Activities and milestones"), _("Schedule")),
        strict=True,
    ):
        _paragraph(cell, text, bold=True)
    bulleted = plan.milestone_style == WorkPlan.MilestoneStyle.BULLETED

    def milestones(rows_, activities_cell, schedule_cell, depth):
        for row in rows_:
            milestone = row["milestone"]
            _paragraph(activities_cell, f"{row['label']} {milestone.text}", indent=0.6 * depth)
            if milestone.schedule:
                label = "" if bulleted else f"{row['label']} "
                _paragraph(schedule_cell, f"{label}{milestone.schedule}")
            milestones(row["children"], activities_cell, schedule_cell, depth + 1)

    for outcome_row in plan.numbered():
        outcome = outcome_row["outcome"]
        first_row = len(table.rows)
        for activity_row in outcome_row["activities"] or [None]:
            cells = table.add_row().cells
            if activity_row is None:
                continue
            activity = activity_row["activity"]
            _paragraph(cells[1], f"{activity_row['label']} {activity.title}", bold=True)
            if activity.description:
                _paragraph(cells[1], activity.description)
            if activity.schedule:
                _paragraph(cells[2], str(activity.schedule))
            milestones(activity_row["milestones"], cells[1], cells[2], 1)
        outcome_cell = table.cell(first_row, 0)
        if len(table.rows) - 1 > first_row:
            outcome_cell = outcome_cell.merge(table.cell(len(table.rows) - 1, 0))
        _paragraph(outcome_cell, f"{outcome_row['label']} {outcome.heading}".strip())
        if outcome.statement:
            _paragraph(outcome_cell, outcome.statement)
    for row in table.rows:
        for cell, width in zip(row.cells, (Cm(4.5), Cm(9), Cm(3.5)), strict=True):
            cell.width = width

    if plan.footnotes:
        document.add_heading(_("Notes"), level=2)
        for position, footnote in enumerate(plan.footnotes, start=1):
            paragraph = document.add_paragraph()
            mark = paragraph.add_run(str(position))
            mark.font.superscript = True
            paragraph.add_run(f" {footnote.text}")

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
