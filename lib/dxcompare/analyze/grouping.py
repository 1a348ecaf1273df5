"""Group the documents by a column: one labelling for every table that takes ``by=``.

``by`` is a column of ``corpus.documents`` (``"primary_province"``, ``"province_2025"``,
``"outlet"``, ``"kind"``, ``"year"``, ``"doc_id"``), a list of them (labels joined by " / ":
``"Bình Định / news"``), or None (the whole corpus as one group, ``"(all)"``). Every document
belongs to a group: one with no value in the column is in ``"(unknown)"``, never dropped, and a
year that pandas stored as a float (because some documents have none) reads ``"2022"``.

    >>> group_label(2022.0), group_label(None), group_label("Hà Nội")
    ('2022', '(unknown)', 'Hà Nội')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from dxcompare.errors import ParameterError

if TYPE_CHECKING:  # the type only: importing the corpus module here would load it eagerly
    from dxcompare.corpus.build import Corpus

#: The group label when ``by=None`` (the whole corpus as one group).
ALL = "(all)"
#: The group of documents with no value in a ``by`` column.
UNKNOWN = "(unknown)"
#: Joins the labels of a list of ``by`` columns: "Bình Định / news".
SEPARATOR = " / "

By = str | Sequence[str] | None


def by_columns(by: By) -> list[str]:
    """The columns named by ``by``: [] for None, [by] for one name, the list for a list."""
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    return list(by)


def _documents(corpus_or_documents: Any) -> pd.DataFrame:
    docs = getattr(corpus_or_documents, "documents", corpus_or_documents)
    if not isinstance(docs, pd.DataFrame):
        raise TypeError(f"expected a Corpus or a documents DataFrame, got {type(docs).__name__}")
    return docs


def check_by(corpus_or_documents: Any, by: By) -> None:
    """A ParameterError naming the valid columns when ``by`` is not column(s) of the documents.

    ``"text"`` is never a group (every document has its own).
    """
    docs = _documents(corpus_or_documents)
    if by is None:
        return
    valid = [str(c) for c in docs.columns if c != "text"]
    cols = by_columns(by) if isinstance(by, str | list | tuple) else [by]
    bad = not cols or any(not isinstance(c, str) or c not in valid for c in cols)
    if bad:
        raise ParameterError(
            f"by={by!r} is not a column of corpus.documents. Fix: use one of "
            f"{', '.join(valid)}, a list of them, or by=None for the whole corpus"
        )


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float | np.floating):
        return bool(np.isnan(value))
    return False


def group_label(value: Any) -> str:
    """The text label of a documents value: 2022.0 -> "2022", None/NaN/NA/"" -> "(unknown)"."""
    if _is_missing(value):
        return UNKNOWN
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, np.integer):
        return str(int(value))
    return str(value)


def group_labels(documents: Any, by: By) -> pd.Series:
    """The group label of each row of ``documents`` (same index), named ``group``.

    A list of columns joins the labels: ``["primary_province", "kind"]`` -> "Hà Nội / plan".
    """
    docs = _documents(documents)
    check_by(docs, by)
    if by is None:
        return pd.Series(ALL, index=docs.index, name="group", dtype=object)
    parts = [[group_label(v) for v in docs[c].tolist()] for c in by_columns(by)]
    labels = [SEPARATOR.join(p) for p in zip(*parts, strict=True)] if len(docs) else []
    return pd.Series(labels, index=docs.index, name="group", dtype=object)


def doc_groups(corpus: Corpus | pd.DataFrame, by: By) -> pd.Series:
    """doc_id -> group label for every document (``"(unknown)"`` where the value is missing).

    ``by=None`` puts every document in one group, ``"(all)"``.
    """
    docs = _documents(corpus)
    labels = group_labels(docs, by)
    return pd.Series(
        labels.to_numpy(), index=docs["doc_id"].astype(str).to_numpy(), name="group", dtype=object
    )


__all__ = [
    "ALL",
    "UNKNOWN",
    "SEPARATOR",
    "by_columns",
    "check_by",
    "group_label",
    "group_labels",
    "doc_groups",
]
