"""Numbers as Vietnamese writes them: ``5.034`` is five thousand, ``92,75`` is 92.75.

Vietnamese uses ``.`` to group thousands and ``,`` as the decimal mark, but copied text
also carries English-style numbers. The rules, in order:

1. Both marks present (``1.200,5`` or ``1,200.5``): the last one is the decimal mark.
2. The same mark repeated (``1.200.000``, ``1,200,000``): thousands groups, so an integer.
3. One ``.`` followed by exactly three digits (``5.034``): thousands, so 5034.
   One ``.`` followed by another count of digits (``1.5``, ``92.75``): a decimal point,
   as English-style text writes it, so 1.5. (``1.500`` stays 1500: the Vietnamese reading.)
4. One ``,`` (``92,75``, ``1,5``, ``0,125``): the Vietnamese decimal mark, so 92.75.
   ``1,200`` is therefore 1.2, not 1200: in Vietnamese text the comma is decimal.

Whole numbers come back as ``int``; numbers with a decimal part as ``float``.
A few number words (``một`` .. ``mười``, ``hai mươi``) are read as well.
"""

from __future__ import annotations

import re

_DIGITS = re.compile(r"^\d+(?:[.,]\d+)*$")

_UNITS = {
    "không": 0,
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
}

SCALES = {
    "nghìn": 1_000,
    "ngàn": 1_000,
    "triệu": 1_000_000,
    "tỷ": 1_000_000_000,
    "tỉ": 1_000_000_000,
}


def parse_vietnamese_number(s: str) -> int | float:
    """``"5.034"`` -> 5034, ``"92,75"`` -> 92.75, ``"1.200.000"`` -> 1200000, ``"ba"`` -> 3.

    Raises ``ValueError`` when ``s`` is not a number.
    """
    text = s.strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        raise ValueError(f"not a number: {s!r}")
    if not _DIGITS.match(text):
        return _parse_words(s)
    has_dot, has_comma = "." in text, "," in text
    if has_dot and has_comma:
        decimal = "." if text.rfind(".") > text.rfind(",") else ","
        return _with_decimal(text, decimal)
    mark = "." if has_dot else "," if has_comma else None
    if mark is None:
        return int(text)
    groups = text.split(mark)
    if len(groups) > 2:
        if not all(len(g) == 3 for g in groups[1:]):
            raise ValueError(f"not a number: {s!r} (uneven thousands groups)")
        return int("".join(groups))
    if mark == "." and len(groups[1]) == 3:
        return int("".join(groups))
    return _with_decimal(text, mark)


def _with_decimal(text: str, decimal: str) -> int | float:
    thousands = "," if decimal == "." else "."
    whole, _, frac = text.replace(thousands, "").partition(decimal)
    return float(f"{whole}.{frac}")


def _parse_words(s: str) -> int:
    """``mười`` 10, ``hai mươi lăm`` 25, ``ba`` 3: the small numbers written out."""
    words = s.strip().lower().split()
    if len(words) == 1 and words[0] in ("mười", "mươi"):
        return 10
    if words and words[0] == "mười" and len(words) == 2 and words[1] in _UNITS:
        return 10 + _UNITS[words[1]]
    if len(words) >= 2 and words[0] in _UNITS and words[1] == "mươi":
        tail = words[2:]
        if not tail:
            return 10 * _UNITS[words[0]]
        if len(tail) == 1 and tail[0] in {**_UNITS, "mốt": 1}:
            return 10 * _UNITS[words[0]] + {**_UNITS, "mốt": 1}[tail[0]]
    if len(words) == 1 and words[0] in _UNITS and words[0] not in ("lăm", "tư"):
        return _UNITS[words[0]]
    raise ValueError(f"not a number: {s!r}")
