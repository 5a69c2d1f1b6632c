"""Terms of reference and summaries of action points the importer cannot read: refused at the
line that shows why, with nothing saved."""

import pytest

from emg.importing import Source, import_source
from emg.models import Document, Meeting, Session
from mandates.models import (
    Clause,
    Decision,
    DecisionSection,
    Footnote,
    Mandate,
    TermsOfReference,
)
from mandates.tests.sample_documents import edited, line_of, seed_text

ACTION_POINTS = "action-points-som26.txt"
TERMS_OF_REFERENCE = "tor-img-sustainability-management.txt"

# A seed changed (``replacements``) so that the importer refuses it, at the line where ``at``
# stands, with a message that says ``why``.
REFUSED = [
    pytest.param(
        ACTION_POINTS,
        [("---\n\nThe Senior Officials:\n\n- a) Consider", "---\n\n- a) Consider")],
        "- a) Consider and endorse",
        "comes before “The Senior Officials:”",
        id="decisions before the senior officials",
    ),
    pytest.param(
        ACTION_POINTS,
        [
            (
                "<b>26<sup>th</sup> Senior Officials Meeting of the United Nations Environment "
                "Management Group</b>  Senior Segment, 28 <sup>th</sup> October 2020 (14:00 -15:30 "
                "GVA time) Online\t",
                "",
            )
        ],
        "## Summary of Action Points",
        "does not name the Senior Officials Meeting",
        id="action points that name no meeting",
    ),
    pytest.param(
        TERMS_OF_REFERENCE,
        [("September 20091 considered", "September 2009 considered")],
        "1 See report of the 15th",
        "footnote 1 has no mark",
        id="a footnote whose mark is missing, at the footnote",
    ),
    pytest.param(
        TERMS_OF_REFERENCE,
        [
            (
                "C. Timeframe, work-plan and secretariat support  \n\n",
                "C. Timeframe, work-plan and secretariat support  \n\na) A clause without its "
                "paragraph.\n\n",
            )
        ],
        "a) A clause without its paragraph",
        "not inside a numbered paragraph",
        id="a lettered clause outside a numbered paragraph",
    ),
    pytest.param(
        TERMS_OF_REFERENCE,
        [("1. The 15th senior officials", "The 15th senior officials")],
        "The 15th senior officials meeting",
        "without a number",
        id="a paragraph that lost its number",
    ),
    pytest.param(
        TERMS_OF_REFERENCE,
        [
            (
                "Issue Management Group on  \nSustainability Management in the UN System",
                "annual retreat of the secretariat",
            )
        ],
        "Terms of Reference for the annual",
        "does not name a body",
        id="a title that names no body, at the title",
    ),
]


def nothing_saved():
    return not any(
        model.objects.exists()
        for model in (
            Meeting,
            Session,
            Document,
            Mandate,
            TermsOfReference,
            Clause,
            Footnote,
            DecisionSection,
            Decision,
        )
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("seed", "replacements", "at", "why"), REFUSED)
def test_an_edited_seed_the_importer_cannot_read_is_refused_at_the_line_that_shows_why(
    seed, replacements, at, why
):
    text = edited(seed_text(seed), *replacements)

    result = import_source(Source(seed, text))

    assert not result.ok
    assert result.problem.line == line_of(text, at)
    assert why in result.problem.message
    assert nothing_saved()
