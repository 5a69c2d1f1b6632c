"""How far the SOM's action points are implemented, as the progress reported on them says.

An action point (``Decision.objects.action_points()``) becomes a task of the next reporting round;
its status is what the latest accepted update of a task sourced from it says (``Status.of`` its
progress items). An update still in draft, submitted or returned says nothing yet: the status
changes when the secretariat accepts one. Pages, the meeting's "Status of implementation"
document and the round proposals all read it here."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q

from emg.models import Document, Meeting
from mandates.models import Decision, DecisionSection, Mandate, section_labels
from mandates.selectors import section_label
from progress.models import Status, Task, Update, UpdateItem


@dataclass
class FollowedActionPoint:
    decision: Decision
    label: str  # "a)", "ii." as the summary of action points labels it
    section_number: str  # "IV."
    section: DecisionSection
    actor: str  # who is to act, in words: the mandate, the entities' acronyms, the secretariat
    status: Status
    update: Update | None  # the latest accepted update, which the status comes from

    @property
    def progress(self) -> list[UpdateItem]:
        return list(self.update.items.all()) if self.update is not None else []


def latest_accepted_updates(decision_ids) -> dict[int, Update]:
    """By decision, the update accepted last on a task sourced from it, with its items."""
    updates = (
        Update.objects.filter(
            task__source_decision__in=list(decision_ids), state=Update.State.ACCEPTED
        )
        .select_related("task")
        .prefetch_related(Prefetch("items", queryset=UpdateItem.objects.order_by("order")))
        .order_by("task__source_decision", "-accepted_at", "-pk")
    )
    latest: dict[int, Update] = {}
    for update in updates:
        latest.setdefault(update.task.source_decision_id, update)
    return latest


def status_of(update: Update | None) -> Status:
    if update is None:
        return Status.NOT_STARTED
    return Status.of(item.status for item in update.items.all())


def action_point_statuses(decision_ids) -> dict[int, Status]:
    """The status of each of the action points ``decision_ids``."""
    latest = latest_accepted_updates(decision_ids)
    return {pk: status_of(latest.get(pk)) for pk in decision_ids}


def actor_of(decision: Decision, mandates: dict[int, Mandate]) -> str:
    if decision.actor == Decision.Actor.ENTITIES:
        return ", ".join(entity.acronym for entity in decision.entities.all())
    if decision.actor == Decision.Actor.MANDATE:
        mandate = mandates.get(decision.addressed_mandate_id)
        if mandate is not None:
            return mandate.short_name or mandate.name
    return str(Decision.Actor.SECRETARIAT.label)


def followed_action_points(
    meetings, *, mandate: Mandate | None = None
) -> list[FollowedActionPoint]:
    """The action points of ``meetings`` (only those addressed to ``mandate``, if given), by
    meeting in the order of its summary of action points, each with who acts, its status and
    the progress it comes from. A fixed number of queries, however many there are."""
    decisions = list(
        Decision.objects.filter(section__meeting__in=meetings)
        .select_related("section__meeting", "parent")
        .prefetch_related("entities")
        .order_by("parent_id", "order")
    )
    chosen = set(
        Decision.objects.filter(section__meeting__in=meetings)
        .action_points()
        .values_list("pk", flat=True)
    )
    sections = sorted(
        {d.section_id: d.section for d in decisions}.values(),
        key=lambda section: (section.meeting.number, section.order),
    )
    position: dict[int, int] = {}
    numbers: dict[int, str] = {}
    for section in sections:
        position[section.meeting_id] = position.get(section.meeting_id, 0) + 1
        numbers[section.pk] = section_label(position[section.meeting_id])
    labels: dict[int, str] = {}
    by_section: dict[int, list[Decision]] = {}
    for decision in decisions:
        by_section.setdefault(decision.section_id, []).append(decision)
    for section_decisions in by_section.values():
        labels.update(section_labels(section_decisions))
    mandates = Mandate.objects.in_bulk(
        {d.addressed_mandate_id for d in decisions if d.pk in chosen} - {None}
    )
    points = [
        d
        for d in decisions
        if d.pk in chosen and (mandate is None or d.addressed_mandate_id == mandate.pk)
    ]
    place = {section.pk: index for index, section in enumerate(sections)}
    order = {d.pk: d.order for d in decisions}
    points.sort(
        key=lambda d: (
            place[d.section_id],
            order.get(d.parent_id, d.order),
            0 if d.parent_id is None else 1,
            d.order,
        )
    )
    latest = latest_accepted_updates([d.pk for d in points])
    return [
        FollowedActionPoint(
            decision=d,
            label=labels.get(d.pk, ""),
            section_number=numbers[d.section_id],
            section=d.section,
            actor=actor_of(d, mandates),
            status=status_of(latest.get(d.pk)),
            update=latest.get(d.pk),
        )
        for d in points
    ]


def mandate_action_points(mandate: Mandate) -> list[FollowedActionPoint]:
    """The action points addressed to ``mandate``, of every meeting, oldest meeting first."""
    meetings = Meeting.objects.filter(
        Q(decision_sections__mandate=mandate) | Q(decision_sections__decisions__mandate=mandate)
    ).distinct()
    return followed_action_points(meetings.values("pk"), mandate=mandate)


def open_action_points(meeting: Meeting | None) -> list[Decision]:
    """The action points a round reporting after ``meeting`` follows up, in the order the
    summaries of action points print them: ``meeting``'s that are not completed, and those of
    earlier meetings that were followed up in a round and are not completed yet. (Older action
    points never followed up are left alone: they were settled before the workspace kept track
    of them.)"""
    if meeting is None:
        return []
    followed = Task.objects.filter(source_decision__isnull=False).values("source_decision")
    candidates = list(
        Decision.objects.action_points()
        .filter(section__meeting__number__lte=meeting.number)
        .filter(Q(section__meeting=meeting) | Q(pk__in=followed))
        .select_related("section__meeting", "parent", "section")
        .order_by(
            "section__meeting__number", "section__order", "parent__order", "parent_id", "order"
        )
    )
    statuses = action_point_statuses([d.pk for d in candidates])
    return [d for d in candidates if statuses[d.pk] != Status.COMPLETED]


def status_of_implementation_document(
    meeting: Meeting, reported_on: Meeting | None
) -> Document | None:
    """The document of ``meeting`` on how far the action points of ``reported_on`` (the SOM
    before it, ``meeting_before``) are implemented, if made. One query, whether or not there is
    an earlier SOM: the meeting's page costs the same for every meeting."""
    documents = Document.objects.filter(
        meeting=meeting,
        kind=Document.Kind.STATUS_OF_IMPLEMENTATION,
        source_type=ContentType.objects.get_for_model(Meeting),
    ).order_by("pk")
    return next(
        (d for d in documents if reported_on is not None and d.source_id == reported_on.pk), None
    )
