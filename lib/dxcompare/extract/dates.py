"""Date mentions in Vietnamese text, each with its precision and its evidence.

``extract_dates(text, reference)`` finds the date forms of Vietnamese administrative and
news text (docs: /work/shared/docs/vietnamese.md §4) with regular expressions, day first
always (``6/8/2021`` is 6 August 2021), and returns one row per mention:

===========  ==================================================================
raw          the evidence, ``text[start:end]``
value        ISO at its precision: ``2020-06-03``, ``2020-06``, ``2025-Q2``, ``2025``,
             ``2021/2026`` (range; ``2021-01-01/2021-12-31`` for day ranges); None if
             unresolved
precision    ``day`` | ``month`` | ``quarter`` | ``year`` | ``range`` | ``unresolved``
kind         ``date`` | ``legal_dateline`` | ``page_dateline`` | ``month`` | ``quarter`` |
             ``year`` | ``year_part`` | ``period`` | ``horizon`` | ``relative``
qualifier    the words that colour the date: ``cuối năm``, ``6 tháng đầu năm``,
             ``giai đoạn``, ``định hướng đến``, ``đến hết``; ``recurring`` for a day that
             comes back every year (``ngày 26/3 hàng năm``: no value, precision
             ``unresolved``, whatever the publication date); else None
place        the place of a legal dateline (``Thanh Hóa``); else None
===========  ==================================================================

Decisions (documented here because they are choices, not facts):

* Document numbers (``4216/QĐ-UBND``, ``30/2020/NĐ-CP``, ``05-NQ/TU``, ``86/2015/QH13``)
  are masked: the 2020 inside ``30/2020/NĐ-CP`` is the document's year and belongs to
  ``references.extract_doc_refs``, not a date mention. So are ``ISO 9001:2015``-style
  standards, phone numbers and numbers with thousands separators (``1.200 tỷ``).
* A bare four-digit number is a year when it lies in 1945..2100, is not glued to other
  digits or separators, is not a document number (``Quyết định số 2020``) and is not
  followed by a counted noun or unit (``2000 hộ``, ``1950 người``, ``2024 %``). After a
  document word it is a document number only when ``số`` or a symbol is written
  (``cited_number``, shared with ``references``): ``Kế hoạch 2025`` in a table header is a year.
* ``Sáng 18-3``, ``Tối 5.10``, ``ngày 15/8``: a day and month without a year need a day word
  (``ngày``, ``sáng``, ``chiều``, ``tối``, ``trưa``, ``đêm``, ``hôm``) before them.
* ``6 tháng đầu năm 2025`` and ``cuối năm 2025`` are ``year_part``: value ``2025``,
  precision ``year``, the part in ``qualifier`` (ISO has no half-year).
* Forms without a year (``ngày 15/8``, ``tháng 6``, ``quý II``) and relative forms
  (``16 giờ trước``, ``hôm qua``, ``năm ngoái``) take their year from ``reference`` (the
  publication date); without one they are ``unresolved`` with value None. Hours and
  minutes before a date-only reference count as that same day when fewer than 24.
* ``đến năm 2025`` / ``trước năm 2030`` / ``tầm nhìn đến năm 2045`` are horizons; a status
  "as of" is not: ``tính đến năm 2023``, ``Đến hết tháng 10/2024, tỉnh đã …`` and a cut-off
  finer than a year whose clause states what there is (``Đến hết quý I/2025, toàn tỉnh có
  1.245.000 …``; no ``sẽ``/``phấn đấu``/``phải``…) stay plain dates of their precision.
* ``ngày 15 tháng 6⏎năm 2021`` (a written date wrapped once, as copies of "Căn cứ ..."
  preambles are) is one day; the line after the break must not open a sentence
  (``Năm 2021, ...``). Numeric dates, years and other forms stay on one line.
* Overlaps resolve to the longest match: a period wins over its two years, a legal
  dateline over its inner date, a horizon over its year.

The text should be NFC (``normalize.normalize_line`` does it); NBSP counts as a space.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

import pandas as pd

from dxcompare import schema
from dxcompare._text.patterns import DASH, HSPACE
from dxcompare._text.spans import keep_longest

COLUMNS = schema.DATES  # raw, start, end, value, precision, kind, qualifier, place

MIN_YEAR, MAX_YEAR = 1900, 2100  # years inside explicit date forms
MIN_BARE_YEAR = 1945  # a bare number below this is rarely a year in this domain

H = HSPACE  # horizontal white space (NBSP included); only a full written date crosses a line
NB = r"(?<![\w.,/:\-])"  # number start: not glued to letters, digits or separators
NE = r"(?![\w/]|[.,:\-]\d)"  # number end: likewise

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
WEEKDAY = r"(?:[Tt]hứ" + H + r"+(?i:hai|ba|tư|năm|sáu|bảy|[2-7])|(?i:chủ" + H + r"+nhật)|T[2-7]|CN)"
TIME = r"\d{1,2}(?:[:h]\d{2})(?::\d{2})?(?:" + H + r"*\(?(?:GMT|UTC)[+\-]\d{1,2}\)?)?"


@dataclass(frozen=True)
class _Cand:
    start: int
    end: int
    value: str | None
    precision: str
    kind: str
    qualifier: str | None = None
    place: str | None = None
    parts: tuple = ()  # (year, month, day) components for merging ranges


@dataclass(frozen=True)
class _Ref:
    date: dt.date | None
    precision: str | None  # "day" | "month" | "year" | None
    moment: dt.datetime | None = None


# ---------------------------------------------------------------- values


def _day(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _words(s: str) -> str:
    """Lower-case, single-spaced, ETH (ð) read as đ: the canonical form of a qualifier."""
    return re.sub(r"\s+", " ", s.lower()).replace("ð", "đ")


def _valid_year(y: int, low: int = MIN_YEAR) -> bool:
    return low <= y <= MAX_YEAR


def _parse_reference(reference: str | dt.date | None) -> _Ref:
    """``"2022-12-12"`` / ``"2022-12"`` / ``"2022"`` / date / datetime -> reference."""
    if reference is None:
        return _Ref(None, None)
    if isinstance(reference, dt.datetime):
        return _Ref(reference.date(), "day", reference)
    if isinstance(reference, dt.date):
        return _Ref(reference, "day")
    s = str(reference).strip()
    m = re.match(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", s)
    if not m:
        return _Ref(None, None)
    y, mo, d = int(m[1]), m[2], m[3]
    try:
        if d:
            moment = None
            if len(s) > 10 and s[10] in "T ":
                try:
                    moment = dt.datetime.fromisoformat(s)
                except ValueError:
                    moment = None
            return _Ref(dt.date(y, int(mo), int(d)), "day", moment)
        if mo:
            return _Ref(dt.date(y, int(mo), 1), "month")
        return _Ref(dt.date(y, 1, 1), "year")
    except ValueError:
        return _Ref(None, None)


# ---------------------------------------------------------------- masks


_CODE_MASKS = [
    # State documents: 4216/QĐ-UBND, 30/2020/NĐ-CP, 1234/UBND-VP, 749/QĐ - TTg, 86/2015/QH13
    r"\d+(?:" + H + r"*/" + H + r"*\d{4})?" + H + r"*/" + H + r"*[A-ZĐÐ][A-Za-zĐÐđ]*"
    r"(?:" + H + r"*-" + H + r"*[A-ZĐÐ][A-Za-zĐÐđ0-9]*)*",
    # Party documents: 05-NQ/TU, 17-NQ/CP, 36-HD/VPTW
    r"\d+" + H + r"*-" + H + r"*[A-ZĐÐ][A-Za-zĐÐđ]*" + H + r"*/" + H + r"*[A-ZĐÐ][A-Za-zĐÐđ]*",
    # Standards with their year: ISO 9001:2015, TCVN ISO/IEC 27001:2019
    r"\b[A-Z][A-Z/]{1,}(?:" + H + r"*[A-Z/]+)*" + H + r"*\d+(?:[.\-]\d+)*:\d{4}",
    # Phone numbers: 0236 3822 555, 1900.1508, 0912-345-678
    r"(?<!\d)(?:0\d{2,3}[ .\-]?|1[89]00[ .])\d{3,4}(?:[ .\-]?\d{3,4})?(?!\d)",
]
_NUMBER_MASKS = [
    # Numbers with thousands separators or decimals: 1.200, 92,75, 1.200.000
    r"(?<![\d.,])\d{1,3}(?:[.,]\d{3})+(?![\d]|[.,]\d)",
    r"(?<![\d.,])\d+,\d+(?![\d]|[.,]\d)",
]
_CODE_RE = [re.compile(p) for p in _CODE_MASKS]
_NUMBER_RE = [re.compile(p) for p in _NUMBER_MASKS]


def code_spans(text: str) -> list[tuple[int, int]]:
    """Spans of numbers that are codes, not quantities or dates: document numbers
    (``30/2020/NĐ-CP``, ``05-NQ/TU``), standards (``ISO 9001:2015``), phone numbers."""
    return [m.span() for rx in _CODE_RE for m in rx.finditer(text)]


def _masked_spans(text: str) -> list[tuple[int, int]]:
    return code_spans(text) + [m.span() for rx in _NUMBER_RE for m in rx.finditer(text)]


# ---------------------------------------------------------------- base forms

_NGAY = r"(?:(?i:ngày)" + H + r"+)"
_DMY_NUM = re.compile(
    _NGAY + r"?" + NB + r"(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})" + NE
)
_DMY_SLASH_SPACED = re.compile(
    _NGAY + r"?" + NB + r"(?P<d>\d{1,2})" + H + r"*/" + H + r"*(?P<m>\d{1,2})"
    r"" + H + r"*/" + H + r"*(?P<y>\d{4})" + NE
)
# A full written date may wrap once, as PDF/Word copies of "Căn cứ ..." preambles do:
# "ngày 15 tháng 6\nnăm 2021". Numeric dates and bare years never cross a line.
WRAP = r"(?:" + H + r"+|" + H + r"*\n" + H + r"*)"
_DMY_WORDS = re.compile(
    r"(?:(?i:ngày)"
    + WRAP
    + r")?"
    + NB
    + r"(?P<d>\d{1,2})"
    + WRAP
    + r"(?i:tháng)"
    + WRAP
    + r"(?P<m>\d{1,2})(?:"
    + H
    + r"*,)?"
    + WRAP
    + r"(?i:năm)"
    + WRAP
    + r"(?P<y>\d{4})"
    + NE
)
# Day and month without a year need a cue word: "ngày 15/8", "sáng 14/11"; a bare 15/8 may be a ratio.
# Newspapers write the same day "Sáng 18-3" (Nhân Dân, QĐND, provincial papers) or "ngày 18.3"
# (Thanh Niên): any of / - . joins them. "ngày 2-3 tháng 5" is two days of May, not 2 March, and
# "trưa 2.5 giờ" a duration.
_DAY_CUE = r"(?:(?i:ngày|sáng|chiều|tối|trưa|đêm|hôm|rạng" + H + r"+sáng)" + H + r"+)"
_DM = re.compile(
    _DAY_CUE
    + NB
    + r"(?P<d>\d{1,2})(?:[/.\-](?P<m1>\d{1,2})|"
    + H
    + r"+(?i:tháng)"
    + H
    + r"+(?P<m2>\d{1,2}))"
    r"(?![\w/]|[.,:\-]\d|"
    + H
    + r"*(?:[/\-]|(?i:năm))"
    + H
    + r"*\d|"
    + H
    + r"+(?i:tháng|giờ|phút|tiếng|giây|lần)(?![\w])|"
    + H
    + r"*%)"
)
_DAY_RANGE = re.compile(
    r"(?:(?i:từ)"
    + H
    + r"+)?"
    + _NGAY
    + NB
    + r"(?P<d1>\d{1,2})"
    + H
    + r"*(?:"
    + DASH
    + r"|và|,|(?i:đến|tới))"
    + H
    + r"*(?:(?i:ngày)"
    + H
    + r"+)?(?P<d2>\d{1,2})"
    r"/(?P<m>\d{1,2})(?:/(?P<y>\d{4}))?" + NE
)
_MONTH_YEAR = re.compile(
    r"(?<![\w])(?i:tháng)" + H + r"+(?P<m>\d{1,2})" + H + r"*(?:[/\-.]|,?" + H + r"*(?i:năm)"
    r"" + H + r")" + H + r"*(?P<y>\d{4})" + NE
)
_MONTH_NAMES = {
    "giêng": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
    "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "chạp": 12,
}  # fmt: skip
# "tháng Mười năm 2023": the name is capitalised (so "tháng năm 2023" is not May) and a year follows.
_MONTH_NAME_YEAR = re.compile(
    r"(?<![\w])(?i:tháng)"
    + H
    + r"+(?P<name>Mười"
    + H
    + r"+(?:Một|Hai|một|hai)|Giêng|Một|Hai|Ba|Tư|Năm|"
    r"Sáu|Bảy|Tám|Chín|Mười|Chạp)"
    + H
    + r"*(?:[/\-]|,?"
    + H
    + r"*(?i:năm)"
    + H
    + r")"
    + H
    + r"*(?P<y>\d{4})"
    + NE
)
# "Sáng nay (12/4)": news puts the day in brackets after "nay"/"hôm qua"/a part of the day.
_DM_BRACKETED = re.compile(
    r"(?<![\w])(?i:nay|hôm"
    + H
    + r"+qua|qua|sáng|chiều|tối|trưa|đêm)"
    + H
    + r"*\((?P<d>\d{1,2})/(?P<m>\d{1,2})\)"
)
_MONTH = re.compile(
    r"(?<![\w])(?<!\d" + H + r")(?i:tháng)" + H + r"+(?P<m>\d{1,2})"
    r"(?![\w/]|[.,:\-]\d|" + H + r"*(?:[/\-.]|(?i:năm))" + H + r"*\d)"
)
_QUARTER = re.compile(
    r"(?<![\w])(?i:quý)" + H + r"+(?P<q>IV|I{1,3}|[1-4])(?![\w])"
    r"(?:" + H + r"*(?:[/\-]|,?" + H + r"*(?i:năm)" + H + r")" + H + r"*(?P<y>\d{4})" + NE + r")?"
)
_YEAR_PART = re.compile(
    r"(?<![\w])(?P<part>(?:(?P<n>\d{1,2}|sáu|chín)"
    + H
    + r"+(?i:tháng)(?:"
    + H
    + r"+(?i:[đð]ầu|cuối))?"
    r"|(?i:(?:những" + H + r"+tháng|nửa)" + H + r"+)?(?i:[đð]ầu|cuối|giữa)))"
    r"" + H + r"+(?i:năm)" + H + r"+(?P<y>\d{4})" + NE
)
_YEAR = re.compile(r"(?<![\w])(?i:năm)" + H + r"+(?P<y>\d{4})" + NE)
_BARE_YEAR = re.compile(NB + r"(?P<y>(?:19|20)\d\d|2100)" + NE)
_PERIOD_PREFIX = (
    r"(?:(?P<pre>(?i:giai"
    + H
    + r"+[đð]oạn|nhiệm"
    + H
    + r"+kỳ|thời"
    + H
    + r"+kỳ|niên"
    + H
    + r"+(?:khóa|khoá)|năm"
    + H
    + r"+học))"
    + H
    + r"+)?"
)
_PERIOD_DASH = re.compile(
    r"(?<![\w])" + _PERIOD_PREFIX + r"(?:(?i:năm|từ)" + H + r"+)?" + NB + r"(?P<y1>\d{4})"
    r"" + H + r"*" + DASH + H + r"*(?:(?i:năm)" + H + r"+)?(?P<y2>\d{4})" + NE
)
_PERIOD_WORDS = re.compile(
    r"(?<![\w])" + _PERIOD_PREFIX + r"(?i:từ)" + H + r"+(?:(?i:năm)" + H + r"+)?(?P<y1>\d{4})"
    r"" + H + r"+(?i:[đð]ến|tới)" + H + r"+(?:(?i:hết)" + H + r"+)?(?:(?i:năm)" + H + r"+)?"
    r"(?P<y2>\d{4})" + NE
)
_RELATIVE_AGO = re.compile(
    r"(?<![\w.,])(?:(?i:cách"
    + H
    + r"+đây)"
    + H
    + r"+)?(?P<n>\d+)"
    + H
    + r"+(?P<u>(?i:phút|giờ|tiếng|ngày|tuần|tháng|năm))"
    r"(?:" + H + r"+(?P<ago>trước|Trước))?(?![a-zà-ỹđ])"
)
_RELATIVE_WORD = re.compile(
    r"(?<![\w])(?<!(?i:những)"
    + H
    + r")(?<!(?i:các)"
    + H
    + r")(?P<w>(?i:hôm"
    + H
    + r"+(?:nay|qua|kia)|năm"
    r"" + H + r"+(?:nay|ngoái|tới)|tháng" + H + r"+(?:này|trước|tới)))(?![a-zà-ỹđ])"
)

_COUNTED_NOUNS = frozenset(
    """
    người hộ hồ sơ thủ tục doanh nghiệp tỷ triệu nghìn ngàn đồng usd vnd % km m ha lượt xã phường
    cán bộ tài khoản giao dịch dịch vụ học sinh sinh viên trường cơ sở điểm tổ thành viên đơn vị
    máy thiết bị camera trạm sản phẩm chiếc cái bài tin văn bản thôn bản căn nhà lao động hội viên
    đảng viên công chức viên chức bệnh nhân ca mẫu lớp giờ phút ngày tháng năm tuần kg tấn lít
    m2 m² km2 gb tb mb chữ ký chứng thư bộ ứng dụng hệ thống cuộc hội nghị kiến nghị phản ánh
    đại biểu vị trí
    """.split()
)


def _find_dmy(text: str, ref: _Ref) -> Iterator[_Cand]:
    for rx in (_DMY_NUM, _DMY_SLASH_SPACED, _DMY_WORDS):
        for m in rx.finditer(text):
            if "\n" in m.group(0) and not _wraps_once(m.group(0)):
                continue
            y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
            value = _day(y, mo, d) if _valid_year(y) else None
            if value:
                yield _Cand(m.start(), m.end(), value, "day", "date", parts=(y, mo, d))


def _wraps_once(raw: str) -> bool:
    """One line break, and the next line goes on the date (``năm 2021``), not a new
    sentence (``Năm 2021, tỉnh ...``: a capital after the break opens a sentence)."""
    if raw.count("\n") != 1:
        return False
    head = raw.split("\n", 1)[1].lstrip()
    return not (head[:1].isupper() and head[1:2].islower())


# "ngày 26/3 hàng năm là Ngày chuyển đổi số tỉnh", "ngày 10/10 hằng năm": a day that comes back
# every year is no dated event; the publication year must not be given to it.
_RECURRING_AFTER = re.compile(
    H + r"*,?" + H + r"*(?i:hàng|hằng|mỗi)" + H + r"+(?i:năm)(?![^\W\d_])"
)
RECURRING = "recurring"


def _recurring(text: str, end: int) -> bool:
    return bool(_RECURRING_AFTER.match(text, end))


def _find_dm(text: str, ref: _Ref) -> Iterator[_Cand]:
    for m in _DM.finditer(text):
        d, mo = int(m["d"]), int(m["m1"] or m["m2"])
        if _day(2000, mo, d) is None:  # 2000 is a leap year: 29/2 stays valid
            continue
        if _recurring(text, m.end()):
            yield _Cand(
                m.start(), m.end(), None, "unresolved", "date", RECURRING, parts=(None, mo, d)
            )
            continue
        if ref.date is not None:
            value = _day(ref.date.year, mo, d)
            yield _Cand(
                m.start(),
                m.end(),
                value,
                "day" if value else "unresolved",
                "date",
                parts=(ref.date.year, mo, d),
            )
        else:
            yield _Cand(m.start(), m.end(), None, "unresolved", "date", parts=(None, mo, d))


def _find_dm_bracketed(text: str, ref: _Ref) -> Iterator[_Cand]:
    for m in _DM_BRACKETED.finditer(text):
        d, mo = int(m["d"]), int(m["m"])
        if _day(2000, mo, d) is None:
            continue
        if _recurring(text, m.end()):
            yield _Cand(m.start("d"), m.end("m"), None, "unresolved", "date", RECURRING)
            continue
        value = _day(ref.date.year, mo, d) if ref.date is not None else None
        yield _Cand(m.start("d"), m.end("m"), value, "day" if value else "unresolved", "date")


def _find_day_range(text: str, ref: _Ref) -> Iterator[_Cand]:
    for m in _DAY_RANGE.finditer(text):
        d1, d2, mo = int(m["d1"]), int(m["d2"]), int(m["m"])
        y = int(m["y"]) if m["y"] else (ref.date.year if ref.date else None)
        if d2 <= d1:
            continue
        if y is None:
            if _day(2000, mo, d2):
                yield _Cand(m.start(), m.end(), None, "unresolved", "period")
            continue
        a, b = _day(y, mo, d1), _day(y, mo, d2)
        if a and b:
            yield _Cand(m.start(), m.end(), f"{a}/{b}", "range", "period")


def _find_months(text: str, ref: _Ref) -> Iterator[_Cand]:
    for m in _MONTH_YEAR.finditer(text):
        y, mo = int(m["y"]), int(m["m"])
        if 1 <= mo <= 12 and _valid_year(y):
            yield _Cand(m.start(), m.end(), f"{y:04d}-{mo:02d}", "month", "month", parts=(y, mo))
    for m in _MONTH_NAME_YEAR.finditer(text):
        y, mo = int(m["y"]), _MONTH_NAMES[_words(m["name"])]
        if _valid_year(y):
            yield _Cand(m.start(), m.end(), f"{y:04d}-{mo:02d}", "month", "month", parts=(y, mo))
    for m in _MONTH.finditer(text):
        mo = int(m["m"])
        if not 1 <= mo <= 12:
            continue
        shared = _SHARED_YEAR.match(text, m.end())
        if shared:  # "tháng 11 và tháng 12/2023": the year is written once for both
            y = int(shared["y"])
            yield _Cand(m.start(), m.end(), f"{y:04d}-{mo:02d}", "month", "month", parts=(y, mo))
        elif ref.date is not None:
            y = ref.date.year
            yield _Cand(m.start(), m.end(), f"{y:04d}-{mo:02d}", "month", "month", parts=(y, mo))
        else:
            yield _Cand(m.start(), m.end(), None, "unresolved", "month")


_SHARED_YEAR = re.compile(
    H
    + r"*(?:,|và|(?i:đến|tới)|"
    + DASH
    + r")"
    + H
    + r"*(?i:tháng)"
    + H
    + r"+\d{1,2}"
    + H
    + r"*(?:/|"
    + H
    + r"(?i:năm)"
    + H
    + r")"
    + H
    + r"*(?P<y>\d{4})"
)


def _find_quarters(text: str, ref: _Ref) -> Iterator[_Cand]:
    for m in _QUARTER.finditer(text):
        q = ROMAN.get(m["q"]) or int(m["q"])
        y = int(m["y"]) if m["y"] else (ref.date.year if ref.date else None)
        if y is None:
            yield _Cand(m.start(), m.end(), None, "unresolved", "quarter")
        elif _valid_year(y):
            yield _Cand(m.start(), m.end(), f"{y:04d}-Q{q}", "quarter", "quarter")


def _find_year_parts(text: str, ref: _Ref) -> Iterator[_Cand]:
    for m in _YEAR_PART.finditer(text):
        y = int(m["y"])
        if _valid_year(y):
            qualifier = _words(m["part"])
            if m["n"] and "đầu" not in qualifier and "cuối" not in qualifier:
                qualifier += " đầu"  # "9 tháng năm 2025" counts the first nine months
            qualifier += " năm"
            yield _Cand(m.start(), m.end(), f"{y:04d}", "year", "year_part", qualifier)


def _find_years(text: str, ref: _Ref) -> Iterator[_Cand]:
    for m in _YEAR.finditer(text):
        y = int(m["y"])
        if _valid_year(y):
            yield _Cand(m.start(), m.end(), f"{y:04d}", "year", "year")
    for m in _BARE_YEAR.finditer(text):
        y = int(m["y"])
        if y >= MIN_BARE_YEAR and _looks_like_bare_year(text, m.start(), m.end()):
            yield _Cand(m.start(), m.end(), f"{y:04d}", "year", "year")


# Document words (Kế hoạch, Quyết định, QĐ) are not cues here: a year-like number after one is a
# year unless "số" is written (see ``cited_number``, the rule references.py applies too).
_NUMBER_CUE = re.compile(
    r"(?i:(?:số|mã|ký hiệu|hiệu|iso|tcvn|điện thoại|đt|hotline|tổng đài|phòng|km|quốc lộ|ql|"
    r"tỉnh lộ|đường|xe|biển|lô|thửa|tờ|điều|khoản|mục|chương|mẫu|trang|top|thứ|hạng))"
    + H
    + r"*[:.]?"
    + H
    + r"*$"
)


def cited_number(number: str, so_written: bool, symbol_follows: bool) -> bool:
    """Whether a number right after a document word is the document's number, not a year.

    One rule for ``dates`` and ``references``: it is a number when ``số`` is written
    (``Kế hoạch số 2025``) or a symbol follows (``Kế hoạch 2025/KH-UBND``,
    ``Nghị định 13/2023``); a bare year-like number is a year (``Kế hoạch 2025`` in a table
    header, ``Chương trình 2030``); any other bare number is a number (``Nghị quyết 57``).
    """
    if so_written or symbol_follows:
        return True
    return not (len(number) == 4 and MIN_BARE_YEAR <= int(number) <= MAX_YEAR)


def _looks_like_bare_year(text: str, start: int, end: int) -> bool:
    """A lone 1945..2100 is a year unless a number cue (``số``) precedes or a counted noun
    follows; after a document word without ``số`` it stays a year (``cited_number``)."""
    before = text[max(0, start - 25) : start]
    if _NUMBER_CUE.search(before):
        return False
    # the counted noun is on the same line: "Kế hoạch 2025⏎Tỷ lệ ..." ends a table header
    after = text[end : end + 20].split("\n", 1)[0].lstrip(" \u00a0\t").lower()
    if after.startswith("%"):
        return False
    words = re.findall(r"[^\W\d_]+|%", after)
    first_two = " ".join(words[:2])
    return not ((words and words[0] in _COUNTED_NOUNS) or first_two in _COUNTED_NOUNS)


def _find_periods(text: str, ref: _Ref) -> Iterator[_Cand]:
    for rx in (_PERIOD_DASH, _PERIOD_WORDS):
        for m in rx.finditer(text):
            y1, y2 = int(m["y1"]), int(m["y2"])
            if _valid_year(y1) and _valid_year(y2) and y1 < y2 <= y1 + 50:
                pre = _words(m["pre"]) if m["pre"] else None
                yield _Cand(m.start(), m.end(), f"{y1:04d}/{y2:04d}", "range", "period", pre)


_UNIT_DELTA = {
    "phút": ("minutes", 1),
    "giờ": ("hours", 1),
    "tiếng": ("hours", 1),
    "ngày": ("days", 1),
    "tuần": ("days", 7),
}


def _find_relative(text: str, ref: _Ref) -> Iterator[_Cand]:
    for m in _RELATIVE_AGO.finditer(text):
        ago = m["ago"] is not None
        cach_day = m.group(0).lower().startswith("cách")
        if not (ago or cach_day):
            continue
        value, precision = _resolve_ago(int(m["n"]), m["u"].lower(), ref)
        yield _Cand(m.start(), m.end(), value, precision, "relative")
    for m in _RELATIVE_WORD.finditer(text):
        value, precision = _resolve_word(_words(m["w"]), ref)
        yield _Cand(m.start(), m.end(), value, precision, "relative")


def _resolve_ago(n: int, unit: str, ref: _Ref) -> tuple[str | None, str]:
    if ref.date is None:
        return None, "unresolved"
    if unit in ("tháng", "năm"):
        months = n if unit == "tháng" else 12 * n
        if unit == "năm" and ref.precision in ("day", "month", "year"):
            return f"{ref.date.year - n:04d}", "year"
        if ref.precision not in ("day", "month"):
            return None, "unresolved"
        total = ref.date.year * 12 + ref.date.month - 1 - months
        return f"{total // 12:04d}-{total % 12 + 1:02d}", "month"
    if ref.precision != "day":
        return None, "unresolved"
    name, factor = _UNIT_DELTA[unit]
    delta = dt.timedelta(**{name: n * factor})
    if ref.moment is not None:
        return (ref.moment - delta).date().isoformat(), "day"
    if name in ("minutes", "hours"):
        delta = dt.timedelta(days=int(delta.total_seconds() // 86400))
    return (ref.date - delta).isoformat(), "day"


def _resolve_word(word: str, ref: _Ref) -> tuple[str | None, str]:
    if ref.date is None:
        return None, "unresolved"
    unit, shift = word.split(" ")
    if unit == "hôm":
        if ref.precision != "day":
            return None, "unresolved"
        days = {"nay": 0, "qua": 1, "kia": 2}[shift]
        return (ref.date - dt.timedelta(days=days)).isoformat(), "day"
    if unit == "năm":
        return f"{ref.date.year + {'nay': 0, 'ngoái': -1, 'tới': 1}[shift]:04d}", "year"
    if ref.precision not in ("day", "month"):
        return None, "unresolved"
    total = ref.date.year * 12 + ref.date.month - 1 + {"này": 0, "trước": -1, "tới": 1}[shift]
    return f"{total // 12:04d}-{total % 12 + 1:02d}", "month"


_FINDERS: list[Callable[[str, _Ref], Iterator[_Cand]]] = [
    _find_dmy,
    _find_dm,
    _find_dm_bracketed,
    _find_day_range,
    _find_months,
    _find_quarters,
    _find_year_parts,
    _find_years,
    _find_periods,
    _find_relative,
]

# ---------------------------------------------------------------- context upgrades

_LINE_PLACE = re.compile(
    r"^"
    + H
    + r"*(?P<place>(?:TP\.?|Tp\.?|[A-ZĐÐ][^\W\d_]*)(?:"
    + H
    + r"*(?:-|\.)?"
    + H
    + r"*[A-ZĐÐ][^\W\d_]*){0,5})"
    + H
    + r"*,"
    + H
    + r"*$"
)
_WEEKDAY_BEFORE = re.compile(WEEKDAY + H + r"*[,\-–|]?" + H + r"*$")
_TIME_AFTER = re.compile(r"^" + H + r"*[,\-–|]?" + H + r"*(?i:lúc" + H + r"+)?" + TIME + r"(?!\d)")
_TIME_BEFORE = re.compile(TIME + H + r"*[,\-–|]?" + H + r"*$")
_HORIZON_BEFORE = re.compile(
    r"(?<![\w])(?P<pre>(?:(?i:[đð]ịnh"
    + H
    + r"+hướng|tầm"
    + H
    + r"+nhìn|mục"
    + H
    + r"+tiêu)"
    + H
    + r"+)?(?i:cho"
    + H
    + r"+)?(?i:[đð]ến|tới|trước)(?:"
    + H
    + r"+(?i:hết))?"
    # "tầm nhìn 2045", "định hướng 2030": the vision word alone also sets a horizon
    r"|(?i:tầm" + H + r"+nhìn|[đð]ịnh" + H + r"+hướng))" + H + r"+$"
)
_AS_OF_BEFORE = re.compile(r"(?i:tính)" + H + r"+$")
_RANGE_JOIN = re.compile(
    r"^" + H + r"*(?:" + DASH + r"|(?i:[đð]ến|tới)(?:" + H + r"+(?i:hết))?)" + H + r"*$"
)
_FROM_BEFORE = re.compile(r"(?<![\w])(?i:từ)" + H + r"+$")

_UPGRADABLE = {"date", "month", "quarter", "year", "year_part"}


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


#: How far around a date ``_as_dateline`` looks: a weekday, a time or a place that makes a
#: dateline stands right next to the date, so a fixed window keeps the cost per date constant
#: on a line of any length (a scraped article is often one line of 100 KB or more).
_DATELINE_WINDOW = 160


def _as_dateline(text: str, c: _Cand) -> _Cand:
    """Weekday/time around a day -> page dateline; ``<Place>, ngày ...`` on its own -> legal."""
    if c.kind != "date":
        return c
    line_start = text.rfind("\n", max(0, c.start - _DATELINE_WINDOW), c.start) + 1
    line_start = line_start or max(0, c.start - _DATELINE_WINDOW)
    # Past the window the line has more than 20 characters before the date: never a dateline
    # (the text before a dateline is at most 20 characters); kept as a flag, not as text.
    cut_before = line_start > 0 and text[line_start - 1] != "\n"
    before = text[line_start : c.start]
    window_end = min(len(text), c.end + _DATELINE_WINDOW)
    line_end = text.find("\n", c.end, window_end)
    cut_after = line_end < 0 and window_end < len(text)
    after = text[c.end : line_end if line_end >= 0 else window_end]
    if cut_after:
        after += " ..."  # more of the line follows: neither "alone" nor a short rest
    wd = _WEEKDAY_BEFORE.search(before)
    tb = _TIME_BEFORE.search(before)
    ta = _TIME_AFTER.match(after)
    lead_ok = not cut_before and (
        len(before[: (wd or tb).start()].strip()) <= 20 if (wd or tb) else len(before.strip()) <= 20
    )
    rest = after[ta.end() :] if ta else after
    if (wd or tb or ta) and lead_ok and len(rest.strip(" \u00a0\t.,;|-–")) <= 3:
        # a page dateline stands on its own line: "Thứ hai, 12/12/2022 16:49", "Cập nhật: 16:49 12/12/2022"
        start, end = c.start, c.end  # widened below by the weekday or time written with it
        if wd:
            start = line_start + wd.start()
        elif tb:
            start = line_start + tb.start()
        if ta:
            end = c.end + ta.end()
        return replace(c, start=start, end=end, kind="page_dateline")
    place = None if cut_before else _LINE_PLACE.match(before)
    alone = not after.strip(" \u00a0\t.,;")  # a dateline is a line of its own
    if place and alone and text[c.start : c.start + 4].lower() == "ngày":
        return replace(
            c,
            start=line_start + place.start("place"),
            kind="legal_dateline",
            place=re.sub(r"\s+", " ", place["place"]),
        )
    return c


# "đã" (perfect aspect) in the clause after "đến <date>" makes it a status "as of", not a target.
_PAST_AFTER = re.compile(r"," + H + r"*[^\n.;:,]{0,50}?(?<![\w])đã(?![\w])")
# A cut-off finer than a year ("Đến hết quý I/2025", "Đến ngày 30/6/2024") is a reporting date
# when its clause states what there is: a verb of having/reaching before any figure ("toàn tỉnh có
# 1.245.000 tài khoản"), with no word of intent. "Đến hết quý III/2025, 100% hồ sơ phải ..." and
# "Đến năm 2025, toàn tỉnh có 80% ..." (a plan's year) stay horizons.
_STATUS_AFTER = re.compile(
    r"," + H + r"*[^\n\d.;:,]{0,50}?(?<![\w])(?:có|đạt|ghi" + H + r"+nhận)(?![\w])"
)
_INTENT = re.compile(
    r"(?<![\w])(?i:sẽ|phấn" + H + r"+đấu|dự" + H + r"+kiến|mục" + H + r"+tiêu|phải|cần|"
    r"bảo" + H + r"+đảm|đảm" + H + r"+bảo|chỉ" + H + r"+tiêu)(?![\w])"
)


def _is_as_of(text: str, c: _Cand) -> bool:
    """``Đến hết tháng 10/2024, tỉnh đã có ...``, ``Đến hết quý I/2025, toàn tỉnh có ...``:
    a status at a cut-off, not the deadline of a target."""
    if _PAST_AFTER.match(text, c.end):
        return True
    if c.precision == "year" or not _STATUS_AFTER.match(text, c.end):
        return False
    clause_end = re.compile(r"[.;\n]").search(text, c.end)
    return not _INTENT.search(text, c.end, clause_end.start() if clause_end else len(text))


def _opens_sentence(text: str, pos: int) -> bool:
    """Nothing but a sentence boundary before ``pos`` (start, newline, . ; : ! ?)."""
    head = text[max(0, pos - 200) : pos].rstrip(' \t\u00a0"“‘(-–•+*')
    return pos - 200 <= 0 and not head or head.endswith((".", ";", ":", "!", "?", "\n"))


def _as_horizon(text: str, c: _Cand) -> _Cand:
    """``đến năm 2025``, ``định hướng đến năm 2030``, ``trước năm 2030`` -> horizon."""
    if c.kind not in _UPGRADABLE or c.value is None:
        return c
    before = text[max(0, c.start - 40) : c.start]
    m = _HORIZON_BEFORE.search(before)
    if not m or _AS_OF_BEFORE.search(before[: m.start()]):
        return c
    pre = _words(m["pre"])
    start = c.start - len(before) + m.start()
    if pre in ("đến", "tới", "đến hết", "tới hết") and _opens_sentence(text, start):
        if _is_as_of(text, c):  # "Đến hết tháng 10/2024, tỉnh đã có ...": as of
            return c
    qualifier = f"{pre} {c.qualifier}" if c.qualifier else pre
    return replace(c, start=c.start - len(before) + m.start(), kind="horizon", qualifier=qualifier)


def _ranges(text: str, cands: list[_Cand]) -> Iterator[_Cand]:
    """``từ ngày 1/1/2021 đến ngày 31/12/2021`` / ``từ tháng 3/2024 đến tháng 6/2025``."""
    dated = sorted(
        (c for c in cands if c.kind in _UPGRADABLE and c.value and c.precision != "year"),
        key=lambda c: c.start,
    )
    for a, b in zip(dated, dated[1:], strict=False):
        if b.start <= a.end or not _RANGE_JOIN.match(text[a.end : b.start]):
            continue
        if a.value >= b.value:
            continue
        frm = _FROM_BEFORE.search(text[max(0, a.start - 10) : a.start])
        joined_by_dash = bool(re.search(DASH, text[a.end : b.start]))
        if not (frm or joined_by_dash):
            continue
        start = a.start - (len(frm.group(0)) if frm else 0)
        yield _Cand(start, b.end, f"{a.value}/{b.value}", "range", "period", "từ … đến")


# ---------------------------------------------------------------- resolve


def _longest_first(cands: list[_Cand], masks: list[tuple[int, int]]) -> list[_Cand]:
    return keep_longest(cands, lambda c: (c.start, c.end), masks)


class _Masks:
    """Code spans, indexed so that "is this candidate strictly inside one" is a bisection
    (the scan of every mask per candidate was quadratic on a long line)."""

    def __init__(self, masks: list[tuple[int, int]]) -> None:
        ordered = sorted(masks)
        self.starts = [s for s, _ in ordered]
        self.max_end: list[int] = []  # the largest end among masks[: i + 1]
        for _, e in ordered:
            self.max_end.append(max(e, self.max_end[-1]) if self.max_end else e)
        self.longest_at: dict[int, int] = {}
        for s, e in ordered:
            self.longest_at[s] = max(e, self.longest_at.get(s, e))

    def strictly_contain(self, c: _Cand) -> bool:
        # a mask starting before the candidate and reaching its end, or starting with it and longer
        i = bisect.bisect_left(self.starts, c.start) - 1
        if i >= 0 and self.max_end[i] >= c.end:
            return True
        return self.longest_at.get(c.start, -1) > c.end


def _strictly_inside_mask(c: _Cand, masks: list[tuple[int, int]] | _Masks) -> bool:
    if isinstance(masks, _Masks):
        return masks.strictly_contain(c)
    return any(s <= c.start and c.end <= e and (s, e) != (c.start, c.end) for s, e in masks)


def extract_dates(text: str, reference: str | dt.date | None = None) -> pd.DataFrame:
    """Every date mention in ``text``, one row each, sorted by ``start``.

    ``reference`` is the publication date (``"2022-12-12"``, ``"2022-12"``, ``"2022"``, a
    ``date`` or ``datetime``); it resolves ``16 giờ trước``, ``hôm qua``, ``ngày 15/8``.

    >>> extract_dates("Ngày 03/6/2020, Thủ tướng phê duyệt").loc[0, "value"]
    '2020-06-03'
    """
    ref = _parse_reference(reference)
    masks, fixed = _without_reference(text)
    index = _Masks(masks)
    base: list[_Cand] = []
    upgraded: list[_Cand] = []
    for finder in _FINDERS:
        if finder in fixed:
            found, lifted = fixed[finder]
        else:
            found = [c for c in finder(text, ref) if not _strictly_inside_mask(c, index)]
            lifted = [_as_horizon(text, _as_dateline(text, c)) for c in found]
        base += found
        upgraded += lifted
    cands = upgraded + list(_ranges(text, base))
    kept = _longest_first(cands, _mask_only(masks, cands))
    rows = [
        {
            "raw": text[c.start : c.end],
            "start": c.start,
            "end": c.end,
            "value": c.value,
            "precision": c.precision,
            "kind": c.kind,
            "qualifier": c.qualifier,
            "place": c.place,
        }
        for c in kept
    ]
    if not rows:
        return schema.empty(COLUMNS)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("value", "qualifier", "place"):
        frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame


# Finders whose candidates do not depend on the reference date.
_FIXED = (_find_dmy, _find_year_parts, _find_years, _find_periods)


@lru_cache(maxsize=4)
def _without_reference(text: str) -> tuple[list[tuple[int, int]], dict[Callable, tuple]]:
    """The masks of ``text`` and the candidates (found, upgraded) of the reference-free finders:
    a corpus build reads each body with and without its publication date, so half is shared."""
    masks = _masked_spans(text)
    index = _Masks(masks)
    fixed = {}
    for finder in _FIXED:
        found = [c for c in finder(text, _Ref(None, None)) if not _strictly_inside_mask(c, index)]
        fixed[finder] = (found, [_as_horizon(text, _as_dateline(text, c)) for c in found])
    return masks, fixed


def _mask_only(masks: list[tuple[int, int]], cands: list[_Cand]) -> list[tuple[int, int]]:
    """Masks block dates inside them, but a date exactly equal to a mask span survives."""
    spans = {(c.start, c.end) for c in cands}
    return [m for m in masks if m not in spans]
