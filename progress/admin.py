from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from progress.models import Reminder, ReportingRound, ReportSection, Task, Update, UpdateItem

# A task's sources are chosen by number: selects listing every decision, activity and milestone
# ever recorded would be unusable, and would repeat their queries on every row of an inline.
TASK_SOURCES = ["source_decision", "source_activity", "source_milestone"]


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0
    fields = ["order", "mandate", "section", "text", *TASK_SOURCES]
    autocomplete_fields = ["mandate", "section"]
    raw_id_fields = TASK_SOURCES


class ReportSectionInline(admin.TabularInline):
    model = ReportSection
    extra = 0
    fields = ["order", "title"]


@admin.register(ReportingRound)
class ReportingRoundAdmin(SimpleHistoryAdmin):
    list_display = ["title", "meeting", "state", "opens_on", "deadline"]
    list_select_related = ["meeting"]
    list_filter = ["state", ("meeting", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "=meeting__number"]
    date_hierarchy = "deadline"
    autocomplete_fields = ["meeting", "session"]
    inlines = [ReportSectionInline, TaskInline]


@admin.register(ReportSection)
class ReportSectionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "round", "order"]
    list_select_related = ["round"]
    list_filter = [("round", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "round__title"]
    autocomplete_fields = ["round"]


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "mandate", "round", "order"]
    list_select_related = ["mandate", "round"]
    list_filter = [
        ("round", admin.RelatedOnlyFieldListFilter),
        ("mandate", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["text", "mandate__name", "round__title"]
    autocomplete_fields = ["round", "section", "mandate"]
    raw_id_fields = TASK_SOURCES


class UpdateItemInline(admin.TabularInline):
    model = UpdateItem
    extra = 0
    fields = ["order", "status", "text", "target_date"]


@admin.register(Update)
class UpdateAdmin(SimpleHistoryAdmin):
    list_display = ["task", "mandate", "round", "state", "author", "submitted_at", "accepted_at"]
    list_select_related = ["task__mandate", "task__round", "author__entity"]
    list_filter = ["state", ("task__round", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["task__text", "task__mandate__name", "next_steps", "reviewer_comment"]
    autocomplete_fields = ["task", "author", "submitted_by", "returned_by", "accepted_by"]
    readonly_fields = ["created_at", "modified_at"]
    inlines = [UpdateItemInline]

    @admin.display(description=_("mandate"), ordering="task__mandate")
    def mandate(self, update):
        return update.task.mandate

    @admin.display(description=_("reporting round"), ordering="task__round")
    def round(self, update):
        return update.task.round


@admin.register(UpdateItem)
class UpdateItemAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "update", "order", "status", "target_date"]
    list_select_related = ["update__task"]
    list_filter = ["status"]
    search_fields = ["text", "update__task__text"]
    autocomplete_fields = ["update"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """The log of reminders sent (progress/reminders.py); deleting a row lets that reminder go
    again."""

    list_display = ["round", "user", "kind", "sent_at"]
    list_select_related = ["round", "user__entity"]
    list_filter = ["kind", ("round", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__username", "user__email", "round__title"]
    autocomplete_fields = ["round", "user"]
    readonly_fields = ["sent_at"]
