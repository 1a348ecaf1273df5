"""Tables that sum the corpus up: one row per group, drawn from the tables the other views make.

    >>> glance_table(corpus, "primary_province", distinct=distinct, first=first, key=key)  # doctest: +SKIP
           group  documents  words          kinds most distinctive theme  ...  key words
    0  Bình Định          1    745           news    Digital government  ...  Quy Nhơn, ...

Groups are labelled as every other table labels them (:mod:`dxcompare.grouping`): documents
without a value in ``by`` form ``"(unknown)"``, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from dxcompare.analyze.grouping import By, group_labels
from dxcompare.analyze.vocabulary import word_keys
from dxcompare.extract.national import NATIONAL_PROGRAMME

if TYPE_CHECKING:  # the type only: importing the corpus module here would load it eagerly
    from dxcompare.corpus.build import Corpus

#: The reference the lag of a first response is counted from (as in :mod:`dxcompare.analyze.timelines`).
REFERENCE = NATIONAL_PROGRAMME  # the national programme, Quyết định 749/QĐ-TTg


def _kinds(kinds: pd.Series) -> str:
    """The distinct kinds of a group's documents, sorted: "news, resolution"."""
    return ", ".join(sorted({str(k) for k in kinds.dropna() if str(k).strip()}))


def _first_rows(table: pd.DataFrame, n: int) -> pd.DataFrame:
    """The first ``n`` rows of each group (tables come sorted best first)."""
    return table.groupby("group", sort=True, group_keys=False).head(n)


def glance_table(
    corpus: Corpus,
    by: By = "primary_province",
    *,
    distinct: pd.DataFrame | None = None,
    first: pd.DataFrame | None = None,
    key: pd.DataFrame | None = None,
    exclude: Iterable[str] | None = None,
    n_key: int = 5,
    reference: str = REFERENCE,
) -> pd.DataFrame:
    """One row per group of documents: how much text, of which kinds, and what sets it apart.

    Columns: group, documents, words (body words), kinds ("news, resolution"), then from the
    tables given: ``most distinctive theme`` and ``z`` (the group's first row with z > 0 of
    :func:`~dxcompare.themes.distinctive_themes`, its ``theme`` label column if present, else
    ``theme_id``), ``first document`` and ``days after <reference>`` (from
    :func:`~dxcompare.analyze.timelines.first_responses`), ``key words`` (the ``n_key`` first words
    with z > 0 of :func:`~dxcompare.keywords.keyness`, joined by ", "). A table left out (None)
    leaves its columns out; a group missing from a table has "–"/NaN there.

    ``exclude`` drops key words in any case or tone placement, as ``keyness(exclude=...)`` does;
    None drops the groups' own names ("Thanh Hoá" leaves out "Thanh Hóa" and "thanh hóa").
    Sorted by group.
    """
    docs = corpus.documents.assign(group=group_labels(corpus.documents, by).to_numpy())
    glance = docs.groupby("group", sort=True).agg(
        documents=("doc_id", "size"), words=("n_words", "sum"), kinds=("kind", _kinds)
    )
    if distinct is not None:
        label = "theme" if "theme" in distinct.columns else "theme_id"
        top = _first_rows(distinct[distinct["z"] > 0], 1).set_index("group")[[label, "z"]]
        glance = glance.join(top.rename(columns={label: "most distinctive theme"}))
    if first is not None:
        firsts = first.set_index("group")[["symbol", "days_after_reference"]]
        names = {"symbol": "first document", "days_after_reference": f"days after {reference}"}
        glance = glance.join(firsts.rename(columns=names))
    if key is not None:
        dropped = word_keys(list(glance.index) if exclude is None else exclude)
        kept = key[(key["z"] > 0) & ~key["token"].astype(str).isin(dropped)]
        words = _first_rows(kept, n_key).groupby("group")["display"].agg(", ".join)
        glance["key words"] = words.reindex(glance.index)
    return glance.reset_index()


def documents_per_group(
    corpus: Corpus, by: By = "primary_province", columns: By = "kind"
) -> pd.DataFrame:
    """Documents per group (rows) and value of ``columns`` (default the kind of document).

    Both are labelled as :mod:`dxcompare.grouping` does: a document without a province is counted
    in the row "(unknown)", one without a kind in the column "(unknown)". Zeros included; rows
    and columns sorted. Index named ``group``, columns named after ``columns``.

    >>> documents_per_group(corpus, "primary_province")          # doctest: +SKIP
    kind       news  resolution
    group
    (unknown)     2           0
    Bình Định     1           1
    """
    docs = corpus.documents
    rows = group_labels(docs, by).rename("group")
    cols = group_labels(docs, columns).rename(columns if isinstance(columns, str) else "columns")
    return pd.crosstab(rows, cols).sort_index().sort_index(axis=1)


__all__ = ["glance_table", "documents_per_group"]
