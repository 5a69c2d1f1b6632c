"""What progress does when the mandates app tells it something (mandates.signals): a focal point
replaced hands their drafts of the open rounds to their successor. Connected in
ProgressConfig.ready()."""

from django.dispatch import receiver

from mandates.signals import focal_point_replaced
from progress.services.updates import updates_hand_over


@receiver(focal_point_replaced, dispatch_uid="progress_hand_over_updates")
def hand_over_updates(sender, mandate, former, successor, **kwargs):
    updates_hand_over(mandate=mandate, former=former, successor=successor)
