"""A mandate's page on the imported EMG documents and on the test world: its terms of reference,
its decisions across SOMs, members and focal points, the work-plan activities and reporting tasks
the other apps show on it (each reader only what they may see), and its history."""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from docx import Document as DocxDocument
from pypdf import PdfReader

from emg.models import Document, Meeting
from emg.tests.factories import EntityFactory
from mandates import services
from mandates.models import Clause, Decision, DecisionSection, Mandate, Membership
from mandates.tests.factories import MandateFactory
from mandates.tests.pages import detail_url, text_of
from workplans.references import references

pytestmark = pytest.mark.django_db

SEEDS = settings.BASE_DIR / "sample_data"
ESM = "Issue Management Group on Environmental Sustainability Management"


def import_seeds(*names):
    call_command("import_documents", *(str(SEEDS / name) for name in names))


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
    assert html.count(f'href="{link}"') == 3  # the reason, the picture and the timeline
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
    assert re.search(r"\b\d+ " + re.escape(activity.title), page)
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


def test_an_activity_is_cited_as_its_plan_cites_it(client_as, senior_official, seeded):
    activity = seeded.activities.select_related("outcome__work_plan").get()
    plan = activity.outcome.work_plan
    cited = references(plan, plan.numbered())[("activity", activity.pk)]

    response = client_as(senior_official).get(detail_url(seeded))

    assert [a.reference for a in response.context["activities"]] == [cited]


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


def test_the_mandate_page_shows_a_change_to_any_of_its_sections_at_once(
    client_as, secretariat, world
):
    from progress.models import Task
    from workplans.models import Activity

    client = client_as(secretariat)
    client.get(detail_url(world.mandate))  # its decisions, terms, activities and tasks, read once

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


def test_an_activity_is_cited_as_its_plan_cites_it_when_numbering_starts_again_per_outcome(
    client_as, secretariat, world
):
    plan = world.work_plan
    plan.activity_numbering = "per_outcome"
    plan.outcome_numbering = "{A}."
    plan.save()
    second = plan.outcomes.create(order=2, heading="Better reporting")
    second.activities.create(order=1, mandate=world.mandate, title="Report together")

    page = text_of(client_as(secretariat).get(detail_url(world.mandate)))

    assert re.search(r"A\.1 " + re.escape(world.activity.title), page)
    assert "B.1 Report together" in page


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_terms_of_reference_print_from_the_mandate_page_in_one_click(
    client_as, focal_point, seeded
):
    tor = seeded.terms_of_reference.get()
    client = client_as(focal_point)
    page = client.get(detail_url(seeded)).content.decode()

    pdf = client.get(reverse("mandates:tor_pdf", args=[tor.pk]))
    docx = client.get(reverse("mandates:tor_docx", args=[tor.pk]))

    assert reverse("mandates:tor_pdf", args=[tor.pk]) in page
    assert reverse("mandates:tor_docx", args=[tor.pk]) in page
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(pdf.content).split())
    assert " ".join(tor.title.split()) in text
    assert "Background" in text
    paragraphs = [p.text for p in DocxDocument(io.BytesIO(docx.content)).paragraphs]
    assert any("Background" in paragraph for paragraph in paragraphs)


def test_a_published_tor_prints_with_its_symbol_and_its_page_names_it(
    client_as, senior_official, seeded
):
    tor = seeded.terms_of_reference.get()
    meeting = Meeting.objects.create(number=41, title="Forty-first meeting of the SOM")
    document = Document.objects.create(
        kind=Document.Kind.TERMS_OF_REFERENCE,
        title=tor.title,
        symbol="EMG/SOM.41/07",
        meeting=meeting,
        source=tor,
    )
    client = client_as(senior_official)

    page = client.get(detail_url(seeded)).content.decode()
    pdf = client.get(reverse("mandates:tor_pdf", args=[tor.pk]))
    docx = client.get(reverse("mandates:tor_docx", args=[tor.pk]))

    assert f"#document-{document.pk}" in page
    assert pdf["Content-Disposition"] == 'attachment; filename="emg-som-41-07.pdf"'
    assert "EMG/SOM.41/07" in pdf_text(pdf.content)
    assert docx["Content-Disposition"] == 'attachment; filename="emg-som-41-07.docx"'
