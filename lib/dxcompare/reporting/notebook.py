"""Helpers a notebook calls: safe, reproducible display and the tables behind its figures.

    >>> from dxcompare.reporting.notebook import setup_notebook, save_table, record_headline
    >>> setup_notebook()                                                  # doctest: +SKIP
    >>> save_table(per_province, "documents_per_province", output_dir)   # doctest: +SKIP
    >>> corpus = restrict(corpus, ["Bình Định", "Hà Nội"])               # doctest: +SKIP

Kept apart from :mod:`dxcompare.reports` so a kernel imports nothing heavy to use them.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dxcompare.errors import DxError, ParameterError
from dxcompare.reporting import atomic

if TYPE_CHECKING:  # the type only: importing the corpus module here would load it eagerly
    from dxcompare.corpus.build import Corpus

HEADLINES_NAME = "headlines.json"

_TABLE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,80}")


def setup_notebook(seed: int = 0) -> None:
    """Call in a notebook's first code cell: safe tables, fixed seeds, reproducible figures.

    - pandas Styler escapes HTML in its *cells* (a document's ``<script>`` is shown, never run);
      its headers and index are not escaped by this option: show a table whose columns or index
      hold document text (group, speaker, title) with :func:`style_table`, which escapes them too;
    - ``random`` and NumPy seeded; pass ``seed=``/``random_state=`` to seaborn and WordCloud too;
    - matplotlib figures as PNG (identical bytes run to run), SVG ids salted, no dates in files.
    """
    import random

    import matplotlib
    import numpy as np
    import pandas as pd

    random.seed(seed)
    np.random.seed(seed)
    pd.set_option("styler.format.escape", "html")
    pd.set_option("display.max_colwidth", 300)  # whole sentences and quotations, not "..."
    pd.set_option("display.max_rows", 80)
    pd.set_option("styler.render.max_rows", 300)  # the CSV beside the report holds every row
    matplotlib.rcParams["svg.hashsalt"] = "dxcompare"
    matplotlib.rcParams["figure.dpi"] = 100
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    with contextlib.suppress(ImportError):
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("png")


def _output_folder(output_dir: str | os.PathLike | None) -> Path | None:
    if output_dir is None:
        return None
    folder = Path(output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_table(
    df: Any, name: str, output_dir: str | os.PathLike | None, index: bool = False
) -> Any:
    """Save the table behind a figure as ``<output_dir>/<name>.csv`` and return it for display.

    UTF-8 with a byte-order mark, so Excel shows "Bình Định" correctly; ``\\n`` line endings.
    With ``output_dir=None`` (a notebook opened by hand) nothing is written.

    >>> save_table(per_province, "documents_per_province", output_dir)   # doctest: +SKIP
    """
    if not _TABLE_NAME.fullmatch(name) or ".." in name:
        raise ParameterError(f"table name {name!r}: use letters, digits, '_', '-' (no folders)")
    folder = _output_folder(output_dir)
    if folder is not None:
        text = df.to_csv(index=index, lineterminator="\n")
        atomic.write_bytes(folder / f"{name}.csv", text.encode("utf-8-sig"))
    return df


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record_headline(label: str, value: Any, output_dir: str | os.PathLike | None) -> Any:
    """Record a headline number for the index page (``headlines.json`` beside the tables).

    >>> record_headline("documents", len(corpus.documents), output_dir)   # doctest: +SKIP
    """
    folder = _output_folder(output_dir)
    if folder is not None:
        path = folder / HEADLINES_NAME
        current = read_headlines(folder)
        current[str(label)] = _plain(value)
        atomic.write_text(path, json.dumps(current, ensure_ascii=False, indent=1) + "\n")
    return value


def read_headlines(folder: str | os.PathLike | None) -> dict[str, Any]:
    """The headline numbers a notebook recorded in ``folder`` (empty if none)."""
    if folder is None:
        return {}
    try:
        data = json.loads((Path(folder) / HEADLINES_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


# --------------------------------------------------------------------------------------------
# Choosing provinces
# --------------------------------------------------------------------------------------------

PROVINCE_MAPS = {"63": ("primary_province", "province"), "34": ("province_2025", "province_2025")}


def province_column(province_map: str | int = "63", table: str = "documents") -> str:
    """The column that names a province: 63 units (before 1 July 2025) or the 34 after it.

    >>> province_column("63"), province_column("34"), province_column(63, table="events")
    ('primary_province', 'province_2025', 'province')
    """
    key = str(province_map).strip()
    if key not in PROVINCE_MAPS:
        raise ParameterError(
            f"province_map={province_map!r}: use '63' (provinces before 1 July 2025) or '34'"
        )
    return PROVINCE_MAPS[key][0 if table == "documents" else 1]


def restrict(corpus: Corpus, provinces: Any = None, by: str = "primary_province") -> Corpus:
    """The corpus with only the documents of these provinces (None or empty: all of them).

    Names may be typed without diacritics ("binh dinh"); an unknown name is a ParameterError
    that lists the corpus's provinces. Every table keeps only the rows of those documents.
    """
    import dataclasses

    import pandas as pd

    if provinces is None or (not isinstance(provinces, str) and len(provinces) == 0):
        return corpus
    from dxcompare.analyze.grouping import group_labels
    from dxcompare.reporting.plan import select_provinces

    wanted = [provinces] if isinstance(provinces, str) else list(provinces)
    labels = group_labels(corpus.documents, by)
    chosen = select_provinces(wanted, _known_groups(labels), corpus.source or "the corpus")
    keep = set(corpus.documents.loc[labels.isin(chosen).to_numpy(), "doc_id"].astype(str))
    changes = {}
    for field in dataclasses.fields(corpus):
        table = getattr(corpus, field.name)
        if isinstance(table, pd.DataFrame) and "doc_id" in table.columns:
            part = table[table["doc_id"].astype(str).isin(keep)].copy()
            if isinstance(part["doc_id"].dtype, pd.CategoricalDtype):
                part["doc_id"] = part["doc_id"].cat.remove_unused_categories()
            changes[field.name] = part.reset_index(drop=True)
    return dataclasses.replace(corpus, **changes)


def _chosen(provinces: Any, names: list[str], corpus: Corpus) -> list[str]:
    """The provinces to select first, matched as :func:`restrict` does ("vinh long", one name)."""
    from dxcompare.reporting.plan import select_provinces

    wanted = [provinces] if isinstance(provinces, str) else list(provinces or [])
    return select_provinces(wanted, names, corpus.source or "the corpus") if wanted else names


def _known_groups(labels: Any) -> list[str]:
    """The groups a user can pick: every label but "(unknown)" (a document without a value)."""
    from dxcompare.analyze.grouping import UNKNOWN

    return sorted(set(labels) - {UNKNOWN})


# --------------------------------------------------------------------------------------------
# Tables to read
# --------------------------------------------------------------------------------------------


_LONG_TEXT = 60  # characters: a column whose texts are longer than this wraps in a wide cell
_SHORT_TEXT = 24  # characters: a column whose texts are all this short stays on one line


def _text_columns(df: Any) -> list[Any]:
    return [c for c in df.columns if df[c].dtype == object or str(df[c].dtype) in ("str", "string")]


def style_table(df: Any, index: bool = False, percent: tuple[str, ...] = ()) -> Any:
    """A table to read: text left-aligned, long text wrapped, "–" for missing, shares as %.

    Columns named ``share*`` (or listed in ``percent``) show as percentages; other fractional
    numbers with two decimals. Cells and headers are escaped (a document's ``<script>`` is text).
    """
    df = _escaped_axis_names(df)
    styler = df.style.format(na_rep="–", precision=2, escape="html")
    styler = styler.format_index(escape="html", axis=0).format_index(escape="html", axis=1)
    shares = [c for c in df.columns if str(c).startswith("share") or c in percent]
    if shares:
        styler = styler.format("{:.0%}", subset=shares, na_rep="–")
    text = _text_columns(df)
    if text:
        styler = styler.set_properties(subset=text, **{"text-align": "left"})
    lengths = {c: df[c].dropna().astype(str).str.len() for c in text}
    long = [c for c, n in lengths.items() if len(n) and n.median() > _LONG_TEXT]
    if long:
        styler = styler.set_properties(subset=long, **{"min-width": "22em", "max-width": "46em"})
    short = [c for c, n in lengths.items() if len(n) and n.max() <= _SHORT_TEXT]
    if short:  # dates, numbers of documents: never broken over two lines
        styler = styler.set_properties(subset=short, **{"white-space": "nowrap"})
    return styler if index else styler.hide(axis="index")


def _escaped_axis_names(df: Any) -> Any:
    """``df`` with its index and columns *names* escaped: format_index leaves them raw."""
    import html

    def esc(names: Any) -> list[Any]:
        return [html.escape(n) if isinstance(n, str) else n for n in names]

    return df.rename_axis(index=esc(df.index.names), columns=esc(df.columns.names))


def style_kwic(kwic: Any, columns: tuple[str, ...] = ("doc_id", "left", "keyword", "right")) -> Any:
    """A keyword-in-context table to read: context right-aligned, keyword bold, text escaped."""
    shown = [c for c in ("group", *columns) if c in kwic.columns]
    return (
        style_table(kwic[shown])
        .set_properties(subset=["left"], **{"text-align": "right"})
        .set_properties(subset=["keyword"], **{"font-weight": "bold", "text-align": "center"})
        .set_properties(subset=["right"], **{"text-align": "left"})
    )


def top_rows(table: Any, n: int = 5, by: str = "group") -> Any:
    """The first ``n`` rows of each group (tables come sorted best first)."""
    top = table.groupby(by, sort=True, group_keys=False).head(n)
    return top.sort_values(by, kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# The explorer
# --------------------------------------------------------------------------------------------


def explorer_view(
    corpus: Corpus,
    coded: Any,
    provinces: Any = None,
    theme: str | None = None,
    phrase: str | None = None,
    by: str = "primary_province",
    width: int = 45,
) -> dict[str, Any]:
    """What the explorer shows for one choice: the KWIC rows and the counts per province.

    ``phrase`` (any words, see :func:`dxcompare.themeviews.theme_kwic`) wins over ``theme``.
    Returns ``{"kwic": ..., "counts": ..., "provinces": [...], "query": "..."}``; counts has one
    row per chosen province (zeros included): group, hits, documents_with_hits, documents,
    n_words, hits_per_1000_words (NaN for a province whose documents have no body words).
    """
    from dxcompare.analyze.grouping import group_labels
    from dxcompare.plot.themeviews import theme_kwic

    part = restrict(corpus, provinces, by)
    docs = part.documents.assign(group=group_labels(part.documents, by))
    query = f"phrase {phrase!r}" if phrase else f"theme {theme!r}"
    if phrase:
        kwic = theme_kwic(part, phrase=phrase, width=width)
    else:
        kwic = theme_kwic(part, coded, theme=theme, width=width)
    groups = dict(zip(docs["doc_id"].astype(str), docs["group"], strict=True))
    kwic = kwic[kwic["doc_id"].astype(str).isin(groups)].reset_index(drop=True)
    kwic.insert(0, "group", kwic["doc_id"].astype(str).map(groups))
    kwic = kwic.sort_values(["group", "doc_id", "start"], kind="stable", ignore_index=True)
    sizes = docs.groupby("group").agg(documents=("doc_id", "size"), n_words=("n_words", "sum"))
    hits = kwic.groupby("group").agg(
        hits=("doc_id", "size"), documents_with_hits=("doc_id", "nunique")
    )
    counts = sizes.join(hits).fillna({"hits": 0, "documents_with_hits": 0}).reset_index()
    counts[["hits", "documents_with_hits"]] = counts[["hits", "documents_with_hits"]].astype(int)
    # A group whose documents have no body words has no rate (NaN, shown "–"), not infinity.
    words = counts["n_words"].where(counts["n_words"] > 0)
    counts["hits_per_1000_words"] = (1000 * counts["hits"] / words).round(2)
    counts = counts[
        ["group", "hits", "documents_with_hits", "documents", "n_words", "hits_per_1000_words"]
    ]
    return {
        "kwic": kwic,
        "counts": counts,
        "provinces": sorted(set(groups.values())),
        "query": query,
    }


BATCH_VARIABLE = "DXCOMPARE_BATCH"


def in_batch() -> bool:
    """True inside ``dxcompare report`` (its kernels get ``DXCOMPARE_BATCH=1``)."""
    return os.environ.get(BATCH_VARIABLE, "") not in ("", "0")


class LiveControls:
    """A widget shown live in JupyterLab; exported pages (no kernel) show ``note`` instead."""

    def __init__(self, widget: Any, note: str) -> None:
        self.widget = widget
        self.note = note

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        if self.widget is None:
            return {"text/plain": self.note}
        data = self.widget._repr_mimebundle_(include=include, exclude=exclude)
        data = data[0] if isinstance(data, tuple) else data
        return {**data, "text/plain": self.note}


def explorer_widgets(
    corpus: Corpus,
    coded: Any,
    show: Any,
    provinces: Any = None,
    theme: str | None = None,
    phrase: str | None = None,
    by: str = "primary_province",
) -> LiveControls:
    """Controls (provinces, theme, phrase) whose every change calls ``show(view)`` again.

    ``show`` receives :func:`explorer_view`'s dict and displays it (tables, figures).
    """
    note = "[interactive controls: open this notebook in JupyterLab to use them; the default view follows]"
    if in_batch():
        return LiveControls(None, note)
    import ipywidgets as w
    from IPython.display import display

    from dxcompare.analyze.grouping import group_labels

    cb = coded.attrs.get("codebook")
    names = _known_groups(group_labels(corpus.documents, by))
    themes = [(f"{cb.label(t, 'en')} ({t})" if cb else t, t) for t in (cb.themes if cb else [])]
    pick = w.SelectMultiple(options=names, value=tuple(_chosen(provinces, names, corpus)),
                            description="Provinces", rows=min(8, max(3, len(names))))  # fmt: skip
    theme_box = w.Dropdown(options=themes, value=theme if theme in dict(map(reversed, themes)) else None,
                           description="Theme")  # fmt: skip
    phrase_box = w.Text(value=phrase or "", description="Phrase", continuous_update=False,
                        placeholder="words to find, e.g. tổ công nghệ số cộng đồng")  # fmt: skip
    out = w.Output()

    def update(_: Any = None) -> None:
        with out:
            out.clear_output(wait=True)
            try:
                show(explorer_view(corpus, coded, list(pick.value), theme_box.value,
                                   phrase_box.value.strip() or None, by))  # fmt: skip
            except DxError as err:
                display(str(err))

    for box in (pick, theme_box, phrase_box):
        box.observe(update, names="value")
    update()
    return LiveControls(w.VBox([w.HBox([pick, w.VBox([theme_box, phrase_box])]), out]), note)
