"""The API's meetings, with their sessions and numbered agenda, and documents (emg.api)."""

from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from emg import numbering, selectors
from emg.api import ModelSerializer, ReadOnlyViewSet, register, som_number
from emg.filters import MeetingFilter
from emg.models import AgendaItem, Document, Meeting, Session


class SessionSerializer(ModelSerializer):
    class Meta:
        model = Session
        fields = [
            "id",
            "segment",
            "date",
            "start_time",
            "end_time",
            "time_zone",
            "venue",
            "online",
            "online_platform",
        ]


class AgendaItemSerializer(ModelSerializer):
    number = serializers.SerializerMethodField(help_text=_('As the agenda numbers it: "1."'))

    class Meta:
        model = AgendaItem
        fields = ["id", "number", "title", "annotation", "suggested_action"]

    def get_number(self, item) -> str:
        return item.number


class MeetingSerializer(ModelSerializer):
    host = serializers.SlugRelatedField(slug_field="acronym", read_only=True)
    ordinal_title = serializers.CharField(read_only=True)
    sessions = SessionSerializer(many=True, read_only=True)
    agenda = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["number", "title", "ordinal_title", "host", "sessions", "agenda"]

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_agenda(self, meeting) -> list:
        # Numbered as meeting_agenda numbers them: by position in the agenda's order.
        items = sorted(meeting.agenda_items.all(), key=lambda item: item.order)
        for position, item in enumerate(items, start=1):
            item.number = numbering.label("{1}.", position)
        return AgendaItemSerializer(items, many=True).data


class MeetingApiFilter(MeetingFilter):
    """The meetings list's own filters: words, a year, a host, and its sorting."""


class MeetingViewSet(ReadOnlyViewSet):
    """SOM meetings, latest first, with their sessions and agenda."""

    queryset = selectors.meeting_list(columns=[]).prefetch_related(
        Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order"))
    )
    serializer_class = MeetingSerializer
    filterset_class = MeetingApiFilter
    lookup_field = "number"
    lookup_value_regex = r"[0-9]{1,5}"  # a SOM's number


class DocumentFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("Words in the symbol or title"), method="search")
    meeting = filters.NumberFilter(
        label=_("SOM number"), field_name="meeting__number", min_value=1, max_value=32767
    )
    kind = filters.ChoiceFilter(choices=Document.Kind.choices)
    status = filters.ChoiceFilter(choices=Document.Status.choices)

    class Meta:
        model = Document
        fields: list[str] = []

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(symbol__icontains=word) | Q(title__icontains=word))
        return queryset


class DocumentSerializer(ModelSerializer):
    meeting = som_number()
    pdf = serializers.SerializerMethodField(help_text=_("The address of its PDF."))

    class Meta:
        model = Document
        fields = [
            "id",
            "symbol",
            "title",
            "kind",
            "status",
            "date",
            "distribution",
            "author_line",
            "language",
            "meeting",
            "agenda_item",
            "supersedes",
            "pdf",
        ]

    def get_pdf(self, document) -> str:
        return reverse("documents:pdf", kwargs={"pk": document.pk})


class DocumentViewSet(ReadOnlyViewSet):
    """The Group's documents, by meeting and symbol."""

    queryset = Document.objects.select_related("meeting").order_by(
        F("meeting__number").desc(nulls_last=True), "symbol", "title", "pk"
    )
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter


register("meetings", MeetingViewSet, basename="meeting")
register("documents", DocumentViewSet, basename="document")
