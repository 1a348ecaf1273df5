"""The theme explorer of a notebook: a static view in a batch run, live widgets in Jupyter.

    >>> explorer_view(corpus, coded, provinces=["Bình Định"], theme="e_gov")   # doctest: +SKIP

A batch run (``DXCOMPARE_BATCH=1``, set by ``dxcompare report``) builds no live widget: nbclient
can block forever on a cell that creates one (jupyter/nbclient#312).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from dxcompare.errors import DxError
from dxcompare.reporting.subset import _chosen, _known_groups, restrict

if TYPE_CHECKING:  # the type only: importing the corpus module here would load it eagerly
    from dxcompare.corpus.build import Corpus


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
    row per chosen province (zeros included): group, n_hits, n_documents (documents with a hit),
    n_documents_group, n_words_group (the province's documents and body words), rate_per_1000
    (hits per 1,000 body words; NaN for a province whose documents have no body words).
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
    sizes = docs.groupby("group").agg(
        n_documents_group=("doc_id", "size"), n_words_group=("n_words", "sum")
    )
    hits = kwic.groupby("group").agg(n_hits=("doc_id", "size"), n_documents=("doc_id", "nunique"))
    counts = sizes.join(hits).fillna({"n_hits": 0, "n_documents": 0}).reset_index()
    counts[["n_hits", "n_documents"]] = counts[["n_hits", "n_documents"]].astype(int)
    # A group whose documents have no body words has no rate (NaN, shown "–"), not infinity.
    words = counts["n_words_group"].where(counts["n_words_group"] > 0)
    counts["rate_per_1000"] = (1000 * counts["n_hits"] / words).round(2)
    counts = counts[
        ["group", "n_hits", "n_documents", "n_documents_group", "n_words_group", "rate_per_1000"]
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
