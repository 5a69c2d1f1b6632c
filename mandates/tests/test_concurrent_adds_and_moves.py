"""Adding to and reordering the lists of mandates at the same moment (a double-click, or two
people at once): clauses and footnotes of terms of reference, a meeting's decision sections and
their decisions, a mandate's focal points. Every request answers, none with a server error, and
the orders stay 1, 2, 3 …"""

import pytest
from django.urls import reverse

from emg.tests.concurrency import (
    AT_ONCE,
    check_added_at_once,
    check_moved_at_once,
    post_at_once,
    statuses,
)
from mandates.models import Clause, Decision, DecisionSection, FocalPoint

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql(reason="SQLite serialises writers: the requests could not overlap"),
]


def test_clauses_added_at_once_all_go_to_the_end_in_turn(world, secretariat):
    url = reverse("mandates:clause_add", args=[world.tor.pk])
    data = [{"parent": "", "kind": "section", "text": f"Section {n}"} for n in range(AT_ONCE)]

    check_added_at_once(secretariat, url, data, Clause.objects.filter(tor=world.tor))


def test_clauses_added_at_once_under_one_parent_all_go_to_its_end(world, secretariat):
    url = reverse("mandates:clause_add", args=[world.tor.pk])
    data = [
        {"parent": world.clause.pk, "kind": "paragraph", "text": f"Paragraph {n}."}
        for n in range(AT_ONCE)
    ]

    check_added_at_once(
        secretariat, url, data, Clause.objects.filter(parent=world.clause), before=0
    )


def test_neighbouring_clauses_moved_up_and_down_at_once_keep_distinct_orders(world, secretariat):
    clauses = [world.clause] + [
        Clause.objects.create(tor=world.tor, order=n, kind="section", text=f"Section {n}")
        for n in range(2, AT_ONCE + 1)
    ]

    check_moved_at_once(
        secretariat, "mandates:clause_move", clauses, Clause.objects.filter(tor=world.tor)
    )


def test_footnotes_added_at_once_all_go_to_the_end_in_turn(world, secretariat):
    url = reverse("mandates:footnote_add", args=[world.tor.pk])
    data = [{"clause": world.clause.pk, "anchor": "", "text": f"Note {n}."} for n in range(AT_ONCE)]

    check_added_at_once(secretariat, url, data, world.tor.footnotes.all())


def test_decision_sections_added_at_once_all_go_to_the_end_in_turn(world, secretariat):
    url = reverse("decisions:section_add", kwargs={"number": 26})
    data = [{"title": f"Section {n}", "mandate": "", "label_style": "{a})"} for n in range(AT_ONCE)]

    check_added_at_once(secretariat, url, data, world.meeting.decision_sections.all())


def test_neighbouring_decision_sections_moved_at_once_keep_distinct_orders(world, secretariat):
    sections = [world.section] + [
        DecisionSection.objects.create(meeting=world.meeting, order=n, title=f"Section {n}")
        for n in range(2, AT_ONCE + 1)
    ]

    check_moved_at_once(
        secretariat, "decisions:section_move", sections, world.meeting.decision_sections.all()
    )


def test_decisions_added_at_once_all_go_to_the_end_in_turn(world, secretariat):
    url = reverse("decisions:add", kwargs={"section_pk": world.section.pk})
    data = [
        {"section": world.section.pk, "verb": "welcome", "text": f"Welcome {n}.", "mandate": ""}
        for n in range(AT_ONCE)
    ]

    check_added_at_once(secretariat, url, data, world.section.decisions.all())


def test_neighbouring_decisions_moved_up_and_down_at_once_keep_distinct_orders(world, secretariat):
    decisions = [world.decision] + [
        Decision.objects.create(section=world.section, order=n, verb="welcome", text=f"W{n}.")
        for n in range(2, AT_ONCE + 1)
    ]

    check_moved_at_once(secretariat, "decisions:move", decisions, world.section.decisions.all())


def test_a_focal_point_added_many_times_at_once_is_added_once(world, secretariat):
    oscar = world.people["other_focal_point"]
    url = reverse("mandates:focal_point_add", args=[world.mandate.pk])

    answers = post_at_once(secretariat, [(url, {"user": oscar.pk})] * AT_ONCE)

    # One adds them; the others find them added and say so next to the field.
    assert sorted(statuses(answers)) == [200] * (AT_ONCE - 1) + [302]
    assert FocalPoint.objects.filter(mandate=world.mandate, user=oscar).count() == 1
