"""Overlapping matches: which one a text keeps.

Two rules exist, each for a reason:

- :func:`keep_longest`: candidates of several patterns compete (``03/6/2020`` against
  ``6/2020``); the longest wins, so a full date is never split into a month and a year.
- :func:`keep_leftmost`: matches read left to right (``Nghị quyết 57`` then ``NQ 57``); the
  first one starting wins and hides what it covers.

    >>> keep_longest([(0, 9), (3, 9)], span=lambda s: s)
    [(0, 9)]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")
Span = tuple[int, int]


def overlaps(start: int, end: int, taken: Iterable[Span]) -> bool:
    """True if ``[start, end)`` shares a character with any span in ``taken``."""
    return any(start < e and s < end for s, e in taken)


def keep_longest(
    items: Iterable[T], span: Callable[[T], Span], taken: Sequence[Span] = ()
) -> list[T]:
    """Longest first (the earlier of two equal ones), none overlapping ``taken`` or each other;
    returned in text order."""
    used = list(taken)
    kept = []
    for item in sorted(items, key=lambda it: (-(span(it)[1] - span(it)[0]), span(it)[0])):
        start, end = span(item)
        if not overlaps(start, end, used):
            kept.append(item)
            used.append((start, end))
    return sorted(kept, key=lambda it: span(it)[0])


def keep_leftmost(items: Iterable[T], span: Callable[[T], Span]) -> list[T]:
    """In text order, each item kept unless it starts inside the last kept one."""
    kept: list[T] = []
    for item in sorted(items, key=lambda it: span(it)[0]):
        if not kept or span(item)[0] >= span(kept[-1])[1]:
            kept.append(item)
    return kept
