"""Lower-casing that keeps every character offset, so a match in the lowered text is a span of
the original (each extracted fact keeps its offsets into the document).

    >>> lower_keeping_offsets("Sở TT&TT")
    'sở tt&tt'

``str.lower`` can lengthen a string ("İ" becomes two characters), which would shift every
later offset; such a character is left as it is.
"""

from __future__ import annotations


def lower_keeping_offsets(text: str) -> str:
    """Lower case character by character: ``result[i]`` is ``text[i]`` lowered (same length)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
