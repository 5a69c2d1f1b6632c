"""The pictures in a real browser, under the Content-Security-Policy: a mandate's life, a work
plan's Gantt chart, a round's progress and the report's summary are drawn with nothing refused,
each an image named by its title."""

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
            f"The life of {world.mandate.name} across SOMs"
        ),
        reverse("workplans:detail", args=[plan.pk]): f"Schedule of {plan.title}, outcome I: ",
        reverse("progress:round", args=[reported.pk]): f"Progress of the round “{reported.title}”",
        reverse("progress:report", args=[reported.pk]): "Status of the tasks reported, per mandate",
    }

    for url, name in pictures.items():
        page.goto(url)
        picture = page.get_by_role("img", name=name)
        expect(picture).to_be_visible()
        box = picture.bounding_box()
        assert box["width"] > 300 and box["height"] > 40, url

    assert page.violations() == []
