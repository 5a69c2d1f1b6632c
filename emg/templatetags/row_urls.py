"""``{% row_url %}``: the address of a view about one row (emg.reversing), each view reversed
once while the page renders."""

from django import template

from emg.reversing import RowUrls

register = template.Library()


@register.simple_tag(takes_context=True)
def row_url(context, view_name: str, *numbers) -> str:
    """``{% url view_name number … %}`` for a view whose arguments are whole numbers (a primary
    key, a meeting's number), reversing ``view_name`` once while the page renders."""
    urls = context.render_context.dicts[0].setdefault("row_urls", RowUrls())
    return urls(view_name, *numbers)
