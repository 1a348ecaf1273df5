"""Choosing the provinces a notebook shows: the province map (63 or 34) and corpus subsets.

    >>> province_column("34")
    'province_2025'
    >>> part = restrict(corpus, ["binh dinh", "Hà Nội"])     # doctest: +SKIP

Names may be typed without diacritics; an unknown name is a ParameterError listing the corpus's
provinces (the same matching as ``dxcompare report --provinces``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dxcompare.errors import ParameterError

if TYPE_CHECKING:  # the type only: importing the corpus module here would load it eagerly
    from dxcompare.corpus.build import Corpus

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
