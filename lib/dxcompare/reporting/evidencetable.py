"""Evidence tables to read in a report: chosen columns, each title linked to its document.

    >>> evidence_table(lags, ["symbol", "date", "sentence", "title", "source"])   # doctest: +SKIP

Its own module because it joins :mod:`evidence` (links, ``file:line:column``) and
:mod:`display` (the table style), and :mod:`display` already reads titles from :mod:`evidence`:
kept apart, neither imports the other back.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from dxcompare.reporting.display import style_table
from dxcompare.reporting.evidence import doc_href, source_labels


def evidence_table(
    frame: pd.DataFrame, columns: list[str], empty: str = "", language: str = "en"
) -> Any:
    """An evidence table to read: the chosen columns, each title linked to its document's entry.

    ``"source"`` among ``columns`` shows ``file:line:column`` in one cell (the CSV keeps the three
    columns). The link is built here from escaped text; every other cell is escaped by the table.
    ``empty``: the reason shown ("None found: ...") when there is no row; ``language="vi"``:
    Vietnamese headers and words (:func:`~dxcompare.reporting.display.style_table`).
    """
    frame = frame.reset_index(drop=True)
    if "source" in columns and "source" not in frame.columns:
        frame = frame.assign(source=source_labels(frame))
    shown = frame[[c for c in columns if c in frame.columns]].copy()
    if shown.empty or "title" not in shown.columns or "doc_id" not in frame.columns:
        return style_table(shown, empty=empty, language=language)
    shown["title"] = [
        f'<a href="{html.escape(doc_href(d))}">{html.escape(str(t))}</a>'
        for d, t in zip(frame["doc_id"].astype(str), frame["title"], strict=True)
    ]
    return style_table(shown, empty=empty, language=language).format(
        lambda v: v, subset=["title"], escape=None
    )


__all__ = ["evidence_table"]
