"""The mandates pages cost as many queries with ten times the rows: the list, a mandate's page
(with its activities and tasks) and the clauses page."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emg.models import Entity, Meeting, User
from emg.tests.factories import EntityFactory, UserFactory
from mandates import services
from mandates.models import (
    Clause,
    Decision,
    DecisionSection,
    FocalPoint,
    Footnote,
    Mandate,
    Membership,
    TermsOfReference,
)
from mandates.tests.factories import MandateFactory
from mandates.tests.pages import detail_url

pytestmark = pytest.mark.django_db


_numbers = itertools.count(1)


def add_rows(count, *, mandate=None):
    """``count`` mandates (or rows of ``mandate``) with members, focal points, decisions,
    clauses, footnotes, activities and tasks."""
    activity_model = Mandate._meta.get_field("activities").related_model
    task_model = Mandate._meta.get_field("tasks").related_model
    outcome_model = activity_model._meta.get_field("outcome").related_model
    plan_model = outcome_model._meta.get_field("work_plan").related_model
    round_model = task_model._meta.get_field("round").related_model
    for _ in range(count):
        n = next(_numbers)
        body = mandate or MandateFactory(name=f"Task Team on Subject {n}", key=f"tt:{n}")
        entity = EntityFactory(acronym=f"E{n}")
        Membership.objects.create(mandate=body, entity=entity, role=Membership.Role.LEAD)
        person = UserFactory(username=f"fp{n}", role=User.Role.FOCAL_POINT, entity=entity)
        FocalPoint.objects.create(mandate=body, user=person, nominated_by=entity)
        body.aliases.create(name=f"Another name {n}")
        meeting = Meeting.objects.create(number=200 + n)
        section = DecisionSection.objects.create(
            meeting=meeting, order=1, title=body.name, mandate=body
        )
        lead_in = Decision.objects.create(
            section=section, order=1, verb="extend", text="Extend it to:", mandate=body
        )
        Decision.objects.create(section=section, parent=lead_in, order=1, text="Act.")
        tor = TermsOfReference.objects.create(
            mandate=body, title=f"ToR {n}", established_at=meeting
        )
        top = Clause.objects.create(tor=tor, order=1, kind="section", text="Background")
        Clause.objects.create(tor=tor, parent=top, order=1, kind="paragraph", text="Words.")
        Footnote.objects.create(tor=tor, clause=top, order=1, anchor="Back", text="Note.")
        plan = plan_model.objects.create(
            title=f"Plan {n}", period_start=2000 + n, period_end=2001 + n
        )
        outcome = outcome_model.objects.create(work_plan=plan, order=1, heading="Outcome")
        activity_model.objects.create(outcome=outcome, order=1, mandate=body, title="Activity")
        round_ = round_model.objects.create(meeting=meeting, title=f"Round {n}")
        task_model.objects.create(round=round_, mandate=body, order=1, text="Task")
        services.mandate_apply_decisions(mandate=body)


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_runs_as_many_queries_for_ten_rows_as_for_one(client_as, secretariat):
    client = client_as(secretariat)
    url = reverse("mandates:list") + "?q=subject&ordering=-end&lead="
    add_rows(1)
    with_one = queries(client, url)

    add_rows(9)
    with_ten = queries(client, url)

    assert with_ten == with_one


def test_the_mandate_page_runs_as_many_queries_for_ten_rows_as_for_one(client_as, secretariat):
    client = client_as(secretariat)
    mandate = MandateFactory(name="Issue Management Group on Everything", key="img:everything")
    add_rows(1, mandate=mandate)
    with_one = queries(client, detail_url(mandate))

    add_rows(9, mandate=mandate)
    with_ten = queries(client, detail_url(mandate))

    assert with_ten == with_one
    page = client.get(detail_url(mandate))
    assert len(page.context["timeline"]) == 10
    assert len(page.context["readings"]) == 10
    assert len(page.context["activities"]) == len(page.context["tasks"]) == 10


def test_the_clauses_page_runs_as_many_queries_for_ten_clauses_as_for_one(
    client_as, secretariat, world
):
    client = client_as(secretariat)
    url = reverse("mandates:tor_clauses", args=[world.tor.pk])
    with_one = queries(client, url)

    for n in range(9):
        services.clause_add(tor=world.tor, kind="paragraph", text=f"P{n}", parent=world.clause)
        Footnote.objects.create(tor=world.tor, clause=world.clause, order=10 + n, text="n")
    with_ten = queries(client, url)

    assert with_ten == with_one


def test_entities_listed_in_the_filters_do_not_cost_a_query_each(client_as, secretariat):
    client = client_as(secretariat)
    url = reverse("mandates:list")
    with_few = queries(client, url)

    Entity.objects.bulk_create(Entity(acronym=f"X{n}", name=f"X {n}") for n in range(20))

    assert queries(client, url) == with_few
