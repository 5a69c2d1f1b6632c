"""Adding to and reordering a meeting's agenda at the same moment (a double-click, or two people
at once): every request answers, none with a server error, and the orders stay 1, 2, 3 …"""

import pytest
from django.urls import reverse

from emg.models import AgendaItem
from emg.tests.concurrency import AT_ONCE, check_added_at_once, check_moved_at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql(reason="SQLite serialises writers: the requests could not overlap"),
]


def test_items_added_at_once_all_go_to_the_end_in_turn(world, secretariat):
    url = reverse("meetings:agenda_item_add", kwargs={"number": 26})
    data = [{"title": f"Item {n}"} for n in range(AT_ONCE)]

    check_added_at_once(secretariat, url, data, world.meeting.agenda_items.all())


def test_neighbours_moved_up_and_down_at_once_keep_distinct_orders(world, secretariat):
    items = [world.agenda_item] + [
        AgendaItem.objects.create(meeting=world.meeting, order=n, title=f"Item {n}")
        for n in range(2, AT_ONCE + 1)
    ]

    check_moved_at_once(
        secretariat, "meetings:agenda_item_move", items, world.meeting.agenda_items.all(), number=26
    )
