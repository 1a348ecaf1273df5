"""The type line of an official document: ``"QUYẾT ĐỊNH"`` -> ``"decision"`` (data/doc_kinds.tsv).

    >>> doc_type_line("KẾ HOẠCH")
    'plan'

Used by :mod:`.lines` (labelling), :mod:`.official` (the header) and :mod:`.metadata` (kind);
kept apart so that those modules need not import each other for it.
"""

from __future__ import annotations

from functools import cache

from dxcompare._text.data import bundled_text
from dxcompare.annotate.normalize import normalize_text


@cache
def _doc_types() -> tuple[tuple[str, str], ...]:
    """(TYPE WORDS, kind), longest first, from ``data/doc_kinds.tsv`` (tab-separated)."""
    rows = []
    for raw in bundled_text("doc_kinds.tsv").splitlines():
        entry = raw.strip()
        if entry and not entry.startswith("#"):
            rows.append([normalize_text(field) for field in entry.split("\t")])
    return tuple(sorted(((t.upper(), k) for t, k in rows), key=lambda r: len(r[0]), reverse=True))


def upper_ratio(line: str) -> float:
    """The share of the line's letters that are capitals (0.0 for a line without letters)."""
    letters = [c for c in line if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def doc_type_line(line: str) -> str | None:
    """The kind named by a document's type line: ``"QUYẾT ĐỊNH"`` -> ``"decision"``."""
    line = normalize_text(line).strip(" .:")
    if not line or len(line.split()) > 12 or upper_ratio(line) < 0.8:
        return None
    upper = line.upper()
    for start, kind in _doc_types():
        if upper == start or upper.startswith(start + " "):
            return kind
    return None
