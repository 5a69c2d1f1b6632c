"""Writes that touch mandates: resolving a body named in a document, and applying decisions."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce

from emg.importing import Summary
from emg.models import Session
from mandates.matching import find_mandate, read_body_name
from mandates.models import Decision, Mandate, MandateAlias


def mandate_resolve(*, name: str, summary: Summary) -> Mandate | None:
    """The mandate a document means by ``name``, created when it is new. None when the name
    names no kind of body (e.g. "Exchange of information and outreach")."""
    body = read_body_name(name)
    if body.kind is None or not body.topic:
        return None
    alias = MandateAlias.objects.select_related("mandate").filter(name__iexact=body.name).first()
    if alias:
        return alias.mandate
    mandate = find_mandate(body, list(Mandate.objects.all()))
    if mandate is None:
        mandate = summary.upsert(
            Mandate,
            {"key": body.key},
            defaults={"kind": body.kind, "name": body.name, "short_name": body.acronym},
        )
    else:
        changes = {}
        if mandate.kind == Mandate.Kind.OTHER and body.kind != Mandate.Kind.OTHER:
            changes["kind"] = body.kind  # "Consultative Process on a … Framework" says more
        if body.acronym and not mandate.short_name:
            changes["short_name"] = body.acronym
        if changes:
            summary.upsert(Mandate, {"pk": mandate.pk}, changes)
            mandate.refresh_from_db()
    if body.name != mandate.name:
        summary.upsert(MandateAlias, {"name": body.name}, {"mandate": mandate})
    return mandate


def meeting_date(meeting):
    """When a meeting decided: its senior officials' segment, else its first dated session."""
    sessions = [s for s in meeting.sessions.all() if s.date]
    senior = [s for s in sessions if s.segment == Session.Segment.SENIOR]
    chosen = senior or sorted(sessions, key=lambda s: s.date)
    return chosen[0].date if chosen else None


@transaction.atomic
def mandate_apply_decisions(*, mandate: Mandate) -> Mandate:
    """Replay the decisions that change the mandate (establish, extend, conclude, transfer) in
    meeting order, and record the last one as the reason for its status and end date."""
    decisions = (
        Decision.objects.filter(mandate=mandate, verb__in=list(Decision.STATUS_AFTER))
        .select_related("section__meeting")
        .prefetch_related("section__meeting__sessions")
        # A lead-in's items are numbered from 1 within it, so they sort by their lead-in's place.
        .order_by(
            "section__meeting__number",
            "section__order",
            Coalesce("parent__order", "order"),
            F("parent_id").asc(nulls_first=True),
            "order",
        )
    )
    status, start, end, reason = mandate.status, mandate.start_date, mandate.end_date, None
    for decision in decisions:
        day = meeting_date(decision.section.meeting)
        status = Decision.STATUS_AFTER[decision.verb]
        if decision.verb == Decision.Verb.ESTABLISH:
            start = start or day
            end = decision.effective_until or end
        elif decision.verb == Decision.Verb.EXTEND:
            end = decision.effective_until or end
        else:
            end = day or end
        reason = decision
    if reason is None:
        return mandate
    if start and end and end < start:
        end = start
    changed = (status, start, end, reason.pk) != (
        mandate.status,
        mandate.start_date,
        mandate.end_date,
        mandate.status_decision_id,
    )
    if changed:
        mandate.status, mandate.start_date, mandate.end_date = status, start, end
        mandate.status_decision = reason
        mandate.save(update_fields=["status", "start_date", "end_date", "status_decision"])
    return mandate
