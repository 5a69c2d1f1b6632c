"""One record per body, however the documents name it."""

import pytest

from emg.importing import Summary
from mandates.matching import read_body_name
from mandates.models import Mandate, MandateAlias
from mandates.services import mandate_resolve


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "Issue Management Group on Environmental Sustainability Management",
            "IMG on Environmental Sustainability Management",
        ),
        (
            "IMG on Environmental Sustainability Management",
            "b. The IMG on Environmental Sustainability Management in the United Nations system",
        ),
        (
            "UN Coalition on Combatting Sand and Dust Storms",
            "UN Coalition on Combating Sand and Dust Storms",
        ),
        ("The E-waste Coalition", "UN E-waste Coalition"),
        ("EMG Nexus Dialogues", "Environment Management Group Nexus Dialogues"),
        (
            "Peer Review of environmental management of United Nations organisations",
            "Environmental Management Peer Reviews of United Nations Entities",
        ),
        (
            "Consultations on Environmental and Social Sustainability (ESS) in the UN system",
            "Consultative Process on Advancing Environmental and Social Sustainability",
        ),
        (
            "UN System-Wide Framework of Strategies for the Environment (SWFS)",
            "Consultative Process on a UN System-Wide Framework of Strategies (SWFS) "
            "on the Environment",
        ),
    ],
)
@pytest.mark.django_db
def test_two_names_of_one_body_resolve_to_one_mandate(first, second):
    summary = Summary()

    one = mandate_resolve(name=first, summary=summary)
    other = mandate_resolve(name=second, summary=summary)

    assert one is not None
    assert other.pk == one.pk
    assert Mandate.objects.count() == 1


@pytest.mark.django_db
def test_bodies_of_different_kinds_on_one_topic_stay_apart():
    summary = Summary()

    img = mandate_resolve(name="Issue Management Group on Biodiversity", summary=summary)
    process = mandate_resolve(name="Consultative Process on Biodiversity", summary=summary)

    assert img.kind == Mandate.Kind.IMG
    assert process.kind == Mandate.Kind.CONSULTATIVE_PROCESS
    assert img.pk != process.pk


@pytest.mark.django_db
def test_a_name_that_names_no_body_resolves_to_nothing():
    assert mandate_resolve(name="Exchange of information and outreach", summary=Summary()) is None
    assert not Mandate.objects.exists()


@pytest.mark.django_db
def test_the_first_name_is_kept_and_the_others_become_aliases():
    summary = Summary()
    mandate_resolve(name="Task Team on Marine Litter and Microplastics", summary=summary)
    mandate_resolve(name="The Task Team on Marine Litter and Microplastics", summary=summary)
    mandate_resolve(name="Task Team on Marine Litter and Microplastic", summary=summary)

    mandate = Mandate.objects.get()
    assert mandate.name == "Task Team on Marine Litter and Microplastics"
    assert mandate.kind == Mandate.Kind.TASK_TEAM
    assert set(MandateAlias.objects.values_list("name", flat=True)) == {
        "Task Team on Marine Litter and Microplastic"
    }


@pytest.mark.django_db
def test_a_more_specific_kind_replaces_an_unspecific_one_and_the_acronym_is_kept():
    summary = Summary()
    mandate_resolve(
        name="UN System-Wide Framework of Strategies for the Environment (SWFS)", summary=summary
    )
    mandate_resolve(
        name="Consultative Process on a UN System-Wide Framework of Strategies on the Environment",
        summary=summary,
    )

    mandate = Mandate.objects.get()
    assert mandate.kind == Mandate.Kind.CONSULTATIVE_PROCESS
    assert mandate.short_name == "SWFS"


def test_a_body_name_reads_its_kind_topic_and_acronym():
    body = read_body_name("a) Consultations on Environmental and Social Sustainability (ESS)")

    assert body.kind == Mandate.Kind.CONSULTATIVE_PROCESS
    assert body.acronym == "ESS"
    assert body.name == "Consultations on Environmental and Social Sustainability (ESS)"
    assert body.topic == {"environmental", "social", "sustainability"}


@pytest.mark.parametrize(
    "title",
    [
        "Develop a results framework for the EMG",
        "Development of a Framework for Sustainability Reporting",
        "Policy dialogue with member States on circularity",
        "High-level dialogue on nexus approaches",
        "Review process of the EMG's work programme",
        "Consultations with members on the work plan",
        "Consultations on the draft strategy",
    ],
)
@pytest.mark.django_db
def test_an_ordinary_word_in_a_description_names_no_body(title):
    assert read_body_name(title).kind is None
    assert mandate_resolve(name=title, summary=Summary()) is None
    assert not Mandate.objects.exists()


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("EMG Nexus Dialogues", Mandate.Kind.DIALOGUE_SERIES),
        ("UN System-Wide Framework of Strategies for the Environment", Mandate.Kind.OTHER),
        ("Consultations on Circularity in the UN system", Mandate.Kind.CONSULTATIVE_PROCESS),
        ("EMG Review Process on Green Procurement", Mandate.Kind.REVIEW_PROCESS),
        ("Task Team on the results framework", Mandate.Kind.TASK_TEAM),
        ("Consultative process on a dialogue with States", Mandate.Kind.CONSULTATIVE_PROCESS),
    ],
)
@pytest.mark.django_db
def test_a_proper_name_or_a_body_s_own_words_name_a_body(name, kind):
    mandate = mandate_resolve(name=name, summary=Summary())

    assert mandate.kind == kind
    assert Mandate.objects.get() == mandate
