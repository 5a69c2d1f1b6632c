"""The pictures in a real browser, under the Content-Security-Policy: a mandate's life, a work
plan's Gantt chart, a round's progress and the report's summary are drawn with nothing refused,
each named by its title: an image, or a group when it holds links (a mandate's decisions)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from emg.tests.browser import sign_in
from emg.tests.test_csp_browser import watched  # noqa: F401 (a fixture)
from workplans.tests.plan_builder import make_plan

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_picture_is_drawn_under_the_policy_and_named_by_its_title(watched, world, reported):  # noqa: F811
    page = watched
    plan = make_plan(2, outcomes=1, period=(2023, 2024))
    sign_in(page, world.people["secretariat"])
    pictures = {
        reverse("mandates:detail", args=[world.mandate.pk]): (
            "group",
            f"The life of {world.mandate.name} across SOMs",
        ),
        reverse("workplans:detail", args=[plan.pk]): ("img", f"Schedule of {plan.title}"),
        reverse("progress:round", args=[reported.pk]): ("img", "Progress of the round"),
        reverse("progress:report", args=[reported.pk]): ("img", "Status of the tasks reported"),
    }

    page.set_viewport_size({"width": 390, "height": 844})  # a phone's
    for url, (role, name) in pictures.items():
        page.goto(url)
        picture = page.get_by_role(role, name=name)
        expect(picture).to_be_visible()
        box = picture.bounding_box()
        assert box["width"] > 250 and box["height"] > 40, url
        # Nor does its text alternative, out of sight, widen the page.
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), url

    assert page.violations() == []
    # A decision's marker is a link, named by its decision, to it in its meeting's action points.
    page.goto(reverse("mandates:detail", args=[world.mandate.pk]))
    page.get_by_role("link", name="SOM 26 (28 October 2020): extend").click()
    expect(page).to_have_url(re.compile(r"/meetings/26/#decision-\d+$"))
