"""How a work plan prints (see emg/documents.py): the table of its page, without controls; and
how it is written as a Word file (see emg/docx.py), as the plan's own DOCX export lays it out."""

from emg.documents import register_renderer
from emg.docx import register_docx_builder
from workplans.exports import plan_body
from workplans.models import WorkPlan
from workplans.views.plans import plan_table_context


def work_plan(document, plan):
    return "documents/work_plan.html", plan_table_context(plan, editing=False)


register_renderer(WorkPlan, work_plan)


def work_plan_docx(docx, context):
    plan_body(docx, context["plan"], context["outcomes"])


register_docx_builder(WorkPlan, work_plan_docx)
