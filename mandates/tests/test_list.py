"""The mandates list: its rows, filters, sorting and pages; and the home page's mandates ending
soon, which leads to it."""

import datetime
import re

import pytest
from django.urls import reverse

from emg.models import Entity
from emg.tests.factories import EntityFactory, UserFactory
from mandates.models import Mandate, Membership
from mandates.tests.factories import MandateFactory
from mandates.tests.pages import list_page, listed, text_of

pytestmark = pytest.mark.django_db

SOIL, OCEANS, WASTE = (
    "Issue Management Group on Soil",
    "Task Team on Oceans",
    "UN E-waste Coalition",
)


@pytest.fixture
def bodies(db):
    unep, undp, fao = (EntityFactory(acronym=a) for a in ("UNEP", "UNDP", "FAO"))
    ocean = MandateFactory(
        name="Task Team on Oceans",
        key="task_team:ocean",
        kind=Mandate.Kind.TASK_TEAM,
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2020, 12, 31),
    )
    waste = MandateFactory(
        name="UN E-waste Coalition",
        key="coalition:ewaste",
        kind=Mandate.Kind.COALITION,
        status=Mandate.Status.TRANSFERRED,
        start_date=datetime.date(2018, 1, 1),
        end_date=datetime.date(2020, 10, 28),
    )
    soil = MandateFactory(
        name="Issue Management Group on Soil",
        key="img:soil",
        short_name="SOIL",
        end_date=datetime.date(2022, 12, 31),
    )
    soil.aliases.create(name="IMG on Land Degradation")
    Membership.objects.create(mandate=ocean, entity=unep, role=Membership.Role.LEAD)
    Membership.objects.create(mandate=ocean, entity=fao, role=Membership.Role.MEMBER)
    Membership.objects.create(mandate=waste, entity=undp, role=Membership.Role.CO_LEAD)
    Membership.objects.create(mandate=soil, entity=unep, role=Membership.Role.MEMBER)
    return ocean, waste, soil


def test_the_list_shows_every_mandate_with_its_leads_kind_status_and_dates(
    client_as, senior_official, bodies
):
    response = list_page(client_as(senior_official))

    assert listed(response) == [
        "Issue Management Group on Soil",
        "Task Team on Oceans",
        "UN E-waste Coalition",
    ]
    page = text_of(response)
    assert "3 mandates" in page
    assert "Task Team on Oceans UNEP Task team Active 1 Jan 2019 31 Dec 2020" in page
    assert "UN E-waste Coalition UNDP (co-lead) Coalition Transferred" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=coalition", ["UN E-waste Coalition"]),
        ("status=active", ["Issue Management Group on Soil", "Task Team on Oceans"]),
        ("lead=UNEP", ["Task Team on Oceans"]),
        ("lead=UNDP", ["UN E-waste Coalition"]),  # a co-lead leads too
        ("member=UNEP", ["Issue Management Group on Soil", "Task Team on Oceans"]),
        ("member=FAO", ["Task Team on Oceans"]),
        ("active_on=2020-10-01", [SOIL, OCEANS, WASTE]),
        ("active_on=2020-11-15", [SOIL, OCEANS]),
        ("active_on=2021-06-01", [SOIL]),
        ("active_on=2023-01-01", []),
        ("q=oceans", ["Task Team on Oceans"]),
        ("q=soil", ["Issue Management Group on Soil"]),
        ("q=land+degradation", ["Issue Management Group on Soil"]),  # another name it goes by
        ("q=e-waste+coalition", ["UN E-waste Coalition"]),
        ("q=nothing+like+it", []),
        ("kind=img&member=UNEP&status=active", ["Issue Management Group on Soil"]),
    ],
)
def test_the_list_filters(client_as, secretariat, bodies, query, expected):
    assert listed(list_page(client_as(secretariat), query)) == expected


def test_filtering_by_lead_does_not_count_plain_members(client_as, secretariat, bodies):
    # UNEP is a member of the IMG on Soil, but leads only the Task Team on Oceans.
    assert "Issue Management Group on Soil" not in listed(
        list_page(client_as(secretariat), "lead=UNEP")
    )


def test_the_lead_and_member_selects_offer_every_entity_from_one_query(
    bodies, django_assert_num_queries
):
    from django.http import QueryDict

    from mandates.filters import MandateFilter

    with django_assert_num_queries(1):
        form = MandateFilter(QueryDict(""), queryset=Mandate.objects.none()).form
        # Read twice: the choices are read once, whoever asks for them.
        for _ in range(2):
            offered = {
                name: [key for key, _ in form.fields[name].choices] for name in ("lead", "member")
            }

    acronyms = list(Entity.objects.order_by("acronym").values_list("acronym", flat=True))
    assert offered == {"lead": ["", *acronyms], "member": ["", *acronyms]}


def test_an_unknown_entity_in_the_filters_is_explained(client_as, secretariat, bodies):
    response = list_page(client_as(secretariat), "lead=NOSUCH&kind=coalition")

    assert "Select a valid choice." in response.content.decode()
    assert listed(response) == ["UN E-waste Coalition"]


def test_a_bad_filter_value_is_explained_next_to_its_field(client_as, secretariat, bodies):
    response = list_page(client_as(secretariat), "active_on=someday&kind=img")

    assert "Enter a valid date." in response.content.decode()
    assert listed(response) == ["Issue Management Group on Soil"]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("end", [WASTE, OCEANS, SOIL]),
        ("-end", [SOIL, OCEANS, WASTE]),
        ("-start", [OCEANS, WASTE]),
        ("-name", [WASTE, OCEANS, SOIL]),
        ("kind", [WASTE, SOIL, OCEANS]),
        ("status", [SOIL, OCEANS, WASTE]),  # ties by name
        ("-status", [WASTE, SOIL, OCEANS]),
    ],
)
def test_the_list_sorts_by_a_column(client_as, secretariat, bodies, ordering, expected):
    names = listed(list_page(client_as(secretariat), f"ordering={ordering}"))

    # A mandate without a start date sorts first or last, as the database puts empty values.
    assert [name for name in names if name in expected] == expected


def test_column_headers_sort_and_reverse_keeping_the_filters(client_as, secretariat, bodies):
    html = list_page(client_as(secretariat), "status=active&ordering=name").content.decode()

    assert 'href="?status=active&amp;ordering=-name"' in html
    assert 'href="?status=active&amp;ordering=end"' in html
    assert 'aria-sort="ascending"' in html


def test_the_list_shows_25_mandates_a_page_and_page_links_keep_the_filters(client_as, secretariat):
    for number in range(30):
        MandateFactory(name=f"Task Team on Topic {number:02}", kind=Mandate.Kind.TASK_TEAM)
    MandateFactory(name="Issue Management Group on Other", kind=Mandate.Kind.IMG)
    client = client_as(secretariat)

    first = list_page(client, "kind=task_team")
    second = list_page(client, "kind=task_team&page=2")

    assert len(listed(first)) == 25
    assert listed(second)[-1] == "Task Team on Topic 29"
    assert len(listed(second)) == 5
    assert 'href="?kind=task_team&amp;page=2"' in first.content.decode()
    assert 'aria-current="page">2</a>' in second.content.decode()


def test_users_without_a_role_may_not_see_the_list(client_as):
    assert client_as(UserFactory(role="")).get(reverse("mandates:list")).status_code == 403


def test_the_navigation_leads_to_the_mandates(client_as, focal_point):
    html = client_as(focal_point).get(reverse("home")).content.decode()

    assert f'href="{reverse("mandates:list")}"' in html


def test_the_home_page_names_the_ten_mandates_ending_soonest_and_links_to_the_rest(
    client_as, secretariat
):
    from django.utils import timezone

    today = timezone.localdate()
    for day in range(12):
        MandateFactory(
            name=f"Task Team {day:02}",
            status=Mandate.Status.ACTIVE,
            end_date=today + datetime.timedelta(days=day),
        )

    html = client_as(secretariat).get("/").content.decode()
    panel = html[html.index('id="panel-mandates-ending"') :]
    panel = panel[: panel.index("</section>")]

    assert re.findall(r"Task Team \d\d", panel) == [f"Task Team {day:02}" for day in range(10)]
    assert "12 items" in panel
    assert "All 12 mandates ending, with every active mandate by end date" in panel
    assert "/mandates/?status=active&amp;ordering=end" in panel
