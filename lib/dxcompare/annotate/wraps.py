"""Hard-wrapped lines (PDF and legal pages) read as the running text they are.

Pages copied from a PDF or a legal database break lines mid-sentence: ``Nghị quyết số`` /
``52-NQ/TW``, ``ngày 17`` / ``tháng 5 năm 2021``, ``Căn cứ Luật Tổ chức chính quyền địa phương`` /
``ngày 19/6/2015;``. :func:`soft_wrapped` returns the body with every such line break replaced by
a space: the same length, so every offset found in it is an offset into the body itself.

A break is kept (a real line end) after a line that ends a sentence or a clause
(``. ; : ! ? …`` or a closing quote or bracket), after an upper-case heading, and before a
line that opens a list item (``1.``, ``1.1.``, ``I.``, ``a)``, ``-``, ``+``, ``Điều 2.``), so a type
word at a line's end followed by a list number (``KẾ HOẠCH`` / ``1. Mục tiêu``) is never read as
"Kế hoạch 1".
"""

from __future__ import annotations

import re

_ENDS_CLAUSE = re.compile(r"[.;:!?…\"”’)\]|]\s*$")
_OPENS_ITEM = re.compile(
    r"^\s*(?:\d{1,3}(?:\.\d{1,3}){0,3}[.)]\s|[IVXLC]{1,6}[.\-]\s|[a-zđ][).]\s|[-+•*–—]\s?|"
    r"(?:Điều|Chương|Mục|Phần|Phụ lục)\s+[\dIVX]|Căn cứ\b|Theo đề nghị\b|Xét đề nghị\b)"
)


def _is_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def soft_wrapped(body: str) -> str:
    """``body`` with hard wraps turned into spaces (same length, same offsets).

    >>> soft_wrapped("Căn cứ Nghị quyết số\\n52-NQ/TW ngày 27/9/2019;\\nI. MỤC TIÊU\\n1. Chung")
    'Căn cứ Nghị quyết số 52-NQ/TW ngày 27/9/2019;\\nI. MỤC TIÊU\\n1. Chung'
    """
    if "\n" not in body:
        return body
    lines = body.split("\n")
    out = list(body)
    offset = 0
    for line, nxt in zip(lines, lines[1:], strict=False):
        offset += len(line)
        if _joins(line, nxt):
            out[offset] = " "
        offset += 1
    return "".join(out)


def _joins(line: str, nxt: str) -> bool:
    if not line.strip() or not nxt.strip():
        return False
    if _ENDS_CLAUSE.search(line) or _is_heading(line) or _OPENS_ITEM.match(nxt):
        return False
    first = nxt.lstrip()[:1]
    # A wrapped line goes on in lower case or with a number ("52-NQ/TW", "2030, UBND ...");
    # a capital may open a new paragraph, so it joins only after a word that needs a follower.
    if first.islower() or first.isdigit():
        return True
    # ("số", "ngày" are followed by digits, joined above; "chuyển đổi số" may end a heading).
    return bool(re.search(r"(?:\bcủa|\bvà|\bvề|,)\s*$", line))
