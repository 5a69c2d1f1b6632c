"""The API's reporting rounds, tasks and progress updates (emg.api). Each reader gets what the
reporting pages show them (ReportingRound.objects.visible_to, Task.objects.visible_to): the
secretariat everything; a focal point the opened rounds' tasks of their own mandates, with
their updates in every state; a senior official the tasks whose update the secretariat
accepted, with that update. Nobody gets another mandate's drafts."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework import serializers

from emg import api
from progress.models import Progress, ReportingRound, Status, Task, Update, UpdateItem


class RoundFilter(filters.FilterSet):
    meeting = filters.NumberFilter(
        label=_("SOM number"), field_name="meeting__number", min_value=1, max_value=32767
    )
    state = filters.ChoiceFilter(label=_("State"), choices=ReportingRound.State.choices)

    class Meta:
        model = ReportingRound
        fields: list[str] = []


class RoundSerializer(api.ModelSerializer):
    meeting = api.som_number()

    class Meta:
        model = ReportingRound
        fields = ["id", "title", "meeting", "session", "state", "opens_on", "deadline"]


class RoundViewSet(api.ReadOnlyViewSet):
    """Reporting rounds, latest meeting first. A round being prepared is the secretariat's."""

    queryset = ReportingRound.objects.select_related("meeting").order_by(
        "-meeting__number", "-deadline", "title", "pk"
    )
    serializer_class = RoundSerializer
    filterset_class = RoundFilter


class TaskFilter(filters.FilterSet):
    round = api.IdFilter(label=_("Round"), field_name="round_id")
    mandate = api.IdFilter(label=_("Mandate"), field_name="mandate_id")
    # The dashboard's states: "not_started" is a task with no update yet, or an untouched draft.
    progress = filters.ChoiceFilter(label=_("State"), choices=Progress.CHOICES)

    class Meta:
        model = Task
        fields: list[str] = []


class TaskSerializer(api.ModelSerializer):
    section = serializers.CharField(source="section.title", default="", read_only=True)
    progress = serializers.ChoiceField(choices=Progress.CHOICES, read_only=True)
    update = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Task
        fields = [
            "id",
            "round",
            "section",
            "order",
            "mandate",
            "text",
            "source_decision",
            "source_activity",
            "source_milestone",
            "progress",
            "update",
        ]


class TaskViewSet(api.ReadOnlyViewSet):
    """The tasks of the rounds, each with where it stands (``progress``) and its update's id."""

    queryset = (
        Task.objects.with_progress()
        .select_related("section", "update")
        .order_by("-round__meeting__number", "round_id", "order", "pk")
    )
    serializer_class = TaskSerializer
    filterset_class = TaskFilter


class UpdateFilter(filters.FilterSet):
    round = api.IdFilter(label=_("Round"), field_name="task__round_id")
    mandate = api.IdFilter(label=_("Mandate"), field_name="task__mandate_id")
    state = filters.ChoiceFilter(label=_("State"), choices=Update.State.choices)

    class Meta:
        model = Update
        fields: list[str] = []


class UpdateItemSerializer(api.ModelSerializer):
    lead = serializers.SerializerMethodField(
        help_text=_('How the report writes the status: "Completed:", "Not yet started."')
    )

    class Meta:
        model = UpdateItem
        fields = ["status", "lead", "text", "target_date"]

    def get_lead(self, item) -> str:
        return Status(item.status).lead


class UpdateSerializer(api.ModelSerializer):
    items = UpdateItemSerializer(many=True, read_only=True)

    class Meta:
        model = Update
        fields = [
            "id",
            "task",
            "state",
            "items",
            "next_steps",
            "reviewer_comment",
            "submitted_at",
            "returned_at",
            "accepted_at",
        ]


class UpdateViewSet(api.ReadOnlyViewSet):
    """Progress updates with their items, on the tasks the reader may see."""

    queryset = Update.objects.prefetch_related(
        Prefetch("items", queryset=UpdateItem.objects.order_by("order"))
    ).order_by("-task__round__meeting__number", "task__round_id", "task__order", "pk")
    serializer_class = UpdateSerializer
    filterset_class = UpdateFilter

    def get_queryset(self):
        # An update is seen with its task: Update has no visible_to of its own.
        tasks = Task.objects.visible_to(self.request.user)
        return self.queryset.filter(task__in=tasks)


api.register("rounds", RoundViewSet, basename="round")
api.register("tasks", TaskViewSet, basename="task")
api.register("updates", UpdateViewSet, basename="update")
