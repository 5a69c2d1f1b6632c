"""Reading the parameters a view reads itself, outside its forms: a number, a list of numbers, a
short text.

A value the parameter does not take raises BadRequest, which Django answers with 400; an absent
or empty one gives the default. Each value is read by one of Django's form fields, so it is refused
as a form would refuse it: "²" and other characters ``str.isdigit()`` accepts but ``int()`` does
not, a number beyond what the database's integer columns hold, a NUL byte (PostgreSQL refuses it
in a string), a text longer than the parameter takes.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.http import QueryDict

# The largest value of a bigint column (the primary keys), in PostgreSQL and SQLite alike, and of
# a PositiveSmallIntegerField (a SOM's number, a revision's).
MAX_INTEGER = 2**63 - 1
MAX_SMALL_INTEGER = 32767


def as_integer(value: str, *, min_value: int = 1, max_value: int = MAX_INTEGER) -> int | None:
    """``value`` as a whole number from ``min_value`` to ``max_value``, else None (for a value
    that may be a number or not, such as a word searched for)."""
    try:
        return _integer_field(min_value, max_value).clean(value)
    except ValidationError:
        return None


def integer(
    params: QueryDict,
    name: str,
    *,
    default: int | None = None,
    min_value: int = 1,
    max_value: int = MAX_INTEGER,
) -> int | None:
    """The whole number ``name`` from ``min_value`` to ``max_value`` (a primary key unless
    said otherwise)."""
    return _read(params, name, _integer_field(min_value, max_value), default)


def integers(
    params: QueryDict,
    name: str,
    *,
    max_count: int | None = None,
    min_value: int = 1,
    max_value: int = MAX_INTEGER,
) -> list[int]:
    """Every value of ``name`` (``?item=3&item=1``), each a whole number; at most ``max_count``
    of them."""
    values = params.getlist(name)
    if max_count is not None and len(values) > max_count:
        raise BadRequest(f"{name}: at most {max_count} values.")
    field = _integer_field(min_value, max_value)
    return [_clean(name, field, value) for value in values]


def text(params: QueryDict, name: str, *, default: str = "", max_length: int = 200) -> str:
    """The text ``name``, stripped of surrounding spaces, at most ``max_length`` characters."""
    return _read(params, name, forms.CharField(max_length=max_length), default)


def choice(params: QueryDict, name: str, choices, *, default: str) -> str:
    """One of ``choices`` (a TextChoices class) by its value."""
    return _read(params, name, forms.ChoiceField(choices=choices.choices), default)


def _integer_field(min_value: int, max_value: int) -> forms.IntegerField:
    return forms.IntegerField(min_value=min_value, max_value=max_value)


def _read(params: QueryDict, name: str, field: forms.Field, default):
    value = params.get(name)
    if value is None or not value.strip():
        return default
    return _clean(name, field, value)


def _clean(name: str, field: forms.Field, value: str):
    try:
        return field.clean(value)
    except ValidationError as refused:
        raise BadRequest(f"{name}: {' '.join(refused.messages)}") from refused
