"""A work plan's Gantt chart: a bar per scheduled span, a diamond per single month, "no
schedule" for the rest, on its own page (which the plan's page loads into itself once shown)
and in the printed plan; cut into panels a page holds; user text escaped."""

import pytest
from django.urls import reverse

from emg.schedules import Period, Precision, Schedule
from emg.tests.pictures import find_all, pdf_text, pictures_of, texts
from workplans.models import Activity, Milestone
from workplans.pictures import PANEL_ROWS
from workplans.tests.pages import plan_page, schedule_page
from workplans.tests.plan_builder import make_plan

pytestmark = pytest.mark.django_db


def february_2022() -> Schedule:
    month = Period(2022, Precision.MONTH, 2)
    return Schedule(month, month)


def plan_with_a_single_month():
    """One outcome, two activities (a span each), each with milestone (a) in Q1 2022 (a span),
    (a)(i) unscheduled and (b) in February 2022 (a single month)."""
    plan = make_plan(2, outcomes=1)
    for milestone in Milestone.objects.filter(activity__outcome__work_plan=plan, order=2):
        milestone.schedule = february_2022()
        milestone.save()
    return plan


def test_the_plan_page_loads_the_chart_once_shown_and_links_to_it_without_script(
    client_as, focal_point
):
    plan = plan_with_a_single_month()
    schedule = reverse("workplans:schedule", args=[plan.pk])

    page = plan_page(client_as(focal_point), plan)

    assert pictures_of(page) == []  # the table first: the editor's page stays light
    assert f'hx-get="{schedule}" hx-trigger="load"' in page
    assert f'href="{schedule}"' in page
    fragment = client_as(focal_point).get(schedule, headers={"HX-Request": "true"})
    assert fragment.content.decode().lstrip().startswith("<section")  # no page around it
    assert len(pictures_of(fragment.content.decode())) == 1


def test_the_chart_draws_a_bar_per_span_a_diamond_per_month_and_says_no_schedule(
    client_as, focal_point
):
    plan = plan_with_a_single_month()

    [svg] = pictures_of(schedule_page(client_as(focal_point), plan))

    assert len(find_all(svg, "rect", "emg-gantt-bar")) == 4  # two activities, two (a)
    assert len(find_all(svg, "polygon", "emg-gantt-diamond")) == 2  # the two (b)
    assert len(find_all(svg, "text", "emg-gantt-unscheduled")) == 2  # the two (a)(i)
    words = texts(svg)
    assert "1. Activity 1.1" in words and "(a) Milestone 1.1.a" in words
    assert "(i) Milestone 1.2.a.i" in words
    assert {"2021", "2022", "Q1", "Q4"} <= set(words)


def test_a_bar_runs_from_the_first_month_to_the_last_of_its_schedule(client_as, focal_point):
    plan = make_plan(1, outcomes=1)  # 2021–2022: the activity runs October 2021 – September 2022

    [svg] = pictures_of(schedule_page(client_as(focal_point), plan))

    activity_bar = find_all(svg, "rect", "emg-gantt-bar")[0]
    years = [r for r in find_all(svg, "g", "emg-picture-axis")[0] if r.tag.endswith("rect")]
    first_year, second_year = (float(r.get("x")) for r in years)
    year = second_year - first_year
    start, width = float(activity_bar.get("x")), float(activity_bar.get("width"))
    assert start == pytest.approx(first_year + year * 273 / 365, abs=0.2)  # 1 October 2021
    assert start + width == pytest.approx(second_year + year * 273 / 365, abs=0.2)  # 30 Sept


def test_a_large_plan_is_cut_into_panels_each_a_page_can_hold(client_as, secretariat):
    plan = make_plan(30, outcomes=2)  # 120 rows under each outcome

    svgs = pictures_of(schedule_page(client_as(secretariat), plan))

    rows = [find_all(svg, "g", "emg-gantt-row") for svg in svgs]
    assert len(svgs) == 6
    assert all(len(panel) <= PANEL_ROWS for panel in rows)
    assert sum(len(panel) for panel in rows) == 240
    assert len({svg.find("{http://www.w3.org/2000/svg}title").get("id") for svg in svgs}) == 6


def test_user_text_in_the_chart_is_escaped(client_as, secretariat):
    plan = make_plan(1, outcomes=1)
    Activity.objects.filter(outcome__work_plan=plan).update(title='<b>Bold</b> & "quoted"')

    page = schedule_page(client_as(secretariat), plan)

    [svg] = pictures_of(page)
    assert '1. <b>Bold</b> & "quoted"' in texts(svg)
    assert "<b>Bold</b>" not in page


def test_the_printed_plan_carries_the_chart(client_as, senior_official):
    plan = plan_with_a_single_month()

    response = client_as(senior_official).get(reverse("workplans:export_pdf", args=[plan.pk]))

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Schedule of activities" in text
    assert "Activity Milestone A single month" in text  # the chart's legend
    assert text.count("no schedule") == 2
    assert "Q1 Q2 Q3 Q4 Q1 Q2 Q3 Q4" in text
