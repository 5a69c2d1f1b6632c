"""The API's work plans (emg.api): the list as the plans' page filters it, and each plan with its
outcomes, activities and milestones, labelled and cited as the plan's own pages and documents
number them (WorkPlan.numbered, workplans.references)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from emg import api
from workplans import selectors
from workplans.filters import WorkPlanFilter
from workplans.models import WorkPlan
from workplans.references import references


class ScheduledFields(serializers.Serializer):
    schedule = serializers.CharField(
        help_text=_('As the plan prints it: "October 2021 – September 2022"; empty if none.')
    )
    schedule_start = serializers.DateField(allow_null=True)
    schedule_end = serializers.DateField(allow_null=True)


class MilestoneSerializer(ScheduledFields):
    id = serializers.IntegerField()
    label = serializers.CharField(help_text=_('"(a)", "(i)", or a bullet\'s dash'))
    reference = serializers.CharField(help_text=_('How it is cited: "5.(b)"'))
    depth = serializers.IntegerField(help_text=_("0 for a milestone of the activity itself"))
    parent = serializers.IntegerField(allow_null=True)
    text = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)


class ActivitySerializer(ScheduledFields):
    id = serializers.IntegerField()
    label = serializers.CharField(help_text=_('"5."'))
    reference = serializers.CharField(help_text=_('How it is cited: "5", or "A.2"'))
    title = serializers.CharField()
    description = serializers.CharField()
    mandate = serializers.IntegerField(allow_null=True)
    milestones = MilestoneSerializer(many=True, help_text=_("In reading order."))


class OutcomeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField(help_text=_('"II." or "B."'))
    reference = serializers.CharField(help_text=_('How it is cited: "II"'))
    heading = serializers.CharField()
    statement = serializers.CharField()
    activities = ActivitySerializer(many=True)


class WorkPlanSerializer(api.ModelSerializer):
    meeting = api.som_number()
    revision_label = serializers.CharField(read_only=True)
    outcome_count = serializers.IntegerField(read_only=True)
    activity_count = serializers.IntegerField(read_only=True)
    milestone_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = WorkPlan
        fields = [
            "id",
            "title",
            "period_start",
            "period_end",
            "status",
            "revision",
            "revision_label",
            "meeting",
            "outcome_count",
            "activity_count",
            "milestone_count",
        ]


class WorkPlanDetailSerializer(WorkPlanSerializer):
    outcomes = serializers.SerializerMethodField()

    class Meta(WorkPlanSerializer.Meta):
        fields = [*WorkPlanSerializer.Meta.fields, "introduction", "outcomes"]

    @extend_schema_field(OutcomeSerializer(many=True))
    def get_outcomes(self, plan) -> list:
        return OutcomeSerializer(numbered_items(plan), many=True).data


def numbered_items(plan: WorkPlan) -> list[dict]:
    """The plan's outcomes, each with its activities, each with its milestones in reading order,
    labelled and cited as the plan numbers them: three queries, whatever the plan's size."""
    rows = plan.numbered()
    cited = references(plan, rows)

    def scheduled(item) -> dict:
        schedule = item.schedule
        return {
            "schedule": str(schedule) if schedule else "",
            "schedule_start": item.schedule_start,
            "schedule_end": item.schedule_end,
        }

    def milestones(milestone_rows, parent=None) -> list[dict]:
        found = []
        for row in milestone_rows:
            milestone = row["milestone"]
            found.append(
                {
                    "id": milestone.pk,
                    "label": row["label"],
                    "reference": cited["milestone", milestone.pk].short,
                    "depth": row["depth"],
                    "parent": parent,
                    "text": milestone.text,
                    "due_date": milestone.due_date,
                    **scheduled(milestone),
                }
            )
            found += milestones(row["children"], milestone.pk)
        return found

    return [
        {
            "id": outcome_row["outcome"].pk,
            "label": outcome_row["label"],
            "reference": cited["outcome", outcome_row["outcome"].pk].short,
            "heading": outcome_row["outcome"].heading,
            "statement": outcome_row["outcome"].statement,
            "activities": [
                {
                    "id": row["activity"].pk,
                    "label": row["label"],
                    "reference": cited["activity", row["activity"].pk].short,
                    "title": row["activity"].title,
                    "description": row["activity"].description,
                    "mandate": row["activity"].mandate_id,
                    "milestones": milestones(row["milestones"]),
                    **scheduled(row["activity"]),
                }
                for row in outcome_row["activities"]
            ],
        }
        for outcome_row in rows
    ]


class WorkPlanViewSet(api.ReadOnlyViewSet):
    """Biennial work plans, newest first, filtered and sorted as their list is; a plan's own
    endpoint gives its numbered outcomes, activities and milestones."""

    queryset = selectors.plan_list()
    serializer_class = WorkPlanSerializer
    filterset_class = WorkPlanFilter

    def get_serializer_class(self):
        return WorkPlanDetailSerializer if self.action == "retrieve" else WorkPlanSerializer


api.register("work-plans", WorkPlanViewSet, basename="work_plan")
