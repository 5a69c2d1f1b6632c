"""Clauses, footnotes, decision sections, decisions and focal points added or moved after
someone deleted what they belong to (or the row itself) since the page was read: a 404, as
reading the page again would answer, never a server error, and nothing half-saved.
(Transactional tests: the database checks what refers to what when the transaction commits.)"""

import pytest
from django.http import Http404

from emg.models import Meeting
from emg.tests.factories import MeetingFactory
from mandates import services
from mandates.models import (
    Clause,
    Decision,
    DecisionSection,
    FocalPoint,
    Footnote,
    Mandate,
    TermsOfReference,
)
from mandates.tests.factories import MandateFactory

pytestmark = pytest.mark.django_db(transaction=True)

ADDED = "Added after the delete"


def test_a_clause_added_to_terms_of_reference_deleted_meanwhile_is_not_found(world):
    TermsOfReference.objects.filter(pk=world.tor.pk).delete()

    with pytest.raises(Http404):
        services.clause_add(tor=world.tor, kind=Clause.Kind.SECTION, text=ADDED)

    assert not Clause.objects.filter(text=ADDED).exists()


def test_a_clause_added_under_a_clause_deleted_meanwhile_is_not_found(world):
    Clause.objects.filter(pk=world.clause.pk).delete()

    with pytest.raises(Http404):
        services.clause_add(
            tor=world.tor, kind=Clause.Kind.PARAGRAPH, text=ADDED, parent=world.clause
        )

    assert not Clause.objects.filter(text=ADDED).exists()


def test_a_clause_deleted_meanwhile_is_not_found_when_moved(world):
    second = Clause.objects.create(tor=world.tor, order=2, kind=Clause.Kind.SECTION, text="B")
    Clause.objects.filter(pk=second.pk).delete()

    with pytest.raises(Http404):
        services.clause_move(clause=second, direction="up")

    assert list(Clause.objects.filter(tor=world.tor).values_list("order", flat=True)) == [1]


def test_a_footnote_added_to_terms_of_reference_deleted_meanwhile_is_not_found(world):
    TermsOfReference.objects.filter(pk=world.tor.pk).delete()

    with pytest.raises(Http404):
        services.footnote_add(tor=world.tor, clause=None, anchor="", text=ADDED)

    assert not Footnote.objects.filter(text=ADDED).exists()


def test_a_footnote_marked_in_a_clause_deleted_meanwhile_is_not_found(world):
    Clause.objects.filter(pk=world.clause.pk).delete()

    with pytest.raises(Http404):
        services.footnote_add(tor=world.tor, clause=world.clause, anchor="", text=ADDED)

    assert not Footnote.objects.filter(text=ADDED).exists()


def test_a_decision_section_added_to_a_meeting_deleted_meanwhile_is_not_found(db):
    meeting = MeetingFactory(number=40)
    Meeting.objects.filter(pk=meeting.pk).delete()

    with pytest.raises(Http404):
        services.decision_section_add(meeting=meeting, title=ADDED)

    assert not DecisionSection.objects.filter(title=ADDED).exists()


def test_a_decision_section_deleted_meanwhile_is_not_found_when_moved(world):
    second = DecisionSection.objects.create(meeting=world.meeting, order=2, title="B")
    DecisionSection.objects.filter(pk=second.pk).delete()

    with pytest.raises(Http404):
        services.decision_section_move(section=second, direction="up")

    assert list(world.meeting.decision_sections.values_list("order", flat=True)) == [1]


def test_a_decision_recorded_in_a_section_deleted_meanwhile_is_not_found(world):
    second = DecisionSection.objects.create(meeting=world.meeting, order=2, title="B")
    DecisionSection.objects.filter(pk=second.pk).delete()

    with pytest.raises(Http404):
        services.decision_record(section=second, verb="welcome", text=ADDED, mandate=None)

    assert not Decision.objects.filter(text=ADDED).exists()


def test_an_item_recorded_under_a_lead_in_deleted_meanwhile_is_not_found(world):
    lead_in = Decision.objects.create(section=world.section, order=2, verb="other", text="To:")
    Decision.objects.filter(pk=lead_in.pk).delete()

    with pytest.raises(Http404):
        services.decision_record(
            section=world.section, verb="other", text=ADDED, mandate=None, parent=lead_in
        )

    assert not Decision.objects.filter(text=ADDED).exists()


def test_a_decision_deleted_meanwhile_is_not_found_when_moved(world):
    second = Decision.objects.create(section=world.section, order=2, verb="welcome", text="W.")
    Decision.objects.filter(pk=second.pk).delete()

    with pytest.raises(Http404):
        services.decision_move(decision=second, direction="up")

    assert list(world.section.decisions.values_list("pk", "order")) == [(world.decision.pk, 1)]


def test_a_focal_point_added_to_a_mandate_deleted_meanwhile_is_not_found(world):
    mandate = MandateFactory()
    Mandate.objects.filter(pk=mandate.pk).delete()
    oscar = world.people["other_focal_point"]

    with pytest.raises(Http404):
        services.focal_point_add(mandate=mandate, user=oscar, nominated_by=oscar.entity)

    assert not FocalPoint.objects.filter(mandate_id=mandate.pk).exists()
