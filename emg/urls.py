"""The Group's URLs: the home page, signing in and out, the health check; one's calendar feed
(/calendar/, and the feed itself at /calendar/<secret token>.ics); meetings with their
sessions, agenda items and documents (/meetings/26/ is SOM 26), a meeting's packs
(/meetings/26/packs/), a meeting's sessions as a calendar (/meetings/26/calendar.ics), and a
document as it prints (/documents/12/ its HTML page, /documents/12/pdf/ its PDF,
/documents/12/docx/ its Word file; /documents/12/converted/ the PDF of its uploaded Word file),
and legacy documents imported by the secretariat (/imports/: upload, preview, confirm, what was
done). Each group keeps the namespace its URL names have always had ("meetings", "packs",
"documents", "imports")."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from emg.auth import SignInForm
from emg.views import calendars, documents, health, home, importing, meetings, packs

meeting_patterns = [
    path("", meetings.meeting_list, name="list"),
    path("add/", meetings.meeting_create, name="create"),
    path("<int:number>/", meetings.meeting_detail, name="detail"),
    path("<int:number>/edit/", meetings.meeting_edit, name="edit"),
    path("<int:number>/history/", meetings.meeting_history, name="history"),
    path("<int:number>/calendar.ics", calendars.meeting_calendar, name="calendar"),
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
    path(
        "<int:number>/documents/<int:pk>/conversion/",
        documents.document_conversion,
        name="document_conversion",
    ),
    path(
        "<int:number>/documents/<int:pk>/languages/add/",
        documents.version_add,
        name="document_version_add",
    ),
    path(
        "<int:number>/documents/<int:pk>/languages/<int:version>/",
        documents.version_download,
        name="document_version_download",
    ),
    path(
        "<int:number>/documents/<int:pk>/languages/<int:version>/delete/",
        documents.version_delete,
        name="document_version_delete",
    ),
]

pack_patterns = [
    path("", packs.pack_list, name="list"),
    path("prepare/", packs.pack_prepare, name="prepare"),
    path("<int:pk>/status/", packs.pack_status, name="status"),
    path("<int:pk>/stale/", packs.pack_stale, name="stale"),
    path("<int:pk>/retry/", packs.pack_retry, name="retry"),
    path("<int:pk>/download/", packs.pack_download, name="download"),
]

document_patterns = [
    path("<int:pk>/", documents.document_preview, name="preview"),
    path("<int:pk>/pdf/", documents.document_pdf, name="pdf"),
    path("<int:pk>/docx/", documents.document_docx, name="docx"),
    path("<int:pk>/converted/", documents.document_converted, name="converted"),
    path("<int:pk>/converted/first-page/", documents.document_first_page, name="first_page"),
]

import_patterns = [
    path("", importing.import_upload, name="upload"),
    path("<str:token>/", importing.import_preview, name="preview"),
    path("<str:token>/confirm/", importing.import_confirm, name="confirm"),
    path("<str:token>/done/", importing.import_done, name="done"),
]

urlpatterns = [
    path("", home.home, name="home"),
    path("health/", health.health, name="health"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("calendar/", calendars.calendar_page, name="calendar"),
    path("calendar/<str:token>.ics", calendars.calendar_feed, name="calendar_feed"),
    path("meetings/", include((meeting_patterns, "meetings"))),
    path("meetings/<int:number>/packs/", include((pack_patterns, "packs"))),
    path("documents/", include((document_patterns, "documents"))),
    path("imports/", include((import_patterns, "imports"))),
]
