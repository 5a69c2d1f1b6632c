"""Writes that touch mandates: resolving a body named in a document, applying decisions, and the
secretariat's edits of mandates, terms of reference, members and focal points."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from emg.importing import Summary
from emg.models import Entity, Session, User
from mandates.matching import find_mandate, read_body_name
from mandates.models import (
    Clause,
    Decision,
    FocalPoint,
    Footnote,
    Mandate,
    MandateAlias,
    Membership,
    TermsOfReference,
)


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


# Editing in the browser: mandates, their terms of reference, members and focal points.


def mandate_key(*, kind: str, name: str) -> str:
    """The matching key of a mandate of ``kind`` called ``name``, as the importers make it, so
    that documents naming the body later find the row the secretariat created."""
    topic = read_body_name(name).topic
    return f"{kind}:{' '.join(sorted(topic)) or name.strip().lower()}"


@transaction.atomic
def mandate_create(*, kind: str, name: str, short_name: str = "", description: str = "") -> Mandate:
    return Mandate.objects.create(
        kind=kind,
        name=name,
        short_name=short_name,
        description=description,
        key=mandate_key(kind=kind, name=name),
    )


@transaction.atomic
def mandate_update(
    *, mandate: Mandate, kind: str, name: str, short_name: str, description: str
) -> Mandate:
    """Save the mandate's own fields. A renamed mandate keeps its former name as an alias:
    documents written before the renaming still call it that."""
    previous = Mandate.objects.select_for_update().get(pk=mandate.pk)
    mandate.kind, mandate.name = kind, name
    mandate.short_name, mandate.description = short_name, description
    mandate.key = mandate_key(kind=kind, name=name)
    mandate.save(update_fields=["kind", "name", "short_name", "description", "key"])
    if previous.name != name:
        MandateAlias.objects.filter(mandate=mandate, name__iexact=name).delete()
        if not MandateAlias.objects.filter(name__iexact=previous.name).exists():
            MandateAlias.objects.create(mandate=mandate, name=previous.name)
    return mandate


def _next_order(queryset) -> int:
    return (queryset.aggregate(top=Max("order"))["top"] or 0) + 1


def _siblings(clause: Clause):
    if clause.parent_id is None:
        return Clause.objects.filter(tor_id=clause.tor_id, parent__isnull=True)
    return Clause.objects.filter(parent_id=clause.parent_id)


# Which kinds of clause may stand where: sections only at the top; paragraphs at the top or in a
# section (paragraphs are numbered across the whole document either way); clauses "a)" under a
# paragraph, and "i" under those.
ALLOWED_UNDER: dict[str | None, set[str]] = {
    None: {Clause.Kind.SECTION, Clause.Kind.PARAGRAPH},
    Clause.Kind.SECTION: {Clause.Kind.PARAGRAPH},
    Clause.Kind.PARAGRAPH: {Clause.Kind.ITEM},
    Clause.Kind.ITEM: {Clause.Kind.ITEM},
}


def clause_kind_problem(*, kind: str, parent: Clause | None) -> str:
    """Why a clause of ``kind`` cannot stand under ``parent`` ("" when it can)."""
    if kind in ALLOWED_UNDER[parent.kind if parent else None]:
        return ""
    if parent is None:
        return str(_("A clause a), b) … belongs under a paragraph or another clause."))
    if kind == Clause.Kind.SECTION:
        return str(_("Sections stand at the top level of the terms of reference."))
    return str(
        _("A %(kind)s cannot stand under a %(parent)s.")
        % {"kind": Clause.Kind(kind).label.lower(), "parent": parent.get_kind_display().lower()}
    )


@transaction.atomic
def clause_add(
    *, tor: TermsOfReference, kind: str, text: str, parent: Clause | None = None
) -> Clause:
    """Add a clause at the end of its parent (or of the document)."""
    if parent is not None and parent.tor_id != tor.pk:
        raise ValidationError(_("The parent clause belongs to other terms of reference."))
    problem = clause_kind_problem(kind=kind, parent=parent)
    if problem:
        raise ValidationError(problem)
    if parent is None:
        siblings = Clause.objects.select_for_update().filter(tor=tor, parent__isnull=True)
    else:
        siblings = Clause.objects.select_for_update().filter(parent=parent)
    return Clause.objects.create(
        tor=tor, parent=parent, kind=kind, text=text, order=_next_order(siblings)
    )


@transaction.atomic
def clause_move(*, clause: Clause, direction: str) -> bool:
    """Swap ``clause`` with its sibling above ("up") or below ("down"). False when it is first
    or last already. Labels follow at once: they are computed from the order."""
    if direction not in ("up", "down"):
        raise ValueError(f"a clause moves up or down, not {direction!r}")
    siblings = list(_siblings(clause).select_for_update().order_by("order"))
    position = next(i for i, sibling in enumerate(siblings) if sibling.pk == clause.pk)
    other_position = position - 1 if direction == "up" else position + 1
    if not 0 <= other_position < len(siblings):
        return False
    mine, other = siblings[position], siblings[other_position]
    mine_order, other_order = mine.order, other.order
    # The unique orders are checked row by row (the constraints cannot be deferred), so one of
    # the two passes through a free order first. That step is not history worth keeping.
    mine.order = siblings[-1].order + 1
    mine.skip_history_when_saving = True
    mine.save(update_fields=["order"])
    del mine.skip_history_when_saving
    other.order = mine_order
    other.save(update_fields=["order"])
    mine.order = other_order
    mine.save(update_fields=["order"])
    return True


@transaction.atomic
def clause_delete(*, clause: Clause) -> int:
    """Delete the clause with every clause under it, and the footnotes marked in them. Returns
    how many clauses went."""
    doomed, level = [clause.pk], [clause.pk]
    while level:
        level = list(Clause.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        doomed.extend(level)
    for footnote in Footnote.objects.filter(clause_id__in=doomed):
        footnote.delete()
    # Children first, so that each deletion is recorded in the history on its own.
    for pk in reversed(doomed):
        Clause.objects.get(pk=pk).delete()
    return len(doomed)


@transaction.atomic
def footnote_add(
    *, tor: TermsOfReference, clause: Clause | None, anchor: str, text: str
) -> Footnote:
    if clause is not None and clause.tor_id != tor.pk:
        raise ValidationError(_("The clause belongs to other terms of reference."))
    return Footnote.objects.create(
        tor=tor,
        clause=clause,
        anchor=anchor,
        text=text,
        order=_next_order(Footnote.objects.select_for_update().filter(tor=tor)),
    )


@transaction.atomic
def membership_set(*, mandate: Mandate, entity: Entity, role: str) -> Membership:
    """Make ``entity`` a member of ``mandate`` in ``role``, or change the role it has."""
    membership, created = Membership.objects.select_for_update().get_or_create(
        mandate=mandate, entity=entity, defaults={"role": role}
    )
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    membership.delete()


@transaction.atomic
def focal_point_add(
    *,
    mandate: Mandate,
    user: User,
    nominated_by: Entity,
    since: datetime.date | None = None,
) -> FocalPoint:
    """Record that ``nominated_by`` nominated ``user`` to report for ``mandate``."""
    if not user.is_focal_point:
        raise ValidationError(
            _("%(user)s does not have the focal point role.") % {"user": user},
            code="not_focal_point",
        )
    if FocalPoint.objects.filter(mandate=mandate, user=user).exists():
        raise ValidationError(
            _("%(user)s is already a focal point of this mandate.") % {"user": user},
            code="duplicate",
        )
    return FocalPoint.objects.create(
        mandate=mandate, user=user, nominated_by=nominated_by, since=since
    )


@transaction.atomic
def focal_point_remove(*, focal_point: FocalPoint) -> None:
    focal_point.delete()
