"""The read-only API's own workings (emg/api/): personal tokens, who gets in, filters, pages,
the throttle, and the OpenAPI schema committed in docs/openapi.yaml. What each role reads is
the permission matrix's (each app's tests/matrix_rows.py) and progress/tests/test_api.py's."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings
from django.urls import reverse

from emg import services
from emg.models import ApiToken, Meeting
from emg.tests.factories import UserFactory

MEETINGS = "/api/v1/meetings/"


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def token_of(db):
    def make(user, name="Dashboard"):
        return services.api_token_create(user=user, name=name)

    return make


def test_a_token_reads_the_api_as_its_owner(client, senior_official, token_of, world):
    token, key = token_of(senior_official)

    response = client.get(MEETINGS, **bearer(key))

    assert response.status_code == 200
    assert [m["number"] for m in response.json()["results"]] == [26]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_database_never_holds_a_tokens_key(senior_official, token_of):
    token, key = token_of(senior_official)

    stored = ApiToken.objects.filter(pk=token.pk).values().get()

    assert key not in [str(value) for value in stored.values()]
    assert stored["key_hash"] == ApiToken.hash(key) != key
    assert key.startswith(stored["prefix"]) and len(stored["prefix"]) < len(key) // 4


def test_a_revoked_token_is_refused(client, senior_official, token_of):
    token, key = token_of(senior_official)

    services.api_token_revoke(token=token)

    assert client.get(MEETINGS, **bearer(key)).status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer not-a-token-of-ours", "Bearer", "Bearer two words", "Bearer " + "x" * 200],
)
def test_an_unknown_or_malformed_token_is_refused_in_json(client, db, header):
    response = client.get(MEETINGS, HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_deactivated_persons_token_is_refused(client, senior_official, token_of):
    _token, key = token_of(senior_official)
    senior_official.is_active = False
    senior_official.save()

    assert client.get(MEETINGS, **bearer(key)).status_code == 401


def test_a_token_of_someone_with_no_role_reads_nothing(client, token_of, db):
    _token, key = token_of(UserFactory(username="norole", role=""))

    assert client.get(MEETINGS, **bearer(key)).status_code == 403


def test_anonymous_gets_401_in_json_not_the_login_page(client, db):
    response = client.get(MEETINGS)

    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_a_filter_narrows_the_list(client_as, secretariat, world):
    Meeting.objects.create(number=27, title="27th Senior Officials Meeting")
    client = client_as(secretariat)

    everything = client.get("/api/v1/documents/").json()
    of_som_26 = client.get("/api/v1/documents/?meeting=26&kind=action_points").json()

    assert everything["count"] == 2
    assert [d["symbol"] for d in of_som_26["results"]] == ["EMG/SOM.26/03"]
    assert client.get("/api/v1/documents/?meeting=27").json()["count"] == 0


@pytest.mark.parametrize("query", ["meeting=twenty-six", "kind=minutes", "meeting=0", "q=a%00b"])
def test_a_bad_filter_value_is_a_400(client_as, secretariat, world, query):
    assert client_as(secretariat).get(f"/api/v1/documents/?{query}").status_code == 400


@pytest.mark.parametrize(
    "path", ["tasks/99999999999999999999999/", "meetings/999999/", "documents/abc/"]
)
def test_a_key_no_row_can_have_is_a_404_not_a_500(client_as, secretariat, path):
    assert client_as(secretariat).get(f"/api/v1/{path}").status_code == 404


def test_a_page_past_the_last_is_a_404(client_as, secretariat, world):
    assert client_as(secretariat).get("/api/v1/documents/?page=999").status_code == 404


def test_a_bad_filter_value_is_a_400_naming_the_filter(client_as, secretariat, world):
    response = client_as(secretariat).get("/api/v1/mandates/?kind=committee")

    assert response.status_code == 400
    assert "kind" in response.json()


def test_pages_are_no_larger_than_the_cap(client_as, secretariat, world):
    for number in range(30, 40):
        Meeting.objects.create(number=number)

    page = client_as(secretariat).get(f"{MEETINGS}?page_size=5").json()
    capped = client_as(secretariat).get(f"{MEETINGS}?page_size=100000").json()

    assert page["count"] == 11 and len(page["results"]) == 5 and page["next"]
    assert len(capped["results"]) == 11


def test_a_meeting_comes_with_its_sessions_and_numbered_agenda(client_as, senior_official, world):
    meeting = client_as(senior_official).get(f"{MEETINGS}26/").json()

    assert meeting["host"] == "UNDP"
    assert [s["segment"] for s in meeting["sessions"]] == ["senior"]
    assert [(a["number"], a["title"]) for a in meeting["agenda"]] == [("1.", "Action points")]


def test_the_api_changes_nothing(client_as, secretariat, world):
    response = client_as(secretariat).post(
        MEETINGS, {"number": 30}, content_type="application/json"
    )

    assert response.status_code == 405
    assert not Meeting.objects.filter(number=30).exists()


def test_the_throttle_answers_429_past_the_rate(client, senior_official, token_of):
    _token, key = token_of(senior_official)
    rest = settings.REST_FRAMEWORK
    rates = {**rest["DEFAULT_THROTTLE_RATES"], "user": "3/minute"}

    with override_settings(REST_FRAMEWORK={**rest, "DEFAULT_THROTTLE_RATES": rates}):
        # DRF reads its rates when the throttle class is defined: read them again here.
        from rest_framework.throttling import UserRateThrottle

        previous = UserRateThrottle.THROTTLE_RATES
        UserRateThrottle.THROTTLE_RATES = rates
        try:
            answers = [client.get(MEETINGS, **bearer(key)).status_code for _ in range(4)]
        finally:
            UserRateThrottle.THROTTLE_RATES = previous

    assert answers == [200, 200, 200, 429]


# Tokens on their page


def test_a_person_makes_a_token_and_sees_its_key_once(client_as, focal_point):
    client = client_as(focal_point)

    made = client.post(reverse("people:tokens"), {"name": "My script"})
    token = ApiToken.objects.get(user=focal_point)
    key = made.context["key"]
    later = client.get(reverse("people:tokens"))

    assert token.hash(key) == token.key_hash and token.name == "My script"
    assert key in made.content.decode()
    assert key not in later.content.decode() and token.prefix in later.content.decode()
    assert made["Cache-Control"].startswith("max-age=0")


def test_a_token_needs_a_name(client_as, focal_point):
    response = client_as(focal_point).post(reverse("people:tokens"), {"name": ""})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_a_person_revokes_their_token_and_it_stops_working(client_as, focal_point, token_of):
    token, key = token_of(focal_point)
    client = client_as(focal_point)

    response = client.post(reverse("people:token_revoke", kwargs={"pk": token.pk}))
    client.logout()

    assert response.status_code == 302
    assert client.get(MEETINGS, **bearer(key)).status_code == 401


def test_nobody_revokes_someone_elses_token(client_as, focal_point, secretariat, token_of):
    token, _key = token_of(focal_point)

    response = client_as(secretariat).post(reverse("people:token_revoke", kwargs={"pk": token.pk}))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_persons_token_list_shows_only_their_own(client_as, focal_point, secretariat, token_of):
    token_of(secretariat, name="Quarterly export")
    token_of(focal_point, name="Fiona's script")

    page = client_as(focal_point).get(reverse("people:tokens")).content.decode()

    assert "Fiona&#x27;s script" in page and "Quarterly export" not in page


# The schema


def test_the_schema_generates_without_warnings_and_is_the_committed_one(tmp_path):
    generated = tmp_path / "openapi.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(generated))

    committed = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"
    assert generated.read_text() == committed.read_text(), (
        "The API changed: run manage.py spectacular --validate --fail-on-warn "
        "--file docs/openapi.yaml and commit it."
    )


def test_drawing_the_schema_leaves_the_pages_filters_their_choices(client_as, secretariat):
    from emg.models import Session

    for number, year in ((20, 2014), (21, 2015)):
        meeting = Meeting.objects.create(number=number, title=f"Meeting of {year}")
        Session.objects.create(meeting=meeting, segment="senior", date=f"{year}-09-01")
    client = client_as(secretariat)
    # The API's filters are the pages' own: drawing the schema builds their fields.
    assert client.get(reverse("api:schema")).status_code == 200

    page = client.get(reverse("meetings:list"), {"year": "2015"})

    listed = re.findall(r'<a href="/meetings/(\d+)/">', page.content.decode())
    assert "21" in listed and "20" not in listed


def test_the_apis_page_has_no_inline_script_or_style_and_its_files_are_ours(client_as, secretariat):
    from django.contrib.staticfiles import finders

    page = client_as(secretariat).get(reverse("api:docs")).content.decode()
    scripts = re.findall(r"<script([^>]*)>", page)
    links = re.findall(r'(?:src|href)="([^"]+)"', page)

    assert "<style" not in page and " style=" not in page
    assert scripts and all("src=" in attributes for attributes in scripts)
    assert all(link.startswith("/") for link in links), links
    prefix = settings.STATIC_URL  # "/static/" once Django has read it
    static = [link.removeprefix(prefix) for link in links if link.startswith(prefix)]
    assert len(static) >= 3 and all(finders.find(path) for path in static)
    script = next(link for link in links if "script" in link and "static" not in link)
    assert client_as(secretariat).get(script)["Content-Type"].startswith("application/javascript")
