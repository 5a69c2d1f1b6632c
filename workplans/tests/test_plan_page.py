"""The work plans list, a plan's page laid out as the UN document, and the history of the plan and
of each of its items."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emg.documents import renderer_for
from emg.docx import document_docx
from emg.models import Document
from emg.tests.factories import MeetingFactory
from workplans import services
from workplans.models import Activity, Milestone, Outcome, WorkPlan
from workplans.tests.plan_builder import PLAN_2014, PLAN_2021, import_seed, make_plan, quarters

pytestmark = pytest.mark.django_db


def page_of(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def text_of(html: str) -> str:
    """The page's words without tags, spaces collapsed, as a reader reads them."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def plan_page(client, plan, **params) -> str:
    return page_of(client, reverse("workplans:detail", args=[plan.pk]), **params)


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# The list


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


# Who sees what


def edit_controls(page: str) -> list[str]:
    """The URLs the page's editor controls ask: those htmx fetches or posts to, the move
    buttons' (formaction), and the links of the items' boosted control groups but their
    history."""
    urls = re.findall(r'(?:hx-(?:get|post)|formaction)="(/work-plans/[^"]+)"', page)
    for group in re.findall(
        r'<div class="emg-wp-controls"[^>]* hx-boost="true">(.*?)</div>', page, re.S
    ):
        urls += re.findall(r'<a [^>]*href="(/work-plans/[^"]+)"(?![^>]*hx-boost="false")', group)
    return [url.replace("&amp;", "&") for url in urls]


@pytest.mark.parametrize("reader", ["senior_official", "focal_point", "other_focal_point"])
def test_readers_see_the_plan_without_edit_controls_or_editor_scripts(client_as, cast, reader):
    plan = make_plan(1, outcomes=1)

    page = plan_page(client_as(cast[reader]), plan)

    assert "Activity 1.1" in page
    assert edit_controls(page) == []
    assert "workplan-editor.js" not in page and "htmx.min.js" not in page
    assert "csrfmiddlewaretoken" not in page.split('id="plan-table"')[1]


def test_the_secretariat_gets_controls_for_every_item_and_the_editor_scripts(
    client_as, secretariat
):
    plan = make_plan(1, outcomes=1)
    activity = Activity.objects.get(outcome__work_plan=plan)
    milestone = activity.milestones.get(parent=None, order=1)

    page = plan_page(client_as(secretariat), plan)

    controls = edit_controls(page)
    for url in (
        reverse("workplans:outcome_add", args=[plan.pk]),
        reverse("workplans:outcome_edit", args=[activity.outcome_id]),
        reverse("workplans:activity_add", args=[activity.outcome_id]),
        reverse("workplans:activity_edit", args=[activity.pk]),
        reverse("workplans:activity_move", args=[activity.pk]),
        reverse("workplans:activity_delete", args=[activity.pk]),
        reverse("workplans:milestone_add", args=[activity.pk]),
        reverse("workplans:milestone_edit", args=[milestone.pk]),
        reverse("workplans:milestone_add", args=[activity.pk]) + f"?parent={milestone.pk}",
    ):
        assert url in controls
    for script in (
        "/static/vendor/htmx-2.0.11/htmx.min.js",
        "/static/vendor/sortablejs-1.15.7/Sortable.min.js",
        "/static/js/workplan-editor.js",
    ):
        assert f'src="{script}"' in page
    assert "Move activity 1. up" in page and "Move milestone 1.(a) down" in page
    order_url = reverse("workplans:activity_order", args=[activity.outcome_id])
    assert f'data-reorder-url="{order_url}"' in page
    assert 'hx-headers=\'{"X-CSRFToken": "' in page


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


# History


def test_the_plan_links_to_its_revisions_and_downloads(client_as, senior_official):
    plan = make_plan(1, outcomes=1)

    page = plan_page(client_as(senior_official), plan)

    for name in ("revisions", "export_docx", "export_xlsx", "export_csv", "history"):
        assert f'href="{reverse(f"workplans:{name}", args=[plan.pk])}"' in page


def test_each_item_links_to_its_history(client_as, focal_point):
    plan = make_plan(1, outcomes=1)
    activity = Activity.objects.get(outcome__work_plan=plan)
    milestone = activity.milestones.get(parent=None, order=1)

    page = plan_page(client_as(focal_point), plan)

    for url in (
        reverse("workplans:history", args=[plan.pk]),
        reverse("workplans:outcome_history", args=[activity.outcome_id]),
        reverse("workplans:activity_history", args=[activity.pk]),
        reverse("workplans:milestone_history", args=[milestone.pk]),
    ):
        assert f'href="{url}"' in page


def test_an_items_history_says_who_changed_what_and_when(client_as, secretariat, focal_point):
    plan = make_plan(1, outcomes=1)
    activity = Activity.objects.get(outcome__work_plan=plan)
    services.activity_update(
        activity=activity,
        version=1,
        outcome=activity.outcome,
        title="Issue Management Group on Biodiversity",
        description=activity.description,
        mandate=activity.mandate,
        schedule=quarters(2022, 3),
        user=secretariat,
    )

    words = text_of(
        page_of(client_as(focal_point), reverse("workplans:activity_history", args=[activity.pk]))
    )

    assert "History of activity “Issue Management Group on Biodiversity”" in words
    assert "Activity changed: Issue Management Group on Biodiversity" in words
    assert str(secretariat) in words
    assert "Title Activity 1.1 Issue Management Group on Biodiversity" in words
    assert "Schedule ends 2022-09-30 2022-09-30" not in words
    assert "Milestone created" in words  # its milestones are part of its history


def test_the_plans_history_keeps_items_deleted_since(client_as, secretariat):
    plan = make_plan(1, outcomes=2)
    outcome = plan.outcomes.get(order=2)
    services.outcome_delete(outcome=outcome, user=secretariat)

    words = text_of(page_of(client_as(secretariat), reverse("workplans:history", args=[plan.pk])))

    assert "Expected outcome deleted" in words
    assert "Activity deleted: Activity 2.1" in words
    assert "Milestone deleted: Milestone 2.1.a" in words


def test_history_pages_cost_the_same_queries_for_ten_times_the_changes(client_as, secretariat):
    plan = make_plan(1, outcomes=1)
    outcome = Outcome.objects.get(work_plan=plan)
    client = client_as(secretariat)
    url = reverse("workplans:outcome_history", args=[outcome.pk])
    client.get(url)
    few = queries_for(client, url)
    for version in range(1, 11):
        services.outcome_update(
            outcome=outcome,
            version=version,
            heading=f"Heading {version}",
            statement="",
            user=secretariat,
        )

    assert queries_for(client, url) == few


# The plan as printed


def test_the_printed_plan_shows_an_edit_at_once_though_its_table_is_kept(client_as, secretariat):
    plan = make_plan(2, outcomes=2)
    document = Document.objects.create(title=plan.title, kind="work_plan", source=plan)
    client = client_as(secretariat)
    url = reverse("documents:preview", kwargs={"pk": document.pk})
    first = page_of(client, url)
    assert "Activity 1.1" in first
    assert page_of(client, url) == first  # kept, and the same

    activity = Activity.objects.get(outcome__work_plan=plan, title="Activity 1.1")
    services.activity_update(
        activity=activity,
        version=activity.version,
        user=secretariat,
        outcome=activity.outcome,
        title="Activity 1.1, printed anew",
        description=activity.description,
        mandate=activity.mandate,
        schedule=activity.schedule,
    )

    again = page_of(client, url)
    assert "Activity 1.1, printed anew" in again
    assert "hx-get" not in again  # printed without the editor's controls


def test_the_plans_word_file_is_written_from_its_printed_context_without_a_query(secretariat):
    # A builder that reads data of its own could not be kept per content (emg/docx.py).
    plan = make_plan(2, outcomes=2)
    document = Document.objects.create(title=plan.title, kind="work_plan", source=plan)
    _template, context = renderer_for(document)(document, plan)

    with CaptureQueriesContext(connection) as queries:
        word = document_docx(document, context=context)

    assert len(queries) == 0
    text = "\n".join(p.text for p in word.document.paragraphs)
    assert "Subject to approval by SOM 27." in text  # the plan's note


def test_the_printed_plan_ends_with_the_plans_notes_as_its_page_and_word_file_do(
    client_as, secretariat
):
    plan = make_plan(2, outcomes=2)
    assert plan.footnotes.exists()
    document = Document.objects.create(title=plan.title, kind="work_plan", source=plan)

    printed = page_of(
        client_as(secretariat), reverse("documents:preview", kwargs={"pk": document.pk})
    )

    notes = printed.split('class="un-footnotes"', 1)[1]
    for footnote in plan.footnotes.all():
        assert footnote.text in notes
