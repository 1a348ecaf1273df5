"""The national documents that frame digital transformation (``data/national_documents.csv``).

    >>> national_documents().set_index("symbol").loc[NATIONAL_PROGRAMME, "date"]
    '2020-06-03'

Read by :mod:`.references` (to resolve "Đề án 06" to a symbol) and :mod:`.events` (to mark
an event national and to align timelines); kept apart so neither imports the other for it.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from dxcompare._text.data import bundled_csv

# Quyết định 749/QĐ-TTg (03/6/2020), the national digital transformation programme: the default
# reference of every timeline ("days after the national programme").
NATIONAL_PROGRAMME = "749/QĐ-TTg"

NATIONAL_COLUMNS = ["symbol", "type", "title", "date", "role", "aliases", "source"]


@lru_cache(maxsize=1)
def _national() -> pd.DataFrame:
    df = pd.DataFrame(bundled_csv("national_documents.csv"), columns=NATIONAL_COLUMNS)
    return df.replace({"": None})


def national_documents() -> pd.DataFrame:
    """The national documents that frame DX (``data/national_documents.csv``, editable).

    Columns: symbol, type, title, date (ISO day, None when not checked), role, aliases, source.
    """
    return _national().copy()


def national_dates() -> dict[str, str | None]:
    """Symbol -> ISO date (None when not checked) of every national document."""
    return dict(zip(_national()["symbol"], _national()["date"], strict=True))
