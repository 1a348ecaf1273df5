"""Figures of theme tables: a heatmap, pillar shares, one group's largest themes.

Every plotting function returns a :class:`matplotlib.figure.Figure` (shown by Jupyter, saved with
``fig.savefig``); none calls ``plt.show``.

    >>> fig = plot_theme_heatmap(theme_table(coded, corpus))              # doctest: +SKIP
    >>> fig = plot_pillar_shares(theme_table(coded, corpus, level="pillar"))  # doctest: +SKIP

The tables beside them moved to ``analyze/`` and still import from here: ``theme_kwic`` and
``kwic_html`` (:mod:`dxcompare.analyze.kwic`), ``group_theme_shares``
(:mod:`dxcompare.analyze.themes`).
"""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from dxcompare._text.marks import unmarked_same_length
from dxcompare.analyze.codebook import NONE_ID, Codebook
from dxcompare.analyze.kwic import KWIC, SafeHTML, kwic_html, theme_kwic
from dxcompare.analyze.themes import (
    ADJUSTED,
    TABLE,
    group_theme_shares,
    table_codebook,
    theme_label,
)
from dxcompare.errors import ParameterError
from dxcompare.plot.labels import figure_label

__all__ = [
    "plot_theme_heatmap", "plot_pillar_shares", "plot_group_themes",
    # tables, importable from here as before
    "KWIC", "SafeHTML", "group_theme_shares", "kwic_html", "theme_kwic", "unmarked_same_length",
]  # fmt: skip

_VALUES = {"share": ".0%", "share_adjusted": ".0%", "rate_per_1000": ".1f", "n_sentences": "d"}
# The interval columns of each value a bar chart can show.
_INTERVALS = {"share": ("ci_low", "ci_high"), "share_adjusted": ("adj_ci_low", "adj_ci_high")}


def plot_theme_heatmap(
    table: pd.DataFrame,
    *,
    value: str = "share",
    codebook: Codebook | None = None,
    lang: str = "en",
    include_none: bool = False,
    annot: bool = True,
    cmap: str = "rocket_r",
) -> Figure:
    """Themes (in codebook order, grouped by pillar) x groups, coloured by ``value``.

    ``table`` is :func:`~dxcompare.themes.theme_table` output; ``value`` one of "share",
    "share_adjusted" (needs ``theme_table(..., strata="kind")``), "rate_per_1000",
    "n_sentences"; ``lang`` "en" or "vi" for the theme labels, the title and the colour bar.

    Labels are never cut: a theme's full label is wrapped over lines. With more than
    :data:`THEMES_AS_COLUMNS` themes (the theme level) the themes are the rows, so their labels
    read horizontally; a few (the pillars) are columns beside the groups' rows. Cell numbers are
    printed at 10 pt, in white on dark cells.
    """
    _check_value(table, value, _VALUES)
    cb = table_codebook(table, codebook)
    data = table if include_none else table[table["theme_id"] != NONE_ID]
    order = [t for t in [*cb.themes, NONE_ID] if t in set(data["theme_id"])]
    order += sorted(set(data["theme_id"]) - set(order))
    grid = data.pivot_table(
        index="group", columns="theme_id", values=value, aggfunc="first"
    ).reindex(columns=order)
    themes_as_rows = len(order) > THEMES_AS_COLUMNS
    labels = [theme_label(cb, t, lang) for t in order]
    if themes_as_rows:
        grid = grid.T
        grid.index = [textwrap.fill(label, 34) for label in labels]
        grid.columns = [textwrap.fill(str(g), 14) for g in grid.columns]
        lines = sum(label.count("\n") + 1 for label in grid.index)
        size = (
            max(6.0, 1.1 * len(grid.columns) + 4.2),
            max(4.0, 0.2 * lines + 0.2 * len(grid) + 2),
        )
    else:
        grid.columns = [textwrap.fill(label, 16) for label in labels]
        grid.index = [textwrap.fill(str(g), 30) for g in grid.index]
        size = (max(6.0, 1.35 * len(order) + 3), 0.5 * len(grid) + 2.5)
    fig = Figure(figsize=size, layout="constrained")
    ax = fig.subplots()
    fmt = _VALUES[value]
    import seaborn as sns  # here, not at import: seaborn pulls in pyplot and ipywidgets (~1 s)

    sns.heatmap(grid.astype(float), ax=ax, cmap=cmap, annot=annot, fmt=fmt.replace("d", ".0f"),
                annot_kws={"fontsize": 10}, cbar_kws={"label": _value_name(value, lang), "shrink": 0.6},
                linewidths=0.3)  # fmt: skip
    ax.tick_params(axis="both", labelsize=9, labelrotation=0)  # horizontal: wrapped, not cut
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    _pillar_separators(ax, cb, order, horizontal=themes_as_rows)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(
        figure_label(
            "heatmap_title", lang, by=_by_name(table, lang), value=_value_name(value, lang)
        )
    )
    return fig


# More themes than this (the theme level, ~30) are drawn as rows; fewer (the pillars) as columns.
THEMES_AS_COLUMNS = 8


def _check_value(table: pd.DataFrame, value: str, allowed: dict) -> None:
    if value not in allowed:
        raise ParameterError(f"value={value!r}: use one of {', '.join(allowed)}")
    if value not in table.columns:
        raise ParameterError(
            f"the table has no {value!r} column: build it with theme_table(..., strata='kind')"
        )


def _pillar_separators(ax: Any, cb: Codebook, order: list[str], horizontal: bool = False) -> None:
    pillars = [cb.pillar_of(t) if t in cb else t for t in order]
    for i in range(1, len(pillars)):
        if pillars[i] != pillars[i - 1]:
            (ax.axhline if horizontal else ax.axvline)(i, color="white", linewidth=2.5)


def _by_name(table: pd.DataFrame, lang: str = "en") -> str:
    """The by= columns of ``table`` as a reader names them ("primary_province / kind" in
    English, as before; "Tỉnh / loại văn bản" in Vietnamese)."""
    extra = [c for c in table.columns if c not in ("group", "theme_id") and c not in _TABLE_STATS]
    if not extra:
        return figure_label("group", lang)
    if lang == "en":
        return " / ".join(extra)
    named = [
        figure_label("province", lang) if "province" in c else figure_label("kind", lang)
        if c == "kind" else c
        for c in extra
    ]  # fmt: skip
    return " / ".join(named)


def _value_name(value: str, lang: str) -> str:
    """A value column as the figure names it: "share" ("tỷ lệ" in Vietnamese)."""
    return value.replace("_", " ") if lang == "en" else figure_label(value, lang)


# The statistics of a theme table; any other column (beside group, theme_id) is a by= column.
_TABLE_STATS = set(TABLE + ADJUSTED) - {"group", "theme_id"}


def plot_pillar_shares(
    table: pd.DataFrame,
    *,
    value: str = "share",
    codebook: Codebook | None = None,
    lang: str = "en",
    include_none: bool = False,
) -> Figure:
    """Share of each group's body sentences per pillar, bars with the bootstrap interval.

    ``table`` is ``theme_table(coded, corpus, by=..., level="pillar")``. A sentence can touch
    several pillars, so a group's bars need not sum to 1. ``value="share_adjusted"`` shows the
    kind-standardized shares of ``theme_table(..., level="pillar", strata="kind")``.
    """
    _check_value(table, value, _INTERVALS)
    lo_col, hi_col = _INTERVALS[value]
    cb = table_codebook(table, codebook)
    pillars = [p for p in cb.pillars if p in set(table["theme_id"])]
    if not pillars:
        raise ParameterError(
            "no pillar rows in the table: build it with theme_table(..., level='pillar')"
        )
    if include_none:
        pillars.append(NONE_ID)
    groups = sorted(table["group"].unique())
    fig = Figure(figsize=(max(6.0, 1.2 * len(groups) + 3), 4.5), layout="constrained")
    ax = fig.subplots()
    width = 0.8 / len(pillars)
    import seaborn as sns  # see plot_theme_heatmap

    colors = sns.color_palette("colorblind", len(pillars))
    for k, pillar in enumerate(pillars):
        rows = table[table["theme_id"] == pillar].set_index("group").reindex(groups)
        x = np.arange(len(groups)) + (k - (len(pillars) - 1) / 2) * width
        err = np.vstack([rows[value] - rows[lo_col], rows[hi_col] - rows[value]]).clip(min=0)
        has_ci = not np.isnan(err).all()
        ax.bar(x, rows[value], width, label=theme_label(cb, pillar, lang), color=colors[k],
               yerr=err if has_ci else None, capsize=3, error_kw={"linewidth": 1})  # fmt: skip
    ax.set_xticks(
        np.arange(len(groups)),
        groups,
        rotation=30 if len(groups) > 5 else 0,
        ha="right" if len(groups) > 5 else "center",
    )
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    adjusted = figure_label("standardized", lang) if value == "share_adjusted" else ""
    ax.set_ylabel(figure_label("share_of_sentences", lang) + adjusted)
    ax.set_title(figure_label("pillars_title", lang))
    ax.legend(frameon=False, fontsize=8)
    return fig


def plot_group_themes(
    table: pd.DataFrame,
    coded: pd.DataFrame,
    group: str,
    n: int = 10,
    *,
    codebook: Codebook | None = None,
    lang: str = "en",
) -> Figure:
    """One group's ``n`` largest themes: bars with the bootstrap interval, dots for the corpus.

    The bars are :func:`group_theme_shares` (largest at the top); a black dot on each bar is the
    theme's share of the whole corpus's body sentences, so a bar far right of its dot is a theme
    the group stresses more than the corpus does.
    """
    rows = group_theme_shares(table, coded, group, n, codebook=codebook, lang=lang).iloc[::-1]
    fig = Figure(figsize=(8, 0.35 * len(rows) + 1.4), layout="constrained")
    ax = fig.subplots()
    ax.set_title(figure_label("group_themes_title", lang, group=_plain(group)), fontsize=10)
    if rows.empty:
        ax.text(0.5, 0.5, figure_label("no_theme", lang), transform=ax.transAxes, ha="center")
        return fig
    y = np.arange(len(rows))
    err = np.vstack([rows["share"] - rows["ci_low"], rows["ci_high"] - rows["share"]]).clip(min=0)
    has_ci = not np.isnan(err).all()
    ax.barh(y, rows["share"], xerr=err if has_ci else None, color="#4c72b0",
            error_kw={"linewidth": 1})  # fmt: skip
    ax.plot(rows["corpus_share"], y, "o", color="black", label=figure_label("whole_corpus", lang))
    ax.set_yticks(y, [_plain(t) for t in rows["theme"]])
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel(figure_label("share_of_sentences", lang))
    ax.legend(frameon=False, fontsize=8)
    return fig


def _plain(text: Any) -> str:
    """Text for a matplotlib label: ``$`` would start mathtext (and a stray one raises)."""
    return str(text).replace("$", r"\$")
