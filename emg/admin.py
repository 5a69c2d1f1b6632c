from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from emg.auth import AdminSignInForm
from emg.models import (
    AgendaItem,
    ApiToken,
    CalendarFeed,
    ConvertedFile,
    Document,
    DocumentVersion,
    Entity,
    ImportFile,
    ImportUpload,
    Invitation,
    ItemSummary,
    Meeting,
    MeetingPack,
    MeetingReport,
    Notification,
    NotificationDigest,
    NotificationPreference,
    Participant,
    RenderedPart,
    ReportComment,
    SearchEntry,
    Session,
    User,
    UserSession,
)

admin.site.login_form = AdminSignInForm
admin.site.site_header = _("EMG Secretariat Workspace")
admin.site.site_title = _("EMG Secretariat Workspace")
admin.site.index_title = _("Administration")


@admin.register(Entity)
class EntityAdmin(SimpleHistoryAdmin):
    list_display = ["acronym", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["acronym", "name"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "role", "entity", "is_staff"]
    list_filter = ["role", "is_staff", "is_superuser", "is_active", "entity__kind"]
    list_select_related = ["entity"]
    search_fields = ["username", "first_name", "last_name", "email", "entity__acronym"]
    autocomplete_fields = ["entity"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("In the workspace"), {"fields": ["role", "entity"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("In the workspace"), {"fields": ["first_name", "last_name", "email", "role", "entity"]}),
    ]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = [
        "segment",
        "date",
        "start_time",
        "end_time",
        "time_zone",
        "venue",
        "online",
        "online_platform",
    ]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["order", "title"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "title", "host"]
    list_select_related = ["host"]
    list_filter = [("host", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["=number", "title", "host__acronym"]
    autocomplete_fields = ["host"]
    inlines = [SessionInline, AgendaItemInline]


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "segment", "date", "start_time", "end_time", "venue", "online"]
    list_select_related = ["meeting"]
    list_filter = ["segment", "online"]
    search_fields = ["=meeting__number", "venue", "online_platform"]
    date_hierarchy = "date"
    autocomplete_fields = ["meeting"]


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "order", "title"]
    list_select_related = ["meeting"]
    list_filter = [("meeting", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "=meeting__number"]
    autocomplete_fields = ["meeting"]


@admin.register(ReportComment)
class ReportCommentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "report", "author", "created_at"]
    list_select_related = ["report__meeting", "author"]
    search_fields = ["text"]
    raw_id_fields = ["report", "author"]


@admin.register(Participant)
class ParticipantAdmin(SimpleHistoryAdmin):
    list_display = ["name", "entity_name", "title", "session"]
    list_select_related = ["session__meeting", "entity"]
    list_filter = [("session__meeting", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "entity_name", "title"]
    autocomplete_fields = ["session", "entity"]


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    inlines = [DocumentVersionInline]
    list_display = ["symbol", "title", "kind", "status", "language", "date", "meeting"]
    list_select_related = ["meeting"]
    list_filter = ["kind", "status", ("meeting", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["symbol", "title", "author_line"]
    date_hierarchy = "date"
    autocomplete_fields = ["meeting", "agenda_item", "supersedes"]


class ItemSummaryInline(admin.StackedInline):
    model = ItemSummary
    extra = 0
    autocomplete_fields = ["agenda_item"]


@admin.register(MeetingReport)
class MeetingReportAdmin(SimpleHistoryAdmin):
    inlines = [ItemSummaryInline]
    list_display = ["meeting", "status", "comments_due", "circulated_at", "finalised_at"]
    list_select_related = ["meeting"]
    list_filter = ["status"]
    search_fields = ["=meeting__number", "meeting__title", "opening", "closing"]
    autocomplete_fields = ["meeting"]
    readonly_fields = ["circulated_at", "finalised_at"]


@admin.register(ItemSummary)
class ItemSummaryAdmin(SimpleHistoryAdmin):
    list_display = ["agenda_item", "report"]
    list_select_related = ["agenda_item__meeting", "report__meeting"]
    search_fields = ["text", "agenda_item__title", "=report__meeting__number"]
    autocomplete_fields = ["report", "agenda_item"]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(SimpleHistoryAdmin):
    list_display = ["document", "language", "uploaded_at"]
    list_select_related = ["document"]
    list_filter = ["language"]
    search_fields = ["document__symbol", "document__title"]
    autocomplete_fields = ["document"]


@admin.register(MeetingPack)
class MeetingPackAdmin(admin.ModelAdmin):
    list_display = [
        "meeting",
        "language",
        "status",
        "progress",
        "page_count",
        "created_at",
        "finished_at",
    ]
    list_select_related = ["meeting"]
    list_filter = ["status"]
    search_fields = ["=meeting__number", "content_hash", "error"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["meeting", "requested_by", "watchers"]
    # Written by the background build, not by hand.
    readonly_fields = [
        "progress",
        "content_hash",
        "page_count",
        "error",
        "enqueued_at",
        "started_at",
        "finished_at",
    ]


@admin.register(RenderedPart)
class RenderedPartAdmin(admin.ModelAdmin):
    """The printed documents packs are merged from (emg.packs). Deleting one only means it is
    printed again by the next build that needs it."""

    list_display = ["content_hash", "page_count", "created_at"]
    search_fields = ["=content_hash"]
    date_hierarchy = "created_at"
    readonly_fields = ["content_hash", "file", "page_count", "created_at"]


@admin.register(ConvertedFile)
class ConvertedFileAdmin(admin.ModelAdmin):
    """Uploaded Word files converted to PDF (emg.conversions). Deleting one only means the file is
    converted again by the next upload or pack build that needs it."""

    list_display = ["content_hash", "kind", "status", "page_count", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["=content_hash"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "content_hash",
        "kind",
        "status",
        "file",
        "page_count",
        "first_page_text",
        "first_page",
        "error",
        "created_at",
        "started_at",
        "finished_at",
    ]


class ImportFileInline(admin.TabularInline):
    model = ImportFile
    extra = 0
    can_delete = False
    readonly_fields = ["order", "name", "file"]


@admin.register(ImportUpload)
class ImportUploadAdmin(admin.ModelAdmin):
    """Files uploaded to import in the browser (emg.importing.uploads), kept for their preview
    until imported or expired. Written by the importer's pages, not by hand."""

    inlines = [ImportFileInline]
    list_display = ["token", "user", "created_at", "imported_at"]
    list_select_related = ["user__entity"]
    search_fields = ["=token", "user__username"]
    date_hierarchy = "created_at"
    readonly_fields = ["token", "user", "created_at", "imported_at", "report"]


@admin.register(ImportFile)
class ImportFileAdmin(admin.ModelAdmin):
    list_display = ["name", "upload", "order"]
    list_select_related = ["upload"]
    search_fields = ["name", "=upload__token"]
    readonly_fields = ["upload", "order", "name", "file"]


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    """Invitations, made and sent on the people pages (emg.people): read here, never written,
    since only those pages e-mail the link."""

    list_display = ["email", "name", "role", "entity", "created", "expires_at", "accepted_at"]
    list_filter = ["role"]
    list_select_related = ["entity"]
    search_fields = ["email", "name"]
    date_hierarchy = "created"
    readonly_fields = [
        "user",
        "email",
        "name",
        "entity",
        "role",
        "invited_by",
        "created",
        "expires_at",
        "sent_at",
        "accepted_at",
        "revoked_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    """Who is signed in, until when. Deleting a row signs that session out; sessions are made
    by logging in, never here."""

    list_display = ["user", "expire_date"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    date_hierarchy = "expire_date"
    fields = ["user", "expire_date"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """What people were told (emg.notifications). Written by the services when something
    happens; clearing "e-mailed" here would not send it again (only a new event does)."""

    list_display = [
        "summary",
        "recipient",
        "kind",
        "delivery",
        "created_at",
        "read_at",
        "emailed_at",
    ]
    list_select_related = ["recipient__entity"]
    list_filter = ["kind", "delivery"]
    search_fields = ["summary", "recipient__username", "=key"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["recipient"]
    readonly_fields = ["created_at", "emailed_at", "digest"]


@admin.register(NotificationDigest)
class NotificationDigestAdmin(admin.ModelAdmin):
    list_display = ["recipient", "date", "created_at"]
    list_select_related = ["recipient__entity"]
    search_fields = ["recipient__username"]
    date_hierarchy = "date"
    autocomplete_fields = ["recipient"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "delivery"]
    list_select_related = ["user__entity"]
    list_filter = ["kind", "delivery"]
    search_fields = ["user__username", "kind"]
    autocomplete_fields = ["user"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Who has a calendar feed. Its token is known only to its owner (the hash cannot be turned
    back into the address); deleting a row ends the feed, and its owner can make a new one."""

    list_display = ["user", "created_at", "reset_at"]
    list_select_related = ["user__entity"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    date_hierarchy = "created_at"
    fields = ["user", "created_at", "reset_at"]
    readonly_fields = ["user", "created_at", "reset_at"]

    def has_add_permission(self, request):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Personal keys to the read-only API: their owner makes and revokes them on their Security
    page (``/people/me/tokens/``), the only place a key is ever shown. Only the key's hash is
    kept, so nothing here reads as one; deleting a row ends the token."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["user__entity"]
    search_fields = ["name", "prefix", "user__username", "user__first_name", "user__last_name"]
    date_hierarchy = "created_at"
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(SearchEntry)
class SearchEntryAdmin(admin.ModelAdmin):
    """What the global search finds (emg.search): a copy of the apps' records, written by the
    index alone. Deleting one only hides its record from the search until the record is saved
    again or ``manage.py search_index`` runs."""

    list_display = ["title", "kind", "year", "symbol", "audience", "mandate_id", "indexed_at"]
    list_filter = ["kind", "audience"]
    search_fields = ["title", "=symbol"]
    readonly_fields = [
        "content_type",
        "object_id",
        "kind",
        "year",
        "symbol",
        "title",
        "headings",
        "body",
        "url",
        "audience",
        "mandate_id",
        "indexed_at",
    ]

    def has_add_permission(self, request):
        return False
