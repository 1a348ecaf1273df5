"""YAML front matter of a Markdown file, read as the document's metadata.

A Markdown file may open with a block between ``---`` lines (Jekyll, Hugo, Obsidian)::

    ---
    title: Đà Nẵng ra mắt nền tảng số
    published: 2023-05-04
    province: Đà Nẵng
    outlet: Báo Đà Nẵng
    ---
    Sáng 4/5, UBND thành phố Đà Nẵng ...

Those lines are metadata, not the title and body: their values are what the author declared
(the manifest still wins) and the block's lines become empty, so every later line keeps its
line number. YAML is read with ``safe_load`` (no tags, no code); a block that is not valid
YAML, or not a mapping, is left as text with a note.
"""

from __future__ import annotations

from datetime import date, datetime

# Front matter is short: never hand a whole document to the YAML parser.
_MAX_LINES = 200
_KEYS = {
    "title": "title",
    "published": "published",
    "date": "published",
    "province": "province",
    "tinh": "province",
    "outlet": "outlet",
    "source": "outlet",
    "publisher": "outlet",
    "url": "url",
    "link": "url",
    "kind": "kind",
    "author": "author",
}


def split_front_matter(text: str) -> tuple[str, dict[str, str], list[str]]:
    """``(text without the block, declared metadata, notes)``; unchanged text if there is none.

    >>> split_front_matter("---\\ntitle: Kế hoạch\\nprovince: Huế\\n---\\nNội dung")[1]
    {'title': 'Kế hoạch', 'province': 'Thừa Thiên Huế'}
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return text, {}, []
    end = next(
        (i for i, line in enumerate(lines[1:_MAX_LINES], 1) if line.strip() in ("---", "...")),
        None,
    )
    if end is None:
        return text, {}, []
    import yaml

    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        return text, {}, [f"front matter is not valid YAML{where}; kept as text"]
    if not isinstance(data, dict):
        return text, {}, ["front matter is not a list of 'key: value' lines; kept as text"]
    declared, notes = _declared(data)
    body = "\n" * (end + 1) + "\n".join(lines[end + 1 :])
    used = ", ".join(sorted(declared)) or "nothing"
    return body, declared, [f"front matter read as metadata ({used})", *notes]


def _declared(data: dict) -> tuple[dict[str, str], list[str]]:
    from dxcompare.annotate.provinces import resolve_province
    from dxcompare.errors import ManifestError
    from dxcompare.ingest.manifest import parse_published

    declared: dict[str, str] = {}
    notes: list[str] = []
    ignored = []
    for raw_key, raw_value in data.items():
        key = _KEYS.get(str(raw_key).strip().lower())
        if key is None or raw_value is None or key in declared:
            ignored.append(str(raw_key))
            continue
        value = _text(raw_value)
        if not value:
            continue
        if key == "published":
            try:
                value, precision = parse_published(value[:10] if "T" in value else value)
            except ManifestError as err:
                notes.append(f"front matter date '{value}' ignored ({err.problem})")
                continue
            declared["published_precision"] = precision
        elif key == "province":
            canonical = resolve_province(value)
            if canonical is None:
                notes.append(f"front matter province '{value}' is not a province; ignored")
                continue
            value = canonical
        elif key == "url" and not value.lower().startswith(("https://", "http://")):
            notes.append(f"front matter url '{value}' is not a web address; ignored")
            continue
        elif key == "kind":
            value = value.lower()
        declared[key] = value
    if ignored:
        notes.append("front matter keys not used: " + ", ".join(ignored))
    return declared, notes


def _text(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, list | dict):
        return ""
    return " ".join(str(value).split())
