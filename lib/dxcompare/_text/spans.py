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

import bisect
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")
Span = tuple[int, int]


def overlaps(start: int, end: int, taken: Iterable[Span]) -> bool:
    """True if ``[start, end)`` shares a character with any span in ``taken``."""
    return any(start < e and s < end for s, e in taken)


class DisjointSpans:
    """Disjoint spans kept sorted: an overlap test costs a bisection, not a scan (linear time
    on a 1 MB line with thousands of candidates, where a scan of every kept span was quadratic)."""

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for s, e in sorted(spans):
            if e <= s:
                continue
            if self.ends and s < self.ends[-1]:  # overlapping taken spans: keep their union
                self.ends[-1] = max(self.ends[-1], e)
            else:
                self.starts.append(s)
                self.ends.append(e)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start) - 1
        if i >= 0 and self.ends[i] > start:
            return True
        return i + 1 < len(self.starts) and self.starts[i + 1] < end

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def keep_longest(
    items: Iterable[T], span: Callable[[T], Span], taken: Sequence[Span] = ()
) -> list[T]:
    """Longest first (the earlier of two equal ones), none overlapping ``taken`` or each other;
    returned in text order."""
    used = DisjointSpans(taken)
    kept = []
    for item in sorted(items, key=lambda it: (-(span(it)[1] - span(it)[0]), span(it)[0])):
        start, end = span(item)
        if not used.overlaps(start, end):
            kept.append(item)
            if end > start:
                used.add(start, end)
    return sorted(kept, key=lambda it: span(it)[0])


def keep_leftmost(items: Iterable[T], span: Callable[[T], Span]) -> list[T]:
    """In text order, each item kept unless it starts inside the last kept one."""
    kept: list[T] = []
    for item in sorted(items, key=lambda it: span(it)[0]):
        if not kept or span(item)[0] >= span(kept[-1])[1]:
            kept.append(item)
    return kept
