"""Helpers the notebooks call: the explorer's counts, tables whose every text is escaped."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from corpora import SUMMARY_DOCS as DOCS
from dxcompare.reporting.notebook import explorer_view, style_table


@pytest.fixture(scope="module")
def tiny(load_texts):
    """Thanh Hóa, Cà Mau, a document naming no province, Lai Châu with a title and no body."""
    return load_texts(DOCS, "tiny_notebook")


# ------------------------------------------------------------------------------------ explorer


def test_explorer_rate_of_a_province_without_body_words_is_missing_not_infinite(tiny):
    view = explorer_view(tiny, None, phrase="chuyển đổi số")
    counts = view["counts"].set_index("group")
    assert counts.loc["Lai Châu", "n_words_group"] == 0
    assert math.isnan(counts.loc["Lai Châu", "rate_per_1000"])
    assert counts.loc["Thanh Hóa", "n_hits"] == 1
    assert counts.loc["Thanh Hóa", "rate_per_1000"] == pytest.approx(1000 / 17, abs=0.01)
    assert not counts["rate_per_1000"].isin([math.inf]).any()


# ----------------------------------------------------------------------------------- escaping


def test_style_table_escapes_headers_and_index_as_well_as_cells():
    hostile = "<script>alert(1)</script>"
    table = pd.DataFrame({hostile: [hostile]}, index=pd.Index([hostile], name=hostile))
    html = style_table(table, index=True).to_html()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
