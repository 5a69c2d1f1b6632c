"""The database itself keeps mandates, terms of reference and decisions consistent."""

import datetime

import pytest

from emg.tests.factories import MeetingFactory
from mandates.models import Clause, Decision, DecisionSection, Mandate, TermsOfReference
from mandates.tests.factories import MandateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tor():
    return TermsOfReference.objects.create(
        mandate=MandateFactory(), title="Terms of Reference for the Issue Management Group"
    )


@pytest.fixture
def section():
    return DecisionSection.objects.create(meeting=MeetingFactory(), order=1, title="I. Alpha")


def test_a_mandate_cannot_end_before_it_starts(violates):
    MandateFactory(start_date=datetime.date(2021, 1, 1), end_date=datetime.date(2021, 1, 1))

    with violates("mandate_end_not_before_start"):
        MandateFactory(start_date=datetime.date(2021, 1, 1), end_date=datetime.date(2020, 12, 31))


def test_a_mandate_needs_a_matching_key(violates):
    with violates("mandate_key_not_blank"):
        Mandate.objects.create(kind=Mandate.Kind.IMG, name="Issue Management Group", key="")


def test_top_level_clauses_of_a_tor_have_distinct_orders(violates, tor):
    Clause.objects.create(tor=tor, order=1, kind=Clause.Kind.SECTION, text="Background")

    with violates("clause_unique_order_at_top"):
        Clause.objects.create(tor=tor, order=1, kind=Clause.Kind.SECTION, text="Composition")


def test_clauses_within_a_parent_have_distinct_orders(violates, tor):
    first = Clause.objects.create(tor=tor, order=1, kind=Clause.Kind.PARAGRAPH, text="One")
    second = Clause.objects.create(tor=tor, order=2, kind=Clause.Kind.PARAGRAPH, text="Two")
    Clause.objects.create(tor=tor, parent=first, order=1, kind=Clause.Kind.ITEM, text="a")
    # The same order under another parent, or at the top, is a different place.
    Clause.objects.create(tor=tor, parent=second, order=1, kind=Clause.Kind.ITEM, text="a")

    with violates("clause_unique_order_in_parent"):
        Clause.objects.create(tor=tor, parent=first, order=1, kind=Clause.Kind.ITEM, text="b")


def test_top_level_decisions_of_a_section_have_distinct_orders(violates, section):
    Decision.objects.create(section=section, order=1, text="Welcome the report")

    with violates("decision_unique_order_at_top"):
        Decision.objects.create(section=section, order=1, text="Take note of the progress")


def test_decisions_within_a_lead_in_have_distinct_orders(violates, section):
    lead_in = Decision.objects.create(section=section, order=1, text="Agree to extend it to:")
    Decision.objects.create(section=section, parent=lead_in, order=1, text="finalise Phase II")

    with violates("decision_unique_order_in_parent"):
        Decision.objects.create(section=section, parent=lead_in, order=1, text="report to SOM 27")


def test_decision_sections_of_a_meeting_have_distinct_orders(violates, section):
    with violates("decision_section_unique_order"):
        DecisionSection.objects.create(meeting=section.meeting, order=1, title="II. Beta")
