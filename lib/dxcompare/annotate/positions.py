"""Where an offset of ``documents.text`` is in the user's own file: line and column.

Every fact keeps character offsets into the normalized body (``documents.text``): the body
lines only, normalized (NFC, ``Đ`` for ``Ð``, ``hòa`` for ``hoà``, one space for a run of spaces,
reviewer anchors ``[WU1]`` dropped) and joined by ``\\n``. A reader checking a number opens the
*file*, so each offset also gets the line and column it came from there:

- the line is the body line's ``line_no`` (1-based): reading turns ``\\r\\n`` and ``\\r`` into
  one line end and drops the byte-order mark, so the count is the one an editor shows; a hard
  wrap (a PDF copy) keeps its lines, so a sentence running over two lines starts on its own;
- the column (1-based, in characters as decoded) comes from aligning the normalized line with the
  line as read (``lines.original``): composed and decomposed letters, moved tone marks, odd
  spaces, quotes and dashes are the same character for the alignment; zero-width characters,
  collapsed spaces, stripped line ends and reviewer anchors are skipped. The alignment is one
  pass over both lines (linear time).

For ``.html``, ``.docx`` and ``.pdf`` files the lines are those of the extracted text (there is
no line in a PDF to point at); :func:`position_basis` says which. A file read through a legacy
font conversion (TCVN3, VNI) counts columns in the converted text.

    >>> column_map("Khánh Hoà\\u00a0 [WU1]là", "Khánh Hòa là")[-2:]
    [17, 18]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from dxcompare.annotate.lines import _ANCHOR
from dxcompare.annotate.normalize import _DASHES, _QUOTES, _SPACES, _ZERO_WIDTH

_ANCHOR_ONLY = re.compile(_ANCHOR)
_ETHS = "\u00d0\u00f0\u0189\u0110\u0111"
#: Files whose lines are the user's own lines; other readers extract text first.
FILE_LINES = (".txt", ".md")


@lru_cache(maxsize=4096)
def _key(char: str) -> str:
    """What a character is for the alignment: its base letter, lower-cased, one class per space,
    quote and dash (``"Ò"``, ``"ò"``, ``"o\\u0300"`` -> ``"o"``)."""
    if char in _ETHS:
        return "đ"
    if char in _SPACES or char in " \t":
        return " "
    if char in _QUOTES:
        return _QUOTES[char]
    if char in _DASHES:
        return "-"
    base = unicodedata.normalize("NFD", char)[:1] or char
    return base.lower()


def column_map(original: str, normalized: str) -> list[int]:
    """For each index of ``normalized`` (and its end), the 0-based index in ``original``.

    ``normalized`` is ``original`` after :func:`dxcompare.annotate.normalize.normalize_line` (and,
    for a body line, the reviewer anchors removed). One pass: a character of ``original`` that
    does not match the next normalized character is one the normalization removed.

    >>> column_map("  Ho\\u0300a  Bi\\u0300nh", "Hòa Bình")
    [2, 3, 5, 6, 8, 9, 11, 12, 13]
    """
    out: list[int] = []
    anchors = (
        {m.start(): m.end() for m in _ANCHOR_ONLY.finditer(original)} if "[" in original else {}
    )
    i, n_orig = 0, len(original)
    for char in normalized:
        if unicodedata.combining(char) and out:  # a mark NFC could not compose: same letter
            out.append(out[-1])
            continue
        want = _key(char)
        while i < n_orig:
            cur = original[i]
            if cur not in _ZERO_WIDTH and not unicodedata.combining(cur) and _key(cur) == want:
                break
            # Removed by normalization: a whole reviewer anchor, or one character.
            i = anchors.get(i) or i + 1
        out.append(min(i, n_orig))
        if i < n_orig:
            i += 1
            while i < n_orig and unicodedata.combining(original[i]):  # the letter's own marks
                i += 1
    out.append(min(i, n_orig))
    return out


def position_basis(path: Any) -> str:
    """``"file"`` when line and column are those of the file itself, else ``"extracted text"``."""
    suffix = str(path).rsplit(".", 1)[-1].lower() if "." in str(path) else ""
    return "file" if f".{suffix}" in FILE_LINES else "extracted text"


def source_positions(
    corpus: Any, doc_ids: Sequence[str], offsets: Sequence[int]
) -> list[tuple[int | None, int | None]]:
    """``(line, column)`` (1-based) in the original file for each ``(doc_id, offset)``.

    ``offsets`` index ``documents.text``. ``(None, None)`` for an offset outside every body line
    (a corpus without its ``lines`` table, or a negative offset).

    >>> source_positions(corpus, ["002_hai_phong"], [120])       # doctest: +SKIP
    [(14, 37)]
    """
    import numpy as np

    lines = corpus.lines
    body = lines[lines["start"] >= 0]
    per_doc: dict[str, tuple[Any, Any, Any, Any, Any]] = {}
    out: list[tuple[int | None, int | None]] = []
    maps: dict[tuple[str, int], list[int]] = {}
    for doc_id, offset in zip(doc_ids, offsets, strict=True):
        doc_id = str(doc_id)
        if doc_id not in per_doc:
            rows = body[body["doc_id"].astype(str) == doc_id].sort_values("start")
            per_doc[doc_id] = (
                rows["start"].to_numpy(),
                rows["line_no"].to_numpy(),
                rows["original"].to_numpy(),
                rows["text"].to_numpy(),
                rows["end"].to_numpy(),
            )
        starts, line_nos, originals, texts, _ = per_doc[doc_id]
        if offset is None or offset != offset or int(offset) < 0 or not len(starts):
            out.append((None, None))
            continue
        k = int(np.searchsorted(starts, int(offset), side="right")) - 1
        if k < 0:
            out.append((None, None))
            continue
        key = (doc_id, k)
        if key not in maps:
            maps[key] = column_map(str(originals[k]), str(texts[k]))
        cols = maps[key]
        col = min(int(offset) - int(starts[k]), len(cols) - 1)
        out.append((int(line_nos[k]), cols[col] + 1))
    return out


__all__ = ["FILE_LINES", "column_map", "position_basis", "source_positions"]
