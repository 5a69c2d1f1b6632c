"""How a work plan prints (see emg/documents.py): the table of its page, without controls."""

from emg.documents import register_renderer
from workplans.models import WorkPlan
from workplans.views.plans import plan_table_context


def work_plan(document, plan):
    return "documents/work_plan.html", plan_table_context(plan, editing=False)


register_renderer(WorkPlan, work_plan)
