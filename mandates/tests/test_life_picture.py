"""A mandate's life across SOMs as a picture on its page: the periods it ran, established then
extended, ended where it was concluded; a marker per decision linked to it; meetings without a
date named, not drawn; user text escaped."""

import datetime

import pytest
from django.urls import reverse

from emg.models import Meeting, Session
from emg.tests.pictures import find_all, pictures_of
from mandates.models import Decision, DecisionSection
from mandates.tests.factories import MandateFactory
from mandates.tests.pages import detail_url

pytestmark = pytest.mark.django_db


def decide(mandate, number, day, *verbs_and_ends):
    """SOM ``number``, held on ``day`` (None: no date yet), with a section of decisions about
    ``mandate``: one per (verb, effective_until)."""
    meeting = Meeting.objects.create(number=number)
    if day is not None:
        Session.objects.create(meeting=meeting, segment=Session.Segment.SENIOR, date=day)
    section = DecisionSection.objects.create(
        meeting=meeting, order=1, title=mandate.name, mandate=mandate
    )
    return [
        Decision.objects.create(
            section=section,
            order=order,
            verb=verb,
            effective_until=until,
            text=f"Decide to {verb} at SOM {number}",
        )
        for order, (verb, until) in enumerate(verbs_and_ends, start=1)
    ]


@pytest.fixture
def lived():
    """Established at SOM 20 until 2016, extended at SOM 21 to 2018, a request at SOM 22,
    concluded at SOM 23 in 2017; SOM 24 has no date yet."""
    mandate = MandateFactory(name="IMG on <Sustainability> & Co")
    decide(mandate, 20, datetime.date(2014, 9, 1), ("establish", datetime.date(2016, 9, 1)))
    decide(mandate, 21, datetime.date(2015, 9, 1), ("extend", datetime.date(2018, 9, 1)))
    decide(mandate, 22, datetime.date(2016, 9, 1), ("request", None), ("welcome", None))
    decide(mandate, 23, datetime.date(2017, 9, 1), ("conclude", None))
    decide(mandate, 24, None, ("take_note", None))
    return mandate


def test_the_mandate_page_draws_its_periods_and_a_marker_per_decision(
    client_as, senior_official, lived
):
    [svg] = pictures_of(client_as(senior_official).get(detail_url(lived)).content.decode())

    periods = find_all(svg, "g", "emg-life-period")
    assert [p.get("class").split()[1] for p in periods] == [
        "emg-life-established",
        "emg-life-extended",
    ]
    established, extended = (find_all(p, "rect", "emg-life-bar")[0] for p in periods)
    # The extension runs on from where the establishment ended, until the conclusion.
    established_end = float(established.get("x")) + float(established.get("width"))
    assert float(extended.get("x")) == pytest.approx(established_end, abs=0.2)
    assert len(find_all(svg, "g", "emg-life-end")) == 1
    decisions = find_all(svg, "g", "emg-life-decision")
    assert len(decisions) == 5  # SOM 24's decision has no date to stand at
    links = [a.get("href") for a in svg.iter("{http://www.w3.org/2000/svg}a")]
    request = Decision.objects.get(verb="request")
    assert reverse("meetings:detail", kwargs={"number": 22}) + f"#decision-{request.pk}" in links
    desc = svg.find("{http://www.w3.org/2000/svg}desc").text
    assert "Established at SOM 20, from 1 September 2014 to 1 September 2016" in desc
    assert "Extended at SOM 21, from 1 September 2016 to 1 September 2017" in desc
    assert "The decisions of SOM 24, which have no date, are not drawn." in desc


def test_the_mandates_name_in_the_picture_is_escaped(client_as, senior_official, lived):
    html = client_as(senior_official).get(detail_url(lived)).content.decode()

    [svg] = pictures_of(html)
    assert svg.find("{http://www.w3.org/2000/svg}title").text == (
        "The life of IMG on <Sustainability> & Co across SOMs"
    )
    assert "IMG on <Sustainability>" not in html


def test_a_mandate_with_no_dated_decision_has_no_picture(client_as, senior_official):
    mandate = MandateFactory()
    decide(mandate, 30, None, ("establish", None))

    html = client_as(senior_official).get(detail_url(mandate)).content.decode()

    assert pictures_of(html) == []
    assert "Decide to establish at SOM 30" in html
