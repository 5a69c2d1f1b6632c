"""How a work plan prints (see emg/documents.py): the table of its page, without links or
controls; and how it is written as a Word file (see emg/docx.py), as the plan's own DOCX export
lays it out."""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from emg.documents import register_renderer, revision_mark
from emg.docx import register_docx_builder
from workplans.exports import plan_body
from workplans.models import WorkPlan
from workplans.pictures import plan_gantt
from workplans.table import plan_table


def work_plan(document, plan):
    # The numbered rows and the notes go in the context too: the Word file is built from them,
    # with no query of its own.
    table = plan_table(plan, editing=False, printed=True)
    return "documents/work_plan.html", {
        "plan": plan,
        "table": mark_safe(render_to_string("workplans/includes/plan_table.html", table)),
        "outcomes": table["outcomes"],
        "gantt": plan_gantt(plan, table["outcomes"]),
        "footnotes": list(plan.footnotes.all()),
        # The plan counts its own issues (original, Rev.1 …); a draft plan prints as a draft.
        "revision_mark": revision_mark(
            document, revision=plan.revision, draft=plan.status == WorkPlan.Status.DRAFT
        ),
    }


register_renderer(WorkPlan, work_plan)


def work_plan_docx(docx, context):
    plan_body(docx, context["plan"], context["outcomes"], context["footnotes"])


register_docx_builder(WorkPlan, work_plan_docx)
