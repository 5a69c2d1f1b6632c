"""The secretariat's writes: mandates, clauses of terms of reference, footnotes, members and focal
points."""

import pytest
from django.core.exceptions import ValidationError

from emg.models import User
from emg.tests.factories import EntityFactory, UserFactory
from mandates import services
from mandates.models import (
    Clause,
    FocalPoint,
    Footnote,
    Mandate,
    MandateAlias,
    Membership,
    TermsOfReference,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tor(mandate):
    return TermsOfReference.objects.create(mandate=mandate, title="Terms of Reference")


def add(tor, kind, text, parent=None):
    return services.clause_add(tor=tor, kind=kind, text=text, parent=parent)


def labels(tor):
    return [(label, clause.text) for clause, label, _ in tor.outline()]


@pytest.fixture
def document(tor):
    """A. Background / 1. / B. Functions / 2. with a) and b), b) with i and ii."""
    a = add(tor, Clause.Kind.SECTION, "Background")
    add(tor, Clause.Kind.PARAGRAPH, "First paragraph.", a)
    b = add(tor, Clause.Kind.SECTION, "Functions")
    two = add(tor, Clause.Kind.PARAGRAPH, "The group shall:", b)
    add(tor, Clause.Kind.ITEM, "Coordinate;", two)
    item_b = add(tor, Clause.Kind.ITEM, "Report, by:", two)
    add(tor, Clause.Kind.ITEM, "Writing;", item_b)
    add(tor, Clause.Kind.ITEM, "Presenting.", item_b)
    return tor


def clause(tor, text):
    return Clause.objects.get(tor=tor, text=text)


# Mandates


def test_a_new_mandate_gets_the_matching_key_the_importers_would_give_it():
    mandate = services.mandate_create(
        kind=Mandate.Kind.TASK_TEAM, name="Task Team on Nature-Positive Procurement"
    )

    assert mandate.key == "task_team:naturepositive procurement"
    assert mandate.status == Mandate.Status.ACTIVE


def test_a_renamed_mandate_keeps_its_former_name_as_an_alias_and_gets_a_new_key(mandate):
    services.mandate_update(
        mandate=mandate,
        version=mandate.version,
        kind=Mandate.Kind.IMG,
        name="Issue Management Group on Alpha and Beta",
        short_name="AB",
        description="",
    )

    mandate.refresh_from_db()
    assert mandate.name == "Issue Management Group on Alpha and Beta"
    assert mandate.key == "img:alpha beta"
    assert list(mandate.aliases.values_list("name", flat=True)) == [
        "Issue Management Group on Alpha"
    ]


def test_renaming_a_mandate_back_to_an_alias_drops_that_alias(mandate):
    MandateAlias.objects.create(mandate=mandate, name="IMG on Alpha")

    services.mandate_update(
        mandate=mandate,
        version=mandate.version,
        kind=mandate.kind,
        name="IMG on Alpha",
        short_name="",
        description="",
    )

    assert sorted(mandate.aliases.values_list("name", flat=True)) == [
        "Issue Management Group on Alpha"
    ]


# Clauses


def test_clauses_are_added_at_the_end_of_their_parent_and_numbered_as_the_document_reads(
    document,
):
    assert [label for label, _ in labels(document)] == [
        "A.", "1.", "B.", "2.", "a)", "b)", "i", "ii",
    ]  # fmt: skip


def test_a_section_can_only_stand_at_the_top(document):
    with pytest.raises(ValidationError, match="Sections stand at the top level"):
        add(document, Clause.Kind.SECTION, "Nested section", clause(document, "Background"))


def test_a_lettered_clause_cannot_stand_at_the_top(document):
    with pytest.raises(ValidationError, match="belongs under a paragraph"):
        add(document, Clause.Kind.ITEM, "Loose clause")


def test_a_parent_from_other_terms_of_reference_is_refused(document, other_mandate):
    other = TermsOfReference.objects.create(mandate=other_mandate, title="Other")

    with pytest.raises(ValidationError, match="other terms of reference"):
        add(other, Clause.Kind.PARAGRAPH, "Stray", clause(document, "Background"))


def test_moving_a_clause_up_swaps_it_with_the_one_above_and_renumbers_at_once(document):
    moved = services.clause_move(clause=clause(document, "Report, by:"), direction="up")

    assert moved is True
    assert labels(document)[4:8] == [
        ("a)", "Report, by:"),
        ("i", "Writing;"),
        ("ii", "Presenting."),
        ("b)", "Coordinate;"),
    ]


def test_moving_a_section_down_carries_its_paragraphs_and_renumbers_them(document):
    services.clause_move(clause=clause(document, "Background"), direction="down")

    assert labels(document)[:4] == [
        ("A.", "Functions"),
        ("1.", "The group shall:"),
        ("a)", "Coordinate;"),
        ("b)", "Report, by:"),
    ]
    assert labels(document)[-2:] == [("B.", "Background"), ("2.", "First paragraph.")]


def test_a_clause_already_first_does_not_move_up(document):
    before = labels(document)

    assert services.clause_move(clause=clause(document, "Writing;"), direction="up") is False
    assert labels(document) == before


def test_a_move_is_one_change_in_the_history_of_each_clause(document):
    report = clause(document, "Report, by:")
    coordinate = clause(document, "Coordinate;")

    services.clause_move(clause=report, direction="up")

    # created, then moved: no trace of the free order it passed through
    assert list(report.history.order_by("history_date").values_list("order", flat=True)) == [
        2,
        1,
    ]
    assert list(coordinate.history.order_by("history_date").values_list("order", flat=True)) == [
        1,
        2,
    ]


def test_moving_in_an_unknown_direction_is_refused(document):
    with pytest.raises(ValueError):
        services.clause_move(clause=clause(document, "Writing;"), direction="sideways")


def test_deleting_a_clause_deletes_the_clauses_under_it_and_their_footnotes(document):
    services.footnote_add(
        tor=document, clause=clause(document, "Writing;"), anchor="Writing", text="Note."
    )
    kept = services.footnote_add(
        tor=document, clause=clause(document, "Background"), anchor="", text="Kept."
    )

    deleted = services.clause_delete(clause=clause(document, "The group shall:"))

    assert deleted == 5
    assert [label for label, _ in labels(document)] == ["A.", "1.", "B."]
    assert list(Footnote.objects.all()) == [kept]


def test_a_footnote_is_added_after_the_last_one(document):
    first = services.footnote_add(
        tor=document, clause=clause(document, "Background"), anchor="", text="One."
    )
    second = services.footnote_add(
        tor=document, clause=clause(document, "Coordinate;"), anchor="Coordinate", text="Two."
    )

    assert (first.order, second.order) == (1, 2)


# Members and focal points


def test_membership_set_adds_an_entity_and_then_changes_its_role(mandate):
    unep = EntityFactory(acronym="UNEP")

    services.membership_set(mandate=mandate, entity=unep, role=Membership.Role.MEMBER)
    services.membership_set(mandate=mandate, entity=unep, role=Membership.Role.LEAD)

    membership = Membership.objects.get()
    assert (membership.entity, membership.role) == (unep, Membership.Role.LEAD)
    assert membership.history.count() == 2


def test_membership_remove_deletes_only_that_membership(mandate, other_mandate):
    unep = EntityFactory(acronym="UNEP")
    gone = services.membership_set(mandate=mandate, entity=unep, role="member")
    services.membership_set(mandate=other_mandate, entity=unep, role="lead")

    services.membership_remove(membership=gone)

    assert list(Membership.objects.values_list("mandate__name", flat=True)) == [other_mandate.name]


def test_focal_point_add_records_the_nominating_entity(mandate):
    undp = EntityFactory(acronym="UNDP")
    person = UserFactory(role=User.Role.FOCAL_POINT, entity=undp)

    focal_point = services.focal_point_add(mandate=mandate, user=person, nominated_by=undp)

    assert (focal_point.mandate, focal_point.user, focal_point.nominated_by) == (
        mandate,
        person,
        undp,
    )


@pytest.mark.parametrize("role", [User.Role.SECRETARIAT, User.Role.SENIOR_OFFICIAL, ""])
def test_only_people_with_the_focal_point_role_become_focal_points(mandate, role):
    person = UserFactory(role=role)

    with pytest.raises(ValidationError, match="does not have the focal point role"):
        services.focal_point_add(mandate=mandate, user=person, nominated_by=person.entity)
    assert not FocalPoint.objects.exists()


def test_a_person_is_focal_point_of_a_mandate_once(mandate, focal_point):
    with pytest.raises(ValidationError, match="already a focal point"):
        services.focal_point_add(mandate=mandate, user=focal_point, nominated_by=focal_point.entity)


def test_focal_point_remove_ends_the_nomination_but_keeps_the_person(mandate, focal_point):
    services.focal_point_remove(focal_point=mandate.focal_points.get())

    assert not mandate.focal_points.exists()
    assert User.objects.filter(pk=focal_point.pk).exists()


def test_the_key_is_the_same_however_the_name_spells_the_kind_or_plurals():
    short = services.mandate_key(kind=Mandate.Kind.IMG, name="IMG on Oceans")
    long = services.mandate_key(kind=Mandate.Kind.IMG, name="Issue Management Group on Ocean")

    assert short == long == "img:ocean"
