"""Vietnamese number formatting: dot groups thousands, comma marks decimals."""

from __future__ import annotations

import pytest

from dxcompare.extract.numbers import parse_vietnamese_number


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("5.034", 5034),
        ("92,75", 92.75),
        ("1.200.000", 1200000),
        ("3", 3),
        ("1,5", 1.5),
        ("0,4512", 0.4512),
        ("1.200,5", 1200.5),
        ("1,200.5", 1200.5),
        ("1,200,000", 1200000),
        ("1.5", 1.5),  # English-style decimal point: a dot not followed by three digits
        ("1.500", 1500),  # Vietnamese reading wins when three digits follow
        ("1,200", 1.2),  # a single comma is always the Vietnamese decimal mark
        ("ba", 3),
        ("mười", 10),
        ("hai mươi lăm", 25),
    ],
)
def test_vietnamese_numbers(raw, value):
    parsed = parse_vietnamese_number(raw)
    assert parsed == value
    assert isinstance(parsed, int) == isinstance(value, int)


@pytest.mark.parametrize("raw", ["", "abc", "1.20.000", "số"])
def test_not_a_number_raises(raw):
    with pytest.raises(ValueError):
        parse_vietnamese_number(raw)
