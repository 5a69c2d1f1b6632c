"""Meetings, their sessions, agenda items and documents: /meetings/26/ is SOM 26."""

from django.urls import path

from emg.views import documents, meetings

app_name = "meetings"

urlpatterns = [
    path("", meetings.meeting_list, name="list"),
    path("add/", meetings.meeting_create, name="create"),
    path("<int:number>/", meetings.meeting_detail, name="detail"),
    path("<int:number>/edit/", meetings.meeting_edit, name="edit"),
    path("<int:number>/history/", meetings.meeting_history, name="history"),
    path("<int:number>/sessions/add/", meetings.session_add, name="session_add"),
    path("<int:number>/sessions/<int:pk>/edit/", meetings.session_edit, name="session_edit"),
    path("<int:number>/sessions/<int:pk>/delete/", meetings.session_delete, name="session_delete"),
    path("<int:number>/agenda/add/", meetings.agenda_item_add, name="agenda_item_add"),
    path("<int:number>/agenda/<int:pk>/edit/", meetings.agenda_item_edit, name="agenda_item_edit"),
    path("<int:number>/agenda/<int:pk>/move/", meetings.agenda_item_move, name="agenda_item_move"),
    path(
        "<int:number>/agenda/<int:pk>/delete/",
        meetings.agenda_item_delete,
        name="agenda_item_delete",
    ),
    path("<int:number>/documents/add/", documents.document_add, name="document_add"),
    path("<int:number>/documents/<int:pk>/edit/", documents.document_edit, name="document_edit"),
    path(
        "<int:number>/documents/<int:pk>/delete/",
        documents.document_delete,
        name="document_delete",
    ),
    path(
        "<int:number>/documents/<int:pk>/download/",
        documents.document_download,
        name="document_download",
    ),
]
