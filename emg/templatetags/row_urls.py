"""``{% row_url %}``: the address of a view about one row, for the pages that link each of
dozens of rows to several views (a meeting's decisions and documents: edit, move, delete,
history…), where ``reverse()`` once a link costs more than the rest of a row's HTML."""

from django import template
from django.urls import reverse

register = template.Library()

# Numbers no row has, standing for the view's arguments in the address reversed once a page;
# each is then replaced by the row's own.
SLOTS = (2_147_483_647, 2_147_483_646)


@register.simple_tag(takes_context=True)
def row_url(context, view_name: str, *numbers) -> str:
    """``{% url view_name number … %}`` for a view whose arguments are whole numbers (a primary
    key, a meeting's number), reversing ``view_name`` once while the page renders."""
    addresses = context.render_context.dicts[0].setdefault("row_urls", {})
    slots = SLOTS[: len(numbers)]
    address = addresses.get(view_name)
    if address is None:
        address = addresses[view_name] = reverse(view_name, args=slots)
    for slot, number in zip(slots, numbers, strict=True):
        address = address.replace(str(slot), str(int(number)), 1)
    return address
