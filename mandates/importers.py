"""The readers of the mandates' legacy documents, found by the importer (see emg.importing):
terms of reference and summaries of action points. Each document is parsed into plain records
first (``mandates.importing``), so that one that cannot be read fails before anything is written;
then its records are saved here."""

from __future__ import annotations

from django.urls import reverse

from emg.importers import save_document, save_meeting, save_meeting_number
from emg.importing import ImportProblem, Reader, Source, Summary, register
from emg.importing.header import Header, parse_header
from emg.models import Document, Meeting
from mandates.importing import action_points, terms_of_reference
from mandates.importing.action_points import DecisionText, SectionText, decision_verb
from mandates.importing.terms_of_reference import ClauseText, TermsText
from mandates.models import Clause, Decision, DecisionSection, Footnote, Mandate, TermsOfReference
from mandates.services import mandate_apply_decisions, mandate_resolve


@register
class TermsOfReferenceReader(Reader):
    kind = "terms of reference"
    looks_for = "a title “Terms of Reference …”"

    def score(self, source: Source) -> int:
        return terms_of_reference.score(source)

    def load(self, source: Source, summary: Summary) -> None:
        header = parse_header(source)
        save_terms(terms_of_reference.parse_terms(source, header), header, summary)

    def url_for(self, row) -> str | None:
        return _mandate_url(row)


@register
class ActionPointsReader(Reader):
    kind = "summary of action points"
    looks_for = "a title “Summary of Action Points” or decisions after “The Senior Officials:”"

    def score(self, source: Source) -> int:
        return action_points.score(source)

    def load(self, source: Source, summary: Summary) -> None:
        header = parse_header(source)
        sections = action_points.parse_sections(source, header.end_line)
        save_action_points(sections, header, summary)

    def url_for(self, row) -> str | None:
        return _mandate_url(row)


def _mandate_url(row) -> str | None:
    """A mandate's page, which shows its terms of reference too."""
    if isinstance(row, Mandate):
        return reverse("mandates:detail", args=[row.pk])
    if isinstance(row, TermsOfReference):
        return reverse("mandates:detail", args=[row.mandate_id])
    return None


# Terms of reference


def save_terms(terms: TermsText, header: Header, summary: Summary) -> TermsOfReference:
    mandate = mandate_resolve(name=terms.body_name, summary=summary)
    if mandate is None:
        raise ImportProblem(
            "the title does not name a body (an issue management group, task team, "
            "consultative process, coalition …)",
            line=terms.title_line,
        )
    tor = summary.upsert(
        TermsOfReference,
        {"mandate": mandate, "title": terms.title},
        {
            "established_at": (
                save_meeting_number(terms.established_at, summary) if terms.established_at else None
            ),
            "reports_to": (
                save_meeting_number(terms.reports_to, summary) if terms.reports_to else None
            ),
            "duration_months": terms.duration_months,
        },
        line=terms.title_line,
    )
    rows: dict[int, Clause] = {}  # id(ClauseText) → its row, for the footnotes

    def save(clauses: list[ClauseText], parent: Clause | None) -> None:
        for order, clause in enumerate(clauses, start=1):
            row = summary.upsert(
                Clause,
                {"tor": tor, "parent": parent, "order": order},
                {"kind": clause.kind, "text": clause.text},
                line=clause.line,
            )
            rows[id(clause)] = row
            save(clause.children, row)

    save(terms.clauses, None)
    _prune_clauses(tor, list(rows.values()), summary)
    kept = [
        summary.upsert(
            Footnote,
            {"tor": tor, "order": order},
            {
                "clause": rows[id(footnote.clause)] if footnote.clause else None,
                "anchor": footnote.anchor,
                "text": footnote.text,
            },
            line=footnote.line,
        )
        for order, footnote in enumerate(terms.footnotes, start=1)
    ]
    summary.prune(tor.footnotes.all(), kept)
    save_document(
        header,
        kind=Document.Kind.TERMS_OF_REFERENCE,
        meeting=None,
        source=tor,
        summary=summary,
    )
    return tor


def _prune_clauses(tor: TermsOfReference, keep: list[Clause], summary: Summary) -> None:
    """Delete the clauses the document no longer has, the deepest first, so that each deletion
    is counted and recorded once rather than swept away with its parent."""
    parents = dict(tor.clauses.values_list("pk", "parent_id"))

    def depth(pk):
        level = 0
        while parents.get(pk):
            pk, level = parents[pk], level + 1
        return level

    kept = {row.pk for row in keep}
    stale = [pk for pk in parents if pk not in kept]
    for level in sorted({depth(pk) for pk in stale}, reverse=True):
        ids = [pk for pk in stale if depth(pk) == level]
        summary.prune(Clause.objects.filter(pk__in=ids), [])


# Summaries of action points


def save_action_points(sections: list[SectionText], header: Header, summary: Summary) -> Meeting:
    meeting = save_meeting(header, summary)
    if meeting is None:
        raise ImportProblem(
            "the head does not name the Senior Officials Meeting the action points are of",
            line=header.title_line or 1,
        )
    touched = set(
        Decision.objects.filter(section__meeting=meeting, mandate__isnull=False).values_list(
            "mandate", flat=True
        )
    )
    kept_sections, kept_decisions = [], []
    for order, section in enumerate(sections, start=1):
        mandate = mandate_resolve(name=section.title, summary=summary)
        row = summary.upsert(
            DecisionSection,
            {"meeting": meeting, "order": order},
            {"title": section.title, "mandate": mandate, "label_style": section.label_style},
            line=section.line,
        )
        kept_sections.append(row)
        if mandate:
            touched.add(mandate.pk)
        kept_decisions += _save_decisions(section.decisions, row, None, mandate, summary)
    decisions = Decision.objects.filter(section__meeting=meeting)
    # Children first, so that each deletion is counted and recorded once.
    summary.prune(decisions.filter(parent__isnull=False), kept_decisions)
    summary.prune(decisions.filter(parent__isnull=True), kept_decisions)
    summary.prune(meeting.decision_sections.all(), kept_sections)
    _apply_decisions(touched, summary)
    save_document(
        header, kind=Document.Kind.ACTION_POINTS, meeting=meeting, source=meeting, summary=summary
    )
    return meeting


def _save_decisions(
    decisions: list[DecisionText],
    section: DecisionSection,
    parent: Decision | None,
    mandate: Mandate | None,
    summary: Summary,
) -> list[Decision]:
    saved = []
    for order, decision in enumerate(decisions, start=1):
        # A lead-in's items are found by their lead-in; the rest by their section.
        lookup = {"parent": parent, "order": order}
        values = {"text": decision.text, "verb": decision_verb(decision.text), "mandate": mandate}
        if parent is None:
            lookup["section"] = section
        else:
            values["section"] = section
        # Who acts is the secretariat's to correct after the import; a new import keeps it.
        actor = Decision.default_actor(mandate.pk if mandate else None)
        row = summary.upsert(Decision, lookup, values, {"actor": actor}, line=decision.line)
        saved.append(row)
        saved += _save_decisions(decision.children, section, row, mandate, summary)
    return saved


def _apply_decisions(mandate_ids: set[int], summary: Summary) -> None:
    """Bring every mandate the document touched (or used to touch) up to date with its
    decisions: extended bodies are active, transferred ones transferred, and so on."""
    for mandate in Mandate.objects.filter(pk__in=mandate_ids):
        before = (mandate.status, mandate.start_date, mandate.end_date, mandate.status_decision_id)
        mandate_apply_decisions(mandate=mandate)
        after = (mandate.status, mandate.start_date, mandate.end_date, mandate.status_decision_id)
        if after != before:
            summary.updated[Mandate] += 1
