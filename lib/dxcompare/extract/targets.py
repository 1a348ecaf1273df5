"""Quantitative targets, rankings and scores in Vietnamese text, each with its evidence.

``extract_targets(text)`` returns one row per figure:

=========  ====================================================================
raw        the evidence, ``text[start:end]``
kind       ``percent`` | ``count`` | ``money`` | ``ranking`` | ``score`` | ``top`` |
           ``rank_change`` | ``score_change`` (``tăng 1,05 điểm``: value 1.05, change +1.05; a
           level reached, ``tăng lên 45 điểm``, stays a ``score``) | ``horizon`` (the
           ``Đến năm 2025`` that dates the targets of its sentence)
year       the horizon the figure belongs to (``Đến năm 2025, 100% ...`` -> 2025); for
           rankings and scores the year of the index (``Chỉ số ... năm 2021 ... xếp thứ 40/63``)
value      the number: ``100`` (percent), ``5034`` (count), ``92.75`` (score), ``1500000``
           (``1,5 triệu người``: scale words are multiplied out; the raw keeps the words);
           for ``ranking`` and ``top`` the rank again (``xếp thứ 40/63`` -> 40, ``Top 20`` -> 20),
           so ``value`` is the headline number of every kind; for ``money`` the number in its
           stated unit (``1.200 tỷ đồng`` -> 1200, unit ``tỷ đồng``), never multiplied out
unit       ``%`` | ``count`` | ``điểm`` | a unit written in the text (``km``, ``ha``) | for money
           the scale and currency: ``tỷ đồng``, ``triệu đồng``, ``nghìn tỷ đồng``, ``tỷ USD``
           (``VNĐ``/``VND``/``đ`` read as ``đồng``, ``đô la`` as ``USD``) | None
measure    what is counted: ``thủ tục hành chính``, ``đô thị thông minh``, ``thanh niên``
           (a leading ``số``/``các``/``những`` is dropped); for rankings the index as written
index      ``DTI`` | ``PAR Index`` | ``PCI`` | ``SIPAS`` | ``PAPI`` | ``ICT Index`` | ... named in
           the same sentence (the names are in ``data/target_indices.csv``)
rank       ``40`` in ``xếp thứ 40/63``, ``20`` in ``Top 20`` (equal to ``value`` for these kinds)
out_of     ``63`` in ``xếp thứ 40/63`` (also the denominator of a ratio: ``579/579 xã``)
change     signed change: ``+5`` for ``tăng 5 bậc``, ``-3`` for ``giảm 3 bậc``, ``-0.5`` for
           ``giảm 0,5 điểm`` (score_change); for a figure
           introduced by ``tăng``/``giảm`` (``tăng 15% số công trình``) the signed value
qualifier  ``ít nhất`` | ``tối thiểu`` | ``trên`` | ``hơn`` | ``khoảng`` | ``dưới`` | ... or None
value_low  the lower bound of a range (``30-40%``, ``từ 30 đến 40%``: value 40, value_low 30);
           else None
=========  ====================================================================

Not targets: dates and years (``extract_dates`` finds them first and they are masked),
document numbers, standards (``ISO 9001:2015``), phone numbers, article/clause numbers
(``Điều 25``), service levels (``mức độ 3, 4``), ordinals (``lần thứ 10``), ``4G``/``5G``.
Numbers follow ``numbers.parse_vietnamese_number`` (``5.034`` = 5034, ``92,75`` = 92.75).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import pandas as pd

from dxcompare import schema
from dxcompare._text.data import bundled_csv
from dxcompare._text.patterns import DASH, HSPACE
from dxcompare._text.spans import DisjointSpans
from dxcompare.annotate.segment import split_sentences
from dxcompare.extract.dates import code_spans, extract_dates
from dxcompare.extract.numbers import SCALES, parse_vietnamese_number

try:  # the case pairs re.IGNORECASE adds to simple lower-casing (CPython 3.11+)
    from re._casefix import _EXTRA_CASES
except ImportError:  # pragma: no cover - another Python: every index name is tried
    _EXTRA_CASES = None

COLUMNS = schema.TARGETS  # raw, start, end, kind, year, value, unit, measure, index, ...

H = HSPACE
_DIGITS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?|\d+\.\d{1,2}"
NUM = r"(?<![\w.,/:\-])(?P<num>" + _DIGITS + r")(?![\w/]|[.,:]\d)"
SCALE = r"(?:" + H + r"+(?P<scale>nghìn|ngàn|triệu|tỷ|tỉ))?"
QUALIFIER = (
    r"(?:(?P<qual>(?i:ít"
    + H
    + r"+nhất|tối"
    + H
    + r"+thiểu|tối"
    + H
    + r"+đa|không"
    + H
    + r"+dưới|không"
    + H
    + r"+quá|trên|hơn|khoảng|gần|dưới|xấp"
    + H
    + r"+xỉ|trung"
    + H
    + r"+bình|lên"
    + H
    + r"+tới|lên|tới))"
    + H
    + r"+)?"
)
CHANGE = r"(?:(?P<chg>(?i:tăng|giảm))" + H + r"+(?:(?i:thêm)" + H + r"+)?)?"

_PERCENT_SIGN = r"(?:%|(?i:phần" + H + r"+trăm))"
_PERCENT = re.compile(CHANGE + QUALIFIER + NUM + H + r"*" + _PERCENT_SIGN)
# "30-40%", "từ 30 đến 40%", "từ 30% đến 40%": one row, value the upper bound, value_low the lower.
_PERCENT_RANGE = re.compile(
    CHANGE
    + QUALIFIER
    + r"(?:(?i:từ)"
    + H
    + r"+)?"
    + NUM.replace("?P<num>", "?P<low>")
    + H
    + r"*(?:%"
    + H
    + r"*)?(?:"
    + DASH
    + r"|"
    + H
    + r"(?i:đến|tới)"
    + H
    + r")"
    + H
    + r"*(?P<num>"
    + _DIGITS
    + r")(?![\w/]|[.,:]\d)"
    + H
    + r"*"
    + _PERCENT_SIGN
)
_COUNT = re.compile(CHANGE + QUALIFIER + NUM + SCALE + r"(?=" + H + r"+[^\W\d_])")
_SCORE = re.compile(CHANGE + QUALIFIER + NUM + H + r"+(?i:điểm)(?![^\W\d_])")
# "tăng lên 45 điểm", "tăng tới 45 điểm": the level reached, not the size of the change
_TO_LEVEL = frozenset({"lên", "lên tới", "tới"})
_ORDINALS = {"nhất": 1, "nhì": 2, "hai": 2, "ba": 3, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7,
             "tám": 8, "chín": 9, "mười": 10}  # fmt: skip
_RANK = re.compile(
    r"(?<![\w])(?P<cue>(?i:(?:xếp"
    + H
    + r"+(?:hạng"
    + H
    + r"+)?|đứng"
    + H
    + r"+|(?:giữ"
    + H
    + r"+vững"
    + H
    + r"+|giữ"
    + H
    + r"+|vươn"
    + H
    + r"+lên"
    + H
    + r"+|duy"
    + H
    + r"+trì"
    + H
    + r"+|ở"
    + H
    + r"+)?(?:vị"
    + H
    + r"+trí|thứ"
    + H
    + r"+hạng|hạng)"
    + H
    + r"+)))"
    r"(?:(?i:thứ)" + H + r"+(?P<word>(?i:nhất|nhì|hai|ba|tư|năm|sáu|bảy|tám|chín|mười))(?![\w])"
    r"|(?:(?i:thứ)" + H + r"+)?(?P<rank>\d{1,3}))"
    r"(?:"
    + H
    + r"*/"
    + H
    + r"*(?P<of>\d{1,3})|"
    + H
    + r"+(?i:trên|trong"
    + H
    + r"+số|trong|/)"
    + H
    + r"+(?P<of2>\d{1,3})(?="
    + H
    + r"+(?i:tỉnh|địa"
    + H
    + r"+phương|đơn"
    + H
    + r"+vị|quận|huyện|sở|xã|bộ)))?"
    r"(?![\w]|[.,]\d)"
    r"(?:" + H + r"+(?P<scope>(?i:cả" + H + r"+nước|toàn" + H + r"+quốc)))?"
)
_INT = r"\d{1,3}(?:\.\d{3})+|\d{1,5}"
# The numerator may be a decimal (``89,5/100 điểm``); ``_find_ratios`` keeps a decimal one
# only for a score, since a count of 12,5 things out of 20 is not a count.
_RATIO = re.compile(
    r"(?<![\w.,/:\-])(?P<num>"
    + _INT
    + r"|\d+,\d+|\d+\.\d{1,2})"
    + H
    + r"*/"
    + H
    + r"*(?P<of>"
    + _INT
    + r")(?![\w/]|[.,:\-]\d)"
)
_TOP = re.compile(
    r"(?<![\w])(?:(?i:top)"
    + H
    + r"*(?P<n>\d{1,3})|(?i:nhóm)"
    + H
    + r"+(?P<n2>\d{1,2})"
    + H
    + r"+(?i:tỉnh|địa"
    + H
    + r"+phương|tỉnh,"
    + H
    + r"+thành(?:"
    + H
    + r"+phố)?)"
    r"(?:"
    + H
    + r"+(?i:dẫn"
    + H
    + r"+đầu|đứng"
    + H
    + r"+đầu|cao"
    + H
    + r"+nhất|tốt"
    + H
    + r"+nhất))?)(?![\w])"
)
_RANK_CHANGE = re.compile(
    r"(?<![\w])(?P<dir>(?i:tăng|giảm|tụt|lên|xuống))"
    + H
    + r"+(?:(?i:thêm)"
    + H
    + r"+)?"
    + QUALIFIER  # "tăng ít nhất 3 bậc", "tăng thêm 2 bậc", "giảm khoảng 4 bậc"
    + r"(?P<n>\d{1,2})"
    + H
    + r"+(?i:bậc|hạng|bậc"
    + H
    + r"+xếp"
    + H
    + r"+hạng)(?![\w])"
)

# Numbers introduced by these words are labels, not quantities: Điều 25, mức độ 3, 4; lần thứ 10.
_LABEL_BEFORE = re.compile(
    r"(?<![\w])(?i:điều|khoản|mục|chương|phụ"
    + H
    + r"+lục|mức"
    + H
    + r"+độ|cấp"
    + H
    + r"+độ|mức|thứ|số|khóa|khoá|kỳ|đợt|lần|phiên"
    + H
    + r"+bản|version|giai"
    + H
    + r"+đoạn|đề"
    + H
    + r"+án|quyết"
    + H
    + r"+định|nghị"
    + H
    + r"+quyết|nghị"
    + H
    + r"+định|kế"
    + H
    + r"+hoạch|chương"
    + H
    + r"+trình|công"
    + H
    + r"+văn|thông"
    + H
    + r"+tư|chỉ"
    + H
    + r"+thị|luật|tờ"
    + H
    + r"+trình|covid|iso|top|nhóm|trang|tập|quận|"
    r"phường|tổ" + H + r"+dân" + H + r"+phố|lô|phòng|tầng|km|ql|quốc" + H + r"+lộ)"
    r"(?:" + H + r"*(?:\d+" + H + r"*(?:,|và|-|–)" + H + r"*)*)?" + H + r"*$"
)
# Head nouns that make a number a duration, a level or an ordinal, not a target.
_NOT_COUNTED = frozenset(
    "ngày tháng năm tuần giờ phút giây quý thế kỷ lần bước cấp mức nhiệm kỳ khóa khoá "
    "tuổi độ bậc".split()
)
# Units written after a number, as written -> as stored. Areas are read whole, so "7.942 km2" is an
# area in km², never a length in km; "héc-ta" is the hectare spelled out. Longest first.
_UNITS = {"km2": "km²", "km²": "km²", "m2": "m²", "m²": "m²", "héc-ta": "ha", "hécta": "ha",
          "héc ta": "ha", "ha": "ha", "km": "km", "gb": "GB", "tb": "TB", "mbps": "Mbps",
          "gbps": "Gbps", "tấn": "tấn", "kg": "kg"}  # fmt: skip
_AREA_UNITS = frozenset({"km²", "m²", "ha"})
# "tỉnh có diện tích 7.942 km2", "diện tích tự nhiên 1.230 ha": the size of a place, a description
# (not "diện tích lúa ứng dụng IoT đạt 3.000 ha", where a verb reports a result).
_PLACE_AREA_BEFORE = re.compile(
    r"(?<![\w])(?i:diện"
    + H
    + r"+tích)(?:"
    + H
    + r"+(?i:tự"
    + H
    + r"+nhiên))?(?:"
    + H
    + r"+(?i:là|khoảng|gần|hơn|trên|rộng))?"
    + H
    + r"*:?"
    + H
    + r"*$"
)
_MEASURE_STOP = frozenset(
    """
    được có đã sẽ đang và hoặc là tại của trong trên dưới so với cho từ đến tới về theo
    đạt còn đủ bằng khi nhằm để do vào ra lên xuống như gồm tăng giảm
    phải mà thì cũng đều này đó nào vừa mới chỉ ở qua
    """.split()
)
_MEASURE_STOP2 = frozenset(
    w.replace("_", " ")
    for w in """
    thông_qua thực_hiện sử_dụng tham_gia hoàn_thành bao_gồm trở_lên trở_thành cung_cấp xử_lý
    giải_quyết kết_nối tiếp_cận truy_cập đăng_ký thanh_toán
    """.split()
)
_MEASURE_LEAD = frozenset({"số", "các", "những", "tổng"})
_MAX_MEASURE_WORDS = 7
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class _Fig:
    start: int
    end: int
    kind: str
    value: float | int | None = None
    unit: str | None = None
    measure: str | None = None
    rank: int | None = None
    out_of: int | None = None
    change: float | int | None = None
    qualifier: str | None = None
    year: int | None = None
    index: str | None = None
    value_low: float | int | None = None


# ---------------------------------------------------------------- data


@lru_cache(maxsize=1)
def _index_patterns() -> list[tuple[re.Pattern[str], str, str]]:
    """``data/target_indices.csv`` -> [(pattern, index, key)], longest name first; ``key`` is the
    name as :func:`_loose` writes it, to skip names a text cannot contain."""
    rows = bundled_csv("target_indices.csv")
    pairs = [
        (name.strip(), row["index"].strip()) for row in rows for name in row["names"].split("|")
    ]
    pairs.sort(key=lambda p: -len(p[0]))
    out = []
    for name, index in pairs:
        words = [re.escape(w) for w in name.split()]
        flags = 0 if name.isupper() and len(name) <= 5 else re.IGNORECASE
        pattern = re.compile(r"(?<![\w])" + (H + "+").join(words) + r"(?![\w])", flags)
        out.append((pattern, index, _loose(" ".join(name.split()))))
    return out


def _case_classes() -> dict[int, str]:
    """Characters ``re.IGNORECASE`` matches beyond ``str.lower`` (``ſ`` = ``s``, ``ı`` = ``i``)."""
    table = {0x130: "i"}  # "İ".lower() is two characters; re reads it as "i"
    for key, others in _EXTRA_CASES.items():
        canonical = chr(min(key, *others))
        for code in (key, *others):
            table[code] = canonical
    return table


_CASE_CLASSES = _case_classes() if _EXTRA_CASES is not None else {}
# Only the characters that merging changes: "ı" and "ſ" trigger it, "i" and "s" do not.
_SPECIAL_CASE = (
    re.compile("[" + "".join(chr(c) for c, to in _CASE_CLASSES.items() if chr(c) != to) + "]")
    if _CASE_CLASSES
    else None
)
_RUNS_OF_H = re.compile(H + "+")
_ODD_SPACE = re.compile(r"[^\S\n ]| " + H)


def _loose(text: str) -> str:
    """Lower case, case classes merged, runs of spaces as one: if a name's pattern matches
    ``text``, the name's loose form is a substring of the text's."""
    low = text.lower()
    if _SPECIAL_CASE is not None and (_SPECIAL_CASE.search(text) or _SPECIAL_CASE.search(low)):
        low = text.translate(_CASE_CLASSES).lower().translate(_CASE_CLASSES)
    text = low
    return _RUNS_OF_H.sub(" ", text) if _ODD_SPACE.search(text) else text


def _find_indices(text: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    loose = _loose(text)
    for rx, index, key in _index_patterns():
        if _EXTRA_CASES is not None and key not in loose:
            continue
        for m in rx.finditer(text):
            if not any(m.start() < e and s < m.end() for s, e, _ in found):
                found.append((m.start(), m.end(), index))
    return sorted(found)


# ---------------------------------------------------------------- helpers


def _words(s: str | None) -> str | None:
    return re.sub(r"\s+", " ", s.lower()).replace("ð", "đ") if s else None


def _number(m: re.Match[str]) -> int | float:
    value = parse_vietnamese_number(m["num"])
    scale = m.groupdict().get("scale")
    if scale:
        value = value * SCALES[scale.lower()]
        value = int(value) if float(value).is_integer() else value
    return value


def _signed(value: float | int, chg: str | None) -> float | int | None:
    if not chg:
        return None
    return -value if chg.lower() == "giảm" else value


def _measure(text: str, pos: int) -> tuple[str | None, int]:
    """The noun phrase after ``pos`` up to a stop word or punctuation: (measure, end)."""
    words: list[re.Match[str]] = []
    cursor = pos
    for m in _WORD.finditer(text, pos):
        gap = text[cursor : m.start()]
        if gap.strip(" \u00a0\t") or (not words and gap == "" and cursor != pos):
            break
        if _stops(text, m) or len(words) >= _MAX_MEASURE_WORDS:
            break
        if words and m.group(0)[0].isupper() and not words[-1].group(0)[0].isupper():
            break  # a proper name starts: "100% xã Hà Tĩnh" stops before the place
        words.append(m)
        cursor = m.end()
    while words and words[0].group(0).lower() in _MEASURE_LEAD and len(words) > 1:
        words.pop(0)
    if not words:
        return None, pos
    return _words(text[words[0].start() : words[-1].end()]), words[-1].end()


def _stops(text: str, m: re.Match[str]) -> bool:
    word = m.group(0).lower()
    if word in _MEASURE_STOP:
        return True
    nxt = _WORD.match(text, m.end() + 1)
    return bool(nxt) and f"{word} {nxt.group(0).lower()}" in _MEASURE_STOP2


_RATE_BEFORE = re.compile(
    r"(?<![\w])(?P<rate>(?i:tỷ|tỉ)"
    + H
    + r"+(?i:lệ)(?:"
    + H
    + r"+[^\W\d_]+){0,8}?)"
    + H
    + r"+(?i:đạt"
    + H
    + r"+mức|đạt|là|chiếm|ở"
    + H
    + r"+mức|lên"
    + H
    + r"+tới|tăng"
    + H
    + r"+lên|giảm"
    + H
    + r"+xuống)"
    + H
    + r"*$"
)


def _rate_before(text: str, pos: int) -> str | None:
    """``tỷ lệ hồ sơ trực tuyến đạt 50%``: the rate named before the verb is the measure."""
    m = _RATE_BEFORE.search(text[max(0, pos - 80) : pos])
    return _words(m["rate"]) if m else None


def _is_label(text: str, start: int) -> bool:
    return bool(_LABEL_BEFORE.search(text[max(0, start - 40) : start]))


# ---------------------------------------------------------------- finders


def _find_percents(text: str) -> Iterator[_Fig]:
    for m in _PERCENT.finditer(text):
        value = _number(m)
        measure, end = _measure(text, m.end())
        measure = measure or _rate_before(text, m.start())
        yield _Fig(m.start(), max(end, m.end()), "percent", value, "%", measure,
                   change=_signed(value, m["chg"]), qualifier=_words(m["qual"]))  # fmt: skip


def _find_percent_ranges(text: str) -> Iterator[_Fig]:
    for m in _PERCENT_RANGE.finditer(text):
        low, value = parse_vietnamese_number(m["low"]), _number(m)
        if low >= value or (m["chg"] and _words(m.group(0)).split()[1] == "từ"):
            continue  # "tăng từ 40% đến 60%" is a change from one level to another
        measure, end = _measure(text, m.end())
        measure = measure or _rate_before(text, m.start())
        yield _Fig(m.start(), max(end, m.end()), "percent", value, "%", measure,
                   change=_signed(value, m["chg"]), qualifier=_words(m["qual"]),
                   value_low=low)  # fmt: skip


_MONEY = re.compile(
    CHANGE
    + QUALIFIER
    + NUM
    + r"(?:"
    + H
    + r"+(?P<scale>(?i:(?:nghìn|ngàn)"
    + H
    + r"+(?:tỷ|tỉ)|nghìn|ngàn|triệu|tỷ|tỉ)))?"
    + H
    + r"*(?P<cur>(?i:đồng|vnđ|vnd|usd|đô"
    + H
    + r"+la(?:"
    + H
    + r"+mỹ)?|eur|euro)|đ)(?![^\W\d_])"
)
_CURRENCY = {"đồng": "đồng", "vnđ": "đồng", "vnd": "đồng", "đ": "đồng", "usd": "USD", "đô la": "USD",
             "đô la mỹ": "USD", "eur": "EUR", "euro": "EUR"}  # fmt: skip
# "đồng" opens many words: "30 đồng chí" (comrades), "3 triệu đồng bào" (compatriots).
_DONG_WORDS = frozenset(
    "bào chí thời bộ ý hành loạt đều tình nghiệp minh hương ruộng bằng lòng phục tâm thuận hồ "
    "dạng nhất cảm sở chủ tổ tài sáng điệu khởi cỏ đội môn".split()
)


def _money_unit(m: re.Match[str]) -> str:
    """``1.200 tỷ đồng`` -> ``tỷ đồng``; ``2 ngàn tỉ VNĐ`` -> ``nghìn tỷ đồng``."""
    scale = _words(m["scale"]) or ""
    scale = scale.replace("ngàn", "nghìn").replace("tỉ", "tỷ")
    return f"{scale} {_CURRENCY[_words(m['cur'])]}".strip()


def _find_money(text: str) -> Iterator[_Fig]:
    """Amounts of money, in the unit written: not counts, so VND are never summed with units."""
    for m in _MONEY.finditer(text):
        nxt = _WORD.match(text, m.end() + 1)
        if _words(m["cur"]) == "đồng" and nxt and text[m.end()] in " \u00a0":
            if nxt.group(0).lower() in _DONG_WORDS:
                continue
        value = parse_vietnamese_number(m["num"])
        measure, end = _measure(text, m.end())
        yield _Fig(m.start(), max(end, m.end()), "money", value, _money_unit(m), measure,
                   change=_signed(value, m["chg"]), qualifier=_words(m["qual"]))  # fmt: skip


# "124 điểm cầu": the video-conference sites a meeting was held at are logistics too.
_ATTENDANCE = re.compile(
    r"^(?:đại biểu|khách mời|điểm cầu)(?![\w])|(?<![\w])(?:tham dự|dự (?:hội|lễ|buổi|phiên|cuộc họp))(?![\w])"
)
_FRAME_BEFORE = re.compile(
    r"(?<![\w])(?i:trên"
    + H
    + r"+cơ"
    + H
    + r"+sở|trong"
    + H
    + r"+(?:tổng"
    + H
    + r"+)?số|trên"
    + H
    + r"+tổng"
    + H
    + r"+số|so"
    + H
    + r"+với)"
    + H
    + r"+$"
)
_PLACES = ("tỉnh", "thành phố", "địa phương", "bộ", "ngành", "quận", "huyện", "xã", "đơn vị")


def _attendance(measure: str | None) -> bool:
    """``250 đại biểu``, ``300 người tham dự``, ``86 điểm cầu``: who came to a meeting and
    where from, not an indicator."""
    return bool(measure and _ATTENDANCE.search(measure))


def _compared_set(text: str, start: int, measure: str | None) -> bool:
    """``trên cơ sở 34 tỉnh``, ``trong số 63 tỉnh``: the set compared, not a figure."""
    if not measure or not measure.startswith(_PLACES):
        return False
    return bool(_FRAME_BEFORE.search(text[max(0, start - 30) : start]))


def _find_counts(text: str) -> Iterator[_Fig]:
    for m in _COUNT.finditer(text):
        if _is_label(text, m.start("num")):
            continue
        head = _WORD.match(text, m.end() + len(text[m.end() :]) - len(text[m.end() :].lstrip()))
        if head is None or head.group(0).lower() in _NOT_COUNTED:
            continue
        if head.group(0).lower() == "điểm" and _score_follows(text, head.end()):
            continue
        value = _number(m)
        unit, after = _unit(text, m.end())
        measure, end = _measure(text, after)
        if unit == "count" and measure is None:
            continue
        if _attendance(measure) or _compared_set(text, m.start(), measure):
            continue
        if unit in _AREA_UNITS and _PLACE_AREA_BEFORE.search(
            text[max(0, m.start() - 40) : m.start()]
        ):
            continue
        yield _Fig(m.start(), max(end, after), "count", value, unit, measure,
                   change=_signed(value, m["chg"]), qualifier=_words(m["qual"]))  # fmt: skip


_WORD_COUNT = re.compile(
    r"(?<![\w])(?P<cue>(?i:xây"
    + H
    + r"+dựng|thành"
    + H
    + r"+lập|có|triển"
    + H
    + r"+khai|hình"
    + H
    + r"+thành|phát"
    + H
    + r"+triển|ít"
    + H
    + r"+nhất|tối"
    + H
    + r"+thiểu|thêm|gồm|hỗ"
    + H
    + r"+trợ|đầu"
    + H
    + r"+tư|khai"
    + H
    + r"+trương|đưa"
    + H
    + r"+vào"
    + H
    + r"+vận"
    + H
    + r"+hành))"
    + H
    + r"+(?P<num>(?i:hai|ba|bốn|sáu|bảy|tám|chín|mười))(?="
    + H
    + r"+[^\W\d_])"
)


def _find_word_counts(text: str) -> Iterator[_Fig]:
    """``xây dựng hai trung tâm dữ liệu``: small numbers written out, after a verb of creating."""
    for m in _WORD_COUNT.finditer(text):
        head = _WORD.match(text, m.end() + 1)
        if head is None or head.group(0).lower() in _NOT_COUNTED | {"cách", "số"}:
            continue
        measure, end = _measure(text, m.end())
        if measure is None:
            continue
        cue = _words(m["cue"])
        qualifier = cue if cue in ("ít nhất", "tối thiểu") else None
        start = m.start() if qualifier else m.start("num")
        yield _Fig(start, end, "count", parse_vietnamese_number(m["num"]), "count", measure,
                   qualifier=qualifier)  # fmt: skip


def _unit(text: str, pos: int) -> tuple[str, int]:
    # a unit is a word or two right after the number: read a short window, not the rest of the
    # text (copying and lowering it per figure was quadratic on a long line)
    window = text[pos : pos + 200]
    rest = window.lstrip(" \u00a0\t")
    offset = pos + len(window) - len(rest)
    low = rest.lower()
    for written, unit in sorted(_UNITS.items(), key=lambda u: -len(u[0])):
        if low.startswith(written) and not low[len(written) : len(written) + 1].isalnum():
            return unit, offset + len(written)
    return "count", pos


def _score_follows(text: str, pos: int) -> bool:
    """``điểm`` is a score unless a noun follows (``điểm giao dịch``, ``điểm wifi``)."""
    nxt = _WORD.match(text, pos + len(text[pos:]) - len(text[pos:].lstrip(" \u00a0\t")))
    gap = text[pos : nxt.start()] if nxt else ""
    if nxt is None or gap.strip(" \u00a0\t") or gap == "":
        return True
    return nxt.group(0).lower() in _MEASURE_STOP or nxt.group(0).lower() in {
        "cao",
        "thấp",
        "xếp",
        "đứng",
    }


_SCORE_AFTER = re.compile(
    r"(?<![\w])(?i:tổng"
    + H
    + r"+điểm|điểm"
    + H
    + r"+số|số"
    + H
    + r"+điểm|điểm"
    + H
    + r"+trung"
    + H
    + r"+bình)(?:"
    + H
    + r"+(?i:là|đạt))?"
    + H
    + r"+"
    + NUM
)


def _find_scores(text: str) -> Iterator[_Fig]:
    for m in _SCORE_AFTER.finditer(text):  # "đạt tổng điểm 85,6"
        yield _Fig(m.start(), m.end(), "score", _number(m), "điểm")
    for m in _SCORE.finditer(text):
        if not _score_follows(text, m.end()) or _is_label(text, m.start("num")):
            continue
        value, qualifier = _number(m), _words(m["qual"])
        if m["chg"] and qualifier not in _TO_LEVEL:
            # "tăng 1,05 điểm so với năm trước": how much the score moved, not a level
            yield _Fig(m.start(), m.end(), "score_change", value, "điểm",
                       change=_signed(value, m["chg"]), qualifier=qualifier)  # fmt: skip
        elif m["chg"]:
            yield _Fig(m.start("num"), m.end(), "score", value, "điểm")
        else:
            yield _Fig(m.start(), m.end(), "score", value, "điểm", qualifier=qualifier)


# What is ranked right after "Top N" (places, bodies) or its scope ("cả nước").
_RANKED_AFTER = re.compile(
    H
    + r"+(?i:tỉnh|thành"
    + H
    + r"+phố|địa"
    + H
    + r"+phương|đơn"
    + H
    + r"+vị|bộ|ngành|sở|quận|huyện|thị"
    + H
    + r"+xã|xã|phường|cả"
    + H
    + r"+nước|toàn"
    + H
    + r"+quốc|khu"
    + H
    + r"+vực|vùng)(?![^\W\d_])"
)
_RANKING_CUE = re.compile(
    r"(?<![\w])(?i:xếp" + H + r"+hạng|vị" + H + r"+trí|chỉ" + H + r"+số|thứ" + H + r"+hạng)(?![\w])"
)


def _ranking_context(text: str, start: int, end: int) -> bool:
    """``Top N`` ranks something when a place follows it (``Top 5 địa phương``) or its
    sentence names an index or a ranking word (``lọt Top 20 về chỉ số PCI``)."""
    if _RANKED_AFTER.match(text, end):
        return True
    s, e = _sentence_at(text, start)
    return bool(_RANKING_CUE.search(text, s, e)) or any(
        s <= a and b <= e for a, b, _ in _layout(text)[1]
    )


@lru_cache(maxsize=4)
def _layout(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int, str], ...]]:
    """Sentence spans and index names of ``text``, found once for all its figures.

    The sentences are those of ``corpus.sentences`` (the one splitter, ``segment.split_sentences``),
    so the sentence that dates a figure is the sentence its ``sentence_id`` names.
    """
    return tuple(split_sentences(text)), tuple(_find_indices(text))


def _sentence_at(text: str, pos: int) -> tuple[int, int]:
    return next(((s, e) for s, e in _layout(text)[0] if s <= pos < e), (pos, pos))


_LEAD = re.compile(
    r"(?<![\w])(?i:dẫn|đứng)"
    + H
    + r"+(?i:đầu)(?:"
    + H
    + r"+(?P<scope>(?i:cả"
    + H
    + r"+nước|toàn"
    + H
    + r"+quốc|khu"
    + H
    + r"+vực|vùng|bảng"
    + H
    + r"+xếp"
    + H
    + r"+hạng|xếp"
    + H
    + r"+hạng)))?(?![^\W\d_])"
)
_ABOUT = re.compile(H + r"+(?:(?i:về)" + H + r"+)?")
# "những địa phương dẫn đầu", "Top 5 tỉnh dẫn đầu": one of the leaders, not the first.
_PLURAL_BEFORE = re.compile(
    r"(?<![\w])(?i:các|những|nhóm|top)(?:" + H + r"*,?" + H + r"+[^\W_]+){0,4}" + H + r"*$"
)


def _find_leaders(text: str) -> Iterator[_Fig]:
    """``dẫn đầu cả nước về chỉ số DTI``, ``đứng đầu bảng xếp hạng PCI``: rank 1, but only
    with an explicit ranking scope or index (``dẫn đầu đoàn công tác`` leads a delegation)."""
    for m in _LEAD.finditer(text):
        if _PLURAL_BEFORE.search(text[max(0, m.start() - 40) : m.start()]):
            continue
        if not (m["scope"] or _index_follows(text, _ABOUT.match(text, m.end()))):
            continue
        if _rank_one_stated(text, m.start()):
            continue  # "xếp thứ nhất, dẫn đầu cả nước": one fact, already a row
        yield _Fig(m.start(), m.end(), "ranking", 1, rank=1, qualifier=_words(m["scope"]))


def _rank_one_stated(text: str, pos: int) -> bool:
    """The sentence around ``pos`` already ranks first in numbers or words (``xếp hạng 1/63``)."""
    s, e = _sentence_at(text, pos)
    return any(
        (m["rank"] or "").lstrip("0") == "1" or (m["word"] or "").lower() == "nhất"
        for m in _RANK.finditer(text, s, e)
    )


def _index_follows(text: str, gap: re.Match[str] | None) -> bool:
    """An index (``DTI``, ``Chỉ số cải cách hành chính``) or ``chỉ số`` starts right here."""
    if gap is None:
        return False
    if re.match(r"(?i:chỉ" + H + r"+số)(?![\w])", text[gap.end() :]):
        return True
    return any(start == gap.end() for start, _, _ in _layout(text)[1])


def _find_rankings(text: str) -> Iterator[_Fig]:
    for m in _RANK.finditer(text):
        rank = int(m["rank"]) if m["rank"] else _ORDINALS[m["word"].lower()]
        of = m["of"] or m["of2"]
        out_of = int(of) if of else None
        if rank == 0 or (out_of is not None and rank > out_of):
            continue
        yield _Fig(m.start(), m.end(), "ranking", rank, rank=rank, out_of=out_of,
                   qualifier=_words(m["scope"]))  # fmt: skip
    for m in _TOP.finditer(text):
        if m["n"] and not _ranking_context(text, m.start(), m.end()):
            continue  # "Top 10 sự kiện nổi bật": a list, not a place in a ranking
        n = int(m["n"] or m["n2"])
        yield _Fig(m.start(), m.end(), "top", n, rank=n)
    for m in _RANK_CHANGE.finditer(text):
        n = int(m["n"])
        sign = -1 if m["dir"].lower() in ("giảm", "tụt", "xuống") else 1
        yield _Fig(m.start(), m.end(), "rank_change", value=n, change=sign * n,
                   qualifier=_words(m["qual"]))  # fmt: skip


# "đứng thứ 2 khu vực Tây Nguyên, thứ 28 cả nước": a second rank with its verb left out.
_ELLIPTIC_RANK = re.compile(
    r"(?:,|;|(?<![\w])(?i:và))"
    + H
    + r"*(?P<cue>(?i:thứ))"
    + H
    + r"+(?P<rank>\d{1,3})(?:"
    + H
    + r"*/"
    + H
    + r"*(?P<of>\d{1,3}))?(?![\w]|[.,]\d)"
    + r"(?:"
    + H
    + r"+(?P<scope>(?i:cả"
    + H
    + r"+nước|toàn"
    + H
    + r"+quốc|khu"
    + H
    + r"+vực|vùng|(?:trong"
    + H
    + r"+(?:số"
    + H
    + r"+)?|trên"
    + H
    + r"+)(?P<of2>\d{1,3})))(?![^\W\d_]))?"
)


def _find_elliptic_rankings(text: str) -> Iterator[_Fig]:
    """``..., thứ 28 cả nước`` after a ranking in the same sentence is another ranking; it
    needs a scope or ``/63`` (``, thứ 3 là ...`` alone lists, it does not rank)."""
    for m in _ELLIPTIC_RANK.finditer(text):
        if not (m["scope"] or m["of"]):
            continue
        s, _ = _sentence_at(text, m.start())
        if _RANK.search(text[s : m.start()]) is None:
            continue
        of = m["of"] or m["of2"]
        rank, out_of = int(m["rank"]), int(of) if of else None
        if rank == 0 or (out_of is not None and rank > out_of):
            continue
        scope = _words(m["scope"])
        if m["of2"]:  # "thứ 4 trong 14 tỉnh": the set is the denominator, not a count
            scope, end = None, m.end()
        elif scope in ("cả nước", "toàn quốc"):  # like _RANK: the national scope is in the raw
            end = m.end()
        else:
            scope, end = None, m.end("of") if m["of"] else m.end("rank")
        yield _Fig(m.start("cue"), end, "ranking", rank, rank=rank, out_of=out_of,
                   qualifier=scope)  # fmt: skip


_POINTS = re.compile(H + r"*(?i:điểm)(?![^\W\d_])")


def _find_ratios(text: str) -> Iterator[_Fig]:
    """``40/63 tỉnh`` in a ranking context is a rank; ``579/579 xã`` is a coverage count."""
    for m in _RATIO.finditer(text):
        num, den = parse_vietnamese_number(m["num"]), parse_vietnamese_number(m["of"])
        if num == 0 or num > den or _is_label(text, m.start()):
            continue
        measure, end = _measure(text, m.end())
        points = _POINTS.match(text, m.end())
        if points and _score_follows(text, points.end()):
            # "đạt 78/100 điểm": a score out of a maximum, not a count of "điểm"
            yield _Fig(m.start(), points.end(), "score", num, "điểm", out_of=den)
        elif not float(num).is_integer():
            continue
        elif den in (63, 34) and (measure or "").startswith(("tỉnh", "địa phương")):
            yield _Fig(
                m.start(), max(end, m.end()), "ranking", num, rank=num, out_of=den, measure=measure
            )
        elif measure:
            yield _Fig(m.start(), end, "count", num, "count", measure, out_of=den)


_FINDERS = [
    _find_percents,
    _find_percent_ranges,
    _find_money,
    _find_counts,
    _find_word_counts,
    _find_scores,
    _find_rankings,
    _find_leaders,
    _find_elliptic_rankings,
    _find_ratios,
]

# ---------------------------------------------------------------- context


@dataclass(frozen=True)
class _Date:
    """One row of ``extract_dates``, as plain Python values."""

    raw: str
    start: int
    end: int
    value: str | None
    precision: str
    kind: str
    qualifier: str | None


def _date_rows(dates: pd.DataFrame) -> list[_Date]:
    """The rows of a dates table, in its order (one pass, no per-sentence DataFrame filtering)."""
    if dates.empty:
        return []
    columns = [dates[c].tolist() for c in ("raw", "start", "end", "value", "precision", "kind")]
    qualifiers = dates["qualifier"].tolist()
    return [
        _Date(r, int(s), int(e), None if _missing(v) else v, p, k, None if _missing(q) else q)
        for (r, s, e, v, p, k), q in zip(zip(*columns, strict=True), qualifiers, strict=True)
    ]


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and x != x)


@dataclass(frozen=True)
class _Sentence:
    """A sentence span and the dates with a value inside it; ``horizons`` are those of kind horizon."""

    span: tuple[int, int]
    dates: list[_Date]
    horizons: list[_Date]


def _years_by_sentence(dates: list[_Date], sentences: list[tuple[int, int]]) -> list[_Sentence]:
    """Per sentence: the dates with a value found inside it, in table order."""
    valued = [d for d in dates if d.value is not None]
    # dates by start (their table order kept inside a sentence): a bisection per sentence, not
    # a scan of every date (quadratic in a long document)
    order = sorted(range(len(valued)), key=lambda i: valued[i].start)
    starts = [valued[i].start for i in order]
    out = []
    for s, e in sentences:
        lo, hi = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
        picked = sorted(i for i in order[lo:hi] if valued[i].end <= e)
        inside = [valued[i] for i in picked]
        out.append(_Sentence((s, e), inside, [d for d in inside if d.kind == "horizon"]))
    return out


_BULLET = re.compile(r"^[ \u00a0\t]*(?:[-–+•*]|[a-zđ]\)|\d{1,2}[.)])[ \u00a0\t]")


def _target_year(text: str, fig: _Fig, sent: _Sentence, inherited: int | None) -> int | None:
    """The horizon of the sentence (nearest before the figure, else after), else a leading
    ``Năm 2025,``, else the horizon of a heading line ending in ``:`` above a bullet list."""
    horizons = sent.horizons
    if horizons:
        before = [d for d in horizons if d.start < fig.start]
        row = before[-1] if before else horizons[0]
        return int(str(row.value)[:4])
    s = sent.span[0]
    lead = [d for d in sent.dates if d.kind in ("year", "year_part") and d.start <= s + 12]
    if lead:
        return int(str(lead[0].value)[:4])
    return inherited


_INDEX_PRECISIONS = ("year", "day", "month", "quarter")


def _index_year(fig: _Fig, sent: _Sentence) -> int | None:
    """Rankings and scores: the year written nearest before them in the sentence."""
    years = [d for d in sent.dates if d.precision in _INDEX_PRECISIONS and d.start < fig.start]
    if not years:
        return None
    plain = [d for d in years if d.kind in ("year", "horizon", "year_part")]
    row = (plain or years)[-1]
    return int(str(row.value)[:4])


def _nearest_index(fig: _Fig, indices: list[tuple[int, int, str]], span: tuple[int, int]):
    inside = [i for i in indices if span[0] <= i[0] and i[1] <= span[1]]
    if not inside:
        return None

    def distance(i: tuple[int, int, str]) -> int:
        if i[1] <= fig.start:
            return fig.start - i[1]
        return 2 * max(0, i[0] - fig.end) + 1  # an index named after the figure counts double

    return min(inside, key=distance)


# ---------------------------------------------------------------- resolve


def _longest_first(figs: list[_Fig], blocked: list[tuple[int, int]]) -> list[_Fig]:
    taken = DisjointSpans(blocked)  # bisection: a scan of every kept span was quadratic
    kept = []
    priority = {"ranking": 0, "top": 0, "rank_change": 0, "score": 1, "score_change": 1,
                "percent": 2, "money": 2, "count": 3}  # fmt: skip
    for f in sorted(figs, key=lambda f: (priority[f.kind], -(f.end - f.start), f.start)):
        if not taken.overlaps(f.start, f.end):
            kept.append(f)
            if f.end > f.start:
                taken.add(f.start, f.end)
    return sorted(kept, key=lambda f: f.start)


def _date_core(text: str, dates: list[_Date]) -> list[tuple[int, int]]:
    """The digit runs of date mentions: a figure may touch a date's words, not its numbers."""
    spans = []
    for row in dates:
        for m in _DIGIT_RUN.finditer(row.raw):
            spans.append((row.start + m.start(), row.start + m.end()))
    return spans


_DIGIT_RUN = re.compile(r"\d+(?:[/.\-]\d+)*")


def extract_targets(text: str, dates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every quantitative target, ranking and score in ``text``, sorted by ``start``.

    ``dates`` is ``extract_dates(text)`` (no reference date) when the caller already has it.

    >>> extract_targets("Đến năm 2025, 100% thủ tục hành chính được số hóa.").iloc[1][["value", "measure", "year"]].tolist()
    [100, 'thủ tục hành chính', 2025]
    """
    date_rows = _date_rows(extract_dates(text) if dates is None else dates)
    blocked = code_spans(text) + _date_core(text, date_rows)
    figs = _longest_first([f for finder in _FINDERS for f in finder(text)], blocked)
    spans, indices = _layout(text)
    sentences = _years_by_sentence(date_rows, list(spans))
    indices = list(indices)
    rows: list[_Fig] = []
    fig_order = sorted(range(len(figs)), key=lambda i: figs[i].start)  # figures by start
    fig_starts = [figs[i].start for i in fig_order]
    inherited: int | None = None  # from a heading "Mục tiêu đến năm 2030:" over bullet lines
    heading: list[_Fig] = []  # that heading's horizon rows, shown once a bullet uses them
    goal: tuple[int, int] | None = None  # (line start, year) of a goal sentence in this line
    for sent in sentences:
        s, e = sent.span
        before = inherited
        inherited = _inherit(text, sent, inherited)
        if inherited is not None and inherited != before:
            heading = _horizon_rows(text, sent)
        line = _line_start(text, s)
        carried = goal[1] if goal and goal[0] == line else inherited
        lo, hi = bisect.bisect_left(fig_starts, s), bisect.bisect_left(fig_starts, e)
        local = [figs[i] for i in sorted(fig_order[lo:hi])]
        for f in local:
            rows.append(_with_context(text, f, sent, carried, indices))
        if local:
            rows.extend(_horizon_rows(text, sent))
            if _BULLET.match(text[s:e]) and heading:
                rows.extend(heading)
                heading = []
        year = _goal_year(text, sent)
        if year is not None:
            goal = (line, year)
    return _frame(text, sorted(rows, key=lambda f: (f.start, f.end)))


_GOAL = re.compile(r"(?i:mục" + H + r"+tiêu|chỉ" + H + r"+tiêu|phấn" + H + r"+đấu|đề" + H + r"+ra)")


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _goal_year(text: str, sent: _Sentence) -> int | None:
    """``Nghị quyết đề ra mục tiêu ... đến năm 2025. ... Có ít nhất 3 đô thị``: a goal
    sentence's horizon dates the targets of the sentences after it in the same paragraph."""
    s, e = sent.span
    if not sent.horizons or not _GOAL.search(text, s, e):
        return None
    return int(str(sent.horizons[0].value)[:4])


def _inherit(text: str, sent: _Sentence, inherited: int | None) -> int | None:
    """A heading ending in ``:`` with a horizon dates the bullet lines under it."""
    if not sent.horizons:
        return inherited if _BULLET.match(text[sent.span[0] : sent.span[1]]) else None
    s, e = sent.span
    line = text[s:e]
    if _BULLET.match(line):
        return inherited
    if line.rstrip().endswith(":"):
        return int(str(sent.horizons[-1].value)[:4])
    return None


def _with_context(text, f: _Fig, sent: _Sentence, inherited, indices) -> _Fig:
    if f.kind in ("count", "money") or (f.kind == "percent" and f.measure):
        return replace(f, year=_target_year(text, f, sent, inherited))
    if f.kind == "percent":  # "PAR Index ... đạt 85,12%": a bare percent in an index sentence
        found = _nearest_index(f, indices, sent.span)
        if found is None:
            return replace(f, year=_target_year(text, f, sent, inherited))
        return replace(
            f, index=found[2], year=_index_year(f, sent) or _target_year(text, f, sent, inherited)
        )
    found = _nearest_index(f, indices, sent.span)
    index = found[2] if found else None
    measure = f.measure
    if found and f.kind in ("ranking", "top", "score", "score_change"):
        measure = re.sub(r"\s+", " ", text[found[0] : found[1]])
    return replace(f, index=index, measure=measure, year=_index_year(f, sent))


def _horizon_rows(text: str, sent: _Sentence) -> list[_Fig]:
    return [
        _Fig(r.start, r.end, "horizon", year=int(str(r.value)[:4]), qualifier=r.qualifier)
        for r in sent.horizons
    ]


def _frame(text: str, figs: list[_Fig]) -> pd.DataFrame:
    """One row per figure; numbers stay Python ints/floats (object columns) so 5034 is not 5034.0."""
    columns = {
        "raw": [text[f.start : f.end] for f in figs],
        "start": [f.start for f in figs],
        "end": [f.end for f in figs],
        **{c: [getattr(f, c) for f in figs] for c in COLUMNS[3:]},
    }
    # dtype=object at construction (no Series per column), then int64 offsets set column by
    # column: a Series per column and an astype of the whole frame cost more than the figures.
    frame = pd.DataFrame(columns, dtype=object)
    if figs:
        frame["start"] = np.array(columns["start"], dtype=np.int64)
        frame["end"] = np.array(columns["end"], dtype=np.int64)
    return frame
