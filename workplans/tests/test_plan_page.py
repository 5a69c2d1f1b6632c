"""A plan's page laid out as the UN document: what readers and the secretariat see on it, and its
queries. The list, the history and the printed plan have files of their own."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from emg.models import Document
from emg.tests.factories import MeetingFactory
from workplans.models import Activity, Milestone, WorkPlan
from workplans.tests.pages import page_of, plan_page, queries_for, text_of
from workplans.tests.plan_builder import PLAN_2014, PLAN_2021, import_seed, make_plan, quarters

pytestmark = pytest.mark.django_db


# A plan, as the UN document


def test_a_plan_page_reads_as_the_un_document(client_as, senior_official):
    meeting = MeetingFactory(number=27)
    plan = make_plan(
        2, outcomes=2, meeting=meeting, outcome_numbering=WorkPlan.OutcomeNumbering.LETTERS
    )
    Document.objects.create(
        symbol="EMG/SOM.27/03",
        title=plan.title,
        kind=Document.Kind.WORK_PLAN,
        date=datetime.date(2020, 9, 12),
        distribution="EMG members",
        author_line="Note by the Chair",
        meeting=meeting,
        source_type=ContentType.objects.get_for_model(WorkPlan),
        source_id=plan.pk,
    )

    page = plan_page(client_as(senior_official), plan)
    words = text_of(page)

    assert "United Nations Environment Management Group" in words
    assert "Symbol EMG/SOM.27/03 Date 12 September 2020" in words
    assert "Distribution: EMG members" in words
    assert f"{plan.title} Note by the Chair Draft original Period 2021–2022" in words
    assert "Presented to the 27th Senior Officials Meeting" in words
    assert "This note presents the work plan." in words and "It remains un-costed." in words
    assert "Expected outcome Activities and milestones Schedule" in words
    assert "A. Outcome heading 1 Statement 1" in words
    assert "B. Outcome heading 2" in words
    # Activities numbered across the plan; milestones lettered, their steps in roman numerals.
    assert "1. Activity 1.1 What activity 1.1 does" in words
    assert "4. Activity 2.2" in words
    assert "(a) Milestone 2.2.a" in words and "(i) Milestone 2.2.a.i" in words
    assert "(b) Milestone 2.2.b" in words
    assert "Schedule: October 2021 – September 2022" in words
    assert "Schedule: Q1 2022" in words
    mandate = Activity.objects.filter(outcome__work_plan=plan).first().mandate
    assert f'href="{reverse("mandates:detail", kwargs={"pk": mandate.pk})}">{mandate}</a>' in page
    assert "Subject to approval by SOM 27." in words


def test_the_2014_plan_keeps_its_letters_symbol_and_revision(client_as, focal_point):
    plan = import_seed(PLAN_2014)

    words = text_of(plan_page(client_as(focal_point), plan))

    assert "EMG/SOM.19/03/Rev.1 Date 12 September 2013 Distribution: EMG members" in words
    assert "Proposed Rev.1 Period 2014–2015" in words
    assert "A. Programmatic issues" in words and "D. Overall cooperation" in words
    # Activities start again at 1 under each expected accomplishment.
    assert "B. Operational issues Enhanced coherence" in words
    assert "1. Consultations on Environmental and Social Sustainability" in words
    assert "(c) The IMG will more specifically:" in words
    assert "(v) Undertake other activities" in words


def test_the_2021_plan_numbers_outcomes_in_roman_and_writes_its_schedules(client_as, secretariat):
    plan = import_seed(PLAN_2021)

    words = text_of(plan_page(client_as(secretariat), plan))

    assert (
        "Draft original Period 2021–2022 · Presented to the 27th Senior Officials Meeting" in words
    )
    for label in ("I. Enhanced coherence in programming", "II.", "III."):
        assert label in words
    assert "10. Environment Management Group Nexus Dialogues" in words
    assert "– Organize at least 6 nexus dialogues" in words  # bullets, not letters
    assert "Schedule: September 2021 – Q2 2022" in words
    assert "Schedule: October 2021 – June 2022" in words


def test_a_schedule_outside_the_plans_years_is_flagged(client_as, secretariat):
    plan = make_plan(1, outcomes=1)
    milestone = Milestone.objects.filter(activity__outcome__work_plan=plan, parent=None).first()
    milestone.schedule = quarters(2023, 1)
    milestone.save()

    words = text_of(plan_page(client_as(secretariat), plan))

    assert "Schedule: Q1 2023 outside 2021–2022" in words
    assert words.count("outside 2021–2022") == 1


def test_a_milestones_due_date_is_written_as_documents_write_it(client_as, focal_point):
    plan = make_plan(1, outcomes=1)
    Milestone.objects.filter(text="Milestone 1.1.b").update(due_date=datetime.date(2022, 3, 4))

    page = plan_page(client_as(focal_point), plan)

    assert '<time datetime="2022-03-04">4 March 2022</time>' in page
    assert "Milestone 1.1.b due 4 March 2022" in text_of(page)


# Who sees what


def edit_controls(page: str) -> list[str]:
    """The URLs the page's editor controls ask: those htmx fetches or posts to, the move
    buttons' (formaction), the items' links to their actions, and the links of the items'
    boosted control groups but their history; not the chart the page loads for everyone."""
    urls = re.findall(r'(?:hx-(?:get|post)|formaction)="(/work-plans/[^"]+)"', page)
    urls = [url for url in urls if not url.endswith("/schedule/")]
    urls += re.findall(r'<a class="emg-wp-actions" href="(/work-plans/[^"]+)"', page)
    for group in re.findall(
        r'<div [^>]*class="emg-wp-controls"[^>]* hx-boost="true">(.*?)</div>', page, re.S
    ):
        urls += re.findall(r'<a [^>]*href="(/work-plans/[^"]+)"(?![^>]*hx-boost="false")', group)
    return [url.replace("&amp;", "&") for url in urls]


@pytest.mark.parametrize("reader", ["senior_official", "focal_point", "other_focal_point"])
def test_readers_see_the_plan_without_edit_controls_or_editor_scripts(client_as, cast, reader):
    plan = make_plan(1, outcomes=1)

    page = plan_page(client_as(cast[reader]), plan)

    assert "Activity 1.1" in page
    assert edit_controls(page) == []
    assert "workplan-editor.js" not in page and "Sortable.min.js" not in page
    assert "csrfmiddlewaretoken" not in page.split('id="plan-table"')[1]


def test_the_secretariat_gets_one_link_to_each_items_actions_and_the_editor_scripts(
    client_as, secretariat
):
    plan = make_plan(1, outcomes=1)
    activity = Activity.objects.get(outcome__work_plan=plan)
    milestone = activity.milestones.get(parent=None, order=1)

    page = plan_page(client_as(secretariat), plan)

    controls = edit_controls(page)
    for url in (
        reverse("workplans:outcome_add", args=[plan.pk]),
        reverse("workplans:outcome_actions", args=[activity.outcome_id]),
        reverse("workplans:activity_add", args=[activity.outcome_id]),
        reverse("workplans:activity_actions", args=[activity.pk]),
        reverse("workplans:milestone_add", args=[activity.pk]),
        reverse("workplans:milestone_actions", args=[milestone.pk]),
    ):
        assert url in controls
    # The actions themselves are one request away, not written for every item.
    assert reverse("workplans:activity_edit", args=[activity.pk]) not in page
    assert 'aria-label="Actions for activity 1."' in page
    assert 'aria-label="Actions for milestone 1.(a)"' in page
    assert 'aria-label="Actions for expected outcome I."' in page
    for script in (
        "/static/vendor/htmx-2.0.11/htmx.min.js",
        "/static/vendor/sortablejs-1.15.7/Sortable.min.js",
        "/static/js/workplan-editor.js",
    ):
        assert f'src="{script}"' in page
    order_url = reverse("workplans:activity_order", args=[activity.outcome_id])
    assert f'data-reorder-url="{order_url}"' in page
    assert 'hx-headers=\'{"X-CSRFToken": "' in page


def test_an_items_actions_come_in_place_of_its_link_each_naming_the_item(client_as, secretariat):
    plan = make_plan(1, outcomes=1)
    activity = Activity.objects.get(outcome__work_plan=plan)
    milestone = activity.milestones.get(parent=None, order=1)

    fragment = (
        client_as(secretariat)
        .get(
            reverse("workplans:milestone_actions", args=[milestone.pk]),
            headers={"HX-Request": "true"},
        )
        .content.decode()
    )

    assert "<html" not in fragment
    assert f'id="milestone-{milestone.pk}-edit"' in fragment
    controls = edit_controls(fragment)
    for url in (
        reverse("workplans:milestone_edit", args=[milestone.pk]),
        reverse("workplans:milestone_move", args=[milestone.pk]),
        reverse("workplans:milestone_delete", args=[milestone.pk]),
        reverse("workplans:milestone_add", args=[activity.pk]) + f"?parent={milestone.pk}",
    ):
        assert url in controls
    words = text_of(fragment)
    assert "Edit milestone 1.(a)" in words
    assert "Add a step under milestone 1.(a)" in words
    assert "Delete milestone 1.(a)" in words
    assert "History of milestone 1.(a)" in words
    assert 'aria-label="Move milestone 1.(a) up"' in fragment
    assert 'aria-label="Move milestone 1.(a) down"' in fragment
    # The place a step's form goes, at the end of the milestone.
    assert f'hx-swap-oob="beforeend:#milestone-{milestone.pk}"' in fragment
    assert f'id="new-milestone-{activity.pk}-{milestone.pk}"' in fragment


def test_an_items_actions_have_a_page_of_their_own_that_works_without_javascript(
    client_as, secretariat
):
    plan = make_plan(1, outcomes=1)
    activity = Activity.objects.get(outcome__work_plan=plan)
    url = reverse("workplans:activity_actions", args=[activity.pk])

    page = page_of(client_as(secretariat), url)

    assert "<html" in page
    assert "Actions for activity 1." in text_of(page)
    move_url = reverse("workplans:activity_move", args=[activity.pk])
    assert '<form id="plan-move" method="post">' in page
    assert f'form="plan-move" formaction="{move_url}" name="direction" value="down"' in page
    for url in (
        reverse("workplans:activity_edit", args=[activity.pk]),
        reverse("workplans:activity_delete", args=[activity.pk]),
        reverse("workplans:activity_history", args=[activity.pk]),
    ):
        assert f'href="{url}"' in page


def test_the_plan_page_has_no_inline_script_or_style_and_only_local_assets(client_as, secretariat):
    page = plan_page(client_as(secretariat), make_plan(1, outcomes=1))

    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert " style=" not in page


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (WorkPlan.Status.APPROVED, "This work plan was approved by the 27th Senior Officials"),
        (WorkPlan.Status.SUPERSEDED, "This work plan has been superseded by a later one"),
    ],
)
def test_a_frozen_plan_says_why_and_offers_no_edit_controls(client_as, secretariat, status, reason):
    plan = make_plan(1, outcomes=1, status=status, meeting=MeetingFactory(number=27))

    page = plan_page(client_as(secretariat), plan)

    assert reason in text_of(page)
    assert edit_controls(page) == []
    assert "Approved by the 27th Senior Officials Meeting" in text_of(page)


def test_the_editor_gets_the_table_alone_when_it_asks_with_htmx(client_as, secretariat):
    plan = make_plan(1, outcomes=1)

    page = plan_page(client_as(secretariat), plan, **{})
    fragment = (
        client_as(secretariat)
        .get(reverse("workplans:detail", args=[plan.pk]), headers={"HX-Request": "true"})
        .content.decode()
    )

    assert "<html" in page
    assert fragment.lstrip().startswith('<div id="plan-table"')
    assert "<html" not in fragment


# Query counts


@pytest.mark.parametrize("who", ["secretariat", "focal_point"])
def test_the_plan_page_costs_as_many_queries_for_ten_times_the_plan(client_as, cast, who):
    client = client_as(cast[who])
    small = make_plan(1, outcomes=1, period=(2021, 2022))
    large = make_plan(5, outcomes=2, period=(2023, 2024))  # 10 activities, 30 milestones
    client.get(reverse("workplans:detail", args=[small.pk]))

    assert queries_for(client, reverse("workplans:detail", args=[large.pk])) == queries_for(
        client, reverse("workplans:detail", args=[small.pk])
    )
