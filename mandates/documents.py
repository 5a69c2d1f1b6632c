"""How a ToR and a meeting's summary of action points print (see emg/documents.py)."""

from emg.documents import register_renderer
from emg.models import Document, Meeting
from mandates.models import TermsOfReference
from mandates.panels import action_points
from mandates.views import read_terms


def terms_of_reference(document, tor):
    reading = read_terms(tor)
    return "documents/terms_of_reference.html", {
        "reading": reading,
        "notes_without_clause": any(note.clause_id is None for _, note in reading.footnotes),
    }


def summary_of_action_points(document, meeting):
    return "documents/action_points.html", action_points(meeting)


register_renderer(TermsOfReference, terms_of_reference)
register_renderer(Meeting, summary_of_action_points, kind=Document.Kind.ACTION_POINTS)
