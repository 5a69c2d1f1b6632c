"""The API's mandates and decisions (emg.api): read as their pages read them, numbered as the
summaries of action points number them."""

from django.db.models import F, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework import serializers

from emg import api
from mandates import selectors
from mandates.filters import MandateFilter
from mandates.models import Decision, Mandate, Membership, section_labels


class MembershipSerializer(api.ModelSerializer):
    entity = serializers.SlugRelatedField(slug_field="acronym", read_only=True)

    class Meta:
        model = Membership
        fields = ["entity", "role"]


class MandateSerializer(api.ModelSerializer):
    members = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = Mandate
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "status",
            "start_date",
            "end_date",
            "description",
            "members",
        ]


class MandateViewSet(api.ReadOnlyViewSet):
    """IMGs, task teams, consultative processes …, by name, with their members (leads first),
    filtered and sorted as the mandates list is."""

    queryset = Mandate.objects.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("entity").order_by(
                selectors.by_role(), "entity__acronym"
            ),
            to_attr="members",
        )
    ).order_by("name", "pk")
    serializer_class = MandateSerializer
    filterset_class = MandateFilter


class DecisionFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("Words in the text"), method="search")
    meeting = filters.NumberFilter(
        label=_("SOM number"), field_name="section__meeting__number", min_value=1, max_value=32767
    )
    mandate = api.IdFilter(label=_("Mandate"), method="about_mandate")
    verb = filters.ChoiceFilter(label=_("Kind"), choices=Decision.Verb.choices)

    class Meta:
        model = Decision
        fields: list[str] = []

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(text__icontains=word)
        return queryset

    def about_mandate(self, queryset, name, value: int):
        # As a mandate's timeline finds them: its own, or its section's (selectors.is_about).
        return queryset.filter(Q(mandate_id=value) | Q(section__mandate_id=value))


class DecisionSerializer(api.ModelSerializer):
    meeting = api.som_number("section.meeting.number")
    section = serializers.CharField(source="section.title", read_only=True)
    name = serializers.SerializerMethodField(
        help_text=_('How the action points name it: its section\'s number and its label, "VI. b)"')
    )
    entities = serializers.SlugRelatedField(slug_field="acronym", many=True, read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "meeting",
            "section",
            "name",
            "parent",
            "verb",
            "text",
            "mandate",
            "effective_until",
            "actor",
            "entities",
            "due_date",
            "due_next_som",
        ]

    def get_name(self, decision) -> str:
        # The labels of each section's decisions, worked out once for all of them on the page.
        labels = self.context.setdefault("labels", {})
        section = decision.section
        if section.pk not in labels:
            labels[section.pk] = section_labels(section.decisions.all())
        label = labels[section.pk].get(decision.pk, "")
        number = selectors.section_label(decision.section_position)
        return " ".join(part for part in (number, label) if part)


class DecisionViewSet(api.ReadOnlyViewSet):
    """The Senior Officials' decisions, latest meeting first, section by section."""

    queryset = (
        Decision.objects.select_related("section__meeting")
        .prefetch_related(
            "entities",
            Prefetch(
                "section__decisions",
                queryset=Decision.objects.only("pk", "parent_id", "order", "section_id"),
            ),
        )
        .annotate(section_position=selectors.section_number("section__"))
        .order_by(
            "-section__meeting__number",
            "section__order",
            F("parent_id").asc(nulls_first=True),
            "order",
            "pk",
        )
    )
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter


api.register("mandates", MandateViewSet, basename="mandate")
api.register("decisions", DecisionViewSet, basename="decision")
