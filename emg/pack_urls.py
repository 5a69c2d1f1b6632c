"""A meeting's packs: /meetings/26/packs/ (included from config/urls.py)."""

from django.urls import path

from emg.views import packs

app_name = "packs"

urlpatterns = [
    path("", packs.pack_list, name="list"),
    path("prepare/", packs.pack_prepare, name="prepare"),
    path("<int:pk>/status/", packs.pack_status, name="status"),
    path("<int:pk>/stale/", packs.pack_stale, name="stale"),
    path("<int:pk>/retry/", packs.pack_retry, name="retry"),
    path("<int:pk>/download/", packs.pack_download, name="download"),
]
