"""The secretariat's forms: what they refuse, with the message next to the field, and edits made
by someone else in the meantime."""

import pytest

from emg.models import Meeting, User
from emg.tests.factories import EntityFactory, UserFactory
from emg.views.editing import cleaned, save_edit
from mandates import forms, services
from mandates.models import Clause, Mandate, MandateAlias, Membership, TermsOfReference

pytestmark = pytest.mark.django_db


@pytest.fixture
def tor(mandate):
    tor = TermsOfReference.objects.create(mandate=mandate, title="Terms of Reference")
    section = services.clause_add(tor=tor, kind=Clause.Kind.SECTION, text="Functions")
    paragraph = services.clause_add(
        tor=tor, kind=Clause.Kind.PARAGRAPH, text="The group shall report.", parent=section
    )
    tor.section, tor.paragraph = section, paragraph
    return tor


def edit_data(form, **changes):
    """What the browser sends back for ``form`` opened now, with ``changes`` typed in."""
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data.update(changes)
    return data


# Mandate


def test_a_mandate_needs_a_kind_and_a_name():
    form = forms.MandateForm(data={"kind": "", "name": ""})

    assert not form.is_valid()
    assert form.errors["kind"] == ["This field is required."]
    assert form.errors["name"] == ["This field is required."]


def test_a_new_mandate_may_not_take_the_name_of_an_existing_one(mandate):
    form = forms.MandateForm(data={"kind": "img", "name": "IMG on Alpha"})

    assert not form.is_valid()
    assert form.errors["name"] == [
        "This is the name of an existing mandate: Issue Management Group on Alpha."
    ]


def test_a_new_mandate_may_not_take_a_name_documents_use_for_another(mandate):
    MandateAlias.objects.create(mandate=mandate, name="The Alpha Group")

    form = forms.MandateForm(data={"kind": "other", "name": "The Alpha Group"})

    assert not form.is_valid()
    assert "Documents use this name for another mandate" in form.errors["name"][0]


def test_the_mandate_form_does_not_offer_status_or_dates():
    assert set(forms.MandateForm().fields) == {
        "kind",
        "name",
        "short_name",
        "description",
        "version",
    }


# Concurrent edits


def save_mandate(form):
    """What the mandate's edit page does with ``form``: the service claims its version."""
    return save_edit(
        form,
        lambda: services.mandate_update(
            mandate=form.instance,
            **cleaned(form, "version", "kind", "name", "short_name", "description"),
        ),
    )


def test_an_edit_made_since_the_form_was_opened_is_not_overwritten(mandate, secretariat):
    mine = edit_data(forms.MandateForm(instance=mandate), description="Mine.")
    # Someone else saves in the meantime.
    other = forms.MandateForm(
        data=edit_data(forms.MandateForm(instance=mandate), description="Theirs."),
        instance=Mandate.objects.get(pk=mandate.pk),
    )
    other.instance._history_user = secretariat
    assert save_mandate(other) is not None

    form = forms.MandateForm(data=mine, instance=Mandate.objects.get(pk=mandate.pk))

    assert save_mandate(form) is None
    assert (form.conflict.who, form.conflict.thing) == (secretariat, "mandate")
    assert ("Description", "Theirs.") in form.conflict.values
    assert form["description"].value() == "Mine."  # what the user typed is kept
    assert Mandate.objects.get(pk=mandate.pk).description == "Theirs."


def test_saving_again_after_the_refusal_replaces_the_other_change(mandate):
    opened = forms.MandateForm(instance=mandate)
    mine = edit_data(opened, description="Mine.")
    theirs = edit_data(opened, description="Theirs.")
    save_mandate(forms.MandateForm(data=theirs, instance=Mandate.objects.get(pk=mandate.pk)))
    refused = forms.MandateForm(data=mine, instance=Mandate.objects.get(pk=mandate.pk))
    assert save_mandate(refused) is None

    again = forms.MandateForm(data=edit_data(refused), instance=Mandate.objects.get(pk=mandate.pk))

    assert save_mandate(again) is not None
    assert Mandate.objects.get(pk=mandate.pk).description == "Mine."


def test_an_unchanged_record_saves_without_complaint(mandate):
    form = forms.MandateForm(
        data=edit_data(forms.MandateForm(instance=mandate), short_name="ALPHA"),
        instance=mandate,
    )

    assert form.is_valid(), form.errors


# Terms of reference


def test_terms_of_reference_cannot_report_to_a_som_before_the_one_that_established_them(
    mandate,
):
    Meeting.objects.create(number=15)
    Meeting.objects.create(number=14)

    form = forms.TermsOfReferenceForm(
        data={"title": "ToR", "established_at": "15", "reports_to": "14"},
        instance=TermsOfReference(mandate=mandate),
    )

    assert not form.is_valid()
    assert form.errors["reports_to"] == [
        "A body cannot report to a SOM held before the one that established it."
    ]


def test_terms_of_reference_name_their_soms_by_number_and_refuse_one_that_never_met(
    mandate,
):
    fifteen = Meeting.objects.create(number=15)
    tor = TermsOfReference.objects.create(mandate=mandate, title="ToR", established_at=fifteen)

    shown = forms.TermsOfReferenceForm(instance=tor)
    refused = forms.TermsOfReferenceForm(
        data={"title": "ToR", "established_at": "15", "reports_to": "99"}, instance=tor
    )

    assert 'type="number"' in str(shown["established_at"])
    assert 'value="15"' in str(shown["established_at"])
    assert not refused.is_valid()
    assert refused.errors["reports_to"] == ["There is no SOM 99."]


def test_the_clause_form_offers_the_clauses_as_the_outline_reads(tor):
    form = forms.ClauseAddForm(tor=tor)

    labels = [str(label).strip() for _, label in form.fields["parent"].choices]
    assert labels == ["Top level of the document", "A. Functions", "1. The group shall report."]


def test_a_clause_of_the_wrong_kind_for_its_place_is_refused_next_to_the_kind(tor):
    form = forms.ClauseAddForm(
        data={"parent": tor.paragraph.pk, "kind": Clause.Kind.SECTION, "text": "Misplaced"},
        tor=tor,
    )

    assert not form.is_valid()
    assert form.errors["kind"] == ["Sections stand at the top level of the terms of reference."]


def test_a_clause_under_a_clause_of_other_terms_of_reference_is_not_a_choice(tor, other_mandate):
    other = TermsOfReference.objects.create(mandate=other_mandate, title="Other")
    stranger = services.clause_add(tor=other, kind=Clause.Kind.PARAGRAPH, text="Elsewhere")

    form = forms.ClauseAddForm(
        data={"parent": stranger.pk, "kind": Clause.Kind.ITEM, "text": "x"}, tor=tor
    )

    assert not form.is_valid()
    assert "Select a valid choice" in form.errors["parent"][0]


def test_a_clause_needs_its_text(tor):
    form = forms.ClauseAddForm(data={"parent": "", "kind": Clause.Kind.PARAGRAPH}, tor=tor)

    assert not form.is_valid()
    assert form.errors["text"] == ["This field is required."]


def test_a_footnote_anchor_must_be_words_of_its_clause(tor):
    form = forms.FootnoteForm(
        data={"clause": tor.paragraph.pk, "anchor": "the budget", "text": "Note."}, tor=tor
    )

    assert not form.is_valid()
    assert form.errors["anchor"] == ["These words do not occur in the text of the clause."]


def test_a_footnote_without_anchor_words_goes_at_the_end_of_its_clause(tor):
    form = forms.FootnoteForm(data={"clause": tor.paragraph.pk, "text": "Note."}, tor=tor)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["clause"] == tor.paragraph


# Members and focal points


def test_an_entity_already_a_member_is_refused_with_a_pointer_to_its_role(mandate):
    unep = EntityFactory(acronym="UNEP")
    Membership.objects.create(mandate=mandate, entity=unep, role="member")

    form = forms.MembershipAddForm(data={"entity": unep.pk, "role": "lead"}, mandate=mandate)

    assert not form.is_valid()
    assert form.errors["entity"] == [
        "UNEP is already a member; change its role in the list instead."
    ]


def test_only_focal_points_of_the_chosen_entity_are_offered_as_focal_points(
    mandate, secretariat, other_focal_point
):
    of_entity = other_focal_point.entity.acronym
    elsewhere = UserFactory(role=User.Role.FOCAL_POINT, entity=EntityFactory(acronym="ZZZ"))
    form = forms.FocalPointForm(mandate=mandate, people_of=of_entity)

    offered = list(form.fields["user"].queryset)
    assert other_focal_point in offered
    assert secretariat not in offered and elsewhere not in offered

    for person in (secretariat, elsewhere):
        refused = forms.FocalPointForm(
            data={"user": person.pk}, mandate=mandate, people_of=of_entity
        )
        assert not refused.is_valid()
        assert refused.errors["user"] == [
            "Choose one of the people listed: focal points of the entity chosen above who are "
            "not yet focal points of this mandate."
        ]


def test_no_one_is_offered_before_an_entity_is_chosen(mandate, other_focal_point):
    form = forms.FocalPointForm(mandate=mandate, people_of="")

    assert not form.fields["user"].queryset.exists()


def test_a_focal_point_is_nominated_by_their_own_entity_unless_told_otherwise(mandate):
    undp = EntityFactory(acronym="UNDP")
    person = UserFactory(role=User.Role.FOCAL_POINT, entity=undp)

    form = forms.FocalPointForm(data={"user": person.pk}, mandate=mandate, people_of="UNDP")

    assert form.is_valid(), form.errors
    assert form.cleaned_data["nominated_by"] == undp


def test_a_focal_point_of_no_entity_needs_the_nominating_entity(mandate):
    person = UserFactory(role=User.Role.FOCAL_POINT, entity=None)

    form = forms.FocalPointForm(
        data={"user": person.pk}, mandate=mandate, people_of=forms.NO_ENTITY
    )

    assert not form.is_valid()
    assert "say which entity nominated them" in form.errors["nominated_by"][0]


def test_the_same_person_is_not_nominated_twice_for_a_mandate(mandate, focal_point):
    people_of = focal_point.entity.acronym if focal_point.entity else forms.NO_ENTITY
    form = forms.FocalPointForm(data={"user": focal_point.pk}, mandate=mandate, people_of=people_of)

    assert not form.fields["user"].queryset.filter(pk=focal_point.pk).exists()
    assert not form.is_valid()
    assert "not yet focal points of this mandate" in form.errors["user"][0]
