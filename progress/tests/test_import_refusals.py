"""Importing progress reports: broken ones are refused at the line that breaks them, and nothing
of them is saved."""

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


def test_a_table_row_cut_in_half_is_refused_at_its_first_half(db):
    text = seed_text()
    cut = "A series of deep-dive calls serves as opportunities"
    text = replace_once(text, cut, "A series of deep-dive calls\nserves as opportunities")

    assert_refused(text, line_of(text, "Raise awareness and"), "cut in half")


def test_a_row_broken_in_its_last_cell_is_refused_at_the_broken_line(db):
    text = seed_text()
    text = replace_once(
        text, "The deep-dive call series continues.", "The deep-dive call\nseries continues."
    )

    assert_refused(text, line_of(text, "Raise awareness and") + 1, "cut in half")


def test_a_section_without_its_heading_is_refused_at_its_first_body(db):
    text = replace_once(
        seed_text(), "II. Enhancing UN environmental and social sustainability\n", ""
    )

    assert_refused(text, line_of(text, "a. Consultations on Environmental"), "section heading")


def test_a_body_before_the_first_section_heading_is_refused(db):
    text = replace_once(seed_text(), "I. Collaboration on Global Environmental Issues\n", "")

    assert_refused(
        text, line_of(text, "a) Consultative Process on Biodiversity"), "before any section"
    )


def test_a_table_without_its_header_row_is_refused_at_its_first_row(db):
    text = seed_text()
    start = text.index("d) Task Team on Marine Litter")
    header_at = text.index("Tasks\tProgress\tNext steps\n", start)
    text = text[:header_at] + text[header_at + len("Tasks\tProgress\tNext steps\n") :]

    assert_refused(text, line_of(text, "Welcome the establishment of a Task Team"), "header row")


def test_an_unknown_status_that_would_start_a_task_is_refused(db):
    text = replace_once(
        seed_text(),
        "Ongoing: A series of deep-dive calls",
        "Delayed: A series of deep-dive calls",
    )

    assert_refused(text, line_of(text, "Raise awareness and"), "“Delayed” is not a status")


def test_a_first_task_without_a_status_is_refused(db):
    text = replace_once(
        seed_text(),
        "Completed: The Consultative Process was established",
        "The Consultative Process was established",
    )

    assert_refused(
        text, line_of(text, "Agree to establish an interagency"), "does not start with a status"
    )


def test_a_body_heading_that_names_no_body_is_refused(db):
    text = replace_once(
        seed_text(),
        "d) Task Team on Marine Litter and Microplastics",
        "d) Marine litter and microplastics",
    )

    assert_refused(text, line_of(text, "d) Marine litter"), "does not name a kind of body")


def test_a_body_without_a_table_is_refused(db):
    text = seed_text()
    start = text.index("d) Task Team on Marine Litter")
    end = text.index("II. Enhancing")
    text = text[:start] + "d) Task Team on Marine Litter and Microplastics\n\n" + text[end:]

    assert_refused(text, line_of(text, "d) Task Team on Marine Litter"), "no table of tasks")


def test_a_garbage_file_is_refused_at_its_first_line(db):
    assert_refused("\x1b[31mPK\x03\x04 lorem ipsum\n\t\t\nzzz\n", 1, "not a kind of document")
