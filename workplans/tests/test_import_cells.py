"""Cutting a cell of a work plan's table into its items: titles from descriptions, labels in
sequence, bullets."""

import pytest

from workplans.importing.cells import LabelState, split_cell, split_title


@pytest.mark.parametrize(
    ("paragraph", "title", "description"),
    [
        (
            "IMG on Oceans Further the work on oceans.",
            "IMG on Oceans",
            "Further the work on oceans.",
        ),
        (
            "Task Team on Green Economy Provide support.",
            "Task Team on Green Economy",
            "Provide support.",
        ),
        ("Sustainability Guide Develop a guide.", "Sustainability Guide", "Develop a guide."),
        ("Annual report Preparations of a report.", "Annual report", "Preparations of a report."),
        ("Task Team on Review of Targets", "Task Team on Review of Targets", ""),
        ("Preparing a contribution to the agenda", "Preparing a contribution to the agenda", ""),
    ],
)
def test_an_activity_title_ends_where_an_action_word_starts_a_clause(paragraph, title, description):
    assert split_title(paragraph) == (title, description)


def test_labels_inside_a_paragraph_count_only_in_sequence():
    items = split_cell(
        "<p>3. Chemicals agenda (a) Upon the decision, act (see (c) below) with a hub (hub).</p>"
        "<ul> (i) First; (ii) Second</ul><p>(b) Next</p>",
        LabelState(),
    )

    assert [(item.kind, item.label, item.text) for item in items] == [
        ("number", "3", "Chemicals agenda"),
        ("letter", "a", "Upon the decision, act (see (c) below) with a hub (hub)."),
        ("roman", "i", "First;"),
        ("roman", "ii", "Second"),
        ("letter", "b", "Next"),
    ]


def test_bullets_are_cut_where_glued_or_spaced_but_not_inside_words_or_year_ranges():
    items = split_cell(
        "<ul>- Explore post-2020 work.- Scale up (2021-2030) efforts - Report -Develop tools",
        LabelState(),
    )

    assert [item.text for item in items] == [
        "Explore post-2020 work.",
        "Scale up (2021-2030) efforts",
        "Report",
        "Develop tools",
    ]
