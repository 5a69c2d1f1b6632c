"""emg.params: what a view reads outside its forms is a whole number, a list of them or a short
text, or the request is refused (400)."""

import pytest
from django.core.exceptions import BadRequest
from django.http import QueryDict

from emg import params


def query(**values) -> QueryDict:
    data = QueryDict(mutable=True)
    data.update(values)
    return data


@pytest.mark.parametrize("value", ["²", "x", "1.5", "\x00", "0", "-1", "9" * 20, "9" * 10_240])
def test_an_integer_that_int_refuses_or_out_of_range_is_a_bad_request(value):
    with pytest.raises(BadRequest) as refused:
        params.integer(query(parent=value), "parent")

    assert str(refused.value).startswith("parent: ")


def test_an_integer_absent_or_empty_is_the_default_and_a_number_is_read():
    assert params.integer(QueryDict(""), "parent") is None
    assert params.integer(QueryDict("parent="), "parent", default=7) == 7
    assert params.integer(QueryDict("parent=12"), "parent") == 12
    assert params.integer(QueryDict("revision=0"), "revision", min_value=0) == 0


def test_integers_are_each_read_and_bounded_in_number():
    assert params.integers(QueryDict("item=3&item=1"), "item") == [3, 1]
    with pytest.raises(BadRequest):
        params.integers(QueryDict("item=3&item=%C2%B2"), "item")
    with pytest.raises(BadRequest):
        params.integers(QueryDict("also=1&also=2&also=3"), "also", max_count=2)


def test_a_text_with_a_nul_byte_or_too_long_is_a_bad_request():
    assert params.text(QueryDict("q=+Alpha+"), "q") == "Alpha"
    with pytest.raises(BadRequest):
        params.text(QueryDict("q=a%00b"), "q")
    with pytest.raises(BadRequest):
        params.text(QueryDict("entity=" + "A" * 41), "entity", max_length=40)


def test_as_integer_says_none_of_what_is_not_a_number():
    assert params.as_integer("26") == 26
    assert params.as_integer("2⁶") is None
    assert params.as_integer("9" * 10_240) is None
    assert params.as_integer("40000", max_value=params.MAX_SMALL_INTEGER) is None
