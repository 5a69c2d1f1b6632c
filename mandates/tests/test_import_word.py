"""Terms of reference and summaries of action points read from Word files: the workspace's own
(written and imported back to the same records) and files laid out in Word by hand."""

import datetime

import pytest

from emg.models import Document, Meeting
from emg.tests.word_files import (
    WordFile,
    differences,
    document_values,
    import_sample,
    import_word,
    round_trip,
    values,
)
from mandates.models import Clause, Decision, DecisionSection, Footnote, TermsOfReference

TOR_SAMPLE = "tor-img-sustainability-management.txt"
ACTION_POINTS_SAMPLE = "action-points-som26.txt"


def tor_records() -> dict:
    tor = TermsOfReference.objects.get()

    def clause_values(clause):
        found = values(clause, "kind", "order", "text")
        found["children"] = [clause_values(child) for child in clause.children.order_by("order")]
        return found

    return {
        "tor": values(tor, "title", "mandate", "established_at", "reports_to", "duration_months"),
        "mandate": values(tor.mandate, "kind", "name"),
        "clauses": [clause_values(c) for c in tor.clauses.filter(parent=None).order_by("order")],
        "footnotes": [
            {**values(note, "order", "text"), "clause": note.clause.text, "after": _marked(note)}
            for note in Footnote.objects.filter(tor=tor).order_by("order")
        ],
        "document": document_values(Document.objects.get(kind=Document.Kind.TERMS_OF_REFERENCE)),
    }


def _marked(note: Footnote) -> str:
    """The clause's text up to the footnote's mark: where the mark stands, however many words
    of the anchor say so."""
    text = note.clause.text
    return text[: text.index(note.anchor) + len(note.anchor)]


def action_point_records(number: int) -> dict:
    meeting = Meeting.objects.get(number=number)
    return {
        "meeting": values(meeting, "number", "title"),
        "sections": [
            {
                **values(section, "order", "title", "mandate", "label_style"),
                "decisions": [
                    {
                        **values(d, "order", "verb", "text", "mandate", "effective_until"),
                        "parent": d.parent.text if d.parent else None,
                    }
                    for d in section.decisions.order_by("parent_id", "order")
                ],
            }
            for section in DecisionSection.objects.filter(meeting=meeting).order_by("order")
        ],
        "document": document_values(Document.objects.get(kind=Document.Kind.ACTION_POINTS)),
    }


@pytest.mark.django_db
def test_terms_of_reference_written_as_word_import_back_to_the_same_records():
    def make():
        import_sample(TOR_SAMPLE)
        return Document.objects.get(kind=Document.Kind.TERMS_OF_REFERENCE)

    before, after, result = round_trip(make, tor_records)

    assert result.kind == "terms of reference"
    assert len(before["clauses"]) == 3 and len(before["footnotes"]) == 2
    assert differences(before, after) == []


@pytest.mark.django_db
def test_terms_of_reference_made_in_the_workspace_import_back_from_word():
    def make():
        from mandates.tests.factories import MandateFactory

        mandate = MandateFactory(name="Issue Management Group on Sand and Dust Storms")
        tor = TermsOfReference.objects.create(
            mandate=mandate,
            title="Terms of Reference of the Issue Management Group on Sand and Dust Storms",
            established_at=Meeting.objects.create(number=24),
            reports_to=Meeting.objects.create(number=25),
            duration_months=24,
        )
        section = Clause.objects.create(tor=tor, order=1, kind=Clause.Kind.SECTION, text="Purpose")
        first = Clause.objects.create(
            tor=tor,
            parent=section,
            order=1,
            kind=Clause.Kind.PARAGRAPH,
            text="The Issue Management Group was established by the 24th Senior Officials "
            "Meeting for a period of two years.\n\nIt is open to observers.",
        )
        second = Clause.objects.create(
            tor=tor,
            parent=section,
            order=2,
            kind=Clause.Kind.PARAGRAPH,
            text="The group shall:",
        )
        lettered = Clause.objects.create(
            tor=tor,
            parent=second,
            order=1,
            kind=Clause.Kind.ITEM,
            text="Map the work of R&D units on sand and dust storms, including by:",
        )
        Clause.objects.create(
            tor=tor,
            parent=lettered,
            order=1,
            kind=Clause.Kind.ITEM,
            text="Surveying the members;",
        )
        Clause.objects.create(
            tor=tor,
            parent=second,
            order=2,
            kind=Clause.Kind.ITEM,
            text="Report to the 25th Senior Officials Meeting.",
        )
        Footnote.objects.create(
            tor=tor,
            clause=first,
            order=1,
            anchor="Senior Officials Meeting",
            text="See the report of the meeting (EMG/SOM.24/05).",
        )
        return Document.objects.create(
            kind=Document.Kind.TERMS_OF_REFERENCE,
            title=tor.title,
            source=tor,
            date=datetime.date(2019, 11, 4),
            # The head prints no status, so only a final document reads back as it was.
            status=Document.Status.FINAL,
            language="fr",  # "Original: French", read back from the head
        )

    before, after, _ = round_trip(make, tor_records)

    assert before["footnotes"][0]["after"].endswith("24th Senior Officials Meeting")
    assert differences(before, after) == []


@pytest.mark.django_db
def test_a_summary_of_action_points_written_as_word_imports_back_to_the_same_records():
    def make():
        import_sample(ACTION_POINTS_SAMPLE)
        return Document.objects.get(kind=Document.Kind.ACTION_POINTS)

    before, after, result = round_trip(make, lambda: action_point_records(26))

    assert result.kind == "summary of action points"
    assert sum(len(section["decisions"]) for section in before["sections"]) == 34
    assert differences(before, after) == []


@pytest.mark.django_db
def test_terms_of_reference_laid_out_with_word_lists_headings_and_footnotes_import():
    word = WordFile()
    word.paragraph("Terms of Reference for the Task Team on Marine Litter", style="Title")
    word.item("Background", kind="outline", style="Heading 1")
    first = word.item(
        "The 24th Senior Officials Meeting established the Task Team for two years",
        kind="legal",
    )
    word.footnote(first, "See the report of the 24th meeting (EMG/SOM.24/05).")
    first.add_run(".")
    word.item("Functions", kind="outline", style="Heading 1")
    word.item("The Task Team shall:", kind="legal")
    word.item("Map the work of the United Nations system on marine litter;", kind="legal", level=1)
    word.item("Surveying the members;", kind="legal", level=2)
    word.item("Interviewing focal points;", kind="legal", level=2)
    word.item("Report to the 25th Senior Officials Meeting.", kind="legal", level=1)
    data = word.bytes()

    result = import_word("task-team-tor.docx", data)

    assert result.ok, result.problem
    tor = TermsOfReference.objects.get()
    assert tor.title == "Terms of Reference for the Task Team on Marine Litter"
    assert (tor.established_at.number, tor.reports_to.number, tor.duration_months) == (24, 25, 24)
    outline = [(label, clause.kind, clause.text) for clause, label, _ in tor.outline()]
    assert outline == [
        ("A.", Clause.Kind.SECTION, "Background"),
        (
            "1.",
            Clause.Kind.PARAGRAPH,
            "The 24th Senior Officials Meeting established the Task Team for two years.",
        ),
        ("B.", Clause.Kind.SECTION, "Functions"),
        ("2.", Clause.Kind.PARAGRAPH, "The Task Team shall:"),
        (
            "a)",
            Clause.Kind.ITEM,
            "Map the work of the United Nations system on marine litter;",
        ),
        ("i", Clause.Kind.ITEM, "Surveying the members;"),
        ("ii", Clause.Kind.ITEM, "Interviewing focal points;"),
        ("b)", Clause.Kind.ITEM, "Report to the 25th Senior Officials Meeting."),
    ]
    note = Footnote.objects.get()
    assert note.text == "See the report of the 24th meeting (EMG/SOM.24/05)."
    assert note.clause.text.startswith("The 24th Senior Officials Meeting")
    assert note.anchor.endswith("for two years")


@pytest.mark.django_db
def test_action_points_laid_out_with_numbered_headings_and_word_lists_import():
    word = WordFile()
    word.paragraph("UNITED NATIONS")
    word.paragraph("ENVIRONMENT MANAGEMENT GROUP")
    word.paragraph("28th Senior Officials Meeting of the Environment Management Group")
    word.paragraph("EMG/SOM.28/3")
    word.paragraph("12 October 2022")
    word.paragraph("Summary of Action Points", style="Title")
    sections = {
        "Issue Management Group on Biodiversity": [
            "Welcome the report;",
            "Decide to extend the IMG on Biodiversity for one year.",
        ],
        "Task Team on Stockholm+50": ["Decide to conclude the Task Team on Stockholm+50."],
    }
    for title, decisions in sections.items():
        word.item(title, kind="roman")
        lead = word.paragraph("The Senior Officials:")
        lead.runs[0].italic = True
        for text in decisions:
            word.item(text, kind="roman", level=1)
    data = word.bytes()

    result = import_word("action-points.docx", data)

    assert result.ok, result.problem
    sections = list(DecisionSection.objects.filter(meeting__number=28).order_by("order"))
    assert [s.title for s in sections] == [
        "Issue Management Group on Biodiversity",
        "Task Team on Stockholm+50",
    ]
    decisions = [
        (d.section.order, d.order, d.verb, d.text)
        for d in Decision.objects.filter(section__meeting__number=28).order_by(
            "section__order", "order"
        )
    ]
    assert decisions == [
        (1, 1, Decision.Verb.WELCOME, "Welcome the report;"),
        (1, 2, Decision.Verb.EXTEND, "Decide to extend the IMG on Biodiversity for one year."),
        (2, 1, Decision.Verb.CONCLUDE, "Decide to conclude the Task Team on Stockholm+50."),
    ]


@pytest.mark.django_db
def test_action_points_with_their_head_in_a_table_import_with_the_meeting_and_its_session():
    word = WordFile()
    word.paragraph("UNITED NATIONS")
    head = word.table(
        [
            [
                [
                    "28th Senior Officials Meeting of the Environment Management Group",
                    "Senior Segment, 12 October 2022 (14:00 -15:30 GVA time)",
                    "Online",
                ],
                ["EMG/SOM.28/3", "Distribution: EMG Members"],
            ]
        ],
        columns=2,
    )
    head.cell(0, 0).paragraphs[0].runs[0].bold = True
    word.paragraph("Summary of Action Points", style="Title")
    word.item("Task Team on Stockholm+50", kind="roman", style="Heading 1")
    word.paragraph("The Senior Officials:")
    word.item("Decide to conclude the Task Team on Stockholm+50.", kind="roman", level=1)

    result = import_word("action-points.docx", word.bytes())

    assert result.ok, result.problem
    meeting = Meeting.objects.get(number=28)
    session = meeting.sessions.get()
    assert (session.segment, session.date, session.online) == (
        "senior",
        datetime.date(2022, 10, 12),
        True,
    )
    assert (session.start_time, session.end_time) == (datetime.time(14), datetime.time(15, 30))
    document = Document.objects.get(kind=Document.Kind.ACTION_POINTS)
    assert (document.symbol, document.distribution, document.title) == (
        "EMG/SOM.28/3",
        "EMG Members",
        "Summary of Action Points",
    )
    assert Decision.objects.get().verb == Decision.Verb.CONCLUDE
