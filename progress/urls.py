from django.urls import path

from progress.views import dashboard, implementation, report, review, rounds, tasks

app_name = "progress"

urlpatterns = [
    path("my-tasks/", tasks.my_tasks, name="my_tasks"),
    path("tasks/<int:pk>/", tasks.task_detail, name="task"),
    path("tasks/<int:pk>/history/", tasks.task_history, name="task_history"),
    path("tasks/<int:pk>/review/", review.review, name="review"),
    path("awaiting-review/", review.awaiting_list, name="awaiting_review"),
    path("tasks/<int:pk>/accept/", review.accept, name="accept"),
    path("reports/", report.report_list, name="reports"),
    path("rounds/<int:pk>/report/", report.report, name="report"),
    path(
        "meetings/<int:number>/status-of-implementation/",
        implementation.status_of_implementation_generate,
        name="status_of_implementation_generate",
    ),
    # Rounds and the secretariat's dashboard (progress/views/rounds.py, dashboard.py).
    path("rounds/", rounds.round_list, name="rounds"),
    path("rounds/new/", rounds.round_create, name="round_create"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round"),
    path("rounds/<int:pk>/edit/", rounds.round_edit, name="round_edit"),
    path("rounds/<int:pk>/issue/", rounds.round_issue, name="round_issue"),
    path("rounds/<int:pk>/propose/", rounds.round_propose, name="round_propose"),
    path("rounds/<int:pk>/open/", rounds.round_open, name="round_open"),
    path("rounds/<int:pk>/close/", rounds.round_close, name="round_close"),
    path("rounds/<int:pk>/dashboard/", dashboard.dashboard, name="dashboard"),
    path("rounds/<int:pk>/sections/add/", rounds.section_add, name="round_section_add"),
    path("rounds/sections/<int:pk>/edit/", rounds.section_edit, name="round_section_edit"),
    path("rounds/sections/<int:pk>/move/", rounds.section_move, name="round_section_move"),
    path("rounds/sections/<int:pk>/delete/", rounds.section_delete, name="round_section_delete"),
    path("rounds/<int:pk>/tasks/add/", rounds.task_add, name="round_task_add"),
    path("rounds/<int:pk>/tasks/bulk/", rounds.round_tasks_bulk, name="round_tasks_bulk"),
    path("rounds/tasks/<int:pk>/edit/", rounds.task_edit, name="round_task_edit"),
    path("rounds/tasks/<int:pk>/move/", rounds.task_move, name="round_task_move"),
    path("rounds/tasks/<int:pk>/delete/", rounds.task_delete, name="round_task_delete"),
]
