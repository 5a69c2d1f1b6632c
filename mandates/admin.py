from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mandates.models import (
    Clause,
    Decision,
    DecisionSection,
    FocalPoint,
    Footnote,
    Mandate,
    MandateAlias,
    Membership,
    TermsOfReference,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["entity"]


class FocalPointInline(admin.TabularInline):
    model = FocalPoint
    extra = 0
    autocomplete_fields = ["user", "nominated_by"]


class MandateAliasInline(admin.TabularInline):
    model = MandateAlias
    extra = 0


@admin.register(Mandate)
class MandateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "status", "start_date", "end_date"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "short_name", "key", "aliases__name"]
    date_hierarchy = "end_date"
    raw_id_fields = ["status_decision"]
    inlines = [MembershipInline, FocalPointInline, MandateAliasInline]


@admin.register(MandateAlias)
class MandateAliasAdmin(SimpleHistoryAdmin):
    list_display = ["name", "mandate"]
    list_select_related = ["mandate"]
    search_fields = ["name", "mandate__name"]
    list_filter = [("mandate", admin.RelatedOnlyFieldListFilter)]
    autocomplete_fields = ["mandate"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["mandate", "entity", "role"]
    list_select_related = ["mandate", "entity"]
    list_filter = ["role", ("mandate", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["mandate__name", "entity__acronym", "entity__name"]
    autocomplete_fields = ["mandate", "entity"]


@admin.register(FocalPoint)
class FocalPointAdmin(SimpleHistoryAdmin):
    list_display = ["user", "mandate", "nominated_by", "since"]
    list_select_related = ["user__entity", "mandate", "nominated_by"]
    list_filter = [
        ("mandate", admin.RelatedOnlyFieldListFilter),
        ("nominated_by", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [
        "user__username",
        "user__first_name",
        "user__last_name",
        "mandate__name",
        "nominated_by__acronym",
    ]
    autocomplete_fields = ["mandate", "user", "nominated_by"]


class ClauseInline(admin.TabularInline):
    model = Clause
    extra = 0
    fields = ["order", "kind", "parent", "text"]
    # A select of every clause of every ToR, per row, would be unusable.
    raw_id_fields = ["parent"]


class FootnoteInline(admin.TabularInline):
    model = Footnote
    extra = 0
    fields = ["order", "clause", "anchor", "text"]
    raw_id_fields = ["clause"]


@admin.register(TermsOfReference)
class TermsOfReferenceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "mandate", "established_at", "reports_to", "duration_months"]
    list_select_related = ["mandate", "established_at", "reports_to"]
    list_filter = [("mandate", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "mandate__name"]
    autocomplete_fields = ["mandate", "established_at", "reports_to"]
    inlines = [ClauseInline, FootnoteInline]


@admin.register(Clause)
class ClauseAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "tor", "kind", "order", "parent"]
    list_select_related = ["tor", "parent"]
    list_filter = ["kind", ("tor", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["text", "tor__title"]
    autocomplete_fields = ["tor"]
    raw_id_fields = ["parent"]


@admin.register(Footnote)
class FootnoteAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "tor", "order", "anchor"]
    list_select_related = ["tor"]
    list_filter = [("tor", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["text", "anchor", "tor__title"]
    autocomplete_fields = ["tor"]
    raw_id_fields = ["clause"]


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    fields = ["order", "parent", "verb", "text", "mandate", "effective_until"]
    raw_id_fields = ["parent"]
    autocomplete_fields = ["mandate"]


@admin.register(DecisionSection)
class DecisionSectionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "meeting", "order", "mandate", "label_style"]
    list_select_related = ["meeting", "mandate"]
    list_filter = [("meeting", admin.RelatedOnlyFieldListFilter), "label_style"]
    search_fields = ["title", "mandate__name", "=meeting__number"]
    autocomplete_fields = ["meeting", "mandate"]
    inlines = [DecisionInline]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "section", "order", "verb", "mandate", "effective_until"]
    list_select_related = ["section__meeting", "mandate"]
    list_filter = [
        "verb",
        ("section__meeting", admin.RelatedOnlyFieldListFilter),
        ("mandate", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["text", "section__title", "mandate__name"]
    autocomplete_fields = ["section", "mandate"]
    raw_id_fields = ["parent"]
