"""{% row_url %} answers what {% url %} answers, for every row of a page."""

from django.template import engines
from django.urls import reverse

TEMPLATE = engines["django"].from_string(
    "{% load row_urls %}{% for pk in pks %}{% row_url 'meetings:document_edit' 26 pk %} "
    "{% row_url 'decisions:history' pk %} {% endfor %}"
)


def test_each_row_gets_the_address_reverse_gives_it():
    rendered = TEMPLATE.render({"pks": [7, 77, 2147483]}).split()

    assert rendered == [
        url
        for pk in (7, 77, 2147483)
        for url in (
            reverse("meetings:document_edit", kwargs={"number": 26, "pk": pk}),
            reverse("decisions:history", kwargs={"pk": pk}),
        )
    ]
