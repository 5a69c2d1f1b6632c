"""The filters of the mandates list. Their state lives in the query string, so a filtered and
sorted list can be bookmarked and shared."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from emg.forms import FilterHelper
from emg.models import Entity
from mandates.models import Mandate, MandateAlias, Membership
from mandates.selectors import LEAD_ROLES


class Ordering(django_filters.OrderingFilter):
    """Sorts by the chosen column, then by name, so that ties keep a stable order across
    pages."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "name") if value else qs


class MandateFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Words in the name, the short name or another name documents use."),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Mandate.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Mandate.Status.choices)
    # The entities' acronyms are the choices, set per request in __init__.
    lead = django_filters.ChoiceFilter(label=_("Led by"), method="led_by")
    member = django_filters.ChoiceFilter(label=_("With member"), method="with_member")
    active_on = django_filters.DateFilter(
        label=_("Active on"),
        method="running_on",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    ordering = Ordering(
        label=_("Sort by"),
        fields=(
            ("name", "name"),
            ("kind", "kind"),
            ("status", "status"),
            ("start_date", "start"),
            ("end_date", "end"),
        ),
        field_labels={
            "name": _("Name"),
            "kind": _("Kind"),
            "status": _("Status"),
            "start_date": _("Start"),
            "end_date": _("End"),
        },
    )

    class Meta:
        model = Mandate
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One query of plain acronyms for both selects: model choices would be queried and
        # built as objects once for each select.
        acronyms = list(Entity.objects.order_by("acronym").values_list("acronym", flat=True))
        for name in ("lead", "member"):
            # On the form's own fields, as emg.filters.MeetingFilter's choices.
            self.form.fields[name].choices = [(acronym, acronym) for acronym in acronyms]
        self.form.helper = FilterHelper(
            [("q", "col-md-6"), ("active_on", "col-md-3"), ("ordering", "col-md-3")],
            [
                ("kind", "col-md-3"),
                ("status", "col-md-3"),
                ("lead", "col-md-3"),
                ("member", "col-md-3"),
            ],
        )

    def search(self, queryset, name, value):
        words = value.split()
        for word in words:
            aliases = MandateAlias.objects.filter(mandate=OuterRef("pk"), name__icontains=word)
            queryset = queryset.filter(
                Q(name__icontains=word) | Q(short_name__icontains=word) | Exists(aliases)
            )
        return queryset

    def led_by(self, queryset, name, value: str):
        leads = Membership.objects.filter(
            mandate=OuterRef("pk"), entity__acronym=value, role__in=LEAD_ROLES
        )
        return queryset.filter(Exists(leads))

    def with_member(self, queryset, name, value: str):
        members = Membership.objects.filter(mandate=OuterRef("pk"), entity__acronym=value)
        return queryset.filter(Exists(members))

    def running_on(self, queryset, name, day):
        return queryset.active_on(day)
