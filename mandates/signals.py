"""A mandate's status and dates follow from the dates of the meetings that decided about it, so
when a meeting's sessions or number change, its decisions are applied again.

And what the mandates app tells the apps to its right, which it may not import: a focal point
replaced by another (``focal_point_replaced``, sent by mandates.services.focal_point_replace
inside its transaction, with ``mandate``, ``former`` and ``successor``)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from emg.models import Meeting, Session
from mandates.models import Decision, Mandate

focal_point_replaced = Signal()


def _reapply(meeting_id: int) -> None:
    decided = Mandate.objects.filter(
        decisions__section__meeting_id=meeting_id,
        decisions__verb__in=list(Decision.STATUS_AFTER),
    ).distinct()
    from mandates.services import mandate_apply_decisions

    for mandate in decided:
        mandate_apply_decisions(mandate=mandate)


@receiver([post_save, post_delete], sender=Session, dispatch_uid="mandates_session_dates")
def session_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _reapply(instance.meeting_id)


@receiver(post_save, sender=Meeting, dispatch_uid="mandates_meeting_number")
def meeting_changed(sender, instance, created, raw=False, **kwargs):
    if not (raw or created):
        _reapply(instance.pk)
