"""The pages of a plan's revisions: the list with what can be done next (issue, approve), the
approval form, and the diff between any two texts, with their queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emg.tests.factories import MeetingFactory, SessionFactory
from workplans.models import Activity, Milestone, WorkPlan
from workplans.services import revision_issue, work_plan_approve
from workplans.tests.plan_builder import make_plan, quarters

pytestmark = pytest.mark.django_db


def test_the_revisions_page_offers_to_issue_the_original_of_a_new_draft(client_as, secretariat):
    plan = make_plan()

    page = client_as(secretariat).get(reverse("workplans:revisions", args=[plan.pk]))

    assert page.status_code == 200
    assert "Issue the original" in page.content.decode()
    assert "No revision has been issued yet" in page.content.decode()


def test_issuing_by_the_page_redirects_with_a_message_and_offers_rev_1_next(client_as, secretariat):
    plan = make_plan()
    client = client_as(secretariat)

    response = client.post(
        reverse("workplans:issue_revision", args=[plan.pk]),
        {"note": "The draft as sent to the members."},
        follow=True,
    )

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("workplans:revisions", args=[plan.pk])
    assert f"{plan.title} issued as the original" in page
    assert "Nothing has changed since the original." in page
    assert "The draft as sent to the members." in page  # the note, in the list
    assert "Issue Rev.1" not in page  # nothing to issue until something changes
    Activity.objects.filter(outcome__work_plan=plan).first().delete()
    page = client.get(reverse("workplans:revisions", args=[plan.pk])).content.decode()
    assert "One change since the original." in page
    assert "Issue Rev.1" in page


def test_issuing_an_unchanged_plan_by_the_page_says_why_nothing_was_issued(client_as, secretariat):
    plan = make_plan()
    revision_issue(plan=plan, note="Issued for review.", user=secretariat)

    response = client_as(secretariat).post(
        reverse("workplans:issue_revision", args=[plan.pk]), {"note": "Again."}, follow=True
    )

    assert "Nothing has changed since the original: there is nothing to issue." in (
        response.content.decode()
    )
    assert plan.revisions.count() == 1


def test_readers_see_revisions_without_the_controls(client_as, senior_official, secretariat):
    plan = make_plan()
    revision_issue(plan=plan, note="Issued for review.", user=secretariat)

    page = client_as(senior_official).get(reverse("workplans:revisions", args=[plan.pk]))

    text = page.content.decode()
    assert "From the original to the current text" in text
    assert "Approve" not in text
    assert "Carry forward" not in text
    assert "Issue" not in text.replace("Issued", "")


def test_the_approval_form_lists_soms_and_approving_freezes_the_plan(client_as, secretariat):
    plan = make_plan()
    som_27 = MeetingFactory(number=27)
    client = client_as(secretariat)

    form = client.get(reverse("workplans:approve", args=[plan.pk]))
    response = client.post(
        reverse("workplans:approve", args=[plan.pk]), {"meeting": som_27.pk}, follow=True
    )

    assert "27th Senior Officials Meeting" in form.content.decode()
    assert "approved by SOM 27 and frozen as the original" in response.content.decode()
    plan.refresh_from_db()
    assert (plan.status, plan.meeting) == (WorkPlan.Status.APPROVED, som_27)
    page = client.get(reverse("workplans:revisions", args=[plan.pk])).content.decode()
    assert "it is frozen" in page
    assert "Approve…" not in page


def test_the_approval_form_offers_only_the_soms_around_the_plans_period(client_as, secretariat):
    plan = make_plan(period=(2021, 2022))
    for number, year in [(20, 2014), (24, 2018), (25, 2019), (27, 2021), (28, 2023)]:
        SessionFactory(meeting=MeetingFactory(number=number), date=datetime.date(year, 9, 20))
    MeetingFactory(number=29)  # not dated yet: the next SOM
    client = client_as(secretariat)

    page = client.get(reverse("workplans:approve", args=[plan.pk])).content.decode()
    offered = re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", page)

    assert offered == [
        "29th Senior Officials Meeting",
        "27th Senior Officials Meeting",
        "25th Senior Officials Meeting",
    ]
    assert "2019 to 2022" in page


def test_approving_with_a_som_not_offered_is_refused_next_to_the_field(client_as, secretariat):
    plan = make_plan(period=(2021, 2022))
    long_before = SessionFactory(meeting=MeetingFactory(number=20), date=datetime.date(2014, 9, 1))

    response = client_as(secretariat).post(
        reverse("workplans:approve", args=[plan.pk]), {"meeting": long_before.meeting.pk}
    )

    assert response.status_code == 200
    assert "Choose one of the SOMs listed" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.DRAFT


def test_approving_without_a_som_shows_the_error_next_to_the_field(client_as, secretariat):
    plan = make_plan()

    response = client_as(secretariat).post(reverse("workplans:approve", args=[plan.pk]), {})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.DRAFT
    assert not plan.revisions.exists()


def test_approving_an_approved_plan_by_the_page_is_refused_with_a_message(client_as, secretariat):
    plan = make_plan()
    work_plan_approve(plan=plan, meeting=MeetingFactory(number=27), user=secretariat)

    response = client_as(secretariat).post(
        reverse("workplans:approve", args=[plan.pk]),
        {"meeting": MeetingFactory(number=28).pk},
        follow=True,
    )

    assert "This plan is already approved." in response.content.decode()
    plan.refresh_from_db()
    assert plan.meeting.number == 27


def test_the_diff_page_shows_a_milestone_schedule_change_in_the_plans_numbering(
    client_as, secretariat
):
    plan = make_plan()
    revision_issue(plan=plan, note="Issued for review.", user=secretariat)
    milestone = Milestone.objects.get(text="Milestone 1.2.a")
    milestone.schedule = quarters(2022, 3)
    milestone.save()
    activity = Activity.objects.get(title="Activity 2.1")
    activity.title = "Activity 2.1, extended"
    activity.save()

    page = client_as(secretariat).get(reverse("workplans:diff", args=[plan.pk]))

    text = page.content.decode()
    assert "Changes from the original to the current text" in text
    assert "2.(a) schedule: Q1 2022 \u2192 Q3 2022" in text
    assert "activity 3 title changed" in text
    assert (
        '<ins class="emg-diff-insert"><span class="visually-hidden">inserted: </span>, extended'
        in (text)
    )


def test_the_revisions_and_diff_pages_show_an_edit_at_once(client_as, secretariat):
    plan = make_plan()
    revision_issue(plan=plan, note="Issued for review.", user=secretariat)
    client = client_as(secretariat)
    revisions_url = reverse("workplans:revisions", args=[plan.pk])
    diff_url = reverse("workplans:diff", args=[plan.pk])
    assert "Nothing has changed since the original." in client.get(revisions_url).content.decode()
    assert "The two texts are the same." in client.get(diff_url).content.decode()

    activity = Activity.objects.get(title="Activity 2.1")
    activity.title = "Activity 2.1, extended"
    activity.save()

    assert "One change since the original." in client.get(revisions_url).content.decode()
    assert "activity 3 title changed" in client.get(diff_url).content.decode()


def test_the_diff_compares_a_revision_as_it_is_stored_now(client_as, secretariat):
    plan = make_plan()
    revision = revision_issue(plan=plan, note="Issued for review.", user=secretariat)
    client = client_as(secretariat)
    diff_url = reverse("workplans:diff", args=[plan.pk])
    assert "The two texts are the same." in client.get(diff_url).content.decode()

    snapshot = revision.snapshot
    snapshot["title"] = "An earlier title"
    type(revision).objects.filter(pk=revision.pk).update(snapshot=snapshot)  # as the admin may

    text = client.get(diff_url).content.decode()
    assert "One change" in text
    assert "An earlier title" in text


def test_the_diff_page_compares_two_revisions(client_as, secretariat, senior_official):
    plan = make_plan()
    revision_issue(plan=plan, note="Issued for review.", user=secretariat)
    Activity.objects.get(title="Activity 1.1").delete()
    revision_issue(plan=plan, note="Issued for review.", user=secretariat)
    Activity.objects.get(title="Activity 1.2").delete()  # after Rev.1: not in this comparison

    page = client_as(senior_official).get(
        reverse("workplans:diff", args=[plan.pk]), {"from": "0", "to": "1"}
    )

    text = page.content.decode()
    assert "Changes from the original to Rev.1" in text
    assert "activity 1 removed (with 3 milestones)" in text
    assert "activity 2 removed" not in text
    assert "One change" in text


def test_the_diff_page_of_a_plan_never_issued_says_so(client_as, secretariat):
    plan = make_plan()

    page = client_as(secretariat).get(reverse("workplans:diff", args=[plan.pk]))

    assert page.status_code == 200
    assert "No revision has been issued yet" in page.content.decode()


@pytest.mark.parametrize("query", [{"from": "3"}, {"to": "rev1"}, {"from": "-1"}])
def test_the_diff_page_answers_404_for_a_revision_the_plan_does_not_have(
    client_as, secretariat, query
):
    plan = make_plan()
    revision_issue(plan=plan, note="Issued for review.", user=secretariat)

    page = client_as(secretariat).get(reverse("workplans:diff", args=[plan.pk]), query)

    assert page.status_code == 404


@pytest.mark.parametrize("name", ["workplans:revisions", "workplans:diff"])
def test_revision_pages_cost_the_same_queries_for_ten_times_the_plan(
    name, client_as, secretariat, django_assert_num_queries
):
    client = client_as(secretariat)
    small, large = make_plan(1), make_plan(10, period=(2023, 2024))
    for plan in (small, large):
        for _ in range(2 if plan is small else 10):
            revision_issue(plan=plan, note="Issued for review.", user=secretariat)
            Activity.objects.filter(outcome__work_plan=plan).first().delete()

    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse(name, args=[small.pk])).status_code == 200
    with django_assert_num_queries(len(one)):
        assert client.get(reverse(name, args=[large.pk])).status_code == 200
