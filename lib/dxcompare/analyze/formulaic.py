"""Formulaic language: word n-grams repeated verbatim across groups (national templates).

Vietnamese administrative writing repeats national formulas word for word ("lấy người dân, doanh
nghiệp là trung tâm", "đến năm 2025, định hướng đến năm 2030", "cả hệ thống chính trị vào
cuộc"). A word n-gram (n segmented words) found in documents of ``min_groups`` or more groups
(provinces by default) is a *template*; one found in a single group is that group's own phrasing.
Punctuation is not a token, so "người dân, doanh nghiệp" and "người dân doanh nghiệp" are the same
n-gram; the evidence keeps the original text.

An n-gram never runs across a sentence, nor across punctuation inside one other than a comma:
quote marks, a colon, a semicolon, brackets, "!", "?", an ellipsis or a dash with a space beside
it end a phrase. In 'yêu cầu: "Các sở phải hành động ngay" - ông Trần Văn Hùng nhấn mạnh' the
phrases are "các sở phải hành động ngay" and "ông trần văn hùng nhấn mạnh", never "hành động ngay
ông trần văn hùng". A hyphen between letters ("Bà Rịa-Vũng Tàu") and a full stop after an
abbreviation ("TP. Hồ Chí Minh") do not end a phrase.

An n-gram is counted only if it has ``min_content`` words that are neither stopwords nor numbers
and (unless ``edge_stopwords=True``) neither begins nor ends with a stopword, so "phát triển
kinh tế số và" or "của các cơ quan" are not phrases.

    >>> shared_ngrams(corpus, by="primary_province", n=(3, 4, 5), min_groups=2)  # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dxcompare.analyze.vocabulary import word_tokens
from dxcompare.errors import ParameterError

if TYPE_CHECKING:  # the type only: importing the corpus module here would load it eagerly
    from dxcompare.corpus.build import Corpus

SHARED_COLUMNS = [
    "ngram", "n", "n_groups", "groups", "n_documents", "count", "doc_id", "start", "end", "example",
]  # fmt: skip
TABLE_COLUMNS = ["group", "ngram", "n", "count", "n_documents", "n_groups", "template"]

_HAS_LETTER = re.compile(r"[^\W\d_]")
# Text between two words that ends a phrase: quotes (straight after normalization, typographic
# in case), colon, semicolon, brackets, ! ?, an ellipsis, a dash with a space beside it.
# Not a comma: national formulas list with commas ("người dân, doanh nghiệp là trung tâm").
_BREAK = re.compile(r"[\"'“”‘’«»:;()\[\]{}!?…–—]|\.\.|\s-|-\s")

Gram = tuple[str, ...]


def _sizes(n: int | Sequence[int]) -> list[int]:
    sizes = [n] if isinstance(n, int) else list(n)
    if not sizes or any(isinstance(k, bool) or not isinstance(k, int) or k < 2 for k in sizes):
        raise ParameterError(f"n={n!r} must be an int >= 2 or a list of them. Fix: n=(3, 4, 5)")
    return sorted(set(sizes))


def _check_min_groups(min_groups: int) -> None:
    if isinstance(min_groups, bool) or not isinstance(min_groups, int) or min_groups < 1:
        raise ParameterError(f"min_groups={min_groups!r} must be an int >= 1. Fix: min_groups=2")


@dataclass
class _Stats:
    """Counts per (group, n-gram), documents per (group, n-gram), first occurrence per n-gram."""

    count: dict[tuple[str, Gram], int] = field(default_factory=dict)
    docs: dict[tuple[str, Gram], set[str]] = field(default_factory=dict)
    first: dict[Gram, tuple[str, int, int]] = field(default_factory=dict)


class _Tokens:
    """The grouped tokens as plain arrays, in document order, with sentence boundaries."""

    def __init__(self, corpus: Corpus, by: str | None):
        from dxcompare.analyze.masking import token_mask

        tokens = word_tokens(corpus, by, stopwords=True, words_only=False, entities=True)
        tokens = tokens.sort_values(["doc_id", "token_id"], kind="stable")
        # A name or a symbol fragment is no word of a phrase and no bridge between two: each
        # masked token cuts the sequence and is left out ("05-NQ/TU" gives no "05 nq tu").
        entity = token_mask(corpus, tokens)
        self.rows = tokens.index.to_numpy()
        self.norms = tokens["norm"].tolist()
        self.doc_ids = tokens["doc_id"].tolist()
        self.groups = tokens["group"].tolist()
        self.starts = tokens["start"].tolist()
        self.ends = tokens["end"].tolist()
        stop = tokens["is_stop"].to_numpy(dtype=bool)
        letter = np.array([bool(_HAS_LETTER.search(w)) for w in self.norms], dtype=bool)
        self.content = np.concatenate([[0], np.cumsum(letter & ~stop)])  # prefix sums
        self.edge_ok = (~stop).tolist()
        key = tokens["doc_id"] + "\x1f" + tokens["sentence_id"].astype(str)
        change = np.flatnonzero(key.to_numpy()[1:] != key.to_numpy()[:-1]) + 1
        texts = dict(
            zip(corpus.documents["doc_id"].astype(str), corpus.documents["text"], strict=True)
        )
        cuts = sorted(set(change.tolist()) | set(self._breaks(texts)))
        bounds = zip([0, *cuts], [*cuts, len(tokens)], strict=True)
        self.bounds = [piece for lo, hi in bounds for piece in _split_at(lo, hi, entity)]

    def _breaks(self, texts: dict[str, str]) -> list[int]:
        """Positions k where punctuation between word k-1 and word k ends a phrase."""
        out = []
        for k in range(1, len(self.norms)):
            doc = self.doc_ids[k]
            if doc != self.doc_ids[k - 1]:
                continue  # another document: already a cut
            gap = texts.get(doc, "")[self.ends[k - 1] : self.starts[k]]
            if gap != " " and _BREAK.search(gap):
                out.append(k)
        return out


def _split_at(lo: int, hi: int, entity: np.ndarray) -> list[tuple[int, int]]:
    """The runs of [lo, hi) between masked positions (the masked positions left out)."""
    out, start = [], lo
    for k in np.flatnonzero(entity[lo:hi]) + lo:
        if k > start:
            out.append((start, int(k)))
        start = int(k) + 1
    if hi > start:
        out.append((start, hi))
    return out


def _grams(
    toks: _Tokens, sizes: Sequence[int], min_content: int, edge_stopwords: bool
) -> Iterator[tuple[int, Gram]]:
    """(token position, n-gram) for every countable n-gram of every sentence."""
    norms, content, edge_ok = toks.norms, toks.content, toks.edge_ok
    for lo, hi in toks.bounds:
        for size in sizes:
            for i in range(lo, hi - size + 1):
                j = i + size
                if content[j] - content[i] < min_content:
                    continue
                if not edge_stopwords and not (edge_ok[i] and edge_ok[j - 1]):
                    continue
                yield i, tuple(norms[i:j])


def _collect(toks: _Tokens, sizes: Sequence[int], min_content: int, edge_stopwords: bool) -> _Stats:
    stats = _Stats()
    for i, gram in _grams(toks, sizes, min_content, edge_stopwords):
        key = (toks.groups[i], gram)
        stats.count[key] = stats.count.get(key, 0) + 1
        stats.docs.setdefault(key, set()).add(toks.doc_ids[i])
        if gram not in stats.first:
            stats.first[gram] = (toks.doc_ids[i], toks.starts[i], toks.ends[i + len(gram) - 1])
    return stats


def _per_group(stats: _Stats, min_groups: int) -> pd.DataFrame:
    rows = [(g, gram, c, len(stats.docs[g, gram])) for (g, gram), c in stats.count.items()]
    table = pd.DataFrame(rows, columns=["group", "gram", "count", "n_documents"])
    table["n_groups"] = table.groupby("gram")["group"].transform("nunique")
    table["template"] = table["n_groups"] >= min_groups
    return table


def _collapsed(table: pd.DataFrame, sizes: Sequence[int]) -> pd.DataFrame:
    """The rows of ``_per_group`` with overlapping n-grams joined to their longest phrase."""
    parts = []
    for (_group, _template), part in table.groupby(["group", "template"], sort=True):
        counts = dict(zip(part["gram"], part["count"], strict=True))
        keep = _maximal(counts, sizes)
        parts.append(_chained(part[part["gram"].isin(keep)]))
    return pd.concat(parts, ignore_index=True) if parts else table


def _chained(rows: pd.DataFrame) -> pd.DataFrame:
    """Join n-grams g, h of one size and count where h continues g by one word (g[1:] == h[:-1])."""
    # Records keyed by the gram tuple (a tuple index label would be read as several indexers).
    record = {r["gram"]: r for r in rows.to_dict("records")}
    grams = list(record)
    count = {g: r["count"] for g, r in record.items()}
    by_head: dict[tuple, list[Gram]] = {}
    by_tail: dict[tuple, list[Gram]] = {}
    for g in grams:
        by_head.setdefault((g[:-1], count[g]), []).append(g)
        by_tail.setdefault((g[1:], count[g]), []).append(g)

    def successor(g: Gram) -> Gram | None:
        nxt = [h for h in by_head.get((g[1:], count[g]), []) if len(h) == len(g) and h != g]
        if len(nxt) != 1:
            return None
        back = [p for p in by_tail.get((nxt[0][:-1], count[g]), []) if len(p) == len(g)]
        return nxt[0] if back == [g] else None  # a fork or a join: not one phrase

    has_pred = {h for g in grams if (h := successor(g)) is not None}
    out = []
    for g in grams:
        if g in has_pred:
            continue
        phrase, members, seen = list(g), [g], {g}
        h = successor(g)
        while h is not None and h not in seen:  # seen: a phrase repeated inside itself
            phrase.append(h[-1])
            members.append(h)
            seen.add(h)
            h = successor(h)
        row = dict(record[g])
        row["gram"] = tuple(phrase)
        row["n_documents"] = int(min(record[m]["n_documents"] for m in members))
        row["n_groups"] = int(max(record[m]["n_groups"] for m in members))
        out.append(row)
    return pd.DataFrame(
        out, columns=["group", "gram", "count", "n_documents", "n_groups", "template"]
    )


def ngram_table(
    corpus: Corpus,
    by: str | None = "primary_province",
    n: int | Sequence[int] = (3, 4, 5),
    min_groups: int = 2,
    *,
    min_content: int = 2,
    edge_stopwords: bool = False,
    maximal: bool = False,
) -> pd.DataFrame:
    """Every word n-gram per group: group, ngram, n, count, n_documents, n_groups, template.

    ``template`` is True when the n-gram occurs in ``min_groups`` or more groups; the rows with
    ``template == False`` are each group's own phrasing. Sorted by group, count (descending), ngram.

    ``maximal=True`` collapses overlapping n-grams to the longest phrase, within each group and
    kind (template or own): an n-gram inside a longer one with the same count is dropped, and
    windows that slide along one longer repeated phrase with the same count ("kế hoạch hành
    động thực hiện", "hành động thực hiện chương trình") are joined into it, so ``n`` may then
    exceed the largest of ``n``. One repeated phrase is one row, not six.
    """
    _check_min_groups(min_groups)
    sizes = _sizes(n)
    stats = _collect(_Tokens(corpus, by), sizes, min_content, edge_stopwords)
    if not stats.count:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in TABLE_COLUMNS})
    table = _per_group(stats, min_groups)
    if maximal:
        table = _collapsed(table, sizes)
    table["ngram"] = table["gram"].map(" ".join)
    table["n"] = table["gram"].map(len)
    table = table.sort_values(
        ["group", "count", "ngram"], ascending=[True, False, True], kind="stable"
    )
    return table[TABLE_COLUMNS].reset_index(drop=True)


def shared_ngrams(
    corpus: Corpus,
    by: str | None = "primary_province",
    n: int | Sequence[int] = (3, 4, 5),
    min_groups: int = 2,
    *,
    maximal: bool = True,
    min_content: int = 2,
    edge_stopwords: bool = False,
) -> pd.DataFrame:
    """Word n-grams found verbatim in documents of ``min_groups`` or more groups.

    Columns: ngram (lower-case words joined by spaces), n, n_groups, groups ("Bình Định; Hà Nội"),
    n_documents, count (occurrences in the whole corpus) and the first occurrence as evidence: doc_id,
    start, end (offsets into ``documents.text``) and example (``text[start:end]``, with the
    original case and punctuation: "Đến năm 2025, định hướng đến năm 2030"). ``maximal=True`` drops
    an n-gram that occurs only inside a longer listed one (same count), so "định hướng đến năm" is
    not listed beside "định hướng đến năm 2030". Sorted by n_groups, n, count (descending), ngram.
    """
    _check_min_groups(min_groups)
    sizes = _sizes(n)
    stats = _collect(_Tokens(corpus, by), sizes, min_content, edge_stopwords)
    if not stats.count:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in SHARED_COLUMNS})
    per_group = _per_group(stats, min_groups)
    per_gram = per_group.groupby("gram").agg(
        n_groups=("group", "nunique"),
        groups=("group", lambda g: "; ".join(sorted(set(g)))),
        n_documents=("n_documents", "sum"),
        count=("count", "sum"),
    )
    shared = per_gram[per_gram["n_groups"] >= min_groups]
    if maximal:
        shared = shared.loc[sorted(_maximal(shared["count"].to_dict(), sizes))]
    out = shared.reset_index()
    out["ngram"] = out["gram"].map(" ".join)
    out["n"] = out["gram"].map(len)
    evidence = [stats.first[g] for g in out["gram"]]
    out["doc_id"] = [e[0] for e in evidence]
    out["start"] = [int(e[1]) for e in evidence]
    out["end"] = [int(e[2]) for e in evidence]
    texts = dict(zip(corpus.documents["doc_id"].astype(str), corpus.documents["text"], strict=True))
    out["example"] = [
        texts[d][s:e] for d, s, e in zip(out["doc_id"], out["start"], out["end"], strict=True)
    ]
    out = out.sort_values(
        ["n_groups", "n", "count", "ngram"], ascending=[False, False, False, True], kind="stable"
    )
    return out.reindex(columns=SHARED_COLUMNS).reset_index(drop=True)


def _maximal(counts: dict[Gram, int], sizes: Sequence[int]) -> set[Gram]:
    """Drop n-grams found inside a longer listed n-gram with the same count (never on their own)."""
    covered = set()
    for gram, c in counts.items():
        for size in sizes:
            if size >= len(gram):
                break
            for i in range(len(gram) - size + 1):
                part = gram[i : i + size]
                if counts.get(part) == c:
                    covered.add(part)
    return set(counts) - covered


def template_token_mask(
    corpus: Corpus,
    by: str | None = "primary_province",
    n: int | Sequence[int] = (3, 4, 5),
    min_groups: int = 2,
    *,
    min_content: int = 2,
    edge_stopwords: bool = False,
) -> pd.Series:
    """True for every token of ``corpus.tokens`` inside an occurrence of a template n-gram.

    A boolean Series aligned with ``corpus.tokens`` (same index), so
    ``corpus.tokens[~template_token_mask(corpus)]`` is the text without its national formulas.
    Tokens of documents outside every group are False. Computed once per corpus and parameters
    and shared by every notebook (:mod:`dxcompare.corpus.derived`).
    """
    from dxcompare.analyze.grouping import by_columns
    from dxcompare.analyze.masking import _span_inputs
    from dxcompare.corpus import derived

    _check_min_groups(min_groups)
    params = {
        "by": by, "n": _sizes(n), "min_groups": min_groups, "min_content": min_content,
        "edge_stopwords": edge_stopwords, "series_name": "template",
    }  # fmt: skip
    inputs = [
        (corpus.tokens, None),
        (corpus.documents, ["doc_id", "text", *by_columns(by)]),
        *_span_inputs(corpus),
    ]
    return derived.cached_series(
        "template_token_mask",
        params,
        inputs,
        lambda: _template_token_mask(corpus, by, n, min_groups, min_content, edge_stopwords),
    )


def _template_token_mask(
    corpus: Corpus,
    by: str | None,
    n: int | Sequence[int],
    min_groups: int,
    min_content: int,
    edge_stopwords: bool,
) -> pd.Series:
    """:func:`template_token_mask` itself, uncached."""
    sizes = _sizes(n)
    toks = _Tokens(corpus, by)
    stats = _collect(toks, sizes, min_content, edge_stopwords)
    mask = pd.Series(False, index=corpus.tokens.index, name="template")
    if not stats.count:
        return mask
    groups_of: dict[Gram, set[str]] = {}
    for group, gram in stats.count:
        groups_of.setdefault(gram, set()).add(group)
    templates = {gram for gram, groups in groups_of.items() if len(groups) >= min_groups}
    inside = np.zeros(len(toks.norms), dtype=bool)
    for i, gram in _grams(toks, sizes, min_content, edge_stopwords):
        if gram in templates:
            inside[i : i + len(gram)] = True
    mask.loc[toks.rows[inside]] = True
    return mask


__all__ = ["shared_ngrams", "ngram_table", "template_token_mask"]
