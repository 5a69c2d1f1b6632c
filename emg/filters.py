"""The meetings list's filters (django-filter). Their state lives in the query string, so a
filtered and sorted list can be bookmarked and shared."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from emg import params, selectors
from emg.forms import FilterHelper
from emg.models import Document, Entity, Meeting, Session, User


def session_years():
    days = Session.objects.filter(date__isnull=False).dates("date", "year", order="DESC")
    return [(str(day.year), str(day.year)) for day in days]


def host_choices():
    hosts = Entity.objects.filter(Exists(Meeting.objects.filter(host=OuterRef("pk"))))
    return [(acronym, acronym) for acronym in hosts.values_list("acronym", flat=True)]


class MeetingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Words in the title, the host, a venue, or a document's symbol or title."),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), choices=(), method="held_in", empty_label=_("Any year")
    )
    # Plain choices, read once in __init__: a model choice field, or callable choices, would
    # read the database again each time the choices are gone through (to key the kept filter
    # box, then to draw it).
    host = django_filters.ChoiceFilter(
        label=_("Host"), choices=(), field_name="host__acronym", empty_label=_("Any host")
    )

    class Meta:
        model = Meeting
        fields: list[str] = []

    def __init__(self, *args, columns=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Sortable by the list's own columns and by those other apps add (emg.home.column).
        fields = [
            ("number", "number"),
            ("title", "title"),
            ("host__acronym", "host"),
            ("first_date", "date"),
            ("document_count", "documents"),
            *((column.name, column.name) for column in columns),
        ]
        labels = {
            "number": _("SOM"),
            "title": _("Title"),
            "host__acronym": _("Host"),
            "first_date": _("Date"),
            "document_count": _("Documents"),
            **{column.name: column.title for column in columns},
        }
        self.filters["ordering"] = django_filters.OrderingFilter(
            label=_("Sort by"), fields=fields, field_labels=labels, empty_label=_("Latest first")
        )
        self.filters["ordering"].model = Meeting
        self.filters["ordering"].parent = self
        self.form.helper = FilterHelper(
            [
                ("q", "col-md-5"),
                ("year", "col-md-2"),
                ("host", "col-md-2"),
                ("ordering", "col-md-3"),
            ]
        )
        # On the form's own fields: the filters' fields may have been built (and kept) before,
        # when the API's schema was drawn from the same filters.
        self.form.fields["year"].choices = session_years()
        self.form.fields["host"].choices = host_choices()

    def search(self, queryset, name, value):
        for word in value.split():
            matches = (
                Q(title__icontains=word)
                | Q(host__acronym__icontains=word)
                | Q(host__name__icontains=word)
                | Exists(Session.objects.filter(meeting=OuterRef("pk"), venue__icontains=word))
                | Exists(
                    Document.objects.filter(meeting=OuterRef("pk")).filter(
                        Q(symbol__icontains=word) | Q(title__icontains=word)
                    )
                )
            )
            number = params.as_integer(word, max_value=params.MAX_SMALL_INTEGER)
            if number is not None:
                matches |= Q(number=number)
            queryset = queryset.filter(matches)
        return queryset

    def held_in(self, queryset, name, value: str):
        sessions = Session.objects.filter(meeting=OuterRef("pk"), date__year=int(value))
        return queryset.filter(Exists(sessions))


def entity_choices():
    entities = Entity.objects.filter(Exists(User.objects.filter(entity=OuterRef("pk"))))
    return [(acronym, acronym) for acronym in entities.values_list("acronym", flat=True)]


class PeopleFilter(django_filters.FilterSet):
    """The people list's filters: a name or e-mail, an entity, a role, a state (active,
    invited, deactivated: emg.selectors.person_state)."""

    STATES = [
        (selectors.ACTIVE, _("Active")),
        (selectors.INVITED, _("Invited")),
        (selectors.DEACTIVATED, _("Deactivated")),
    ]

    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Words of a name or an e-mail address.")
    )
    entity = django_filters.ChoiceFilter(
        label=_("Entity"), choices=(), field_name="entity__acronym", empty_label=_("Any entity")
    )
    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=User.Role.choices, empty_label=_("Any role")
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=STATES, method="in_state", empty_label=_("Any state")
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=[("last_name", "name"), ("entity__acronym", "entity"), ("role", "role")],
        field_labels={"last_name": _("Name"), "entity__acronym": _("Entity"), "role": _("Role")},
        empty_label=_("By name"),
    )

    class Meta:
        model = User
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.helper = FilterHelper(
            [
                ("q", "col-md-4"),
                ("entity", "col-md-2"),
                ("role", "col-md-2"),
                ("state", "col-md-2"),
                ("ordering", "col-md-2"),
            ]
        )
        self.form.fields["entity"].choices = entity_choices()  # as MeetingFilter's choices

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
                | Q(username__icontains=word)
            )
        return queryset

    def in_state(self, queryset, name, value):
        if value == selectors.ACTIVE:
            return queryset.filter(is_active=True)
        if value == selectors.INVITED:
            return queryset.filter(is_active=False, invited=True)
        return queryset.filter(is_active=False, invited=False)
