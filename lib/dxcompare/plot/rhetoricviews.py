"""Views of word statistics: a two-sided keyness plot (like quanteda's ``textplot_keyness``).

Plotting functions return a :class:`matplotlib.figure.Figure` (shown by Jupyter, saved with
``fig.savefig``); none calls ``plt.show``.

    >>> fig = plot_keyness(keyness(corpus), target="Bình Định", n=20)            # doctest: +SKIP
    >>> fig = plot_keyness(keyness(corpus, target="Hà Nội", reference="Hải Phòng"))  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from dxcompare.analyze.vocabulary import group_label
from dxcompare.errors import ParameterError
from dxcompare.plot.labels import figure_label

_SCORE_LABELS = {
    "z": "weighted log-odds z-score (Monroe et al. 2008)",
    "chi2": "signed chi-square (Yates-corrected where small)",
    "G2": "signed likelihood ratio G2",
}


def _score_column(table: pd.DataFrame) -> str:
    for column in _SCORE_LABELS:
        if column in table.columns:
            return column
    raise ParameterError(
        "the table has no z, chi2 or G2 column. Fix: pass the output of dxcompare.keyness(...)"
    )


def _rows_of(table: pd.DataFrame, target: Any) -> tuple[pd.DataFrame, str]:
    groups = sorted(set(table["group"]))
    if target is None:
        if len(groups) != 1:
            raise ParameterError(
                f"the table compares {len(groups)} groups. Fix: plot_keyness(table, "
                f"target=<one of {', '.join(groups)}>)"
            )
        label = groups[0]
    else:
        label = group_label(target)
        if label not in groups:
            raise ParameterError(
                f"target {target!r} is not in the table. Fix: use one of {', '.join(groups) or '(none: the table is empty)'}"
            )
    return table[table["group"] == label], label


def plot_keyness(
    table: pd.DataFrame,
    target: Any = None,
    n: int = 20,
    *,
    colors: tuple[str, str] = ("#1f77b4", "#9a9a9a"),
    min_count: int = 1,
    lang: str = "en",
) -> Figure:
    """Horizontal bars: the target's ``n`` most distinctive words above, the reference's below.

    ``table`` is :func:`~dxcompare.keywords.keyness` output (any method); ``target`` picks one group
    when it holds several (``target=None`` when it holds one). The top half has the words with the
    highest positive scores (the target uses them more), the bottom half the most negative
    (the reference uses them more: the rest of the corpus, or the other group of a pair), each
    word written at the end of its bar in its usual surface form. ``min_count`` hides words seen
    fewer times in the two sides together. ``lang``: "en" or "vi", the words of the figure.
    """
    score = _score_column(table)
    rows, label = _rows_of(table, target)
    rows = rows[(rows["n_group"] + rows["n_rest"]) >= min_count]
    reference = str(rows["reference"].iloc[0]) if len(rows) else "rest"
    ref_label = figure_label("rest_of_corpus", lang) if reference == "rest" else reference
    ordered = rows.sort_values([score, "token"], ascending=[False, True], kind="stable")
    top = ordered[ordered[score] > 0].head(n)
    bottom = ordered[ordered[score] < 0].tail(n)
    shown = pd.concat([top, bottom])
    fig = Figure(figsize=(8.0, 1.6 + 0.24 * max(len(shown), 4)), layout="constrained")
    ax = fig.subplots()
    if shown.empty:
        ax.text(
            0.5,
            0.5,
            figure_label("no_word_differs", lang),
            ha="center",
            va="center",
            transform=ax.transAxes,
        )
    _draw_bars(ax, shown, score, colors)
    ax.set_title(figure_label("keyness_title", lang, group=label, reference=ref_label))
    ax.set_xlabel(figure_label(f"score_{score}", lang))
    ax.legend(
        handles=[Patch(color=colors[0], label=label), Patch(color=colors[1], label=ref_label)],
        loc="lower right", fontsize=8, frameon=False,
    )  # fmt: skip
    return fig


def _draw_bars(ax: Any, shown: pd.DataFrame, score: str, colors: tuple[str, str]) -> None:
    values = shown[score].to_numpy(dtype=float)
    words = shown["display"].fillna(shown["token"]) if "display" in shown else shown["token"]
    y = list(range(len(shown)))[::-1]
    ax.barh(y, values, color=[colors[0] if v > 0 else colors[1] for v in values], height=0.75)
    span = max(abs(values).max(), 1e-9) if len(values) else 1.0
    pad = 0.02 * span
    for yi, v, word in zip(y, values, words, strict=True):
        ax.text(v + (pad if v > 0 else -pad), yi, word, va="center",
                ha="left" if v > 0 else "right", fontsize=8)  # fmt: skip
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_yticks([])
    ax.set_xlim(-1.45 * span if (values < 0).any() else -0.05 * span, 1.45 * span)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


# A word right of this line differs clearly from the rest: the threshold the reports' findings
# and methods use (|z| >= 2, about the 5% level).
CLEAR_Z = 2.0


def plot_keyness_dots(
    table: pd.DataFrame,
    n: int = 8,
    *,
    min_count: int = 2,
    columns: int = 3,
    color: str = "#1f5f9e",
    lang: str = "en",
) -> Figure:
    """One small panel per group: its ``n`` most distinctive words as dots on a shared z axis.

    A figure a journal would print instead of a comparison cloud: word size in a cloud cannot be
    read as a number, a dot's position can. ``table`` is :func:`~dxcompare.keywords.keyness`
    output with several groups (each against the rest); words seen fewer than ``min_count``
    times in all are left out (one mention is no evidence). The dashed line marks z = 2:
    words right of it differ clearly; a panel with no such word says so in its title.
    ``lang``: "en" or "vi", the words of the figure.

    >>> fig = plot_keyness_dots(keyness(corpus, by="primary_province"), n=8)   # doctest: +SKIP
    """
    import math

    score = _score_column(table)
    counted = {"n_group", "n_rest"} <= set(table.columns)
    rows = table[(table["n_group"] + table["n_rest"]) >= min_count] if counted else table
    groups = sorted(set(table["group"]))
    if not groups:
        raise ParameterError(
            "the keyness table is empty. Fix: pass dxcompare.keyness(corpus) output"
        )
    ncols = max(1, min(columns, len(groups)))
    nrows = math.ceil(len(groups) / ncols)
    fig = Figure(figsize=(4.1 * ncols, nrows * (0.3 * n + 1.3)), layout="constrained")
    axes = fig.subplots(nrows, ncols, sharex=True, squeeze=False).ravel()
    top = rows[rows[score] > 0]
    top = top.sort_values(["group", score, "token"], ascending=[True, False, True], kind="stable")
    high = float(top[score].max()) if len(top) else CLEAR_Z
    for ax, group in zip(axes, groups, strict=False):
        mine = top[top["group"] == group].head(n)
        words = mine["display"].fillna(mine["token"]) if "display" in mine else mine["token"]
        y = list(range(len(mine)))[::-1]
        values = mine[score].to_numpy(dtype=float)
        ax.hlines(y, 0, values, color="#c8c8c8", linewidth=1)
        ax.plot(values, y, "o", color=color, markersize=6)
        ax.set_yticks(y, [str(w) for w in words], fontsize=10)
        ax.axvline(CLEAR_Z, color="#888", linestyle="--", linewidth=0.8)
        clear = int((values >= CLEAR_Z).sum())
        note = figure_label("n_clear", lang, n=clear) if clear else figure_label("none_clear", lang)
        ax.set_title(f"{group}\n({note})", fontsize=10)
        ax.set_ylim(-0.7, max(n, 1) - 0.3)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        if not len(mine):
            ax.text(0.5, 0.5, figure_label("no_word_here", lang), ha="center", va="center",
                    transform=ax.transAxes, fontsize=9)  # fmt: skip
    for ax in axes[len(groups) :]:
        ax.set_visible(False)
    axes[0].set_xlim(0, max(high, CLEAR_Z) * 1.12)
    dashed = figure_label("dashed_z", lang, z=CLEAR_Z)
    fig.supxlabel(f"{figure_label(f'score_{score}', lang)}; {dashed}", fontsize=9)
    fig.suptitle(figure_label("dots_title", lang), fontsize=11)
    return fig


__all__ = ["plot_keyness", "plot_keyness_dots"]
