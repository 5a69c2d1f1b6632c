"""A delete clicked twice, or by two people at the same moment: the row goes once, its history
records one deletion, and the other answer says it is no longer there — never a server error.
Each delete locks the row's parent first, as adds and moves do (emg.ordering), then reads the row
again."""

import pytest
from django.urls import reverse

from emg.tests.concurrency import post_at_once, statuses

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql(reason="SQLite serialises writers: the requests could not overlap"),
]

TWICE = 2

DELETES = {
    "session": ("meetings:session_delete", lambda w: {"number": 26, "pk": w.session.pk}),
    "agenda item": (
        "meetings:agenda_item_delete",
        lambda w: {"number": 26, "pk": w.agenda_item.pk},
    ),
    "clause": ("mandates:clause_delete", lambda w: {"pk": w.clause.pk}),
    "footnote": ("mandates:footnote_delete", lambda w: {"pk": w.footnote.pk}),
    "membership": ("mandates:membership_remove", lambda w: {"pk": w.membership.pk}),
    "focal point": ("mandates:focal_point_remove", lambda w: {"pk": w.focal_point_row.pk}),
    "decision": ("decisions:delete", lambda w: {"pk": w.decision.pk}),
    "decision section": ("decisions:section_delete", lambda w: {"pk": w.section.pk}),
    "round section": ("progress:round_section_delete", lambda w: {"pk": w.task.section_id}),
}


def row_of(world, name):
    return {
        "session": world.session,
        "agenda item": world.agenda_item,
        "clause": world.clause,
        "footnote": world.footnote,
        "membership": world.membership,
        "focal point": world.focal_point_row,
        "decision": world.decision,
        "decision section": world.section,
        "round section": world.task.section,
    }[name]


@pytest.mark.parametrize("name", list(DELETES))
def test_a_delete_posted_twice_at_once_deletes_once(world, name):
    url_name, kwargs = DELETES[name]
    row = row_of(world, name)
    url = reverse(url_name, kwargs=kwargs(world))

    answers = post_at_once(world.people["secretariat"], [(url, {})] * TWICE)

    assert sorted(statuses(answers)) == [302, 404]
    model = type(row)
    assert not model.objects.filter(pk=row.pk).exists()
    assert model.history.filter(id=row.pk, history_type="-").count() == 1
