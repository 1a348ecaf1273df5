"""The timeline figure: every province's dated events on one axis, against the national documents.

    >>> fig = plot_swimlane(corpus.events)                      # doctest: +SKIP

The tables it draws (``timeline_table``, ``lag_table``, ``first_responses``, ...) are in
:mod:`dxcompare.analyze.timelines` and still import from here. Dates known only to the month or
year count from their first day and are drawn hollow. Plotting functions return a
:class:`matplotlib.figure.Figure` and never call ``plt.show``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from dxcompare.analyze.grouping import By
from dxcompare.analyze.timelines import (  # the tables: in analyze/, importable from here as before
    LAG_COLUMNS,
    REFERENCE,
    event_day,
    first_responses,
    lag_table,
    national_reference,
    timeline_table,
)
from dxcompare.extract.events import align_to_national
from dxcompare.plot.labels import figure_label

__all__ = [
    "plot_swimlane", "KIND_STYLE", "NATIONAL_LANE",
    "LAG_COLUMNS", "REFERENCE", "event_day", "first_responses", "lag_table", "national_reference",
    "timeline_table",
]  # fmt: skip

NATIONAL_LANE = "National documents"
KIND_STYLE = {  # marker, colour, legend label
    "document": ("s", "#1f5fa8", "document issued / approved"),
    "meeting": ("o", "#2a9d4a", "meeting, conference"),
    "target": ("^", "#d9822b", "target (its horizon)"),
    "ranking": ("D", "#8e44ad", "ranking, score"),
    "date": (".", "#7f7f7f", "other dated fact"),
}


def _plain(text: Any) -> str:
    """Text for a matplotlib label: ``$`` would start mathtext (and a stray one raises)."""
    return str(text).replace("$", r"\$")


def plot_swimlane(
    events: pd.DataFrame,
    national: pd.DataFrame | None = None,
    provinces: Sequence[str] | None = None,
    *,
    by: By = "province",
    reference: str = REFERENCE,
    label_documents: bool = True,
    documents: pd.DataFrame | None = None,
    lang: str = "en",
) -> Figure:
    """One lane per province with its dated events (marker by kind), under a lane of national
    documents; a dashed line marks the reference (749/QĐ-TTg, 03/6/2020).

    ``events`` is ``corpus.events``; ``national`` a table like
    :func:`~dxcompare.events.national_documents` (default: the national documents the events
    cite); ``provinces`` the lanes to show (default: every province with a dated event).
    Document events are labelled with their number and their lag in days after the reference.
    ``by`` and ``documents``: as :func:`timeline_table`. ``lang``: "en" or "vi", the title,
    legend and lane names.
    """
    table = timeline_table(events, provinces, by, documents=documents)
    table = table[~((table["kind"] == "document") & table["national"].astype(bool))]
    lags = (
        align_to_national(table, reference)
        if len(table)
        else table.assign(days_after_reference=None)
    )
    nat = national_reference(events, national, reference)
    lanes = list(provinces) if provinces is not None else sorted(table["group"].unique())
    fig = Figure(figsize=(11, 0.7 * (len(lanes) + 1) + 2.2), layout="constrained")
    ax = fig.subplots()
    rows = {lane: i + 1 for i, lane in enumerate(reversed(lanes))}
    top = len(lanes) + 1
    _draw_national(ax, nat, top, reference)
    for kind, (marker, colour, _) in KIND_STYLE.items():
        part = lags[lags["kind"] == kind]
        if part.empty:
            continue
        precise = (part["precision"] == "day").to_numpy()
        y = [rows[g] for g in part["group"]]
        x = list(part["day"])
        for mask, face in ((precise, colour), (~precise, "none")):
            ax.scatter([d for d, m in zip(x, mask, strict=True) if m],
                       [v for v, m in zip(y, mask, strict=True) if m], marker=marker, s=60,
                       facecolors=face, edgecolors=colour, linewidths=1.4, zorder=3)  # fmt: skip
    if label_documents:
        _label_documents(ax, lags, rows, lang)
    ax.set_yticks(
        list(rows.values()) + [top],
        [_plain(g) for g in rows] + [figure_label("national_lane", lang)],
    )
    ax.set_ylim(0.4, top + 0.9)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.legend(handles=_legend_handles(lags, lang), loc="upper left", bbox_to_anchor=(1.01, 1),
              frameon=False, fontsize=8)  # fmt: skip
    ax.set_title(figure_label("swimlane_title", lang, reference=_plain(reference)))
    if not len(lags) and nat.empty:
        ax.text(0.5, 0.5, figure_label("no_event", lang), transform=ax.transAxes, ha="center")
    return fig


def _draw_national(ax: Any, nat: pd.DataFrame, lane: int, reference: str) -> None:
    for i, row in enumerate(nat.itertuples(index=False)):
        is_ref = row.symbol == reference
        ax.scatter([row.day], [lane], marker="*" if is_ref else "v", s=140 if is_ref else 70,
                   color="#b22222" if is_ref else "#333333", zorder=4)  # fmt: skip
        ax.annotate(_plain(row.symbol), (row.day, lane), xytext=(0, 8 + 9 * (i % 2)),
                    textcoords="offset points", ha="center", fontsize=7)  # fmt: skip
        if is_ref:
            ax.axvline(row.day, color="#b22222", linestyle="--", linewidth=1, zorder=1)


def _label_documents(ax: Any, lags: pd.DataFrame, rows: dict[str, int], lang: str = "en") -> None:
    day = figure_label("days_short", lang)
    docs = lags[(lags["kind"] == "document") & ~lags["national"].astype(bool)]
    for i, row in enumerate(docs.itertuples(index=False)):
        days = row.days_after_reference
        lag = (
            ""
            if days is None or pd.isna(days)
            else f" (+{int(days)} {day})"
            if days >= 0
            else f" ({int(days)} {day})"
        )
        name = row.symbol if isinstance(row.symbol, str) else _document_name(row.raw)
        ax.annotate(_plain(name + lag), (row.day, rows[row.group]), xytext=(4, 7 - 16 * (i % 2)),
                    textcoords="offset points", fontsize=7, color="#1f3f68")  # fmt: skip


# "Quyết định số 8258" at the end of "... Thành ủy Hà Nội cũng đã ban hành Quyết định số 8258"
_NAMED = re.compile(
    r"(?:Quyết định|Nghị quyết|Nghị định|Kế hoạch|Chỉ thị|Chương trình|Đề án|Công văn|Thông tư"
    r"|Thông báo|Kết luận|Chiến lược|Hướng dẫn)\s+(?:số\s+)?\S+\s*$",
    re.IGNORECASE,
)


def _document_name(raw: Any) -> str:
    """A short label for a document cited without a full number: its type and number."""
    match = _NAMED.search(str(raw))
    return match.group(0).strip() if match else "document"


def _legend_handles(lags: pd.DataFrame, lang: str = "en") -> list[Any]:
    from matplotlib.lines import Line2D

    kinds = [k for k in KIND_STYLE if k in set(lags["kind"])] if len(lags) else []
    handles = [
        Line2D(
            [],
            [],
            marker=KIND_STYLE[k][0],
            color=KIND_STYLE[k][1],
            linestyle="",
            markersize=7,
            label=figure_label(f"kind_{k}", lang),
        )  # fmt: skip
        for k in kinds
    ]
    handles.append(Line2D([], [], marker="o", markerfacecolor="none", color="#555555",
                          linestyle="", label=figure_label("hollow", lang)))  # fmt: skip
    handles.append(
        Line2D(
            [], [], color="#b22222", linestyle="--", label=figure_label("national_programme", lang)
        )
    )
    return handles
