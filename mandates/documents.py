"""How a ToR and a meeting's summary of action points print (see emg/documents.py), and how
they are written as Word files from the same context (see emg/docx.py)."""

from django.utils.translation import gettext as _
from docx.shared import Pt

from emg import numbering
from emg.documents import register_renderer
from emg.docx import Note, register_docx_builder
from emg.models import Document, Meeting
from emg.reports import register_report_section
from mandates.models import TermsOfReference
from mandates.selectors import action_points, read_terms, with_text
from mandates.templatetags.terms_of_reference import text_and_marks


def terms_of_reference(document, tor):
    reading = read_terms(tor)
    return "documents/terms_of_reference.html", {
        "reading": reading,
        "notes_without_clause": any(note.clause_id is None for _, note in reading.footnotes),
    }


def summary_of_action_points(document, meeting):
    return "documents/action_points.html", action_points(meeting)


register_renderer(
    TermsOfReference, terms_of_reference, read=lambda: with_text(TermsOfReference.objects.all())
)
register_renderer(Meeting, summary_of_action_points, kind=Document.Kind.ACTION_POINTS)


# As Word files


def terms_of_reference_docx(docx, context):
    """Sections lettered as headings, paragraphs numbered with their clauses indented under
    them; a footnote is a Word footnote after its anchor words, a note on no clause is listed at
    the end (as in print)."""
    for line in context["reading"].lines:
        pieces = [
            part if isinstance(part, str) else Note(part[1].text) for part in text_and_marks(line)
        ]
        if line.is_section:
            # A section's heading ("A. Background") is bold, apart from what precedes it.
            docx.numbered(line.label, pieces, bold=True, keep_with_next=True, space_before=Pt(11))
        else:
            docx.numbered(line.label, pieces, indent=line.indent)
    docx.notes(
        (number, footnote.text)
        for number, footnote in context["reading"].footnotes
        if footnote.clause_id is None
    )


def summary_of_action_points_docx(docx, context):
    """One heading per section ("I."), "The Senior Officials:", then the labelled decisions
    with the items under each one level in."""

    def decisions(items, indent):
        for item in items:
            docx.numbered(item["label"], item["decision"].text, indent=indent)
            decisions(item["items"], indent + 1)

    for entry in context["sections"]:
        docx.heading(entry["section"].title, level=2, label=entry["number"])
        if entry["decisions"]:
            lead = docx.paragraph(_("The Senior Officials:"), italic=True)
            lead.paragraph_format.keep_with_next = True
            decisions(entry["decisions"], 0)
    if not context["sections"]:
        docx.paragraph(_("No decision has been recorded for this meeting yet."), italic=True)


register_docx_builder(TermsOfReference, terms_of_reference_docx)
register_docx_builder(Meeting, summary_of_action_points_docx, kind=Document.Kind.ACTION_POINTS)


# In the report of the meeting (emg.reports): the decisions adopted, section by section.


def decisions_adopted(meeting: Meeting) -> list[dict]:
    def paragraphs(items: list[dict]) -> list[dict]:
        return [
            {
                "label": item["label"],
                "text": item["decision"].text,
                "paragraphs": paragraphs(item["items"]),
            }
            for item in items
        ]

    return [
        {
            # Under the report's own section number, the SOM's sections are lettered.
            "label": numbering.label("{A}.", position),
            "title": entry["section"].title,
            "lead": _("The Senior Officials:") if entry["decisions"] else "",
            "paragraphs": paragraphs(entry["decisions"]),
        }
        for position, entry in enumerate(action_points(meeting)["sections"], start=1)
    ]


register_report_section(
    "mandates.decisions",
    title=lambda: _("Decisions adopted"),
    groups=decisions_adopted,
    order=10,
)
