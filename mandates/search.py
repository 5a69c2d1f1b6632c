"""What the global search finds of mandates (emg.search): the mandates themselves, their terms
of reference clause by clause, and the decisions of the Senior Officials. Everyone with a role
reads them (mandates.rules), so everyone finds them."""

from __future__ import annotations

from django.db.models import Min
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emg import search
from mandates.models import (
    Clause,
    Decision,
    DecisionSection,
    Footnote,
    Mandate,
    MandateAlias,
    TermsOfReference,
)


@search.source(
    "mandate",
    label=_("Mandates"),
    model=Mandate,
    queryset=lambda: Mandate.objects.prefetch_related("aliases"),
    follows={MandateAlias: lambda alias: [alias.mandate_id]},
    order=30,
)
def mandate_entry(mandate: Mandate) -> search.Entry:
    names = [mandate.short_name, *(alias.name for alias in mandate.aliases.all())]
    return search.Entry(
        title=mandate.name,
        url=reverse("mandates:detail", args=[mandate.pk]),
        year=mandate.start_date.year if mandate.start_date else None,
        headings=search.joined([*names, str(mandate.kind_label)]),
        body=mandate.description,
    )


@search.source(
    "terms_of_reference",
    label=_("Terms of reference"),
    model=TermsOfReference,
    queryset=lambda: (
        TermsOfReference.objects.select_related("mandate")
        .annotate(first_day=Min("established_at__sessions__date"))
        .prefetch_related("clauses", "footnotes")
    ),
    follows={
        Clause: lambda clause: [clause.tor_id],
        Footnote: lambda footnote: [footnote.tor_id],
    },
    order=40,
)
def terms_entry(tor: TermsOfReference) -> search.Entry:
    """The whole ToR as one result, its lettered sections as headings and its numbered clauses,
    labelled as they read ("3.", "a)"), as the body: a clause found leads to its ToR."""
    headings, clauses = [], []
    for clause, label, _depth in tor.outline():
        line = f"{label} {clause.text}".strip()
        (headings if clause.kind == Clause.Kind.SECTION else clauses).append(line)
    clauses.extend(footnote.text for footnote in tor.footnotes.all())
    return search.Entry(
        title=tor.title,
        url=reverse("mandates:detail", args=[tor.mandate_id]) + f"#tor-{tor.pk}",
        year=tor.first_day.year if tor.first_day else None,
        headings=search.joined([tor.mandate.name, *headings]),
        body=search.joined(clauses),
    )


@search.source(
    "decision",
    label=_("Decisions"),
    model=Decision,
    queryset=lambda: Decision.objects.select_related("section__meeting", "mandate").annotate(
        first_day=Min("section__meeting__sessions__date")
    ),
    follows={DecisionSection: lambda section: section.decisions.values_list("pk", flat=True)},
    order=50,
)
def decision_entry(decision: Decision) -> search.Entry:
    meeting = decision.section.meeting
    if decision.mandate_id:
        url = reverse("mandates:detail", args=[decision.mandate_id]) + "#decisions"
    else:
        url = reverse("meetings:detail", args=[meeting.number]) + "#panel-mandates-decisions"
    return search.Entry(
        title=f"{meeting} · {decision.section.title}",
        url=url,
        year=decision.first_day.year if decision.first_day else None,
        headings=decision.mandate.name if decision.mandate else "",
        body=decision.text,
    )
