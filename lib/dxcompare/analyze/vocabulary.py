"""Word frequencies per group of documents: counts, rates per 1,000 words and document frequency.

Words are the corpus's segmented body tokens (``corpus.tokens``: underthesea words with the
domain phrases merged), counted by their lower-case key ``norm``, so "chuyển đổi số" is one word
and the "số" inside it is never counted on its own. Captions, bylines and page furniture never
reach ``corpus.tokens`` (it is built from ``documents.text``, the body lines only).

Any column of ``corpus.documents`` groups the documents: ``by="primary_province"``,
``"province_2025"``, ``"outlet"``, ``"kind"``, ``"year"``, ``"doc_id"``, or a list of them;
``by=None`` is the whole corpus. Documents with no value in that column form the group
``"(unknown)"`` (the labelling of :mod:`dxcompare.grouping`, shared by every table).

    >>> frequencies(corpus, by="primary_province", stopwords=False).head(1)   # doctest: +SKIP
           group          token        display  count  rate_per_1000  n_documents ...
    0  Bình Định  chuyển đổi số  chuyển đổi số     18          24.16         1 ...
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from dxcompare.analyze.grouping import ALL, UNKNOWN, By, check_by, doc_groups, group_label

if TYPE_CHECKING:  # the type only: importing the corpus module here would load it eagerly
    from dxcompare.corpus.build import Corpus

COLUMNS = [
    "group", "token", "display", "count", "rate_per_1000", "n_documents", "n_words_group",
    "n_documents_group",
]  # fmt: skip

_HAS_LETTER = re.compile(r"[^\W\d_]")


def word_tokens(
    corpus: Corpus,
    by: By,
    *,
    stopwords: bool = True,
    words_only: bool = True,
    entities: bool = False,
) -> pd.DataFrame:
    """The body tokens with their document's ``group`` (doc_id, token and norm as plain strings).

    The index is the row label of ``corpus.tokens``. ``stopwords=False`` drops tokens flagged
    ``is_stop``; ``words_only`` drops tokens with no letter (numbers such as "2025", "579");
    ``entities=False`` (the default) drops names and symbol fragments ("Cần Thơ", "NQ", "UBND":
    :mod:`dxcompare.analyze.masking`), so no count of vocabulary is led by a province's name.
    """
    groups = doc_groups(corpus, by)
    tokens = corpus.tokens
    out = pd.DataFrame(
        {
            "doc_id": tokens["doc_id"].astype(str),
            "sentence_id": tokens["sentence_id"].astype("int64"),
            "token_id": tokens["token_id"].astype("int64"),
            "token": tokens["token"].astype(str),
            "norm": tokens["norm"].astype(str),
            "is_stop": tokens["is_stop"].astype(bool),
            "start": tokens["start"].astype("int64"),
            "end": tokens["end"].astype("int64"),
        },
        index=tokens.index,
    )
    out["group"] = out["doc_id"].map(groups)
    keep = out["group"].notna()
    if not stopwords:
        keep &= ~out["is_stop"]
    if words_only:
        keep &= _has_letter(tokens["norm"])
    if not entities:
        from dxcompare.analyze.masking import token_mask

        keep &= ~token_mask(corpus, out)
    return out[keep.to_numpy()]


def word_keys(words: Any) -> set[str]:
    """The counting keys (``tokens.norm``) of words a user typed, in any case or tone placement.

    >>> sorted(word_keys(["Thanh Hoá", "TỈNH"]))
    ['thanh hóa', 'tỉnh']
    """
    from dxcompare.annotate.normalize import normalize_text
    from dxcompare.annotate.segment import normalize_token

    if isinstance(words, str):
        words = [words]
    return {normalize_token(normalize_text(str(w))) for w in words}


def _has_letter(norms: pd.Series) -> np.ndarray:
    """Whether each word has a letter, computed once per distinct word."""
    if isinstance(norms.dtype, pd.CategoricalDtype):
        flags = np.array([bool(_HAS_LETTER.search(str(c))) for c in norms.cat.categories], bool)
        codes = norms.cat.codes.to_numpy()
        return np.where(codes >= 0, flags[codes] if len(flags) else False, False)
    return norms.astype(str).map(lambda w: bool(_HAS_LETTER.search(w))).to_numpy(dtype=bool)


def group_sizes(corpus: Corpus, by: By) -> pd.Series:
    """Words per group, every token counted (stopwords and numbers too): the rate denominator.

    Every group of the documents is present, with 0 for a group whose documents have no body words.
    """
    groups = doc_groups(corpus, by)
    tokens = word_tokens(corpus, by, stopwords=True, words_only=False, entities=True)
    sizes = tokens.groupby("group").size()
    return sizes.reindex(sorted(set(groups)), fill_value=0).astype("int64").rename("words")


def group_documents(corpus: Corpus, by: By) -> pd.Series:
    """Documents per group."""
    return doc_groups(corpus, by).value_counts().sort_index().astype("int64").rename("documents")


def display_forms(tokens: pd.DataFrame) -> pd.Series:
    """norm -> its most common surface form ("hà nội" -> "Hà Nội").

    Occurrences at the start of a sentence count only when a word has no other occurrence, so
    "Chuyển đổi số" opening many sentences still displays as "chuyển đổi số"; remaining ties go to
    the alphabetically first form, so the choice never depends on row order.
    """
    if tokens.empty:
        return pd.Series(dtype=object)
    first = tokens.groupby(["doc_id", "sentence_id"])["token_id"].transform("min")
    inside = (tokens["token_id"] != first).astype("int64")
    frame = pd.DataFrame({"norm": tokens["norm"], "token": tokens["token"], "inside": inside})
    counts = frame.groupby(["norm", "token"]).agg(inside=("inside", "sum"), n=("inside", "size"))
    counts = counts.reset_index().sort_values(
        ["norm", "inside", "n", "token"], ascending=[True, False, False, True], kind="stable"
    )
    return counts.drop_duplicates("norm").set_index("norm")["token"]


def frequencies(
    corpus: Corpus,
    by: By = "primary_province",
    *,
    stopwords: bool = True,
    words_only: bool = True,
    min_count: int = 1,
    entities: bool = False,
) -> pd.DataFrame:
    """Word counts per group, one row per (group, word).

    Columns: group, token (the lower-case counting key, ``tokens.norm``), display (its most common
    surface form: "Hà Nội"), count, rate_per_1000 (1000 * count / n_words_group), n_documents
    (the group's documents containing the word), n_words_group (every body word of the group,
    stopwords and numbers included, as ``documents.n_words``, so rates do not change with
    ``stopwords=``) and n_documents_group (the group's documents). ``stopwords=False`` leaves stopwords out of the rows; ``words_only=False``
    keeps numbers; names and symbol fragments are left out unless ``entities=True``. Sorted by
    group, count (descending), token. Computed once per corpus and parameters and shared by every
    notebook of a report (:mod:`dxcompare.corpus.derived`).
    """
    from dxcompare.analyze.grouping import by_columns
    from dxcompare.analyze.masking import _span_inputs
    from dxcompare.corpus import derived

    params = {
        "by": by, "stopwords": stopwords, "words_only": words_only, "min_count": min_count,
        "entities": entities,
    }  # fmt: skip
    inputs = [
        (corpus.tokens, list(corpus.tokens.columns)),
        (corpus.documents, ["doc_id", *by_columns(by)]),
        *_span_inputs(corpus),
    ]
    return derived.cached(
        "frequencies",
        params,
        inputs,
        lambda: _frequencies(corpus, by, stopwords, words_only, min_count, entities),
    )


def _frequencies(
    corpus: Corpus, by: By, stopwords: bool, words_only: bool, min_count: int, entities: bool
) -> pd.DataFrame:
    """:func:`frequencies` itself, uncached."""
    tokens = word_tokens(corpus, by, stopwords=stopwords, words_only=words_only, entities=entities)
    if tokens.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    sizes = group_sizes(corpus, by)
    docs = group_documents(corpus, by)
    grouped = tokens.groupby(["group", "norm"])
    table = grouped.agg(count=("doc_id", "size"), n_documents=("doc_id", "nunique")).reset_index()
    table = table.rename(columns={"norm": "token"})
    table = table[table["count"] >= min_count]
    table["n_words_group"] = table["group"].map(sizes).astype("int64")
    table["n_documents_group"] = table["group"].map(docs).astype("int64")
    table["rate_per_1000"] = 1000 * table["count"] / table["n_words_group"]
    table["display"] = table["token"].map(display_forms(tokens))
    table = table.sort_values(
        ["group", "count", "token"], ascending=[True, False, True], kind="stable"
    )
    return table[COLUMNS].reset_index(drop=True)


__all__ = [
    "frequencies",
    "doc_groups",
    "word_tokens",
    "group_sizes",
    "group_documents",
    "display_forms",
    "group_label",
    "check_by",
    "ALL",
    "UNKNOWN",
]
