"""Views of theme tables: figures to look at and a keyword-in-context table to read the evidence.

Every plotting function returns a :class:`matplotlib.figure.Figure` (shown by Jupyter, saved with
``fig.savefig``); none calls ``plt.show``.

    >>> fig = plot_theme_heatmap(theme_table(coded, corpus))              # doctest: +SKIP
    >>> fig = plot_pillar_shares(theme_table(coded, corpus, level="pillar"))  # doctest: +SKIP
    >>> theme_kwic(corpus, coded, theme="youth_mass_orgs")                # doctest: +SKIP
    >>> theme_kwic(corpus, phrase="tổ công nghệ số cộng đồng")            # doctest: +SKIP
    >>> kwic_html(theme_kwic(corpus, phrase="VNeID"))                     # doctest: +SKIP

Documents are written by strangers: text is data, never markup. The KWIC table is a plain
DataFrame (pandas escapes it when Jupyter shows it); :func:`kwic_html` escapes every cell itself.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from dxcompare.analyze.codebook import (
    NONE_ID,
    Codebook,
    compile_pattern,
    fold_same_length,
    load_codebook,
)
from dxcompare.analyze.themes import ADJUSTED, TABLE, code_themes
from dxcompare.errors import ParameterError

if TYPE_CHECKING:  # the type only: importing the corpus module here would load it eagerly
    from dxcompare.corpus.build import Corpus

KWIC = [
    "doc_id", "sentence_id", "theme_id", "left", "keyword", "right", "sentence", "start", "end",
    "line_no", "original",
]  # fmt: skip
_VALUES = {"share": ".0%", "share_adjusted": ".0%", "rate_per_1000": ".1f", "n_sentences": "d"}
# The interval columns of each value a bar chart can show.
_INTERVALS = {"share": ("ci_low", "ci_high"), "share_adjusted": ("adj_ci_low", "adj_ci_high")}


def _codebook_of(table: pd.DataFrame, codebook: Codebook | None) -> Codebook:
    return codebook or table.attrs.get("codebook") or load_codebook()


def _label(cb: Codebook, theme_id: str, lang: str) -> str:
    return cb.label(theme_id, lang) if theme_id == NONE_ID or theme_id in cb else theme_id


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
    "n_sentences"; ``lang`` "en" or "vi" for the theme labels.

    Labels are never cut: a theme's full label is wrapped over lines. With more than
    :data:`THEMES_AS_COLUMNS` themes (the theme level) the themes are the rows, so their labels
    read horizontally; a few (the pillars) are columns beside the groups' rows. Cell numbers are
    printed at 10 pt, in white on dark cells.
    """
    _check_value(table, value, _VALUES)
    cb = _codebook_of(table, codebook)
    data = table if include_none else table[table["theme_id"] != NONE_ID]
    order = [t for t in [*cb.themes, NONE_ID] if t in set(data["theme_id"])]
    order += sorted(set(data["theme_id"]) - set(order))
    grid = data.pivot_table(
        index="group", columns="theme_id", values=value, aggfunc="first"
    ).reindex(columns=order)
    themes_as_rows = len(order) > THEMES_AS_COLUMNS
    labels = [_label(cb, t, lang) for t in order]
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
    sns.heatmap(grid.astype(float), ax=ax, cmap=cmap, annot=annot, fmt=fmt.replace("d", ".0f"),
                annot_kws={"fontsize": 10}, cbar_kws={"label": value, "shrink": 0.6},
                linewidths=0.3)  # fmt: skip
    ax.tick_params(axis="both", labelsize=9, labelrotation=0)  # horizontal: wrapped, not cut
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    _pillar_separators(ax, cb, order, horizontal=themes_as_rows)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(f"Themes by {_by_name(table)}: {value.replace('_', ' ')} of body sentences")
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


def _by_name(table: pd.DataFrame) -> str:
    extra = [c for c in table.columns if c not in ("group", "theme_id") and c not in _TABLE_STATS]
    return " / ".join(extra) if extra else "group"


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
    cb = _codebook_of(table, codebook)
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
    colors = sns.color_palette("colorblind", len(pillars))
    for k, pillar in enumerate(pillars):
        rows = table[table["theme_id"] == pillar].set_index("group").reindex(groups)
        x = np.arange(len(groups)) + (k - (len(pillars) - 1) / 2) * width
        err = np.vstack([rows[value] - rows[lo_col], rows[hi_col] - rows[value]]).clip(min=0)
        has_ci = not np.isnan(err).all()
        ax.bar(x, rows[value], width, label=_label(cb, pillar, lang), color=colors[k],
               yerr=err if has_ci else None, capsize=3, error_kw={"linewidth": 1})  # fmt: skip
    ax.set_xticks(
        np.arange(len(groups)),
        groups,
        rotation=30 if len(groups) > 5 else 0,
        ha="right" if len(groups) > 5 else "center",
    )
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    adjusted = " (standardized to the corpus mix of kinds)" if value == "share_adjusted" else ""
    ax.set_ylabel("share of body sentences" + adjusted)
    ax.set_title("Pillars by group (bars: bootstrap interval)")
    ax.legend(frameon=False, fontsize=8)
    return fig


def group_theme_shares(
    table: pd.DataFrame,
    coded: pd.DataFrame,
    group: str,
    n: int = 10,
    *,
    codebook: Codebook | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """The ``n`` themes with the largest share of one group's body sentences, largest first.

    ``table`` is ``theme_table(coded, corpus, by=...)``; only themes the group has (share > 0)
    are kept. Columns: those of ``table``, plus ``theme`` (its label in ``lang``) after
    ``theme_id`` and ``corpus_share``: the share of every body sentence of ``coded`` carrying
    the theme (for comparison). An unknown group is a ParameterError naming the groups.
    """
    _check_value(table, "share", _INTERVALS)
    if group not in set(table["group"]):
        known = ", ".join(sorted(map(str, set(table["group"]))))
        raise ParameterError(f"group {group!r} is not in the table. Fix: use one of {known}")
    cb = _codebook_of(coded, codebook)
    rows = table[(table["group"] == group) & (table["theme_id"] != NONE_ID) & (table["share"] > 0)]
    rows = rows.sort_values(["share", "theme_id"], ascending=[False, True], kind="stable").head(n)
    rows = rows.reset_index(drop=True)
    rows.insert(rows.columns.get_loc("theme_id") + 1, "theme",
                [_label(cb, t, lang) for t in rows["theme_id"]])  # fmt: skip
    rows["corpus_share"] = rows["theme_id"].map(_corpus_shares(coded)).fillna(0.0)
    return rows


def _corpus_shares(coded: pd.DataFrame) -> pd.Series:
    """theme_id -> share of all coded body sentences carrying it (a sentence counted once)."""
    sentences = coded[["doc_id", "sentence_id"]].drop_duplicates()
    themed = coded[coded["theme_id"] != NONE_ID].drop_duplicates(
        ["doc_id", "sentence_id", "theme_id"]
    )
    return themed.groupby("theme_id").size() / max(len(sentences), 1)


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
    ax.set_title(f"Themes of {_plain(group)} (bars: bootstrap interval)", fontsize=10)
    if rows.empty:
        ax.text(0.5, 0.5, "no body sentence with a theme", transform=ax.transAxes, ha="center")
        return fig
    y = np.arange(len(rows))
    err = np.vstack([rows["share"] - rows["ci_low"], rows["ci_high"] - rows["share"]]).clip(min=0)
    has_ci = not np.isnan(err).all()
    ax.barh(y, rows["share"], xerr=err if has_ci else None, color="#4c72b0",
            error_kw={"linewidth": 1})  # fmt: skip
    ax.plot(rows["corpus_share"], y, "o", color="black", label="whole corpus")
    ax.set_yticks(y, [_plain(t) for t in rows["theme"]])
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel("share of body sentences")
    ax.legend(frameon=False, fontsize=8)
    return fig


def _plain(text: Any) -> str:
    """Text for a matplotlib label: ``$`` would start mathtext (and a stray one raises)."""
    return str(text).replace("$", r"\$")


# ------------------------------------------------------------------------------------ KWIC
def theme_kwic(
    corpus: Corpus,
    coded: pd.DataFrame | None = None,
    *,
    theme: str | None = None,
    phrase: str | None = None,
    width: int = 50,
    codebook: Codebook | None = None,
    ignore_diacritics: bool = False,
) -> pd.DataFrame:
    """Keyword in context for a theme (its evidence, descendants included) or for any phrase.

    ``phrase`` is matched like a codebook pattern (whole syllables, case-insensitive; ``re:`` for a
    regex); with ``ignore_diacritics=True`` a phrase's marks are ignored on both sides ("ha tang
    so" finds "hạ tầng số", and so does "hà tăng số"; a ``re:`` regex is matched as written). One row per occurrence: left, keyword, right (up to ``width`` characters of the same
    sentence), the sentence, ``start``/``end`` of the keyword in ``documents.text``, and the source
    line as read before normalization (``line_no``, ``original``) when the corpus has its lines.

    >>> theme_kwic(corpus, phrase="đoàn viên")            # doctest: +SKIP
    """
    if (theme is None) == (phrase is None):
        raise ParameterError("give exactly one of theme= (a theme id) or phrase= (words to find)")
    hits = (
        _phrase_hits(corpus, phrase, ignore_diacritics)
        if phrase is not None
        else _theme_hits(corpus, coded, theme, codebook)
    )
    if hits.empty:
        return pd.DataFrame(columns=KWIC)
    texts = hits["sentence"].to_numpy()
    rel_s, rel_e = hits["start"] - hits["s_start"], hits["end"] - hits["s_start"]
    hits["left"] = [t[max(0, s - width) : s] for t, s in zip(texts, rel_s, strict=True)]
    hits["keyword"] = [t[s:e] for t, s, e in zip(texts, rel_s, rel_e, strict=True)]
    hits["right"] = [t[e : e + width] for t, e in zip(texts, rel_e, strict=True)]
    hits = _with_lines(hits, corpus)
    return hits.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)[KWIC]


def _theme_hits(
    corpus: Corpus, coded: pd.DataFrame | None, theme: str, codebook: Codebook | None
) -> pd.DataFrame:
    if coded is None:
        coded = code_themes(corpus, codebook)
    cb = codebook or coded.attrs.get("codebook") or load_codebook()
    if theme != NONE_ID and theme not in cb:
        raise ParameterError(f"unknown theme {theme!r}; the codebook has {', '.join(cb.themes)}")
    wanted = {t for t in cb.themes if theme in cb.ancestors(t)} if theme != NONE_ID else {NONE_ID}
    rows = coded[coded["theme_id"].isin(wanted)]
    out = []
    for r in rows.itertuples(index=False):
        spans = r.spans or ((r.start, r.start),)
        for s, e in spans:
            out.append({"doc_id": r.doc_id, "sentence_id": r.sentence_id, "theme_id": r.theme_id,
                        "sentence": r.sentence, "s_start": r.start, "start": s, "end": e})  # fmt: skip
    return pd.DataFrame(out)


def unmarked_same_length(text: str) -> str:
    """``text`` without tone or vowel marks (đ as d), one character for one: offsets still hold.

    >>> unmarked_same_length("Hạ tầng số")
    'Ha tang so'
    """
    from dxcompare._text.marks import strip_marks

    table = {}
    for ch in set(text):
        plain = strip_marks(ch)
        if plain != ch and len(plain) == 1:  # a character that does not strip to one stays
            table[ord(ch)] = plain
    return text.translate(table)


def _phrase_hits(corpus: Corpus, phrase: str, ignore_diacritics: bool = False) -> pd.DataFrame:
    from dxcompare.analyze.codebook import REGEX_PREFIX

    try:
        if ignore_diacritics and not phrase.strip().startswith(REGEX_PREFIX):
            pattern = compile_pattern(unmarked_same_length(phrase))
        else:
            pattern = compile_pattern(phrase)
    except Exception as exc:  # re.error or an empty phrase
        raise ParameterError(f"phrase {phrase!r} cannot be searched: {exc}") from None
    key = (
        (lambda t: unmarked_same_length(fold_same_length(t)))
        if ignore_diacritics
        else fold_same_length
    )
    out = []
    sents = corpus.sentences
    for doc_id, sid, start, text in zip(
        sents["doc_id"].astype(str),
        sents["sentence_id"],
        sents["start"],
        sents["text"],
        strict=True,
    ):
        for m in pattern.finditer(text, key(text)):
            out.append({"doc_id": doc_id, "sentence_id": int(sid), "theme_id": None, "sentence": text,
                        "s_start": int(start), "start": int(start) + m.start(), "end": int(start) + m.end()})  # fmt: skip
    return pd.DataFrame(out)


def _with_lines(hits: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    """The body line each keyword sits in, as it was read (``lines.original``)."""
    lines = getattr(corpus, "lines", None)
    hits["line_no"], hits["original"] = None, None
    if (
        lines is None
        or not len(lines)
        or not {"start", "end", "original", "line_no"} <= set(lines.columns)
    ):
        return hits
    body = lines[lines["start"] >= 0].assign(doc_id=lambda d: d["doc_id"].astype(str))
    for doc_id, idx in hits.groupby("doc_id").groups.items():
        doc_lines = body[body["doc_id"] == doc_id].sort_values("start")
        if doc_lines.empty:
            continue
        pos = (
            np.searchsorted(
                doc_lines["start"].to_numpy(), hits.loc[idx, "start"].to_numpy(), side="right"
            )
            - 1
        )
        ok = pos >= 0
        picked = doc_lines.iloc[pos.clip(min=0)]
        hits.loc[idx, "line_no"] = np.where(ok, picked["line_no"].to_numpy(), None)
        hits.loc[idx, "original"] = np.where(ok, picked["original"].to_numpy(), None)
    return hits


# ------------------------------------------------------------------------------------ safe HTML
class SafeHTML(str):
    """HTML built by dxcompare from escaped text; Jupyter shows it as a table."""

    def _repr_html_(self) -> str:
        return str(self)


_KWIC_SHOWN = ("doc_id", "theme_id", "left", "keyword", "right")


def kwic_html(
    kwic: pd.DataFrame, *, columns: Sequence[str] = _KWIC_SHOWN, max_rows: int | None = 200
) -> SafeHTML:
    """A :func:`theme_kwic` table as HTML with the keyword marked: every cell is escaped.

    ``<script>`` in a document shows as the text "<script>", never runs. ``columns`` are the KWIC
    columns to show ("sentence", "original" give the whole sentence or source line).

    >>> page = kwic_html(pd.DataFrame({"left": ["a <b>"], "keyword": ["x"], "right": [""]}),
    ...                  columns=["left", "keyword", "right"])
    >>> "a &lt;b&gt;" in page and "<mark>x</mark>" in page
    True
    """
    missing = [c for c in columns if c not in kwic.columns]
    if missing:
        raise ParameterError(f"column {missing[0]!r} is not in the KWIC table; use {list(KWIC)}")
    rows = kwic if max_rows is None else kwic.head(max_rows)
    head = "".join(f"<th>{_esc(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(_cell(c, v) for c, v in zip(columns, values, strict=True)) + "</tr>"
        for values in rows[list(columns)].itertuples(index=False, name=None)
    )
    more = len(kwic) - len(rows)
    note = f"<p>{more} more rows not shown.</p>" if more > 0 else ""
    return SafeHTML(
        f'<table class="dx-kwic"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}'
    )


def _esc(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def _cell(column: str, value: Any) -> str:
    text = _esc(value)
    if column == "keyword":
        text = f"<mark>{text}</mark>"
    style = ' style="text-align:right"' if column == "left" else ""
    return f'<td class="{_esc(column)}"{style}>{text}</td>'
