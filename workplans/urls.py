from django.urls import path

from workplans.views import editor, exports, plans, revisions

app_name = "workplans"

urlpatterns = [
    # Reading
    path("", plans.plan_list, name="list"),
    path("<int:pk>/", plans.plan_detail, name="detail"),
    path("<int:pk>/history/", plans.plan_history, name="history"),
    path("outcomes/<int:pk>/history/", plans.outcome_history, name="outcome_history"),
    path("activities/<int:pk>/history/", plans.activity_history, name="activity_history"),
    path("milestones/<int:pk>/history/", plans.milestone_history, name="milestone_history"),
    # The editor: outcomes
    path("<int:pk>/outcomes/add/", editor.outcome_add, name="outcome_add"),
    path("<int:pk>/outcomes/order/", editor.outcome_order, name="outcome_order"),
    path("outcomes/<int:pk>/actions/", editor.outcome_actions, name="outcome_actions"),
    path("outcomes/<int:pk>/edit/", editor.outcome_edit, name="outcome_edit"),
    path("outcomes/<int:pk>/delete/", editor.outcome_delete, name="outcome_delete"),
    path("outcomes/<int:pk>/move/", editor.outcome_move, name="outcome_move"),
    # activities
    path("outcomes/<int:pk>/activities/add/", editor.activity_add, name="activity_add"),
    path("outcomes/<int:pk>/activities/order/", editor.activity_order, name="activity_order"),
    path("activities/<int:pk>/actions/", editor.activity_actions, name="activity_actions"),
    path("activities/<int:pk>/edit/", editor.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/delete/", editor.activity_delete, name="activity_delete"),
    path("activities/<int:pk>/move/", editor.activity_move, name="activity_move"),
    path("mandate-options/", editor.mandate_options, name="mandate_options"),
    # milestones
    path("activities/<int:pk>/milestones/add/", editor.milestone_add, name="milestone_add"),
    path("activities/<int:pk>/milestones/order/", editor.milestone_order, name="milestone_order"),
    path("milestones/<int:pk>/actions/", editor.milestone_actions, name="milestone_actions"),
    path("milestones/<int:pk>/edit/", editor.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/delete/", editor.milestone_delete, name="milestone_delete"),
    path("milestones/<int:pk>/move/", editor.milestone_move, name="milestone_move"),
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
]
