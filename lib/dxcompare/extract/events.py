"""Timeline events: the dated facts of a document (documents issued, targets, rankings, meetings).

Each event keeps its evidence (sentence and character offsets into the document body) and the
province it is about, so provinces can be compared on one time axis, e.g. how many days after the
national programme (Quyết định 749/QĐ-TTg, 03/6/2020) each province issued its own plan.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import namedtuple
from datetime import date as Date
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from dxcompare import schema
from dxcompare.extract.national import (  # national_documents stays importable from here
    NATIONAL_PROGRAMME,
    _national,
    national_dates,
    national_documents,  # noqa: F401
)

EVENT_COLUMNS = schema.EVENTS  # the leading 11, then raw, action, value, unit, family, national

_ISSUE = re.compile("ban hành|ký ban hành|(?<![^\\W\\d_])ký(?![^\\W\\d_])|công bố", re.IGNORECASE)
_APPROVE = re.compile("phê duyệt|thông qua|chấp thuận", re.IGNORECASE)
_MEETING = re.compile(
    "(?<![^\\W\\d_])(?:hội nghị|phiên họp|kỳ họp|hội thảo|diễn đàn|tọa đàm|tọa đàm|đại hội)(?![^\\W\\d_])",
    re.IGNORECASE,
)
_DEADLINE = re.compile(
    "(?:trước|chậm nhất|hạn chót|không muộn hơn|hoàn thành trong|hoàn thành trước)\\s*(?:ngày|tháng|quý|năm)?\\s*$",
    re.IGNORECASE,
)
_NGAY = re.compile("ngày\\s*$", re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# National reference documents
# --------------------------------------------------------------------------------------------


_national_dates = national_dates


def _is_national(symbol: Any, date: Any, issuer: Any) -> bool:
    """A national document: in the national list (same year when both are known) or from a central body."""
    if symbol is None or (isinstance(symbol, float) and pd.isna(symbol)):
        return False
    known = _national_dates()
    if symbol in known:
        ref = known[symbol]
        return not (ref and date and str(date)[:4] != ref[:4])
    from dxcompare.extract.references import issuers

    codes = str(issuer or "").split("-")
    row = issuers().extra.get(re.sub("\\d+$", "", codes[0])) if codes[0] else None
    return bool(row and row.get("national") == "yes")


@lru_cache(maxsize=1)
def _title_aliases() -> list[tuple[re.Pattern[str], str]]:
    """Named national documents without a number (``Chương trình Chuyển đổi số quốc gia``)."""
    out = []
    for row in _national().itertuples():
        for alias in filter(None, str(row.aliases or "").split("|")):
            if not re.search("\\d", alias):
                out.append((re.compile(re.escape(alias), re.IGNORECASE), row.symbol))
    return out


# --------------------------------------------------------------------------------------------
# One document
# --------------------------------------------------------------------------------------------


def _province_2025(province: str | None, mentions: pd.DataFrame) -> str | None:
    if not province:
        return None
    try:
        from dxcompare.annotate.provinces import province_2025
    except ImportError:
        hit = (
            mentions[mentions["province"] == province]
            if "province" in mentions
            else mentions.iloc[:0]
        )
        return hit["province_2025"].iloc[0] if len(hit) and "province_2025" in hit else None
    return province_2025(province)


class _Mentions:
    """A document's province mentions, looked up by sentence span (no DataFrame filter per event)."""

    def __init__(self, mentions: pd.DataFrame | None):
        rows = []
        if mentions is not None and not mentions.empty:
            provinces = mentions["province"].astype(object).tolist()
            rows = sorted(
                zip(mentions["start"].tolist(), mentions["end"].tolist(), provinces, strict=True),
                key=lambda r: r[0],
            )
        self.rows = rows
        self.starts = [r[0] for r in rows]

    def province(self, start: int, end: int, primary: str | None) -> str | None:
        if not self.rows:
            return primary
        names = self._names(start, end)
        if len(names) == 1 and primary not in names:
            return names.pop()
        return primary

    def _names(self, start: int, end: int) -> set[str]:
        names = set()
        for s, e, p in self.rows[bisect_left(self.starts, start) :]:
            if s > end:
                break
            if e <= end and not _missing(p):
                names.add(str(p))
        return names


def _missing(x: Any) -> bool:
    return x is None or (not isinstance(x, str) and bool(pd.isna(x)))


def _action(before: str) -> str:
    """``issue`` or ``approve`` from the verb closest before a document (``… phê duyệt Đề án``)."""
    issue = [m.end() for m in _ISSUE.finditer(before)]
    approve = [m.end() for m in _APPROVE.finditer(before)]
    if approve and (not issue or max(approve) > max(issue)):
        return "approve"
    return "issue"


class _DateSpans:
    """Date spans by value, in table order: the one closest to an offset, the first on a tie."""

    def __init__(self, dates: pd.DataFrame):
        self.by_value: dict[str, list[tuple[int, int]]] = {}
        if dates.empty:
            return
        values = dates["value"].astype(str).tolist()
        for v, s, e in zip(values, dates["start"].tolist(), dates["end"].tolist(), strict=True):
            self.by_value.setdefault(v, []).append((int(s), int(e)))

    def find(self, value: str, near: int) -> tuple[int, int] | None:
        hits = self.by_value.get(value)
        if not hits:
            return None
        return min(hits, key=lambda span: abs(span[0] - near))


def _event(
    text: str,
    start: int,
    end: int,
    *,
    date: Any,
    precision: Any,
    kind: str,
    action: str,
    symbol: Any = None,
    value: Any = None,
    unit: Any = None,
    family: Any = None,
    national: bool = False,
    level: Any = None,
) -> dict[str, Any]:
    return dict(
        start=start,
        end=end,
        raw=text[start:end],
        date=date,
        precision=precision,
        kind=kind,
        action=action,
        symbol=symbol,
        value=value,
        unit=unit,
        family=family,
        national=national,
        level="national" if national else level,
    )


def _records(df: pd.DataFrame) -> list[Any]:
    """``df.itertuples(index=False)`` as a list, read column by column.

    The same named rows and Python values, but one ``tolist`` per column instead of pandas'
    per-row machinery, which cost more than the event rules themselves on a real corpus.
    """
    if not len(df):
        return []
    row = namedtuple("Pandas", list(df.columns), rename=True)  # itertuples' names
    columns = (_column_values(df, i) for i in range(df.shape[1]))
    return list(map(row._make, zip(*columns, strict=True)))


def _column_values(df: pd.DataFrame, i: int) -> list[Any]:
    """``_values(df.iloc[:, i])`` without building the Series (``Series.tolist`` is its array's)."""
    mgr = getattr(df, "_mgr", None)
    values = mgr.iget_values(i) if mgr is not None and hasattr(mgr, "iget_values") else None
    if isinstance(values, np.ndarray) and values.dtype.kind in "biufO":
        return values.tolist()
    if isinstance(values, pd.arrays.ArrowStringArray | pd.arrays.StringArray):
        return values.tolist()
    return _values(df.iloc[:, i])


def _values(column: pd.Series) -> list[Any]:
    dtype = column.dtype
    if isinstance(dtype, pd.api.extensions.ExtensionDtype) and not isinstance(
        dtype, pd.StringDtype
    ):
        return list(column)  # nullable Int64 and the like: numpy scalars, as itertuples gives
    return column.tolist()


def _document_events(text: str, refs: pd.DataFrame, dates: pd.DataFrame, used: set) -> list[dict]:
    """A document event per citation that carries its date."""
    out = []
    spans: _DateSpans | None = None
    for ref in _records(refs):
        if not ref.date or pd.isna(ref.date):
            continue
        spans = spans or _DateSpans(dates)
        span = spans.find(str(ref.date), ref.start)
        start, end = ref.start, ref.end
        if span:
            used.add(span)
            start, end = min(start, span[0]), max(end, span[1])
        symbol = ref.resolved_symbol if pd.notna(ref.resolved_symbol) else None
        line_start = text.rfind("\n", 0, ref.start) + 1
        out.append(
            _event(
                text,
                start,
                end,
                date=str(ref.date),
                precision="day",
                kind="document",
                action=_action(text[max(line_start, ref.start - 60) : ref.start]),
                symbol=symbol,
                family=ref.family if pd.notna(ref.family) else None,
                national=_is_national(symbol, ref.date, ref.issuer),
                level=getattr(ref, "level", None),
            )
        )
    return out


def _named_document(sentence: str) -> str | None:
    for pattern, symbol in _title_aliases():
        if pattern.search(sentence):
            return symbol
    return None


def _sentence_events(
    text: str, s_start: int, s_end: int, inside: list[Any], has_dated_ref: bool, used: set
) -> list[dict]:
    """Dated facts of one sentence that no citation carries: issuing/approving, meetings, other dates."""
    out = []
    sentence = text[s_start:s_end]
    for d in inside:
        span = (int(d.start), int(d.end))
        if span in used or str(d.precision) not in ("day", "month", "quarter"):
            continue
        if str(d.kind) == "page_dateline":  # the web page's date, not a fact of the text
            continue
        after = text[d.end : s_end]
        verb = re.match(
            "[^.;]{0,120}?(ban hành|phê duyệt|thông qua|ký ban hành)", after, re.IGNORECASE
        )
        before = text[s_start : d.start]
        meeting = _MEETING.search(sentence)
        if (
            verb
            and not has_dated_ref
            and (_NGAY.search(before) or str(d.raw).lower().startswith("ngày"))
        ):
            symbol = _named_document(sentence[d.end - s_start :])
            ok = symbol and (_national_dates().get(symbol) or "")[:4] in ("", str(d.value)[:4])
            symbol = symbol if ok else None
            out.append(
                _event(
                    text,
                    d.start,
                    d.end + verb.end(),
                    date=str(d.value),
                    precision=str(d.precision),
                    kind="document",
                    action=_action(verb.group(1)),
                    symbol=symbol,
                    national=bool(symbol and _is_national(symbol, d.value, None)),
                )
            )
        elif meeting:
            start, end = (
                min(meeting.start() + s_start, d.start),
                max(meeting.end() + s_start, d.end),
            )
            out.append(
                _event(
                    text,
                    start,
                    end,
                    date=str(d.value),
                    precision=str(d.precision),
                    kind="meeting",
                    action="meeting",
                )
            )
        else:
            deadline = str(d.kind) == "horizon" or _DEADLINE.search(before[-40:])
            action = "deadline" if deadline else "other"
            out.append(
                _event(
                    text,
                    d.start,
                    d.end,
                    date=str(d.value),
                    precision=str(d.precision),
                    kind="date",
                    action=action,
                )
            )
        used.add(span)
    return out


_RANKING_KINDS = ("ranking", "top", "score")
_NOT_TARGETS = ("horizon", "rank_change", "score_change")


def _target_events(text: str, targets: pd.DataFrame, index: _Index, used: set) -> list[dict]:
    """A ``ranking`` event per ranking or score; a ``target`` event per figure with a horizon year."""
    out = []
    for t in _records(targets):
        kind = str(t.kind)
        if kind in _RANKING_KINDS:
            when, precision = _ranking_date(t, index, used)
            rank, out_of = _value(getattr(t, "rank", None)), _value(getattr(t, "out_of", None))
            if kind == "score" or rank is None:
                value, unit = _value(t.value), _value(t.unit)
            else:
                value, unit = rank, f"rank/{int(out_of)}" if out_of is not None else "rank"
            out.append(
                _event(text, t.start, t.end, date=when, precision=precision, kind="ranking",
                       action="ranking", value=value, unit=unit)
            )  # fmt: skip
            continue
        year = _value(getattr(t, "year", None))
        if kind in _NOT_TARGETS or year is None:
            continue
        out.append(
            _event(text, t.start, t.end, date=str(int(year)), precision="year", kind="target",
                   action="deadline", value=_value(t.value), unit=_value(t.unit))
        )  # fmt: skip
    return out


def _value(x: Any) -> Any:
    return None if x is None or (not isinstance(x, str) and pd.isna(x)) else x


def _ranking_date(t: Any, index: _Index, used: set) -> tuple[Any, Any]:
    """When a ranking was announced (a day in its sentence), else the year it measures."""
    s_start, s_end = index.sentence_of(int(t.start))
    for d in index.dates_in(s_start, s_end):
        if str(d.precision) == "day":
            used.add((int(d.start), int(d.end)))
            return str(d.value), "day"
    year = _value(getattr(t, "year", None))
    return (str(int(year)), "year") if year is not None else (None, None)


class _Index:
    """Dates, sentences and dated citations of one document, looked up by offset."""

    def __init__(self, dates: pd.DataFrame, sentences: pd.DataFrame, refs: pd.DataFrame):
        self.dates = sorted(_records(dates), key=lambda d: d.start)  # stable, like sort_values
        self.date_starts = [int(d.start) for d in self.dates]
        spans = sorted(
            zip(
                sentences["start"].astype(int).tolist(),
                sentences["end"].astype(int).tolist(),
                strict=True,
            )
        )
        self.sentences = spans
        self.sentence_starts = [s for s, _ in spans]
        self.dated_refs = sorted(
            int(s)
            for s, d in zip(refs["start"].tolist(), refs["date"].tolist(), strict=True)
            if _value(d) is not None
        )

    def dates_in(self, start: int, end: int) -> list[Any]:
        lo, hi = bisect_left(self.date_starts, start), bisect_left(self.date_starts, end)
        return [d for d in self.dates[lo:hi] if int(d.end) <= end]

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self.sentence_starts, pos) - 1
        return self.sentences[i] if i >= 0 else (pos, pos)

    def has_dated_ref(self, start: int, end: int) -> bool:
        return bisect_left(self.dated_refs, start) < bisect_left(self.dated_refs, end)


def document_events(
    doc_id: str,
    text: str,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    primary_province: str | None,
    published: str | None,
    *,
    dates: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
    refs: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every dated fact in one document's body, with its province and evidence.

    kind: ``document`` (a citation with its date, or ``Ngày 03/6/2020, … phê duyệt …``),
    ``target`` (a target and its horizon year), ``ranking``, ``meeting`` (hội nghị/phiên họp with a
    date) or ``date`` (other dated facts). province: the one province other than the primary one
    that the sentence names, else ``primary_province``.
    Columns: ``schema.EVENTS`` (the last six: raw, action, value, unit, family, national).
    ``dates`` (``extract_dates(text, reference=published)``) and ``targets``
    (``extract_targets(text)``) save finding them again when the caller has them, and so do
    ``refs`` (``refs_with_dates(text, dates)``, left unchanged).
    """
    from dxcompare.extract.dates import extract_dates
    from dxcompare.extract.references import refs_with_dates, resolve_refs
    from dxcompare.extract.targets import extract_targets

    if dates is None:
        dates = extract_dates(text, reference=published)
    refs = refs_with_dates(text, dates) if refs is None else refs.copy()
    refs.insert(0, "doc_id", doc_id)
    refs = resolve_refs(refs)
    if targets is None:
        targets = extract_targets(text)
    used: set = set()
    index = _Index(dates, sentences, refs)
    rows = _document_events(text, refs, dates, used)
    rows += _target_events(text, targets, index, used)
    for s_start, s_end in index.sentences:
        inside = index.dates_in(s_start, s_end)
        if inside:
            has_ref = index.has_dated_ref(s_start, s_end)
            rows += _sentence_events(text, s_start, s_end, inside, has_ref, used)
    if not rows:
        return schema.empty(EVENT_COLUMNS)
    return _finish(rows, doc_id, sentences, mentions, primary_province)


def _finish(
    events: list[dict[str, Any]],
    doc_id: str,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    primary: str | None,
) -> pd.DataFrame:
    """Attach doc_id, sentence evidence and province; order by position.

    The rows are ordered and completed as plain dicts, and the frame is built once: pandas'
    inference per column as before, then the columns that may miss a value as objects with
    None (a column assignment and ``astype(object).where`` each per document cost more than
    the event rules).
    """
    # sort_values(["start", "end", "kind"], kind="stable"): a stable sort on the same keys
    events = sorted(events, key=lambda r: (r["start"], r["end"], r["kind"]))
    s_ids, s_texts = sentences["sentence_id"].tolist(), sentences["text"].tolist()
    s_starts, s_ends = sentences["start"].tolist(), sentences["end"].tolist()
    ordered = sorted(s_starts)  # the count of sentence starts at or before an event
    places = _Mentions(mentions)
    by_sentence: dict[int, str | None] = {}
    cache: dict[Any, Any] = {}
    for row in events:
        i = max(bisect_right(ordered, row["start"]) - 1, 0)
        if i not in by_sentence:
            by_sentence[i] = places.province(int(s_starts[i]), int(s_ends[i]), primary)
        p = by_sentence[i]
        row["doc_id"] = doc_id
        row["sentence_id"] = s_ids[i]
        row["sentence"] = s_texts[i]
        row["province"] = p
        row["province_2025"] = cache.setdefault(p, _province_2025(p, mentions)) if p else None
    frame = pd.DataFrame(events)
    columns: dict[str, Any] = {}
    for col in EVENT_COLUMNS:
        if col in _MAY_MISS:
            values = frame[col].to_numpy(
                dtype=object, copy=True
            )  # astype(object), then None for missing
            values[pd.isna(values)] = None
            columns[col] = pd.Series(values, dtype=object, copy=False)
        elif col == "national":
            columns[col] = frame[col].astype(bool)
        else:
            columns[col] = frame[col]
    return pd.DataFrame(columns, columns=EVENT_COLUMNS)


_MAY_MISS = frozenset(
    ("province", "province_2025", "date", "precision", "symbol", "value", "unit", "family")
)


# --------------------------------------------------------------------------------------------
# Corpus level
# --------------------------------------------------------------------------------------------


def _first_day(value: str, precision: str | None) -> tuple[Date | None, str | None]:
    """The first day of an ISO date at its precision, and a note when it is not a day."""
    value = str(value)
    try:
        if re.fullmatch("\\d{4}-\\d{2}-\\d{2}", value):
            return Date.fromisoformat(value), None
        if re.fullmatch("\\d{4}-\\d{2}", value):
            return Date(
                int(value[:4]), int(value[5:7]), 1
            ), "month precision: first day of the month"
        m = re.fullmatch("(\\d{4})-Q([1-4])", value)
        if m:
            return Date(
                int(m[1]), 3 * int(m[2]) - 2, 1
            ), "quarter precision: first day of the quarter"
        m = re.match("(\\d{4})", value)
        if m:
            return Date(int(m[1]), 1, 1), f"{precision or 'year'} precision: 1 January"
    except ValueError:
        return None, "unreadable date"
    return None, "no date"


def align_to_national(events: pd.DataFrame, reference: str = NATIONAL_PROGRAMME) -> pd.DataFrame:
    """Add ``days_after_reference`` (and ``alignment_note``) to each provincial document event.

    The reference date comes from ``national_documents()``, else from the events citing it.
    A month- or year-precision date is counted from its first day, and the note says so.
    Example: Quyết định 4098/QĐ-UBND (Hà Nội, 2021-09-06) is 460 days after 749/QĐ-TTg.
    """
    out = events.copy()
    ref_date = _reference_date(events, reference)
    days: list[Any] = []
    notes: list[Any] = []
    for row in out.itertuples():
        provincial = row.kind == "document" and not bool(row.national)
        if not provincial or ref_date is None or row.date is None or pd.isna(row.date):
            days.append(pd.NA)
            notes.append(None if ref_date else f"no date known for {reference}")
            continue
        when, note = _first_day(row.date, row.precision)
        days.append((when - ref_date).days if when else pd.NA)
        notes.append(note)
    out["days_after_reference"] = pd.array(days, dtype="Int64")
    out["alignment_note"] = pd.Series(notes, index=out.index, dtype=object)
    return out


def _reference_date(events: pd.DataFrame, reference: str) -> Date | None:
    known = _national_dates().get(reference)
    if known:
        return Date.fromisoformat(known)
    cited = events[(events["symbol"] == reference) & (events["precision"] == "day")][
        "date"
    ].dropna()
    if len(cited):
        return Date.fromisoformat(str(cited.mode().iloc[0]))
    return None


def citation_table(
    doc_refs: pd.DataFrame, documents: pd.DataFrame, by: str = "primary_province"
) -> pd.DataFrame:
    """Which documents each group's texts cite.

    Columns: group, symbol (resolved when possible; ``Quyết định số 8258`` style label when not),
    type_name, family, national, n_citations (citations), n_documents (distinct citing documents).
    """
    columns = ["group", "symbol", "type_name", "family", "national", "n_citations", "n_documents"]
    if doc_refs.empty:
        return schema.empty(columns)
    refs = doc_refs.copy()
    for col in refs.columns:
        if isinstance(refs[col].dtype, pd.CategoricalDtype):
            refs[col] = refs[col].astype(object)
    if "resolved_symbol" not in refs:
        from dxcompare.extract.references import resolve_refs

        refs = resolve_refs(refs, documents, by=by)
    # a corpus-level table in the extract stage: the analysis stage is imported only when used
    from dxcompare.analyze.grouping import doc_groups

    refs["group"] = refs["doc_id"].astype(str).map(doc_groups(documents, by))
    label = refs["type_name"].astype(str) + " số " + refs["number"].astype(str)
    refs["label"] = refs["resolved_symbol"].where(refs["resolved_symbol"].notna(), label)
    refs["is_national"] = [
        _is_national(s, d, i)
        for s, d, i in zip(refs["resolved_symbol"], refs["date"], refs["issuer"], strict=True)
    ]
    table = (
        refs.groupby(["group", "label"], dropna=False, sort=True)
        .agg(
            type_name=("type_name", "first"),
            family=("family", lambda s: s.dropna().iloc[0] if s.notna().any() else None),
            national=("is_national", "any"),
            n_citations=("doc_id", "size"),
            n_documents=("doc_id", "nunique"),
        )
        .reset_index()
        .rename(columns={"label": "symbol"})
    )
    table = table.sort_values(["group", "n_citations", "symbol"], ascending=[True, False, True])
    return table[columns].reset_index(drop=True)
