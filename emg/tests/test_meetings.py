"""Meetings in the browser: the list, a meeting's page and its history, on the imported seeds
and at ten times the rows for the same queries. The secretariat's edits are in
test_meeting_edits.py, documents in test_documents.py, decisions in
mandates/tests/test_decisions.py."""

import datetime
import itertools
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emg import services
from emg.models import Document, Meeting, Session
from emg.tests.factories import EntityFactory, MeetingFactory
from emg.tests.form_pages import page_of, text_of
from mandates.models import Decision, DecisionSection
from mandates.tests.factories import MandateFactory

pytestmark = pytest.mark.django_db

SAMPLES = settings.BASE_DIR / "sample_data"
_numbers = itertools.count(1)


def detail_url(number) -> str:
    return reverse("meetings:detail", kwargs={"number": number})


def import_seeds(*names):
    call_command("import_documents", *(SAMPLES / name for name in names), stdout=None)


# The list


def test_the_list_shows_number_title_host_sessions_and_counts(client_as, world, senior_official):
    page = page_of(client_as(senior_official), reverse("meetings:list"))

    row = re.search(r"<tr>\s*<th scope=\"row\".*?</tr>", page, re.S).group(0)
    assert "SOM 26" in row
    assert "26th Senior Officials Meeting" in row
    assert ">UNDP</abbr>" in row
    assert "28 October 2020" in row and "Senior officials&#x27; segment" in row
    # world: the action points and the uploaded list of participants; one decision
    assert re.findall(r'<td class="text-end">(\d+)</td>', row) == ["2", "1"]


def test_the_list_shows_a_changed_session_and_count_at_once(client_as, world, secretariat):
    client = client_as(secretariat)
    page_of(client, reverse("meetings:list"))  # seen once before the change
    session = Session.objects.get(meeting__number=26, date=datetime.date(2020, 10, 28))
    session.date = datetime.date(2020, 11, 3)
    session.save()
    Document.objects.create(title="Late note", kind="other", meeting=session.meeting)

    row = re.search(
        r"<tr>\s*<th scope=\"row\".*?</tr>", page_of(client, reverse("meetings:list")), re.S
    )

    assert "3 November 2020" in row.group(0)
    assert "28 October 2020" not in row.group(0)
    assert re.findall(r'<td class="text-end">(\d+)</td>', row.group(0)) == ["3", "1"]


def test_the_list_filters_by_year_host_and_words_and_keeps_them_in_the_url(client_as, secretariat):
    unep = EntityFactory(acronym="UNEP")
    for number, year, host in ((20, 2014, unep), (21, 2015, None), (22, 2015, unep)):
        meeting = MeetingFactory(number=number, host=host, title=f"Meeting of {year}")
        Session.objects.create(
            meeting=meeting, segment="senior", date=datetime.date(year, 9, 1), venue="Geneva"
        )
    Document.objects.create(
        symbol="EMG/SOM.22/INF.3", title="Note on peer reviews", kind="other", meeting=meeting
    )
    client = client_as(secretariat)

    def listed(query):
        page = page_of(client, reverse("meetings:list") + "?" + query)
        return re.findall(r'<th scope="row" class="text-nowrap"><a href="/meetings/(\d+)/">', page)

    assert listed("year=2015") == ["22", "21"]
    assert listed("host=UNEP") == ["22", "20"]
    assert listed("year=2015&host=UNEP") == ["22"]
    assert listed("q=peer+reviews") == ["22"]
    assert listed("q=21") == ["21"]
    page = page_of(client, reverse("meetings:list") + "?year=2015&host=UNEP")
    # sorting by a column keeps the filters
    assert 'href="?year=2015&amp;host=UNEP&amp;ordering=number"' in page


def test_the_list_sorts_by_each_column_both_ways(client_as, secretariat, mandate):
    for number, documents, decisions in ((30, 2, 0), (31, 0, 3), (32, 1, 1)):
        meeting = MeetingFactory(number=number, title=f"Meeting {'CBA'[number - 30]}")
        for n in range(documents):
            Document.objects.create(title=f"Note {n}", kind="other", meeting=meeting)
        section = DecisionSection.objects.create(meeting=meeting, order=1, title="Section")
        for n in range(decisions):
            Decision.objects.create(section=section, order=n + 1, text="Take note", verb="other")
    client = client_as(secretariat)

    def listed(ordering):
        page = page_of(client, reverse("meetings:list") + f"?ordering={ordering}")
        return re.findall(r'<th scope="row" class="text-nowrap"><a href="/meetings/(\d+)/">', page)

    assert listed("number") == ["30", "31", "32"]
    assert listed("-number") == ["32", "31", "30"]
    assert listed("title") == ["32", "31", "30"]
    assert listed("documents") == ["31", "32", "30"]
    assert listed("-decision_count") == ["31", "32", "30"]
    page = page_of(client, reverse("meetings:list") + "?ordering=-documents")
    assert 'aria-sort="descending"' in page


def test_the_list_shows_25_meetings_a_page_and_keeps_the_query_in_page_links(
    client_as, secretariat
):
    for number in range(1, 31):
        MeetingFactory(number=number, title="Senior Officials Meeting")
    client = client_as(secretariat)

    first = page_of(client, reverse("meetings:list") + "?q=senior&ordering=number")
    second = page_of(client, reverse("meetings:list") + "?q=senior&ordering=number&page=2")

    assert len(re.findall(r"<th scope=\"row\"", first)) == 25
    assert len(re.findall(r"<th scope=\"row\"", second)) == 5
    assert 'href="?q=senior&amp;ordering=number&amp;page=2"' in first
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2<' in second


def test_the_list_offers_a_new_meeting_to_the_secretariat_only(
    client_as, secretariat, senior_official
):
    assert reverse("meetings:create") in page_of(client_as(secretariat), reverse("meetings:list"))
    page = page_of(client_as(senior_official), reverse("meetings:list"))
    assert reverse("meetings:create") not in page


# A meeting's page, on the imported seeds


def test_som_26_shows_both_sessions_with_times_zones_and_platform(client_as, senior_official):
    import_seeds("progress-report-som26-mid-term.txt", "action-points-som26.txt")

    text = text_of(page_of(client_as(senior_official), detail_url(26)))

    assert "Mid-term technical segment Wednesday 29 April 2020 15:00–17:00 (Geneva time)" in text
    assert "Online · GoToMeeting" in text
    assert "Senior officials' segment Wednesday 28 October 2020 14:00–15:30 (GVA time)" in text


def test_som_26_shows_its_documents_with_their_particulars(client_as, senior_official):
    import_seeds("progress-report-som26-mid-term.txt", "action-points-som26.txt")

    text = text_of(page_of(client_as(senior_official), detail_url(26)))

    assert (
        "EMG SOM26/mid-term/03 — Mid-Term Progress Report Final Progress report · "
        "29 April 2020 · Note by the Secretariat · Distribution: EMG members"
    ) in text
    assert (
        "EMGSOM.26_3a — Summary of Action Points Final Summary of action points · "
        "28 October 2020 · Distribution: EMG Members"
    ) in text


def test_som_26_shows_its_twelve_decision_sections_in_order_with_labelled_decisions(
    client_as, senior_official
):
    import_seeds("action-points-som26.txt")

    page = page_of(client_as(senior_official), detail_url(26))

    headings = re.findall(
        r'<h3 class="h5 mb-1" id="decision-section-\d+-title"><span class="emg-label">'
        r"([IVX]+\.)</span> (.*?)</h3>",
        page,
    )
    assert [number for number, _ in headings] == [
        "I.", "II.", "III.", "IV.", "V.", "VI.", "VII.", "VIII.", "IX.", "X.", "XI.", "XII.",
    ]  # fmt: skip
    assert headings[0][1] == "Consultative Process on Biodiversity"
    assert headings[11][1] == "Consultative Process on COVID-19 and the Environment"
    text = text_of(page)
    assert "I. Consultative Process on Biodiversity" in text
    assert "a) Consider and endorse the EMG report" in text
    # IV: an unlabelled lead-in with its items a) and b)
    lead_in = "Agree to extend the Task Team on Marine Litter and Microplastics"
    assert f"The Senior Officials: {lead_in}" in text
    assert "a) Complete the tasks outlined in its Terms of Reference" in text
    # V: items labelled i., ii., iii.
    assert "iii. Explore opportunity(ies) to apply the Model Approach" in text
    decision = Decision.objects.get(text__startswith="Decide to transfer the coordination")
    assert f'id="decision-{decision.pk}"' in page
    assert "transfer" in text and reverse("mandates:detail", args=[decision.mandate_id]) in page


def test_som_19_shows_its_revised_work_plan_document_and_host(client_as, focal_point):
    import_seeds("work-plan-2014-2015-rev1.txt")

    text = text_of(page_of(client_as(focal_point), detail_url(19)))

    assert "EMG/SOM.19/03/Rev.1 — Proposed work plan 2014 - 2015" in text
    assert "12 September 2013 · Note by the Chair · Distribution: EMG members" in text
    assert "Hosted by United Nations Development Programme (UNDP)" in text
    assert "LRC Room on the 11th floor of the UNDP FF-Building" in text


def test_documents_are_grouped_under_their_numbered_agenda_items(client_as, world, secretariat):
    first = services.agenda_item_add(meeting=world.meeting, title="Opening")
    Document.objects.create(title="Provisional agenda", kind="agenda", meeting=world.meeting)
    world.document.agenda_item = first
    world.document.save()

    text = text_of(page_of(client_as(secretariat), detail_url(26)))

    assert "1. Action points" in text and "2. Opening" in text
    assert text.index("Agenda item 1. Action points EMG/SOM.26/CRP.1") < text.index(
        "Agenda item 2. Opening EMG/SOM.26/03 — Summary of Action Points"
    )
    assert text.index("Documents on no agenda item Provisional agenda") > text.index(
        "Agenda item 2. Opening"
    )


def test_the_page_offers_edits_to_the_secretariat_only(client_as, world, secretariat, focal_point):
    edit = reverse("meetings:edit", kwargs={"number": 26})
    add_decision = reverse("decisions:add", kwargs={"section_pk": world.section.pk})

    page = page_of(client_as(secretariat), detail_url(26))
    assert edit in page and add_decision in page and "Add session" in page

    page = page_of(client_as(focal_point), detail_url(26))
    assert edit not in page and add_decision not in page and "Delete" not in page
    assert reverse("meetings:history", kwargs={"number": 26}) in page


def test_an_unknown_meeting_answers_404(client_as, senior_official):
    assert client_as(senior_official).get(detail_url(99)).status_code == 404


# Query counts: the same whatever the amount of data


def add_meetings(count, mandate):
    """``count`` meetings, each with a session, an agenda item, a document and its revision,
    a decision section and decisions."""
    host = EntityFactory(acronym="UNDP")
    for _ in range(count):
        number = 200 + next(_numbers)
        meeting = Meeting.objects.create(number=number, title=f"SOM {number}", host=host)
        fill_meeting(meeting, 1, mandate)


def fill_meeting(meeting, count, mandate):
    """``count`` of each kind of row on a meeting's page (sessions up to one per segment)."""
    segments = list(Session.Segment.values)
    for n in range(min(count, len(segments))):
        Session.objects.create(
            meeting=meeting, segment=segments[n], date=datetime.date(2020, 1, 1 + n), online=True
        )
    for n in range(count):
        item = services.agenda_item_add(meeting=meeting, title=f"Item {n}")
        original = Document.objects.create(
            symbol=f"EMG/SOM.{meeting.number}/{n}",
            title=f"Document {n}",
            kind="other",
            meeting=meeting,
        )
        Document.objects.create(
            symbol=f"EMG/SOM.{meeting.number}/{n}/Rev.1",
            title=f"Document {n}",
            kind="other",
            meeting=meeting,
            agenda_item=item,
            supersedes=original,
        )
        section = DecisionSection.objects.create(
            meeting=meeting, order=n + 1, title=f"Section {n}", mandate=mandate
        )
        lead_in = Decision.objects.create(
            section=section, order=1, text="Agree to:", verb="extend", mandate=mandate
        )
        Decision.objects.create(section=section, parent=lead_in, order=1, text="Do this")
        Decision.objects.create(section=section, order=2, text="Welcome", mandate=mandate)


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        page_of(client, url)
    return len(captured)


def test_the_list_runs_as_many_queries_for_ten_meetings_as_for_one(client_as, secretariat):
    mandate = MandateFactory()
    client = client_as(secretariat)
    add_meetings(1, mandate)
    with_one = queries(client, reverse("meetings:list"))

    add_meetings(9, mandate)
    with_ten = queries(client, reverse("meetings:list"))

    assert with_ten == with_one


@pytest.mark.parametrize("role", ["secretariat", "senior_official"])
def test_the_meeting_page_runs_as_many_queries_for_ten_rows_as_for_one(role, request, client_as):
    mandate = MandateFactory()
    client = client_as(request.getfixturevalue(role))
    one = Meeting.objects.create(number=301)
    fill_meeting(one, 1, mandate)
    ten = Meeting.objects.create(number=310)
    fill_meeting(ten, 10, mandate)

    assert queries(client, detail_url(310)) == queries(client, detail_url(301))


def test_the_history_page_runs_as_many_queries_for_ten_rows_as_for_one(client_as, secretariat):
    mandate = MandateFactory()
    client = client_as(secretariat)
    one = Meeting.objects.create(number=301)
    fill_meeting(one, 1, mandate)
    ten = Meeting.objects.create(number=310)
    fill_meeting(ten, 10, mandate)

    def history(number):
        return reverse("meetings:history", kwargs={"number": number})

    # At most: a kind of part with no change among the page's 25 is not read at all.
    assert queries(client, history(310)) <= queries(client, history(301))


# History


def test_the_history_shows_changes_to_the_meeting_its_parts_and_its_decisions(
    client_as, world, secretariat
):
    client = client_as(secretariat)
    client.post(
        reverse("meetings:edit", kwargs={"number": 26}),
        {"number": 26, "title": "26th SOM (online)", "version": world.meeting.version},
    )
    world.decision.delete()

    text = text_of(page_of(client, reverse("meetings:history", kwargs={"number": 26})))

    assert "Meeting changed: 26th SOM (online)" in text
    assert "Title 26th Senior Officials Meeting 26th SOM (online)" in text
    assert secretariat.get_full_name() in text
    assert "Session created" in text and "Agenda item created: Action points" in text
    assert "Document created: Summary of Action Points" in text
    assert "Decision section created" in text
    assert "Decision deleted: Decide to extend the Issue Management Group on Alpha" in text
