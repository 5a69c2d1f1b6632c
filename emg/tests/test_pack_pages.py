"""The pack pages: who prepares, retries and downloads a pack, the status that htmx polls, the
stale verdict asked once the page is shown, and the versions listed 25 a page."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from emg.models import Meeting, MeetingPack
from emg.packs.build import pack_build
from emg.packs.plan import PACK_FORMAT
from emg.packs.stamps import sources_stamp
from emg.tests.form_pages import messages_of, text_of
from emg.tests.packs import build, packs_url

pytestmark = pytest.mark.django_db


# The pages


def test_the_secretariat_prepares_a_pack_and_readers_download_it(
    som, client_as, secretariat, senior_official, focal_point, django_capture_on_commit_callbacks
):
    client = client_as(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("packs:prepare", kwargs={"number": som.number}))

    assert response.status_code == 302 and response.url == packs_url(som)
    pack = som.packs.get()
    assert pack.status == MeetingPack.Status.READY and pack.requested_by == secretariat
    assert pack.enqueued_at is not None
    for reader in (senior_official, focal_point):
        download = client_as(reader).get(
            reverse("packs:download", kwargs={"number": som.number, "pk": pack.pk})
        )
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert download["Content-Disposition"].startswith('attachment; filename="emg-som-26-pack')
        data = b"".join(download.streaming_content)
        assert len(PdfReader(io.BytesIO(data)).pages) == pack.page_count


def test_only_the_secretariat_prepares_and_retries(som, client_as, senior_official, focal_point):
    failed = MeetingPack.objects.create(meeting=som, status="failed", error="Stopped.")
    for user in (senior_official, focal_point):
        client = client_as(user)
        assert (
            client.post(reverse("packs:prepare", kwargs={"number": som.number})).status_code == 403
        )
        retry = reverse("packs:retry", kwargs={"number": som.number, "pk": failed.pk})
        assert client.post(retry).status_code == 403
        page = client.get(packs_url(som)).content.decode()
        assert "Prepare pack" not in page and ">Retry<" not in page
    assert som.packs.count() == 1


def test_a_pack_is_found_only_under_its_own_meeting(som, client_as, senior_official):
    other = Meeting.objects.create(number=27)
    pack = build(som)

    client = client_as(senior_official)
    for name in ("packs:download", "packs:status"):
        assert client.get(reverse(name, kwargs={"number": 27, "pk": pack.pk})).status_code == 404
    assert (
        client.get(reverse("packs:download", kwargs={"number": 26, "pk": pack.pk + 99})).status_code
        == 404
    )
    assert other.packs.count() == 0


def test_preparing_while_a_pack_is_under_way_does_not_queue_another(som, client_as, secretariat):
    under_way = MeetingPack.objects.create(
        meeting=som, status="rendering", progress=40, enqueued_at=timezone.now()
    )

    response = client_as(secretariat).post(
        reverse("packs:prepare", kwargs={"number": som.number}), follow=True
    )

    assert list(som.packs.all()) == [under_way]
    assert "A pack of this meeting is already being prepared." in messages_of(response)


def test_the_status_fragment_polls_while_building_and_stops_when_ready(
    som, client_as, senior_official
):
    pack = MeetingPack.objects.create(
        meeting=som, status="rendering", progress=40, enqueued_at=timezone.now()
    )
    client = client_as(senior_official)
    url = reverse("packs:status", kwargs={"number": som.number, "pk": pack.pk})

    building = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert f'hx-get="{url}"' in building and 'hx-trigger="every 1s"' in building
    assert '<progress class="w-100" max="100" value="40"' in building
    assert "40% done" in building

    pack_build(pack.pk)
    ready = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert f'hx-get="{url}"' not in ready and "every 1s" not in ready
    # once, to tell whether it is stale
    stale = reverse("packs:stale", kwargs={"number": som.number, "pk": pack.pk})
    assert f'hx-get="{stale}" hx-trigger="load"' in ready
    assert reverse("packs:download", kwargs={"number": som.number, "pk": pack.pk}) in ready


def test_the_pack_page_has_no_inline_script_or_handler(som, client_as, secretariat):
    MeetingPack.objects.create(meeting=som, status="rendering", enqueued_at=timezone.now())
    page = client_as(secretariat).get(packs_url(som)).content.decode()

    assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", page) == []
    assert re.findall(r"\son[a-z]+\s*=", page) == []
    assert "style=" not in page.split("<main", 1)[1]
    assert "htmx-2.0.11/htmx.min.js" in page


def stale_verdict(client, page: str) -> tuple[str, dict[str, str]]:
    """What the page's verdict request answers: the card's text and each "Stale" badge's row."""
    url = re.search(r'hx-get="([^"]*/stale/[^"]*)" hx-trigger="load"', page).group(1)
    html = client.get(url.replace("&amp;", "&"), headers={"HX-Request": "true"}).content.decode()
    card = re.search(r'<div id="pack-verdict">(.*?)</div>', html, re.S).group(1)
    badge = r'<span id="pack-(\d+)-stale" hx-swap-oob="true">(.*?)</span>\n'
    badges = dict(re.findall(badge, html))
    return text_of(card), badges


def test_a_pack_built_from_older_content_is_flagged_stale_and_stays_downloadable(
    som, world, client_as, senior_official
):
    old = build(som)
    client = client_as(senior_official)
    card, badges = stale_verdict(client, client.get(packs_url(som)).content.decode())
    assert card.startswith("Up to date") and "Stale" not in badges[str(old.pk)]

    world.decision.text = "Decide to conclude the group."
    world.decision.save()
    card, _badges = stale_verdict(client, client.get(packs_url(som)).content.decode())
    assert card == "Stale: a document or the agenda has changed since this pack was built."

    new = build(som)
    page = client.get(packs_url(som)).content.decode()
    card, badges = stale_verdict(client, page)
    assert card.startswith("Up to date")
    assert "Stale" in badges[str(old.pk)] and "Stale" not in badges[str(new.pk)]
    rows = dict(re.findall(r'<tr id="pack-(\d+)">(.*?)</tr>', page, re.S))
    for pack in (old, new):
        assert f'<span id="pack-{pack.pk}-stale"></span>' in rows[str(pack.pk)]
        url = reverse("packs:download", kwargs={"number": som.number, "pk": pack.pk})
        assert url in rows[str(pack.pk)]
        assert client.get(url).status_code == 200


def test_the_pack_page_itself_reads_no_document(som, client_as, senior_official, monkeypatch):
    build(som)

    def refused(meeting):
        raise AssertionError("the page worked out the meeting's content hash")

    monkeypatch.setattr("emg.packs.plan.pack_plan", refused)
    response = client_as(senior_official).get(packs_url(som))

    assert response.status_code == 200
    assert "Checking whether a document or the agenda has changed" in response.content.decode()


def refuse_to_lay_out(monkeypatch) -> None:
    def refused(meeting):
        raise AssertionError("the verdict printed the meeting's documents again")

    monkeypatch.setattr("emg.packs.plan.pack_plan", refused)


def test_a_verdict_stands_without_printing_while_no_source_is_written(
    som, world, client_as, senior_official, secretariat, monkeypatch
):
    pack = build(som)
    client = client_as(senior_official)
    client_as(secretariat)  # signing in writes a user's history, which no document shows
    refuse_to_lay_out(monkeypatch)

    card, _badges = stale_verdict(client, client.get(packs_url(som)).content.decode())

    assert card.startswith("Up to date")
    pack.refresh_from_db()
    assert pack.checked_stamp == sources_stamp(PACK_FORMAT) and not pack.checked_stale


def test_a_stale_verdict_is_kept_until_a_source_is_written_again(
    som, world, client_as, senior_official, monkeypatch
):
    pack = build(som)
    world.decision.text = "Decide to conclude the group."
    world.decision.save()
    client = client_as(senior_official)
    card, _badges = stale_verdict(client, client.get(packs_url(som)).content.decode())
    assert card.startswith("Stale")
    pack.refresh_from_db()
    assert pack.checked_stale

    with monkeypatch.context() as patched:
        refuse_to_lay_out(patched)
        card, _badges = stale_verdict(client, client.get(packs_url(som)).content.decode())
    assert card.startswith("Stale")

    world.decision.text = world.decision.text.replace("conclude", "extend")
    world.decision.save()
    card, _badges = stale_verdict(client, client.get(packs_url(som)).content.decode())
    assert card.startswith("Stale")  # looked again: still not the text it was built from


def _move_decision(world, user):
    from mandates.services import decision_move

    assert decision_move(decision=world.decision, direction="down")


def _rename_host(world, user):
    world.meeting.host.name = "United Nations Development Programme (renamed)"
    world.meeting.host.save()  # as the admin saves it


def _edit_clause(world, user):
    from mandates.services import clause_update

    clause = world.tor.clauses.first()
    clause_update(clause=clause, version=clause.version, text="A clause written again.")


def _move_activity(world, user):
    from workplans.models import Activity, Outcome
    from workplans.services import activity_move

    later = Outcome.objects.create(work_plan=world.work_plan, order=2, heading="Later")
    Activity.objects.create(outcome=later, order=1, title="Another activity")
    assert activity_move(activity=world.activity, direction="down", user=user)


def _delete_milestone(world, user):
    from workplans.services import milestone_delete

    milestone_delete(milestone=world.milestone, user=user)


@pytest.mark.parametrize(
    "change",
    [_move_decision, _rename_host, _edit_clause, _move_activity, _delete_milestone],
    ids=lambda change: change.__name__.strip("_"),
)
def test_a_change_to_what_a_document_shows_is_found_by_the_next_verdict(
    som, world, client_as, senior_official, secretariat, change
):
    from mandates.models import Decision

    Decision.objects.create(section=world.section, order=3, text="Welcome the report.")
    pack = build(som)
    before = sources_stamp(PACK_FORMAT)

    change(world, secretariat)

    assert sources_stamp(PACK_FORMAT) != before
    client = client_as(senior_official)
    card, _badges = stale_verdict(client, client.get(packs_url(som)).content.decode())
    assert card.startswith("Stale"), card
    pack.refresh_from_db()
    assert pack.checked_stale


def test_older_ready_versions_are_checked_when_the_latest_is_not_ready(
    som, world, client_as, senior_official
):
    old = build(som)
    world.decision.text = "Decide to conclude the group."
    world.decision.save()
    MeetingPack.objects.create(meeting=som, status="failed", error="Stopped.")
    client = client_as(senior_official)
    page = client.get(packs_url(som)).content.decode()

    url = re.search(r'<div hx-get="([^"]*)" hx-trigger="load" hx-swap="none" hidden>', page)
    html = client.get(url.group(1).replace("&amp;", "&")).content.decode()
    assert f'<span id="pack-{old.pk}-stale" hx-swap-oob="true"><span class="badge' in html


def test_the_versions_are_listed_25_a_page_with_the_latest_card_on_every_page(
    som, client_as, senior_official
):
    made = [
        MeetingPack.objects.create(meeting=som, status="failed", error=f"Stopped {n}.")
        for n in range(30)
    ]
    client = client_as(senior_official)

    first = client.get(packs_url(som)).content.decode()
    second = client.get(packs_url(som) + "?page=2").content.decode()

    rows = re.findall(r'<tr id="pack-(\d+)">', first)
    assert len(rows) == 25 and rows[0] == str(made[-1].pk)
    assert 'href="?page=2"' in first
    assert re.findall(r'<tr id="pack-(\d+)">', second) == [str(p.pk) for p in made[4::-1]]
    assert "Stopped 29." in second  # the latest pack's card


def test_a_failed_pack_shows_its_reason_and_the_secretariat_retries_it(
    som, client_as, secretariat, django_capture_on_commit_callbacks
):
    failed = MeetingPack.objects.create(
        meeting=som, status="failed", error="The build failed: ValueError: bad font"
    )
    client = client_as(secretariat)
    page = text_of(client.get(packs_url(som)).content.decode())
    assert "Failed The build failed: ValueError: bad font Retry" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("packs:retry", kwargs={"number": som.number, "pk": failed.pk})
        )

    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == MeetingPack.Status.READY and failed.error == ""


def test_the_meeting_page_and_the_home_panel_lead_to_the_pack(som, client_as, senior_official):
    pack = build(som)
    client = client_as(senior_official)

    assert (
        packs_url(som)
        in client.get(reverse("meetings:detail", kwargs={"number": 26})).content.decode()
    )
    home = client.get(reverse("home")).content.decode()
    assert reverse("packs:download", kwargs={"number": 26, "pk": pack.pk}) in home


def test_a_word_files_conversion_failing_after_the_build_is_found_by_the_next_verdict(
    world, client_as, senior_official
):
    from emg.conversions import _fail
    from emg.models import ConvertedFile, Document
    from emg.tests.factories import uploaded_document
    from emg.tests.test_word_files import word_bytes

    uploaded_document(
        "note.docx",
        word_bytes(["A note on the venue"]),
        symbol="EMG/SOM.26/INF.9",
        title="Venue",
        kind=Document.Kind.OTHER,
        meeting=world.meeting,
    )
    pack = build(world.meeting)  # converts the file itself
    conversion = ConvertedFile.objects.get()
    assert conversion.is_ready

    _fail(conversion, "converted again, and failed")  # as a later run would record it

    client = client_as(senior_official)
    card, _badges = stale_verdict(client, client.get(packs_url(world.meeting)).content.decode())
    assert card.startswith("Stale"), card
    pack.refresh_from_db()
    assert pack.checked_stale
