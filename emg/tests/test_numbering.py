"""Labels such as "A.", "I.", "1.", "(a)", "(i)" are computed from a position, never typed."""

from types import SimpleNamespace

import pytest

from emg import numbering


@pytest.mark.parametrize(
    ("pattern", "number", "expected"),
    [
        ("{A}.", 1, "A."),
        ("{A}.", 4, "D."),
        ("{I}.", 4, "IV."),
        ("{1}.", 10, "10."),
        ("({a})", 2, "(b)"),
        ("({i})", 9, "(ix)"),
        ("{a})", 1, "a)"),
        ("{i}", 3, "iii"),
        ("({A})", 27, "(AA)"),
        ("Rev.{1}", 2, "Rev.2"),
    ],
)
def test_label_writes_the_number_into_the_pattern(pattern, number, expected):
    assert numbering.label(pattern, number) == expected


@pytest.mark.parametrize("pattern", ["1.", "{b}.", "", "{1}.{a}", "({a})({i})"])
def test_label_pattern_without_exactly_one_placeholder_is_refused(pattern):
    with pytest.raises(ValueError, match="one placeholder"):
        numbering.label(pattern, 1)


@pytest.mark.parametrize("pattern", ["{1}.", "{a})", "{A}.", "{i}", "{I}."])
@pytest.mark.parametrize("number", [0, -1])
def test_label_counts_from_one(pattern, number):
    with pytest.raises(ValueError, match="count from 1"):
        numbering.label(pattern, number)


@pytest.mark.parametrize(
    ("number", "letters"),
    [(1, "A"), (2, "B"), (26, "Z"), (27, "AA"), (28, "AB"), (52, "AZ"), (53, "BA"), (702, "ZZ"),
     (703, "AAA")],
)  # fmt: skip
def test_letters_run_past_z_the_way_un_documents_do_and_read_back(number, letters):
    assert numbering.to_letters(number) == letters
    assert numbering.from_letters(letters) == number
    assert numbering.from_letters(letters.lower()) == number


@pytest.mark.parametrize("number", [0, -1])
def test_letters_start_at_one(number):
    with pytest.raises(ValueError, match="start at 1"):
        numbering.to_letters(number)


@pytest.mark.parametrize("text", ["", "a1", "a b", "é", "(a)"])
def test_from_letters_refuses_what_is_not_a_letter_label(text):
    with pytest.raises(ValueError, match="not a letter label"):
        numbering.from_letters(text)


@pytest.mark.parametrize(
    ("number", "numeral"),
    [(1, "I"), (3, "III"), (4, "IV"), (5, "V"), (9, "IX"), (12, "XII"), (14, "XIV"), (19, "XIX"),
     (40, "XL"), (44, "XLIV"), (90, "XC"), (400, "CD"), (1994, "MCMXCIV"), (2026, "MMXXVI")],
)  # fmt: skip
def test_roman_numerals_both_ways(number, numeral):
    assert numbering.to_roman(number) == numeral
    assert numbering.from_roman(numeral) == number
    assert numbering.from_roman(numeral.lower()) == number


def test_every_roman_numeral_up_to_four_thousand_reads_back():
    assert all(numbering.from_roman(numbering.to_roman(n)) == n for n in range(1, 4000))


@pytest.mark.parametrize("number", [0, -4])
def test_roman_numerals_start_at_one(number):
    with pytest.raises(ValueError, match="start at 1"):
        numbering.to_roman(number)


@pytest.mark.parametrize("text", ["", "ABC", "I.", "i)", "4"])
def test_from_roman_refuses_what_is_not_a_numeral(text):
    with pytest.raises(ValueError, match="not a roman numeral"):
        numbering.from_roman(text)


@pytest.mark.parametrize("text", ["IIII", "VX", "IC", "IL", "XM", "VV", "IIX"])
def test_from_roman_refuses_badly_formed_numerals(text):
    with pytest.raises(ValueError, match="not a well-formed roman numeral"):
        numbering.from_roman(text)


@pytest.mark.parametrize(
    ("text", "expected"), [("iv", True), ("XII", True), ("iiii", False), ("a", False), ("", False)]
)
def test_is_roman_says_whether_a_label_is_a_well_formed_numeral(text, expected):
    assert numbering.is_roman(text) is expected


def test_positions_count_from_one_in_order_and_ignore_gaps_in_the_stored_order():
    first, second, third = (SimpleNamespace(order=order) for order in (10, 20, 35))

    positions = numbering.positions([third, first, second])

    assert positions == {id(first): 1, id(second): 2, id(third): 3}


@pytest.mark.parametrize(
    ("number", "text"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"),
     (19, "19th"), (21, "21st"), (22, "22nd"), (26, "26th"), (101, "101st"), (111, "111th"),
     (112, "112th")],
)  # fmt: skip
def test_ordinal_names_a_meeting_the_english_way(number, text):
    assert numbering.ordinal(number) == text
