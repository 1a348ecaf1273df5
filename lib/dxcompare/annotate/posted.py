"""A document posted whole on a portal under a lead that names it (no header of its own).

Party and provincial portals post a resolution or plan without its header, after a sentence
that gives its number::

    Ngày 06/9/2023, Ban Thường vụ Tỉnh ủy khóa XX đã ban hành Nghị quyết số 13-NQ/TU về chuyển
    đổi số tỉnh Quảng Ngãi ...; Cổng TTĐT Đảng bộ tỉnh xin đăng toàn văn Nghị quyết.
    NGHỊ QUYẾT
    CỦA BAN THƯỜNG VỤ TỈNH ỦY KHÓA XX ...
    I. TÌNH HÌNH VÀ NGUYÊN NHÂN

The number is the document's own (``documents.symbol``, flagged ``self`` in ``doc_refs``) when
three things agree: the title opens with the document's type (``NGHỊ QUYẾT``, ``Kế hoạch
chuyển đổi số ...``), the lead issues or posts a document of that type with a full number
(``ban hành Nghị quyết số 13-NQ/TU``), and the text goes on in the document's own numbered
parts (``I.``, ``Phần I``, ``Điều 1``). A news report about a document ("Tỉnh ủy ban hành
Chương trình hành động ...") has none of the numbered parts and keeps no own number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dxcompare.annotate.normalize import fold

LEAD_LINES = 3  # the lead is in the first body lines
STRUCTURE_LINES = 15  # the document's first numbered part comes soon after
_LEAD_CHARS = 700
# The document's own parts: "I. MỤC TIÊU", "Phần I", "PHẦN THỨ NHẤT", "Điều 1.", "Chương I".
_STRUCTURE = re.compile(
    r"^(?:[IVX]{1,4}[.\-]\s|(?:phần|chương)\s+(?:[IVX]{1,4}\b|\d|thứ)|điều\s+1\b)", re.I
)
# The verb that makes the lead's document the posted one, close before its type word.
_ISSUES = re.compile(r"(?:ban hành|đăng toàn văn|đăng tải|công bố|ký)(?:\s+\S+){0,12}\s*$", re.I)


def _opening_type(line: str) -> str | None:
    """The type code a title opens with: ``NGHỊ QUYẾT`` -> NQ, ``Kế hoạch chuyển đổi số`` -> KH."""
    from dxcompare.extract.references import _word_code

    words = line.split()
    for n in (4, 3, 2, 1):
        if len(words) >= n:
            code = _word_code(" ".join(words[:n]).rstrip(":,."))
            if code:
                return code
    return None


def posted_symbol(lines: Sequence[str], labels: Sequence[str]) -> str | None:
    """The own number of a document posted under its lead, or None (see the module docstring)."""
    from dxcompare.extract.references import extract_doc_refs

    titles = [i for i, label in enumerate(labels) if label == "title"][:6]
    body = [i for i, label in enumerate(labels) if label == "body"][:STRUCTURE_LINES]
    if not titles or not body:
        return None
    code = next((c for c in (_opening_type(lines[i]) for i in titles) if c), None)
    if code is None:
        return None
    if not any(_STRUCTURE.match(fold(lines[i]).strip()) for i in body):
        return None
    for i in body[:LEAD_LINES]:
        lead = lines[i][:_LEAD_CHARS]
        refs = extract_doc_refs(lead)
        for row in refs.itertuples(index=False):
            if not row.symbol or row.type != code:
                continue
            if _ISSUES.search(lead[max(0, row.start - 80) : row.start]):
                return str(row.symbol)
    return None
