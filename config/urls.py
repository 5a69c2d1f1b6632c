from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("emg.urls")),
    path("decisions/", include("mandates.decision_urls")),
    path("mandates/", include("mandates.urls")),
    path("work-plans/", include("workplans.urls")),
    path("progress/", include("progress.urls")),
]
