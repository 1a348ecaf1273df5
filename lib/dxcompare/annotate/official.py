"""The header of a state or Party document (Nghị định 30/2020/NĐ-CP, Hướng dẫn 36-HD/VPTW).

Read from the normalized lines, as the header arrives when copied from a page or PDF: the two
columns interleaved line by line or joined with ``|``, separator lines (``-------``, ``*``),
words broken over lines (``Tiền`` / ``Giang, ngày 07 tháng 12 năm 2022``)::

    ỦY BAN NHÂN DÂN |            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    TỈNH CAO BẰNG                Độc lập - Tự do - Hạnh phúc
    Số: 128/KH-UBND |            Cao Bằng, ngày 15 tháng 4 năm 2022
    KẾ HOẠCH
    CHUYỂN ĐỔI SỐ TỈNH CAO BẰNG ĐẾN NĂM 2025

gives issuer "Ủy ban nhân dân tỉnh Cao Bằng", level "province", province "Cao Bằng", symbol
"128/KH-UBND", issued "2022-04-15" (day), kind "plan", the raw upper-case title and a readable one
("Kế hoạch chuyển đổi số tỉnh Cao Bằng đến năm 2025"). Only the first lines are read, each with
bounded regexes, so the cost does not grow with the document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from dxcompare.annotate.normalize import fold, normalize_text

HEAD_LINES = 45  # a header never runs longer; the body after it is not read here
_CELL_SPLIT = re.compile(r"\s*\|\s*")
_SEPARATOR = re.compile(r"^[\s\-_=*~.…–—]*$")
_MOTTO = re.compile(
    r"cộng hòa xã hội|chủ nghĩa việt nam|độc lập\s*-\s*tự do|tự do\s*-\s*hạnh phúc|đảng cộng sản việt nam"
)
_MOTTO_HEAD = re.compile(r"\s(?:cộng hòa xã|cộng hòa|cộng)\s*$")
# "Số: 0155/KH-UBND", "Số 05-NQ/TU", "Số: 842/ QĐ-UBND", "Số: 12a/KH‐UBND": each repetition of the
# group must consume a separator, so the match is linear.
_SYMBOL = re.compile(
    r"^số\s*:?\s*(\d{1,6}[a-zđ]?(?:\s?[/\-‐‑–]\s?[0-9a-zđơư]{1,12}){1,4})(?![0-9a-zđ])",
    re.IGNORECASE,
)
_SO_ALONE = re.compile(r"^số\s*:?$")
_DATELINE = re.compile(
    r"((?:[^\W\d_]{1,12}\s){0,3}[^\W\d_]{1,12})?\s*,?\s*ngày\s{1,3}(\d{1,2})\s{1,3}tháng\s{1,3}(\d{1,2})"
    r"\s{1,3}năm\s{1,3}(\d{4})",
    re.IGNORECASE,
)
# The line naming who decides, under the subject: "ỦY BAN NHÂN DÂN TỈNH X", "CHỦ TỊCH ỦY BAN ...".
_AUTHORITY = re.compile(r"^(?:chủ tịch\s)?(?:ủy ban nhân dân|hội đồng nhân dân|ban thường vụ)\b")
_BODY_START = re.compile(r"^(?:căn cứ|theo đề nghị|xét đề nghị|[ivx]+[.\-]\s|\d+\.|phần\s)")
# "Thực hiện ..." opens a plan's body, but "THỰC HIỆN CHƯƠNG TRÌNH ..." in capitals is a subject.
_LOWER_BODY_START = re.compile(r"^(?:thực hiện|triển khai)\b")
_ORGAN_SPLIT = re.compile(
    r"\b(?:ủy ban nhân dân|ubnd|hội đồng nhân dân|hđnd|tỉnh ủy|thành ủy|huyện ủy|quận ủy|thị ủy|"
    r"đảng ủy|đảng bộ|ban thường vụ|ban chấp hành|ban chỉ đạo|văn phòng|sở|bộ)\b"
)
_TYPE_CODES = {
    "KH": "plan",
    "QĐ": "decision",
    "NQ": "resolution",
    "CT": "directive",
    "CTR": "programme",
    "ĐA": "scheme",
    "BC": "report",
    "HD": "guidance",
    "TB": "notice",
    "TTR": "submission",
    "KL": "conclusion",
}
_TYPE_WORDS = {
    "plan": "Kế hoạch",
    "decision": "Quyết định",
    "resolution": "Nghị quyết",
    "directive": "Chỉ thị",
    "programme": "Chương trình",
    "scheme": "Đề án",
    "report": "Báo cáo",
    "guidance": "Hướng dẫn",
    "notice": "Thông báo",
    "submission": "Tờ trình",
    "conclusion": "Kết luận",
}
# A central body opens its name with these words ("đảng bộ tỉnh" is no ministry).
_NATIONAL = re.compile(
    r"^(?:chính phủ|thủ tướng|quốc hội|ban chấp hành trung ương|bộ chính trị|ban bí thư|"
    r"văn phòng chính phủ|văn phòng trung ương|bộ\s)"
)
# The proper name after the last unit word of a body: "QUẬN ỦY HOÀN KIẾM" -> "Hoàn Kiếm".
_NAME_AFTER_UNIT = re.compile(
    r"^(.*\b(?:quận ủy|huyện ủy|thị ủy|tỉnh ủy|thành ủy|thành phố|thị xã|thị trấn|tỉnh|huyện|"
    r"quận|xã|phường))\s(\S.*)$",
    re.IGNORECASE,
)
_DISTRICT = re.compile(r"\b(?:huyện|quận|thị xã|huyện ủy|quận ủy|thị ủy)\b")
_COMMUNE = re.compile(r"\b(?:xã|phường|thị trấn|đảng ủy xã)\b")


@dataclass
class OfficialHeader:
    """What the header of a state or Party document says (None where it says nothing)."""

    symbol: str | None = None  # canonical own number, "128/KH-UBND"
    symbol_raw: str | None = None  # as written, "128/ KH‐UBND"
    issued: str | None = None  # ISO day of the place-and-date line
    place: str | None = None  # "Cao Bằng"
    issuer: str | None = None  # readable issuing body, "Ủy ban nhân dân tỉnh Cao Bằng"
    parent: str | None = None  # the body above it, "Ủy ban nhân dân tỉnh Cao Bằng" over a Sở
    level: str | None = None  # "national" | "province" | "district" | "commune"
    province: str | None = None  # 63-unit (or post-2025 same-named) province of the issuer
    kind: str | None = None  # "plan", "decision", ...
    title_raw: str | None = None  # type + subject as written, upper case kept
    title: str | None = None  # readable: "Kế hoạch chuyển đổi số tỉnh Cao Bằng năm 2022"
    lines: list[int] = field(default_factory=list)  # indexes of the header lines (0-based)


def _cells(lines: Sequence[str]) -> list[tuple[int, str]]:
    out = []
    for i, line in enumerate(lines[:HEAD_LINES]):
        for cell in _CELL_SPLIT.split(normalize_text(line).strip()):
            cell = cell.strip()
            if cell and not _SEPARATOR.match(cell):
                out.append((i, cell))
    return out


def _is_upper(text: str) -> bool:
    # filter/map run the per-character tests in C: this reads every line of a news body
    letters = "".join(filter(str.isalpha, text))
    return bool(letters) and sum(map(str.isupper, letters)) >= 0.8 * len(letters)


def readable(text: str) -> str:
    """Upper-case text in sentence case with province names capitalized.

    >>> readable("CHUYỂN ĐỔI SỐ TỈNH THANH HÓA ĐẾN NĂM 2025")
    'Chuyển đổi số tỉnh Thanh Hóa đến năm 2025'
    """
    from dxcompare.annotate.provinces import find_provinces

    if not _is_upper(text):
        return text
    titled = text.title()  # same length as text for Vietnamese letters: offsets stay valid
    out = list(text.lower())
    for row in find_provinces(titled).itertuples(index=False):
        surface = titled[row.start : row.end]
        words = surface.split(" ")
        keep = 0
        while keep < len(words) - 1 and words[keep].lower() in (
            "tỉnh",
            "thành",
            "phố",
            "tp",
            "tp.",
        ):
            keep += 1
        fixed = " ".join([w.lower() for w in words[:keep]] + words[keep:])
        out[row.start : row.end] = list(fixed)
    result = "".join(out)
    return result[:1].upper() + result[1:]


def _place(words: str | None) -> str | None:
    """The place of a dateline: the trailing capitalized words ("Số: 5/KH-UBND Tiền Giang" -> "Tiền Giang")."""
    if not words:
        return None
    kept: list[str] = []
    for word in reversed(words.split()):
        if word[:1].isupper() and (word[1:].islower() or len(word) == 1):
            kept.insert(0, word)
        else:
            break
    return " ".join(kept) or None


def _province_of(text: str) -> str | None:
    from dxcompare.annotate.provinces import find_provinces, resolve_province

    if not text:
        return None
    candidate = text.title() if _is_upper(text) else text
    found = find_provinces(candidate)
    if len(found):
        return str(found["province"].iloc[0])
    return resolve_province(text)


def read_header(lines: Sequence[str]) -> OfficialHeader | None:
    """The header of a state or Party document in the first lines, or None for other texts.

    A header needs the national motto (or ``ĐẢNG CỘNG SẢN VIỆT NAM``) or an issuing body in
    capitals, together with a ``Số`` line or a place-and-date line.
    """
    # A build asks twice per document (line labels, then metadata): the last answer is kept.
    key = tuple(lines[:HEAD_LINES])
    if _last_header and _last_header[0] == key:
        head = _last_header[1]
    else:
        head = _read_header(key)
        _last_header[:] = [key, head]
    return None if head is None else replace(head, lines=list(head.lines))


_last_header: list = []  # [first HEAD_LINES lines, their header]


def _read_header(lines: Sequence[str]) -> OfficialHeader | None:
    from dxcompare.annotate.doctypes import doc_type_line
    from dxcompare.extract.references import canonical_symbol

    cells = _cells(lines)
    head = OfficialHeader()
    motto = organ = False
    issuer_cells: list[str] = []
    type_at: int | None = None
    last_header_line = -1
    joined_next = -1  # a cell already read with the one before it
    for n, (i, cell) in enumerate(cells):
        if n == joined_next:
            continue
        key = fold(cell)
        if (head.symbol or head.issued) and _body_start(cell, key):
            break
        if _SO_ALONE.match(key) and n + 1 < len(cells) and head.symbol is None:
            # "Số:" broken from its number ("Số:" / "1488/QĐ-UBND"): read the two as one line.
            both = f"{cell} {cells[n + 1][1]}"
            if _SYMBOL.match(both):
                cell, key, joined_next = both, fold(both), n + 1
                i = cells[n + 1][0]
        if _MOTTO.search(key):
            motto = True
            last_header_line = i
            continue
        m = _SYMBOL.match(cell)
        if m and head.symbol is None:
            head.symbol_raw = m.group(1)
            head.symbol = canonical_symbol(m.group(1)) or re.sub(r"\s", "", m.group(1))
            last_header_line = i
            continue
        if head.issued is None and "ngày" in key:
            joined = " ".join(c for _, c in cells[max(0, n - 1) : n + 2])
            d = _DATELINE.search(joined)
            if d and 1 <= int(d.group(2)) <= 31 and 1 <= int(d.group(3)) <= 12:
                head.issued = f"{d.group(4)}-{int(d.group(3)):02d}-{int(d.group(2)):02d}"
                head.place = _place(d.group(1))
                last_header_line = max(last_header_line, cells[min(n + 1, len(cells) - 1)][0])
                continue
        kind = doc_type_line(cell)
        if kind and type_at is None and (motto or organ or head.symbol):
            head.kind = kind
            type_at = n
            break
        if _is_upper(cell) and len(cell.split()) <= 10 and head.symbol is None and not head.issued:
            # Above the number: the issuing body and its parent, possibly broken over lines.
            issuer_cells.append(cell)
            organ = organ or bool(_ORGAN_SPLIT.search(fold(" ".join(issuer_cells))))
            last_header_line = i
            continue
        if (head.symbol or head.issued) and _is_upper(cell) and len(cell.split()) >= 3:
            type_at = n  # a subject with no type line ("CHUYỂN ĐỔI SỐ TỈNH ĐẮK LẮK NĂM 2026")
            break
    if not ((motto or organ) and (head.symbol or head.issued)) and not (
        head.symbol and head.issued
    ):
        return None
    header_lines = {i for i, _ in cells if i <= last_header_line}
    subject: list[str] = []
    if type_at is not None:
        start = type_at + (1 if head.kind else 0)
        for i, cell in cells[start : start + 8]:
            key = fold(cell)
            upper = _is_upper(cell)
            if _body_start(cell, key) or (_AUTHORITY.match(key) and upper and subject):
                break
            first_after_type = not subject and head.kind is not None
            if not (upper or first_after_type or key.startswith(("về ", "v/v"))):
                break
            if cell.rstrip().endswith(";") or (cell.rstrip().endswith(".") and not upper):
                break
            if len(cell.split()) > 40:
                break
            subject.append(cell.rstrip(" ."))
            header_lines.add(i)
        header_lines.add(cells[type_at][0])
    if head.kind is None and head.symbol:
        type_code = _symbol_type(head.symbol)
        head.kind = _TYPE_CODES.get(type_code or "")
    raw_type = (
        cells[type_at][1] if type_at is not None and doc_type_line(cells[type_at][1]) else None
    )
    raw = " ".join(([raw_type] if raw_type else []) + subject).strip()
    head.title_raw = raw or None
    if raw:
        words = _TYPE_WORDS.get(head.kind or "")
        text = readable(" ".join(subject)) if subject else ""
        if raw_type and words:
            text = f"{words} {text[:1].lower() + text[1:]}".strip() if text else words
        elif words and text and not fold(text).startswith(fold(words)):
            text = f"{words} {text[:1].lower() + text[1:]}"
        head.title = text or readable(raw)
    _issuer(head, issuer_cells)
    if head.province is None and head.place and not _central(head, issuer_cells):
        # A ministry's or the Government's "Hà Nội, ngày ..." names where it sits, not the
        # province the document is about.
        head.province = _province_of(head.place)
    if head.province is None and subject:
        head.province = _province_of(" ".join(subject))
    head.level = _level(head, issuer_cells)
    head.lines = sorted(header_lines)
    return head


# Type codes that open a state symbol ("128/KH-UBND"); a công văn's opens with its issuer
# ("687/BKHCN-CĐSQG", "1234/UBND-VP").
_STATE_TYPE_CODES = frozenset(_TYPE_CODES) | {"QĐ", "NĐ", "TT", "TTLT", "CV", "QYĐ", "QĐI", "HD"}
_PROVINCE_UNIT = re.compile(r"\b(?:tỉnh|thành phố)\b")


def _symbol_issuer(symbol: str | None) -> str | None:
    """The issuer code of a symbol: "UBND" of "128/KH-UBND", "BKHCN" of "687/BKHCN-CĐSQG",
    "TU" of "05-NQ/TU"."""
    m = re.match(r"^\d+[a-zđ]?(?:/\d{4})?([/-])(.+)$", symbol or "", re.IGNORECASE)
    if not m:
        return None
    parts = [p for p in re.split(r"[/-]", m.group(2)) if p]
    if not parts:
        return None
    if m.group(1) == "-":  # a Party number: the body after the slash
        return parts[-1]
    if parts[0].upper() in _STATE_TYPE_CODES and len(parts) > 1:
        return parts[1]
    return parts[0]


def _central(head: OfficialHeader, cells: list[str]) -> bool:
    """A central body issued it: its name ("BỘ KHOA HỌC VÀ CÔNG NGHỆ", "VĂN PHÒNG CHÍNH PHỦ") or
    its symbol's issuer ("687/BKHCN-CĐSQG", "749/QĐ-TTg") says so; "BỘ CHỈ HUY QUÂN SỰ TỈNH X" is
    a province's."""
    from dxcompare.extract.references import issuer_level

    keys = [fold(c) for c in cells]
    if any(_PROVINCE_UNIT.search(k) for k in keys):
        return False
    if any(_NATIONAL.match(k) for k in keys):
        return True
    return issuer_level(_symbol_issuer(head.symbol)) == "national"


def _body_start(cell: str, key: str) -> bool:
    return bool(_BODY_START.match(key)) or (
        not _is_upper(cell) and bool(_LOWER_BODY_START.match(key))
    )


def _symbol_type(symbol: str) -> str | None:
    """The type code of a symbol: "KH" of "128/KH-UBND", "NQ" of "05-NQ/TU"."""
    m = re.match(r"^\d+[a-zđ]?(?:/\d{4})?[/-]([^/-]+)", symbol, re.IGNORECASE)
    return m.group(1).upper() if m else None


def _issuer(head: OfficialHeader, cells: list[str]) -> None:
    """Join "ỦY BAN NHÂN DÂN" + "TỈNH THANH HÓA"; the upper body is the parent."""
    # Lines break inside a name ("ỦY BAN NHÂN" / "DÂN", "ỦY" / "BAN NHÂN DÂN"): join them all and
    # cut where a body's name begins (a fold keeps the length, so the cuts fit the joined text).
    joined = " ".join(c for c in cells if fold(c) not in ("việt nam", "nam"))
    # The motto's first words broken onto the issuer's column ("CỘNG HÒA XÃ" / "HỘI CHỦ NGHĨA ...").
    tail = _MOTTO_HEAD.search(fold(joined))
    if tail:
        joined = joined[: tail.start()]
    cuts = [m.start() for m in _ORGAN_SPLIT.finditer(fold(joined))] or [0]
    cuts[0] = 0
    bodies = [joined[a:b].strip() for a, b in zip(cuts, cuts[1:] + [len(joined)], strict=True)]
    bodies = [b for b in bodies if b]
    if not bodies:
        return
    named = [_body_name(b) for b in bodies]
    head.issuer = named[-1]
    head.parent = named[-2] if len(named) > 1 else None
    for body in reversed(bodies):
        province = _province_of(body)
        if province:
            head.province = province
            break


def _body_name(cell: str) -> str:
    """A body's name in readable case, its place capitalized: "Quận ủy Hoàn Kiếm"."""
    name = readable(cell)
    m = _NAME_AFTER_UNIT.match(name)
    if (
        m
        and _is_upper(cell)
        and len(m.group(2).split()) <= 4
        and not _ORGAN_SPLIT.search(m.group(2))
        and not fold(m.group(2)).startswith("ủy")
    ):
        name = f"{m.group(1)} {m.group(2).title()}"
    return name[:1].upper() + name[1:]


def _level(head: OfficialHeader, cells: list[str]) -> str | None:
    key = fold(" ".join(cells))
    central = any(_NATIONAL.match(fold(c)) for c in (head.issuer or "", head.parent or ""))
    issuer_code = (head.symbol or "").rsplit("/", 1)[-1].split("-")[-1].upper()
    if issuer_code in ("HU", "QU"):
        return "district"
    if issuer_code in ("TW", "CP", "TTG", "QH") or central:
        return "national"
    if _COMMUNE.search(key) and not re.search(r"\btỉnh\b", key):
        return "commune"
    if _DISTRICT.search(key):
        return "district"
    if head.province or issuer_code in ("TU", "UBND", "HĐND"):
        return "province"
    return None


_PART = re.compile(r"^(?:PHẦN|Phần)\s+(?P<n>[IVXLC]{1,6}|\d{1,2}|THỨ\s+\S+)\b")
_ROMAN = re.compile(r"^(?P<n>[IVXLC]{1,6})[.\-]\s")
_ARTICLE = re.compile(r"^Điều\s+(?P<n>\d{1,3})\b")
_NUMBERED = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2}){0,3})[.)]?\s+\S")


def section_labels(lines: Sequence[str], labels: Sequence[str]) -> list[str | None]:
    """The numbered part each line belongs to: ``"Phần I > II > 1.2"``, ``"Điều 1"``, None.

    Parts (``Phần I``), Roman headings (``I.``), articles (``Điều 1.``) and numbered items (``1.``,
    ``1.1.``) open a section that lasts until the next one of the same or a higher rank; only
    body lines open sections (a date or a list of recipients does not).
    """
    part = major = minor = None
    out: list[str | None] = []
    for line, label in zip(lines, labels, strict=True):
        text = normalize_text(line).strip()
        if label == "body":
            if m := _PART.match(text):
                part, major, minor = f"Phần {m.group('n')}", None, None
            elif m := _ROMAN.match(text):
                major, minor = m.group("n"), None
            elif m := _ARTICLE.match(text):
                major, minor = f"Điều {m.group('n')}", None
            elif (m := _NUMBERED.match(text)) and not re.match(
                r"^\d{1,2}[./]\d{1,2}[./]\d{2,4}", text
            ):
                minor = m.group("n")
        parts = [p for p in (part, major, minor) if p]
        out.append(" > ".join(parts) if parts and label == "body" else None)
    return out
