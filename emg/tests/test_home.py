"""Each role's home page: the panels every app gives it, each a few rows whatever the amount of
data, and the same number of queries for ten rows as for one."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from emg.models import MeetingPack
from emg.tests.factories import EntityFactory, MeetingFactory, SessionFactory, UserFactory
from mandates.models import Mandate
from mandates.tests.factories import FocalPointFactory, MandateFactory
from progress.models import ReportingRound, Task, Update
from workplans.models import WorkPlan

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def today():
    return timezone.localdate()


def days(n):
    return today() + datetime.timedelta(days=n)


def make_round(*, state=ReportingRound.State.OPEN, deadline=None, title=None):
    number = next(_numbers)
    return ReportingRound.objects.create(
        meeting=MeetingFactory(number=500 + number),
        title=title or f"Round {number}",
        state=state,
        deadline=deadline,
    )


def make_task(round, mandate, text, *, update_state=None, author=None):
    task = Task.objects.create(
        round=round, mandate=mandate, order=round.tasks.count() + 1, text=text
    )
    if update_state:
        Update.objects.create(
            task=task,
            state=update_state,
            author=author,
            submitted_by=author if update_state != Update.State.DRAFT else None,
            submitted_at=timezone.now() if update_state != Update.State.DRAFT else None,
        )
    return task


def make_work_plan(*, status=WorkPlan.Status.DRAFT, title=None):
    number = next(_numbers)
    return WorkPlan.objects.create(
        title=title or f"Work plan {number}",
        period_start=2100 + 2 * number,
        period_end=2101 + 2 * number,
        status=status,
    )


def make_ready_pack(meeting):
    now = timezone.now()
    return MeetingPack.objects.create(
        meeting=meeting,
        status=MeetingPack.Status.READY,
        progress=100,
        page_count=42,
        started_at=now,
        finished_at=now,
    )


def home_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_secretariat_home_lists_submitted_updates_awaiting_review(client_as, secretariat, mandate):
    round = make_round()
    submitted = make_task(
        round, mandate, "Prepare the nexus report", update_state=Update.State.SUBMITTED
    )
    make_task(round, mandate, "Draft the synthesis", update_state=Update.State.DRAFT)
    make_task(round, mandate, "Hold a webinar", update_state=Update.State.ACCEPTED)

    page = home_page(client_as(secretariat))

    assert "Updates awaiting review" in page
    assert "Prepare the nexus report" in page
    assert reverse("progress:review", args=[submitted.pk]) in page
    assert "Draft the synthesis" not in page
    assert "Hold a webinar" not in page


def test_secretariat_home_lists_open_rounds_and_flags_overdue_ones(client_as, secretariat):
    make_round(title="Mid-term round SOM 26", deadline=days(-3))
    make_round(title="Round before SOM 27", deadline=days(20))
    make_round(title="Round being prepared", state=ReportingRound.State.DRAFT)

    page = home_page(client_as(secretariat))

    assert "Mid-term round SOM 26" in page
    assert "Round before SOM 27" in page
    assert "Round being prepared" not in page
    assert page.count("overdue</span>") == 1


def test_secretariat_home_lists_active_mandates_ending_soon_or_ended(client_as, secretariat):
    MandateFactory(name="Ending next month", end_date=days(30))
    MandateFactory(name="Ended last week", end_date=days(-7))
    MandateFactory(name="Ending next year", end_date=days(365))
    MandateFactory(name="Concluded already", end_date=days(-7), status=Mandate.Status.CONCLUDED)

    page = home_page(client_as(secretariat))

    assert "Ending next month" in page
    assert "Ended last week" in page
    assert "still marked active" in page
    assert "Ending next year" not in page
    assert "Concluded already" not in page


def test_secretariat_home_lists_work_plans_in_draft_or_proposed(client_as, secretariat):
    make_work_plan(title="Work plan 2027-2028", status=WorkPlan.Status.DRAFT)
    make_work_plan(title="Work plan 2025-2026", status=WorkPlan.Status.PROPOSED)
    make_work_plan(title="Work plan 2021-2022", status=WorkPlan.Status.APPROVED)

    page = home_page(client_as(secretariat))

    assert "Work plan 2027-2028" in page
    assert "Work plan 2025-2026" in page
    assert "Work plan 2021-2022" not in page


def test_secretariat_home_lists_sessions_from_today_on(client_as, secretariat):
    SessionFactory(meeting=MeetingFactory(number=31), date=days(0), venue="Geneva")
    SessionFactory(meeting=MeetingFactory(number=32), date=days(40), venue="Nairobi")
    SessionFactory(meeting=MeetingFactory(number=30), date=days(-1), venue="Bonn")

    page = home_page(client_as(secretariat))

    assert "Meetings coming up" in page
    assert "Geneva" in page
    assert "Nairobi" in page
    assert "Bonn" not in page
    assert page.index("Geneva") < page.index("Nairobi")


def test_secretariat_home_shows_the_next_ten_sessions_and_links_to_all_meetings(
    client_as, secretariat
):
    for number in range(1, 13):
        meeting = MeetingFactory(number=number)
        SessionFactory(meeting=meeting, date=days(number), venue=f"Town {number}")

    page = home_page(client_as(secretariat))
    panel = page[page.index("Meetings coming up") :]

    assert "Town 10" in panel
    assert "Town 11" not in panel
    assert "12 items" in panel
    assert "The next 10 of 12 sessions coming up." in panel
    assert f'href="{reverse("meetings:list")}"' in panel


def test_secretariat_home_needs_no_link_when_every_coming_session_is_shown(client_as, secretariat):
    SessionFactory(meeting=MeetingFactory(number=31), date=days(3))

    page = home_page(client_as(secretariat))

    assert "sessions coming up." not in page


def test_focal_point_home_lists_only_their_mandates(client_as, focal_point, other_focal_point):
    page = home_page(client_as(focal_point))

    assert "My mandates" in page
    assert "Issue Management Group on Alpha" in page
    assert "Task Team on Omega" not in page


def test_focal_point_home_lists_only_their_mandates_open_tasks(
    client_as, focal_point, other_focal_point, mandate, other_mandate
):
    open_round = make_round(deadline=days(10))
    nexus = make_task(open_round, mandate, "Report on the nexus assessment")
    make_task(
        open_round,
        mandate,
        "Report on the webinar series",
        update_state=Update.State.RETURNED,
        author=focal_point,
    )
    make_task(open_round, other_mandate, "Report on the omega study")
    closed = make_round(state=ReportingRound.State.CLOSED)
    make_task(closed, mandate, "Report on last year's study")

    page = home_page(client_as(focal_point))

    assert "Report on the nexus assessment" in page
    assert reverse("progress:task", args=[nexus.pk]) in page
    assert "Not started" in page
    assert "Report on the webinar series" in page
    assert "Returned" in page
    assert "Report on the omega study" not in page
    assert "Report on last year&#x27;s study" not in page
    assert "Updates awaiting review" not in page


def test_senior_official_home_lists_meetings_latest_first_with_sessions(client_as, senior_official):
    SessionFactory(meeting=MeetingFactory(number=25), date=datetime.date(2019, 9, 12))
    SessionFactory(
        meeting=MeetingFactory(number=26), date=datetime.date(2020, 10, 28), venue="Nairobi"
    )

    page = home_page(client_as(senior_official))

    assert "SOM 26" in page
    assert "SOM 25" in page
    assert page.index("SOM 26") < page.index("SOM 25")
    assert "28 October 2020" in page
    assert "Nairobi" in page


def test_senior_official_home_lists_ready_meeting_packs_only(client_as, senior_official):
    som26 = MeetingFactory(number=26)
    make_ready_pack(som26)
    MeetingPack.objects.create(meeting=MeetingFactory(number=27), status="rendering")

    page = home_page(client_as(senior_official))
    packs = page[page.index("Meeting packs ready") :]

    assert "SOM 26" in packs
    assert "42 pages" in packs
    assert "SOM 27" not in packs
    assert "Updates awaiting review" not in page


def test_senior_official_home_shows_the_latest_ten_packs_and_how_many_are_ready(
    client_as, senior_official
):
    for number in range(1, 13):
        make_ready_pack(MeetingFactory(number=40 + number))

    page = home_page(client_as(senior_official))
    packs = page[page.index("Meeting packs ready") :]

    assert "SOM 52" in packs
    assert "SOM 43" in packs
    assert "SOM 42" not in packs
    assert "12 items" in packs
    assert "The latest 10 of 12 meeting packs ready." in packs


def test_senior_official_home_links_to_every_meeting(client_as, senior_official):
    for number in range(1, 13):
        MeetingFactory(number=number)

    page = home_page(client_as(senior_official))

    assert "SOM 3 —" in page
    assert "SOM 2 —" not in page
    assert f'href="{reverse("meetings:list")}"' in page


def test_senior_official_home_shows_a_changed_session_at_once(client_as, senior_official):
    session = SessionFactory(meeting=MeetingFactory(number=26), date=datetime.date(2020, 10, 28))
    client = client_as(senior_official)
    home_page(client)  # seen once before the change
    session.date = datetime.date(2020, 11, 3)
    session.venue = "Geneva"
    session.save()

    page = home_page(client)

    assert "3 November 2020" in page
    assert "Geneva" in page
    assert "28 October 2020" not in page


def test_user_without_a_role_is_told_the_secretariat_assigns_one(client_as):
    newcomer = UserFactory(username="nora", role="", first_name="Nora", last_name="New")

    page = home_page(client_as(newcomer))

    assert "Welcome, Nora New" in page
    assert "has no role" in page
    assert "secretariat assigns roles" in page
    assert "emg-panel" not in page


# Query counts: every home page costs the same whatever the amount of data


def add_rows(count, *, focal_point, mandate):
    """``count`` rows of everything each role's home page lists."""
    entity = EntityFactory(acronym="UNDP")
    for _ in range(count):
        number = next(_numbers)
        meeting = MeetingFactory(number=1000 + number, host=entity)
        SessionFactory(meeting=meeting, date=days(number % 50))
        make_ready_pack(meeting)
        round = make_round(deadline=days(number % 7 - 3))
        make_task(round, mandate, f"Task {number}", update_state="submitted", author=focal_point)
        make_task(round, mandate, f"Open task {number}")
        MandateFactory(end_date=days(number % 60))
        FocalPointFactory(user=focal_point, nominated_by=entity)
        make_work_plan()


def home_queries(client):
    with CaptureQueriesContext(connection) as queries:
        home_page(client)
    return len(queries)


@pytest.mark.parametrize("role", ["secretariat", "focal_point", "senior_official"])
def test_home_page_runs_as_many_queries_for_ten_rows_as_for_one(
    role, request, client_as, focal_point, mandate
):
    client = client_as(request.getfixturevalue(role))
    add_rows(1, focal_point=focal_point, mandate=mandate)
    with_one = home_queries(client)

    add_rows(9, focal_point=focal_point, mandate=mandate)
    with_ten = home_queries(client)

    assert with_ten == with_one
