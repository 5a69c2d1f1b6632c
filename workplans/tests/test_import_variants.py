"""Importing other texts of the work plans: another biennium or edition, one activity more or fewer,
a body written another way, revisions imported in either order, an adopted plan, another
layout."""

import pytest

from emg.models import Document
from mandates.models import Mandate
from workplans.models import Activity, WorkPlan
from workplans.tests.importing import load, plan_for, row_of, seed
from workplans.tests.plan_builder import PLAN_2014, PLAN_2021, activities_of


@pytest.mark.django_db
def test_another_biennium_and_meeting_imports_with_shifted_schedules():
    text = seed(PLAN_2021).replace("2022", "2024").replace("2021", "2023").replace("27th", "29th")

    load(text)

    plan = plan_for(2023)
    assert (plan.period_start, plan.period_end) == (2023, 2024)
    assert plan.meeting.number == 29
    assert str(activities_of(plan)[0].schedule) == "October 2023 – September 2024"
    assert not WorkPlan.objects.filter(period_start=2021).exists()


@pytest.mark.django_db
def test_another_edition_of_the_lettered_plan_for_another_som_imports():
    text = (
        seed(PLAN_2014)
        .replace("2015", "2017")
        .replace("2014", "2016")
        .replace("19th", "21st")
        .replace("SOM.19", "SOM.21")
    )

    load(text)

    plan = plan_for(2016)
    assert plan.meeting.number == 21
    assert plan.revision == 1
    assert Document.objects.get().symbol == "EMG/SOM.21/03/Rev.1"
    assert sum(o.activities.count() for o in plan.outcomes.all()) == 10


NEW_ACTIVITY = (
    "Expected outcome\tActivities\tSchedule\n"
    "III. Enhanced dialogue, policy and information exchange for implementation of the "
    "environmental dimensions of the SDGs\t11. UN Coalition on Combating Sand and Dust Storms\t\n"
    "\t<ul> - Prepare a joint report on sand and dust storms. - Hold two webinars.</ul>\t"
    "<p>Q1/Q2 2022</p>\n"
)


@pytest.mark.django_db
def test_one_more_activity_is_numbered_after_the_others_with_its_own_body():
    text = seed(PLAN_2021)
    end = text.index("--\t---\t--")
    text = text[:end] + NEW_ACTIVITY + text[end:]

    load(text)

    numbered = plan_for(2021).numbered()
    last = numbered[2]["activities"][-1]
    assert last["label"] == "11."
    assert last["activity"].mandate.kind == Mandate.Kind.COALITION
    assert str(last["activity"].schedule) == "Q1/Q2 2022"
    assert last["activity"].milestones.count() == 2


@pytest.mark.django_db
def test_one_fewer_activity_renumbers_the_rest_and_reimport_prunes_it():
    text = seed(PLAN_2021)
    load(text)
    start = text.index("Expected outcome\tActivities\tSchedule\nIII. Enhanced dialogue")
    end = text.index("Expected outcome", start + 10)
    shorter = text[:start] + text[end:]

    summary = load(shorter).summary

    assert summary.deleted[Activity] == 1
    numbered = plan_for(2021).numbered()
    third = numbered[2]["activities"]
    assert [(a["label"], a["activity"].title) for a in third] == [
        ("9.", "Environment Management Group Nexus Dialogues")
    ]
    assert WorkPlan.objects.count() == 1


@pytest.mark.django_db
def test_one_fewer_activity_in_the_lettered_plan_renumbers_under_its_outcome():
    text = seed(PLAN_2014)
    row = text[text.index("\t<p>2. Exchange of information") :]
    text = text.replace(row[: row.index("\n") + 1], "")

    load(text)

    numbered = plan_for(2014).numbered()
    assert [(a["label"], a["activity"].title) for a in numbered[3]["activities"]] == [
        ("1.", "Senior officials’ meetings of the EMG"),
        ("2.", "Report to the Environment Assembly of UNEP on EMG accomplishments"),
    ]


@pytest.mark.django_db
def test_a_body_written_another_way_resolves_to_the_same_mandate():
    load(seed(PLAN_2014))
    text = (
        seed(PLAN_2021)
        .replace("1. Issue Management Group on Biodiversity", "1. The IMG on Biodiversity")
        .replace(
            "7. Consultative Process on Advancing Environmental and Social Sustainability in the "
            "United Nations System",
            "7. Consultations on Environmental and Social Sustainability (ESS) in the UN system",
        )
    )

    load(text)

    old, new = activities_of(plan_for(2014)), activities_of(plan_for(2021))
    assert new[0].title == "The IMG on Biodiversity"
    assert new[0].mandate == old[0].mandate
    assert new[6].mandate == old[4].mandate


def original_2014() -> str:
    """The 2014 plan as first issued: EMG/SOM.19/03, one activity fewer than its Rev.1."""
    revised = seed(PLAN_2014)
    return revised.replace("EMG/SOM.19/03/Rev.1", "EMG/SOM.19/03").replace(
        row_of(revised, "\t<p>2. Exchange of information"), ""
    )


@pytest.mark.django_db
def test_the_original_and_its_revision_share_one_plan_and_a_revision_chain():
    revised, original = seed(PLAN_2014), original_2014()

    load(original)
    assert plan_for(2014).revision == 0
    load(revised)

    plan = plan_for(2014)
    assert plan.revision == 1
    assert plan.outcomes.get(order=4).activities.count() == 3
    rev1 = Document.objects.get(symbol="EMG/SOM.19/03/Rev.1")
    assert rev1.supersedes.symbol == "EMG/SOM.19/03"
    assert rev1.supersedes.source == plan


@pytest.mark.django_db
def test_an_earlier_revision_imported_later_is_recorded_but_leaves_the_plan_alone():
    revised, original = seed(PLAN_2014), original_2014()
    load(revised)

    load(original)

    plan = plan_for(2014)
    assert plan.revision == 1
    assert plan.outcomes.get(order=4).activities.count() == 3
    rev1 = Document.objects.get(symbol="EMG/SOM.19/03/Rev.1")
    assert rev1.supersedes == Document.objects.get(symbol="EMG/SOM.19/03")


@pytest.mark.django_db
def test_a_plan_saying_it_was_adopted_and_not_marked_draft_is_approved():
    text = seed(PLAN_2021).replace("DRAFT ¹", "")

    load(text)

    plan = plan_for(2021)
    assert plan.status == WorkPlan.Status.APPROVED
    assert plan.meeting.number == 27
    assert Document.objects.get().status == Document.Status.FINAL


UNSEEN_PLAN = """UNITED NATIONS

Environment Management Group work plan 2025-2026

Introduction

1. This note presents the work plan for 2025-2026, adopted by the 31st meeting of the EMG Senior
Officials.

Expected accomplishments\tActivities\tTimeline
A. Programmatic issues<p>Enhanced coherence.</p>\t<p>1. Task Team on Oceans Develop a common \
narrative.</p><ul><li>Draft the narrative</li><li>Consult members</li></ul>\t\
<p>Q1 2025</p><p>Q2 2025</p>
B. Outreach<p>Better outreach.</p>\t<p>1. Exchange of information Facilitate the exchange.</p>\t
"""


@pytest.mark.django_db
def test_a_plan_laid_out_another_way_imports():
    load(UNSEEN_PLAN)

    plan = plan_for(2025)
    assert plan.status == WorkPlan.Status.APPROVED
    assert plan.meeting.number == 31
    assert plan.introduction == (
        "This note presents the work plan for 2025-2026, adopted by the 31st meeting of the EMG "
        "Senior Officials."
    )
    assert plan.milestone_style == WorkPlan.MilestoneStyle.BULLETED
    numbered = plan.numbered()
    assert [(o["label"], o["outcome"].heading, o["outcome"].statement) for o in numbered] == [
        ("A.", "Programmatic issues", "Enhanced coherence."),
        ("B.", "Outreach", "Better outreach."),
    ]
    oceans = numbered[0]["activities"][0]["activity"]
    assert (oceans.title, oceans.description) == (
        "Task Team on Oceans",
        "Develop a common narrative.",
    )
    assert oceans.mandate.kind == Mandate.Kind.TASK_TEAM
    assert [(m.text, str(m.schedule)) for m in oceans.milestones.all()] == [
        ("Draft the narrative", "Q1 2025"),
        ("Consult members", "Q2 2025"),
    ]
    outreach = numbered[1]["activities"][0]
    assert outreach["label"] == "1."
    assert outreach["activity"].mandate is None
