"""One regex alternation from a list of phrases, longest first.

Python's ``a|b`` takes the first branch that matches, not the longest, so "chuyển đổi số quốc
gia" must come before "chuyển đổi số" or the shorter phrase would always win.

    >>> alternation(["chuyển đổi số", "chuyển đổi số quốc gia"])
    'chuyển\\\\ đổi\\\\ số\\\\ quốc\\\\ gia|chuyển\\\\ đổi\\\\ số'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable


def longest_first(phrases: Iterable[str]) -> list[str]:
    """The phrases by length, longest first; phrases of equal length keep their order."""
    return sorted(phrases, key=len, reverse=True)


def alternation(phrases: Iterable[str], piece: Callable[[str], str] = re.escape) -> str:
    """``piece(p1)|piece(p2)|...`` with the longest phrase first (``piece`` escapes by default;
    pass ``str`` for phrases that are regexes already)."""
    return "|".join(piece(p) for p in longest_first(phrases))
