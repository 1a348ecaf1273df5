"""The one reader of the data files bundled in ``dxcompare/data`` (gazetteer, document types,
outlets, lexicons, codebook...). Files users edit are read by :mod:`.userfiles` instead.

    >>> bundled_csv("national_documents.csv")[0]["symbol"]      # doctest: +SKIP
    '749/QĐ-TTg'

Every bundled file is UTF-8; in CSV and line files a line starting with ``#`` is a comment.
"""

from __future__ import annotations

import csv
import io


def bundled_text(name: str) -> str:
    """The text of ``dxcompare/data/<name>``."""
    from importlib import resources

    return resources.files("dxcompare").joinpath("data", name).read_text(encoding="utf-8")


def content_lines(text: str) -> list[str]:
    """The lines of ``text`` that are neither blank nor ``#`` comments (not stripped)."""
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def bundled_csv(name: str, strip: bool = False) -> list[dict[str, str]]:
    """The rows of a bundled CSV file (comment lines skipped); ``strip``: values stripped, a
    missing value as ""."""
    rows = list(csv.DictReader(io.StringIO("\n".join(content_lines(bundled_text(name))))))
    if strip:
        return [{k: (v or "").strip() for k, v in row.items()} for row in rows]
    return rows
