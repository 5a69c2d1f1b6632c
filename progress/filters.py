"""The filters of the secretariat's dashboard of a round. Their state lives in the query string,
so "the overdue tasks of the IMG on Biodiversity" is a link one can send."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from emg.forms import FilterHelper
from mandates.models import Mandate
from progress.models import ReportingRound, Update


class Progress:
    """Where a task stands in its round. "Not started" is a task with no update, or with a draft
    no focal point has saved yet (one carried over from the previous round's next steps)."""

    NOT_STARTED = "not_started"
    DRAFT = Update.State.DRAFT.value
    SUBMITTED = Update.State.SUBMITTED.value
    RETURNED = Update.State.RETURNED.value
    ACCEPTED = Update.State.ACCEPTED.value

    CHOICES = [
        (NOT_STARTED, _("Not started")),
        (DRAFT, _("Draft")),
        (SUBMITTED, _("Submitted")),
        (RETURNED, _("Returned")),
        (ACCEPTED, _("Accepted")),
    ]
    # Still the focal points' to do: late once the deadline has passed.
    UNSUBMITTED = (NOT_STARTED, DRAFT, RETURNED)


def with_progress(tasks: QuerySet) -> QuerySet:
    """``tasks`` annotated with ``progress``, one of Progress.CHOICES."""
    return tasks.annotate(
        progress=Case(
            When(update__isnull=True, then=Value(Progress.NOT_STARTED)),
            When(
                update__state=Update.State.DRAFT,
                update__author__isnull=True,
                then=Value(Progress.NOT_STARTED),
            ),
            default="update__state",
            output_field=CharField(),
        )
    )


def is_late(report_round: ReportingRound, today: datetime.date) -> bool:
    return report_round.deadline is not None and report_round.deadline < today


class DashboardFilter(django_filters.FilterSet):
    """Filters a round's tasks, annotated by ``with_progress``."""

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
        if is_late(self.report_round, self.today):
            late = Q(progress__in=Progress.UNSUBMITTED)
        else:
            # Nothing is overdue before the deadline. Still asked of the database (rather than
            # Q(pk__in=[]), which Django answers without a query) so that the page costs the
            # same queries whatever the round's dates.
            late = Q(pk__isnull=True)
        return queryset.filter(late) if value == "true" else queryset.exclude(late)
