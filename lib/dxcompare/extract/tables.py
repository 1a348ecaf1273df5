"""Tables inside documents: a figure in a table cell takes its column's year and its row's label.

Plans list their targets in tables, which arrive as ``|``-separated rows when copied from a web
page, Word or a PDF::

    | STT | Chỉ tiêu                                  | Năm 2024 | Năm 2025 |
    | 1   | Tỷ lệ dịch vụ công trực tuyến toàn trình  | 80%      | 100%     |

Read sentence by sentence, ``100%`` has neither the year it is set for nor what it measures.
Here each data row's figures get the year of their column's header cell (``Năm 2025``,
``Kế hoạch 2025``, ``Đến năm 2025``; a range ``2021-2025`` gives none) and the row's label (its
longest text cell) as ``measure``, where the sentence gave none; a column of results
(``Thực hiện 2024``, ``Kết quả năm 2023``) gives no year, only the label. A table is two or more
consecutive rows with at least three cells; the header is its first row naming a year. Work is
one pass over the lines and cells: linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
_RANGE = re.compile(r"(?<!\d)(?:19|20)\d\d\s*[-–—/]\s*(?:19|20)?\d\d(?!\d)")
_LETTER = re.compile(r"[^\W\d_]")
_MAX_HEADER_WORDS = 8


@dataclass
class _Row:
    cells: list[tuple[int, int, str]]  # (start, end, text) in the whole text


def _split_row(line: str, offset: int) -> list[tuple[int, int, str]] | None:
    """Cells of a ``|`` row with their offsets, or None when the line is no table row."""
    if line.count("|") < 2:
        return None
    cells = []
    pos = 0
    for part in line.split("|"):
        start, end = pos, pos + len(part)
        pos = end + 1
        text = part.strip()
        if not text:
            continue
        lead = len(part) - len(part.lstrip())
        cells.append((offset + start + lead, offset + start + lead + len(text), text))
    return cells if len(cells) >= 3 else None


def _tables(text: str) -> list[list[_Row]]:
    tables: list[list[_Row]] = []
    current: list[_Row] = []
    offset = 0
    for line in text.split("\n"):
        cells = _split_row(line, offset)
        if cells:
            current.append(_Row(cells))
        else:
            if len(current) >= 2:
                tables.append(current)
            current = []
        offset += len(line) + 1
    if len(current) >= 2:
        tables.append(current)
    return tables


# A column of results ("Thực hiện 2024", "Kết quả năm 2023", "Ước đạt 2025") holds no target year.
_RESULT = re.compile(
    r"(?i:thực hiện|kết quả|đạt được|ước đạt|ước thực hiện|so với|lũy kế|hiện trạng)"
)


def _header_year(cell: str) -> int | None:
    if len(cell.split()) > _MAX_HEADER_WORDS or _RANGE.search(cell) or "%" in cell:
        return None
    if _RESULT.search(cell):
        return None
    years = _YEAR.findall(cell)
    return int(years[-1]) if len(years) == 1 else None


def _label(row: _Row) -> str | None:
    """The row's label: its cell with the most letters (the index and figures have few)."""
    best = max(row.cells, key=lambda c: len(_LETTER.findall(c[2])))
    return best[2] if len(_LETTER.findall(best[2])) >= 6 else None


def table_cells(text: str) -> list[dict]:
    """Every data cell of every table: start, end, the column's year and the row's label."""
    out = []
    for table in _tables(text):
        header_at, years = None, {}
        for n, row in enumerate(table):
            found = {j: _header_year(c[2]) for j, c in enumerate(row.cells)}
            found = {j: y for j, y in found.items() if y}
            if found:
                header_at, years = n, found
                break
        if header_at is None:
            continue
        width = len(table[header_at].cells)
        for row in table[header_at + 1 :]:
            if len(row.cells) != width:
                continue  # a merged or broken row: its columns cannot be trusted
            label = _label(row)
            for j, (start, end, _cell) in enumerate(row.cells):
                out.append(dict(start=start, end=end, year=years.get(j), label=label))
    return out


def with_table_context(targets: pd.DataFrame, text: str) -> pd.DataFrame:
    """``targets`` with ``year`` and ``measure`` filled from the table cell a figure stands in."""
    if targets is None or not len(targets) or "|" not in text:
        return targets
    cells = table_cells(text)
    if not cells:
        return targets
    cells.sort(key=lambda c: c["start"])
    starts = [c["start"] for c in cells]
    out = targets.copy()
    import bisect

    for idx in out.index:
        pos = out.at[idx, "start"]
        k = bisect.bisect_right(starts, pos) - 1
        if k < 0 or not (cells[k]["start"] <= pos < cells[k]["end"]):
            continue
        cell = cells[k]
        year = out.at[idx, "year"] if "year" in out else None
        if cell["year"] and (year is None or pd.isna(year)):
            out.at[idx, "year"] = cell["year"]
        measure = out.at[idx, "measure"] if "measure" in out else None
        if cell["label"] and (measure is None or (isinstance(measure, float) and pd.isna(measure))):
            out.at[idx, "measure"] = cell["label"]
    return out
