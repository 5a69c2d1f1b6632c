"""The mandates pages: the list with its filters, a mandate's page on the imported EMG documents,
its history, and the secretariat's edits through the browser."""

import datetime
import itertools
import re
from html import unescape

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emg.models import Entity, Meeting, User
from emg.tests.factories import EntityFactory, UserFactory
from mandates import services
from mandates.models import (
    Clause,
    Decision,
    DecisionSection,
    FocalPoint,
    Footnote,
    Mandate,
    Membership,
    TermsOfReference,
)
from mandates.tests.factories import MandateFactory

pytestmark = pytest.mark.django_db

SEEDS = settings.BASE_DIR / "sample_data"
ESM = "Issue Management Group on Environmental Sustainability Management"
SOIL, OCEANS, WASTE = (
    "Issue Management Group on Soil",
    "Task Team on Oceans",
    "UN E-waste Coalition",
)


def text_of(response) -> str:
    """The page as a reader sees it: tags dropped, entities decoded, spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def listed(response) -> list[str]:
    return [mandate.name for mandate in response.context["mandates"]]


def list_page(client, query=""):
    response = client.get(reverse("mandates:list") + (f"?{query}" if query else ""))
    assert response.status_code == 200
    return response


def detail_url(mandate):
    return reverse("mandates:detail", args=[mandate.pk])


def import_seeds(*names):
    call_command("import_documents", *(str(SEEDS / name) for name in names))


# The list


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
        # Read twice, as the fragment's key and its rendering read them.
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


# A mandate's page, on the EMG's own documents


@pytest.fixture
def seeded(db):
    # In the order setup_demo reads them: the action points name the body as the SOM knows it.
    import_seeds(
        "action-points-som26.txt",
        "progress-report-som26-mid-term.txt",
        "tor-img-sustainability-management.txt",
        "work-plan-2021-2022-draft.txt",
    )
    return Mandate.objects.get(name=ESM)


def test_the_mandate_page_shows_the_terms_of_reference_as_the_document_reads(
    client_as, senior_official, seeded
):
    response = client_as(senior_official).get(detail_url(seeded))
    html = response.content.decode()

    labels = re.findall(r'<span class="emg-label">([^<]+)</span>', html)
    tor_labels = labels[labels.index("A.") : labels.index("5.") + 1]
    assert tor_labels == [
        "A.", "1.", "2.",
        "B.", "3.", "4.", "a)", "i", "ii", "iii", "b)", "i", "ii", "iii", "iv", "v",
        "c)", "d)", "e)",
        "C.", "5.",
    ]  # fmt: skip
    page = text_of(response)
    assert "Terms of Reference for the Issue Management Group on Sustainability Management" in page
    assert "A. Background" in page
    assert "Established by SOM 15 · for 24 months · reports to SOM 16" in page


def test_the_footnote_marks_follow_their_anchor_words_and_the_notes_are_numbered(
    client_as, senior_official, seeded
):
    tor = seeded.terms_of_reference.get()
    html = client_as(senior_official).get(detail_url(seeded)).content.decode()

    first_mark = f'href="#footnote-{tor.pk}-1"'
    second_mark = f'href="#footnote-{tor.pk}-2"'
    assert re.search(r"23 September 2009<sup[^>]*><a " + first_mark, html)
    assert re.search(r"by the United Nations,<sup[^>]*><a " + second_mark, html)
    assert f'id="footnote-{tor.pk}-1"' in html
    assert "(EMG/SOM.15/02)" in html
    assert "(A/64/284/Add.2)" in html
    assert html.index(f'id="footnote-{tor.pk}-1"') < html.index(f'id="footnote-{tor.pk}-2"')


def test_the_mandate_page_shows_the_som_26_extension_as_reason_and_in_the_timeline(
    client_as, focal_point, seeded
):
    extension = Decision.objects.get(mandate=seeded, verb=Decision.Verb.EXTEND)
    link = reverse("meetings:detail", kwargs={"number": 26}) + f"#decision-{extension.pk}"

    response = client_as(focal_point).get(detail_url(seeded))
    html, page = response.content.decode(), text_of(response)

    assert seeded.status_decision == extension
    assert "Extended by SOM 26, section VI" in page
    assert html.count(f'href="{link}"') == 2  # the reason, and the timeline
    assert "Decisions across SOMs" in page
    assert "VI. Issue Management Group on Environmental Sustainability Management" in page
    assert "emg-decision-changes" in html
    # the items of the extension, labelled as the action points label them
    assert re.search(r"i\. Finalize the UN environmental inventory", page)
    assert re.search(r"iv\. Continue to support the development of Phase II", page)


def test_the_mandate_page_shows_other_names_activities_and_tasks(
    client_as, senior_official, seeded
):
    response = client_as(senior_official).get(detail_url(seeded))
    html, page = response.content.decode(), text_of(response)

    assert "Also called: IMG on Environmental Sustainability Management in the United" in page
    assert "; Issue Management Group on Sustainability Management in the UN System" in page
    activity = seeded.activities.select_related("outcome__work_plan").get()
    assert f"{activity.outcome.work_plan.title}" in page
    assert re.search(r"\d+\. " + re.escape(activity.title), page)
    plan_url = reverse("workplans:detail", args=[activity.outcome.work_plan_id])
    assert f'href="{plan_url}#activity-{activity.pk}"' in html
    task = seeded.tasks.order_by("order").first()
    assert task.text[:60] in page
    assert task.round.title in page


def tasks_in_every_state(world) -> list:
    """The world's task (an open round, its update a draft) and, beside it: one of the same
    mandate whose update was accepted, one of the round still being prepared, and one of the
    other mandate."""
    task_model = Mandate._meta.get_field("tasks").related_model
    update_model = task_model._meta.get_field("update").related_model
    accepted = task_model.objects.create(
        round=world.round, mandate=world.mandate, order=2, text="Publish the approach"
    )
    update_model.objects.create(task=accepted, state="accepted", next_steps="Launch it")
    preparing = task_model.objects.create(
        round=world.draft_round, mandate=world.mandate, order=1, text="Propose the next steps"
    )
    other = task_model.objects.create(
        round=world.round, mandate=world.other_mandate, order=3, text="Map the other topic"
    )
    return [world.task, accepted, preparing, other]


@pytest.mark.parametrize(
    "role, sees",
    [
        (
            "secretariat",
            {
                "Agree on the approach",
                "Publish the approach",
                "Propose the next steps",
                "Map the other topic",
            },
        ),
        ("focal_point", {"Agree on the approach", "Publish the approach"}),
        ("senior_official", {"Publish the approach"}),
        ("other_focal_point", {"Map the other topic"}),
    ],
)
def test_a_mandate_page_lists_exactly_the_tasks_its_reader_may_open(client_as, world, role, sees):
    tasks = tasks_in_every_state(world)
    client = client_as(world.people[role])
    opened = {
        task.text
        for task in tasks
        if client.get(reverse("progress:task", args=[task.pk])).status_code == 200
    }
    assert opened == sees
    for mandate in (world.mandate, world.other_mandate):
        response = client.get(detail_url(mandate))
        assert response.status_code == 200
        page = text_of(response)
        listed = {task.text for task in tasks if task.text in page}
        assert listed == {task.text for task in tasks if task.mandate_id == mandate.pk} & opened


def test_an_activity_is_numbered_as_its_plan_numbers_it(client_as, senior_official, seeded):
    activity = seeded.activities.select_related("outcome__work_plan").get()
    plan = activity.outcome.work_plan
    number = next(
        row["number"]
        for outcome in plan.numbered()
        for row in outcome["activities"]
        if row["activity"].pk == activity.pk
    )

    response = client_as(senior_official).get(detail_url(seeded))

    assert [a.number for a in response.context["activities"]] == [int(number)]


def test_the_timeline_runs_in_meeting_order_and_shows_other_kinds_of_decision(
    client_as, senior_official
):
    mandate = MandateFactory(name="Task Team on Soil", kind=Mandate.Kind.TASK_TEAM)
    for number, verb, text in [
        (27, Decision.Verb.CONCLUDE, "Decide to conclude the Task Team on Soil."),
        (25, Decision.Verb.ESTABLISH, "Decide to establish a Task Team on Soil."),
        (26, Decision.Verb.WELCOME, "Welcome the progress of the Task Team on Soil."),
    ]:
        meeting = Meeting.objects.create(number=number)
        other = DecisionSection.objects.create(meeting=meeting, order=1, title="Other body")
        Decision.objects.create(section=other, order=1, text="About something else.")
        section = DecisionSection.objects.create(
            meeting=meeting, order=2, title="Task Team on Soil", mandate=mandate
        )
        Decision.objects.create(section=section, order=1, verb=verb, text=text, mandate=mandate)
    services.mandate_apply_decisions(mandate=mandate)

    response = client_as(senior_official).get(detail_url(mandate))
    page = text_of(response)

    timeline = page[page.index("Decisions across SOMs") :]
    positions = [timeline.index(f"SOM {n}") for n in (25, 26, 27)]
    assert positions == sorted(positions)
    assert "Welcome the progress" in page
    assert "About something else" not in page
    assert "II. Task Team on Soil" in page
    assert "Concluded by SOM 27, section II" in page
    badges = re.findall(r'class="badge emg-verb-\w+">(\w+)<', response.content.decode())
    assert badges == ["Establish", "Conclude"]  # the welcome is shown, not highlighted


def test_only_the_secretariat_sees_the_edit_buttons(client_as, world):
    for who, sees in [("secretariat", True), ("senior_official", False), ("focal_point", False)]:
        html = client_as(world.people[who]).get(detail_url(world.mandate)).content.decode()

        assert (reverse("mandates:edit", args=[world.mandate.pk]) in html) is sees
        assert (reverse("mandates:tor_clauses", args=[world.tor.pk]) in html) is sees
        assert (f"/members/{world.membership.pk}/remove/" in html) is sees


def test_the_mandate_page_shows_a_change_to_its_kept_sections_at_once(
    client_as, secretariat, world
):
    from progress.models import Task
    from workplans.models import Activity

    client = client_as(secretariat)
    client.get(detail_url(world.mandate))  # its decisions, terms, activities and tasks kept

    Decision.objects.filter(pk=world.decision.pk).update(text="Decide to extend it again.")
    Clause.objects.filter(pk=world.clause.pk).update(text="Scope of the work")
    Activity.objects.filter(pk=world.activity.pk).update(title="A renamed activity")
    Task.objects.filter(pk=world.task.pk).update(text="Report on the renamed approach")
    page = text_of(client.get(detail_url(world.mandate)))

    for changed in (
        "Decide to extend it again.",
        "Scope of the work",
        "A renamed activity",
        "Report on the renamed approach",
    ):
        assert changed in page


def test_the_timeline_holds_decisions_of_sections_about_the_mandate_and_about_it_elsewhere(
    client_as, secretariat, world
):
    elsewhere = DecisionSection.objects.create(
        meeting=world.meeting, order=2, title="Other business"
    )
    Decision.objects.create(
        section=elsewhere, order=1, text="Welcome its report.", mandate=world.mandate
    )
    Decision.objects.create(section=elsewhere, order=2, text="Note the budget.")

    page = text_of(client_as(secretariat).get(detail_url(world.mandate)))

    assert "Decide to extend the Issue Management Group on Alpha" in page
    assert "Welcome its report." in page
    assert "Note the budget." not in page


def test_the_mandate_page_lists_members_with_roles_and_focal_points_with_their_entity(
    client_as, senior_official, world
):
    page = text_of(client_as(senior_official).get(detail_url(world.mandate)))

    assert "UNEP Lead" in page
    fiona = world.people["focal_point"]
    assert f"{fiona.get_full_name()} UNDP" in page


def test_members_are_listed_leads_first_then_co_leads_members_and_observers(
    client_as, senior_official, mandate
):
    for acronym, role in [("AAA", "observer"), ("BBB", "member"), ("CCC", "co_lead")]:
        Membership.objects.create(mandate=mandate, entity=EntityFactory(acronym=acronym), role=role)
    Membership.objects.create(mandate=mandate, entity=EntityFactory(acronym="ZZZ"), role="lead")

    page = text_of(client_as(senior_official).get(detail_url(mandate)))

    assert "ZZZ Lead CCC Co-lead BBB Member AAA Observer" in page


def test_an_unknown_mandate_is_not_found(client_as, secretariat):
    assert client_as(secretariat).get("/mandates/999999/").status_code == 404


# History


def test_the_history_shows_changes_to_the_mandate_its_clauses_and_members(
    client_as, secretariat, world
):
    client = client_as(secretariat)
    client.post(
        reverse("mandates:clause_edit", args=[world.clause.pk]),
        {"text": "Background and purpose", "version": world.clause.version},
    )
    client.post(reverse("mandates:membership_remove", args=[world.membership.pk]))

    response = client.get(reverse("mandates:history", args=[world.mandate.pk]))
    page = text_of(response)

    assert response.status_code == 200
    assert "History of Issue Management Group on Alpha" in page
    assert "Clause changed: Background and purpose" in page
    assert "Text Background Background and purpose" in page
    assert "Membership deleted" in page
    assert "Footnote created" in page
    assert str(secretariat) in page


# Editing through the browser


def test_the_secretariat_creates_a_mandate_and_lands_on_its_page(client_as, secretariat):
    response = client_as(secretariat).post(
        reverse("mandates:create"),
        {"kind": "task_team", "name": "Task Team on Nature-Positive Procurement"},
        follow=True,
    )

    mandate = Mandate.objects.get(name="Task Team on Nature-Positive Procurement")
    assert response.redirect_chain[-1][0] == detail_url(mandate)
    assert "The mandate was created." in text_of(response)
    assert mandate.history.get().history_user == secretariat


def test_a_refused_mandate_form_saves_nothing_and_shows_the_message_by_the_field(
    client_as, secretariat, mandate
):
    before = Mandate.objects.count()

    response = client_as(secretariat).post(
        reverse("mandates:create"), {"kind": "img", "name": "IMG on Alpha"}
    )

    assert response.status_code == 200
    assert Mandate.objects.count() == before
    html = response.content.decode()
    assert re.search(r'id="id_name"[^>]*is-invalid|is-invalid[^>]*id="id_name"', html)
    assert re.search(
        r'id="error_1_id_name"[^>]*>\s*<strong>This is the name of an existing mandate', html
    )


def test_the_edit_page_says_status_and_dates_come_from_decisions(client_as, secretariat, world):
    page = text_of(client_as(secretariat).get(reverse("mandates:edit", args=[world.mandate.pk])))

    assert "Status, start and end date are not edited here" in page


def test_an_edit_over_someone_elses_change_is_refused_showing_the_current_values(
    client_as, secretariat, world
):
    url = reverse("mandates:edit", args=[world.mandate.pk])
    client = client_as(secretariat)
    opened = world.mandate.version
    Mandate.objects.filter(pk=world.mandate.pk).update(description="Theirs.")  # no history
    services.mandate_update(
        mandate=Mandate.objects.get(pk=world.mandate.pk),
        version=opened,
        kind="img",
        name=world.mandate.name,
        short_name="ALPHA",
        description="Theirs.",
    )

    response = client.post(
        url,
        {"kind": "img", "name": world.mandate.name, "description": "Mine.", "version": opened},
    )

    assert response.status_code == 409
    page = text_of(response)
    assert "changed this mandate on" in page
    assert "Its current values:" in page and "Short name ALPHA" in page
    assert re.search(r">\s*Mine\.</textarea>", response.content.decode())
    assert Mandate.objects.get(pk=world.mandate.pk).description == "Theirs."


def test_clauses_are_added_moved_and_deleted_with_the_numbers_following(
    client_as, secretariat, world
):
    client = client_as(secretariat)
    add = reverse("mandates:clause_add", args=[world.tor.pk])
    client.post(add, {"parent": world.clause.pk, "kind": "paragraph", "text": "First."})
    client.post(add, {"parent": world.clause.pk, "kind": "paragraph", "text": "Second."})
    client.post(add, {"parent": "", "kind": "section", "text": "Functions"})
    second = Clause.objects.get(text="Second.")

    client.post(reverse("mandates:clause_move", args=[second.pk]), {"direction": "up"})

    page = text_of(client.get(detail_url(world.mandate)))
    assert "A. Background" in page and "1. Second. 2. First. B. Functions" in page

    client.post(reverse("mandates:clause_delete", args=[world.clause.pk]))

    page = text_of(client.get(detail_url(world.mandate)))
    assert "A. Functions" in page
    assert "First." not in page and "Second." not in page


def test_the_clauses_page_shows_each_change_at_once_with_the_requests_own_token(
    client_as, secretariat, world
):
    client = client_as(secretariat)
    add = reverse("mandates:clause_add", args=[world.tor.pk])
    clauses = reverse("mandates:tor_clauses", args=[world.tor.pk])
    client.post(add, {"parent": world.clause.pk, "kind": "paragraph", "text": "First."})
    client.post(add, {"parent": world.clause.pk, "kind": "paragraph", "text": "Second."})
    assert "1. Paragraph First. " in text_of(client.get(clauses))  # now kept

    second = Clause.objects.get(text="Second.")
    client.post(reverse("mandates:clause_move", args=[second.pk]), {"direction": "up"})
    response = client.get(clauses)

    assert "1. Paragraph Second. " in text_of(response)
    tokens = set(
        re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    )
    assert len(tokens) == 1 and "emg-csrf" not in tokens.pop()


def test_the_add_clause_page_proposes_the_kind_that_fits_under_the_chosen_parent(
    client_as, secretariat, world
):
    url = reverse("mandates:clause_add", args=[world.tor.pk]) + f"?parent={world.clause.pk}"

    form = client_as(secretariat).get(url).context["form"]

    assert form["parent"].value() == world.clause.pk
    assert form["kind"].value() == Clause.Kind.PARAGRAPH


def test_a_move_without_a_direction_is_a_bad_request(client_as, secretariat, world):
    response = client_as(secretariat).post(reverse("mandates:clause_move", args=[world.clause.pk]))

    assert response.status_code == 400


def test_footnotes_are_added_and_edited_with_their_anchor(client_as, secretariat, world):
    client = client_as(secretariat)
    paragraph = services.clause_add(
        tor=world.tor, kind="paragraph", text="Decided at SOM 15 in 2009.", parent=world.clause
    )

    client.post(
        reverse("mandates:footnote_add", args=[world.tor.pk]),
        {"clause": paragraph.pk, "anchor": "SOM 15", "text": "EMG/SOM.15/02"},
    )
    html = client.get(detail_url(world.mandate)).content.decode()

    assert re.search(r"Decided at SOM 15<sup[^>]*><a [^>]*>.*?2</a></sup> in 2009\.", html)
    footnote = Footnote.objects.get(text="EMG/SOM.15/02")
    response = client.post(
        reverse("mandates:footnote_edit", args=[footnote.pk]),
        {"clause": paragraph.pk, "anchor": "in 2009", "text": "x", "version": "stale"},
    )
    assert "changed this footnote on" in text_of(response)


def test_members_are_added_their_roles_changed_and_removed(client_as, secretariat, world):
    client = client_as(secretariat)
    fao = EntityFactory(acronym="FAO")

    client.post(
        reverse("mandates:membership_add", args=[world.mandate.pk]),
        {"entity": fao.pk, "role": "member"},
    )
    membership = Membership.objects.get(entity=fao)
    client.post(
        reverse("mandates:membership_edit", args=[membership.pk]),
        {"role": "co_lead", "version": membership.version},
    )

    assert Membership.objects.get(entity=fao).role == Membership.Role.CO_LEAD
    assert listed(list_page(client, "lead=FAO")) == [world.mandate.name]

    client.post(reverse("mandates:membership_remove", args=[membership.pk]))

    assert not Membership.objects.filter(entity=fao).exists()


def test_focal_points_are_added_and_removed(client_as, secretariat, world):
    client = client_as(secretariat)
    oscar = world.people["other_focal_point"]

    response = client.post(
        reverse("mandates:focal_point_add", args=[world.mandate.pk]),
        {"user": oscar.pk, "since": "2024-01-15"},
        follow=True,
    )

    focal_point = FocalPoint.objects.get(mandate=world.mandate, user=oscar)
    assert focal_point.nominated_by == oscar.entity
    assert focal_point.since == datetime.date(2024, 1, 15)
    assert "is now a focal point of this mandate" in text_of(response)

    client.post(reverse("mandates:focal_point_remove", args=[focal_point.pk]))

    assert not FocalPoint.objects.filter(mandate=world.mandate, user=oscar).exists()


def offered_people(response) -> set[int]:
    html = response.content.decode()
    select = re.search(r'<select name="user".*?</select>', html, flags=re.S).group(0)
    return {int(pk) for pk in re.findall(r'<option value="(\d+)"', select)}


def test_the_focal_point_page_lists_the_people_of_the_lead_or_of_the_entity_chosen(
    client_as, secretariat, world
):
    client = client_as(secretariat)
    url = reverse("mandates:focal_point_add", args=[world.mandate.pk])
    oscar, fiona = world.people["other_focal_point"], world.people["focal_point"]  # UNEP, UNDP
    undp_person = UserFactory(role=User.Role.FOCAL_POINT, entity=fiona.entity)

    # The mandate's lead, UNEP, first; Fiona of UNDP is one of its focal points already.
    assert offered_people(client.get(url)) == {oscar.pk}
    assert offered_people(client.get(url + "?entity=UNDP")) == {undp_person.pk}
    assert 'value="UNDP" selected' in client.get(url + "?entity=UNDP").content.decode()


def test_a_person_not_listed_for_the_entity_chosen_is_refused_next_to_the_field(
    client_as, secretariat, world
):
    undp_person = UserFactory(role=User.Role.FOCAL_POINT, entity=world.people["focal_point"].entity)
    url = reverse("mandates:focal_point_add", args=[world.mandate.pk]) + "?entity=UNEP"

    response = client_as(secretariat).post(url, {"user": undp_person.pk})

    assert "Choose one of the people listed: focal points of the entity chosen above" in (
        text_of(response)
    )
    assert not FocalPoint.objects.filter(user=undp_person).exists()
    client_as(secretariat).post(url.replace("UNEP", "UNDP"), {"user": undp_person.pk})
    assert FocalPoint.objects.filter(user=undp_person, mandate=world.mandate).exists()


def test_a_senior_official_cannot_add_a_focal_point(client_as, world):
    oscar = world.people["other_focal_point"]

    response = client_as(world.people["senior_official"]).post(
        reverse("mandates:focal_point_add", args=[world.mandate.pk]), {"user": oscar.pk}
    )

    assert response.status_code == 403
    assert not FocalPoint.objects.filter(mandate=world.mandate, user=oscar).exists()


def test_changes_without_the_csrf_token_are_refused(secretariat, world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)

    response = client.post(reverse("mandates:clause_delete", args=[world.clause.pk]))

    assert response.status_code == 403
    assert Clause.objects.filter(pk=world.clause.pk).exists()


# Query counts: the same with ten times the rows


_numbers = itertools.count(1)


def add_rows(count, *, mandate=None):
    """``count`` mandates (or rows of ``mandate``) with members, focal points, decisions,
    clauses, footnotes, activities and tasks."""
    activity_model = Mandate._meta.get_field("activities").related_model
    task_model = Mandate._meta.get_field("tasks").related_model
    outcome_model = activity_model._meta.get_field("outcome").related_model
    plan_model = outcome_model._meta.get_field("work_plan").related_model
    round_model = task_model._meta.get_field("round").related_model
    for _ in range(count):
        n = next(_numbers)
        body = mandate or MandateFactory(name=f"Task Team on Subject {n}", key=f"tt:{n}")
        entity = EntityFactory(acronym=f"E{n}")
        Membership.objects.create(mandate=body, entity=entity, role=Membership.Role.LEAD)
        person = UserFactory(username=f"fp{n}", role=User.Role.FOCAL_POINT, entity=entity)
        FocalPoint.objects.create(mandate=body, user=person, nominated_by=entity)
        body.aliases.create(name=f"Another name {n}")
        meeting = Meeting.objects.create(number=200 + n)
        section = DecisionSection.objects.create(
            meeting=meeting, order=1, title=body.name, mandate=body
        )
        lead_in = Decision.objects.create(
            section=section, order=1, verb="extend", text="Extend it to:", mandate=body
        )
        Decision.objects.create(section=section, parent=lead_in, order=1, text="Act.")
        tor = TermsOfReference.objects.create(
            mandate=body, title=f"ToR {n}", established_at=meeting
        )
        top = Clause.objects.create(tor=tor, order=1, kind="section", text="Background")
        Clause.objects.create(tor=tor, parent=top, order=1, kind="paragraph", text="Words.")
        Footnote.objects.create(tor=tor, clause=top, order=1, anchor="Back", text="Note.")
        plan = plan_model.objects.create(
            title=f"Plan {n}", period_start=2000 + n, period_end=2001 + n
        )
        outcome = outcome_model.objects.create(work_plan=plan, order=1, heading="Outcome")
        activity_model.objects.create(outcome=outcome, order=1, mandate=body, title="Activity")
        round_ = round_model.objects.create(meeting=meeting, title=f"Round {n}")
        task_model.objects.create(round=round_, mandate=body, order=1, text="Task")
        services.mandate_apply_decisions(mandate=body)


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_runs_as_many_queries_for_ten_rows_as_for_one(client_as, secretariat):
    client = client_as(secretariat)
    url = reverse("mandates:list") + "?q=subject&ordering=-end&lead="
    add_rows(1)
    with_one = queries(client, url)

    add_rows(9)
    with_ten = queries(client, url)

    assert with_ten == with_one


def test_the_mandate_page_runs_as_many_queries_for_ten_rows_as_for_one(client_as, secretariat):
    client = client_as(secretariat)
    mandate = MandateFactory(name="Issue Management Group on Everything", key="img:everything")
    add_rows(1, mandate=mandate)
    with_one = queries(client, detail_url(mandate))

    add_rows(9, mandate=mandate)
    with_ten = queries(client, detail_url(mandate))

    assert with_ten == with_one
    page = client.get(detail_url(mandate))
    assert len(page.context["timeline"]) == 10
    assert len(page.context["readings"]) == 10
    assert len(page.context["activities"]) == len(page.context["tasks"]) == 10


def test_the_clauses_page_runs_as_many_queries_for_ten_clauses_as_for_one(
    client_as, secretariat, world
):
    client = client_as(secretariat)
    url = reverse("mandates:tor_clauses", args=[world.tor.pk])
    with_one = queries(client, url)

    for n in range(9):
        services.clause_add(tor=world.tor, kind="paragraph", text=f"P{n}", parent=world.clause)
        Footnote.objects.create(tor=world.tor, clause=world.clause, order=10 + n, text="n")
    with_ten = queries(client, url)

    assert with_ten == with_one


def test_entities_listed_in_the_filters_do_not_cost_a_query_each(client_as, secretariat):
    client = client_as(secretariat)
    url = reverse("mandates:list")
    with_few = queries(client, url)

    Entity.objects.bulk_create(Entity(acronym=f"X{n}", name=f"X {n}") for n in range(20))

    assert queries(client, url) == with_few


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
