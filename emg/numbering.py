"""The one place where labels such as "A.", "I.", "1.", "(a)", "(i)" and "a)" are made.

Numbering is never typed: every model stores an order and asks this module for its label. A
pattern holds one placeholder that says how the number is written:

    {1}  arabic      1, 2, 3
    {a}  letter      a, b, … z, aa, ab
    {A}  LETTER      A, B, … Z, AA, AB
    {i}  roman       i, ii, iii, iv
    {I}  ROMAN       I, II, III, IV

    label("({a})", 2) == "(b)"     label("{I}.", 4) == "IV."
"""

import re

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_PLACEHOLDER = re.compile(r"\{([1aAiI])\}")


def to_roman(number: int) -> str:
    if number < 1:
        raise ValueError(f"Roman numerals start at 1, not {number}")
    parts = []
    for value, numeral in _ROMAN:
        count, number = divmod(number, value)
        parts.append(numeral * count)
    return "".join(parts)


def from_roman(numeral: str) -> int:
    values = {n: v for v, n in _ROMAN if len(n) == 1}
    total = 0
    numeral = numeral.upper()
    if not numeral or any(ch not in values for ch in numeral):
        raise ValueError(f"not a roman numeral: {numeral!r}")
    for current, following in zip(numeral, [*numeral[1:], None], strict=True):
        value = values[current]
        total += -value if following and values[following] > value else value
    if to_roman(total) != numeral:
        raise ValueError(f"not a well-formed roman numeral: {numeral!r}")
    return total


def is_roman(numeral: str) -> bool:
    """Whether ``numeral`` is a well-formed roman numeral ("iv", "XII"; not "iiii")."""
    try:
        from_roman(numeral)
    except ValueError:
        return False
    return True


def to_letters(number: int) -> str:
    """1 → "A", 26 → "Z", 27 → "AA" (the way UN documents run past Z)."""
    if number < 1:
        raise ValueError(f"Letters start at 1, not {number}")
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def from_letters(letters: str) -> int:
    if not letters.isalpha() or not letters.isascii():
        raise ValueError(f"not a letter label: {letters!r}")
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - ord("A") + 1
    return number


def label(pattern: str, number: int) -> str:
    """Write ``number`` (1-based) into ``pattern``."""
    if number < 1:
        raise ValueError(f"labels count from 1, not {number}")

    def write(match: re.Match) -> str:
        kind = match.group(1)
        if kind == "1":
            return str(number)
        if kind == "a":
            return to_letters(number).lower()
        if kind == "A":
            return to_letters(number)
        if kind == "i":
            return to_roman(number).lower()
        return to_roman(number)

    placeholders = len(_PLACEHOLDER.findall(pattern))
    if placeholders != 1:
        raise ValueError(f"a label pattern needs one placeholder, {pattern!r} has {placeholders}")
    return _PLACEHOLDER.sub(write, pattern)


def positions(items, key=lambda item: item.order):
    """Map each item to its 1-based position, in order. Gaps in the stored order do not count."""
    return {id(item): index for index, item in enumerate(sorted(items, key=key), start=1)}


def ordinal(number: int) -> str:
    """26 → "26th", 21 → "21st", 12 → "12th"."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
