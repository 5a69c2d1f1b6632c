"""How a work plan prints (see emg/documents.py): the table of its page, without controls; and
how it is written as a Word file (see emg/docx.py), as the plan's own DOCX export lays it out."""

from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from emg import fragments
from emg.documents import register_renderer
from emg.docx import register_docx_builder
from workplans.exports import plan_body
from workplans.models import WorkPlan
from workplans.views.plans import plan_items, plan_table_context, plan_table_key

TABLE = "workplans/includes/plan_table.html"


def printed_table(plan: WorkPlan, key: dict) -> str:
    """The plan's table without controls, kept rendered per content as the plan's page keeps
    it (workplans.views.plans.plan_detail): keyed on the plan's rows (``key``, from
    ``plan_table_key``), so that printing or previewing it again after no change neither
    builds the plan's hundreds of objects nor renders them. The printed page is then kept on
    this text (emg/documents.py)."""

    def rendered() -> str:
        return render_to_string(
            TABLE, plan_table_context(plan, editing=False, items=plan_items(key))
        )

    try:
        content = fragments.fingerprint(key)
    except fragments.Unkeyable:
        return mark_safe(rendered())
    full_key = (
        "printed-work-plan-table",
        get_language() or "",
        timezone.get_current_timezone_name(),
        fragments.template_version(get_template(TABLE).template),
        content,
    )
    return mark_safe(fragments.kept(full_key, rendered))


def work_plan(document, plan):
    # The rows and notes go in the context too: the Word file is built from them (with no
    # query of its own, so that emg/docx.py keeps it per content as well).
    rows = plan_table_key(plan, editing=False)
    return "documents/work_plan.html", {
        "plan": plan,
        "table": printed_table(plan, rows),
        "rows": rows,
        "footnotes": list(plan.footnotes.all()),
    }


register_renderer(WorkPlan, work_plan)


def work_plan_docx(docx, context):
    plan = context["plan"]
    items = plan_items(context["rows"])
    outcomes = plan_table_context(plan, editing=False, items=items)["outcomes"]
    plan_body(docx, plan, outcomes, context["footnotes"])


register_docx_builder(WorkPlan, work_plan_docx)
