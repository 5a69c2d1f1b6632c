"""Writes that touch mandates: resolving a body named in a document, applying decisions, and the
secretariat's edits of mandates, terms of reference, members and focal points. An edit claims the
version its form was opened on (emg.versions) before it writes."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from emg import ordering, people
from emg.importing import Summary
from emg.models import Entity, Meeting, User
from emg.versions import claim, save_claimed
from mandates.matching import find_mandate, read_body_name
from mandates.models import (
    Clause,
    Decision,
    DecisionSection,
    FocalPoint,
    Footnote,
    Mandate,
    MandateAlias,
    Membership,
    TermsOfReference,
    action_problems,
)
from mandates.selectors import meeting_date
from mandates.signals import focal_point_replaced


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


def _without_decisions(mandate: Mandate) -> tuple[str, object, object]:
    """The mandate's status, start and end as they stand without any decision: as last saved
    with no decision as their reason (kept in its history), else as a new mandate's."""
    record = (
        mandate.history.filter(status_decision__isnull=True)
        .order_by("-history_date", "-history_id")
        .first()
    )
    if record is not None:
        return record.status, record.start_date, record.end_date
    if mandate.status_decision_id is None:
        return mandate.status, mandate.start_date, mandate.end_date
    return Mandate._meta.get_field("status").default, None, None


@transaction.atomic
def mandate_apply_decisions(*, mandate: Mandate) -> Mandate:
    """Replay the decisions that change the mandate (establish, extend, conclude, transfer) in
    meeting order, and record the last one as the reason for its status and end date.

    The replay starts from the mandate as it stood before any decision, so a decision that was
    changed or deleted no longer counts, and a mandate left with no decision returns to that
    state."""
    stored = Mandate.objects.select_for_update().get(pk=mandate.pk)
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
    status, start, end = _without_decisions(stored)
    reason = None
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
    if start and end and end < start:
        end = start
    changed = (status, start, end, reason.pk if reason else None) != (
        stored.status,
        stored.start_date,
        stored.end_date,
        stored.status_decision_id,
    )
    if changed:
        stored.status, stored.start_date, stored.end_date = status, start, end
        stored.status_decision = reason
        stored.save(update_fields=["status", "start_date", "end_date", "status_decision"])
    # The caller's copy follows, whether or not it was up to date.
    mandate.status, mandate.start_date, mandate.end_date = status, start, end
    mandate.status_decision = reason
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
    *, mandate: Mandate, version: int, kind: str, name: str, short_name: str, description: str
) -> Mandate:
    """Save the mandate's own fields. A renamed mandate keeps its former name as an alias:
    documents written before the renaming still call it that."""
    claim(mandate, version)
    previous_name = mandate.name
    mandate.kind, mandate.name = kind, name
    mandate.short_name, mandate.description = short_name, description
    mandate.key = mandate_key(kind=kind, name=name)
    mandate.save()
    if previous_name != name:
        MandateAlias.objects.filter(mandate=mandate, name__iexact=name).delete()
        if not MandateAlias.objects.filter(name__iexact=previous_name).exists():
            MandateAlias.objects.create(mandate=mandate, name=previous_name)
    return mandate


@transaction.atomic
def terms_of_reference_create(
    *,
    mandate: Mandate,
    title: str,
    established_at: Meeting | None,
    reports_to: Meeting | None,
    duration_months: int | None,
) -> TermsOfReference:
    return TermsOfReference.objects.create(
        mandate=mandate,
        title=title,
        established_at=established_at,
        reports_to=reports_to,
        duration_months=duration_months,
    )


@transaction.atomic
def terms_of_reference_update(
    *,
    tor: TermsOfReference,
    version: int,
    title: str,
    established_at: Meeting | None,
    reports_to: Meeting | None,
    duration_months: int | None,
) -> TermsOfReference:
    return save_claimed(
        tor,
        version,
        title=title,
        established_at=established_at,
        reports_to=reports_to,
        duration_months=duration_months,
    )


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
    tor = ordering.lock(TermsOfReference, tor.pk)
    if parent is None:
        siblings = Clause.objects.filter(tor=tor, parent__isnull=True)
    else:
        siblings = Clause.objects.filter(parent=ordering.current(parent))
    return Clause.objects.create(
        tor=tor, parent=parent, kind=kind, text=text, order=ordering.next_order(siblings)
    )


@transaction.atomic
def clause_update(*, clause: Clause, version: int, text: str) -> Clause:
    return save_claimed(clause, version, text=text)


@transaction.atomic
def clause_move(*, clause: Clause, direction: str) -> bool:
    """Swap ``clause`` with its sibling above ("up") or below ("down"). False when it is first
    or last already. Labels follow at once: they are computed from the order."""
    ordering.lock(TermsOfReference, clause.tor_id)
    siblings = list(_siblings(clause).order_by("order"))
    return ordering.swap(siblings, clause, direction) is not None


@transaction.atomic
def clause_delete(*, clause: Clause) -> int:
    """Delete the clause with every clause under it, and the footnotes marked in them. Returns
    how many clauses went."""
    ordering.lock(TermsOfReference, clause.tor_id)
    clause = ordering.current(clause)
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


def _check_clause_of(tor_id: int, clause: Clause | None) -> None:
    """A footnote is marked in a clause of its own terms of reference, or in none."""
    if clause is not None and clause.tor_id != tor_id:
        raise ValidationError(_("The clause belongs to other terms of reference."))


@transaction.atomic
def footnote_add(
    *, tor: TermsOfReference, clause: Clause | None, anchor: str, text: str
) -> Footnote:
    _check_clause_of(tor.pk, clause)
    tor = ordering.lock(TermsOfReference, tor.pk)
    if clause is not None:
        clause = ordering.current(clause)
    return ordering.add_last(tor.footnotes, clause=clause, anchor=anchor, text=text)


@transaction.atomic
def footnote_update(
    *, footnote: Footnote, version: int, clause: Clause | None, anchor: str, text: str
) -> Footnote:
    _check_clause_of(footnote.tor_id, clause)
    return save_claimed(footnote, version, clause=clause, anchor=anchor, text=text)


@transaction.atomic
def footnote_delete(*, footnote: Footnote) -> None:
    ordering.lock(TermsOfReference, footnote.tor_id)
    ordering.current(footnote).delete()


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
def membership_update(*, membership: Membership, version: int, role: str) -> Membership:
    """Change the role ``membership``'s entity has in its mandate."""
    return save_claimed(membership, version, role=role)


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    ordering.lock(Mandate, membership.mandate_id)
    ordering.current(membership).delete()


@transaction.atomic
def focal_point_add(
    *,
    mandate: Mandate,
    user: User,
    nominated_by: Entity,
    since: datetime.date | None = None,
) -> FocalPoint:
    """Record that ``nominated_by`` nominated ``user`` to report for ``mandate``."""
    # Two adds of the same person at once (a double-click) take turns: the second finds the
    # first's row and is refused, rather than colliding with it on the unique constraint.
    mandate = ordering.lock(Mandate, mandate.pk)
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
    ordering.lock(Mandate, focal_point.mandate_id)
    ordering.current(focal_point).delete()


@transaction.atomic
def focal_point_replace(*, focal_point: FocalPoint, user: User) -> FocalPoint:
    """``user`` takes over from ``focal_point`` for its mandate, nominated by the same entity:
    the mandate's history says who replaced whom, and the apps to the right hand over what the
    former focal point had in hand (the signal ``focal_point_replaced``: progress passes on
    their drafts of the open rounds)."""
    ordering.lock(Mandate, focal_point.mandate_id)
    old = ordering.current(focal_point)
    if not user.is_focal_point:
        raise ValidationError(
            _("%(user)s does not have the focal point role.") % {"user": user},
            code="not_focal_point",
        )
    if FocalPoint.objects.filter(mandate_id=old.mandate_id, user=user).exists():
        raise ValidationError(
            _("%(user)s is already a focal point of this mandate.") % {"user": user},
            code="duplicate",
        )
    former = old.user
    old._change_reason = _("Replaced by %(user)s.") % {"user": user}
    old.delete()
    new = FocalPoint(
        mandate_id=old.mandate_id,
        user=user,
        nominated_by_id=old.nominated_by_id,
        since=timezone.localdate(),
    )
    new._change_reason = _("Takes over from %(user)s.") % {"user": former}
    new.save()
    focal_point_replaced.send(sender=FocalPoint, mandate=new.mandate, former=former, successor=user)
    return new


@transaction.atomic
def person_invite(
    *,
    email: str,
    first_name: str,
    last_name: str,
    entity: Entity | None,
    role: str,
    mandates,
    invited_by: User,
):
    """Invite a person (emg.people.invitation_create) and nominate them, by their entity, as
    focal point of ``mandates``: the nominations exist while the invitation waits."""
    invitation = people.invitation_create(
        email=email,
        first_name=first_name,
        last_name=last_name,
        entity=entity,
        role=role,
        invited_by=invited_by,
    )
    for mandate in mandates:
        ordering.lock(Mandate, mandate.pk)
        FocalPoint.objects.create(
            mandate=mandate, user=invitation.user, nominated_by=entity, since=timezone.localdate()
        )
    return invitation


# SOM decisions recorded in the browser: the sections of a meeting's action points and the
# decisions in them. Every write re-applies the decisions of each mandate it touches (before and
# after the change), so that a mandate's status and end date always follow from the decisions
# recorded, with the deciding one as their reason.


def _reapply(mandate_ids) -> None:
    for mandate in Mandate.objects.filter(pk__in={pk for pk in mandate_ids if pk}).order_by("pk"):
        mandate_apply_decisions(mandate=mandate)


def _mandates_of(decisions) -> set[int]:
    """The mandates named by ``decisions`` (a queryset) and by the items under them."""
    decisions = decisions.order_by()
    named = Decision.objects.filter(Q(pk__in=decisions.values("pk")) | Q(parent__in=decisions))
    return set(named.exclude(mandate=None).values_list("mandate_id", flat=True))


@transaction.atomic
def decision_section_add(
    *,
    meeting: Meeting,
    title: str,
    mandate: Mandate | None = None,
    label_style: str = DecisionSection.LabelStyle.LETTER,
) -> DecisionSection:
    """Add a section at the end of the meeting's action points."""
    meeting = ordering.lock(Meeting, meeting.pk)
    return ordering.add_last(
        meeting.decision_sections, title=title, mandate=mandate, label_style=label_style
    )


@transaction.atomic
def decision_section_update(
    *,
    section: DecisionSection,
    version: int,
    title: str,
    mandate: Mandate | None,
    label_style: str,
) -> DecisionSection:
    return save_claimed(section, version, title=title, mandate=mandate, label_style=label_style)


@transaction.atomic
def decision_section_move(*, section: DecisionSection, direction: str) -> bool:
    """Swap the section with the one above or below. Decisions take effect in the order of the
    action points, so the mandates decided on in both are brought up to date."""
    ordering.lock(Meeting, section.meeting_id)
    sections = list(DecisionSection.objects.filter(meeting_id=section.meeting_id).order_by("order"))
    swapped = ordering.swap(sections, section, direction)
    if swapped is None:
        return False
    _reapply(_mandates_of(Decision.objects.filter(section__in=swapped)))
    return True


@transaction.atomic
def decision_section_delete(*, section: DecisionSection) -> None:
    """Delete the section with its decisions; the mandates they decided on follow the
    decisions that remain."""
    ordering.lock(Meeting, section.meeting_id)
    section = ordering.current(section)
    decisions = Decision.objects.filter(section=section)
    touched = _mandates_of(decisions)
    # Items before their lead-ins, one by one, so that the history records each.
    for decision in decisions.order_by(F("parent_id").desc(nulls_last=True), "-order"):
        decision.delete()
    section.delete()
    _reapply(touched)


def _siblings_of(*, section: DecisionSection, parent: Decision | None):
    if parent is None:
        return Decision.objects.filter(section=section, parent__isnull=True)
    return Decision.objects.filter(parent=parent)


def _check_parent(*, section: DecisionSection, parent: Decision | None, decision=None) -> None:
    if parent is None:
        return
    if parent.section_id != section.pk:
        raise ValidationError(_("The lead-in belongs to another section."), code="parent")
    if parent.parent_id is not None:
        raise ValidationError(
            _("Items stand under a lead-in, not under another item."), code="parent"
        )
    if decision is not None and parent.pk == decision.pk:
        raise ValidationError(_("A decision cannot stand under itself."), code="parent")


def _check_action(decision: Decision, entities) -> None:
    problems = action_problems(
        actor=decision.actor,
        entities=entities,
        mandate_id=decision.addressed_mandate_id,
        due_date=decision.due_date,
        due_next_som=decision.due_next_som,
    )
    if problems:
        field, message = next(iter(problems.items()))
        raise ValidationError(message, code=field)


@transaction.atomic
def decision_record(
    *,
    section: DecisionSection,
    verb: str,
    text: str,
    mandate: Mandate | None,
    parent: Decision | None = None,
    effective_until: datetime.date | None = None,
    order: int | None = None,
    actor: str | None = None,
    entities=(),
    due_date: datetime.date | None = None,
    due_next_som: bool = False,
) -> Decision:
    """Record a decision in ``section`` (under the lead-in ``parent``, if given) at ``order``
    (the end when None), and bring its mandate up to date with it. Without an ``actor``, the
    mandate it is addressed to acts on it, else the secretariat.

    The meeting is locked first, as for every add and move of its sections and decisions (a
    decision may be moved to another section of its meeting), so that they take turns."""
    ordering.lock(Meeting, section.meeting_id)
    section = ordering.current(section)
    if parent is not None:
        parent = ordering.current(parent)
    _check_parent(section=section, parent=parent)
    siblings = _siblings_of(section=section, parent=parent)
    if order is None:
        order = ordering.next_order(siblings)
    else:
        # Make room, from the last one down, so no two ever share an order.
        for sibling in siblings.filter(order__gte=order).order_by("-order"):
            sibling.order += 1
            sibling.save(update_fields=["order"])
    decision = Decision(
        section=section,
        parent=parent,
        order=order,
        verb=verb,
        text=text,
        mandate=mandate,
        effective_until=effective_until,
        due_date=due_date,
        due_next_som=due_next_som,
    )
    decision.actor = actor or Decision.default_actor(decision.addressed_mandate_id)
    _check_action(decision, entities)
    decision.save()
    decision.entities.set(entities)
    _reapply([decision.mandate_id])
    return decision


@transaction.atomic
def decision_update(
    *,
    decision: Decision,
    version: int,
    section: DecisionSection,
    verb: str,
    text: str,
    mandate: Mandate | None,
    parent: Decision | None = None,
    effective_until: datetime.date | None = None,
    actor: str | None = None,
    entities=(),
    due_date: datetime.date | None = None,
    due_next_som: bool = False,
) -> Decision:
    """Save the decision's new values (who acts on it and by when among them: without an
    ``actor``, the mandate it is addressed to, else the secretariat). Moved to another section
    or lead-in, it goes to the end there (and the items under it follow it to the new section).
    The mandates it decided on before and after are brought up to date."""
    _check_parent(section=section, parent=parent, decision=decision)
    claim(decision, version)
    was_under, was_about = (decision.section_id, decision.parent_id), decision.mandate_id
    children = list(Decision.objects.filter(parent=decision))
    if parent is not None and children:
        raise ValidationError(
            _("This decision introduces items of its own, so it cannot stand under a lead-in."),
            code="parent",
        )
    touched = {was_about, *(child.mandate_id for child in children)}
    decision.section, decision.parent = section, parent
    decision.verb, decision.text = verb, text
    decision.mandate, decision.effective_until = mandate, effective_until
    decision.actor = actor or Decision.default_actor(decision.addressed_mandate_id)
    decision.due_date, decision.due_next_som = due_date, due_next_som
    _check_action(decision, entities)
    if was_under != (section.pk, parent.pk if parent else None):
        decision.order = ordering.next_order(
            _siblings_of(section=section, parent=parent).select_for_update()
        )
        for child in children:
            child.section = section
            child.save(update_fields=["section"])
    decision.save()
    if set(decision.entities.all()) != set(entities):
        decision.entities.set(entities)
    _reapply(touched | {decision.mandate_id})
    return decision


@transaction.atomic
def decision_move(*, decision: Decision, direction: str) -> bool:
    """Swap the decision with the one above or below it (among the items of its lead-in, or
    the decisions of its section). Labels follow from the order; so does which of two
    decisions about a mandate takes effect last."""
    ordering.lock(Meeting, decision.section.meeting_id)
    # As stored now: an edit may have put it in another section or under another lead-in.
    decision = ordering.current(decision)
    siblings = list(
        _siblings_of(section=decision.section, parent=decision.parent).order_by("order")
    )
    swapped = ordering.swap(siblings, decision, direction)
    if swapped is None:
        return False
    _reapply(_mandates_of(Decision.objects.filter(pk__in=[row.pk for row in swapped])))
    return True


@transaction.atomic
def decision_delete(*, decision: Decision) -> None:
    """Delete the decision with the items under it; the mandates they decided on follow the
    decisions that remain."""
    ordering.lock(Meeting, decision.section.meeting_id)
    decision = ordering.current(decision)
    touched = _mandates_of(Decision.objects.filter(pk=decision.pk))
    for child in Decision.objects.filter(parent=decision).order_by("-order"):
        child.delete()
    decision.delete()
    _reapply(touched)
