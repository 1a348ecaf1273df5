"""Diacritics off: the match key for text a user or a source may write without them.

Two different "folds" exist in dxcompare, with two names:

- :func:`dxcompare.fold` (``annotate.normalize.fold``) lower-cases and normalizes but KEEPS
  the marks: ``fold("HÒA") == "hòa"``. Counting and matching words use it, because "hòa" and
  "hoa" are different Vietnamese words.
- :func:`strip_marks` here REMOVES the marks (and writes đ as d): for names a user types on a
  keyboard without Vietnamese input (``--provinces "binh dinh"``), file names, and codes that
  sources spell both ways (``QĐ`` / ``QD``).

    >>> strip_marks("Đắk Lắk")
    'Dak Lak'
    >>> ascii_words("Bà Rịa - Vũng Tàu")
    'ba ria vung tau'
"""

from __future__ import annotations

import re
import unicodedata

# đ/Đ and the look-alike Latin eth ð/Ð (some fonts and OCR output use it for Đ)
_D = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})
_NON_WORD = re.compile(r"[^\w]+")


def strip_marks(text: str) -> str:
    """``text`` without tone marks, vowel marks or the bar of đ; case and the rest kept."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def ascii_words(text: str) -> str:
    """Unmarked, case-folded words joined by one space: ``"Bình Định"`` -> ``"binh dinh"``."""
    return " ".join(_NON_WORD.sub(" ", strip_marks(text).casefold()).split())


def unmarked_same_length(text: str) -> str:
    """``text`` without tone or vowel marks (đ as d), one character for one: offsets still hold.

    A character that does not strip to a single one stays as it is, so ``len`` never changes
    and a match in the result is a match at the same offsets in ``text``.

    >>> unmarked_same_length("Hạ tầng số")
    'Ha tang so'
    """
    table = {}
    for ch in set(text):
        plain = strip_marks(ch)
        if plain != ch and len(plain) == 1:
            table[ord(ch)] = plain
    return text.translate(table)
