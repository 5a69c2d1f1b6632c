"""Importing documents of several meetings: a document belongs to its meeting, and a meeting's
title does not depend on which of its documents came first."""

import pytest

from emg.importing import Source, import_source
from emg.models import Document, Meeting
from mandates.tests import sample_documents
from mandates.tests.sample_documents import line_of

ACTION_POINTS = "action-points-som26.txt"
PROGRESS = "progress-report-som26-mid-term.txt"
FULL_TITLE = "26th Senior Officials Meeting of the United Nations Environment Management Group"


def run(name, text=None):
    text = sample_documents.seed_text(name) if text is None else text
    return import_source(Source(name, text))


@pytest.mark.django_db
def test_another_meetings_action_points_with_a_stale_symbol_are_refused_at_the_symbol():
    assert run(ACTION_POINTS).ok
    stale = sample_documents.edited(
        sample_documents.seed_text(ACTION_POINTS),
        (
            "<b>26<sup>th</sup> Senior Officials Meeting",
            "<b>27<sup>th</sup> Senior Officials Meeting",
        ),
    )

    result = run("som27.txt", stale)

    assert not result.ok
    assert result.problem.line == line_of(stale, "EMGSOM.26_3a")
    assert "EMGSOM.26_3a" in result.problem.message
    assert "SOM 26" in result.problem.message
    document = Document.objects.get(symbol="EMGSOM.26_3a")
    assert document.meeting.number == 26
    assert not Meeting.objects.filter(number=27).exists()


@pytest.mark.django_db
def test_a_document_of_another_kind_with_the_same_symbol_is_refused():
    assert run(ACTION_POINTS).ok
    text = sample_documents.edited(
        sample_documents.seed_text(PROGRESS), ("EMG SOM26/mid-term/03", "EMGSOM.26_3a")
    )

    result = run(PROGRESS, text)

    assert not result.ok
    assert "EMGSOM.26_3a" in result.problem.message
    assert Document.objects.get(symbol="EMGSOM.26_3a").kind == Document.Kind.ACTION_POINTS


@pytest.mark.django_db
@pytest.mark.parametrize("order", [(ACTION_POINTS, PROGRESS), (PROGRESS, ACTION_POINTS)])
def test_a_meetings_title_is_its_fullest_name_whichever_document_comes_first(order):
    for name in order:
        assert run(name).ok

    assert Meeting.objects.get(number=26).title == FULL_TITLE
