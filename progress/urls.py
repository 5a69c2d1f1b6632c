from django.urls import path

from progress.views import report, review, tasks

app_name = "progress"

urlpatterns = [
    path("my-tasks/", tasks.my_tasks, name="my_tasks"),
    path("tasks/<int:pk>/", tasks.task_detail, name="task"),
    path("tasks/<int:pk>/history/", tasks.task_history, name="task_history"),
    path("tasks/<int:pk>/review/", review.review, name="review"),
    path("tasks/<int:pk>/accept/", review.accept, name="accept"),
    path("reports/", report.report_list, name="reports"),
    path("rounds/<int:pk>/report/", report.report, name="report"),
]
