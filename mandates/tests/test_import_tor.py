"""Importing terms of reference: the body, the clause tree, footnotes, and the meetings named."""

import pytest
from django.contrib.contenttypes.models import ContentType

from emg.importing import Source, import_source
from emg.models import Document, Meeting
from emg.tests.imports import check_a_second_import_changes_nothing
from mandates.models import Clause, Decision, Footnote, Mandate, MandateAlias, TermsOfReference
from mandates.tests import sample_documents

SEED = "tor-img-sustainability-management.txt"
BODY = "Issue Management Group on Sustainability Management in the UN System"
TITLE = f"Terms of Reference for the {BODY}"


def seed_text(name=SEED):
    return sample_documents.seed_text(name)


def edited(*replacements):
    return sample_documents.edited(seed_text(), *replacements)


def run(text, name="tor.txt"):
    return import_source(Source(name, text))


def imported(text=None, name="tor.txt"):
    result = run(seed_text() if text is None else text, name)
    assert result.ok, result.problem
    assert result.kind == "terms of reference"
    return result


def outline_labels(tor):
    return [label for _, label, _ in tor.outline()]


def nothing_saved():
    return not any(
        model.objects.exists()
        for model in (Mandate, TermsOfReference, Clause, Footnote, Document, Meeting)
    )


@pytest.mark.django_db
def test_the_title_names_the_body_the_terms_of_reference_constitute():
    imported()

    tor = TermsOfReference.objects.get()
    assert tor.title == TITLE
    assert tor.mandate.kind == Mandate.Kind.IMG
    assert tor.mandate.name == BODY
    assert Mandate.objects.count() == 1


@pytest.mark.django_db
def test_it_reads_the_meeting_that_established_the_body_the_one_it_reports_to_and_its_term():
    imported()

    tor = TermsOfReference.objects.get()
    assert tor.established_at.number == 15
    assert tor.reports_to.number == 16
    assert tor.duration_months == 24
    assert sorted(Meeting.objects.values_list("number", flat=True)) == [15, 16]


@pytest.mark.django_db
def test_the_outline_numbers_sections_paragraphs_clauses_and_sub_clauses():
    imported()

    tor = TermsOfReference.objects.get()
    # Counted by reading the document: sections A–C, paragraphs 1–5 numbered across them,
    # a)–e) in paragraph 4, three numerals under a) and five under b).
    assert outline_labels(tor) == [
        "A.", "1.", "2.",
        "B.", "3.", "4.", "a)", "i", "ii", "iii", "b)", "i", "ii", "iii", "iv", "v",
        "c)", "d)", "e)",
        "C.", "5.",
    ]  # fmt: skip
    assert tor.clauses.filter(kind=Clause.Kind.SECTION).count() == 3
    assert tor.clauses.filter(kind=Clause.Kind.PARAGRAPH).count() == 5
    assert tor.clauses.filter(kind=Clause.Kind.ITEM).count() == 13
    depths = {label: depth for _, label, depth in tor.outline()}
    assert (depths["A."], depths["1."], depths["a)"], depths["v"]) == (0, 1, 2, 3)


@pytest.mark.django_db
def test_clause_texts_read_as_written_with_wrapped_lines_joined():
    imported()

    texts = {label: clause.text for clause, label, _ in TermsOfReference.objects.get().outline()}
    assert texts["A."] == "Background"
    assert texts["B."] == "Composition, function and responsibilities"
    assert texts["3."] == (
        "The issue management group (IMG) on sustainable management in the United Nations "
        "system is composed of focal points nominated by EMG members and is open to observers "
        "as agreed by the IMG."
    )
    assert texts["e)"] == (
        "Preparing a short practical overview guide to sustainable management practices in the "
        "United Nations system that includes references to relevant technical documents."
    )
    assert "\n" not in texts["4."]
    assert texts["4."].endswith("finance and budget by:")


@pytest.mark.django_db
def test_the_footnotes_at_a_page_break_do_not_split_the_list_of_clause_b():
    imported()

    tor = TermsOfReference.objects.get()
    b = tor.clauses.get(kind=Clause.Kind.ITEM, text__startswith="Developing, in cooperation")
    numerals = [child.text for child in b.children.order_by("order")]
    assert len(numerals) == 5
    assert numerals[1] == (
        "Documenting success stories and good practices related to sustainable procurement "
        "from within the United Nations system;"
    )
    assert numerals[2] == (
        "Continuing the development of sustainable procurement practical tools such as "
        "product guidelines;"
    )


@pytest.mark.django_db
def test_each_footnote_hangs_on_the_clause_of_its_mark_and_the_mark_leaves_the_text():
    imported()

    tor = TermsOfReference.objects.get()
    first, second = tor.footnotes.order_by("order")
    assert (first.order, second.order) == (1, 2)
    assert first.text == (
        "See report of the 15th Senior officials meeting of the Environment Management Group "
        "(EMG/SOM.15/02)"
    )
    assert second.text == (
        "As outlined in the comprehensive report on United Nations procurement activities: "
        "report of the Secretary-General: addendum: sustainable procurement (A/64/284/Add.2)."
    )
    assert first.clause.kind == Clause.Kind.PARAGRAPH
    assert "held in New York 23 September 2009 considered" in first.clause.text
    assert "20091" not in first.clause.text
    assert first.anchor.endswith("2009")
    assert first.anchor in first.clause.text
    assert second.clause.text.startswith("Developing, in cooperation")
    assert "approach by the United Nations, including by:" in second.clause.text
    assert second.anchor.endswith("United Nations,")


@pytest.mark.django_db
def test_the_document_is_the_text_of_the_terms_of_reference():
    imported()

    tor = TermsOfReference.objects.get()
    document = Document.objects.get()
    assert document.kind == Document.Kind.TERMS_OF_REFERENCE
    assert document.title == TITLE
    assert document.symbol is None
    assert document.meeting is None
    assert document.source_type == ContentType.objects.get_for_model(TermsOfReference)
    assert document.source_id == tor.pk


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing():
    check_a_second_import_changes_nothing(imported)

    assert TermsOfReference.objects.count() == 1
    assert Clause.objects.count() == 21


@pytest.mark.django_db
def test_another_body_with_other_meetings_and_term_is_read_the_same_way():
    text = edited(
        ("Issue Management Group on  \nSustainability Management in the UN System", "Task Team "
         "on Nature-Positive Procurement"),
        ("The 15th senior officials meeting", "The 21st senior officials meeting"),
        ("in its 15th meeting", "in its 21st meeting"),
        ("constituted by the 15th", "constituted by the 21st"),
        ("at their sixteenth meeting", "at their twenty-second meeting"),
        ("for a period of two years. In", "for a period of 18 months. In"),
        ("for a period of two years. They", "for a period of 18 months. They"),
    )  # fmt: skip

    imported(text)

    tor = TermsOfReference.objects.get()
    assert tor.title == "Terms of Reference for the Task Team on Nature-Positive Procurement"
    assert tor.mandate.kind == Mandate.Kind.TASK_TEAM
    assert tor.mandate.name == "Task Team on Nature-Positive Procurement"
    assert (tor.established_at.number, tor.reports_to.number) == (21, 22)
    assert tor.duration_months == 18
    assert len(outline_labels(tor)) == 21


@pytest.mark.django_db
def test_a_clause_more_is_added_and_a_clause_fewer_is_pruned_on_import_again():
    one_more = edited(
        (
            "relevant technical documents.  \n",
            "relevant technical documents;\n\nf) Reporting to the senior officials at their "
            "seventeenth meeting.\n",
        )
    )
    imported(one_more)
    tor = TermsOfReference.objects.get()
    assert outline_labels(tor)[-4:] == ["e)", "f)", "C.", "5."]
    assert Clause.objects.count() == 22

    again = imported()

    assert "deleted 1 clause" in str(again.summary)
    assert Clause.objects.count() == 21
    assert TermsOfReference.objects.count() == 1


@pytest.mark.django_db
def test_a_list_one_numeral_shorter_is_numbered_from_its_order():
    imported()
    one_fewer = edited(
        (
            "iv Updating the section of the United Nations procurement practitioner’s handbook "
            "on sustainable \nprocurement;  \n\n",
            "",
        )
    )

    result = imported(one_fewer)

    tor = TermsOfReference.objects.get()
    b = tor.clauses.get(kind=Clause.Kind.ITEM, text__startswith="Developing, in cooperation")
    assert b.children.count() == 4
    labels = outline_labels(tor)
    assert labels[labels.index("b)") + 1 : labels.index("c)")] == ["i", "ii", "iii", "iv"]
    assert b.children.get(order=4).text.startswith("Promoting awareness on sustainability")
    assert "deleted 1 clause" in str(result.summary)


@pytest.mark.django_db
def test_the_body_written_another_way_is_the_body_the_action_points_decide_on():
    assert import_source(Source("ap.txt", seed_text("action-points-som26.txt"))).ok
    text = edited(
        (
            "Issue Management Group on  \nSustainability Management in the UN System",
            "IMG on Environmental Sustainability Management in the United Nations system",
        )
    )

    imported(text)

    tor = TermsOfReference.objects.get()
    decided = Decision.objects.get(text__startswith="Decide to extend the Issue Management Group")
    assert tor.mandate == decided.mandate
    assert Mandate.objects.filter(kind=Mandate.Kind.IMG).count() == 2  # and human rights
    assert MandateAlias.objects.filter(
        mandate=tor.mandate,
        name="IMG on Environmental Sustainability Management in the United Nations system",
    ).exists()


@pytest.mark.django_db
def test_terms_of_reference_without_any_clauses_are_refused():
    text = "Terms of Reference for the Task Team on Nothing\n\nlorem ipsum dolor\nsit amet\n"

    result = run(text)

    assert result.kind == "terms of reference"
    assert not result.ok
    assert "no section headings or numbered paragraphs" in result.problem.message
    assert nothing_saved()


@pytest.mark.django_db
def test_a_garbage_file_is_not_taken_for_terms_of_reference():
    result = run("%PDF-1.4\n\x7f garbage \x01\x02\nxref\n")

    assert not result.ok
    assert result.problem.line == 1
    assert nothing_saved()


def _read_back():
    tor = TermsOfReference.objects.get()
    clauses = [(label, clause.text) for clause, label, _ in tor.outline()]
    footnotes = [
        (f.order, f.text, f.anchor, f.clause.text) for f in tor.footnotes.order_by("order")
    ]
    return clauses, footnotes


@pytest.mark.django_db
def test_terms_of_reference_without_blank_lines_keep_their_sections_and_footnotes():
    # Text extracted from a PDF: no blank lines between paragraphs, lines wrapped mid-sentence,
    # the footnotes of a page right after the last line of its body.
    imported()
    as_written = _read_back()
    TermsOfReference.objects.all().delete()
    Document.objects.all().delete()
    packed = "\n".join(line for line in seed_text().split("\n") if line.strip())

    imported(packed)

    assert _read_back() == as_written
    assert outline_labels(TermsOfReference.objects.get())[:4] == ["A.", "1.", "2.", "B."]
