"""No lost updates in the edit forms of mandates, their terms of reference, clauses, footnotes and
members, and of decision sections and decisions: of saves opened on the same version exactly one
is accepted, the others are refused with the conflict shown (emg/tests/concurrency.py)."""

import pytest
from django.urls import reverse

from emg.models import User
from emg.tests.concurrency import EditForm, check_save_after_someone_else, check_saves_at_once
from emg.tests.factories import UserFactory
from mandates.models import (
    Clause,
    Decision,
    DecisionSection,
    Footnote,
    Mandate,
    Membership,
    TermsOfReference,
)


def url_of(name, part):
    def url(world):
        return reverse(name, kwargs={"pk": getattr(world, part).pk})

    return url


def mandate_typed(world, n):
    return {
        "kind": "img",
        "name": world.mandate.name,
        "short_name": f"IMG-A{n}",
        "description": f"Coordinates the Group's work on alpha, as person {n} puts it.",
    }


def mandate_stored(world):
    mandate = Mandate.objects.get(pk=world.mandate.pk)
    return {"short_name": mandate.short_name, "description": mandate.description}


def tor_typed(world, n):
    return {"title": f"Terms of Reference, edition {n}", "duration_months": n + 1}


def tor_stored(world):
    tor = TermsOfReference.objects.get(pk=world.tor.pk)
    return {"title": tor.title, "duration_months": tor.duration_months}


def footnote_typed(world, n):
    return {"clause": world.clause.pk, "anchor": "Background", "text": f"See SOM {n}."}


def section_typed(world, n):
    return {
        "title": f"Issue Management Group on Alpha ({n})",
        "mandate": world.mandate.pk,
        "label_style": "{i}." if n % 2 else "{a})",
    }


def section_stored(world):
    section = DecisionSection.objects.get(pk=world.section.pk)
    return {"title": section.title, "label_style": section.label_style}


def decision_typed(world, n):
    return {
        "section": world.section.pk,
        "verb": "extend",
        "text": f"Decide to extend the Issue Management Group on Alpha, as person {n} words it.",
        "mandate": world.mandate.pk,
        "effective_until": f"2022-12-{n + 1:02d}",
    }


def decision_stored(world):
    decision = Decision.objects.get(pk=world.decision.pk)
    return {"text": decision.text, "effective_until": decision.effective_until.isoformat()}


ROLES = [role for role in Membership.Role.values if role != Membership.Role.LEAD]

FORMS = [
    EditForm(
        "mandate",
        url_of("mandates:edit", "mandate"),
        mandate_typed,
        mandate_stored,
        thing="mandate",
        text="description",
    ),
    EditForm(
        "terms of reference",
        url_of("mandates:tor_edit", "tor"),
        tor_typed,
        tor_stored,
        thing="terms of reference",
        text="title",
    ),
    EditForm(
        "clause",
        url_of("mandates:clause_edit", "clause"),
        lambda world, n: {"text": f"Background, as person {n} words it"},
        lambda world: {"text": Clause.objects.get(pk=world.clause.pk).text},
        thing="clause",
        text="text",
    ),
    EditForm(
        "footnote",
        url_of("mandates:footnote_edit", "footnote"),
        footnote_typed,
        lambda world: {"text": Footnote.objects.get(pk=world.footnote.pk).text},
        thing="footnote",
        text="text",
    ),
    EditForm(
        "membership",
        url_of("mandates:membership_edit", "membership"),
        lambda world, n: {"role": ROLES[n % len(ROLES)]},
        lambda world: {"role": Membership.objects.get(pk=world.membership.pk).role},
        thing="membership",
        text="",
    ),
    EditForm(
        "decision section",
        url_of("decisions:section_edit", "section"),
        section_typed,
        section_stored,
        thing="decision section",
        text="title",
    ),
    EditForm(
        "decision",
        url_of("decisions:edit", "decision"),
        decision_typed,
        decision_stored,
        thing="decision",
        text="text",
    ),
]


@pytest.fixture
def bob(unep):
    return UserFactory(
        username="bob", first_name="Bob", last_name="Brown", role=User.Role.SECRETARIAT, entity=unep
    )


@pytest.mark.postgresql(reason="saves at once need writers that meet; SQLite serialises them")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("form", FORMS, ids=[form.id for form in FORMS])
def test_of_twenty_saves_opened_on_one_version_exactly_one_is_accepted(form, world):
    check_saves_at_once(form, world)


@pytest.mark.django_db
@pytest.mark.parametrize("form", FORMS, ids=[form.id for form in FORMS])
def test_a_save_after_someone_elses_is_refused_then_replaces_on_purpose(form, world, bob):
    check_save_after_someone_else(form, world, bob)


@pytest.mark.postgresql(reason="saves at once need writers that meet; SQLite serialises them")
@pytest.mark.django_db(transaction=True)
def test_after_decisions_saved_at_once_the_mandate_runs_until_the_accepted_ones_date(world):
    decision = next(form for form in FORMS if form.id == "decision")

    check_saves_at_once(decision, world)

    stored = Decision.objects.get(pk=world.decision.pk)
    assert Mandate.objects.get(pk=world.mandate.pk).end_date == stored.effective_until
