"""The explorer of a rendered report: every theme's sentences, filtered in the page, no kernel.

    >>> page = explorer_page(corpus, coded, theme="online_services")   # doctest: +SKIP
    >>> page          # in a report: theme, province and word filters over the sentences

The sentences of every theme (a sentence coded with a sub-theme also counts for its parents)
are written into the page once, escaped; a small inline script
(:data:`dxcompare.reporting.pagescripts.EXPLORER_SCRIPT`) shows and hides them by theme,
province and words typed with or without diacritics ("ha tang so" finds "hạ tầng số"). Without
scripts the page shows the default theme's sentences. At most ``per_group`` sentences per
province and theme are written (the page of a large corpus stays small); :attr:`table` holds
them all, for the CSV.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from dxcompare.corpus.build import Corpus

PER_GROUP = 40


@dataclass
class ExplorerPage:
    """The explorer's sentences: ``table`` (every hit), ``shown`` (the rows in the page)."""

    table: pd.DataFrame  # one row per sentence and theme: group, theme_id, doc_id, sentence_id, ...
    shown: pd.DataFrame  # one row per sentence written into the page, with its themes
    themes: list[tuple[str, str]]  # (theme id, label) of the themes with hits, codebook order
    default: str
    per_group: int
    documents: dict[str, str]  # doc_id -> "title (date)"
    ancestors: dict[str, tuple[str, ...]]  # theme id -> its parents (the pillar)
    language: str = "en"  # the page's own words: its note and column headings

    def _repr_html_(self) -> str:
        return explorer_html(self)

    def __repr__(self) -> str:
        return (
            f"<explorer: {len(self.shown)} sentences of {len(self.themes)} themes in "
            f"{self.shown['group'].nunique() if len(self.shown) else 0} groups>"
        )


def _document_labels(corpus: Corpus) -> dict[str, str]:
    """doc_id -> "title (date)": what a reader recognises, not "001_2c77…"."""
    docs = corpus.documents
    titles = docs["title"] if "title" in docs else docs["doc_id"]
    if "title_readable" in docs:  # an official document's title as a reader would say it
        readable = docs["title_readable"].map(lambda t: isinstance(t, str) and bool(t.strip()))
        titles = docs["title_readable"].where(readable, titles)
    labels = {}
    for doc_id, title, published in zip(
        docs["doc_id"].astype(str), titles, docs.get("published", [None] * len(docs)), strict=True
    ):
        title = str(title).strip() if isinstance(title, str) and title.strip() else doc_id
        date = (
            str(published)[:10]
            if published is not None and str(published) not in ("", "NaT", "None", "nan")
            else ""
        )
        labels[doc_id] = f"{title} ({date})" if date else title
    return labels


def explorer_page(
    corpus: Corpus,
    coded: Any,
    theme: str | None = None,
    by: str = "primary_province",
    per_group: int = PER_GROUP,
    language: str = "en",
) -> ExplorerPage:
    """The sentences of every theme of ``coded``, ready for the page (see the module docstring)."""
    import pandas as pd

    from dxcompare.analyze.codebook import load_codebook
    from dxcompare.analyze.grouping import group_labels

    cb = coded.attrs.get("codebook") or load_codebook()
    groups = dict(
        zip(corpus.documents["doc_id"].astype(str), group_labels(corpus.documents, by), strict=True)
    )
    hits = coded[coded["theme_id"].isin(cb.themes)]
    rows = []
    for r in hits.itertuples(index=False):
        doc = str(r.doc_id)
        if doc not in groups:
            continue
        for t in dict.fromkeys([r.theme_id, *cb.ancestors(r.theme_id)]):
            rows.append({"group": groups[doc], "theme_id": t, "doc_id": doc,
                         "sentence_id": int(r.sentence_id), "start": int(r.start),
                         "sentence": r.sentence, "spans": tuple(r.spans or ()),
                         "matched": r.matched})  # fmt: skip
    columns = [
        "group",
        "theme_id",
        "doc_id",
        "sentence_id",
        "start",
        "sentence",
        "spans",
        "matched",
    ]
    table = pd.DataFrame(rows, columns=columns)
    if len(table):
        # one row per (sentence, theme): a sentence coded with two sub-themes of one parent once
        table = (
            table.groupby(
                ["group", "theme_id", "doc_id", "sentence_id"], sort=False, as_index=False
            )
            .agg(
                start=("start", "first"),
                sentence=("sentence", "first"),
                spans=("spans", lambda s: tuple(sorted({x for t in s for x in t}))),
                matched=("matched", lambda m: "; ".join(dict.fromkeys("; ".join(m).split("; ")))),
            )  # fmt: skip
            .sort_values(["group", "doc_id", "sentence_id"], kind="stable", ignore_index=True)
        )
    order = {t: i for i, t in enumerate(cb.themes)}
    kept = (
        table[table.groupby(["group", "theme_id"]).cumcount() < per_group] if len(table) else table
    )
    shown = _one_row_per_sentence(kept, order)
    present = sorted(set(table["theme_id"]), key=order.get) if len(table) else []
    themes = [(t, f"{cb.label(t, language)} ({t})") for t in present]
    default = theme if theme in present else ""
    documents = _document_labels(corpus)
    ancestors = {t: tuple(cb.ancestors(t)) for t in present}
    return ExplorerPage(
        table.drop(columns=["spans"]),
        shown,
        themes,
        default,
        per_group,
        documents,
        ancestors,
        language,
    )


def _one_row_per_sentence(kept: Any, order: dict[str, int]) -> Any:
    import pandas as pd

    if not len(kept):
        return pd.DataFrame(
            columns=["group", "doc_id", "sentence_id", "start", "sentence", "spans", "themes"]
        )
    return (
        kept.groupby(["group", "doc_id", "sentence_id"], sort=False, as_index=False).agg(
            start=("start", "first"),
            sentence=("sentence", "first"),
            spans=("spans", lambda s: tuple(sorted({x for t in s for x in t}))),
            themes=("theme_id", lambda t: sorted(set(t), key=order.get)),
        )  # fmt: skip
    )


def marked_sentence(sentence: str, start: int, spans: Any) -> str:
    """The sentence escaped, its matched words in ``<mark>``: offsets are of the document text.

    >>> marked_sentence("Hạ tầng số <b>", 100, [(100, 107)])
    '<mark>Hạ tầng</mark> số &lt;b&gt;'
    """
    out, at = [], 0
    for s, e in sorted(spans):
        s, e = max(s - start, at), min(e - start, len(sentence))
        if e <= s:
            continue
        out += [html.escape(sentence[at:s]), "<mark>", html.escape(sentence[s:e]), "</mark>"]
        at = e
    out.append(html.escape(sentence[at:]))
    return "".join(out)


def explorer_html(page: ExplorerPage) -> str:
    """The explorer's markup: every value escaped; rows off the default theme ``hidden``."""
    esc = html.escape
    labels = dict(page.themes)
    items = "".join(f'<li data-dx-theme="{esc(t)}">{esc(label)}</li>' for t, label in page.themes)
    body = []
    for r in page.shown.itertuples(index=False):
        off = " hidden" if page.default and page.default not in r.themes else ""
        # the most specific themes only: a parent (a pillar) is implied by its sub-theme
        parents = {a for t in r.themes for a in page.ancestors.get(t, ()) if a != t}
        names = "; ".join(labels.get(t, t) for t in r.themes if t not in parents)
        doc = esc(page.documents.get(r.doc_id, r.doc_id))
        body.append(
            f'<tr data-dx-group="{esc(str(r.group))}" data-dx-themes="{esc(" ".join(r.themes))}"{off}>'
            f"<td>{esc(str(r.group))}</td>"
            f"<td>{marked_sentence(r.sentence, r.start, r.spans)}"
            f'<br><small class="dx-explorer-source">{doc} · {esc(names)}</small></td></tr>'
        )
    words = PAGE_WORDS.get(page.language, PAGE_WORDS["en"])
    note = words["note"].format(n=page.per_group)
    if not body:
        return f'<p class="dx-none-found"><strong>{esc(words["none"])}</strong>: {esc(words["why"])}.</p>'
    return (
        f'<div class="dx-explorer" data-dx-default="{esc(page.default)}">'
        f'<ul class="dx-explorer-themes" hidden>{items}</ul>'
        f'<p class="dx-explorer-note">{esc(note)}</p>'
        f'<table class="dx-explorer-hits"><thead><tr><th>{esc(words["province"])}</th>'
        f"<th>{esc(words['sentence'])}</th></tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


# The page's own words in each report language (the sentences themselves are never translated).
PAGE_WORDS = {
    "en": {
        "note": "The sentences the codebook coded, up to {n} per province and theme. "
        "Choose a theme, a province, or type words (diacritics optional).",
        "none": "None found",
        "why": "no sentence carries a theme of the codebook",
        "province": "province",
        "sentence": "sentence",
    },
    "vi": {
        "note": "Các câu được mã hóa theo bộ mã, tối đa {n} câu cho mỗi tỉnh và chủ đề. "
        "Chọn một chủ đề, một tỉnh hoặc gõ từ cần tìm (có hoặc không có dấu).",
        "none": "Không tìm thấy",
        "why": "không có câu nào thuộc một chủ đề của bộ mã",
        "province": "Tỉnh",
        "sentence": "Câu",
    },
}
