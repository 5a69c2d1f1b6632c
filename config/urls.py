from django.contrib import admin
from django.urls import include, path

from emg import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("emg.urls")),
    path("", include("mandates.urls")),  # mandates/ and decisions/
    path("work-plans/", include("workplans.urls")),
    path("progress/", include("progress.urls")),
    path("api/v1/", api.urls()),
]
