from django.urls import path

from workplans.views import editor, exports, plans, revisions

app_name = "workplans"

ITEM_VIEWS = {
    "actions": editor.item_actions,
    "edit": editor.item_edit,
    "delete": editor.item_delete,
    "move": editor.item_move,
}


def item_paths(kind: str, prefix: str) -> list:
    """An item's actions, edit form, deletion and moves ("activity_edit": activities/5/edit/),
    one view each for every kind (workplans.views.editor.KINDS)."""
    return [
        path(f"{prefix}/<int:pk>/{action}/", view, {"kind": kind}, name=f"{kind}_{action}")
        for action, view in ITEM_VIEWS.items()
    ]


urlpatterns = [
    # Reading
    path("", plans.plan_list, name="list"),
    path("<int:pk>/", plans.plan_detail, name="detail"),
    path("<int:pk>/schedule/", plans.plan_schedule, name="schedule"),
    path("<int:pk>/history/", plans.plan_history, name="history"),
    path("outcomes/<int:pk>/history/", plans.outcome_history, name="outcome_history"),
    path("activities/<int:pk>/history/", plans.activity_history, name="activity_history"),
    path("milestones/<int:pk>/history/", plans.milestone_history, name="milestone_history"),
    # The editor: the plan's head
    path("<int:pk>/edit/", editor.plan_edit, name="edit"),
    # outcomes
    path("<int:pk>/outcomes/add/", editor.outcome_add, name="outcome_add"),
    path("<int:pk>/outcomes/order/", editor.outcome_order, name="outcome_order"),
    *item_paths("outcome", "outcomes"),
    # activities
    path("outcomes/<int:pk>/activities/add/", editor.activity_add, name="activity_add"),
    path("outcomes/<int:pk>/activities/order/", editor.activity_order, name="activity_order"),
    *item_paths("activity", "activities"),
    path("mandate-options/", editor.mandate_options, name="mandate_options"),
    # milestones
    path("activities/<int:pk>/milestones/add/", editor.milestone_add, name="milestone_add"),
    path("activities/<int:pk>/milestones/order/", editor.milestone_order, name="milestone_order"),
    *item_paths("milestone", "milestones"),
    # Revisions, approval, carrying forward (workplans.views.revisions)
    path("<int:pk>/revisions/", revisions.revision_list, name="revisions"),
    path("<int:pk>/revisions/issue/", revisions.issue_revision, name="issue_revision"),
    path("<int:pk>/diff/", revisions.revision_diff, name="diff"),
    path("<int:pk>/approve/", revisions.approve, name="approve"),
    path("<int:pk>/carry-forward/", revisions.carry_forward, name="carry_forward"),
    path("<int:pk>/carried-forward/", revisions.carried_forward, name="carried_forward"),
    # Downloads (workplans.views.exports)
    path("<int:pk>/export.csv", exports.export_csv, name="export_csv"),
    path("<int:pk>/export.xlsx", exports.export_xlsx, name="export_xlsx"),
    path("<int:pk>/export.docx", exports.export_docx, name="export_docx"),
    path("<int:pk>/export.pdf", exports.export_pdf, name="export_pdf"),
]
