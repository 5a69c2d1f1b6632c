"""Calendar feeds: a person's own (made, shown once and reset on /calendar/, fetched without
signing in at /calendar/<token>.ics) and a meeting's (/meetings/26/calendar.ics). Every feed is
parsed back with icalendar, as a calendar client reads it."""

import datetime
import hashlib
import re

import icalendar
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emg import services
from emg.models import CalendarFeed, Meeting, Session
from emg.tests.payloads import XSS
from mandates.models import FocalPoint
from mandates.tests.factories import MandateFactory
from progress.models import ReportingRound, Task
from workplans.models import Activity, Milestone

pytestmark = pytest.mark.django_db

HOST = "localhost"  # of settings.SITE_URL in the tests


def feed_url(token: str) -> str:
    return reverse("calendar_feed", kwargs={"token": token})


def fetch(url: str) -> icalendar.Calendar:
    """The feed at ``url`` as a calendar client gets it: without signing in."""
    response = Client().get(url)
    assert response.status_code == 200, response.status_code
    return icalendar.Calendar.from_ical(response.content)


def personal_feed(user) -> icalendar.Calendar:
    return fetch(feed_url(services.calendar_feed_reset(user=user)))


def events(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    """The calendar's events by UID."""
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def uid(kind: str, pk: int) -> str:
    return f"{kind}-{pk}@{HOST}"


def shown_url(response) -> str:
    """The feed's address as the page shows it after making or resetting it."""
    found = re.search(r'id="feed-url"[^>]*value="([^"]+)"', response.content.decode())
    assert found, "the page shows no feed address"
    return found.group(1)


# The page: making, showing once, resetting


def test_the_page_offers_to_make_a_feed_to_someone_who_has_none(client_as, focal_point):
    response = client_as(focal_point).get(reverse("calendar"))

    assert response.status_code == 200
    assert "You have no calendar feed yet." in response.content.decode()
    assert 'id="feed-url"' not in response.content.decode()


def test_making_a_feed_shows_its_absolute_address_once_and_stores_only_its_hash(
    client_as, focal_point
):
    client = client_as(focal_point)

    made = client.post(reverse("calendar"))
    url = shown_url(made)
    again = client.get(reverse("calendar"))

    assert made.status_code == 200
    assert url.startswith(settings.SITE_URL + "/calendar/") and url.endswith(".ics")
    token = url.removeprefix(settings.SITE_URL + "/calendar/").removesuffix(".ics")
    assert len(token) >= 43
    stored = CalendarFeed.objects.get(user=focal_point)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored.token_hash
    assert again.status_code == 200
    assert token not in again.content.decode()
    assert "Reset the address" in again.content.decode()
    assert "no-store" in made["Cache-Control"]


def test_the_address_shown_answers_with_the_feed(client_as, focal_point, world):
    url = shown_url(client_as(focal_point).post(reverse("calendar")))

    calendar = fetch(url.removeprefix(settings.SITE_URL))

    assert uid("session", world.session.pk) in events(calendar)


def test_resetting_makes_the_old_address_answer_404_at_once(client_as, focal_point, world):
    client = client_as(focal_point)
    old = shown_url(client.post(reverse("calendar"))).removeprefix(settings.SITE_URL)

    new = shown_url(client.post(reverse("calendar"))).removeprefix(settings.SITE_URL)

    assert new != old
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    assert CalendarFeed.objects.filter(user=focal_point).count() == 1


def test_a_double_post_leaves_one_feed_whose_last_address_works(client_as, focal_point):
    client = client_as(focal_point)

    first = client.post(reverse("calendar"))
    second = client.post(reverse("calendar"))

    assert (first.status_code, second.status_code) == (200, 200)
    assert CalendarFeed.objects.filter(user=focal_point).count() == 1
    assert Client().get(shown_url(first).removeprefix(settings.SITE_URL)).status_code == 404
    assert Client().get(shown_url(second).removeprefix(settings.SITE_URL)).status_code == 200


def test_someone_without_a_role_has_no_calendar_page(client_as, focal_point):
    focal_point.role = ""
    focal_point.save()

    assert client_as(focal_point).get(reverse("calendar")).status_code == 403
    assert client_as(focal_point).post(reverse("calendar")).status_code == 403
    assert not CalendarFeed.objects.exists()


def test_the_header_links_to_the_calendar_page(client_as, senior_official):
    page = client_as(senior_official).get(reverse("home")).content.decode()

    assert f'href="{reverse("calendar")}"' in page


# The feed's address


def test_an_unknown_token_answers_404(db):
    assert Client().get(feed_url("no-such-token")).status_code == 404
    assert Client().get(feed_url("x" * 500)).status_code == 404


def test_a_deactivated_persons_feed_answers_404(focal_point):
    token = services.calendar_feed_reset(user=focal_point)
    focal_point.is_active = False
    focal_point.save()

    assert Client().get(feed_url(token)).status_code == 404


def test_the_feed_of_someone_who_lost_their_role_answers_404(focal_point):
    token = services.calendar_feed_reset(user=focal_point)
    focal_point.role = ""
    focal_point.save()

    assert Client().get(feed_url(token)).status_code == 404


def test_the_feed_is_a_calendar_shown_inline_and_never_cached(focal_point, world):
    response = Client().get(feed_url(services.calendar_feed_reset(user=focal_point)))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="emg-calendar.ics"'
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")


# What each person's feed shows


@pytest.fixture
def dated_milestones(world):
    """The world's milestone of ``mandate`` due on a date, and one of ``other_mandate`` with a
    schedule in the same plan."""
    world.milestone.due_date = datetime.date(2021, 6, 30)
    world.milestone.save()
    other_activity = Activity.objects.create(
        outcome=world.outcome, order=2, mandate=world.other_mandate, title="Omega's part"
    )
    other = Milestone(activity=other_activity, order=1, text="Omega's milestone")
    other.schedule_start, other.schedule_start_precision = datetime.date(2022, 1, 1), "month"
    other.schedule_end, other.schedule_end_precision = datetime.date(2022, 3, 31), "month"
    other.save()
    return world.milestone, other


def test_a_focal_points_feed_holds_sessions_open_rounds_and_only_their_mandates_work(
    world, dated_milestones
):
    mine, theirs = dated_milestones
    other_task = Task.objects.create(
        round=world.round, mandate=world.other_mandate, order=2, text="Omega's task"
    )

    found = events(personal_feed(world.people["focal_point"]))

    assert set(found) == {
        uid("session", world.session.pk),
        uid("round-deadline", world.round.pk),
        uid("task", world.task.pk),
        uid("milestone", mine.pk),
    }
    assert uid("task", other_task.pk) not in found
    assert uid("milestone", theirs.pk) not in found
    assert uid("round-deadline", world.draft_round.pk) not in found
    task = found[uid("task", world.task.pk)]
    assert task.decoded("DTSTART") == world.round.deadline
    assert str(task["SUMMARY"]) == "Report due: Agree on the approach"
    assert str(task["URL"]) == settings.SITE_URL + reverse(
        "progress:task", kwargs={"pk": world.task.pk}
    )
    milestone = found[uid("milestone", mine.pk)]
    assert milestone.decoded("DTSTART") == datetime.date(2021, 6, 30)
    assert milestone.decoded("DTEND") == datetime.date(2021, 7, 1)


def test_the_other_focal_points_feed_holds_their_own_mandates_work_only(world, dated_milestones):
    mine, theirs = dated_milestones

    found = events(personal_feed(world.people["other_focal_point"]))

    assert set(found) == {
        uid("session", world.session.pk),
        uid("round-deadline", world.round.pk),
        uid("milestone", theirs.pk),
    }
    assert uid("milestone", mine.pk) not in found
    assert uid("task", world.task.pk) not in found
    scheduled = found[uid("milestone", theirs.pk)]
    # A schedule without a due date: the whole period, all day, as a mark rather than busy time.
    assert scheduled.decoded("DTSTART") == datetime.date(2022, 1, 1)
    assert scheduled.decoded("DTEND") == datetime.date(2022, 4, 1)
    assert str(scheduled["TRANSP"]) == "TRANSPARENT"


def test_the_secretariats_feed_holds_every_rounds_deadline_and_no_tasks(world, dated_milestones):
    found = events(personal_feed(world.people["secretariat"]))

    assert set(found) == {
        uid("session", world.session.pk),
        uid("round-deadline", world.round.pk),
        uid("round-deadline", world.draft_round.pk),
    }
    deadline = found[uid("round-deadline", world.draft_round.pk)]
    assert deadline.decoded("DTSTART") == datetime.date(2020, 9, 30)
    assert str(deadline["URL"]).endswith(
        reverse("progress:round", kwargs={"pk": world.draft_round.pk})
    )


def test_a_senior_officials_feed_holds_sessions_and_opened_rounds_only(world, dated_milestones):
    found = events(personal_feed(world.people["senior_official"]))

    assert set(found) == {uid("session", world.session.pk), uid("round-deadline", world.round.pk)}


def test_a_focal_point_of_a_superseded_plans_milestone_does_not_get_it_twice(
    world, dated_milestones
):
    world.work_plan.status = "superseded"
    world.work_plan.save()

    found = events(personal_feed(world.people["focal_point"]))

    assert uid("milestone", world.milestone.pk) not in found


def test_a_focal_point_of_two_mandates_gets_each_task_once(world):
    FocalPoint.objects.create(
        mandate=world.other_mandate, user=world.people["focal_point"], nominated_by=world.entity
    )
    other_task = Task.objects.create(
        round=world.round, mandate=world.other_mandate, order=2, text="Omega's task"
    )

    calendar = personal_feed(world.people["focal_point"])
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]

    assert uids.count(uid("task", world.task.pk)) == 1
    assert uids.count(uid("task", other_task.pk)) == 1
    assert len(uids) == len(set(uids))


# Events: identity, times, zones


def test_uids_stay_the_same_across_fetches_and_sequence_follows_the_version(world):
    token = services.calendar_feed_reset(user=world.people["focal_point"])
    first = events(fetch(feed_url(token)))
    session = world.session
    services.session_update(
        session=session,
        version=session.version,
        segment=session.segment,
        date=session.date,
        start_time=None,
        end_time=None,
        time_zone="",
        venue="Nairobi",
        online=False,
        online_platform="",
    )

    second = events(fetch(feed_url(token)))

    assert set(first) == set(second)
    key = uid("session", world.session.pk)
    assert int(second[key]["SEQUENCE"]) == int(first[key]["SEQUENCE"]) + 1
    assert str(second[key]["LOCATION"]) == "Nairobi"
    for event in second.values():
        assert isinstance(event.decoded("DTSTAMP"), datetime.datetime)


def test_a_session_without_times_is_an_all_day_event_online(world):
    found = events(personal_feed(world.people["senior_official"]))
    session = found[uid("session", world.session.pk)]

    assert session.decoded("DTSTART") == datetime.date(2020, 10, 28)
    assert session.decoded("DTEND") == datetime.date(2020, 10, 29)
    assert str(session["LOCATION"]) == "Online"
    assert str(session["SUMMARY"]) == "SOM 26 · Senior officials' segment"
    assert str(session["URL"]) == settings.SITE_URL + reverse(
        "meetings:detail", kwargs={"number": 26}
    )


@pytest.mark.parametrize(
    ("announced", "zone"),
    [("", "Europe/Zurich"), ("Geneva time", "Europe/Zurich"), ("Africa/Nairobi", "Africa/Nairobi")],
)
def test_a_session_with_times_is_in_its_own_zone_or_genevas(client_as, world, announced, zone):
    world.session.start_time = datetime.time(14, 0)
    world.session.end_time = datetime.time(17, 30)
    world.session.time_zone = announced
    world.session.online = False
    world.session.venue = "Palais des Nations"
    world.session.save()

    response = client_as(world.people["focal_point"]).get(
        reverse("meetings:calendar", kwargs={"number": 26})
    )
    calendar = icalendar.Calendar.from_ical(response.content)
    session = events(calendar)[uid("session", world.session.pk)]

    start, end = session.decoded("DTSTART"), session.decoded("DTEND")
    assert start.tzinfo is not None and str(start.tzinfo) == zone
    assert (start.hour, start.minute, end.hour, end.minute) == (14, 0, 17, 30)
    assert session["DTSTART"].params["TZID"] == zone
    assert zone in [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
    assert str(session["LOCATION"]) == "Palais des Nations"
    assert str(session["TRANSP"]) == "OPAQUE"


# A meeting's feed


def test_a_meetings_feed_holds_its_dated_sessions_only(client_as, world):
    Session.objects.create(
        meeting=world.meeting, segment=Session.Segment.TECHNICAL, venue="To be announced"
    )
    other = Meeting.objects.create(number=27)
    other_session = Session.objects.create(
        meeting=other, segment=Session.Segment.SENIOR, date=datetime.date(2021, 10, 1)
    )

    response = client_as(world.people["senior_official"]).get(
        reverse("meetings:calendar", kwargs={"number": 26})
    )
    calendar = icalendar.Calendar.from_ical(response.content)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="emg-som-26.ics"'
    assert set(events(calendar)) == {uid("session", world.session.pk)}
    assert uid("session", other_session.pk) not in events(calendar)
    assert str(calendar["X-WR-CALNAME"]) == "SOM 26 · 26th Senior Officials Meeting"


def test_a_meeting_that_does_not_exist_has_no_feed(client_as, senior_official):
    response = client_as(senior_official).get(reverse("meetings:calendar", kwargs={"number": 99}))

    assert response.status_code == 404


def test_the_meeting_page_links_to_its_feed(client_as, world):
    page = client_as(world.people["focal_point"]).get(
        reverse("meetings:detail", kwargs={"number": 26})
    )

    assert f'href="{reverse("meetings:calendar", kwargs={"number": 26})}"' in page.content.decode()


# Hostile text comes out as the text typed


@pytest.mark.parametrize("payload", XSS)
def test_typed_markup_comes_back_as_the_text_typed(world, payload):
    world.meeting.title = payload[:300]
    world.meeting.save()
    world.session.online = False
    world.session.venue = payload[:300]
    world.session.save()
    world.round.title = payload[:300]
    world.round.save()
    world.task.text = payload
    world.task.save()
    world.milestone.text = payload
    world.milestone.due_date = datetime.date(2021, 6, 30)
    world.milestone.save()

    found = events(personal_feed(world.people["focal_point"]))

    session = found[uid("session", world.session.pk)]
    assert str(session["LOCATION"]) == payload[:300]
    assert str(session["DESCRIPTION"]) == payload[:300]
    assert str(found[uid("round-deadline", world.round.pk)]["SUMMARY"]) == (
        "Deadline: " + payload[:300]
    )
    assert str(found[uid("task", world.task.pk)]["DESCRIPTION"]).endswith("\n\n" + payload)
    assert str(found[uid("milestone", world.milestone.pk)]["DESCRIPTION"]).endswith(
        "\n\n" + payload
    )


# Queries do not grow with the events


def add_work(world, n: int, start: int) -> None:
    """``n`` more meetings with a dated session, rounds with a task of the focal point's
    mandate, and milestones of it."""
    for i in range(start, start + n):
        meeting = Meeting.objects.create(number=100 + i)
        Session.objects.create(
            meeting=meeting,
            segment=Session.Segment.SENIOR,
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=i),
            start_time=datetime.time(9, 0),
            time_zone="Africa/Nairobi" if i % 2 else "",
        )
        report_round = ReportingRound.objects.create(
            meeting=meeting,
            title=f"Round {i}",
            deadline=datetime.date(2024, 1, 1),
            state=ReportingRound.State.OPEN,
        )
        Task.objects.create(round=report_round, mandate=world.mandate, order=1, text=f"Task {i}")
        Milestone.objects.create(
            activity=world.activity,
            order=10 + i,
            text=f"Milestone {i}",
            due_date=datetime.date(2024, 2, 1),
        )


def queries(url: str, client=None) -> tuple[int, int]:
    """How many queries fetching ``url`` runs, and how many events it answers with."""
    client = client or Client()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), len(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))


def test_a_personal_feed_runs_as_many_queries_for_many_events_as_for_few(world):
    url = feed_url(services.calendar_feed_reset(user=world.people["focal_point"]))
    add_work(world, 1, start=1)
    few, few_events = queries(url)

    add_work(world, 6, start=2)
    many, many_events = queries(url)

    assert many_events == few_events + 6 * 4
    assert many == few


def test_a_meetings_feed_runs_as_many_queries_for_three_sessions_as_for_one(client_as, world):
    client = client_as(world.people["senior_official"])
    url = reverse("meetings:calendar", kwargs={"number": 26})
    one, one_event = queries(url, client)

    for segment in (Session.Segment.TECHNICAL, Session.Segment.MID_TERM_TECHNICAL):
        Session.objects.create(
            meeting=world.meeting, segment=segment, date=datetime.date(2020, 10, 27)
        )
    three, three_events = queries(url, client)

    assert (one_event, three_events) == (1, 3)
    assert three == one


def test_a_new_mandate_of_a_focal_point_brings_its_work_into_the_same_feed(world):
    token = services.calendar_feed_reset(user=world.people["other_focal_point"])
    later = MandateFactory()
    FocalPoint.objects.create(
        mandate=later, user=world.people["other_focal_point"], nominated_by=world.entity
    )
    task = Task.objects.create(round=world.round, mandate=later, order=5, text="New work")

    assert uid("task", task.pk) in events(fetch(feed_url(token)))
