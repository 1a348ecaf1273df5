"""Keyword in context: the evidence sentences of a theme or of any phrase, to read.

    >>> theme_kwic(corpus, coded, theme="youth_mass_orgs")                # doctest: +SKIP
    >>> theme_kwic(corpus, phrase="tổ công nghệ số cộng đồng")            # doctest: +SKIP
    >>> kwic_html(theme_kwic(corpus, phrase="VNeID"))                     # doctest: +SKIP

Documents are written by strangers: text is data, never markup. The KWIC table is a plain
DataFrame (pandas escapes it when Jupyter shows it); :func:`kwic_html` escapes every cell itself.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from dxcompare._text.marks import unmarked_same_length
from dxcompare.analyze.codebook import (
    NONE_ID,
    Codebook,
    compile_pattern,
    fold_same_length,
    load_codebook,
)
from dxcompare.analyze.themes import code_themes
from dxcompare.errors import ParameterError

if TYPE_CHECKING:  # the type only: importing the corpus module here would load it eagerly
    from dxcompare.corpus.build import Corpus


KWIC = [
    "doc_id", "sentence_id", "theme_id", "left", "keyword", "right", "sentence", "start", "end",
    "line_no", "original",
]  # fmt: skip


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
    body = lines[lines["start"] >= 0]
    body_ids = body["doc_id"].astype(str).to_numpy()
    order = np.lexsort((body["start"].to_numpy(), body_ids))  # by document, then start (stable)
    body_ids, starts = body_ids[order], body["start"].to_numpy()[order]
    line_nos = body["line_no"].to_numpy()[order]
    originals = body["original"].to_numpy()[order]
    first = {d: i for i, d in reversed(list(enumerate(body_ids)))}  # first row of each document
    hit_ids = hits["doc_id"].astype(str).to_numpy()
    hit_starts = hits["start"].to_numpy()
    line_no = np.full(len(hits), None, dtype=object)
    original = np.full(len(hits), None, dtype=object)
    for doc_id in dict.fromkeys(hit_ids):  # one slice per document, in one pass
        lo = first.get(doc_id)
        if lo is None:
            continue
        hi = lo + int(np.searchsorted(body_ids[lo:], doc_id, side="right"))
        rows = np.flatnonzero(hit_ids == doc_id)
        pos = np.searchsorted(starts[lo:hi], hit_starts[rows], side="right") - 1
        ok = pos >= 0
        picked = lo + pos.clip(min=0)
        line_no[rows] = np.where(ok, line_nos[picked], None)
        original[rows] = np.where(ok, originals[picked], None)
    hits["line_no"] = pd.Series(line_no, index=hits.index, dtype=object)
    hits["original"] = pd.Series(original, index=hits.index, dtype=object)
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
