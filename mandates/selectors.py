"""Composite reads of mandates, terms of reference and decisions: what the pages, the panels, the
printed documents and the forms show. Each costs a fixed number of queries whatever the amount of
data; each hands back evaluated lists, but for the querysets a paginator or a form's choices
narrow first (``with_leads``, ``with_text``, ``mandates_for``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When

from emg import numbering
from emg.models import Document, Meeting, Session
from emg.selectors import documents_publishing
from mandates.models import (
    Clause,
    Decision,
    DecisionSection,
    FocalPoint,
    Footnote,
    Mandate,
    Membership,
    TermsOfReference,
    section_labels,
)

LEAD_ROLES = (Membership.Role.LEAD, Membership.Role.CO_LEAD)


def by_role(prefix: str = "") -> Case:
    """Members in the order the Group names them: leads, co-leads, members, observers."""
    return Case(
        *(
            When(**{f"{prefix}role": role}, then=Value(rank))
            for rank, role in enumerate(Membership.Role.values)
        ),
        default=Value(len(Membership.Role.values)),
    )


def section_number(prefix: str = "") -> Subquery:
    """The position of a decision section among its meeting's sections ("IV." is the fourth),
    for a queryset that reaches the section through ``prefix``. Counted in the database, so
    that a page naming sections of many meetings still costs one query."""
    earlier = (
        DecisionSection.objects.filter(
            meeting=OuterRef(f"{prefix}meeting"), order__lte=OuterRef(f"{prefix}order")
        )
        .order_by()
        .values("meeting")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Subquery(earlier)


def section_label(position: int | None) -> str:
    """A decision section's number ("IV.") from its position among its meeting's sections."""
    return numbering.label(DecisionSection.NUMBER_PATTERN, position) if position else ""


def meeting_date(meeting: Meeting) -> datetime.date | None:
    """When a meeting decided: its senior officials' segment, else its first dated session."""
    sessions = [s for s in meeting.sessions.all() if s.date]
    senior = [s for s in sessions if s.segment == Session.Segment.SENIOR]
    chosen = senior or sorted(sessions, key=lambda s: s.date)
    return chosen[0].date if chosen else None


# The list and a mandate's page


def with_leads(mandates: QuerySet) -> QuerySet:
    """``mandates`` with their leads and co-leads (``mandate.leads``), leads first."""
    leads = (
        Membership.objects.filter(role__in=LEAD_ROLES)
        .select_related("entity")
        .order_by(by_role(), "entity__acronym")
    )
    return mandates.prefetch_related(Prefetch("memberships", queryset=leads, to_attr="leads"))


def members_of(mandate: Mandate) -> list[Membership]:
    return list(mandate.memberships.select_related("entity").order_by(by_role(), "entity__acronym"))


def first_member(mandate: Mandate) -> str:
    """The acronym of the mandate's lead, else of its first member ("" when it has none)."""
    first = mandate.memberships.order_by(by_role(), "entity__acronym").values("entity__acronym")
    return next((row["entity__acronym"] for row in first[:1]), "")


def focal_points_of(mandate: Mandate) -> list[FocalPoint]:
    # Ordered as the model orders them, without joining the mandate to sort by it.
    return list(
        mandate.focal_points.select_related("user__entity", "nominated_by").order_by(
            "user__last_name", "user__username"
        )
    )


# Terms of reference


@dataclass
class ClauseLine:
    clause: Clause
    label: str
    depth: int
    indent: int  # how deep among clauses "a)", "i": sections and paragraphs sit at the margin
    marks: list[tuple[int, Footnote]] = field(default_factory=list)
    first: bool = False  # among its siblings, so it cannot move up
    last: bool = False

    @property
    def is_section(self) -> bool:
        return self.clause.kind == Clause.Kind.SECTION


@dataclass
class Reading:
    """Terms of reference as the document reads: the outline with the footnote marks in place,
    and the footnotes numbered in the order their marks appear."""

    tor: TermsOfReference
    lines: list[ClauseLine]
    footnotes: list[tuple[int, Footnote]]
    # The meeting document that publishes the ToR, when terms_of looked for one.
    document: Document | None = None


def read_terms(tor: TermsOfReference) -> Reading:
    """``tor`` as the document reads, from its clauses and footnotes (prefetch both)."""
    lines, indents = [], {}
    for clause, label, depth in tor.outline():
        # The outline lists parents before their children.
        indent = indents.get(clause.parent_id, 0) + 1 if clause.kind == Clause.Kind.ITEM else 0
        indents[clause.pk] = indent
        lines.append(ClauseLine(clause, label, depth, indent))
    siblings: dict[int | None, list[ClauseLine]] = {}
    for line in lines:
        siblings.setdefault(line.clause.parent_id, []).append(line)
    for group in siblings.values():
        group[0].first, group[-1].last = True, True
    place = {line.clause.pk: index for index, line in enumerate(lines)}
    by_clause = {line.clause.pk: line for line in lines}

    def reading_order(footnote):
        index = place.get(footnote.clause_id)
        if index is None:  # a footnote on no clause comes after the text
            return (len(lines), 0, footnote.order)
        text = by_clause[footnote.clause_id].clause.text
        at = text.find(footnote.anchor) if footnote.anchor else -1
        return (index, at + len(footnote.anchor) if at >= 0 else len(text), footnote.order)

    footnotes = list(enumerate(sorted(tor.footnotes.all(), key=reading_order), start=1))
    for number, footnote in footnotes:
        if footnote.clause_id in by_clause:
            by_clause[footnote.clause_id].marks.append((number, footnote))
    return Reading(tor, lines, footnotes)


def with_text(terms: QuerySet) -> QuerySet:
    """``terms`` (of reference) with their clauses and footnotes, as read_terms reads them."""
    # In their order within each ToR, by its key: the models' ordering ("tor", then the ToR's
    # "mandate", then the mandate's "name") would join both tables.
    return terms.prefetch_related(
        Prefetch("clauses", Clause.objects.order_by("tor_id", "parent_id", "order")),
        Prefetch("footnotes", Footnote.objects.order_by("tor_id", "order")),
    )


def terms_of(mandate: Mandate) -> list[Reading]:
    """Every ToR of the mandate as the document reads, in the order they were recorded."""
    terms = with_text(mandate.terms_of_reference.select_related("established_at", "reports_to"))
    readings = [read_terms(tor) for tor in terms.order_by("pk")]
    published = documents_publishing(reading.tor for reading in readings)
    for reading in readings:
        reading.document = published.get(reading.tor.pk)
    return readings


# Decisions


def is_about(decision: Decision, mandate: Mandate, parent_about: bool = False) -> bool:
    if decision.mandate_id is not None:
        return decision.mandate_id == mandate.pk
    return parent_about or decision.section.mandate_id == mandate.pk


def decision_timeline(mandate: Mandate) -> list[dict]:
    """Every decision about the mandate, per meeting and section in the order of the action
    points: lead-ins with the items under them, each with its label ("a)", "ii.")."""
    # The sections about it and those holding a decision about it, as two indexed lookups: one
    # condition across both tables would read every decision there is.
    # Unordered on both sides: SQLite allows no ORDER BY inside a compound subquery.
    sections = (
        DecisionSection.objects.filter(mandate=mandate)
        .order_by()
        .values("pk")
        .union(Decision.objects.filter(mandate=mandate).order_by().values("section_id"))
    )
    decisions = list(
        Decision.objects.filter(section__in=sections)
        .select_related("section__meeting")
        .annotate(section_number=section_number("section__"))
        # A section's own order, by its key: the model's ordering would join the meetings and
        # mandates only to sort the sections, which are sorted below anyway.
        .order_by("section_id", "parent_id", "order")
    )
    by_section: dict[int, list[Decision]] = {}
    for decision in decisions:
        by_section.setdefault(decision.section_id, []).append(decision)

    meetings: dict[int, dict] = {}
    for section_decisions in by_section.values():
        section = section_decisions[0].section
        labels = section_labels(section_decisions)
        children: dict[int, list[Decision]] = {}
        for decision in section_decisions:
            if decision.parent_id:
                children.setdefault(decision.parent_id, []).append(decision)
        entries = []
        for decision in sorted(
            (d for d in section_decisions if d.parent_id is None), key=lambda d: d.order
        ):
            about = is_about(decision, mandate)
            items = [
                {"decision": child, "label": labels.get(child.pk, ""), "about": True}
                for child in sorted(children.get(decision.pk, []), key=lambda d: d.order)
                if is_about(child, mandate, parent_about=about)
            ]
            if about or items:
                entries.append(
                    {
                        "decision": decision,
                        "label": labels.get(decision.pk, ""),
                        "about": about,
                        "items": items,
                    }
                )
        if not entries:
            continue
        meeting = section.meeting
        meetings.setdefault(meeting.pk, {"meeting": meeting, "sections": []})["sections"].append(
            {
                "section": section,
                "number": section_label(section_decisions[0].section_number),
                "entries": entries,
            }
        )
    timeline = sorted(meetings.values(), key=lambda m: m["meeting"].number)
    for entry in timeline:
        entry["sections"].sort(key=lambda s: s["section"].order)
    return timeline


def action_points(meeting: Meeting) -> dict:
    """The meeting's decision sections in order ("I.", "II." …), each with its decisions in the
    order of the action points: lead-ins unlabelled with their items under them, the rest
    labelled in the section's style ("a)" or "i."). The meeting's page and its summary of
    action points (mandates/documents.py) both show this."""
    sections = DecisionSection.objects.filter(meeting=meeting).select_related("mandate")
    # The meeting's decisions in one query, shared out by hand: a prefetch would build a
    # queryset per section.
    by_section: dict[int, list[Decision]] = {}
    for decision in (
        Decision.objects.filter(section__meeting=meeting)
        .select_related("mandate")
        .order_by("parent_id", "order")
    ):
        by_section.setdefault(decision.section_id, []).append(decision)
    entries = []
    for position, section in enumerate(sections.order_by("order"), start=1):
        decisions = by_section.get(section.pk, [])
        for decision in decisions:
            decision.section = section  # its label style, read by section_labels
        labels = section_labels(decisions)
        items: dict[int, list[dict]] = {}
        for decision in decisions:
            if decision.parent_id:
                items.setdefault(decision.parent_id, []).append(
                    {"decision": decision, "label": labels.get(decision.pk, ""), "items": []}
                )
        tops = [d for d in decisions if d.parent_id is None]
        entries.append(
            {
                "section": section,
                "number": section_label(position),
                "decisions": _with_ends(
                    [
                        {
                            "decision": decision,
                            "label": labels.get(decision.pk, ""),
                            "items": _with_ends(items.get(decision.pk, [])),
                        }
                        for decision in tops
                    ]
                ),
                "count": len(decisions),
            }
        )
    return {
        "meeting": meeting,
        "sections": _with_ends(entries),
        "count": sum(entry["count"] for entry in entries),
    }


def _with_ends(entries: list[dict]) -> list[dict]:
    """Mark the first and the last of siblings: they cannot move further up or down."""
    for position, entry in enumerate(entries):
        entry["first"], entry["last"] = position == 0, position == len(entries) - 1
    return entries


def decision_name(decision: Decision) -> str:
    """How the action points name ``decision``: its section's number and its label ("VI. b)")."""
    section = decision.section
    position = DecisionSection.objects.filter(
        meeting_id=section.meeting_id, order__lte=section.order
    ).count()
    label = section_labels(section.decisions.all()).get(decision.pk, "")
    return " ".join(part for part in (section_label(position), label) if part)


# A SOM decides on the bodies running when it meets, and in the year after one ended it may
# still welcome its final report: the mandates older than that are not offered.
ENDED_WITHIN = datetime.timedelta(days=366)


def mandates_for(meeting: Meeting, chosen: int | None = None) -> QuerySet:
    """The mandates a decision of ``meeting`` may be about: those running on the day it
    decides or ended in the year before, those not yet started, and ``chosen`` (the one a
    decision or section already names, so that an edit never loses it). As many as the Group
    runs at once, however many it has had."""
    day = meeting_date(meeting)
    if day is None:  # a meeting not yet dated decides on the bodies running now
        running = Q(status__in=[Mandate.Status.PROPOSED, Mandate.Status.ACTIVE])
    else:
        running = (Q(start_date__isnull=True) | Q(start_date__lte=day)) & (
            Q(end_date__isnull=True) | Q(end_date__gte=day - ENDED_WITHIN)
        )
    return Mandate.objects.filter(running | Q(pk=chosen)).order_by("name")
