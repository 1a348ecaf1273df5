"""Label every line of a document so that only the author's words reach the counts.

Labels (``schema.LINE_LABELS``): title, byline, dateline, body, caption, source,
furniture, editor_comment, duplicate, blank. The word lists behind the rules are
editable files in ``dxcompare/data/`` (``furniture.txt``, ``line_words.txt``,
``person_names.txt``, ``doc_kinds.tsv``).

The labelling runs in passes, from the most certain to the least:

1. blank lines and trailing reviewer comments (``[WU1] ...``);
2. the header and signature block of a state or Party document, a bibliography;
3. lines recognisable on their own: datelines, furniture, captions, sources, credits;
4. lines recognisable by position: bylines near the top or the bottom, the title;
5. repetition: a caption repeated on the next line, a repeated line, a pull quote.

Everything left is body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from itertools import pairwise

from dxcompare._text.data import bundled_text
from dxcompare._text.phrases import alternation
from dxcompare.annotate import doctypes
from dxcompare.annotate.doctypes import upper_ratio
from dxcompare.annotate.normalize import fold, normalize_text

_ANCHOR = r"\[[A-ZĐ]{1,3}\d{1,3}\]"
_ANCHOR_RE = re.compile(rf"([ \t]?){_ANCHOR}([ \t]?)")
_LEADING_ANCHOR_RE = re.compile(rf"\s*{_ANCHOR}")
_SECTION_RE = re.compile(r"\[([a-z_]+)\]")

_TOP_ZONE = 5  # bylines sit among the first content lines ...
_BOTTOM_ZONE = 3  # ... or the last ones
_MAX_TITLE_WORDS = 35
_MAX_CAPTION_WORDS = 80
_MAX_REPEATED_CAPTION_WORDS = 40
_MIN_PULL_QUOTE_WORDS = 8

_WEEKDAY = r"(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s*nhật|t[2-7]|cn)"
_DATE = (
    r"(?:\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:\d{4}|\d{2})"
    r"|\d{4}\s*[/-]\s*\d{1,2}\s*[/-]\s*\d{1,2}"
    r"|(?:ngày\s*)?\d{1,2}\s*tháng\s*\d{1,2}\s*(?:năm|,)?\s*\d{4})"
)
_TIME = r"(?:\d{1,2}\s*[:hg]\s*\d{2}(?:\s*:\s*\d{2})?(?:\s*(?:am|pm|sa|ch)\b)?|\d{1,2}\s*giờ(?:\s*\d{1,2}\s*phút)?)"
_DATE_RE = re.compile(_DATE)
_LEGAL_DATELINE_RE = re.compile(
    r"(?:số\s*:?\s*\S+\s+)?[^\W\d_][^\d,;:]{1,40},\s*ngày\s*(?:\d{1,2}|[.…]+)?\s*tháng\s*(?:\d{1,2}|[.…]+)?"
    r"\s*năm\s*\d{4}\s*\.?"
)
_URL_RE = re.compile(
    r"(?:https?://|www\.)\S+|[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|info)(?:/\S*)?"
)
_NON_WORD_RE = re.compile(r"[\W_]*")
_WORD_SYLLABLE_RE = re.compile(r"[^\W\d_]+")
_HEADING_END = (".", ";", ":", ",")
# The legal basis of a decision or plan ("Căn cứ Luật ...;", "Theo đề nghị của ..."): body, never
# part of the header above it or of a signature block.
_LEGAL_BASIS_RE = re.compile(r"(?:căn cứ|theo đề nghị|xét đề nghị)\b")
_DOC_TYPES_IN_THEO = re.compile(
    r"(?:quyết định|nghị quyết|nghị định|kế hoạch|thông tư|luật|chỉ thị|báo cáo|đề án|chương trình|kết quả)\b"
)


# ---------------------------------------------------------------------------- data files


@cache
def _data(name: str) -> dict[str, tuple[str, ...]]:
    """The entries of a data file by ``[section]`` ("" before any section); comments dropped."""
    text = bundled_text(name)
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for raw in text.splitlines():
        entry = raw.strip()
        if not entry or entry.startswith("#"):
            continue
        header = _SECTION_RE.fullmatch(entry)
        if header:
            current = header.group(1)
            sections.setdefault(current, [])
        else:
            sections[current].append(
                "\t".join(normalize_text(field) for field in entry.split("\t"))
            )
    return {k: tuple(v) for k, v in sections.items()}


def _words(name: str, section: str) -> tuple[str, ...]:
    return _data(name).get(section, ())


@cache
def _alternation(name: str, section: str) -> str:
    """The entries of a section as one regex alternation, longest first."""
    return "(?:" + alternation(_words(name, section), str.lower) + ")"


@cache
def _furniture_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p.lower(), re.IGNORECASE) for p in _words("furniture.txt", ""))


@cache
def _name_syllables() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    surnames = frozenset(fold(w) for w in _words("person_names.txt", "surnames"))
    given = frozenset(fold(w) for w in _words("person_names.txt", "given"))
    not_names = frozenset(fold(w) for w in _words("person_names.txt", "not_names"))
    return surnames, given, not_names


@cache
def _doc_types() -> tuple[tuple[str, str], ...]:
    return doctypes._doc_types()


@cache
def _compiled(kind: str) -> re.Pattern[str]:
    """The regexes built from ``line_words.txt``, compiled once."""
    words = lambda section: _alternation("line_words.txt", section)  # noqa: E731
    patterns = {
        "degree": rf"^(?:{words('degrees')}(?:\.\s*|\s+))+(?=[^\W\d_])",
        "credit": rf"^{words('credit_prefixes')}\s*[:\-]\s*\S",
        "credit_alone": rf"^{words('credit_alone')}$",
        "position": rf"^{words('positions')}\b",
        "affiliation": rf"^{words('affiliations')}(?:\s|$)",
        "caption_end": (
            rf"(?:^|[\s.!?)\]\"'…,;-])\(?\s*{words('caption_credit')}\s*:\s*([^:()]{{1,60}}?)\)?\s*\.?$"
        ),
        "caption_start": (
            r"^[(\[]?\s*(?:(?:ảnh|hình)\s*(?:minh họa\b|\d+\s*[:.)-]|:)"
            r"|(?:bảng|biểu đồ|sơ đồ|biểu)\s*\d+\s*[:.)-]"
            r"|(?:clip|video|đồ họa|infographic)\s*:)"
        ),
        "caption_illustration": r"(?:^|[\s.!?…-])\(?\s*(?:ảnh|hình) minh họa\s*\)?\.?$",
        "dateline_words": words("dateline_words"),
        "legal_header": words("legal_headers"),
        "signature": rf"^(?:{words('signature')}|lưu\s*:)",
        "references": rf"^(?:[ivx]+\.\s*|\d+\.\s*)?{words('references_headings')}\s*:?$",
    }
    return re.compile(patterns[kind])


# ---------------------------------------------------------------------------- public API


def split_lines(text: str) -> list[str]:
    """Split a document into lines at any line break (``\\n``, ``\\r\\n``, ``\\r``, U+2028, ...)."""
    return text.splitlines()


def editor_anchors(line: str) -> list[str]:
    """The reviewer anchors in a line, for the audit trail: ``["[WU1]"]``."""
    return re.findall(_ANCHOR, line)


def strip_editor_anchors(line: str) -> tuple[str, int]:
    """Remove inline reviewer anchors such as ``[WU1]``; return the line and how many went.

    >>> strip_editor_anchors("chuyển đổi số [WU1]là xu thế")
    ('chuyển đổi số là xu thế', 1)
    """
    count = 0

    def drop(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        following = m.string[m.end() : m.end() + 1]
        keep_space = bool(m.group(1) or m.group(2)) and following not in ".,;:!?)"
        return " " if keep_space and m.start() > 0 and m.end() < len(m.string) else ""

    stripped = _ANCHOR_RE.sub(drop, line)
    return (stripped.strip() if count else line), count


def label_lines(lines: Sequence[str]) -> list[str]:
    """One label from ``schema.LINE_LABELS`` per (normalized) line.

    >>> label_lines(["Chuyển đổi số ở Bình Định", "", "Hà Thanh", "Chia sẻ Zalo", "Tỉnh đã số hóa 100% hồ sơ."])
    ['title', 'blank', 'byline', 'furniture', 'body']
    """
    text = [normalize_text(line) for line in lines]
    keys = [fold(line) for line in text]
    labels: list[str | None] = ["blank" if not line else None for line in text]
    _label_editor_comments(text, labels)
    legal = _label_legal_header(text, keys, labels)
    legal = _label_official_header(text, keys, labels) or legal
    if legal:
        _label_signature(text, keys, labels)
    _label_references(keys, labels)
    for i, line in enumerate(text):
        if labels[i] is None:
            labels[i] = _label_alone(line, keys[i])
    if not legal:
        _label_bylines(text, labels)
        _label_title(text, labels)
    _label_repeats(text, keys, labels)
    _label_caption_neighbours(text, labels)
    if legal:
        _unlabel_wrapped_dates(labels)
    return [label or "body" for label in labels]


def _unlabel_wrapped_dates(labels: list[str | None]) -> None:
    """After a legal header a date alone on a line is a hard wrap ("Căn cứ Luật ..." / "ngày 19/6/2015;")."""
    seen_body = False
    for i, label in enumerate(labels):
        if label is None or label == "body":
            seen_body = True
        elif label == "dateline" and seen_body:
            labels[i] = None


def is_affiliation(line: str) -> bool:
    """An author's institution written under a byline: ``"Khoa Nhà nước và Pháp luật"``."""
    line = normalize_text(line)
    return (
        0 < len(line.split()) <= 15
        and not line.endswith(_HEADING_END)
        and bool(_compiled("affiliation").match(fold(line)))
    )


def has_degree(line: str) -> bool:
    """A byline that starts with an academic degree: ``"ThS. Lê Thị Thanh Nhàn"``, ``"PGS.TS Trần Văn A"``."""
    return _degree_byline(normalize_text(line))


def byline_name(line: str) -> str | None:
    """The author's name in a byline, without credits or degrees: ``"Bài và ảnh: Minh Hiếu"`` -> ``"Minh Hiếu"``."""
    line = normalize_text(line)
    key = fold(line)
    if _compiled("credit_alone").match(key.rstrip(" .")):
        return line
    credit = re.match(rf"^{_alternation('line_words.txt', 'credit_prefixes')}\s*[:\-]\s*", key)
    if credit:
        line = line[credit.end() :]
    degree = _compiled("degree").match(line.lower())
    if degree:
        line = line[degree.end() :]
    line = re.sub(r"\s*[(\[][^()\[\]]*[)\]]\s*$", "", line).strip(" .-")
    if line.isupper() and _name_parts(line):
        line = line.title()
    return line or None


# ---------------------------------------------------------------------------- pass 1


def _label_editor_comments(text: list[str], labels: list[str | None]) -> None:
    """Trailing lines that start with a reviewer anchor (``[WU1]phát triển CĐS ...``)."""
    for i in range(len(text) - 1, -1, -1):
        if labels[i] == "blank":
            continue
        if not _LEADING_ANCHOR_RE.match(text[i]):
            break
        labels[i] = "editor_comment"


# ---------------------------------------------------------------------------- pass 2


def _nonblank(labels: list[str | None]) -> list[int]:
    return [i for i, label in enumerate(labels) if label != "blank"]


_upper_ratio = upper_ratio


def _is_header_marker(line: str, key: str) -> bool:
    """``"ỦY BAN NHÂN DÂN"``, ``"TỈNH ỦY BÌNH ĐỊNH"``, ``"Độc lập - Tự do - Hạnh phúc"`` (not a caps headline)."""
    if not _compiled("legal_header").search(key):
        return False
    national = re.search(r"độc lập|cộng hòa xã hội|đảng cộng sản việt nam", key)
    limit = 30 if national else 10
    return len(line.split()) <= limit and (bool(national) or _upper_ratio(line) >= 0.6)


doc_type_line = doctypes.doc_type_line  # kept importable from here (metadata, users)


def _is_subject_line(line: str, key: str) -> bool:
    """The subject under a type line: ``"Về việc phê duyệt Đề án chuyển đổi số ..."``."""
    if len(line.split()) > 40 or line.endswith((".", ";", ":")):
        return False
    if _upper_ratio(line) < 0.8 and re.match(r"(?:thực hiện|triển khai|theo đề nghị)\b", key):
        return False  # a plan's body opens "Thực hiện Quyết định số ..."
    return not re.match(r"(?:căn cứ|xét\b|điều\s*\d|chương\s|phần\s|[ivx]+\.|\d+\.)", key)


def _is_lead_sentence(line: str, i: int, markers: list[int]) -> bool:
    """A sentence above every header marker: long, in running case, ending as a sentence ends."""
    return (
        i < min(markers)
        and len(line.split()) >= 12
        and _upper_ratio(line) < 0.5
        and line.rstrip().endswith((".", ";", ":", "…"))
    )


def _label_legal_header(text: list[str], keys: list[str], labels: list[str | None]) -> bool:
    """Header block of a state or Party document (issuer, motto, number, date, type, subject)."""
    nonblank = _nonblank(labels)
    markers = [i for i in nonblank[:15] if _is_header_marker(text[i], keys[i])]
    if not markers:
        return False
    type_at = next((i for i in nonblank[:30] if doc_type_line(text[i])), None)
    if type_at is None and len(markers) < 2:
        return False
    basis_at = next(
        (i for i in nonblank[:30] if i > markers[0] and _LEGAL_BASIS_RE.match(keys[i])), None
    )
    if basis_at is not None and type_at is not None and basis_at < type_at:
        # The copy lost the type line above the subject: the type word found is the enacting
        # "QUYẾT ĐỊNH:" under the legal basis, and the header ends above the basis.
        type_at = None
        markers = [i for i in markers if i < basis_at] or markers
    end = type_at if type_at is not None else max(markers)
    if basis_at is not None:
        end = min(end, basis_at - 1)
    # A portal's lead above a posted document ("Ngày 06/9/2023, Ban Thường vụ Tỉnh ủy đã ban hành
    # Nghị quyết số 13-NQ/TU ...; Cổng TTĐT xin đăng toàn văn Nghị quyết.") is a sentence of the
    # body, not a header line.
    header = [i for i in nonblank if i <= end and not _is_lead_sentence(text[i], i, markers)]
    if type_at is not None:
        for i in (j for j in nonblank if j > type_at):
            if not _is_symbols(text[i]) and not _is_subject_line(text[i], keys[i]):
                break
            header.append(i)
            if len(header) - header.index(type_at) > 5:
                break
    for i in header:
        if labels[i] is None:
            labels[i] = _header_label(text[i], keys[i])
    return True


def _label_official_header(text: list[str], keys: list[str], labels: list[str | None]) -> bool:
    """The header lines ``official.read_header`` finds (``|``-joined columns, broken lines)."""
    from dxcompare.annotate.official import read_header

    header = read_header(text)
    if header is None:
        return False
    for i in header.lines:
        if labels[i] is None:
            labels[i] = _header_label(text[i], keys[i])
    return True


def _header_label(line: str, key: str) -> str:
    if _is_dateline(key):
        return "dateline"
    if _is_symbols(line):
        return "furniture"
    return "title"


def _label_signature(text: list[str], keys: list[str], labels: list[str | None]) -> None:
    """The signature block and distribution list at the end of a state or Party document."""
    tail = _nonblank(labels)[-30:]
    start = next(
        (i for i in tail if labels[i] is None and _is_signature_start(text[i], keys[i])), None
    )
    if start is None:
        return
    for i in (j for j in tail if j >= start and labels[j] is None):
        if len(text[i].split()) > 20 or keys[i].startswith("phụ lục"):
            return  # an appendix with content follows the signature
        if _LEGAL_BASIS_RE.match(keys[i]):
            return  # "ỦY BAN NHÂN DÂN TỈNH X" over the legal basis named who decides, not who signs
        labels[i] = "byline" if _is_signer(text[i], keys[i]) else "furniture"


def _is_signer(line: str, key: str) -> bool:
    """The signer's name under a signature: capitalized syllables, not a role (``"PHÓ CHỦ TỊCH"``)."""
    syllables = line.split()
    return (
        2 <= len(syllables) <= 5
        and all(_WORD_SYLLABLE_RE.fullmatch(s) and s[0].isupper() for s in syllables)
        and not _compiled("signature").match(key)
        and not _compiled("legal_header").search(key)
    )


def _is_signature_start(line: str, key: str) -> bool:
    """``"Nơi nhận:"``, ``"TM. ỦY BAN NHÂN DÂN"``, ``"KT. CHỦ TỊCH"`` (not a body line about a chairman)."""
    if len(line.split()) > 8 or not _compiled("signature").match(key):
        return False
    return key.startswith("nơi nhận") or _upper_ratio(line) >= 0.8


def _label_references(keys: list[str], labels: list[str | None]) -> None:
    """A bibliography ("Tài liệu tham khảo") and every line after it: sources, not content."""
    heading = next(
        (i for i, k in enumerate(keys) if i > 2 and _compiled("references").match(k)), None
    )
    if heading is None:
        return
    for i in range(heading, len(keys)):
        if labels[i] is None:
            labels[i] = "source"


# ---------------------------------------------------------------------------- pass 3


def _label_alone(line: str, key: str) -> str | None:
    """A label that a line earns by itself, or None."""
    if _is_dateline(key):
        return "dateline"
    if _is_furniture(line, key):
        return "furniture"
    if _is_credit(key):
        return "byline"  # before captions: "Bài và ảnh: Minh Hiếu" credits the article
    if _is_caption(line, key):
        return "caption"
    if _is_source(line, key):
        return "source"
    return None


def _is_dateline(key: str) -> bool:
    """``"Thứ hai, 12/12/2022 16:49"``, ``"Cập nhật: 10:20 05/03/2023"``, ``"Thanh Hóa, ngày 06 tháng 10 năm 2020"``.

    Not ``"Thứ hai, xây dựng cơ chế ..."``: nothing but dates, times and dateline words may remain.
    """
    if _LEGAL_DATELINE_RE.fullmatch(key):
        return True
    if len(key.split()) > 16 or not _DATE_RE.search(key):
        return False
    rest = re.sub(_DATE, " ", key)
    rest = re.sub(_TIME, " ", rest)
    rest = re.sub(rf"{_compiled('dateline_words').pattern}|{_WEEKDAY}", " ", rest)
    return not re.sub(r"[\W_]+", "", rest)


def _is_symbols(line: str) -> bool:
    return bool(line) and not any(c.isalpha() for c in line)


def _is_furniture(line: str, key: str) -> bool:
    """Share bars, rating widgets, relative times, tags: a line made only of furniture phrases."""
    if _is_symbols(line):
        return True
    tokens = key.split()
    if len(tokens) > 25:
        return False
    if all(t.startswith("#") for t in tokens):
        return True
    if _is_breadcrumb(key):
        return True
    return _covered_by_furniture(key)


def _is_breadcrumb(key: str) -> bool:
    """``"Trang chủ > Tin tức > Chuyển đổi số"``."""
    parts = re.split(r"[›»>|]", key)
    if len(parts) < 2 or any(c.isdigit() for c in key):
        return False
    return all(0 < len(_WORD_SYLLABLE_RE.findall(p)) <= 4 for p in parts)


def _covered_by_furniture(key: str) -> bool:
    """True if furniture phrases, with punctuation or nothing between them, cover the whole line."""
    seen = {0}
    frontier = [0]
    while frontier:
        pos = _NON_WORD_RE.match(key, frontier.pop()).end()
        if pos == len(key):
            return True
        for pattern in _furniture_patterns():
            m = pattern.match(key, pos)
            if m and m.end() > pos and m.end() not in seen:
                seen.add(m.end())
                frontier.append(m.end())
    return False


def _is_caption(line: str, key: str) -> bool:
    """``"Ảnh minh họa"``, ``"Ảnh: TTXVN"``, ``"... (Ảnh: Minh Sơn/Vietnam+)"``, ``"Hình 2. ..."``."""
    if len(line.split()) > _MAX_CAPTION_WORDS:
        return False
    if _compiled("caption_start").match(key) or _compiled("caption_illustration").search(key):
        return True
    credit = _compiled("caption_end").search(key)
    return bool(credit) and len(credit.group(1).split()) <= 8


def _is_credit_only(key: str) -> bool:
    """A photo credit with nothing else: ``"Ảnh: Minh Hiếu"``, ``"(Ảnh: TTXVN)"``."""
    m = _compiled("caption_end").search(key)
    return bool(m) and m.start() <= 1 and "minh họa" not in key


def _is_source(line: str, key: str) -> bool:
    """``"Nguồn: Chinhphu.vn"``, ``"(Vietnam+)"``, ``"Theo TTXVN"``; not ``"Nguồn lực vật chất là ..."``."""
    words = len(line.split())
    if re.match(r"nguồn\s*:", key) and words <= 25:
        return True
    named = re.match(r"Nguồn\s+(\S+)", line)
    if named and words <= 12:
        first = named.group(1)
        if first[0].isupper() or first[0].isdigit() or _URL_RE.match(fold(first)):
            return True
    if _URL_RE.fullmatch(key):
        return True
    inner = re.fullmatch(r"\((.{2,60})\)\.?", line)
    if inner:
        content = inner.group(1)
        return bool(re.match(r"(?:theo|nguồn)\b", fold(content))) or (
            len(content.split()) <= 4 and content[0].isupper()
        )
    theo = re.fullmatch(r"Theo\s+(.+?)\.?", line)
    if theo and words <= 8 and "," not in line:
        rest = theo.group(1)
        outlet_like = rest[0].isupper() or bool(_URL_RE.match(fold(rest)))
        return outlet_like and not _DOC_TYPES_IN_THEO.match(fold(rest))
    return False


def _is_credit(key: str) -> bool:
    """``"Bài và ảnh: Minh Hiếu"``, ``"PV"``, ``"Nhóm PV"``."""
    if len(key.split()) > 12:
        return False
    return bool(_compiled("credit").match(key) or _compiled("credit_alone").match(key.rstrip(" .")))


# ---------------------------------------------------------------------------- pass 4


def _name_parts(line: str) -> list[str]:
    """The personal names a line consists of (``"Minh Hiếu - Thu Trang"``), or [] if it is not one."""
    line = re.sub(r"\s*[(\[][^()\[\]]{1,40}[)\]]\s*$", "", line)
    line = re.sub(r"\s*/\s*\S+$", "", line).strip(" .")
    if not line or len(line.split()) > 12:
        return []
    surnames, given, not_names = _name_syllables()
    parts = [p for p in re.split(r"\s+[-&]\s+|\s*,\s*|\s+và\s+", line) if p]
    for part in parts:
        if fold(part) in not_names or not _is_person_name(part.split(), surnames, given):
            return []
    return parts


def _is_person_name(syllables: list[str], surnames: frozenset[str], given: frozenset[str]) -> bool:
    if not 2 <= len(syllables) <= 5:
        return False
    if not all(_WORD_SYLLABLE_RE.fullmatch(s) and s[0].isupper() for s in syllables):
        return False
    known = [fold(s) in surnames | given for s in syllables]
    if all(known):
        return True
    return len(syllables) >= 3 and fold(syllables[0]) in surnames and known.count(False) <= 1


def _degree_byline(line: str) -> bool:
    """``"ThS. Lê Thị Thanh Nhàn"``, ``"PGS.TS Nguyễn Văn A - Học viện Chính trị"``."""
    if len(line.split()) > 20:
        return False
    degree = _compiled("degree").match(line.lower())
    if not degree:
        return False
    name = re.split(r"\s+-\s+|,|\(", line[degree.end() :])[0].split()
    return 2 <= len(name) <= 5 and all(
        _WORD_SYLLABLE_RE.fullmatch(s) and s[0].isupper() for s in name
    )


def _content(labels: list[str | None]) -> list[int]:
    return [i for i, label in enumerate(labels) if label in (None, "byline")]


def _label_bylines(text: list[str], labels: list[str | None]) -> None:
    """Name lines among the first or last content lines, and the affiliation under them."""
    content = _content(labels)
    zone = set(content[:_TOP_ZONE]) | set(content[-_BOTTOM_ZONE:])
    for i in sorted(zone):
        if labels[i] is None and (_degree_byline(text[i]) or _name_parts(text[i])):
            labels[i] = "byline"
    for before, after in pairwise(content):
        if (
            labels[before] == "byline"
            and labels[after] is None
            and before in zone
            and is_affiliation(text[after])
        ):
            labels[after] = "byline"


def _is_heading(line: str) -> bool:
    return 3 <= len(line.split()) <= _MAX_TITLE_WORDS and not line.endswith(_HEADING_END)


def _label_title(text: list[str], labels: list[str | None]) -> None:
    """The first content line, if it reads as a heading; one- or two-word lines before it are section names."""
    skipped: list[int] = []
    for i, label in enumerate(labels):
        if label is not None:
            continue
        if len(text[i].split()) <= 2 and not text[i].endswith(_HEADING_END) and len(skipped) < 2:
            skipped.append(i)
            continue
        if _is_heading(text[i]):
            labels[i] = "title"
            for j in skipped:
                labels[j] = "furniture"
        return


# ---------------------------------------------------------------------------- pass 5


def _repeat_key(key: str) -> str:
    return key.strip(" .…:;,!?\"'-")


def _is_substantial(key: str) -> bool:
    return len(key.split()) >= 3 and len(key) >= 12


def _label_repeats(text: list[str], keys: list[str], labels: list[str | None]) -> None:
    """Captions repeated on the next line, lines repeated later, pull quotes of a paragraph."""
    repeatable = ("title", "caption", None)
    rkeys = [_repeat_key(k) for k in keys]
    nonblank = _nonblank(labels)
    for i, j in pairwise(nonblank):
        if (
            labels[i] in ("caption", None)
            and labels[j] in ("caption", None)
            and rkeys[i] == rkeys[j]
        ):
            if _is_substantial(rkeys[i]) and _reads_as_caption(text[i], labels[i]):
                labels[i], labels[j] = "caption", "duplicate"
    seen: set[str] = set()
    for i in nonblank:
        if labels[i] not in repeatable or not _is_substantial(rkeys[i]):
            continue
        if rkeys[i] in seen and labels[i] != "title":
            labels[i] = "duplicate"
        seen.add(rkeys[i])
    _label_pull_quotes(rkeys, labels)


def _reads_as_caption(line: str, label: str | None) -> bool:
    """A line shown twice in a row is a photo caption (alt text + caption) unless it is a paragraph."""
    if label == "caption":
        return True
    return len(line.split()) <= _MAX_REPEATED_CAPTION_WORDS and not line.endswith((".", ":", ";"))


def _label_pull_quotes(rkeys: list[str], labels: list[str | None]) -> None:
    """A line quoted whole inside another paragraph (a pull quote or a repeated lead).

    Captions are not containers: a paragraph repeated in a caption stays body.
    """
    pool = [i for i, label in enumerate(labels) if label in ("title", None)]
    joined = "\n".join(rkeys[i] for i in pool)
    for i in pool:
        if (
            labels[i] is None
            and len(rkeys[i].split()) >= _MIN_PULL_QUOTE_WORDS
            and joined.count(rkeys[i]) >= 2
        ):
            labels[i] = "duplicate"


def _is_person_caption(line: str) -> bool:
    """``"Bộ trưởng Nguyễn Mạnh Hùng"`` under a photo."""
    words = line.split()
    if not 2 <= len(words) <= 12 or line.endswith(_HEADING_END):
        return False
    tail = 0
    while (
        tail < len(words)
        and words[-1 - tail][0].isupper()
        and _WORD_SYLLABLE_RE.fullmatch(words[-1 - tail])
    ):
        tail += 1
    head = " ".join(words[: len(words) - tail])
    return tail >= 2 and (not head or bool(_compiled("position").match(fold(head))))


def _label_caption_neighbours(text: list[str], labels: list[str | None]) -> None:
    """A person's name under a caption; a short line just above a bare photo credit."""
    nonblank = _nonblank(labels)
    for before, i in pairwise(nonblank):
        if (
            labels[i] is None
            and labels[before] in ("caption", "duplicate")
            and _is_person_caption(text[i])
        ):
            labels[i] = "caption"
    for before, i in pairwise(nonblank):
        if (
            labels[i] == "caption"
            and labels[before] is None
            and _is_credit_only(fold(text[i]))
            and len(text[before].split()) <= 25
        ):
            labels[before] = "caption"
