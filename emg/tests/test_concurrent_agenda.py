"""Adding to and reordering a meeting's agenda at the same moment (a double-click, or two people
at once): every request answers, none with a server error, and the orders stay 1, 2, 3 …"""

import pytest
from django.urls import reverse

from emg.models import AgendaItem
from emg.tests.concurrency import orders, post_at_once, statuses

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql(reason="SQLite serialises writers: the requests could not overlap"),
]

AT_ONCE = 10


def test_items_added_at_once_all_go_to_the_end_in_turn(world, secretariat):
    url = reverse("meetings:agenda_item_add", kwargs={"number": 26})

    answers = post_at_once(secretariat, [(url, {"title": f"Item {n}"}) for n in range(AT_ONCE)])

    assert statuses(answers) == [302] * AT_ONCE
    assert orders(world.meeting.agenda_items.all()) == list(range(1, AT_ONCE + 2))


def test_neighbours_moved_up_and_down_at_once_keep_distinct_orders(world, secretariat):
    items = [world.agenda_item] + [
        AgendaItem.objects.create(meeting=world.meeting, order=n, title=f"Item {n}")
        for n in range(2, AT_ONCE + 1)
    ]
    posts = [
        (
            reverse("meetings:agenda_item_move", kwargs={"number": 26, "pk": item.pk}),
            {"direction": "down" if index % 2 == 0 else "up"},
        )
        for index, item in enumerate(items)
    ]

    answers = post_at_once(secretariat, posts)

    assert statuses(answers) == [302] * AT_ONCE
    assert orders(world.meeting.agenda_items.all()) == list(range(1, AT_ONCE + 1))
