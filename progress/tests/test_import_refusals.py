"""Importing progress reports: broken ones are refused at the line that breaks them, and nothing
of them is saved."""

import pytest

from progress.tests.legacy_reports import (
    import_text,
    line_of,
    nothing_saved,
    replace_once,
    seed_text,
)


def assert_refused(text: str, line: int, words: str):
    result = import_text(text)

    assert not result.ok
    assert result.problem.line == line, str(result.problem)
    assert words in result.problem.message
    assert nothing_saved()


# One change to the seed report (``old`` written ``new``) the importer refuses, at the line where
# ``at`` stands, with a message that says ``why``.
REFUSED = [
    pytest.param(
        "A series of deep-dive calls serves as opportunities",
        "A series of deep-dive calls\nserves as opportunities",
        "Raise awareness and",
        "cut in half",
        id="a table row cut in half, at its first half",
    ),
    pytest.param(
        "II. Enhancing UN environmental and social sustainability\n",
        "",
        "a. Consultations on Environmental",
        "section heading",
        id="a section without its heading, at its first body",
    ),
    pytest.param(
        "I. Collaboration on Global Environmental Issues\n",
        "",
        "a) Consultative Process on Biodiversity",
        "before any section",
        id="a body before the first section heading",
    ),
    pytest.param(
        "Ongoing: A series of deep-dive calls",
        "Delayed: A series of deep-dive calls",
        "Raise awareness and",
        "“Delayed” is not a status",
        id="an unknown status that would start a task",
    ),
    pytest.param(
        "Ongoing: A series of deep-dive calls",
        "Delayed. A series of deep-dive calls",
        "Raise awareness and",
        "“Delayed” is not a status",
        id="an unknown status without a colon that would start a task",
    ),
    pytest.param(
        "Ongoing: A series of deep-dive calls",
        "Delayed \u2013 A series of deep-dive calls",
        "Raise awareness and",
        "“Delayed” is not a status",
        id="an unknown status after a dash that would start a task",
    ),
    pytest.param(
        "Ongoing: A series of deep-dive calls",
        "A series of deep-dive calls",
        "Raise awareness and",
        "does not start with a status",
        id="a task that does not carry on the one above, without a status",
    ),
    pytest.param(
        "Completed: The Consultative Process was established",
        "The Consultative Process was established",
        "Agree to establish an interagency",
        "does not start with a status",
        id="a first task without a status",
    ),
    pytest.param(
        "d) Task Team on Marine Litter and Microplastics",
        "d) Marine litter and microplastics",
        "d) Marine litter",
        "does not name a kind of body",
        id="a body heading that names no body",
    ),
]


@pytest.mark.parametrize(("old", "new", "at", "why"), REFUSED)
def test_a_report_changed_so_it_cannot_be_read_is_refused_at_its_line(db, old, new, at, why):
    text = replace_once(seed_text(), old, new)

    assert_refused(text, line_of(text, at), why)


def test_an_unknown_status_on_a_row_carrying_on_the_task_above_is_refused_at_its_line(db):
    text = seed_text()
    row = next(line for line in text.split("\n") if line.startswith("Raise awareness and"))
    text = replace_once(
        text, row + "\n", row + "\n\t<p>Delayed: the next call is in June.</p>\t<p>To be set.</p>\n"
    )

    assert_refused(text, line_of(text, "Delayed: the next call"), "“Delayed” is not a status")


def test_a_row_broken_in_its_last_cell_is_refused_at_the_broken_line(db):
    text = seed_text()
    text = replace_once(
        text, "The deep-dive call series continues.", "The deep-dive call\nseries continues."
    )

    assert_refused(text, line_of(text, "Raise awareness and") + 1, "cut in half")


def test_a_table_without_its_header_row_is_refused_at_its_first_row(db):
    text = seed_text()
    start = text.index("d) Task Team on Marine Litter")
    header_at = text.index("Tasks\tProgress\tNext steps\n", start)
    text = text[:header_at] + text[header_at + len("Tasks\tProgress\tNext steps\n") :]

    assert_refused(text, line_of(text, "Welcome the establishment of a Task Team"), "header row")


def test_a_body_without_a_table_is_refused(db):
    text = seed_text()
    start = text.index("d) Task Team on Marine Litter")
    end = text.index("II. Enhancing")
    text = text[:start] + "d) Task Team on Marine Litter and Microplastics\n\n" + text[end:]

    assert_refused(text, line_of(text, "d) Task Team on Marine Litter"), "no table of tasks")


def test_a_garbage_file_is_refused_at_its_first_line(db):
    assert_refused("\x1b[31mPK\x03\x04 lorem ipsum\n\t\t\nzzz\n", 1, "not a kind of document")
