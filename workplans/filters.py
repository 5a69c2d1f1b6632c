"""Filtering and sorting the list of work plans."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from emg.forms import FilterHelper
from workplans.models import WorkPlan

# The sortable columns: the OrderingFilter's name for each, and its heading.
SORTABLE = [
    ("period", _("Period")),
    ("title", _("Title")),
    ("status", _("Status")),
    ("revision", _("Revision")),
    ("meeting", _("SOM")),
]


class WorkPlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Words in the title or introduction"), method="search")
    year = django_filters.NumberFilter(
        label=_("Covers the year"), method="covering", min_value=1900, max_value=2200
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=WorkPlan.Status.choices, empty_label=_("any")
    )
    # The SOM by its number, as documents name it ("SOM 27"): a select would list every
    # meeting the Group has held, more with each year.
    som = django_filters.NumberFilter(
        label=_("SOM number"), field_name="meeting__number", min_value=1, max_value=32767
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("period_start", "period"),
            ("title", "title"),
            ("status", "status"),
            ("revision", "revision"),
            ("meeting__number", "meeting"),
        ),
        field_labels=dict(SORTABLE),
        label=_("Sort by"),
    )

    class Meta:
        model = WorkPlan
        fields = ["q", "year", "status", "som"]

    @property
    def form(self):
        form = super().form
        if not hasattr(form, "helper"):
            form.helper = FilterHelper(
                [
                    ("q", "col-md-4"),
                    ("year", "col-md-2"),
                    ("status", "col-md-2"),
                    ("som", "col-md-2"),
                    ("ordering", "col-md-2"),
                ]
            )
        return form

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(introduction__icontains=value))

    def covering(self, queryset, name, value):
        return queryset.filter(period_start__lte=value, period_end__gte=value)

    @property
    def qs(self):
        # Plans of the same period (a superseded one and its successor) stay in a stable order.
        return super().qs.order_by(*self._ordering(), "-period_start", "title", "pk")

    def _ordering(self) -> list[str]:
        chosen = self.form.cleaned_data.get("ordering") if self.form.is_valid() else None
        names = dict(self.filters["ordering"].param_map)
        return [
            ("-" if value.startswith("-") else "") + names[value.lstrip("-")]
            for value in chosen or []
            if value.lstrip("-") in names
        ]
