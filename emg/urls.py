"""The Group's URLs: the home page, signing in and out, the health check; one's calendar feed
(/calendar/, and the feed itself at /calendar/<secret token>.ics); meetings with their
sessions, agenda items and documents (/meetings/26/ is SOM 26), the report of the meeting
(/meetings/26/report/: drafted, circulated for comment, issued final), a meeting's packs
(/meetings/26/packs/), a meeting's sessions as a calendar (/meetings/26/calendar.ics), a
document as it prints (/documents/12/ its HTML page, /documents/12/pdf/ its PDF,
/documents/12/docx/ its Word file; /documents/12/converted/ the PDF of its uploaded Word file),
legacy documents imported by the secretariat (/imports/: upload, preview, confirm,
what was done), people (/people/, /people/me/ one's own profile, /people/me/tokens/ one's
tokens to the read-only API, which config/urls.py serves at /api/v1/) and the page an invitation's
link opens (/invitations/<token>/) — inviting someone is the mandates app's /people/invite/ —
and each person's notifications (/inbox/: open one, mark all read, choose which e-mails to
get), and the search in every page's header (/search/). Each group keeps the namespace its URL
names have always had ("meetings", "packs", "documents", "imports", "inbox")."""

from allauth.account import views as account_views
from allauth.mfa.base import views as mfa_views
from allauth.mfa.recovery_codes import views as recovery_code_views
from allauth.mfa.totp import views as totp_views
from allauth.socialaccount import views as social_views
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path

from emg.views import (
    calendars,
    documents,
    health,
    home,
    importing,
    inbox,
    meetings,
    packs,
    participants,
    people,
    reports,
    search,
    sso,
    tokens,
)

people_patterns = [
    path("", people.people_list, name="list"),
    path("me/", people.person_me, name="me"),
    path("me/password/", people.password_set, name="password"),
    path("me/tokens/", tokens.token_list, name="tokens"),
    path("me/tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
    path("<int:pk>/", people.person_detail, name="detail"),
    path("<int:pk>/edit/", people.person_edit, name="edit"),
    path("<int:pk>/history/", people.person_history, name="history"),
    path("<int:pk>/deactivate/", people.person_deactivate, name="deactivate"),
    path("<int:pk>/reactivate/", people.person_reactivate, name="reactivate"),
    path("<int:pk>/invitation/resend/", people.invitation_resend, name="invitation_resend"),
    path("<int:pk>/invitation/revoke/", people.invitation_revoke, name="invitation_revoke"),
]

meeting_patterns = [
    path("", meetings.meeting_list, name="list"),
    path("add/", meetings.meeting_create, name="create"),
    path("<int:number>/", meetings.meeting_detail, name="detail"),
    path("<int:number>/edit/", meetings.meeting_edit, name="edit"),
    path("<int:number>/history/", meetings.meeting_history, name="history"),
    path("<int:number>/calendar.ics", calendars.meeting_calendar, name="calendar"),
    path("<int:number>/report/", reports.report_page, name="report"),
    path("<int:number>/report/start/", reports.report_start, name="report_start"),
    path("<int:number>/report/edit/", reports.report_edit, name="report_edit"),
    path("<int:number>/report/items/<int:pk>/", reports.summary_edit, name="report_summary"),
    path("<int:number>/report/circulate/", reports.report_circulate, name="report_circulate"),
    path("<int:number>/report/finalise/", reports.report_finalise, name="report_finalise"),
    path("<int:number>/report/pdf/", reports.report_pdf, name="report_pdf"),
    path("<int:number>/report/docx/", reports.report_docx, name="report_docx"),
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
    path("<int:number>/participants/", participants.participant_list, name="participants"),
    path(
        "<int:number>/participants/import/",
        participants.participant_import,
        name="participant_import",
    ),
    path("<int:number>/participants/add/", participants.participant_add, name="participant_add"),
    path(
        "<int:number>/participants/<int:pk>/edit/",
        participants.participant_edit,
        name="participant_edit",
    ),
    path(
        "<int:number>/participants/<int:pk>/delete/",
        participants.participant_delete,
        name="participant_delete",
    ),
    path(
        "<int:number>/participants/document/",
        participants.participants_document_generate,
        name="participants_document_generate",
    ),
    path(
        "<int:number>/annotated-agenda/",
        documents.annotated_agenda_generate,
        name="annotated_agenda_generate",
    ),
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
    path("<int:pk>/watch/", packs.pack_watch, name="watch"),
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

# Signing in (django-allauth): only the pages used here. No sign-up, no e-mail management: the
# secretariat invites people and keeps their addresses. allauth reverses "account_login" where
# the project says "login": both name the one page.
signing_in_patterns = [
    path("login/", account_views.login, name="login"),
    path("login/", account_views.login, name="account_login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/code/", account_views.request_login_code, name="account_request_login_code"),
    path(
        "login/code/confirm/", account_views.confirm_login_code, name="account_confirm_login_code"
    ),
    path("account/inactive/", account_views.account_inactive, name="account_inactive"),
    # Confirming who one is again before changing the second factor: a password or a code.
    path("account/confirm/", account_views.reauthenticate, name="account_reauthenticate"),
    path(
        "account/confirm/code/",
        account_views.request_reauthentication_code,
        name="account_request_reauthentication_code",
    ),
    path(
        "account/confirm/code/enter/",
        account_views.confirm_reauthentication_code,
        name="account_confirm_reauthentication_code",
    ),
    path("password/change/", people.password_change, name="account_change_password"),
    path("password/reset/", account_views.password_reset, name="account_reset_password"),
    path(
        "password/reset/sent/",
        account_views.password_reset_done,
        name="account_reset_password_done",
    ),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account_views.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path(
        "password/reset/done/",
        account_views.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
    # The Security page: an authenticator app (TOTP) and recovery codes.
    path("security/", mfa_views.index, name="mfa_index"),
    path("security/authenticate/", mfa_views.authenticate, name="mfa_authenticate"),
    path("security/confirm/", mfa_views.reauthenticate, name="mfa_reauthenticate"),
    path("security/app/", totp_views.activate_totp, name="mfa_activate_totp"),
    path("security/app/remove/", totp_views.deactivate_totp, name="mfa_deactivate_totp"),
    path(
        "security/recovery-codes/",
        recovery_code_views.view_recovery_codes,
        name="mfa_view_recovery_codes",
    ),
    path(
        "security/recovery-codes/new/",
        recovery_code_views.generate_recovery_codes,
        name="mfa_generate_recovery_codes",
    ),
    path(
        "security/recovery-codes/download/",
        recovery_code_views.download_recovery_codes,
        name="mfa_download_recovery_codes",
    ),
    # Single sign-on (emg.views.sso); a 404 unless OIDC_ISSUER configures a provider.
    path("sso/<str:provider_id>/login/", sso.sso_login, name="openid_connect_login"),
    path("sso/<str:provider_id>/login/callback/", sso.sso_callback, name="openid_connect_callback"),
    path("sso/cancelled/", social_views.login_cancelled, name="socialaccount_login_cancelled"),
    path(
        "sso/error/",
        login_not_required(social_views.login_error),
        name="socialaccount_login_error",
    ),
]

inbox_patterns = [
    path("", inbox.inbox, name="list"),
    path("<int:pk>/open/", inbox.inbox_open, name="open"),
    path("read-all/", inbox.inbox_read_all, name="read_all"),
    path("preferences/", inbox.inbox_preferences, name="preferences"),
]

urlpatterns = [
    path("", home.home, name="home"),
    path("health/", health.health, name="health"),
    *signing_in_patterns,
    path("calendar/", calendars.calendar_page, name="calendar"),
    path("calendar/<str:token>.ics", calendars.calendar_feed, name="calendar_feed"),
    path("meetings/", include((meeting_patterns, "meetings"))),
    path("meetings/<int:number>/packs/", include((pack_patterns, "packs"))),
    path("documents/", include((document_patterns, "documents"))),
    path("imports/", include((import_patterns, "imports"))),
    path("people/", include((people_patterns, "people"))),
    path("invitations/<str:token>/", people.invitation_accept, name="invitation"),
    path("inbox/", include((inbox_patterns, "inbox"))),
    path("search/", search.search_page, name="search"),
]
