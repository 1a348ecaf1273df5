"""Which province map a document's names belong to, chosen by its date (63 units, then 34).

From 1 July 2025 Viet Nam has 34 provincial units. A document dated from then names the new
units ("tỉnh Quảng Ngãi" is the merged Quảng Ngãi and Kon Tum) and the former ones with "(cũ)";
an article about a merged province may name all its former parts and no single one more than the
others ("sau khi hợp nhất 3 tỉnh Phú Thọ - Vĩnh Phúc - Hòa Bình"). Then the unit they all became
is the document's province.
"""

from __future__ import annotations

import re

import pandas as pd

MERGER_DATE = "2025-07-01"
_MERGER_WORDS = re.compile(
    r"\b(?:sáp nhập|hợp nhất|sắp xếp|sau sáp nhập|\(cũ\)|tỉnh mới)", re.IGNORECASE
)


def province_map(published: str | None) -> str | None:
    """``"34"`` for a document dated on or after 1 July 2025, ``"63"`` before, None undated.

    A year alone decides only when the whole year is on one side (``"2025"`` is undecided).
    """
    if not published:
        return None
    text = str(published)
    if len(text) == 4:
        return "63" if text < MERGER_DATE[:4] else ("34" if text > MERGER_DATE[:4] else None)
    return "34" if text[:10] >= MERGER_DATE[: len(text[:10])] else "63"


def merged_unit(mentions: pd.DataFrame, body: str, published: str | None) -> str | None:
    """The 34-unit province every province named in a post-merger text belongs to, else None.

    Needs the document dated after the merger, or the text speaking of it (sáp nhập, hợp nhất,
    "(cũ)"), and at least two named former provinces, all in the same new unit.
    """
    from dxcompare.annotate.provinces import resolve_province

    if mentions is None or not len(mentions) or "province_2025" not in mentions:
        return None
    if province_map(published) != "34" and not _MERGER_WORDS.search(body or ""):
        return None
    named = set(mentions["province"].dropna())
    units = set(mentions["province_2025"].dropna())
    if len(named) < 2 or len(units) != 1:
        return None
    return resolve_province(next(iter(units)))


# "tỉnh Kon Tum (cũ)", "Hà Nam (cũ)", "tỉnh Bình Dương cũ": a former province, named as such.
_FORMER_AFTER = re.compile(
    r"[ \t\u00a0]{0,3}(?:\([ \t\u00a0]{0,2}cũ[ \t\u00a0]{0,2}\)|cũ(?![^\W\d_]))", re.IGNORECASE
)


def former_provinces(mentions: pd.DataFrame, body: str) -> list[str]:
    """The 63-unit provinces a text names as former ones ("(cũ)", "cũ" after the name), in order.

    >>> from dxcompare.annotate.provinces import find_provinces
    >>> text = "Hà Nam (cũ) mạnh về công nghiệp, Nam Định (cũ) về nhân lực; tỉnh Ninh Bình mới"
    >>> former_provinces(find_provinces(text), text)
    ['Hà Nam', 'Nam Định']
    """
    if mentions is None or not len(mentions) or not body:
        return []
    out: list[str] = []
    for province, end in zip(mentions["province"], mentions["end"], strict=True):
        if province not in out and _FORMER_AFTER.match(body, int(end)):
            out.append(str(province))
    return out
