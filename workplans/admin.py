from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from workplans.models import Activity, Footnote, Milestone, Outcome, WorkPlan, WorkPlanRevision

SCHEDULE_FIELDS = [
    "schedule_start",
    "schedule_start_precision",
    "schedule_end",
    "schedule_end_precision",
]


class OutcomeInline(admin.StackedInline):
    model = Outcome
    extra = 0
    fields = ["order", "heading", "statement"]


class FootnoteInline(admin.TabularInline):
    model = Footnote
    extra = 0
    fields = ["order", "anchor", "text"]


@admin.register(WorkPlan)
class WorkPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "period", "status", "revision", "meeting"]
    list_select_related = ["meeting"]
    list_filter = ["status", "period_start"]
    search_fields = ["title", "introduction"]
    autocomplete_fields = ["meeting"]
    inlines = [OutcomeInline, FootnoteInline]


@admin.register(WorkPlanRevision)
class WorkPlanRevisionAdmin(admin.ModelAdmin):
    list_display = ["work_plan", "number", "issued_at", "issued_by"]
    list_select_related = ["work_plan", "issued_by__entity"]
    list_filter = [("work_plan", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["work_plan__title"]
    date_hierarchy = "issued_at"
    autocomplete_fields = ["work_plan", "issued_by"]


@admin.register(Footnote)
class FootnoteAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "work_plan", "order", "anchor"]
    list_select_related = ["work_plan"]
    list_filter = [("work_plan", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["text", "anchor", "work_plan__title"]
    autocomplete_fields = ["work_plan"]


@admin.register(Outcome)
class OutcomeAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "work_plan", "order"]
    list_select_related = ["work_plan"]
    list_filter = [("work_plan", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["heading", "statement", "work_plan__title"]
    autocomplete_fields = ["work_plan"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["order", "parent", "text", "due_date", *SCHEDULE_FIELDS]
    # A select of every milestone of every plan, per row, would be unusable.
    raw_id_fields = ["parent"]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "outcome", "order", "mandate", "schedule_start", "schedule_end"]
    list_select_related = ["outcome", "mandate"]
    list_filter = [
        ("outcome__work_plan", admin.RelatedOnlyFieldListFilter),
        ("mandate", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "description", "mandate__name"]
    autocomplete_fields = ["outcome", "mandate"]
    inlines = [MilestoneInline]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "activity", "order", "due_date", "schedule_start", "schedule_end"]
    list_select_related = ["activity"]
    list_filter = [("activity__outcome__work_plan", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["text", "activity__title"]
    date_hierarchy = "due_date"
    autocomplete_fields = ["activity"]
    raw_id_fields = ["parent"]
