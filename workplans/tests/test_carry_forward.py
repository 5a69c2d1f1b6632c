"""Carrying a plan forward: the next biennium's draft, without the activities of mandates that
end before it starts, which are listed for review."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mandates.models import Mandate
from mandates.tests.factories import MandateFactory
from workplans.carry_forward import carried_title, left_out_reason
from workplans.models import Activity, Milestone, WorkPlan
from workplans.services import work_plan_carry_forward
from workplans.tests.plan_builder import (
    PLAN_2021,
    activities_of,
    import_seed,
    make_plan,
    milestones_of,
)

pytestmark = pytest.mark.django_db
PERIOD_START = datetime.date(2023, 1, 1)


def structure(plan) -> list:
    """Labels and texts of the whole plan, schedules left out."""
    found = []

    def walk(rows, depth):
        for row in rows:
            found.append((depth, row["label"], row["milestone"].text))
            walk(row["children"], depth + 1)

    for outcome_row in plan.numbered():
        found.append((0, outcome_row["label"], str(outcome_row["outcome"])))
        for activity_row in outcome_row["activities"]:
            found.append((1, activity_row["label"], activity_row["activity"].title))
            walk(activity_row["milestones"], 2)
    return found


def end(mandate_name: str, **values) -> Mandate:
    mandate = Mandate.objects.get(activities__title=mandate_name)
    Mandate.objects.filter(pk=mandate.pk).update(**values)
    return mandate


def test_the_2021_plan_carried_forward_is_the_2023_2024_draft_with_everything_copied(secretariat):
    old = import_seed(PLAN_2021)

    new, left_out = work_plan_carry_forward(plan=old, user=secretariat)

    assert left_out == []
    assert new.title == "Environment Management Group work plan 2023- 2024"
    assert (new.period_start, new.period_end) == (2023, 2024)
    assert (new.status, new.revision, new.meeting) == (WorkPlan.Status.DRAFT, 0, None)
    assert new.introduction == old.introduction
    assert [f.text for f in new.footnotes.all()] == [f.text for f in old.footnotes.all()]
    assert (new.outcome_numbering, new.activity_numbering, new.milestone_style) == (
        old.outcome_numbering,
        old.activity_numbering,
        old.milestone_style,
    )
    assert structure(new) == structure(old)  # nested milestones of activity 7 included
    assert [a.mandate for a in activities_of(new)] == [a.mandate for a in activities_of(old)]
    old.refresh_from_db()
    assert old.status == WorkPlan.Status.DRAFT  # the old plan is left as it was


def test_schedules_move_forward_by_the_length_of_the_period(secretariat):
    old = import_seed(PLAN_2021)

    new, _ = work_plan_carry_forward(plan=old, user=secretariat)

    first, third, fourth = (activities_of(new)[i] for i in (0, 2, 3))
    assert str(first.schedule) == "October 2023 \u2013 September 2024"
    assert str(fourth.schedule) == "September 2023 \u2013 Q2 2024"
    assert [str(m.schedule) for m in milestones_of(third)] == [
        "February 2024",
        "October 2023 \u2013 September 2024",
        "January \u2013 September 2024",
    ]


def test_activities_of_mandates_ending_before_the_new_period_are_left_out_and_listed(
    secretariat,
):
    old = import_seed(PLAN_2021)
    end("Task Team on Marine Litter and Microplastics", status="concluded")
    end(
        "Consultative Process on Pollution Free Planet",
        status="transferred",
        end_date=datetime.date(2022, 10, 28),
    )
    end("Issue Management Group on Human Rights and the Environment", end_date="2022-12-31")
    # Concluding in the middle of the new period: its work still belongs in the plan.
    end(
        "Consultative Process on Sustainable Infrastructure",
        status="concluded",
        end_date="2023-06-30",
    )

    new, left_out = work_plan_carry_forward(plan=old, user=secretariat)

    assert [(item.reference, item.title, item.reason) for item in left_out] == [
        (
            "activity 2",
            "Task Team on Marine Litter and Microplastics",
            "Its mandate was concluded.",
        ),
        (
            "activity 4",
            "Issue Management Group on Human Rights and the Environment",
            "Its mandate ends on 31 December 2022, before the period starts.",
        ),
        (
            "activity 5",
            "Consultative Process on Pollution Free Planet",
            "Its mandate was transferred on 28 October 2022.",
        ),
    ]
    titles = [a.title for a in activities_of(new)]
    assert len(titles) == 7
    assert "Consultative Process on Sustainable Infrastructure" in titles
    assert "Task Team on Marine Litter and Microplastics" not in titles
    # Numbering is recomputed: what was activity 3 is now activity 2.
    activity_rows = [row[1:] for row in structure(new) if row[0] == 1]
    assert activity_rows[1] == ("2.", "Consultative Process on Sustainable Infrastructure")
    assert not Milestone.objects.filter(
        activity__outcome__work_plan=new, text__contains="Marine Litter"
    ).exists()


def test_a_plan_for_the_next_period_is_not_made_twice(secretariat):
    old = make_plan()
    work_plan_carry_forward(plan=old, user=secretariat)

    with pytest.raises(ValidationError, match="A work plan for 2023\u20132024 exists already"):
        work_plan_carry_forward(plan=old, user=secretariat)

    assert WorkPlan.objects.filter(period_start=2023).count() == 1


def test_the_copies_have_a_history_saying_who_created_them(secretariat):
    old = make_plan()

    new, _ = work_plan_carry_forward(plan=old, user=secretariat)

    created = Activity.history.filter(outcome__work_plan=new, history_type="+")
    assert created.count() == 4
    assert {h.history_user for h in created} == {secretariat}
    assert Milestone.history.filter(history_user=secretariat, history_type="+").count() == 12


def test_due_dates_move_forward_too_and_29_february_becomes_28(secretariat):
    old = make_plan(1, outcomes=1, period=(2023, 2024))
    Milestone.objects.filter(text="Milestone 1.1.a").update(due_date=datetime.date(2024, 2, 29))
    Milestone.objects.filter(text="Milestone 1.1.b").update(due_date=datetime.date(2023, 11, 15))

    new, _ = work_plan_carry_forward(plan=old, user=secretariat)

    due = dict(
        Milestone.objects.filter(activity__outcome__work_plan=new).values_list("text", "due_date")
    )
    assert due["Milestone 1.1.a"] == datetime.date(2026, 2, 28)
    assert due["Milestone 1.1.b"] == datetime.date(2025, 11, 15)


@pytest.mark.parametrize(
    ("title", "first_year", "expected"),
    [
        (
            "Environment Management Group work plan 2021- 2022",
            2021,
            "Environment Management Group work plan 2023- 2024",
        ),
        # 2022 → 2024 and 2023 → 2025, each once: 2024 written is not shifted again.
        ("Work plan 2022\u20132023", 2022, "Work plan 2024\u20132025"),
        ("Plan for 2021-2022, as revised in 2020", 2021, "Plan for 2023-2024, as revised in 2020"),
        ("EMG work plan", 2021, "EMG work plan 2023\u20132024"),
    ],
)
def test_the_new_title_carries_the_new_years(title, first_year, expected):
    old = WorkPlan(title=title, period_start=first_year, period_end=first_year + 1)

    assert carried_title(old, first_year + 2, first_year + 3) == expected


def test_why_an_activity_is_left_out():
    def mandate(**values):
        return Mandate(name="Task Team on Omega", key="tt:omega", **values)

    assert left_out_reason(None, PERIOD_START) is None
    assert left_out_reason(mandate(status="active"), PERIOD_START) is None
    assert left_out_reason(mandate(status="concluded"), PERIOD_START) == (
        "Its mandate was concluded."
    )
    assert left_out_reason(
        mandate(status="concluded", end_date=datetime.date(2020, 10, 28)), PERIOD_START
    ) == ("Its mandate was concluded on 28 October 2020.")
    assert left_out_reason(mandate(status="transferred"), PERIOD_START) == (
        "Its mandate was transferred."
    )
    assert (
        left_out_reason(
            mandate(status="concluded", end_date=datetime.date(2023, 1, 1)), PERIOD_START
        )
        is None
    )
    assert left_out_reason(
        mandate(status="active", end_date=datetime.date(2022, 12, 31)), PERIOD_START
    ) == ("Its mandate ends on 31 December 2022, before the period starts.")


def test_carrying_forward_by_the_page_shows_what_was_left_out(client_as, secretariat):
    concluded = MandateFactory(name="UN E-waste Coalition", status="transferred")
    old = make_plan(1, mandate=concluded)

    response = client_as(secretariat).post(
        reverse("workplans:carry_forward", args=[old.pk]), follow=True
    )

    new = WorkPlan.objects.get(period_start=2023)
    assert response.redirect_chain[-1][0] == reverse("workplans:carried_forward", args=[new.pk])
    page = response.content.decode()
    assert f"Draft {new.title} created from {old.title}." in page
    assert "Activities of 2021\u20132022 left out" in page
    for title in ("Activity 1.1", "Activity 2.1"):
        assert title in page
    assert "UN E-waste Coalition" in page
    assert "Its mandate was transferred." in page
    assert reverse("mandates:detail", args=[concluded.pk]) in page
    assert not Activity.objects.filter(outcome__work_plan=new).exists()


def test_carrying_forward_twice_by_the_page_says_the_plan_exists(client_as, secretariat):
    old = make_plan()
    client = client_as(secretariat)
    client.post(reverse("workplans:carry_forward", args=[old.pk]))

    response = client.post(reverse("workplans:carry_forward", args=[old.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("workplans:revisions", args=[old.pk])
    assert "A work plan for 2023\u20132024 exists already." in response.content.decode()
    page = client.get(reverse("workplans:revisions", args=[old.pk])).content.decode()
    assert "EMG work plan 2023\u20132024" in page  # a link to it instead of the button
    assert "Carry forward to" not in page


def test_the_left_out_page_of_a_first_plan_says_there_is_nothing_before_it(
    client_as, senior_official
):
    plan = make_plan()

    page = client_as(senior_official).get(reverse("workplans:carried_forward", args=[plan.pk]))

    assert "There is no plan for 2019\u20132020 to compare this one with." in page.content.decode()


def test_the_left_out_page_costs_the_same_queries_for_ten_times_the_plan(
    client_as, secretariat, django_assert_num_queries
):
    client = client_as(secretariat)
    pages = []
    for size, years in ((1, (2015, 2016)), (10, (2019, 2020))):
        ended = MandateFactory(status="concluded")
        old = make_plan(size, period=years, mandate=ended)
        new, _ = work_plan_carry_forward(plan=old, user=secretariat)
        pages.append(reverse("workplans:carried_forward", args=[new.pk]))

    with CaptureQueriesContext(connection) as one:
        assert client.get(pages[0]).status_code == 200
    with django_assert_num_queries(len(one)):
        assert client.get(pages[1]).status_code == 200


def test_the_left_out_page_costs_the_same_queries_with_or_without_a_plan_before(
    client_as, secretariat, django_assert_num_queries
):
    client = client_as(secretariat)
    first = make_plan(1, period=(2015, 2016))
    carried, _ = work_plan_carry_forward(plan=first, user=secretariat)

    def page(plan):
        return client.get(reverse("workplans:carried_forward", args=[plan.pk]))

    with CaptureQueriesContext(connection) as without_previous:
        assert page(first).status_code == 200
    with django_assert_num_queries(len(without_previous)):
        assert page(carried).status_code == 200
