"""The secretariat's home-page panel of work plans in preparation: the latest few, how many
there are in all, and the way to every one."""

import re

import pytest
from django.urls import reverse

from workplans.models import WorkPlan
from workplans.panels import PLANS_IN_PREPARATION

pytestmark = pytest.mark.django_db


def panel_of(client) -> str:
    page = client.get(reverse("home")).content.decode()
    start = page.index('aria-labelledby="panel-workplans-in-preparation-title"')
    return page[start : page.index("</section>", start)]


def test_the_panel_shows_the_latest_plans_in_preparation_and_links_to_the_rest(
    client_as, secretariat
):
    for year in range(2001, 2001 + 2 * (PLANS_IN_PREPARATION + 2), 2):
        WorkPlan.objects.create(title=f"Plan {year}", period_start=year, period_end=year + 1)
    WorkPlan.objects.create(
        title="Approved long ago", period_start=1999, period_end=2000, status="approved"
    )

    panel = panel_of(client_as(secretariat))

    titles = re.findall(r'<a href="/work-plans/\d+/">([^<]+)</a>', panel)
    assert len(titles) == PLANS_IN_PREPARATION
    assert titles[0] == "Plan 2023" and "Plan 2001" not in titles
    assert f"The latest {PLANS_IN_PREPARATION} of {PLANS_IN_PREPARATION + 2} work plans" in panel
    assert f'href="{reverse("workplans:list")}?status=draft"' in panel
    assert f'href="{reverse("workplans:list")}?status=proposed"' in panel


def test_the_panel_without_more_plans_than_it_shows_has_no_footer(client_as, secretariat):
    WorkPlan.objects.create(title="The one draft", period_start=2021, period_end=2022)

    panel = panel_of(client_as(secretariat))

    assert "The one draft" in panel
    assert "The latest" not in panel
