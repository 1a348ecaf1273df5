"""Document references (số hiệu văn bản) cited in Vietnamese administrative and news text.

Shapes (see docs: Nghị định 30/2020/NĐ-CP for state documents, Hướng dẫn 36-HD/VPTW for Party ones):

- state:          ``4216/QĐ-UBND``, ``749/QĐ-TTg``, ``1342/TTr-STTTT``
- legal-normative ``30/2020/NĐ-CP``, ``01/2020/TTLT-BTC-BNV``
- law:            ``86/2015/QH13``
- công văn:       ``1234/UBND-VP`` (issuer first, then the drafting unit; the issuer is the
                  sender ``UBND``, the unit is kept in flags as ``drafting_unit=VP``)
- Party:          ``05-NQ/TU``, ``07-CTr/QU``, ``36-HD/VPTW`` (hyphen first, slash second)

and partial citations without a full number: ``Quyết định số 8258``, ``Nghị quyết 57``, ``Đề án 06``.
Type codes and issuers are read from the editable files ``data/doc_types.csv`` and ``data/issuers.csv``.

A number written in the wrong family's shape is re-shaped only when its issuer is known:
``17-NQ/CP`` (the Government) -> ``17/NQ-CP``, ``52/NQ-TW`` -> ``52-NQ/TW``. An issuer not in
``issuers.csv`` keeps the shape it is written in, except that any code ending in TW/TƯ
(Trung ương: ``01/KH-BCĐTW``) is a Central Party body.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd

from dxcompare import schema
from dxcompare._text.data import bundled_csv
from dxcompare._text.marks import strip_marks
from dxcompare._text.patterns import HSPACE
from dxcompare._text.phrases import alternation
from dxcompare._text.spans import keep_leftmost, overlaps
from dxcompare.extract.dates import cited_number

# --------------------------------------------------------------------------------------------
# Data files
# --------------------------------------------------------------------------------------------


def _read_data_csv(name: str) -> list[dict[str, str]]:
    return bundled_csv(name, strip=True)


def _key(code: str) -> str:
    """Spelling-insensitive key of a code: ``qđ`` / ``QD`` / ``QĐ`` -> ``QD``."""
    return strip_marks(code).upper()


@dataclass(frozen=True)
class _Codes:
    """A code table: canonical code -> name, with exact and spelling-insensitive lookups."""

    names: dict[str, str]
    exact: dict[str, str]
    loose: dict[str, str]
    extra: dict[str, dict[str, str]]

    def find(self, written: str) -> str | None:
        """The canonical code for a code as written, or None when unknown."""
        written = written.replace("Ð", "Đ")
        if written in self.exact:
            return self.exact[written]
        return self.loose.get(_key(written))


def _codes(rows: list[dict[str, str]], alias_column: str) -> _Codes:
    names: dict[str, str] = {}
    exact: dict[str, str] = {}
    loose: dict[str, str] = {}
    for row in rows:
        code = row["code"]
        names[code] = row["name"]
        exact[code] = code
        loose.setdefault(_key(code), code)
    for row in rows:  # aliases after codes, so an alias never shadows a code ("TƯ" vs "TU")
        for alias in filter(None, row.get(alias_column, "").split("|")):
            exact.setdefault(alias, row["code"])
            loose.setdefault(_key(alias), row["code"])
    return _Codes(names, exact, loose, {r["code"]: r for r in rows})


@lru_cache(maxsize=1)
def doc_types() -> _Codes:
    """Type codes (``QĐ`` -> ``Quyết định``) from ``data/doc_types.csv``."""
    return _codes(_read_data_csv("doc_types.csv"), alias_column="")


@lru_cache(maxsize=1)
def issuers() -> _Codes:
    """Issuer codes (``TTg`` -> ``Thủ tướng Chính phủ``) from ``data/issuers.csv``."""
    return _codes(_read_data_csv("issuers.csv"), alias_column="aliases")


def _strip_accents(text: str) -> str:
    return _key(text).lower() if text else text


@lru_cache(maxsize=1)
def _doc_words() -> dict[str, str]:
    """Lower-cased document word (accented and unaccented) -> type code: ``quyết định`` -> ``QĐ``."""
    words: dict[str, str] = {}
    for code, row in doc_types().extra.items():
        for word in filter(None, row["words"].split("|")):
            words.setdefault(word.lower(), code)
            words.setdefault(_strip_accents(word), code)
    return words


# --------------------------------------------------------------------------------------------
# Patterns
# --------------------------------------------------------------------------------------------

_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"
_SP = HSPACE
_GAP = f"{_SP}*(?:\\n{_SP}*)?"  # spaces, at most one line break
_SLASH = f"{_GAP}/{_GAP}"
# A type word at a line's end and a list number opening the next line ("KẾ HOẠCH" / "1. Mục
# tiêu") are a heading and an item, not "Kế hoạch 1": the line break may not precede "1." / "1)".
_GAP_NOT_ITEM = f"(?:{_SP}*\\n{_SP}*(?!\\d{{1,3}}[.)](?:{_SP}|$))|{_SP}*)"
_DASH = f"{_GAP}[{_DASHES}]{_GAP}"
_CODE = "[^\\W\\d_]{1,10}\\d{0,2}"
# A number may carry one letter suffix ("36a/NQ-CP", "12a/KH-UBND"): it is part of the number.
_NUM = "(?<![\\w/.,\\-])\\d{1,5}[a-z]?"
_YEAR = "(?:19[4-9]\\d|20\\d\\d)"

_SYMBOL_RE = re.compile(
    f"(?P<l_num>{_NUM}){_SLASH}(?P<l_year>{_YEAR}){_SLASH}(?P<l_qh>(?:UBTV)?QH\\d{{1,2}})(?![\\w/])"
    f"|(?P<g_num>{_NUM}){_SLASH}(?P<g_year>{_YEAR}){_SLASH}(?P<g_codes>{_CODE}(?:{_DASH}{_CODE})+)"
    f"|(?P<p_num>{_NUM}){_DASH}(?P<p_type>{_CODE}){_SLASH}(?P<p_codes>{_CODE}(?:{_DASH}{_CODE})*)"
    f"|(?P<s_num>{_NUM}){_SLASH}(?P<s_codes>{_CODE}(?:{_DASH}{_CODE})+)",
    re.IGNORECASE,
)
_CODE_RE = re.compile(_CODE)
_ALL_CAPS_RE = re.compile("[A-ZĐ][A-ZĐ0-9]{1,9}")


@lru_cache(maxsize=1)
def _words_pattern() -> str:
    return alternation(_doc_words(), lambda w: re.escape(w).replace("\\ ", f"{_SP}+"))


@lru_cache(maxsize=1)
def _word_before_re() -> re.Pattern[str]:
    """A document word (and ``số``) right before a number: ``Quyết định số |4216/QĐ-UBND``."""
    return re.compile(
        f"(?<![^\\W\\d_])(?P<word>{_words_pattern()})(?:{_SP}+(?:số|so)(?:{_SP}*[:.])?)?{_GAP}$",
        re.IGNORECASE,
    )


_LAW_TITLE_RE = re.compile(
    f'(?<![^\\W\\d_])(?P<word>Bộ luật|Luật|Pháp lệnh)[^\\n.,;:()\\d"“”]{{1,80}}?{_SP}+số{_SP}*[:.]?{_SP}*$'
)


@lru_cache(maxsize=1)
def _partial_re() -> re.Pattern[str]:
    """``Quyết định số 8258``, ``Nghị quyết 57``, ``Nghị định 13/2023`` (no type/issuer codes)."""
    return re.compile(
        f"(?<![^\\W\\d_])(?P<word>{_words_pattern()}){_GAP_NOT_ITEM}"
        f"(?:(?P<so>số|so)(?:{_SP}*[:.])?{_GAP})?"
        f"(?P<num>\\d{{1,5}})(?:/(?P<year>{_YEAR}))?"
        f"(?![\\d\\w]|[/.,]\\d|{_SP}*[/{_DASHES}]{_SP}*[^\\W\\d_])",
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _code_partial_re() -> re.Pattern[str]:
    """``NQ 57``, ``QĐ số 1234``, ``KH 45``: an upper-case type code (``cited_alone`` in
    ``doc_types.csv``) standing for the document word; case-sensitive, so ``kh 45`` is not one."""
    return re.compile(
        f"(?<![^\\W\\d_])(?P<word>{alternation(_alone_codes())})(?![^\\W\\d_]){_SP}+"
        f"(?:(?P<so>số|Số)(?:{_SP}*[:.])?{_SP}*)?"
        f"(?P<num>\\d{{1,5}})(?:/(?P<year>{_YEAR}))?"
        f"(?![\\d\\w]|[/.,]\\d|{_SP}*[/{_DASHES}]{_SP}*[^\\W\\d_])"
    )


@lru_cache(maxsize=1)
def _code_before_re() -> re.Pattern[str]:
    """A type code cited alone (and ``số``) right before a full number: ``QĐ số |15/QĐ-UBND``."""
    return re.compile(
        f"(?<![^\\W\\d_])(?P<word>{alternation(_alone_codes())})"
        f"(?:{_SP}+(?:số|Số)(?:{_SP}*[:.])?)?{_SP}+$"
    )


def _alone_codes() -> list[str]:
    return [c for c, row in doc_types().extra.items() if row.get("cited_alone") == "yes"]


# Without "số", a bare "Nghị quyết 57" (or "NQ 57") must be followed by a word that continues a citation,
# so that "Kế hoạch 5 năm" or "Chương trình 1 triệu" are not read as documents.
_CONTINUES_CITATION = re.compile(
    f"{_SP}*(?:$|\\n|[,.;:!?)\\]”\"'…]|[{_DASHES}]{_SP}*[^\\d\\s]|"
    "(?:của|về|ngày|do|đã|được|và|cùng|là|cũng|với|thì|này|trong|theo|tại|vừa|mới|sẽ|đang|"
    "nhằm|có|hoặc|hay|đề ra|nêu|xác định|khẳng định|yêu cầu|đặt ra|chỉ rõ|nhấn mạnh|"
    "ban hành|phê duyệt|thông qua|quy định|hướng dẫn|giao|trên|đến|tới|cho|ở|vào|tiếp tục)(?![^\\W\\d_]))",
    re.IGNORECASE,
)
_RANGE_AFTER = re.compile(f"{_SP}*[{_DASHES}]{_SP}*\\d")

_ISSUE_VERBS = "ban hành|ký ban hành|ký|thông qua|phê duyệt|công bố"
# After a citation: "749/QĐ-TTg ngày 03/6/2020", "05-NQ/TU, ngày …", "… của Thủ tướng Chính phủ ngày …".
# No comma after "của …": in "03-NQ/TU của Thành ủy, ngày 24/01/2022 UBND … ban hành …" the date
# opens the next clause.
_DATE_AFTER_GAP = re.compile(
    "[ \\t\u00a0(]*,?[\\s(]*(?:(?:đã\\s+|được\\s+)?(?:" + _ISSUE_VERBS + ")\\s+)?"
    "(?:(?:của|do)\\s+[^\\n.,;:()\\d]{1,60}?(?:\\s+(?:" + _ISSUE_VERBS + "))?\\s+)?"
    "(?:vào\\s+)?(?:ngày\\s*)?",
    re.IGNORECASE,
)
_DATE_BEFORE_GAP = re.compile(
    "(?:" + _ISSUE_VERBS + ")(?:\\s+[^\\s\\d]+){0,3}\\s*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile("[.!?;](?:\\s|$)|\\n")


# --------------------------------------------------------------------------------------------
# Parsing one symbol
# --------------------------------------------------------------------------------------------


def _number(num: str) -> str:
    """Document numbers are written with at least two digits: ``6`` -> ``06``; ``36a`` keeps its letter."""
    digits = num.rstrip("abcdefghijklmnopqrstuvwxyz")
    return f"{int(digits):02d}{num[len(digits) :]}"


def _num_int(num: object) -> int:
    """The numeric part of a document number (``"36a"`` -> 36), for matching partial citations."""
    m = re.match(r"\d+", str(num))
    return int(m.group()) if m else -1


def _issuer_code(written: str) -> str | None:
    """A canonical issuer code, or None when the text does not look like one (``Hà``)."""
    if len(written) > 2 and written[-2:].upper() == "TƯ":  # "BTGTƯ" is BTGTW, never BTGTU
        written = written[:-2] + "TW"
    found = issuers().find(written)
    if found:
        return found
    base = re.sub("\\d+$", "", written)
    found = issuers().find(base) if base != written else None
    if found:
        return found + written[len(base) :]
    if _ALL_CAPS_RE.fullmatch(written):
        return written
    m = _SO_CODE_RE.fullmatch(written)
    if m:  # "07/TTr-SoKHCN": a Sở written "So" + its initials, kept as written
        return "So" + m.group(1)
    return None


# A provincial department written "So"/"Sở" + initials ("SoKHCN", "SởTTTT"), mixed case.
_SO_CODE_RE = re.compile("(?:So|Sở|SỞ)([A-ZĐ]{2,8})")


def _issuer_name(code: str) -> str | None:
    base = re.sub("\\d+$", "", code)
    return issuers().names.get(code) or issuers().names.get(base)


# Party bodies of the Centre end in TW (Trung ương, old spelling TƯ): "VPTW", "BCĐTW", "QUTW".
_CENTRAL_RE = re.compile("[A-ZĐ]+TW")


def _issuer_family(code: str) -> str | None:
    """``party`` | ``state`` for a known issuer or a Central Party body (``…TW``); None when
    unknown or listed as either (``BCĐ``, a steering committee of the Party or the state)."""
    row = issuers().extra.get(re.sub("\\d+$", "", code))
    if row:
        return row["family"] or None
    return "party" if _CENTRAL_RE.fullmatch(code) else None


def _valid_codes(m: re.Match[str], group: str) -> list[tuple[str, int]]:
    """Issuer codes of a captured ``UBND-VP`` run with their end offsets; stops at a non-code."""
    base = m.start(group)
    out: list[tuple[str, int]] = []
    for cm in _CODE_RE.finditer(m.group(group)):
        code = _issuer_code(cm.group())
        if code is None:
            break
        out.append((code, base + cm.end()))
    return out


def _parse(m: re.Match[str]) -> dict[str, Any] | None:
    """Fields of one matched symbol, or None when its codes are not a document's."""
    if m.group("l_num"):
        qh = m.group("l_qh").upper()
        issuer = re.sub("\\d+$", "", qh)
        symbol = f"{_number(m.group('l_num'))}/{m.group('l_year')}/{qh}"
        return dict(
            num=m.group("l_num"),
            year=int(m.group("l_year")),
            type="L",
            issuers=[issuer],
            end=m.end(),
            shape="law",
            symbol=symbol,
            family="law",
        )
    if m.group("g_num"):
        codes = _CODE_RE.findall(m.group("g_codes"))
        type_ = doc_types().find(codes[0])
        found = _valid_codes(m, "g_codes")[1:]
        if type_ is None or not found:
            return None
        return dict(
            num=m.group("g_num"),
            year=int(m.group("g_year")),
            type=type_,
            issuers=[c for c, _ in found],
            end=found[-1][1],
            shape="legal",
        )
    if m.group("p_num"):
        type_ = doc_types().find(m.group("p_type"))
        found = _valid_codes(m, "p_codes")
        if type_ is None or not found:
            return None
        return dict(
            num=m.group("p_num"),
            year=None,
            type=type_,
            issuers=[c for c, _ in found],
            end=found[-1][1],
            shape="party",
        )
    first = _CODE_RE.match(m.group("s_codes"))
    type_ = doc_types().find(first.group()) if first else None
    if type_ is not None:
        rest = _valid_codes_after_type(m)
        if not rest:
            return None
        return dict(
            num=m.group("s_num"),
            year=None,
            type=type_,
            issuers=[c for c, _ in rest],
            end=rest[-1][1],
            shape="state",
        )
    found = _valid_codes(m, "s_codes")
    if len(found) >= 2 and issuers().find(found[0][0]):  # công văn: "1234/UBND-VP"
        return dict(
            num=m.group("s_num"),
            year=None,
            type="CV",
            issuers=[c for c, _ in found],
            end=found[-1][1],
            shape="cv",
        )
    return None


def _valid_codes_after_type(m: re.Match[str]) -> list[tuple[str, int]]:
    """Issuer codes after the type code in ``4216/qđ-ubnd`` (the type itself is no issuer)."""
    base = m.start("s_codes")
    out: list[tuple[str, int]] = []
    for i, cm in enumerate(_CODE_RE.finditer(m.group("s_codes"))):
        if i == 0:
            continue
        code = _issuer_code(cm.group())
        if code is None:
            break
        out.append((code, base + cm.end()))
    return out


def _canonical(p: dict[str, Any]) -> tuple[str, str, list[str]]:
    """(symbol, family, flags) of parsed fields; Party/state shapes swapped by mistake are fixed."""
    num, type_, codes = _number(p["num"]), p["type"], p["issuers"]
    if p["shape"] == "law":
        return p["symbol"], "law", []
    if p["shape"] == "legal":
        return f"{num}/{p['year']}/{type_}-{'-'.join(codes)}", _family(codes), []
    if p["shape"] == "cv":
        return f"{num}/{'-'.join(codes)}", _family(codes), []
    # An unknown issuer keeps the shape it is written in: only a known state body
    # ("17-NQ/CP") turns a Party-shaped number into a state one.
    family = _issuer_family(codes[0]) or ("party" if p["shape"] == "party" else "state")
    party = family == "party"
    flags = []
    if p["shape"] == "party" and not party:
        flags.append("misformatted_party_shape")
    if p["shape"] == "state" and party:
        flags.append("misformatted_state_shape")
    if party:
        return f"{num}-{type_}/{'-'.join(codes)}", family, flags
    return f"{num}/{type_}-{'-'.join(codes)}", family, flags


def _family(codes: list[str]) -> str:
    return _issuer_family(codes[0]) or "state"


def canonical_symbol(raw_symbol: str) -> str | None:
    """The canonical number of a written one, or None if it is not a document number.

    ``"4216 / QĐ - UBND"``, ``"4216/QD-UBND"``, ``"4216/qđ-ubnd"`` -> ``"4216/QĐ-UBND"``;
    ``"17-NQ/CP"`` -> ``"17/NQ-CP"``; ``"03/6/2020"`` -> None.
    """
    text = raw_symbol.strip()
    m = _SYMBOL_RE.match(text)
    if not m:
        return None
    parsed = _parse(m)
    if parsed is None or text[parsed["end"] :].strip():
        return None
    return _canonical(parsed)[0]


# --------------------------------------------------------------------------------------------
# Extraction
# --------------------------------------------------------------------------------------------


def _row(text: str, start: int, end: int, **fields: Any) -> dict[str, Any]:
    row = dict(raw=text[start:end], start=start, end=end)
    row.update(fields)
    return row


def _type_name(code: str, word_code: str | None, word: str | None) -> str:
    name = doc_types().names.get(code, code)
    if word and word_code and word_code != code and code == "QĐ" and word_code == "QyĐ":
        return doc_types().names["QyĐ"]  # Party "Quy định 105-QĐ/TW"
    return name


def _prefix(text: str, start: int) -> tuple[int, str | None, str | None]:
    """Start of the document word before a number (``Quyết định số``), its type code and the word."""
    window = text[max(0, start - 100) : start]
    m = _word_before_re().search(window)
    if m:
        word = m.group("word")
        code = _doc_words().get(re.sub(f"{_SP}+", " ", word.lower())) or _doc_words().get(
            _strip_accents(re.sub(f"{_SP}+", " ", word))
        )
        return start - len(window) + m.start(), code, word
    m = _code_before_re().search(window)
    if m:  # "QĐ số 15/QĐ-UBND", "KH 123/KH-UBND"
        return start - len(window) + m.start(), m.group("word"), m.group("word")
    m = _LAW_TITLE_RE.search(window)
    if m:
        code = "PL" if m.group("word") == "Pháp lệnh" else "L"
        return start - len(window) + m.start(), code, m.group("word")
    return start, None, None


def _full_refs(text: str) -> list[dict[str, Any]]:
    rows = []
    for m in _SYMBOL_RE.finditer(text):
        parsed = _parse(m)
        if parsed is None:
            continue
        symbol, family, flags = _canonical(parsed)
        start, word_code, word = _prefix(text, m.start())
        type_ = parsed["type"]
        if type_ == "L" and word_code and word_code not in ("L", "PL"):
            type_ = word_code  # "Nghị quyết số 43/2022/QH15": a National Assembly resolution
        elif parsed["shape"] == "cv" and word_code and word_code != "CV":
            # "Quyết định số 2323/BTTTT-THH": a letter-shaped number under another type's word
            # is that type's document, its code left out; the word says which.
            type_ = word_code
            flags.append("type_from_word")
        elif word_code and word_code != type_ and not (word_code == "QyĐ" and type_ == "QĐ"):
            if not (word_code == "CV" and parsed["shape"] == "cv"):
                flags.append("type_mismatch")
        codes = parsed["issuers"]
        if parsed["shape"] == "cv":  # "2145/UBND-KGVX": UBND sends it, KGVX drafted it
            flags.append("drafting_unit=" + "-".join(codes[1:]))
            codes = codes[:1]
        rows.append(
            _row(
                text,
                start,
                parsed["end"],
                symbol=symbol,
                number=_number(parsed["num"]),
                year=parsed["year"],
                type=type_,
                type_name=_type_name(type_, word_code, word),
                issuer="-".join(codes),
                issuer_name="; ".join(n for n in (_issuer_name(c) for c in codes) if n) or None,
                family=family,
                date=None,
                flags=flags,
            )
        )
    return rows


def _word_code(word: str) -> str | None:
    """Type code of a document word (``Quyết định`` -> ``QĐ``) or of a code cited alone (``NQ``)."""
    if word in doc_types().extra:
        return word
    spaced = re.sub(f"{_SP}+", " ", word)
    return _doc_words().get(spaced.lower()) or _doc_words().get(_strip_accents(spaced))


def _partial_matches(text: str) -> list[re.Match[str]]:
    """Matches of ``Nghị quyết 57`` and of ``NQ 57``, by position, overlaps dropped."""
    found = sorted(
        [*_partial_re().finditer(text), *_code_partial_re().finditer(text)], key=lambda m: m.start()
    )
    return keep_leftmost(found, lambda m: m.span())


def _partial_refs(text: str, taken: list[tuple[int, int]]) -> list[dict[str, Any]]:
    rows = []
    for m in _partial_matches(text):
        if overlaps(m.start(), m.end(), taken):
            continue
        word = m.group("word")
        if not m.group("so"):
            if not word[0].isupper() or _RANGE_AFTER.match(text, m.end()):
                continue
            if not _CONTINUES_CITATION.match(text, m.end()):
                continue
            if not cited_number(m.group("num"), so_written=False, symbol_follows=bool(m["year"])):
                continue  # "Kế hoạch 2025": a year, not a number (the rule dates.py applies)
        code = _word_code(word)
        if code is None:
            continue
        rows.append(
            _row(
                text,
                m.start(),
                m.end(),
                symbol=None,
                number=_number(m.group("num")),
                year=int(m.group("year")) if m.group("year") else None,
                type=code,
                type_name=doc_types().names.get(code, code),
                issuer=None,
                issuer_name=None,
                family=None,
                date=None,
                flags=["partial"],
            )
        )
    return rows


def _day_dates(found: pd.DataFrame) -> pd.DataFrame:
    if found.empty:
        return found
    day = found[found["precision"].astype(str) == "day"]
    return day.sort_values("start").reset_index(drop=True)


def _has_ngay_before(text: str, date_start: int, raw: str) -> bool:
    return raw.lower().startswith("ngày") or text[
        max(0, date_start - 6) : date_start
    ].lower().rstrip().endswith("ngày")


def _in_range(values: list[int], low: int, high: int, ordered: bool) -> list[int]:
    """Indices ``i`` with ``low <= values[i] <= high``, in index order; by bisection when
    ``values`` is sorted (a scan per reference was quadratic in a long document)."""
    if not ordered:
        return [i for i, v in enumerate(values) if low <= v <= high]
    return list(range(bisect.bisect_left(values, low), bisect.bisect_right(values, high)))


def _attach_dates(text: str, rows: list[dict[str, Any]], found: pd.DataFrame) -> None:
    """Fill ``date``: ``… 749/QĐ-TTg ngày 03/6/2020`` or ``Ngày 03/6/2020, … ban hành Quyết định …``."""
    if not rows:
        return
    dates = _day_dates(found)
    if dates.empty:
        return
    starts = dates["start"].to_list()
    ends = dates["end"].to_list()
    values = dates["value"].astype(str).to_list()
    raws = dates["raw"].astype(str).to_list()
    ref_starts = sorted(r["start"] for r in rows)
    # dates come sorted (starts and ends non-decreasing): ranges by bisection, linear overall
    ordered = all(a <= b for a, b in zip(starts, starts[1:], strict=False)) and all(
        a <= b for a, b in zip(ends, ends[1:], strict=False)
    )
    after_dates: set[int] = set()
    for row in rows:
        after = _in_range(starts, row["end"], row["end"] + 100, ordered)
        if after:
            i = after[0]
            gap = text[row["end"] : starts[i]]
            if _DATE_AFTER_GAP.fullmatch(gap) and (
                gap.lower().rstrip().endswith("ngày") or raws[i].lower().startswith("ngày")
            ):
                row["date"] = values[i]
                after_dates.add(i)
    for row in rows:
        if row["date"]:
            continue
        before = _in_range(ends, row["start"] - 150, row["start"], ordered)
        if not before or before[-1] in after_dates:
            continue
        i = before[-1]
        gap = text[ends[i] : row["start"]]
        k = bisect.bisect_left(ref_starts, ends[i])
        between = k < len(ref_starts) and ref_starts[k] < row["start"]
        if (
            not between
            and not _SENTENCE_END.search(gap)
            and _DATE_BEFORE_GAP.search(gap)
            and _has_ngay_before(text, starts[i], raws[i])
        ):
            row["date"] = values[i]
            row["flags"].append("date_before")


def extract_doc_refs(text: str) -> pd.DataFrame:
    """Every document cited in ``text``, one row per citation, sorted by position.

    Columns ``schema.DOC_REFS``: raw (the document word, if any, and the number:
    ``Quyết định số 749/QĐ-TTg``), start, end, symbol (canonical; None for a partial citation),
    number, year, type, type_name, issuer, issuer_name, family ("party" | "state" | "law"),
    date (ISO day the text gives for the document, or None) and flags (";"-joined:
    ``partial``, ``split_line``, ``misformatted_party_shape``, ``misformatted_state_shape``,
    ``type_mismatch``, ``date_before``, ``drafting_unit=KGVX``). The issuer of a công văn is its
    sender (``2145/UBND-KGVX`` -> ``UBND``), its drafting unit is in flags (vietnamese.md §5).
    Joint issuers stay joined (``01/2020/TTLT-BTC-BNV`` -> ``BTC-BNV``).
    """
    from dxcompare.extract.dates import extract_dates

    return refs_with_dates(text, extract_dates(text))


@lru_cache(maxsize=1)
def _short_re() -> re.Pattern[str]:
    """``Nghị quyết 06/TU``, ``Quyết định số 749/TTg``: a document word, a number and an issuer
    code with no type code (a journalistic short symbol); the word gives the type."""
    return re.compile(
        f"(?<![^\\W\\d_])(?P<word>(?i:{_words_pattern()}))(?:{_SP}+(?i:số)(?:{_SP}*[:.])?)?{_GAP}"
        f"(?P<num>\\d{{1,5}}[a-z]?){_SP}*/{_SP}*(?P<iss>[A-ZĐ][A-Za-zĐđ]{{1,7}}\\d{{0,2}})"
        f"(?![\\w/{_DASHES}])"
    )


def _short_refs(text: str, taken: list[tuple[int, int]]) -> list[dict[str, Any]]:
    rows = []
    for m in _short_re().finditer(text):
        if overlaps(m.start(), m.end(), taken):
            continue
        type_ = _word_code(m.group("word"))
        written = m.group("iss")
        # A type code is no issuer ("Kế hoạch 12/KH"); the issuer must be a known body.
        if type_ is None or doc_types().find(written) or issuers().find(written) is None:
            continue
        code = _issuer_code(written) or written
        num = _number(m.group("num"))
        family = _issuer_family(code) or "state"
        symbol = f"{num}-{type_}/{code}" if family == "party" else f"{num}/{type_}-{code}"
        rows.append(
            _row(
                text,
                m.start(),
                m.end(),
                symbol=symbol,
                number=num,
                year=None,
                type=type_,
                type_name=doc_types().names.get(type_, type_),
                issuer=code,
                issuer_name=_issuer_name(code),
                family=family,
                date=None,
                flags=["short_symbol"],
            )
        )
    return rows


@lru_cache(maxsize=4)
def _citations(text: str) -> tuple[dict[str, Any], ...]:
    """The citations of ``text`` before dates are attached; kept for the few texts in use, since
    a corpus build reads the same body with and without its publication date (copy before use)."""
    rows = _full_refs(text)
    rows += _short_refs(text, [(r["start"], r["end"]) for r in rows])
    rows += _partial_refs(text, [(r["start"], r["end"]) for r in rows])
    rows.sort(key=lambda r: r["start"])
    return tuple(rows)


def refs_with_dates(text: str, dates: pd.DataFrame) -> pd.DataFrame:
    """``extract_doc_refs`` with the dates of ``text`` already found (``dates.extract_dates``)."""
    rows = [dict(row, flags=list(row["flags"])) for row in _citations(text)]
    _attach_dates(text, rows, dates)
    for row in rows:
        if "\n" in row["raw"]:
            row["flags"].append("split_line")
        if row["year"] is None and row["date"]:
            row["year"] = int(str(row["date"])[:4])
        row["flags"] = ";".join(row["flags"])
    if not rows:
        return schema.empty(schema.DOC_REFS)
    for row in rows:
        generic = str(row.get("issuer") or "").split("-")[0] in _ANY_LEVEL_ISSUERS
        level = context_level(text, row["end"]) if generic or not row.get("issuer") else None
        row["level"] = level or issuer_level(row.get("issuer"))
    out = pd.DataFrame(rows, columns=schema.DOC_REFS)
    out["year"] = out["year"].astype("Int64")
    for col in ("symbol", "issuer", "issuer_name", "family", "date"):
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out


# --------------------------------------------------------------------------------------------
# Corpus-level resolution
# --------------------------------------------------------------------------------------------


def _partial_key(text: str) -> tuple[str, int] | None:
    """(type, number) of a short name such as ``Đề án 06``."""
    m = _partial_re().fullmatch(text.strip())
    if not m:
        return None
    code = _doc_words().get(re.sub(f"{_SP}+", " ", m.group("word").lower()))
    return (code, int(m.group("num"))) if code else None


@lru_cache(maxsize=1)
def _national_index() -> dict[tuple[str, int], list[str]]:
    """(type, number) -> the national symbols it can stand for (read only: kept for the process,
    as the national list it comes from is; built per call it cost a fifth of ``resolve_refs``)."""
    from dxcompare.extract.national import national_documents

    index: dict[tuple[str, int], list[str]] = {}
    for row in national_documents().itertuples():
        m = _SYMBOL_RE.match(row.symbol)
        parsed = _parse(m) if m else None
        if parsed:
            index.setdefault((parsed["type"], _num_int(parsed["num"])), []).append(row.symbol)
        for alias in filter(None, str(row.aliases or "").split("|")):
            key = _partial_key(alias)
            if key:
                index.setdefault(key, []).append(row.symbol)
    return index


def _pick(counts: Counter[str]) -> str | None:
    """The symbol cited most, or None when two symbols are cited equally often."""
    if not counts:
        return None
    ranked = counts.most_common(2)
    if len(ranked) == 2 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def resolve_refs(
    refs: pd.DataFrame, documents: pd.DataFrame | None = None, by: str | None = None
) -> pd.DataFrame:
    """Add ``resolved_symbol``: partial citations resolved to a full number cited elsewhere.

    A partial citation (``Quyết định số 8258``) takes the full number of the same type and number
    cited in the same document, else in the same group's documents (``by``: a column of ``refs``, or
    of ``documents`` joined on ``doc_id``; default ``primary_province``), else in the national list
    (``Nghị quyết 57`` -> ``57-NQ/TW``, ``Đề án 06`` -> ``06/QĐ-TTg``). Ties stay unresolved (None).
    """
    out = refs.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype(object)
    groups = _groups(out, documents, by)
    # Read column by column as lists (row by row with .at cost more than the rule itself).
    n = len(out)
    doc_ids = out["doc_id"].tolist() if "doc_id" in out else [None] * n
    group_of = groups.tolist() if groups is not None else None
    symbols = out["symbol"].tolist()
    full = out["symbol"].notna().tolist()
    types, numbers = out["type"].tolist(), out["number"].tolist()
    by_doc: dict[tuple, Counter[str]] = {}
    by_group: dict[tuple, Counter[str]] = {}
    for i in range(n):
        if not full[i]:
            continue
        key = (types[i], _num_int(numbers[i]))
        by_doc.setdefault((doc_ids[i], *key), Counter())[symbols[i]] += 1
        if group_of is not None and pd.notna(group_of[i]):
            by_group.setdefault((group_of[i], *key), Counter())[symbols[i]] += 1
    resolved = [s if f else None for s, f in zip(symbols, full, strict=True)]
    if not all(full):
        national = _national_index()
        years = list(out["year"].array)  # the cells .at gives (pd.NA for a missing year)
        for i in range(n):
            if full[i]:
                continue
            key = (types[i], _num_int(numbers[i]))
            year = years[i]
            choice = _pick(_same_year(by_doc.get((doc_ids[i], *key), Counter()), year))
            if choice is None and group_of is not None and pd.notna(group_of[i]):
                choice = _pick(_same_year(by_group.get((group_of[i], *key), Counter()), year))
            if choice is None:
                choice = _pick(_same_year(Counter(national.get(key, [])), year))
            resolved[i] = choice
    out["resolved_symbol"] = pd.Series(resolved, index=out.index, dtype=object)
    return out


def _same_year(counts: Counter[str], year: Any) -> Counter[str]:
    """Keep the symbols whose year (``30/2020/NĐ-CP``) does not contradict a cited year."""
    if year is None or pd.isna(year):
        return counts
    keep = Counter()
    for symbol, n in counts.items():
        years = re.findall("/(\\d{4})/", symbol)
        if not years or int(years[0]) == int(year):
            keep[symbol] = n
    return keep


def _groups(refs: pd.DataFrame, documents: pd.DataFrame | None, by: str | None) -> pd.Series | None:
    candidates = [by] if by else ["primary_province", "province"]
    for col in candidates:
        if col in refs:
            return refs[col].astype(object)
    if documents is not None and "doc_id" in refs and "doc_id" in documents:
        for col in candidates:
            if col in documents:
                mapping = dict(
                    zip(
                        documents["doc_id"].astype(object),
                        documents[col].astype(object),
                        strict=True,
                    )
                )
                return refs["doc_id"].astype(object).map(mapping)
    return None


def flag_self(refs: pd.DataFrame, own_symbol: str | None) -> pd.DataFrame:
    """Mark with ``self`` in ``flags`` the rows citing the document's own number ``own_symbol``.

    A plan that repeats its own "Kế hoạch số 186/KH-UBND" does not cite another document.
    """
    if not own_symbol or not len(refs):
        return refs
    own = canonical_symbol(own_symbol) or own_symbol
    same = refs["symbol"].map(
        lambda s: (canonical_symbol(s) or s) == own if isinstance(s, str) else False
    )
    if not same.any():
        return refs
    refs = refs.copy()
    refs.loc[same, "flags"] = refs.loc[same, "flags"].map(
        lambda f: ";".join([x for x in str(f or "").split(";") if x] + ["self"])
    )
    return refs


# "358/KH-UBND ngày 18/01/2023 của UBND huyện": the body named after a citation says its level
# (UBND and HĐND are written alike at every level). Bounded: at most 60 characters to "của".
_OF_BODY_RE = re.compile(
    "[^.;:\\n]{0,60}?(?<![^\\W\\d_])(?i:của)\\s+(?i:ủy ban nhân dân|ubnd|hội đồng nhân dân|hđnd|"
    "ban thường vụ|ban chấp hành đảng bộ)\\s+(?P<unit>(?i:tỉnh|thành phố|tp\\.?|huyện|quận|thị xã|xã|"
    "phường|thị trấn|đặc khu))(?![^\\W\\d_])"
)
_ANY_LEVEL_ISSUERS = frozenset({"UBND", "HĐND", "BCĐ", "VP"})  # bodies of that name at every level
_UNIT_LEVEL = {
    "tỉnh": "province",
    "huyện": "district",
    "quận": "district",
    "thị xã": "district",
    "xã": "commune",
    "phường": "commune",
    "thị trấn": "commune",
    "đặc khu": "commune",
}


def context_level(text: str, end: int) -> str | None:
    """The level of a cited document's issuer when the words after it name the body's unit.

    >>> context_level("Kế hoạch số 358/KH-UBND ngày 18/01/2023 của UBND huyện về ...", 23)
    'district'
    >>> context_level("Quyết định số 1929/QĐ-UBND của UBND thành phố Hà Nội", 26)
    'province'
    """
    m = _OF_BODY_RE.match(text, end)
    if not m:
        return None
    unit = " ".join(m.group("unit").lower().split())
    if unit in ("thành phố", "tp", "tp."):
        # A city under the centre (Hà Nội, Huế, Cần Thơ...) is a province; others are districts.
        from dxcompare.annotate.provinces import find_provinces

        after = text[m.end() : m.end() + 40]
        found = find_provinces(after)
        starts = list(found["start"]) if len(found) else []
        return "province" if starts and starts[0] <= 1 else "district"
    return _UNIT_LEVEL.get(unit)


_NATIONAL_ISSUERS = frozenset(
    {"TW", "BCT", "BBT", "BCĐTW", "VPTW", "CP", "TTG", "QH", "UBTVQH", "VPCP", "CTN", "TANDTC"}
)
_PROVINCE_ISSUERS = frozenset({"TU", "HĐND", "UBND", "BCĐ", "VP", "ĐĐBQH"})
_DISTRICT_ISSUERS = frozenset({"HU", "QU", "THU"})


def issuer_level(code: str | None) -> str | None:
    """The level of government an issuer code stands for.

    ``TW``, ``CP``, ``TTg``, ``QH`` and ministries (``BTTTT``, ``BKHCN``) are national; ``TU``,
    ``HĐND``, ``UBND`` and departments (``STTTT``, ``SoKHCN``) provincial (a district's UBND
    writes the same code: the document's header says better); ``HU``, ``QU`` district.

    >>> [issuer_level(c) for c in ("TTg", "UBTVQH15", "BKHCN", "TU", "STTTT", "QU", None)]
    ['national', 'national', 'national', 'province', 'province', 'district', None]
    """
    if not code:
        return None
    first = str(code).split("-")[0].upper().replace("Ð", "Đ")
    base = first.rstrip("0123456789")
    if base in _NATIONAL_ISSUERS or (base.startswith("B") and len(base) >= 3 and base != "BCĐ"):
        return "national"
    if base in _DISTRICT_ISSUERS:
        return "district"
    if base in _PROVINCE_ISSUERS or (base.startswith("S") and len(base) >= 3):
        return "province"
    return None
