"""Tables that sum the corpus up: one row per group, documents without a province in "(unknown)"."""

from __future__ import annotations

import pandas as pd
import pytest

from corpora import SUMMARY_DOCS as DOCS
from dxcompare.analyze.keywords import keyness
from dxcompare.analyze.summaryviews import documents_per_group, glance_table


@pytest.fixture(scope="module")
def tiny(load_texts):
    return load_texts(DOCS, "tiny_notebook")


# ------------------------------------------------------------------------------- glance table


def test_glance_table_keeps_documents_without_a_province_as_unknown(tiny):
    glance = glance_table(tiny, "primary_province").set_index("group")
    assert list(glance.index) == ["(unknown)", "Cà Mau", "Lai Châu", "Thanh Hóa"]
    assert glance.loc["(unknown)", "documents"] == 1
    assert glance.loc["(unknown)", "words"] == tiny.documents.loc[1, "n_words"]
    assert glance.loc["Lai Châu", "words"] == 0
    assert glance.loc["Cà Mau", "kinds"] == "news"


def test_glance_table_key_words_leave_out_the_provinces_own_names(tiny):
    key = keyness(tiny, by="primary_province", entities=True)
    assert "thanh hóa" in set(key.loc[(key["group"] == "Thanh Hóa") & (key["z"] > 0), "token"])
    words = glance_table(tiny, key=key, n_key=50).set_index("group")["key words"]
    assert "Thanh Hóa" not in words["Thanh Hóa"].split(", ")
    assert "Cà Mau" not in words["Cà Mau"].split(", ")
    assert "nông sản" in words["Thanh Hóa"].split(", ")


def test_glance_table_exclude_is_case_and_tone_placement_insensitive(tiny):
    key = keyness(tiny, by="primary_province", entities=True)
    words = glance_table(tiny, key=key, exclude=["THANH HOÁ", "nông sản"], n_key=50)
    words = words.set_index("group")["key words"]
    assert "Thanh Hóa" not in words["Thanh Hóa"].split(", ")
    assert "nông sản" not in words["Thanh Hóa"].split(", ")
    assert "Cà Mau" in words["Cà Mau"].split(", ")  # not excluded this time


def test_glance_table_joins_the_distinctive_theme_and_the_first_document(tiny):
    distinct = pd.DataFrame(
        {
            "group": ["Cà Mau", "Cà Mau", "Thanh Hóa", "(unknown)"],
            "theme": ["Online public services", "Digital government", "Agriculture", "Skills"],
            "z": [2.5, 1.0, -0.3, 1.2],
        }
    )
    first = pd.DataFrame(
        {
            "group": ["Cà Mau"],
            "symbol": ["45/KH-UBND"],
            "date": ["2021-03-02"],
            "days_after_reference": [272],
            "n_documents": [1],
        }
    )
    glance = glance_table(tiny, distinct=distinct, first=first).set_index("group")
    assert glance.loc["Cà Mau", "most distinctive theme"] == "Online public services"
    assert glance.loc["(unknown)", "most distinctive theme"] == "Skills"
    assert pd.isna(glance.loc["Thanh Hóa", "most distinctive theme"])  # no theme with z > 0
    assert glance.loc["Cà Mau", "first document"] == "45/KH-UBND"
    assert glance.loc["Cà Mau", "days after 749/QĐ-TTg"] == 272
    assert "key words" not in glance.columns


# ------------------------------------------------------------------------ documents per group


def test_documents_per_group_counts_every_document_with_unknown_for_no_province(tiny):
    table = documents_per_group(tiny, "primary_province")
    assert list(table.index) == ["(unknown)", "Cà Mau", "Lai Châu", "Thanh Hóa"]
    assert list(table.columns) == ["news"]
    assert table.loc["(unknown)", "news"] == 1
    assert int(table.to_numpy().sum()) == len(tiny.documents)


def test_documents_per_group_by_none_is_one_row_for_the_whole_corpus(tiny):
    table = documents_per_group(tiny, None)
    assert list(table.index) == ["(all)"]
    assert table.loc["(all)", "news"] == len(tiny.documents)
