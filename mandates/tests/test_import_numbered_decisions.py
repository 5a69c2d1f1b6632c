"""Decisions numbered "1.", "(1)" or "1)" rather than "a)": each is a decision of its own, with
its kind, and numbering under numbering is an item of the decision above it."""

import pytest

from emg.importing import Source, import_source
from mandates.models import Decision, DecisionSection

HEAD = """UNITED NATIONS
ENVIRONMENT MANAGEMENT GROUP

29th Senior Officials Meeting of the United Nations Environment Management Group
Senior Segment, 12 September 2023, Geneva
EMGSOM.29/3

SUMMARY OF DECISIONS

"""


def summary_of(*lines):
    result = import_source(Source("decisions-som29.txt", HEAD + "\n".join(lines) + "\n"))
    assert result.ok, result.problem
    return result


def shape(section):
    """The section's decisions as (kind, text) pairs, an item's under its decision."""
    result = []
    for decision in section.decisions.filter(parent=None).order_by("order"):
        children = [(c.verb, c.text) for c in decision.children.order_by("order")]
        result.append((decision.verb, decision.text, children))
    return result


@pytest.mark.parametrize("number", ["{}.", "({})", "{})"])
@pytest.mark.django_db
def test_numbered_decisions_are_decisions_of_their_own_with_their_kinds(number):
    one, two, three = (number.format(n) for n in (1, 2, 3))
    summary_of(
        "II. Task Team on Nature-Positive Procurement",
        "The Senior Officials:",
        f"{one} Take note of the progress report of the Task Team;",
        f"{two} Endorse its guidance on procurement;",
        f"{three} Request the EMG Secretariat to circulate the guidance.",
    )

    section = DecisionSection.objects.get(meeting__number=29)
    assert shape(section) == [
        (Decision.Verb.TAKE_NOTE, "Take note of the progress report of the Task Team;", []),
        (Decision.Verb.ENDORSE, "Endorse its guidance on procurement;", []),
        (Decision.Verb.REQUEST, "Request the EMG Secretariat to circulate the guidance.", []),
    ]


@pytest.mark.django_db
def test_lettered_items_under_a_numbered_decision_are_its_items():
    summary_of(
        "I. Issue Management Group on Sustainable Procurement",
        "The Senior Officials:",
        "1. Agree to extend the Issue Management Group for two years to:",
        "a) finalise the common procurement criteria;",
        "b) report to the next meeting.",
        "2. Welcome the offer of UNOPS to co-chair the group.",
        "3. Decide to establish a Task Team on Supplier Data",
        "   under the Issue Management Group.",
    )

    section = DecisionSection.objects.get()
    assert shape(section) == [
        (
            Decision.Verb.EXTEND,
            "Agree to extend the Issue Management Group for two years to:",
            [
                (Decision.Verb.OTHER, "finalise the common procurement criteria;"),
                (Decision.Verb.OTHER, "report to the next meeting."),
            ],
        ),
        (Decision.Verb.WELCOME, "Welcome the offer of UNOPS to co-chair the group.", []),
        (
            Decision.Verb.ESTABLISH,
            "Decide to establish a Task Team on Supplier Data under the Issue Management Group.",
            [],
        ),
    ]


@pytest.mark.django_db
def test_roman_items_under_a_lettered_decision_are_its_items_and_lettering_goes_on():
    summary_of(
        "III. Consultative Process on Circularity",
        "The Senior Officials:",
        "- a) Take note of the report;",
        "- b) Request the Consultative Process to:",
        "- i. map the members' take-back schemes;",
        "- ii. propose common indicators;",
        "- c) Invite members to nominate focal points.",
    )

    section = DecisionSection.objects.get()
    assert section.label_style == DecisionSection.LabelStyle.LETTER
    assert [(verb, len(children)) for verb, _, children in shape(section)] == [
        (Decision.Verb.TAKE_NOTE, 0),
        (Decision.Verb.REQUEST, 2),
        (Decision.Verb.INVITE, 0),
    ]


@pytest.mark.django_db
def test_a_third_level_of_numbering_is_refused_with_its_line():
    lines = [
        "I. Task Team on Supplier Data",
        "The Senior Officials:",
        "1. Request the Task Team to:",
        "a) prepare:",
        "i. a survey;",
    ]
    result = import_source(Source("decisions-som29.txt", HEAD + "\n".join(lines) + "\n"))

    assert not result.ok
    assert "third level" in str(result.problem)
    assert result.problem.line == HEAD.count("\n") + 5
    assert not Decision.objects.exists()
