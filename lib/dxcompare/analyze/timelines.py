"""Timeline tables: dated events per group, and each province's lag behind the national programme.

    >>> timeline_table(corpus.events)                           # doctest: +SKIP
    >>> lag_table(corpus.events)                                # doctest: +SKIP
    >>> first_responses(lag_table(corpus.events))               # doctest: +SKIP

The lag of a provincial document is counted in days from the national programme, Quyết định
749/QĐ-TTg of 03/6/2020 (:func:`dxcompare.events.align_to_national`): "ngày 06/9/2021, thành phố
Hà Nội đã ban hành Quyết định 4098/QĐ-UBND" is 460 days after it. Dates known only to the month
or year count from their first day. The figures of these tables are in
:mod:`dxcompare.plot.timelineviews`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date as Date
from typing import Any

import pandas as pd

from dxcompare.analyze.grouping import UNKNOWN, By, by_columns, doc_groups, group_labels
from dxcompare.errors import ParameterError
from dxcompare.extract.events import align_to_national, national_documents
from dxcompare.extract.national import NATIONAL_PROGRAMME

REFERENCE = NATIONAL_PROGRAMME  # the national programme, Quyết định 749/QĐ-TTg


LAG_COLUMNS = [
    "group", "doc_id", "symbol", "action", "date", "precision", "reference", "reference_date",
    "days_after_reference", "alignment_note", "sentence_id", "sentence",
]  # fmt: skip


def event_day(value: Any) -> Date | None:
    """The first day of an ISO date at any precision (``"2025-Q2"`` -> 2025-04-01), else None.

    >>> event_day("2021-09-06"), event_day("2030"), event_day("2021/2026")
    (datetime.date(2021, 9, 6), datetime.date(2030, 1, 1), datetime.date(2021, 1, 1))
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value)
    patterns = (
        (r"(\d{4})-(\d{2})-(\d{2})", lambda m: (int(m[1]), int(m[2]), int(m[3]))),
        (r"(\d{4})-Q([1-4])", lambda m: (int(m[1]), 3 * int(m[2]) - 2, 1)),
        (r"(\d{4})-(\d{2})", lambda m: (int(m[1]), int(m[2]), 1)),
        (r"(\d{4})", lambda m: (int(m[1]), 1, 1)),
    )
    for pattern, parts in patterns:
        match = re.match(pattern, text)
        if match:
            try:
                return Date(*parts(match))
            except ValueError:
                return None
    return None


def _groups(events: pd.DataFrame, by: By, documents: pd.DataFrame | None = None) -> pd.Series:
    """Each event's group label: from its own column(s) (``province``, ``province_2025``), else
    from its document's column(s) in ``documents`` (``year``, ``outlet``, ``kind``)."""
    cols = by_columns(by)
    if all(c in events.columns for c in cols):
        return group_labels(events, by)
    if documents is not None and all(c in documents.columns and c != "text" for c in cols):
        labels = doc_groups(documents, by)
        return events["doc_id"].astype(str).map(labels).fillna(UNKNOWN).astype(object)
    known = [str(c) for c in events.columns]
    if documents is not None:
        known += [str(c) for c in documents.columns if c != "text" and c not in events.columns]
    hint = "" if documents is not None else " (or pass documents=corpus.documents for its columns)"
    raise ParameterError(
        f"by={by!r} is not a column of the events. Fix: use one of {', '.join(known)}{hint}"
    )


def timeline_table(
    events: pd.DataFrame,
    provinces: Sequence[str] | None = None,
    by: By = "province",
    *,
    documents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The dated events to draw: ``events`` plus ``group`` and ``day``, undated rows dropped.

    ``by`` is ``"province"`` (63 units) or ``"province_2025"`` (34 units), or with
    ``documents=corpus.documents`` any column of the event's document (``"year"``, ``"outlet"``);
    events with no value are in the group "(unknown)" (labels as :mod:`dxcompare.grouping`).
    ``provinces`` keeps only those groups. Sorted by group, day, document and position.
    """
    out = events.copy()
    out["group"] = _groups(out, by, documents) if len(out) else pd.Series(dtype=object)
    out["day"] = [event_day(v) for v in out["date"]] if len(out) else []
    out = out[out["day"].notna()]
    if provinces is not None:
        out = out[out["group"].isin(list(provinces))]
    return out.sort_values(["group", "day", "doc_id", "start"], kind="stable").reset_index(
        drop=True
    )


def national_reference(
    events: pd.DataFrame | None = None,
    national: pd.DataFrame | None = None,
    reference: str = REFERENCE,
) -> pd.DataFrame:
    """The dated national documents to draw: those the events cite, and always the reference.

    ``national`` defaults to :func:`dxcompare.events.national_documents`. Columns: symbol,
    title, date, day.
    """
    table = national_documents() if national is None else national
    table = table[table["date"].notna()].copy()
    if events is not None and len(events) and national is None:
        cited = set(events.loc[events["national"].astype(bool), "symbol"].dropna())
        table = table[table["symbol"].isin(cited | {reference})]
    table["day"] = [event_day(v) for v in table["date"]]
    table = table[table["day"].notna()]
    return table.sort_values(["day", "symbol"]).reset_index(drop=True)[
        ["symbol", "title", "date", "day"]
    ]


def lag_table(
    events: pd.DataFrame,
    reference: str = REFERENCE,
    by: By = "province",
    *,
    documents: pd.DataFrame | None = None,
    local: bool = False,
) -> pd.DataFrame:
    """Days from the reference to each provincial document the corpus dates, one row each.

    A district's or commune's document (``events.level``: a ``07-CTr/QU`` of a Quận ủy) is not the
    province's response and is left out unless ``local=True``.

    Columns: group (the province, or ``by`` as in :func:`timeline_table`), doc_id, symbol, action ("issue", "approve"), date, precision,
    reference, reference_date, days_after_reference (negative: before it), alignment_note
    (month/year precision counted from the first day), sentence_id, sentence (the evidence).
    Sorted by group, then days.
    """
    if events.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in LAG_COLUMNS})
    aligned = align_to_national(events, reference)
    docs = aligned[(aligned["kind"] == "document") & ~aligned["national"].astype(bool)].copy()
    docs = docs[docs["days_after_reference"].notna()]
    if not local and "level" in docs:
        docs = docs[~docs["level"].isin(["district", "commune"])]
    docs["group"] = _groups(docs, by, documents)
    ref_day = national_reference(events, None, reference)
    ref_row = ref_day[ref_day["symbol"] == reference]
    docs["reference"] = reference
    docs["reference_date"] = ref_row["date"].iloc[0] if len(ref_row) else None
    docs = docs.sort_values(["group", "days_after_reference", "doc_id", "start"], kind="stable")
    return docs[LAG_COLUMNS].reset_index(drop=True)


def first_responses(lags: pd.DataFrame) -> pd.DataFrame:
    """Each province's earliest dated document after the reference (from :func:`lag_table`).

    Columns: group, symbol, date, days_after_reference, n_documents: the province's distinct
    provincial documents dated on or after the reference. A number cited by several texts
    ("Kế hoạch 312/KH-UBND" in three articles) counts once; a document without a number counts
    once per date and sentence it is read from; documents dated before the reference are not
    counted (they are in :func:`lag_table`, with a negative lag). Quickest first.
    """
    after = lags[lags["days_after_reference"] >= 0]
    columns = ["group", "symbol", "date", "days_after_reference", "n_documents"]
    if after.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    first = after.groupby("group", sort=True).head(1).set_index("group")
    first["n_documents"] = after.assign(key=_document_keys(after)).groupby("group")["key"].nunique()
    return first.reset_index()[columns].sort_values(
        ["days_after_reference", "group"], kind="stable", ignore_index=True
    )


def _document_keys(lags: pd.DataFrame) -> list[str]:
    """One key per provincial document: its number, else where and when it is read from."""
    return [
        symbol if isinstance(symbol, str) and symbol.strip() else f"{doc}#{sentence}#{day}"
        for symbol, doc, sentence, day in zip(
            lags["symbol"], lags["doc_id"], lags["sentence_id"], lags["date"], strict=True
        )
    ]
