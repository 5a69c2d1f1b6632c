"""Importing progress reports, the small readers: the status a paragraph starts with, the
paragraphs of a table cell, text carried over a page break, and which seed documents look like
a progress report."""

import pytest

from emg.importing import Source
from progress.importers import ProgressReportReader
from progress.importing.cells import carry_on, cell_paragraphs, read_status
from progress.tests.legacy_reports import REPORT, SEEDS, C, N, O, P, seed_text


@pytest.mark.parametrize(
    ("text", "status", "rest"),
    [
        (
            "Completed: The Consultative Process was established.",
            C,
            "The Consultative Process was established.",
        ),
        ("Completed:", C, ""),
        ("Ongoing: A mapping of resources", O, "A mapping of resources"),
        ("On-going: SUN is working on plans", O, "SUN is working on plans"),
        ("Ongoing.", O, ""),
        ("Ongoing", O, ""),
        ("ONGOING – the group met twice", O, "the group met twice"),
        ("Ongoing/postponed: Three dialogues", P, "Three dialogues"),
        ("On-going / postponed:", P, ""),
        ("Postponed: to 2021", P, "to 2021"),
        ("Not yet started.", N, ""),
        ("Not  started", N, ""),
    ],
)
def test_read_status_knows_every_way_a_report_writes_a_status(text, status, rest):
    assert read_status(text) == (status, rest)


@pytest.mark.parametrize(
    "text",
    [
        "Ongoing discussions with FAO have started.",
        "Completed in January, the strategy was endorsed.",
        "Delayed: the workshop moved",
        "The task is ongoing.",
        "",
    ],
)
def test_read_status_finds_no_status_in_a_sentence_or_an_unknown_word(text):
    assert read_status(text) is None


def test_a_list_in_a_cell_stays_in_its_paragraph_one_line_per_item():
    cell = (
        "<p>Ongoing/postponed: Two dialogues were postponed:</p> "
        '<ol style="list-style-type: none"> 1) <u>Chemicals</u> 2) Fashion (June) '
    )

    assert cell_paragraphs(cell) == [
        "Ongoing/postponed: Two dialogues were postponed:\n1) Chemicals\n2) Fashion (June)"
    ]


def test_a_list_with_li_items_is_numbered_or_bulleted_as_written():
    numbered = "<p>Done:</p><ol><li>First</li><li>Second</li></ol><p>After.</p>"
    bulleted = "<ul><li>One</li><li>Two</li></ul>"

    assert cell_paragraphs(numbered) == ["Done:\n1) First\n2) Second", "After."]
    assert cell_paragraphs(bulleted) == ["\u2022 One\n\u2022 Two"]


def test_text_cut_mid_sentence_is_joined_with_a_space_else_starts_a_paragraph():
    cut = ["The meeting of the Open-ended Working"]
    carry_on(cut, ["Group, and others.", "A new paragraph."])
    whole = ["The meeting was held."]
    carry_on(whole, ["Another paragraph."])
    lowercase = ["See the report of the U.N."]
    carry_on(lowercase, ["and its annex."])

    assert cut == ["The meeting of the Open-ended Working Group, and others.", "A new paragraph."]
    assert whole == ["The meeting was held.", "Another paragraph."]
    assert lowercase == ["See the report of the U.N. and its annex."]


def test_only_the_progress_report_looks_like_a_progress_report():
    reader = ProgressReportReader()

    scores = {path.name: reader.score(Source(path.name, seed_text(path.name))) for path in SEEDS}

    assert scores.pop(REPORT) > 0
    assert set(scores.values()) == {0}
