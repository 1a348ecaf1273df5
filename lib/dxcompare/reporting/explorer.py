"""The theme explorer of a notebook: a static view in a batch run, live widgets in Jupyter.

    >>> explorer_view(corpus, coded, provinces=["Bình Định"], theme="e_gov")   # doctest: +SKIP

A batch run (``DXCOMPARE_BATCH=1``, set by ``dxcompare report``) builds no live widget: nbclient
can block forever on a cell that creates one (jupyter/nbclient#312).
"""

from __future__ import annotations

import html
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
    ignore_diacritics: bool = False,
) -> dict[str, Any]:
    """What the explorer shows for one choice: the KWIC rows and the counts per province.

    ``phrase`` (any words, see :func:`dxcompare.analyze.kwic.theme_kwic`) wins over ``theme``;
    ``ignore_diacritics=True`` finds it however it is marked ("chuyen doi so").
    The KWIC rows carry the document's ``title`` (its file name when it has none) after ``doc_id``.
    Returns ``{"kwic": ..., "counts": ..., "provinces": [...], "query": "...", "message": "...",
    "suggestions": [...]}``; counts has one row per chosen province (zeros included): group,
    n_hits, n_documents (documents with a hit), n_documents_group, n_words_group (the province's
    documents and body words), rate_per_1000 (hits per 1,000 body words; NaN for a province whose
    documents have no body words). A phrase found nowhere gets ``suggestions``: the spellings
    the corpus has ("chuyển đổi số" for "chuyen doi so") or the nearest phrases, with counts.
    """
    from dxcompare.analyze.grouping import group_labels
    from dxcompare.analyze.kwic import theme_kwic

    part = restrict(corpus, provinces, by)
    docs = part.documents.assign(group=group_labels(part.documents, by))
    query = f"phrase {phrase!r}" if phrase else f"theme {theme!r}"
    if phrase and ignore_diacritics:
        query += " (diacritics ignored)"
    if phrase:
        kwic = theme_kwic(part, phrase=phrase, width=width, ignore_diacritics=ignore_diacritics)
    else:
        kwic = theme_kwic(part, coded, theme=theme, width=width)
    groups = dict(zip(docs["doc_id"].astype(str), docs["group"], strict=True))
    kwic = kwic[kwic["doc_id"].astype(str).isin(groups)].reset_index(drop=True)
    kwic.insert(0, "group", kwic["doc_id"].astype(str).map(groups))
    # The reader's name of each document (its title, else its file), shown instead of the id
    # by :func:`~dxcompare.reporting.display.style_kwic`; the CSV keeps doc_id beside it.
    from dxcompare.reporting.evidence import document_facts

    titles = document_facts(part)["title"]
    kwic.insert(
        list(kwic.columns).index("doc_id") + 1, "title", kwic["doc_id"].astype(str).map(titles)
    )
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
    found = int(counts["n_hits"].sum())
    suggestions = (
        phrase_suggestions(part, phrase, ignore_diacritics) if phrase and not found else []
    )
    message = f"{query}: {found} occurrences"
    if suggestions:
        hint = ", ".join(f"{text!r} ({n})" for text, n in suggestions)
        message += f". Did you mean {hint}?"
        if not ignore_diacritics:
            message += " (or set ignore_diacritics=True)"
    return {
        "kwic": kwic,
        "counts": counts,
        "provinces": sorted(set(groups.values())),
        "query": query,
        "message": message,
        "suggestions": suggestions,
    }


def phrase_suggestions(
    corpus: Corpus, phrase: str, ignore_diacritics: bool = False, n: int = 5
) -> list[tuple[str, int]]:
    """Phrases of the corpus close to ``phrase`` (for a search that found nothing), with counts.

    First the corpus's own spellings of the phrase without its marks ("chuyen doi so" ->
    "chuyển đổi số"); else the most similar runs of as many syllables (difflib, compared without
    marks), among those sharing a syllable with the phrase.

    >>> phrase_suggestions(corpus, "chuyen doi so")       # doctest: +SKIP
    [('chuyển đổi số', 57)]
    """
    import difflib
    from collections import Counter

    from dxcompare._text.marks import unmarked_same_length
    from dxcompare.analyze.codebook import REGEX_PREFIX, fold_same_length
    from dxcompare.analyze.kwic import theme_kwic

    phrase = (phrase or "").strip()
    if not phrase or phrase.startswith(REGEX_PREFIX):
        return []
    if not ignore_diacritics:
        loose = theme_kwic(corpus, phrase=phrase, ignore_diacritics=True)
        if len(loose):
            spelled = Counter(fold_same_length(k) for k in loose["keyword"])
            return spelled.most_common(n)
    wanted = unmarked_same_length(fold_same_length(phrase)).split()
    if not wanted:
        return []
    size, syllables = len(wanted), set(wanted)
    runs: Counter[str] = Counter()
    for text in corpus.sentences["text"]:
        words = [w.strip(".,;:!?()[]\"'“”…") for w in fold_same_length(text).split()]
        words = [w for w in words if w]
        plain = [unmarked_same_length(w) for w in words]
        for i in range(len(words) - size + 1):
            if syllables.intersection(plain[i : i + size]):
                runs[" ".join(words[i : i + size])] += 1
    common = [run for run, _ in runs.most_common(5000)]
    keys = {}
    for run in common:
        keys.setdefault(unmarked_same_length(run), run)
    near = difflib.get_close_matches(" ".join(wanted), list(keys), n=n, cutoff=0.6)
    return [(keys[k], runs[keys[k]]) for k in near]


BATCH_VARIABLE = "DXCOMPARE_BATCH"


def in_batch() -> bool:
    """True inside ``dxcompare report`` (its kernels get ``DXCOMPARE_BATCH=1``)."""
    return os.environ.get(BATCH_VARIABLE, "") not in ("", "0")


class LiveControls:
    """A widget shown live in JupyterLab; a batch run shows ``static`` (or ``note``) instead.

    ``static`` is the kernel-free explorer of a rendered report
    (:func:`dxcompare.reporting.explorerpage.explorer_page`: filters that run in the page).
    """

    def __init__(self, widget: Any, note: str, static: Any = None) -> None:
        self.widget = widget
        self.note = note
        self.static = static

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        if self.widget is None:
            if self.static is not None:
                return {"text/html": self.static._repr_html_(), "text/plain": self.note}
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
    language: str = "en",
) -> LiveControls:
    """Controls (provinces, theme, phrase) whose every change calls ``show(view)`` again.

    ``show`` receives :func:`explorer_view`'s dict and displays it (tables, figures). In a
    batch run (a rendered report) no widget is built: the page gets every theme's sentences
    with filters that work without a kernel (:func:`.explorerpage.explorer_page`).

    The widgets open with :data:`KERNEL_NOTE`: a notebook saved with its widget state (``make
    lab`` turns that on) and reopened without a kernel shows that note above inert controls,
    never JupyterLab's "Error displaying widget: model not found". ``language`` ("en" or "vi"):
    the theme labels and the page's own words.
    """
    note = "[explorer: the filters below work in the page; in JupyterLab the controls are live]"
    if in_batch():
        from dxcompare.reporting.explorerpage import explorer_page

        page = explorer_page(
            restrict(corpus, provinces, by), coded, theme=theme, by=by, language=language
        )
        return LiveControls(None, note, static=page)
    import ipywidgets as w
    from IPython.display import display

    from dxcompare.analyze.grouping import group_labels

    cb = coded.attrs.get("codebook")
    names = _known_groups(group_labels(corpus.documents, by))
    themes = [(f"{cb.label(t, language)} ({t})" if cb else t, t) for t in (cb.themes if cb else [])]
    pick = w.SelectMultiple(options=names, value=tuple(_chosen(provinces, names, corpus)),
                            description="Provinces", rows=min(8, max(3, len(names))))  # fmt: skip
    theme_box = w.Dropdown(options=themes, value=theme if theme in dict(map(reversed, themes)) else None,
                           description="Theme")  # fmt: skip
    phrase_box = w.Text(value=phrase or "", description="Phrase", continuous_update=False,
                        placeholder="words to find, e.g. tổ công nghệ số cộng đồng")  # fmt: skip
    loose = w.Checkbox(value=False, description="ignore diacritics", indent=False)
    out = w.Output()

    def update(_: Any = None) -> None:
        with out:
            out.clear_output(wait=True)
            try:
                show(explorer_view(corpus, coded, list(pick.value), theme_box.value,
                                   phrase_box.value.strip() or None, by,
                                   ignore_diacritics=loose.value))  # fmt: skip
            except DxError as err:
                display(str(err))

    for box in (pick, theme_box, phrase_box, loose):
        box.observe(update, names="value")
    update()
    header = w.HTML(f'<small style="color:#666">{html.escape(KERNEL_NOTE)}</small>')
    controls = w.HBox([pick, w.VBox([theme_box, phrase_box, loose])])
    return LiveControls(w.VBox([header, controls, out]), note)


# Shown with the live controls, and all that remains of them in a notebook reopened without a
# kernel (its saved widget state holds this text; the controls below it no longer respond).
KERNEL_NOTE = (
    "dxcompare explorer: these controls run in this notebook's kernel. Reopened without one, "
    "they no longer respond: run all cells (Run ▸ Run All Cells) to use them again."
)
