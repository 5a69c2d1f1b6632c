"""Importing the legacy work plans: the 2014–2015 plan (EMG/SOM.19/03/Rev.1, lettered expected
accomplishments, numbered activities per body, lettered milestones) and the 2021–2022 draft
(numbered outcomes, bullets, a Schedule column).

The counts below were made by reading the documents, not by running the reader."""

import datetime

import pytest

from emg.importing import import_path
from emg.models import Document, Session
from emg.tests.imports import check_a_second_import_changes_nothing
from mandates.models import Mandate
from workplans.models import Milestone, WorkPlan
from workplans.tests.importing import load, milestone_labels, plan_for, seed
from workplans.tests.plan_builder import PLAN_2014, PLAN_2021, SAMPLES, activities_of

# -- 2014–2015 -----------------------------------------------------------------------------------


# Each plan's outcomes (their headings, the beginnings of some statements), how many activities
# each has, and how many milestones the plan has, how many of them under another.
STRUCTURES = [
    pytest.param(
        PLAN_2014,
        ["Programmatic issues", "Operational issues", "Management issues", "Overall cooperation"],
        {
            0: "Enhanced coherence in programming of environmental",
            3: "Strengthened cooperation among EMG members",
        },
        [4, 2, 1, 3],
        # (a)–(d), (a)–(c), (a), (a); (a)–(c), (a)–(b); (a)–(c) with (i)–(v) under (c); none in D.
        (22, 5),
        id="2014: four expected accomplishments, ten activities and 22 milestones",
    ),
    pytest.param(
        PLAN_2021,
        [
            "Enhanced coherence in programming",
            "Enhanced coherence in advancing environmental and social sustainability of the UN "
            "system",
            "Enhanced dialogue, policy and information exchange for implementation of the "
            "environmental dimensions of the SDGs",
        ],
        {},
        # Activities 5 and 6 are labelled "II." and "III." but carry outcome I's text; 10 is
        # labelled "II." with outcome III's text.
        [6, 2, 2],
        # 6 + 4 + 3 + 3 + 1 + 2 + (2 groups + 3 + 2) + (2 + 5) + 1 + 1
        (35, 5),
        id="2021: three outcomes by their text, ten activities and 35 milestones",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "headings", "statements", "activities", "milestones"), STRUCTURES
)
def test_a_plan_has_its_outcomes_activities_and_milestones(
    source, headings, statements, activities, milestones
):
    load(seed(source))

    plan = WorkPlan.objects.get()
    outcomes = list(plan.outcomes.order_by("order"))
    assert [o.heading for o in outcomes] == headings
    for index, beginning in statements.items():
        assert outcomes[index].statement.startswith(beginning)
    assert [o.activities.count() for o in outcomes] == activities
    assert (
        Milestone.objects.filter(activity__outcome__work_plan=plan).count(),
        Milestone.objects.filter(parent__isnull=False).count(),
    ) == milestones


# What each plan's head says: its title, years, status and revision, how it numbers its outcomes,
# activities and milestones, and the number of the meeting it goes to.
HEADS = [
    pytest.param(
        PLAN_2014,
        {
            "title": "Proposed work plan 2014 - 2015",
            "period_start": 2014,
            "period_end": 2015,
            "status": WorkPlan.Status.PROPOSED,
            "revision": 1,
            "outcome_numbering": WorkPlan.OutcomeNumbering.LETTERS,
            "activity_numbering": WorkPlan.ActivityNumbering.PER_OUTCOME,
            "milestone_style": WorkPlan.MilestoneStyle.LETTERED,
        },
        19,
        id="2014",
    ),
    pytest.param(
        PLAN_2021,
        {
            "title": "Environment Management Group work plan 2021- 2022",
            "period_start": 2021,
            "period_end": 2022,
            "status": WorkPlan.Status.DRAFT,
            "revision": 0,
            "outcome_numbering": WorkPlan.OutcomeNumbering.ROMAN,
            "activity_numbering": WorkPlan.ActivityNumbering.CONTINUOUS,
            "milestone_style": WorkPlan.MilestoneStyle.BULLETED,
        },
        27,
        id="2021",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "head", "meeting"), HEADS)
def test_a_plan_reads_its_head(source, head, meeting):
    load(seed(source))

    plan = plan_for(head["period_start"])
    assert {name: getattr(plan, name) for name in head} == head
    assert plan.meeting.number == meeting


@pytest.mark.django_db
def test_2014_plan_reads_its_introduction_and_footnotes():
    load(seed(PLAN_2014))

    plan = plan_for(2014)
    paragraphs = plan.introduction.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("This note presents a proposed work plan")
    assert paragraphs[1].startswith("It is proposed that the work plan")
    assert paragraphs[2].endswith("within their own administrative processes.")
    notes = list(plan.footnotes.order_by("order"))
    assert [(n.order, n.anchor) for n in notes] == [
        (1, "19th Senior Officials' Meeting of the Environment Management Group"),
        (2, "Activities and milestones"),
    ]
    assert notes[0].text.startswith("Information on the meeting logistics")
    assert notes[1].text.endswith("Sustainable UN Facility (SUN).")


@pytest.mark.django_db
def test_2014_plan_is_the_source_of_its_document_for_som_19():
    load(seed(PLAN_2014))

    plan = plan_for(2014)
    document = Document.objects.get(symbol="EMG/SOM.19/03/Rev.1")
    assert document.kind == Document.Kind.WORK_PLAN
    assert document.source == plan
    assert document.title == "Proposed work plan 2014 - 2015"
    assert document.date == datetime.date(2013, 9, 12)
    assert document.distribution == "EMG members"
    assert document.author_line == "Note by the Chair"
    assert document.status == Document.Status.FINAL
    meeting = document.meeting
    assert meeting.number == 19
    assert meeting.host.acronym == "UNDP"
    sessions = {s.segment: s for s in meeting.sessions.all()}
    assert sessions[Session.Segment.TECHNICAL].start_time == datetime.time(9, 0)
    assert sessions[Session.Segment.SENIOR].end_time == datetime.time(18, 0)


@pytest.mark.django_db
def test_2014_plan_numbers_outcomes_with_letters_and_activities_again_under_each():
    load(seed(PLAN_2014))

    numbered = plan_for(2014).numbered()

    assert [o["label"] for o in numbered] == ["A.", "B.", "C.", "D."]
    assert [[a["label"] for a in o["activities"]] for o in numbered] == [
        ["1.", "2.", "3.", "4."],
        ["1.", "2."],
        ["1."],
        ["1.", "2.", "3."],
    ]
    first = numbered[0]["activities"][0]
    assert [label for label, _ in milestone_labels(first["milestones"])] == [
        "(a)",
        "(b)",
        "(c)",
        "(d)",
    ]
    management = numbered[2]["activities"][0]
    labels = milestone_labels(management["milestones"])
    assert [label for label, _ in labels] == [
        "(a)",
        "(b)",
        "(c)",
        "(c)(i)",
        "(c)(ii)",
        "(c)(iii)",
        "(c)(iv)",
        "(c)(v)",
    ]
    assert labels[2][1] == "The IMG will more specifically:"
    assert labels[3][1].startswith("Prepare the fifth edition of the report “Moving towards")


@pytest.mark.django_db
def test_2014_activity_titles_are_split_from_the_description_sharing_their_paragraph():
    load(seed(PLAN_2014))

    activities = activities_of(plan_for(2014))
    titles = [a.title for a in activities]
    assert titles == [
        "IMG on biodiversity",
        "IMG on Green Economy",
        "Preparing a UN system-wide contribution to the chemicals management agenda",
        "Preparing a UN system-wide contribution on stocktaking of financing for international "
        "cooperation on environmental matters",
        "Consultations on Environmental and Social Sustainability",
        "Peer-Reviews of environmental profiles of the EMG members",
        "UN Sustainability management",
        "Senior officials’ meetings of the EMG",
        "Exchange of information and outreach",
        "Report to the Environment Assembly of UNEP on EMG accomplishments",
    ]
    assert activities[0].description.startswith("Further the cooperation among EMG members")
    assert activities[1].description.startswith("Provide a coordinated and coherent")
    assert activities[2].description == ""
    assert activities[2].milestones.get().text.startswith("Upon the decision of SOM19, undertake")
    assert activities[4].description.endswith("with the view to:")
    assert activities[9].description.startswith("Preparations of a report by the EMG Chair")


@pytest.mark.django_db
def test_2014_activities_are_tied_to_the_bodies_their_titles_or_headings_name():
    load(seed(PLAN_2014))

    activities = activities_of(plan_for(2014))
    kinds = [a.mandate.kind if a.mandate else None for a in activities]
    assert kinds == [
        Mandate.Kind.IMG,
        Mandate.Kind.IMG,
        None,
        None,
        Mandate.Kind.CONSULTATIVE_PROCESS,
        Mandate.Kind.REVIEW_PROCESS,
        Mandate.Kind.IMG,  # from the heading "IMG on Environmental Sustainability Management"
        None,
        None,
        None,
    ]
    assert activities[6].mandate.name == "IMG on Environmental Sustainability Management"
    assert activities[0].mandate != activities[1].mandate


# -- 2021–2022 -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_2021_plan_reads_its_introduction_and_footnote_and_is_the_draft_document_for_som_27():
    load(seed(PLAN_2021))

    plan = plan_for(2021)
    paragraphs = plan.introduction.split("\n\n")
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("This information note presents a work plan")
    note = plan.footnotes.get()
    assert (note.order, note.anchor) == (1, "DRAFT")
    assert note.text == "Subject to approval by the 27th meeting of the EMG Senior Officials"
    document = Document.objects.get(kind=Document.Kind.WORK_PLAN)
    assert document.source == plan
    assert document.symbol is None
    assert document.status == Document.Status.DRAFT
    assert document.meeting.number == 27


@pytest.mark.django_db
def test_2021_plan_numbers_outcomes_in_roman_and_activities_across_the_plan():
    load(seed(PLAN_2021))

    numbered = plan_for(2021).numbered()

    assert [o["label"] for o in numbered] == ["I.", "II.", "III."]
    assert [[a["label"] for a in o["activities"]] for o in numbered] == [
        ["1.", "2.", "3.", "4.", "5.", "6."],
        ["7.", "8."],
        ["9.", "10."],
    ]
    fifth = numbered[0]["activities"][4]["activity"]
    assert fifth.title == "Consultative Process on Pollution Free Planet"
    assert {label for label, _ in milestone_labels(numbered[0]["activities"][0]["milestones"])} == {
        "–"
    }


@pytest.mark.django_db
def test_2021_schedules_go_on_the_activity_or_on_each_milestone():
    load(seed(PLAN_2021))

    activities = activities_of(plan_for(2021))

    def milestone_schedules(activity):
        return [str(m.schedule) if m.schedule else None for m in activity.milestones.all()]

    # One schedule for the whole activity, though a page break split its bullets.
    assert str(activities[0].schedule) == "October 2021 – September 2022"
    assert milestone_schedules(activities[0]) == [None] * 6
    # Three bullets, three schedules in one cell.
    assert activities[2].schedule is None
    assert milestone_schedules(activities[2]) == [
        "February 2022",
        "October 2021 – September 2022",
        "January – September 2022",
    ]
    assert str(activities[3].schedule) == "September 2021 – Q2 2022"
    assert str(activities[5].schedule) == "October 2021 – June 2022"
    # Two rows: two bullets with a schedule each, then five bullets sharing one.
    assert activities[7].schedule is None
    assert milestone_schedules(activities[7]) == [
        "November 2021",
        "January – September 2022",
        *["October 2021 – September 2022"] * 5,
    ]
    assert str(activities[9].schedule) == "October 2021 – September 2022"


@pytest.mark.django_db
def test_2021_bullet_texts_are_cut_at_glued_and_spaced_bullets():
    load(seed(PLAN_2021))

    activities = activities_of(plan_for(2021))
    first = [m.text for m in activities[0].milestones.filter(parent=None)]
    assert first[0].endswith("in support of the UN Common Approach to Biodiversity.")
    assert first[1].startswith("Source, develop and share existing technical guidance")
    assert first[5] == "Produce a reporting framework for the Common Approach to biodiversity."
    fourth = [m.text for m in activities[3].milestones.all()]
    assert fourth[0].startswith("Develop common narrative on human rights")
    assert fourth[1].startswith("Engage at the COPs")
    last = activities[9].milestones.get()
    assert last.text == (
        "Organize at least 6 nexus dialogues on the environmental aspects of SDGs.\n\n"
        "Themes: Stockholm+50; programmatic consequences of climate change; environmental "
        "sustainability and digital transformation."
    )


@pytest.mark.django_db
def test_2021_numbered_groups_hold_the_bullets_under_them():
    load(seed(PLAN_2021))

    seventh = activities_of(plan_for(2021))[6]
    groups = list(seventh.milestones.filter(parent=None))
    assert [g.text.split(" ")[0] for g in groups] == ["Guide", "Promote"]
    assert groups[0].text.endswith(
        "(in coordination with the IMG on Environmental Sustainability Management):"
    )
    assert [c.text.split(" ")[0] for c in groups[0].children.all()] == [
        "facilitate",
        "guide",
        "facilitate",
    ]
    assert groups[1].children.count() == 2


@pytest.mark.django_db
def test_2021_activities_are_tied_to_the_bodies_their_titles_name():
    load(seed(PLAN_2021))

    kinds = [a.mandate.kind for a in activities_of(plan_for(2021))]
    assert kinds == [
        Mandate.Kind.IMG,
        Mandate.Kind.TASK_TEAM,
        Mandate.Kind.CONSULTATIVE_PROCESS,
        Mandate.Kind.IMG,
        Mandate.Kind.CONSULTATIVE_PROCESS,
        Mandate.Kind.TASK_TEAM,
        Mandate.Kind.CONSULTATIVE_PROCESS,
        Mandate.Kind.IMG,
        Mandate.Kind.OTHER,
        Mandate.Kind.DIALOGUE_SERIES,
    ]
    assert Mandate.objects.count() == 10


# -- both plans, and the other seeds -------------------------------------------------------------


@pytest.mark.django_db
def test_a_body_named_in_both_plans_is_one_mandate():
    load(seed(PLAN_2014))
    load(seed(PLAN_2021))

    old, new = activities_of(plan_for(2014)), activities_of(plan_for(2021))
    assert old[0].mandate == new[0].mandate  # IMG on biodiversity
    assert old[6].mandate == new[7].mandate  # IMG on Environmental Sustainability Management
    assert old[4].mandate == new[6].mandate  # Consultations / Consultative Process on ESS


@pytest.mark.django_db
@pytest.mark.parametrize("name", [PLAN_2014, PLAN_2021])
def test_importing_a_plan_twice_changes_nothing_the_second_time(name):
    check_a_second_import_changes_nothing(lambda: load(seed(name)))


@pytest.mark.django_db
@pytest.mark.parametrize("order", ["sorted", "reversed"])
def test_all_seeds_together_leave_one_mandate_per_body(order):
    paths = sorted(SAMPLES.glob("*.txt"), reverse=order == "reversed")
    results = {path.name: import_path(path) for path in paths}

    assert results[PLAN_2014].ok, results[PLAN_2014].problem
    assert results[PLAN_2021].ok, results[PLAN_2021].problem
    old, new = activities_of(plan_for(2014)), activities_of(plan_for(2021))
    assert old[0].mandate == new[0].mandate
    assert old[6].mandate == new[7].mandate
    assert old[4].mandate == new[6].mandate
    for topic in ("biodiversity", "sustainability", "marine", "infrastructure", "human"):
        named = {a.mandate for a in old + new if a.mandate and topic in a.mandate.key}
        assert len(named) == len({m.kind for m in named}), f"two bodies of one kind: {named}"
    keys = [m.key for m in Mandate.objects.all()]
    assert len(keys) == len(set(keys))
