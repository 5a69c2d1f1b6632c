"""No lost updates in the edit forms of mandates, their terms of reference, clauses, footnotes and
members, and of decision sections and decisions: of saves opened on the same version exactly one
is accepted, the others are refused with the conflict shown (emg/tests/concurrency.py)."""

import pytest

from emg.tests.concurrency import (
    EditForm,
    check_saves_at_once,
    edit_form_tests,
    stored_values,
    url_of,
)
from mandates.models import (
    Clause,
    Decision,
    DecisionSection,
    Footnote,
    Mandate,
    Membership,
    TermsOfReference,
)


def mandate_typed(world, n):
    return {
        "kind": "img",
        "name": world.mandate.name,
        "short_name": f"IMG-A{n}",
        "description": f"Coordinates the Group's work on alpha, as person {n} puts it.",
    }


def tor_typed(world, n):
    return {"title": f"Terms of Reference, edition {n}", "duration_months": n + 1}


def footnote_typed(world, n):
    return {"clause": world.clause.pk, "anchor": "Background", "text": f"See SOM {n}."}


def section_typed(world, n):
    return {
        "title": f"Issue Management Group on Alpha ({n})",
        "mandate": world.mandate.pk,
        "label_style": "{i}." if n % 2 else "{a})",
    }


def decision_typed(world, n):
    return {
        "section": world.section.pk,
        "verb": "extend",
        "text": f"Decide to extend the Issue Management Group on Alpha, as person {n} words it.",
        "mandate": world.mandate.pk,
        "effective_until": f"2022-12-{n + 1:02d}",
    }


ROLES = [role for role in Membership.Role.values if role != Membership.Role.LEAD]

FORMS = [
    EditForm(
        "mandate",
        url_of("mandates:edit", "mandate"),
        mandate_typed,
        stored_values(Mandate, "mandate", "short_name", "description"),
        text="description",
    ),
    EditForm(
        "terms of reference",
        url_of("mandates:tor_edit", "tor"),
        tor_typed,
        stored_values(TermsOfReference, "tor", "title", "duration_months"),
        text="title",
    ),
    EditForm(
        "clause",
        url_of("mandates:clause_edit", "clause"),
        lambda world, n: {"text": f"Background, as person {n} words it"},
        stored_values(Clause, "clause", "text"),
        text="text",
    ),
    EditForm(
        "footnote",
        url_of("mandates:footnote_edit", "footnote"),
        footnote_typed,
        stored_values(Footnote, "footnote", "text"),
        text="text",
    ),
    EditForm(
        "membership",
        url_of("mandates:membership_edit", "membership"),
        lambda world, n: {"role": ROLES[n % len(ROLES)]},
        stored_values(Membership, "membership", "role"),
        text="",
    ),
    EditForm(
        "decision section",
        url_of("decisions:section_edit", "section"),
        section_typed,
        stored_values(DecisionSection, "section", "title", "label_style"),
        text="title",
    ),
    EditForm(
        "decision",
        url_of("decisions:edit", "decision"),
        decision_typed,
        stored_values(Decision, "decision", "text", "effective_until"),
        text="text",
    ),
]

(
    test_of_twenty_saves_opened_on_one_version_exactly_one_is_accepted,
    test_a_save_after_someone_elses_is_refused_then_replaces_on_purpose,
) = edit_form_tests(FORMS)


@pytest.mark.postgresql(reason="saves at once need writers that meet; SQLite serialises them")
@pytest.mark.django_db(transaction=True)
def test_after_decisions_saved_at_once_the_mandate_runs_until_the_accepted_ones_date(world):
    decision = next(form for form in FORMS if form.id == "decision")

    check_saves_at_once(decision, world)

    stored = Decision.objects.get(pk=world.decision.pk)
    assert Mandate.objects.get(pk=world.mandate.pk).end_date == stored.effective_until
