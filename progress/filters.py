"""The filters of the secretariat's dashboard of a round. Their state lives in the query string,
so "the overdue tasks of the IMG on Biodiversity" is a link one can send."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from emg.forms import FilterHelper
from mandates.models import Mandate
from progress.models import Progress, ReportingRound


class DashboardFilter(django_filters.FilterSet):
    """Filters a round's tasks, annotated by TaskQuerySet.with_progress."""

    mandate = django_filters.ModelChoiceFilter(
        label=_("Mandate"), queryset=Mandate.objects.none(), empty_label=_("All mandates")
    )
    progress = django_filters.ChoiceFilter(
        label=_("State"), choices=Progress.CHOICES, empty_label=_("All states")
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"),
        method="filter_overdue",
        choices=[("true", _("Overdue only")), ("false", _("Not overdue"))],
        empty_label=_("Overdue or not"),
    )

    class Meta:
        fields: list[str] = []

    def __init__(self, *args, report_round: ReportingRound, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.report_round, self.today = report_round, today
        self.filters["mandate"].queryset = (
            Mandate.objects.filter(tasks__round=report_round).distinct().order_by("name")
        )
        self.form.helper = FilterHelper(
            [("mandate", "col-md-6"), ("progress", "col-md-3"), ("overdue", "col-md-3")]
        )

    def filter_overdue(self, queryset, name, value):
        if value not in ("true", "false"):
            return queryset
        if self.report_round.is_late(self.today):
            late = Q(progress__in=Progress.UNSUBMITTED)
        else:
            # Nothing is overdue before the deadline. Still asked of the database (rather than
            # Q(pk__in=[]), which Django answers without a query) so that the page costs the
            # same queries whatever the round's dates.
            late = Q(pk__isnull=True)
        return queryset.filter(late) if value == "true" else queryset.exclude(late)
