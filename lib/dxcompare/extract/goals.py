"""Goals without a figure, and annual themes, as target rows (``schema.TARGET_COLUMNS``).

Plans state many goals in words: ``phấn đấu thuộc nhóm khá của cả nước``, ``dẫn đầu cả nước về
chuyển đổi số``, ``trở thành thành phố thông minh``, ``cao hơn mức trung bình cả nước``, each by a
year written in the same sentence (``đến năm 2025``). They become rows of kind ``"goal"``:
``measure`` is the goal as written, ``year`` its horizon, ``value`` None. A goal needs a word of
intent before it in its sentence (phấn đấu, mục tiêu, hướng tới, định hướng, quyết tâm, sẽ, đến
năm ...): "Hà Nội dẫn đầu cả nước" in a ranking report is a result, not a goal. A ranking group
with a number (``nhóm 20 tỉnh dẫn đầu``) is left to the figures of ``targets``.

Annual themes (``chủ đề năm 2023 là "..."``, ``với chủ đề "..."``) are rows of kind ``"theme"``
with the quoted theme as ``measure`` and the year written next to ``chủ đề`` (else the sentence's).
"""

from __future__ import annotations

import re

import pandas as pd

from dxcompare import schema

_GOALS = re.compile(
    r"(?P<goal>"
    r"(?:thuộc|nằm trong|vào|lọt vào|đứng trong)\s(?:nhóm|tốp|top)\s(?:các\s)?"
    r"(?:tỉnh[^\W\d_]*\s(?:[^\W\d_]+\s){0,3})?(?:khá|đầu|dẫn đầu|cao|tiên tiến|trung bình khá|xuất sắc)"
    r"(?:\s(?:của\s)?(?:cả nước|toàn quốc|khu vực(?:\s(?!về\b|trong\b|với\b|và\b)[^\W\d_]+){0,3}))?"
    r"|dẫn đầu\s(?:cả nước|toàn quốc|khu vực(?:\s(?!về\b|trong\b|với\b|và\b)[^\W\d_]+){0,3})"
    r"|cao hơn\s(?:mức\s)?trung bình\s(?:của\s)?cả nước"
    r"|trở thành\s(?:[^\W\d_]+\s){0,6}?(?:thông minh|số|hiện đại|kiểu mẫu|trung tâm(?:\s[^\W\d_]+){1,5})"
    r")(?![^\W\d_])",
    re.IGNORECASE,
)
_INTENT = re.compile(
    r"(?:phấn đấu|mục tiêu|hướng tới|hướng đến|định hướng|tầm nhìn|quyết tâm|\bsẽ\b|đặt ra|"
    r"tạo tiền đề|xây dựng|đến năm|tới năm|trước năm)",
    re.IGNORECASE,
)
_THEME = re.compile(
    r"chủ đề(?:\s(?:của\s)?năm\s(?P<year>\d{4}))?(?:\s(?:là|được chọn là))?\s?:?\s?"
    r"[\"“”](?P<theme>[^\"“”\n]{3,150})[\"“”]",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"[.!?;]\s|\n")
LOOK = 500  # characters looked at around a goal for its sentence


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``text[start:end]`` (bounded: at most LOOK characters either side)."""
    lo = max(0, start - LOOK)
    before = [m.end() for m in _SENTENCE_BREAK.finditer(text, lo, start)]
    after = _SENTENCE_BREAK.search(text, end, min(len(text), end + LOOK))
    return (before[-1] if before else lo), (
        after.start() + 1 if after else min(len(text), end + LOOK)
    )


def _year(dates: pd.DataFrame | None, start: int, lo: int, hi: int) -> int | None:
    """The horizon year written in the sentence: the last one before the goal, else the first after."""
    if dates is None or not len(dates):
        return None
    rows = dates[(dates["kind"] == "horizon") & (dates["start"] >= lo) & (dates["start"] < hi)]
    years = [(int(s), str(v)[:4]) for s, v in zip(rows["start"], rows["value"], strict=True)]
    years = [(s, int(y)) for s, y in years if y.isdigit()]
    before = [y for s, y in years if s < start]
    if before:
        return before[-1]
    return years[0][1] if years else None


def _row(text: str, start: int, end: int, kind: str, measure: str, year: int | None) -> dict:
    row = dict.fromkeys(schema.TARGETS)
    row.update(raw=text[start:end], start=start, end=end, kind=kind, measure=measure, year=year)
    return row


def extract_goals(text: str, dates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Qualitative goals and annual themes in ``text``, as target rows sorted by start.

    ``dates``: ``extract_dates(text)`` if already computed (its horizons give the goals' years).

    >>> t = "Phấn đấu đến năm 2025, tỉnh thuộc nhóm khá của cả nước về chuyển đổi số."
    >>> extract_goals(t)[["kind", "measure", "year"]].values.tolist()
    [['goal', 'thuộc nhóm khá của cả nước', 2025]]
    """
    if dates is None:
        from dxcompare.extract.dates import extract_dates

        dates = extract_dates(text)
    rows = []
    for m in _GOALS.finditer(text):
        lo, hi = _sentence(text, m.start(), m.end())
        if not _INTENT.search(text, lo, m.start()):
            continue
        year = _year(dates, m.start(), lo, hi)
        rows.append(_row(text, m.start(), m.end(), "goal", m.group("goal"), year))
    for m in _THEME.finditer(text):
        lo, hi = _sentence(text, m.start(), m.end())
        year = int(m.group("year")) if m.group("year") else None
        if year is None:
            found = re.search(r"\bnăm\s(\d{4})\b", text[lo:hi])
            year = int(found.group(1)) if found else None
        rows.append(_row(text, m.start(), m.end(), "theme", m.group("theme").strip(), year))
    frame = pd.DataFrame(rows, columns=schema.TARGETS)
    return frame.sort_values("start", kind="stable").reset_index(drop=True)
