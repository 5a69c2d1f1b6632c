"""Importing a summary of action points: the meeting, its sections per body, the decisions, the
kinds of decision, and what they do to the mandates."""

import datetime

import pytest
from django.conf import settings

from emg.importing import Source, import_path, import_source
from emg.models import Document, Meeting, Session
from emg.tests.imports import check_a_second_import_changes_nothing
from mandates.importing.action_points import decision_verb
from mandates.models import Decision, DecisionSection, Mandate, TermsOfReference, section_labels
from mandates.tests import sample_documents
from mandates.tests.sample_documents import line_of

SEED = "action-points-som26.txt"
OCT_28 = datetime.date(2020, 10, 28)

# Read off the document: one section per body, I–XII.
SECTION_TITLES = [
    "Consultative Process on Biodiversity",
    "UN E-waste Coalition",
    "UN Coalition on Combating Sand and Dust Storms",
    "Task Team on Marine Litter and Microplastics",
    "Consultative Process on Advancing Environmental and Social Sustainability in the United "
    "Nations System",
    "Issue Management Group on Environmental Sustainability Management",
    "Environmental Management Peer Reviews of United Nations Entities",
    "UN System-Wide Framework of Strategies for the Environment",
    "EMG Nexus Dialogues",
    "Issue Management Group on Human Rights and the Environment",
    "Consultative Process on Sustainable Infrastructure",
    "Consultative Process on COVID-19 and the Environment",
]
E, X, T, C, S = "endorse", "extend", "transfer", "conclude", "establish"
R, INV, W, N, ENC, OT = "request", "invite", "welcome", "take_note", "encourage", "other"
# Per section, counted by hand: the top-level decisions with their kinds, and for a lead-in the
# kinds of the items under it.
DECISIONS = [
    [E, X],
    [N, T, INV],
    [W, W, C, ENC, INV],
    [(X, [OT, OT])],
    [(X, [OT, OT, OT])],
    [(X, [OT, OT, OT, OT])],
    [N, INV, R],
    [(X, [OT])],
    [W, ENC],
    [S, R],
    [S, R],
    [S],
]


def seed_text(name=SEED):
    return sample_documents.seed_text(name)


def edited(*replacements):
    return sample_documents.edited(seed_text(), *replacements)


def run(text, name="action-points.txt"):
    return import_source(Source(name, text))


def imported(text=None):
    result = run(seed_text() if text is None else text)
    assert result.ok, result.problem
    assert result.kind == "summary of action points"
    return result


def sections(number=26):
    return list(DecisionSection.objects.filter(meeting__number=number).order_by("order"))


def shape(section):
    """The section's decisions as DECISIONS writes them."""
    result = []
    for decision in section.decisions.filter(parent=None).order_by("order"):
        children = [child.verb for child in decision.children.order_by("order")]
        result.append((decision.verb, children) if children else decision.verb)
    return result


def nothing_saved():
    return not any(
        model.objects.exists()
        for model in (Meeting, Session, DecisionSection, Decision, Mandate, Document)
    )


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("Consider and endorse the EMG report: Supporting the Global Biodiversity Agenda", E),
        ("Decide to extend the Consultative Process on Biodiversity to follow up", X),
        ("Agree to extend the Task Team on Marine Litter and Microplastics to:", X),
        ("Extend the Consultative Process to:", X),
        ("Decide to transfer the coordination of the E-waste Coalition", T),
        ("Decide to conclude the EMG's engagement in the Coalition", C),
        ("Agree to establish an Issue Management Group on Human Rights", S),
        ("Request the EMG Secretariat to facilitate the establishment of the IMG", R),
        ("Invite the SDS Coalition to inform the EMG at regular intervals", INV),
        ("Welcome the official establishment of the UN Coalition", W),
        ("Take note of the progress made towards finalising", N),
        ("Encourage relevant EMG members to play an active role", ENC),
        ("The Senior Officials endorsed the work plan", E),
        ("Also decide to conclude the Task Team", C),
        ("Approve the work plan 2021-2022", E),
        ("Note with appreciation the report", N),
        ("Endorsement of the work plan was deferred", OT),
        ("Complete the tasks outlined in its Terms of Reference and;", OT),
        ("Finalise Phase II of development of the Strategy", OT),
        ("Agree on a common narrative", OT),
    ],
)
def test_the_kind_of_a_decision_is_read_from_its_opening_words(text, verb):
    assert decision_verb(text) == verb


@pytest.mark.django_db
def test_the_head_gives_the_meeting_its_senior_segment_and_the_document():
    imported()

    meeting = Meeting.objects.get()
    assert meeting.number == 26
    session = meeting.sessions.get()
    assert session.segment == Session.Segment.SENIOR
    assert session.date == OCT_28
    assert (session.start_time, session.end_time) == (datetime.time(14), datetime.time(15, 30))
    assert session.online
    document = Document.objects.get()
    assert document.symbol == "EMGSOM.26_3a"
    assert document.kind == Document.Kind.ACTION_POINTS
    assert document.title == "Summary of Action Points"
    assert document.distribution == "EMG Members"
    assert document.date == OCT_28
    assert document.meeting == meeting
    assert document.source == meeting


@pytest.mark.django_db
def test_there_is_one_section_per_body_titled_without_its_numeral():
    imported()

    assert [section.title for section in sections()] == SECTION_TITLES
    assert [section.order for section in sections()] == list(range(1, 13))


@pytest.mark.django_db
def test_the_decisions_of_each_section_are_counted_and_kinded_as_written():
    imported()

    assert [shape(section) for section in sections()] == DECISIONS
    # 30 labelled items, 10 of them under the 4 lead-ins: 34 decisions, 24 at the top.
    assert Decision.objects.count() == 34
    assert Decision.objects.filter(parent=None).count() == 24


@pytest.mark.django_db
def test_a_lead_in_carries_the_verb_and_its_items_are_its_children():
    imported()

    fourth = sections()[3]
    lead_in = fourth.decisions.get(parent=None)
    assert lead_in.text == "Agree to extend the Task Team on Marine Litter and Microplastics to:"
    assert [child.text for child in lead_in.children.order_by("order")] == [
        "Complete the tasks outlined in its Terms of Reference and;",
        "Present the results of the mapping exercise to relevant stakeholders in fora such as "
        "the Ad Hoc Open-ended Expert Group, the UN Oceans Conference, and others.",
    ]


@pytest.mark.django_db
def test_labels_come_from_the_section_style_and_the_order():
    imported()

    styles = [section.label_style for section in sections()]
    assert styles == [
        *["{a})"] * 4,
        "{i}.",
        "{i}.",
        "{a})",
        "{i}.",
        *["{a})"] * 4,
    ]
    third = sections()[2]
    labels = section_labels(third.decisions.all())
    in_order = third.decisions.order_by("order")
    assert [labels[d.pk] for d in in_order] == ["a)", "b)", "c)", "d)", "e)"]
    fifth = sections()[4]
    decisions = list(fifth.decisions.all())
    labels = section_labels(decisions)
    lead_in = next(d for d in decisions if d.parent_id is None)
    assert lead_in.pk not in labels
    items = sorted((d for d in decisions if d.parent_id), key=lambda d: d.order)
    assert [labels[d.pk] for d in items] == ["i.", "ii.", "iii."]


@pytest.mark.django_db
def test_texts_are_written_without_labels_bullets_or_markup():
    imported()

    first = sections()[0].decisions.get(order=1)
    assert first.text.startswith("Consider and endorse the EMG report: Supporting the Global")
    assert first.text.endswith("post-2020 global biodiversity framework;")
    assert not Decision.objects.filter(text__startswith="-").exists()
    assert not Decision.objects.filter(text__regex=r"^\(?[a-z]{1,3}[.)] ").exists()


@pytest.mark.django_db
def test_every_section_and_its_decisions_belong_to_the_body_it_names():
    imported()

    kinds = [section.mandate.kind for section in sections()]
    assert kinds == [
        "consultative_process", "coalition", "coalition", "task_team", "consultative_process",
        "img", "review_process", "other", "dialogue_series", "img", "consultative_process",
        "consultative_process",
    ]  # fmt: skip
    assert len({section.mandate_id for section in sections()}) == 12
    for section in sections():
        assert set(section.decisions.values_list("mandate", flat=True)) == {section.mandate_id}


@pytest.mark.django_db
def test_the_decisions_leave_each_body_in_the_state_they_decided():
    imported()

    by_section = [section.mandate for section in sections()]
    e_waste, sand_and_dust, marine_litter = by_section[1], by_section[2], by_section[3]
    human_rights, covid = by_section[9], by_section[11]
    assert e_waste.status == Mandate.Status.TRANSFERRED
    assert e_waste.end_date == OCT_28
    assert sand_and_dust.status == Mandate.Status.CONCLUDED
    assert sand_and_dust.end_date == OCT_28
    assert marine_litter.status == Mandate.Status.ACTIVE
    assert marine_litter.status_decision.text.startswith("Agree to extend the Task Team")
    assert human_rights.status == Mandate.Status.ACTIVE
    assert human_rights.start_date == OCT_28
    assert covid.status_decision.verb == Decision.Verb.ESTABLISH


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing():
    check_a_second_import_changes_nothing(imported)

    assert Decision.objects.count() == 34


@pytest.mark.django_db
def test_the_action_points_of_another_meeting_are_kept_apart():
    imported()
    text = edited(
        ("<b>26<sup>th</sup> Senior Officials", "<b>27<sup>th</sup> Senior Officials"),
        ("28 <sup>th</sup> October 2020", "7 <sup>th</sup> October 2021"),
        ("EMGSOM.26_3a", "EMGSOM.27_3a"),
    )

    imported(text)

    assert sorted(Meeting.objects.values_list("number", flat=True)) == [26, 27]
    assert Meeting.objects.get(number=27).sessions.get().date == datetime.date(2021, 10, 7)
    assert len(sections(27)) == len(sections(26)) == 12
    assert Mandate.objects.count() == 12
    assert Document.objects.get(symbol="EMGSOM.27_3a").meeting.number == 27


@pytest.mark.django_db
def test_a_decision_more_is_added_and_a_section_fewer_is_pruned():
    more = edited(
        (
            "post 2020 global biodiversity framework.\n",
            "post 2020 global biodiversity framework;\n- c) Request the Consultative Process to "
            "report to the next meeting.\n",
        )
    )
    imported(more)
    assert shape(sections()[0]) == [E, X, R]

    fewer = seed_text()
    fewer = fewer[: fewer.index("*XII. Consultative Process on COVID-19")]
    result = imported(fewer)

    assert [shape(section) for section in sections()] == DECISIONS[:11]
    assert "deleted 2 decisions, 1 decision section" in str(result.summary)
    assert Decision.objects.count() == 33


@pytest.mark.django_db
def test_headings_and_body_names_written_another_way_are_the_same_sections_and_bodies():
    imported()
    text = edited(
        ("### *I. Consultative Process on Biodiversity*", "**I. The Consultative Process on "
         "Biodiversity:**"),
        ("## *VI. Issue Management Group on Environmental Sustainability Management*",
         "#### VI. IMG on Environmental Sustainability Management in the UN system"),
        ("*XII. Consultative Process on COVID-19 and the Environment*",
         "XII. Consultative process on COVID-19 and the environment"),
    )  # fmt: skip

    imported(text)

    assert Mandate.objects.count() == 12
    first, sixth, twelfth = sections()[0], sections()[5], sections()[11]
    assert first.title == "The Consultative Process on Biodiversity"
    assert sixth.title == "IMG on Environmental Sustainability Management in the UN system"
    assert sixth.mandate.name == SECTION_TITLES[5]
    assert twelfth.mandate.name == SECTION_TITLES[11]
    assert [shape(section) for section in sections()] == DECISIONS


@pytest.mark.django_db
def test_a_section_without_its_heading_is_refused_at_the_second_opening():
    text = edited(("### *IV. Task Team on Marine Litter and Microplastics*\n", "\n"))

    result = run(text)

    assert not result.ok
    opener = [n for n, line in enumerate(text.split("\n"), 1) if line == "The Senior Officials:"]
    assert result.problem.line == opener[3]
    assert "is the heading of a section missing" in result.problem.message
    assert nothing_saved()


@pytest.mark.django_db
def test_a_lead_in_whose_items_are_missing_is_refused_at_the_lead_in():
    lines = seed_text().split("\n")
    text = "\n".join(line for line in lines if "Prepare the third edition of the SWFS" not in line)

    result = run(text)

    assert result.problem.line == line_of(text, "Extend the Consultative Process to:")
    assert "no labelled items follow" in result.problem.message
    assert nothing_saved()


@pytest.mark.django_db
def test_a_summary_of_action_points_with_no_sections_is_refused():
    result = run("Summary of Action Points\n\nThe weather was fine.\n\nLunch was served.\n")

    assert result.kind == "summary of action points"
    assert "no numbered section headings" in result.problem.message
    assert nothing_saved()


@pytest.mark.parametrize("order", ["sorted", "reversed"])
@pytest.mark.django_db
def test_all_five_seeds_together_leave_one_mandate_per_body(order):
    paths = sorted((settings.BASE_DIR / "sample_data").glob("*.txt"))
    assert len(paths) == 5
    if order == "reversed":
        paths.reverse()

    results = {path.name: import_path(path) for path in paths}

    for name in (SEED, "tor-img-sustainability-management.txt"):
        assert results[name].ok, results[name].problem
    section_mandates = [section.mandate for section in sections()]
    assert len({mandate.pk for mandate in section_mandates}) == 12
    tor = TermsOfReference.objects.get()
    assert tor.mandate == section_mandates[5]  # the IMG on (environmental) sustainability mgmt
    for title, mandate in zip(SECTION_TITLES, section_mandates, strict=True):
        names = {mandate.name, *mandate.aliases.values_list("name", flat=True)}
        assert title in names
        same_kind = Mandate.objects.filter(kind=mandate.kind).exclude(pk=mandate.pk)
        for other in same_kind:
            assert title not in {other.name, *other.aliases.values_list("name", flat=True)}
    assert [shape(section) for section in sections()] == DECISIONS


@pytest.mark.django_db
def test_decisions_take_effect_in_the_order_the_document_gives_them():
    head = seed_text()[: seed_text().index("### *I. Consultative Process on Biodiversity*")]
    text = head + "\n".join(
        [
            "### *I. Task Team on Nature-Positive Procurement*",
            "",
            "The Senior Officials:",
            "",
            "- a) Take note of the report of the Task Team;",
            "- b) Decide to conclude the Task Team;",
            "",
            "Further agree to:",
            "",
            "- c) Extend the Task Team for one more year to finish its guidance.",
        ]
    )

    imported(text)

    lead_in = Decision.objects.get(text="Further agree to:")
    extension = lead_in.children.get()
    assert extension.verb == Decision.Verb.EXTEND
    mandate = extension.mandate
    assert mandate.status == Mandate.Status.ACTIVE
    assert mandate.status_decision == extension


@pytest.mark.django_db
def test_imported_decisions_are_their_mandates_to_act_on_else_the_secretariats():
    imported()

    decisions = list(Decision.objects.all())
    assert {d.actor for d in decisions if d.mandate_id} == {Decision.Actor.MANDATE}
    assert {d.actor for d in decisions if not d.mandate_id} <= {Decision.Actor.SECRETARIAT}


@pytest.mark.django_db
def test_a_second_import_keeps_who_the_secretariat_said_is_to_act():
    imported()
    decision = Decision.objects.action_points().filter(mandate__isnull=False).first()
    Decision.objects.filter(pk=decision.pk).update(actor=Decision.Actor.SECRETARIAT)

    imported()

    decision.refresh_from_db()
    assert decision.actor == Decision.Actor.SECRETARIAT
