"""Read ``manifest.csv``: a researcher's corrections to the metadata of the documents.

One row per document; only the ``file`` column is required. A value given here wins
over what dxcompare detects in the text. Example::

    file,title,outlet,published,province,kind
    binh_dinh/nq_05.txt,Nghị quyết về chuyển đổi số,Báo Bình Định,12/12/2022,Bình Định,resolution

Every mistake raises ``ManifestError`` naming the CSV line and the fix.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path, PurePosixPath

from dxcompare.errors import ManifestError

MANIFEST_COLUMNS = ("file", "title", "outlet", "url", "published", "province", "kind")

_DATE_FORMS = "YYYY-MM-DD, YYYY-MM, YYYY, DD/MM/YYYY or MM/YYYY (day first: 03/06/2020 is 3 June)"
_PROVINCE_SPELLING = (
    "write the province's name with its diacritics and without 'Tỉnh'/'Thành phố', as in "
    "'Bình Định', 'Hà Nội', 'Hồ Chí Minh', 'Thừa Thiên Huế', 'Bà Rịa - Vũng Tàu', "
    "or leave the cell empty to let dxcompare detect it"
)
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_YEAR = re.compile(r"(\d{4})")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_MY = re.compile(r"(\d{1,2})[/.-](\d{4})")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")
# A line that starts like a manifest row: a document's file name, then a delimiter.
_ROW_START = re.compile(r'[^,;\t"\n]{1,300}\.(?:txt|md|html?|docx|pdf)[ ]?[,;\t]', re.IGNORECASE)


def read_manifest(
    path: Path,
    files: Sequence[Path],
    resolve_province: Callable[[str], str | None] | None = None,
) -> dict[Path, dict[str, str]]:
    """The overrides in ``path`` for the corpus ``files``, keyed by each file's resolved path.

    Values hold only non-empty fields; ``published`` is ISO at its precision
    (``"2022-12-12"``, ``"2022-12"``, ``"2022"``) with ``published_precision`` beside it;
    ``province`` is what ``resolve_province`` returns (``"Tp. Hồ Chí Minh"`` → ``"Hồ Chí Minh"``).
    """
    path = Path(path)
    rows = _read_rows(path)
    header, body = _header(path, rows)
    known = _corpus_index(path.parent, files)
    overrides: dict[Path, dict[str, str]] = {}
    first_line: dict[Path, int] = {}
    for line, values in body:
        if not any(value.strip() for value in values):
            continue
        row = _row_dict(path, line, header, values)
        target = _match_file(path, line, row["file"], known)
        if target is None:
            continue  # a file discovery set aside (a copy, a link, a type it cannot read)
        if target in first_line:
            raise ManifestError(
                path,
                f"'{row['file']}' is listed twice (first on line {first_line[target]})",
                "keep one row per file and merge the two rows",
                line=line,
            )
        first_line[target] = line
        overrides[target] = _overrides(path, line, row, resolve_province)
    return overrides


# --------------------------------------------------------------------------- CSV


def _read_rows(path: Path) -> list[tuple[int, list[str]]]:
    """Rows with the CSV line each starts on (a quoted cell may span lines)."""
    text = _read_text(path)
    # strict: an unclosed quote is an error at the end of the file instead of a cell that
    # silently swallows every row after it.
    reader = csv.reader(io.StringIO(text, newline=""), dialect=_dialect(text), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for values in reader:
            _refuse_multiline(path, start, values)
            rows.append((start, values))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ManifestError(
            path,
            f"is not valid CSV ({exc}; the row starts on line {start})",
            "check the quotes of that row: a cell containing commas must be wrapped in "
            '"double quotes", every opening quote closed, and a quote inside a cell doubled ("")',
            line=start,
        ) from None
    return rows


def _refuse_multiline(path: Path, line: int, values: list[str]) -> None:
    """A quoted cell may span lines, but not over what looks like the next row of the manifest.

    ``a.txt,"Tiêu đề`` with its quote never closed takes ``b.txt,...`` and every row after it
    into one cell; a continuation line that starts with a document's file name gives it away.
    """
    for value in values:
        for later in value.split("\n")[1:]:
            if _ROW_START.match(later):
                shown = value.split("\n", 1)[0][:60]
                raise ManifestError(
                    path,
                    f"a quoted cell starting '{shown}' runs on over the next row "
                    f"('{later[:60]}'): an unclosed double quote?",
                    'close the quote on this line (a quote inside a cell is written twice: "")',
                    line=line,
                )


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ManifestError(path, f"cannot be read ({exc.strerror})", "check the path") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManifestError(
            path,
            f"is not UTF-8 (byte {exc.start} cannot be decoded)",
            "save it as 'CSV UTF-8 (Comma delimited)' in Excel, or as UTF-8 in LibreOffice",
        ) from None


def _dialect(text: str) -> type[csv.Dialect]:
    """Comma, or semicolon/tab when the header uses those (Excel in some locales does)."""
    header = text.split("\n", 1)[0]
    if "," not in header:
        if ";" in header:
            return _Semicolon
        if "\t" in header:
            return csv.excel_tab
    return csv.excel


class _Semicolon(csv.excel):
    delimiter = ";"


def _header(path: Path, rows: list[tuple[int, list[str]]]) -> tuple[list[str], list]:
    if not rows:
        raise ManifestError(
            path,
            "is empty",
            f"write a header line such as '{','.join(MANIFEST_COLUMNS)}', or delete the file",
        )
    line, raw = rows[0]
    header = [name.strip().lower() for name in raw]
    _check_columns(path, line, header)
    return header, rows[1:]


def _check_columns(path: Path, line: int, header: list[str]) -> None:
    valid = ", ".join(MANIFEST_COLUMNS)
    for name in header:
        if name not in MANIFEST_COLUMNS:
            hint = difflib.get_close_matches(name, MANIFEST_COLUMNS, n=1)
            guess = f" (did you mean '{hint[0]}'?)" if hint else ""
            shown = name or "(empty)"
            raise ManifestError(
                path,
                f"unknown column '{shown}'{guess}",
                f"rename or remove it; valid columns are: {valid}",
                line=line,
            )
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise ManifestError(
            path, f"column '{duplicates[0]}' appears twice", "keep one of them", line=line
        )
    if "file" not in header:
        raise ManifestError(
            path,
            "has no 'file' column",
            f"add a 'file' column with each document's path relative to the corpus folder "
            f"(valid columns: {valid})",
            line=line,
        )


def _row_dict(path: Path, line: int, header: list[str], values: list[str]) -> dict[str, str]:
    if len(values) != len(header):
        raise ManifestError(
            path,
            f"this row has {len(values)} fields but the header has {len(header)}",
            "wrap cells that contain commas in double quotes, and give every row the same "
            "number of cells (empty cells are fine)",
            line=line,
        )
    return {name: value.strip() for name, value in zip(header, values, strict=True)}


# --------------------------------------------------------------------------- files


def _key(relative: str) -> str:
    # File names with Vietnamese letters come decomposed from macOS and composed from a
    # keyboard: compare them composed.
    return unicodedata.normalize("NFC", relative)


def _corpus_index(folder: Path, files: Sequence[Path]) -> dict[str, Path]:
    """Corpus files by their NFC relative POSIX path from the manifest's folder.

    A file is known both by the path it was found under and by its resolved path, so a
    link inside the folder matches the name the researcher sees.
    """
    index: dict[str, Path] = {}
    for file in files:
        resolved = Path(file).resolve()
        for base, candidate in (
            (folder.absolute(), Path(file).absolute()),
            (folder.resolve(), resolved),
        ):
            if candidate.is_relative_to(base):
                index.setdefault(_key(candidate.relative_to(base).as_posix()), resolved)
    return index


def _match_file(path: Path, line: int, value: str, known: dict[str, Path]) -> Path | None:
    """The corpus file a row names; ``None`` for a file on disk that discovery set aside.

    Discovery already lists why such a file was set aside (``corpus.problems``), so its row
    is ignored rather than stopping the whole corpus; a hidden file is never read, so naming
    one is an error like naming a missing file.
    """
    if not value:
        raise ManifestError(
            path,
            "the 'file' cell is empty",
            "write the document's path relative to the corpus folder, or delete the row",
            line=line,
        )
    relative = _relative_path(path, line, value)
    found = known.get(_key(relative))
    if found is not None:
        return found
    if _set_aside(path.parent, relative):
        return None
    hint = difflib.get_close_matches(_key(relative), list(known), n=1, cutoff=0.6)
    guess = f" (did you mean '{hint[0]}'?)" if hint else ""
    raise ManifestError(
        path,
        f"'{value}' is not a document of the corpus{guess}",
        "write the path relative to the manifest's folder exactly as on disk (with its "
        "extension), or delete the row if the file is gone or was set aside",
        line=line,
    )


def _set_aside(folder: Path, relative: str) -> bool:
    """Whether ``relative`` is a visible file (or link) in ``folder`` that is not a corpus file."""
    parts = PurePosixPath(relative).parts
    if not parts or any(part.startswith((".", "~$")) for part in parts):
        return False
    candidate = folder.joinpath(*parts)
    return candidate.is_symlink() or candidate.is_file()


def _relative_path(path: Path, line: int, value: str) -> str:
    """``value`` as a clean relative POSIX path; absolute or escaping paths are refused."""
    posix = value.replace("\\", "/")
    if posix.startswith("/") or _WINDOWS_DRIVE.match(posix):
        raise ManifestError(
            path,
            f"'{value}' is an absolute path",
            "write the path relative to the corpus folder (e.g. 'binh_dinh/nq_05.txt')",
            line=line,
        )
    parts = [part for part in PurePosixPath(posix).parts if part != "."]
    if ".." in parts:
        raise ManifestError(
            path,
            f"'{value}' points outside the corpus folder",
            "list only files inside the corpus folder, with paths relative to it",
            line=line,
        )
    return "/".join(parts)


# --------------------------------------------------------------------------- values


def _overrides(
    path: Path,
    line: int,
    row: dict[str, str],
    resolve_province: Callable[[str], str | None] | None,
) -> dict[str, str]:
    values = {name: value for name, value in row.items() if name != "file" and value}
    if "published" in values:
        iso, precision = parse_published(values["published"], path, line)
        values["published"] = iso
        values["published_precision"] = precision
    if "province" in values and resolve_province is not None:
        values["province"] = _province(path, line, values["province"], resolve_province)
    if "url" in values:
        _check_url(path, line, values["url"])
    if "kind" in values:
        values["kind"] = values["kind"].lower()
    return values


def parse_published(
    value: str, path: Path | None = None, line: int | None = None
) -> tuple[str, str]:
    """A manifest date as (ISO string, precision); day first.

    >>> parse_published("3/6/2020")
    ('2020-06-03', 'day')
    >>> parse_published("2022-12")
    ('2022-12', 'month')
    """
    text = value.strip()
    for pattern, order in ((_ISO_DAY, "ymd"), (_DMY, "dmy"), (_ISO_MONTH, "ym"), (_MY, "my")):
        match = pattern.fullmatch(text)
        if match:
            parts = dict(zip(order, (int(group) for group in match.groups()), strict=True))
            return _checked_date(parts, value, path, line)
    if _YEAR.fullmatch(text):
        return _checked_date({"y": int(text)}, value, path, line)
    raise _bad_date(value, path, line, "is not a date")


def _checked_date(
    parts: dict[str, int], value: str, path: Path | None, line: int | None
) -> tuple[str, str]:
    year, month, day = parts["y"], parts.get("m"), parts.get("d")
    if not 1900 <= year <= 2100:
        raise _bad_date(value, path, line, f"has an implausible year {year}")
    if month is None:
        return f"{year:04d}", "year"
    if not 1 <= month <= 12:
        raise _bad_date(value, path, line, f"has no month {month}")
    if day is None:
        return f"{year:04d}-{month:02d}", "month"
    try:
        return date(year, month, day).isoformat(), "day"
    except ValueError:
        raise _bad_date(value, path, line, f"has no day {day} in month {month}") from None


def _bad_date(value: str, path: Path | None, line: int | None, why: str) -> ManifestError:
    return ManifestError(
        path,
        f"published date '{value}' {why}",
        f"write it as {_DATE_FORMS}, or leave the cell empty",
        line=line,
    )


def _province(
    path: Path, line: int, value: str, resolve_province: Callable[[str], str | None]
) -> str:
    canonical = resolve_province(value)
    if canonical is None:
        raise ManifestError(path, f"unknown province '{value}'", _PROVINCE_SPELLING, line=line)
    return canonical


def _check_url(path: Path, line: int, url: str) -> None:
    # Reports turn this into a link: only web addresses, never "javascript:" and the like.
    if not re.match(r"https?://\S+$", url, flags=re.IGNORECASE):
        raise ManifestError(
            path,
            f"url '{url}' is not a web address",
            "write the full address starting with https:// or http://, or leave the cell empty",
            line=line,
        )
