"""Addresses of views about one row, for the pages that link each of dozens or hundreds of rows
to several views (a meeting's decisions and documents, a plan's items: edit, move, delete,
history…), where ``reverse()`` once a link costs more than the rest of a row's HTML: each view
is reversed once, and each row's numbers are then written into its address."""

from django.urls import reverse

# Numbers no row has, standing for the view's arguments in the address reversed once; each is
# then replaced by the row's own.
SLOTS = (2_147_483_647, 2_147_483_646, 2_147_483_645)


class RowUrls:
    """``urls(view_name, number, …)``: ``reverse(view_name, args=[number, …])`` for a view whose
    arguments are whole numbers (a primary key, a meeting's number), reversing each view once."""

    def __init__(self):
        self._addresses: dict[tuple[str, int], str] = {}

    def __call__(self, view_name: str, *numbers) -> str:
        slots = SLOTS[: len(numbers)]
        address = self._addresses.get((view_name, len(slots)))
        if address is None:
            address = self._addresses[view_name, len(slots)] = reverse(view_name, args=slots)
        for slot, number in zip(slots, numbers, strict=True):
            address = address.replace(str(slot), str(int(number)), 1)
        return address
