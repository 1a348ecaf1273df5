"""A document's metadata (title, author, outlet, url, published date, kind) from its labelled lines.

What the file's container says (HTML ``<meta>``, DOCX/PDF properties) wins; otherwise:

- ``title``: the title line(s); for a state or Party document its type and subject lines;
- ``author``: the first byline, without credits or degrees (``"Bài và ảnh: Minh Hiếu"`` -> ``"Minh Hiếu"``);
- ``outlet``: a lead prefix (``"Kinhtedothi - ..."``, ``"(Chinhphu.vn) - ..."``), a source line
  (``"Nguồn: Chinhphu.vn"``, ``"(Vietnam+)"``, ``"Theo TTXVN"``) or a URL's domain, named as in
  ``data/outlets.tsv`` when known;
- ``url``: the first URL in a source line;
- ``published``: the first dateline's date (``dates.extract_dates``, day first), ISO at its precision;
  failing that, a byline stamp in the head (``"Lan Vũ 11/07/2025 09:28"``, a title line ending
  ``"… 21/10/2025 18:01"``), day precision (``_stamp_published``);
- ``kind``: ``"news"``; a document type from a state/Party header (``"decision"``, ``"plan"``, ...);
  ``"research"`` for an academic article;
- ``symbol``, ``issuer``, ``level``, ``title_readable``, ``header_province``: what the header of a state
  or Party document says (``official.read_header``); its place-and-date line is ``published``
  (day); ``title`` keeps the type and subject as written, ``title_readable`` puts upper-case
  ones in sentence case. None for other texts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache

from dxcompare._text.data import bundled_text
from dxcompare.annotate import lines as lines_mod
from dxcompare.annotate.normalize import fold, normalize_text
from dxcompare.annotate.official import read_header
from dxcompare.annotate.posted import posted_symbol

_KEYS = ("title", "author", "outlet", "url", "published", "published_precision", "kind")
# From the header of a state or Party document (``official.read_header``); None for news.
_OFFICIAL_KEYS = ("symbol", "issuer", "level", "title_readable", "header_province")
_CONTAINER_KEYS = {
    "title": ("title",),
    "author": ("author",),
    "outlet": ("outlet", "sitename", "site_name", "publisher"),
    "url": ("url",),
    "published": ("published", "date"),
    "kind": ("kind",),
}
_PRECISIONS = ("day", "month", "year")
_ISO_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?=$|[T\s])")
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+")
_DOMAIN_RE = re.compile(
    r"(?:https?://)?(?:www\.)?((?:[\w-]+\.)+(?:vn|com|net|org|info|gov))\b", re.IGNORECASE
)
_LEAD_RE = re.compile(r"^(?:\(([^()]{2,40})\)|([^\W_][\w.+&]{1,30}))\s*-\s+\S")
_SOURCE_NAME_RES = (
    re.compile(r"^Nguồn\s*:?\s*(.+?)\s*(?::\s*(?:https?://|www\.)\S*)?\s*$", re.IGNORECASE),
    re.compile(r"^\(\s*(?:Theo|Nguồn\s*:?)?\s*([^()]+?)\s*\)\.?$"),
    re.compile(r"^Theo\s+(.+?)\.?$"),
)
# A byline stamp: a day date and a clock time ending the line (``"VH 18/12/2025 14:11"``).
# Anchored at the end and bounded, so it cannot backtrack over a long line.
_STAMP_RE = re.compile(
    r"(?:^|(?<=\s))(\d{1,2}[/.-]\d{1,2}[/.-]\d{4})\s{1,3}\d{1,2}:\d{2}(?::\d{2})?\s*$"
)
# The name before a stamp on its own line: at most four words, no digits or sentence marks
# (each capitalised, checked in ``_is_stamp_name``).
_STAMP_NAME_RE = re.compile(r"[^\W\d_][\w.]{0,20}(?:\s[^\W\d_][\w.]{0,20}){0,3}")
# How many non-blank lines of the head a stamp may be on (menu, title, byline, lead).
_STAMP_HEAD = 6
# A day date in what precedes a stamp: the line is a sentence about dates, not a byline.
_DAY_RE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}\b")
_RESEARCH_HEADINGS_RE = re.compile(
    r"^(?:tóm tắt|abstract|tài liệu tham khảo|danh mục tài liệu tham khảo)\b"
)


def detect_metadata(
    lines: Sequence[str],
    labels: Sequence[str],
    container_meta: Mapping[str, str] | None = None,
) -> dict[str, str | None]:
    """Title, author, outlet, url, published (ISO), published_precision and kind of one document.

    ``lines`` are the normalized lines and ``labels`` their ``lines.label_lines`` labels;
    ``container_meta`` (from the HTML/DOCX/PDF reader) wins wherever it has a value.
    """
    lines = [normalize_text(line) for line in lines]
    kind = detect_kind(lines, labels)
    published, precision = _published(lines, labels)
    if published is None:
        # No dateline: the date-time stamp of a byline or a title line (a header date or the
        # container/manifest, applied below and in ``corpus.build``, still win over it).
        published, precision = _stamp_published(lines, labels)
    found: dict[str, str | None] = {
        "title": _title(lines, labels, kind),
        "author": _author(lines, labels),
        "outlet": _outlet(lines, labels),
        "url": _url(lines, labels),
        "published": published,
        "published_precision": precision,
        "kind": kind,
    }
    official = dict.fromkeys(_OFFICIAL_KEYS)
    header = read_header(lines)
    if header is not None:
        # The place-and-date line is the issue date.
        if header.issued:
            found["published"], found["published_precision"] = header.issued, "day"
        if kind in ("news", "document", "letter"):
            # The line labels missed the type line ("|" residue, a subject with no type line):
            # the header's kind and title, as written.
            found["kind"] = header.kind or kind
            found["title"] = header.title_raw or found["title"]
        official.update(
            symbol=header.symbol,
            issuer=header.issuer,
            level=header.level,
            title_readable=header.title,
            header_province=header.province,
        )
    else:
        # A document posted whole under a lead that gives its number (no header of its own).
        official["symbol"] = posted_symbol(lines, labels)
        if official["symbol"] and found["kind"] in ("news", "document", "letter"):
            found["kind"] = _posted_kind(official["symbol"]) or found["kind"]
    merged = _merge(found, container_meta or {})
    merged.update(official)
    return merged


def _posted_kind(symbol: str) -> str | None:
    from dxcompare.annotate.official import _TYPE_CODES, _symbol_type

    return _TYPE_CODES.get(_symbol_type(symbol) or "")


# ---------------------------------------------------------------------------- container


def _merge(found: dict[str, str | None], container: Mapping[str, str]) -> dict[str, str | None]:
    """Container values win where present; a container date brings its own precision."""
    merged = dict(found)
    for key, aliases in _CONTAINER_KEYS.items():
        value = next((str(container[a]).strip() for a in aliases if container.get(a)), "")
        if not value:
            continue
        if key == "published":
            iso, precision = _container_date(value)
            if iso:
                merged["published"], merged["published_precision"] = iso, precision
        elif key == "outlet":
            merged[key] = canonical_outlet(normalize_text(value))
        else:
            merged[key] = normalize_text(value)
    return {key: merged.get(key) for key in _KEYS}


def _container_date(value: str) -> tuple[str | None, str | None]:
    """``"2022-12-12T16:49:00+07:00"`` -> ``("2022-12-12", "day")``; other forms via ``extract_dates``."""
    m = _ISO_RE.match(value.strip())
    if m:
        parts = [p for p in m.groups() if p]
        return "-".join(parts), ("year", "month", "day")[len(parts) - 1]
    return _first_date(normalize_text(value))


# ---------------------------------------------------------------------------- fields


def _with_label(lines: Sequence[str], labels: Sequence[str], *wanted: str) -> list[str]:
    return [line for line, label in zip(lines, labels, strict=True) if label in wanted]


def _title(lines: Sequence[str], labels: Sequence[str], kind: str) -> str | None:
    """The first title line; for a state or Party document, its type line and subject."""
    titles = _with_label(lines, labels, "title")
    if not titles:
        return None
    type_at = next((i for i, line in enumerate(titles) if lines_mod.doc_type_line(line)), None)
    if kind in ("news", "research") or type_at is None:
        return _without_stamp(titles[0])
    subject = [line for line in titles[type_at + 1 :] if not line.isupper()][:2]
    return " ".join([titles[type_at], *subject])


def _author(lines: Sequence[str], labels: Sequence[str]) -> str | None:
    for line in _with_label(lines, labels, "byline"):
        if not lines_mod.is_affiliation(line):
            name = lines_mod.byline_name(line)
            if name:
                return name
    return None


def _outlet(lines: Sequence[str], labels: Sequence[str]) -> str | None:
    """Lead prefix first, then source lines, then a URL's domain."""
    body = _with_label(lines, labels, "body")
    for line in body[:2]:
        lead = _LEAD_RE.match(line)
        if lead and not re.search(r"\d", lead.group(0)[:-1]):
            return canonical_outlet(lead.group(1) or lead.group(2))
    sources = _with_label(lines, labels, "source")
    for line in sources:
        name = _source_name(line)
        if name:
            return canonical_outlet(name)
    for line in sources:
        domain = _DOMAIN_RE.search(line)
        if domain:
            return canonical_outlet(domain.group(1).lower())
    return None


def _source_name(line: str) -> str | None:
    """``"Nguồn VietnamPlus : https://..."`` -> ``"VietnamPlus"``; ``"(Vietnam+)"`` -> ``"Vietnam+"``."""
    if _URL_RE.fullmatch(line.strip()):
        return None
    for pattern in _SOURCE_NAME_RES:
        m = pattern.match(line.strip())
        if m:
            name = m.group(1).strip(" :.-")
            if name and not _URL_RE.match(name) and len(name.split()) <= 8:
                return name
    return None


def _url(lines: Sequence[str], labels: Sequence[str]) -> str | None:
    for line in _with_label(lines, labels, "source"):
        m = _URL_RE.search(line)
        if m:
            return m.group().rstrip(".,;:")
    return None


def _published(lines: Sequence[str], labels: Sequence[str]) -> tuple[str | None, str | None]:
    for line in _with_label(lines, labels, "dateline"):
        iso, precision = _first_date(line)
        if iso:
            return iso, precision
    return None, None


def _stamp_published(lines: Sequence[str], labels: Sequence[str]) -> tuple[str | None, str | None]:
    """A day date and a clock time ending a head line: the byline's publication stamp.

    Taken from the first ``_STAMP_HEAD`` non-blank lines, only where the stamp ends the line
    and the rest is a title line (``"… chuyển đổi số 21/10/2025 18:01"``), a short name
    (``"Lan Vũ 11/07/2025 09:28"``) or nothing: ``"Ngày 11/07/2025 lúc 09:28, UBND tỉnh họp"``
    is a sentence, not a stamp.
    """
    head = [(line, label) for line, label in zip(lines, labels, strict=True) if line.strip()]
    for line, label in head[:_STAMP_HEAD]:
        m = _STAMP_RE.search(line)
        if m is None:
            continue
        rest = line[: m.start()].strip(" -|,")
        if _DAY_RE.search(rest):
            continue
        if label == "title" or not rest or _is_stamp_name(rest):
            iso, precision = _first_date(m.group(1))
            if iso and precision == "day":
                return iso, precision
    return None, None


def _is_stamp_name(text: str) -> bool:
    """``"Lan Vũ"``, ``"VH"``: up to four capitalised words; not ``"Hội nghị kết thúc"``."""
    return bool(_STAMP_NAME_RE.fullmatch(text)) and all(w[0].isupper() for w in text.split())


def _without_stamp(title: str) -> str:
    """``"Đà Nẵng được vinh danh … 21/10/2025 18:01"`` -> ``"Đà Nẵng được vinh danh …"``."""
    m = _STAMP_RE.search(title)
    rest = title[: m.start()].rstrip(" -|,") if m else title
    return rest or title


def _first_date(text: str) -> tuple[str | None, str | None]:
    """The first day/month/year date in a line, via ``dates.extract_dates`` (day first)."""
    from dxcompare.extract.dates import extract_dates

    found = extract_dates(text)
    for value, precision in zip(found["value"], found["precision"], strict=True):
        if value and precision in _PRECISIONS:
            return str(value), str(precision)
    return None, None


# ---------------------------------------------------------------------------- kind


def detect_kind(lines: Sequence[str], labels: Sequence[str]) -> str:
    """``"news"``; a document type from a state or Party header; ``"research"`` for an academic article."""
    head = [line for line, label in zip(lines, labels, strict=True) if label not in ("blank",)][:30]
    header = [line for line in head[:15] if _is_header(line)]
    type_lines = [k for k in (lines_mod.doc_type_line(line) for line in head) if k]
    if (header and type_lines) or (head and lines_mod.doc_type_line(head[0])):
        return type_lines[0]
    if len(header) >= 2:
        return "letter" if any(fold(line).startswith("v/v") for line in head) else "document"
    if _is_research(lines, labels):
        return "research"
    return "news"


def _is_header(line: str) -> bool:
    key = fold(line)
    national = re.search(
        r"cộng hòa xã hội chủ nghĩa việt nam|độc lập\s*-\s*tự do|đảng cộng sản việt nam", key
    )
    issuer = re.match(
        r"(?:tỉnh ủy|thành ủy|huyện ủy|ủy ban nhân dân|hội đồng nhân dân|đảng bộ)\b", key
    )
    return bool(national) or (bool(issuer) and line.isupper() and len(line.split()) <= 10)


def _is_research(lines: Sequence[str], labels: Sequence[str]) -> bool:
    """A degree in the byline (``ThS.``, ``TS.``), an abstract or a bibliography."""
    for line, label in zip(lines, labels, strict=True):
        if label == "byline" and lines_mod.has_degree(line):
            return True
        if label != "blank" and _RESEARCH_HEADINGS_RE.match(fold(line)) and len(line.split()) <= 6:
            return True
    keywords = sum(fold(line).startswith(("từ khóa", "keywords")) for line in lines)
    return keywords > 0 and any(fold(line).startswith(("tóm tắt", "abstract")) for line in lines)


# ---------------------------------------------------------------------------- outlets


@cache
def _outlet_names() -> dict[str, str]:
    text = bundled_text("outlets.tsv")
    rows = (
        line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")
    )
    return {fold(alias.strip()): normalize_text(name.strip()) for alias, name in rows}


def canonical_outlet(name: str) -> str:
    """One name per outlet: ``"(Vietnam+)"``, ``"VietnamPlus"``, ``"vietnamplus.vn"`` -> ``"VietnamPlus"``."""
    name = normalize_text(name).strip(" ()[]:.-")
    key = fold(name)
    domain = _DOMAIN_RE.fullmatch(key)
    if domain:
        key = domain.group(1)
    return _outlet_names().get(key, name)
