"""The list of work plans: what each row says, filters, sorting and pages, and its queries."""

import re

import pytest
from django.urls import reverse

from emg.tests.factories import MeetingFactory
from workplans.models import WorkPlan
from workplans.tests.pages import page_of, queries_for, text_of
from workplans.tests.plan_builder import make_plan

pytestmark = pytest.mark.django_db


def test_the_list_shows_period_title_status_revision_som_and_counts(client_as, senior_official):
    plan = make_plan(2, outcomes=3, revision=1, meeting=MeetingFactory(number=27))

    page = text_of(page_of(client_as(senior_official), reverse("workplans:list")))

    assert "1 work plan" in page
    assert f"2021–2022 {plan.title} Draft Rev.1 SOM 27 3 6 18" in page


def test_the_list_filters_by_words_year_status_and_som(client_as, focal_point):
    old = make_plan(1, outcomes=1, period=(2014, 2015), status=WorkPlan.Status.APPROVED)
    old.meeting = MeetingFactory(number=19)
    old.save()
    make_plan(1, outcomes=1, period=(2021, 2022), title="Plan for the Decade")
    client = client_as(focal_point)
    url = reverse("workplans:list")

    def titles(**params):
        page = page_of(client, url, **params)
        return re.findall(r'<a href="/work-plans/\d+/">([^<]+)</a>', page)

    assert titles(q="decade") == ["Plan for the Decade"]
    assert titles(year=2015) == [old.title]
    assert titles(status="approved") == [old.title]
    assert titles(som=19) == [old.title]
    assert titles(som=20) == []
    assert titles(year=2030) == []


def test_the_list_asks_for_the_som_by_number_rather_than_listing_every_meeting(
    client_as, secretariat
):
    for number in range(1, 31):
        MeetingFactory(number=number)

    page = page_of(client_as(secretariat), reverse("workplans:list"))

    assert re.search(r'<input type="number" name="som"[^>]*min="1"', page)
    assert "<option" not in page.split('name="som"')[1].split("</div>")[0]
    assert "SOM 30" not in page


def test_the_list_sorts_by_a_column_and_keeps_the_filters_across_pages(client_as, secretariat):
    for year in range(2000, 2050, 2):  # 25 plans, one page of 20 and one of 5
        WorkPlan.objects.create(title=f"Plan {year}", period_start=year, period_end=year + 1)
    client = client_as(secretariat)
    url = reverse("workplans:list")

    first = page_of(client, url, ordering="period")
    second = page_of(client, url, ordering="period", page=2)

    assert "25 work plans" in first
    assert first.index("Plan 2000") < first.index("Plan 2002")
    assert "Plan 2040" not in first
    assert "Plan 2040" in second and "Plan 2000" not in second
    assert 'href="?ordering=period&amp;page=2"' in first
    assert 'aria-sort="ascending"' in first
    assert page_of(client, url, ordering="-period").index("Plan 2048") < page_of(
        client, url, ordering="-period"
    ).index("Plan 2046")


def test_the_list_costs_as_many_queries_for_ten_times_the_plans(client_as, secretariat):
    client = client_as(secretariat)
    url = reverse("workplans:list")
    make_plan(1, outcomes=1, period=(2001, 2002))
    client.get(url)
    small = queries_for(client, url)
    for start in range(2003, 2040, 4):
        make_plan(2, outcomes=2, period=(start, start + 1))

    assert queries_for(client, url) == small


def test_the_navigation_offers_work_plans_to_every_role(client_as, cast):
    for name in ("secretariat", "senior_official", "focal_point", "other_focal_point"):
        page = page_of(client_as(cast[name]), reverse("home"))
        assert f'href="{reverse("workplans:list")}"' in page
