"""Keyness: which words one group of documents uses more than another.

Three statistics over segmented body words (``corpus.tokens.norm``):

- ``"logodds"`` (default): the weighted log-odds ratio with an informative Dirichlet prior of
  Monroe, Colaresi & Quinn (2008), "Fightin' Words: Lexical Feature Selection and Evaluation for
  Identifying the Content of Political Conflict", *Political Analysis* 16(4): 372-403, eq. 16-22.
- ``"chi2"`` and ``"loglik"``: the signed 2x2 chi-square and likelihood-ratio (G2) statistics of
  quanteda's ``textstat_keyness`` (same formulas and default correction as its source,
  quanteda.textstats ``src/keyness.cpp``), for readers who know them.

Comparisons:

    >>> keyness(corpus, by="primary_province")                         # every group vs the rest
    >>> keyness(corpus, target="Bình Định")                            # one group vs the rest
    >>> keyness(corpus, target="Hà Nội", reference="Hải Phòng")        # a pair
    >>> keyness(corpus, target=("Hà Nội", "Hải Phòng"))                # the same pair (shorthand)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from dxcompare.analyze.vocabulary import (
    display_forms,
    doc_groups,
    group_label,
    word_keys,
    word_tokens,
)
from dxcompare.errors import ParameterError

if TYPE_CHECKING:  # the type only: importing the corpus module here would load it eagerly
    from dxcompare.corpus.build import Corpus

METHODS = ("logodds", "chi2", "loglik")
CORRECTIONS = ("default", "yates", "williams", "none")
SCORE = {"logodds": "z", "chi2": "chi2", "loglik": "G2"}
STAT_COLUMNS = {"logodds": ["delta", "var", "z"], "chi2": ["chi2", "p"], "loglik": ["G2", "p"]}
LEAD_COLUMNS = ["group", "reference", "token", "n_group", "n_rest"]
#: The ``reference`` label of a comparison against every other group.
REST = "rest"

#: Pseudo-count of a word missing from a user's reference corpus, before the prior is scaled.
REFERENCE_PSEUDOCOUNT = 0.5
#: quanteda adds this inside the logarithms of G2 (keyness.cpp), so an empty cell gives 0.
_QUANTEDA_EPSILON = 1e-9


def keyness(
    corpus: Corpus,
    by: str | None = "primary_province",
    target: Any = None,
    method: str = "logodds",
    prior: Any = None,
    *,
    reference: Any = None,
    alpha0: float | None = None,
    correction: str = "default",
    stopwords: bool = False,
    min_count: int = 1,
    exclude_templates: bool = False,
    template_by: str | None = "primary_province",
    template_n: int | Sequence[int] = (3, 4, 5),
    template_min_groups: int = 2,
    exclude: Iterable[str] = (),
    entities: bool = False,
) -> pd.DataFrame:
    """Distinctive words of groups of documents, one row per (comparison, word).

    Comparisons (``group`` against ``reference``):

    - ``target=None``: every group with words against the rest of the corpus (reference "rest");
    - ``target="Hà Nội"``: that group against the rest; a list of groups: each against the rest;
    - ``target="Hà Nội", reference="Hải Phòng"``: the pair only (``target=("Hà Nội",
      "Hải Phòng")``, a 2-tuple, is the same); positive scores lean to the target, negative ones
      to the reference. Other groups are left out of the counts but still feed the pooled prior.

    Columns: group, reference, token (lower-case key), n_group, n_rest (the word's count on the
    reference side), the statistic (``delta, var, z`` for logodds, ``chi2, p`` or ``G2, p``) and
    display (most common surface form, "Hà Nội"). Sorted by group, then score (z, chi2 or G2)
    descending, then token.

    **logodds** (Monroe, Colaresi & Quinn 2008, eq. 16, 18-20, 22). With y_w^g the count of word w
    in the group, n^g the group's words (same for the reference r), a_w the prior count of w and
    a_0 = sum of a_w::

        delta_w = log((y_w^g + a_w) / (n^g + a_0 - y_w^g - a_w))
                - log((y_w^r + a_w) / (n^r + a_0 - y_w^r - a_w))
        var_w   = 1/(y_w^g + a_w) + 1/(y_w^r + a_w)      (eq. 20: only the 1/(y+a) terms)
        z_w     = delta_w / sqrt(var_w)

    The prior is a_w = a_0 * pi_w. ``prior=None``: pi_w is the word's share of the pooled corpus
    (every grouped document, also in a pairwise comparison). ``prior=`` a Corpus, a Series of word
    counts (index = word) or a DataFrame with ``token`` and ``count`` columns (e.g.
    :func:`~dxcompare.vocabulary.frequencies` of a reference corpus): pi_w is the word's share of
    that reference over the compared vocabulary, a word it lacks counting 0.5. The scale a_0
    (``alpha0``) defaults to the number of words in the pooled corpus, so with the pooled prior
    a_w is simply the word's pooled count (as in tidylo's ``bind_log_odds``); a smaller ``alpha0``
    weakens the prior, so rare words move further from 0.

    **chi2 / loglik** (quanteda ``textstat_keyness``, ``measure="chi2"`` / ``"lr"``) on the 2x2
    table a = word in group, b = word in reference, c, d = the other words of each side, N = a+b+c+d:
    chi2 = N (|ad - bc| - N k)^2 / ((a+b)(c+d)(a+c)(b+d)), G2 = 2 sum O log(O/E + 1e-9) (empty
    cells give 0), signed negative when a <= E(a) = (a+b)(a+c)/N; p from chi-square with 1 df.
    ``correction="default"`` (and ``"yates"``) is quanteda's code: k = 0.5 only when
    |ad - bc| >= N/2 and an expected cell is below 5 (large counts stay uncorrected); for G2 the
    0.5 is moved between the cells towards independence. ``"williams"`` divides by Williams's q,
    ``"none"`` applies nothing.

    Words are the body tokens with a letter; stopwords are left out unless ``stopwords=True``
    (also from n^g). ``min_count`` drops words seen fewer times in the two sides together.
    ``exclude_templates=True`` first removes every token inside a national template (a word n-gram
    of ``template_n`` words shared verbatim by ``template_min_groups`` groups of ``template_by``,
    see :func:`dxcompare.formulaic.shared_ngrams`), so a province's keywords are its own words; a
    word keeps its occurrences outside the templates. ``exclude`` drops words before counting, in
    any case or tone placement (``exclude=["Hà Nội", "Thủ đô", "tỉnh"]``: a province's own name
    is rarely what a reader wants to see at the top of its list). Names and symbol fragments
    ("Cần Thơ", "UBND", "NQ") are never counted unless ``entities=True`` (see
    :mod:`dxcompare.analyze.masking`).

    Raises ParameterError for an unknown method, ``by`` column or group (the message lists the
    valid groups), a target whose documents have no words, or fewer than two groups with words.

    With the pooled prior, every group against the rest is computed once per corpus and
    parameters and shared (:mod:`dxcompare.corpus.derived`); ``target="Hà Nội"`` is then its
    rows of that table, so a report's province profiles count the corpus once, not once each.
    """
    _check_options(method, correction, min_count)
    exclude = list(exclude)
    options = {
        "by": by, "method": method, "alpha0": alpha0, "correction": correction,
        "stopwords": stopwords, "min_count": min_count, "exclude_templates": exclude_templates,
        "template_by": template_by, "template_n": template_n,
        "template_min_groups": template_min_groups, "exclude": exclude, "entities": entities,
    }  # fmt: skip
    one = reference is None and target is not None and not isinstance(target, list | tuple | set)
    if prior is None and (target is None or one):
        full = _every_group(corpus, options)
        if target is None:
            return full
        part = full[full["group"] == group_label(target)]
        if len(part):
            return part.reset_index(drop=True)
        # not a group with words: the direct computation raises the error that says why
    return _keyness(corpus, target=target, prior=prior, reference=reference, **options)


def _every_group(corpus: Corpus, options: dict[str, Any]) -> pd.DataFrame:
    """keyness(target=None) with the pooled prior, cached."""
    from dxcompare.analyze.grouping import by_columns
    from dxcompare.analyze.masking import _span_inputs
    from dxcompare.corpus import derived

    columns = ["doc_id", *by_columns(options["by"]), *by_columns(options["template_by"]), "text"]
    inputs = [
        (corpus.tokens, list(corpus.tokens.columns)),
        (corpus.documents, list(dict.fromkeys(columns))),
        *_span_inputs(corpus),
    ]
    return derived.cached(
        "keyness",
        options,
        inputs,
        lambda: _keyness(corpus, target=None, prior=None, reference=None, **options),
    )


def _keyness(
    corpus: Corpus,
    by: str | None,
    target: Any,
    method: str,
    prior: Any,
    *,
    reference: Any,
    alpha0: float | None,
    correction: str,
    stopwords: bool,
    min_count: int,
    exclude_templates: bool,
    template_by: str | None,
    template_n: int | Sequence[int],
    template_min_groups: int,
    exclude: list[str],
    entities: bool,
) -> pd.DataFrame:
    """:func:`keyness` itself, uncached."""
    tokens = _keyness_tokens(
        corpus, by, stopwords, exclude_templates, template_by, template_n, template_min_groups,
        entities,
    )  # fmt: skip
    if exclude:
        tokens = tokens[~tokens["norm"].isin(word_keys(exclude))]
    counts = _count_matrix(tokens, sorted(set(doc_groups(corpus, by))))
    pairs = _comparisons(counts, target, reference)
    alpha = _alpha(counts, prior, alpha0, stopwords) if method == "logodds" else None
    frames = [
        _compare(g, r, y_g, y_r, method, alpha, correction, min_count) for g, r, y_g, y_r in pairs
    ]
    out = pd.concat(frames, ignore_index=True)
    out["display"] = out["token"].map(display_forms(tokens))
    out = out.sort_values(
        ["group", SCORE[method], "token"], ascending=[True, False, True], kind="stable"
    )
    return out[LEAD_COLUMNS + STAT_COLUMNS[method] + ["display"]].reset_index(drop=True)


def _check_options(method: str, correction: str, min_count: int) -> None:
    if method not in METHODS:
        raise ParameterError(f"method={method!r} is unknown. Fix: use one of {', '.join(METHODS)}")
    if correction not in CORRECTIONS:
        raise ParameterError(
            f"correction={correction!r} is unknown. Fix: use one of {', '.join(CORRECTIONS)}"
        )
    if not isinstance(min_count, int) or min_count < 1:
        raise ParameterError(f"min_count={min_count!r} must be an int >= 1. Fix: min_count=1")


# --------------------------------------------------------------------------------------------
# Counts and comparisons
# --------------------------------------------------------------------------------------------


def _keyness_tokens(
    corpus: Corpus,
    by: str | None,
    stopwords: bool,
    exclude_templates: bool,
    template_by: str | None,
    template_n: int | Sequence[int],
    template_min_groups: int,
    entities: bool = False,
) -> pd.DataFrame:
    tokens = word_tokens(corpus, by, stopwords=stopwords, entities=entities)
    if exclude_templates:
        from dxcompare.analyze.formulaic import template_token_mask

        inside = template_token_mask(
            corpus, by=template_by, n=template_n, min_groups=template_min_groups
        )
        tokens = tokens[~inside.reindex(tokens.index, fill_value=False).to_numpy()]
    return tokens


def count_matrix(
    corpus: Corpus,
    by: str | None = "primary_province",
    *,
    stopwords: bool = False,
    exclude_templates: bool = False,
    template_by: str | None = "primary_province",
    template_n: int | Sequence[int] = (3, 4, 5),
    template_min_groups: int = 2,
    entities: bool = False,
) -> pd.DataFrame:
    """Word x group counts: index = lower-case word (sorted), one column per group (sorted).

    Every group of the documents is a column, all zeros for a group with no words.
    """
    tokens = _keyness_tokens(
        corpus, by, stopwords, exclude_templates, template_by, template_n, template_min_groups,
        entities,
    )  # fmt: skip
    return _count_matrix(tokens, sorted(set(doc_groups(corpus, by))))


def _count_matrix(tokens: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    if tokens.empty:
        return pd.DataFrame(0, index=pd.Index([], name="norm", dtype=object), columns=groups)
    counts = tokens.groupby(["norm", "group"]).size().unstack(fill_value=0)
    return counts.reindex(columns=groups, fill_value=0).sort_index().astype("int64")


def _comparisons(
    counts: pd.DataFrame, target: Any, reference: Any
) -> list[tuple[str, str, pd.Series, pd.Series]]:
    """(group, reference label, group counts, reference counts) for each comparison asked for."""
    sizes = counts.sum(axis=0)
    with_words = [g for g in counts.columns if sizes[g] > 0]
    if isinstance(target, tuple) and len(target) == 2 and reference is None:
        target, reference = target
    if reference is not None:
        if target is None or isinstance(target, list | tuple | set):
            raise ParameterError(
                "reference= compares one target group with one reference group. "
                "Fix: keyness(corpus, target='<group>', reference='<other group>')"
            )
        g, r = _check_group(counts, target), _check_group(counts, reference)
        if g == r:
            raise ParameterError(f"target and reference are both {g!r}. Fix: choose two groups")
        return [(g, r, counts[g], counts[r])]
    if len(with_words) < 2:
        raise ParameterError(
            f"only {len(with_words)} group with words ({', '.join(with_words) or 'none'}) to "
            "compare. Fix: choose a by= column with two or more values in this corpus"
        )
    if target is None:
        chosen = with_words
    elif isinstance(target, list | tuple | set):
        chosen = [_check_group(counts, t) for t in sorted(target, key=str)]
    else:
        chosen = [_check_group(counts, target)]
    total = counts.sum(axis=1)
    return [(g, REST, counts[g], total - counts[g]) for g in chosen]


def _check_group(counts: pd.DataFrame, name: Any) -> str:
    label = group_label(name)
    groups = list(counts.columns)
    if label not in groups:
        raise ParameterError(
            f"group {name!r} is not in this corpus. Fix: use one of {', '.join(groups)}"
        )
    if counts[label].sum() == 0:
        raise ParameterError(
            f"group {label!r} has no words to compare (its documents have no body text left "
            "after cleaning, or only stopwords). Fix: check corpus.documents and corpus.problems"
        )
    return label


def _compare(
    group: str,
    ref: str,
    y_g: pd.Series,
    y_r: pd.Series,
    method: str,
    alpha: pd.Series | None,
    correction: str,
    min_count: int,
) -> pd.DataFrame:
    n_g, n_r = float(y_g.sum()), float(y_r.sum())
    keep = (y_g + y_r) >= min_count
    table = pd.DataFrame(
        {"token": y_g.index[keep], "n_group": y_g[keep].to_numpy(), "n_rest": y_r[keep].to_numpy()}
    )
    if method == "logodds":
        a = alpha.reindex(table["token"]).to_numpy()
        stats = log_odds(table["n_group"], table["n_rest"], n_g, n_r, a, float(alpha.sum()))
    elif method == "chi2":
        stats = chi2_keyness(table["n_group"], table["n_rest"], n_g, n_r, correction)
    else:
        stats = loglik_keyness(table["n_group"], table["n_rest"], n_g, n_r, correction)
    table = pd.concat([table, stats], axis=1)
    table.insert(0, "group", group)
    table.insert(1, "reference", ref)
    return table


# --------------------------------------------------------------------------------------------
# The Dirichlet prior
# --------------------------------------------------------------------------------------------


def _alpha(counts: pd.DataFrame, prior: Any, alpha0: float | None, stopwords: bool) -> pd.Series:
    return prior_counts(counts.sum(axis=1), prior, alpha0=alpha0, stopwords=stopwords)


def prior_counts(
    pooled: pd.Series, prior: Any = None, *, alpha0: float | None = None, stopwords: bool = False
) -> pd.Series:
    """The Dirichlet prior a_w = alpha0 * pi_w over the pooled vocabulary.

    ``pooled``: word counts of the compared corpus. ``prior``: None (pi = pooled shares), a Corpus,
    a Series of counts or a DataFrame with token and count columns (pi = the reference's shares
    over the pooled vocabulary, 0.5 for a word it lacks). ``alpha0`` defaults to the pooled total.
    """
    scale = float(pooled.sum()) if alpha0 is None else float(alpha0)
    if not scale > 0:
        raise ParameterError(f"alpha0={alpha0!r} must be positive. Fix: pass a number > 0")
    if prior is None:
        return scale * pooled.astype(float) / float(pooled.sum())
    ref = _reference_counts(prior, stopwords).reindex(pooled.index, fill_value=0.0)
    ref = ref.where(ref > 0, REFERENCE_PSEUDOCOUNT)
    return scale * ref / ref.sum()


def _reference_counts(prior: Any, stopwords: bool) -> pd.Series:
    from dxcompare.annotate.normalize import normalize_text
    from dxcompare.annotate.segment import normalize_token

    if hasattr(prior, "tokens") and hasattr(prior, "documents"):
        tokens = word_tokens(prior, None, stopwords=stopwords)
        return tokens.groupby("norm").size().astype(float)
    if isinstance(prior, pd.DataFrame) and {"token", "count"} <= set(prior.columns):
        prior = prior.groupby("token")["count"].sum()
    if isinstance(prior, pd.Series) and pd.api.types.is_numeric_dtype(prior):
        # As the corpus's own keys: "Hoà Bình" (old tone placement) counts for "hòa bình".
        keys = [normalize_token(normalize_text(str(w))) for w in prior.index]
        return pd.Series(prior.to_numpy(dtype=float), index=keys).groupby(level=0).sum()
    raise ParameterError(
        "prior= must be None, a Corpus, a Series of word counts or a DataFrame with token and "
        "count columns. Fix: pass dxcompare.load_corpus(<reference folder>) or a Series indexed "
        "by word"
    )


# --------------------------------------------------------------------------------------------
# Statistics (vectorized; each takes the word counts in group and reference and the two totals)
# --------------------------------------------------------------------------------------------


def log_odds(y_g: Any, y_r: Any, n_g: float, n_r: float, alpha: Any, alpha0: float) -> pd.DataFrame:
    """delta, var, z of Monroe, Colaresi & Quinn (2008, eq. 16 and 20) for prior counts alpha."""
    y_g, y_r, a = (np.asarray(v, dtype=float) for v in (y_g, y_r, alpha))
    omega_g = (y_g + a) / (n_g + alpha0 - y_g - a)
    omega_r = (y_r + a) / (n_r + alpha0 - y_r - a)
    delta = np.log(omega_g) - np.log(omega_r)
    var = 1.0 / (y_g + a) + 1.0 / (y_r + a)
    return pd.DataFrame({"delta": delta, "var": var, "z": delta / np.sqrt(var)})


def _yates(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> np.ndarray:
    """quanteda's continuity correction: 0.5 only for a small expected cell."""
    n = a + b + c + d
    small = (
        ((a + b) * (a + c) / n < 5)
        | ((a + b) * (b + d) / n < 5)
        | ((a + c) * (c + d) / n < 5)
        | ((c + d) * (b + d) / n < 5)
    )
    return np.where((np.abs(a * d - b * c) >= n / 2) & small, 0.5, 0.0)


def _williams(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> np.ndarray:
    n = a + b + c + d
    with np.errstate(divide="ignore", invalid="ignore"):
        q = 1 + (n / (a + b) + n / (c + d) - 1) * (n / (a + c) + n / (b + d) - 1) / (6 * n)
    return np.where(a * b * c * d == 0, 1.0, q)


def _cells(y_g: Any, y_r: Any, n_g: float, n_r: float) -> tuple[np.ndarray, ...]:
    a = np.asarray(y_g, dtype=float)
    b = np.asarray(y_r, dtype=float)
    return a, b, n_g - a, n_r - b


def _p_chi2_1df(stat: np.ndarray) -> np.ndarray:
    """Upper tail of chi-square with 1 df at |stat| (= erfc(sqrt(x / 2)))."""
    return np.array([math.erfc(math.sqrt(abs(s) / 2)) for s in stat], dtype=float)


def chi2_keyness(
    y_g: Any, y_r: Any, n_g: float, n_r: float, correction: str = "default"
) -> pd.DataFrame:
    """Signed chi-square of the 2x2 table, as quanteda's ``textstat_keyness(measure="chi2")``."""
    a, b, c, d = _cells(y_g, y_r, n_g, n_r)
    n = a + b + c + d
    expected = (a + b) * (a + c) / n
    k = _yates(a, b, c, d) if correction in ("default", "yates") else np.zeros_like(a)
    q = _williams(a, b, c, d) if correction == "williams" else 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        chi2 = (
            n * (np.abs(a * d - b * c) - n * k) ** 2 / ((a + b) * (c + d) * (a + c) * (b + d)) / q
        )
    chi2 = chi2 * np.where(a > expected, 1.0, -1.0)
    return pd.DataFrame({"chi2": chi2, "p": _p_chi2_1df(chi2)})


def loglik_keyness(
    y_g: Any, y_r: Any, n_g: float, n_r: float, correction: str = "default"
) -> pd.DataFrame:
    """Signed likelihood ratio G2 of the 2x2 table, as quanteda's ``measure="lr"``."""
    a, b, c, d = _cells(y_g, y_r, n_g, n_r)
    n = a + b + c + d
    expected = (a + b) * (a + c) / n
    k = _yates(a, b, c, d) if correction in ("default", "yates") else np.zeros_like(a)
    shift = k * np.where(a * d - b * c > 0, 1.0, -1.0)
    aa, bb, cc, dd = a - shift, b + shift, c + shift, d - shift

    def term(x: np.ndarray, row: np.ndarray, col: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(x > 0, x * np.log(x / (row * col / n) + _QUANTEDA_EPSILON), 0.0)

    g2 = 2 * (
        term(aa, aa + bb, aa + cc)
        + term(bb, aa + bb, bb + dd)
        + term(cc, aa + cc, cc + dd)
        + term(dd, bb + dd, cc + dd)
    )
    if correction == "williams":
        g2 = g2 / _williams(a, b, c, d)
    g2 = g2 * np.where(a > expected, 1.0, -1.0)
    return pd.DataFrame({"G2": g2, "p": _p_chi2_1df(g2)})


__all__ = [
    "keyness",
    "count_matrix",
    "prior_counts",
    "log_odds",
    "chi2_keyness",
    "loglik_keyness",
    "METHODS",
    "REST",
]
