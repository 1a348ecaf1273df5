"""One labelling of groups for every table that takes ``by=``: "(unknown)", "2022", "(all)", " / "."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import dxcompare
from dxcompare import grouping, vocabulary
from dxcompare.analyze.grouping import (
    ALL,
    UNKNOWN,
    check_by,
    doc_groups,
    group_label,
    group_labels,
)
from dxcompare.analyze.keywords import keyness
from dxcompare.analyze.registers import register_table
from dxcompare.analyze.speakers import quotations, speaker_table
from dxcompare.analyze.themes import code_themes, distinctive_themes, theme_table
from dxcompare.analyze.vocabulary import frequencies
from dxcompare.errors import ParameterError
from dxcompare.plot.timelineviews import lag_table, timeline_table
from dxcompare.reporting.notebook import explorer_view, restrict

# Four provinces, one dated provincial document and one attributed quotation each, so every
# table has a row for every group. The manifest dates two of them (one to the month only) and
# names the outlet of two: `year` and `outlet` both have missing values.
DOCS = {
    "quang_tri.txt": (
        "Quảng Trị ban hành kế hoạch chuyển đổi số năm 2022\n\n"
        "Ngày 15/3/2022, UBND tỉnh Quảng Trị ban hành Kế hoạch số 45/KH-UBND về chuyển đổi số.\n"
        "Các sở, ngành phải hoàn thành việc số hóa hồ sơ trước tháng 12/2022.\n"
        '"Chuyển đổi số là nhiệm vụ trọng tâm của cả hệ thống chính trị", '
        "Chủ tịch UBND tỉnh Võ Văn Hưng khẳng định.\n"
    ),
    "ben_tre.txt": (
        "Bến Tre đẩy mạnh chính quyền số\n\n"
        "Ngày 08/7/2021, UBND tỉnh Bến Tre ban hành Quyết định số 1520/QĐ-UBND phê duyệt "
        "Đề án chính quyền số.\n"
        "Tỉnh cần tập trung phát triển hạ tầng số và dữ liệu dùng chung.\n"
        '"Người dân phải được hưởng lợi từ chuyển đổi số", Bí thư Tỉnh ủy Lê Đức Thọ nhấn mạnh.\n'
    ),
    "lang_son.txt": (
        "Lạng Sơn phát triển kinh tế số ở cửa khẩu\n\n"
        "Ngày 20/4/2022, UBND tỉnh Lạng Sơn ban hành Kế hoạch số 98/KH-UBND về phát triển "
        "kinh tế số.\n"
        "Các doanh nghiệp cần ứng dụng thương mại điện tử tại cửa khẩu.\n"
        '"Kinh tế số sẽ giúp hàng hóa thông quan nhanh hơn", '
        "Giám đốc Sở Công Thương Nguyễn Văn Tuấn cho biết.\n"
    ),
    "soc_trang.txt": (
        "Sóc Trăng đưa nông sản lên sàn thương mại điện tử\n\n"
        "Ngày 02/11/2021, UBND tỉnh Sóc Trăng ban hành Kế hoạch số 210/KH-UBND về chuyển đổi số "
        "nông nghiệp.\n"
        "Nông dân cần được tập huấn kỹ năng số.\n"
        '"Nông sản Sóc Trăng phải có mặt trên các sàn thương mại điện tử", '
        "Phó Chủ tịch UBND tỉnh Trần Văn Lâu nói.\n"
    ),
}
MANIFEST = (
    "file,outlet,published\n"
    "quang_tri.txt,Báo Quảng Trị,2022-12-12\n"
    "ben_tre.txt,,2021-08\n"
    "lang_son.txt,Báo Lạng Sơn,\n"
)
EXPECTED = {
    "year": {"2021", "2022", UNKNOWN},
    "outlet": {"Báo Lạng Sơn", "Báo Quảng Trị", UNKNOWN},
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("grouping")
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "manifest.csv").write_text(MANIFEST, encoding="utf-8")
    return dxcompare.load_corpus(folder, use_cache=False)


@pytest.fixture(scope="module")
def coded(corpus):
    return code_themes(corpus)


@pytest.fixture(scope="module")
def quotes(corpus):
    return quotations(corpus)


def test_the_corpus_has_years_stored_as_floats_with_gaps(corpus):
    docs = corpus.documents.set_index("doc_id")
    assert docs.loc["quang_tri", "year"] == 2022 and docs.loc["ben_tre", "year"] == 2021
    assert docs[["year"]].isna().sum().item() == 2
    assert docs["outlet"].isna().sum() == 2


# ------------------------------------------------------------------------------- labels
@pytest.mark.parametrize(
    ("value", "label"),
    [
        (2022.0, "2022"),
        (np.float64(2021.0), "2021"),
        (np.int64(2025), "2025"),
        (2022, "2022"),
        (2.5, "2.5"),
        (None, UNKNOWN),
        (float("nan"), UNKNOWN),
        (np.nan, UNKNOWN),
        (pd.NA, UNKNOWN),
        (pd.NaT, UNKNOWN),
        ("", UNKNOWN),
        ("  ", UNKNOWN),
        ("Thừa Thiên Huế", "Thừa Thiên Huế"),
        ("Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu"),
    ],
)
def test_group_label_reads_years_as_integers_and_missing_values_as_unknown(value, label):
    assert group_label(value) == label


def test_group_labels_are_aligned_to_the_documents_index():
    docs = pd.DataFrame(
        {"doc_id": ["a", "b", "c"], "year": [2022.0, np.nan, 2023.0]}, index=[10, 20, 30]
    )
    labels = group_labels(docs, "year")
    assert labels.to_dict() == {10: "2022", 20: UNKNOWN, 30: "2023"}
    assert labels.name == "group"


def test_a_list_of_columns_joins_the_labels_with_a_slash(corpus):
    groups = doc_groups(corpus, ["primary_province", "year"])
    assert groups.to_dict() == {
        "ben_tre": "Bến Tre / 2021",
        "lang_son": "Lạng Sơn / (unknown)",
        "quang_tri": "Quảng Trị / 2022",
        "soc_trang": "Sóc Trăng / (unknown)",
    }


def test_by_none_is_one_group_for_the_whole_corpus(corpus):
    assert set(doc_groups(corpus, None)) == {ALL}
    assert len(doc_groups(corpus, None)) == 4


def test_documents_without_a_value_are_kept_in_the_unknown_group(corpus):
    groups = doc_groups(corpus, "outlet")
    assert groups.to_dict() == {
        "ben_tre": UNKNOWN,
        "lang_son": "Báo Lạng Sơn",
        "quang_tri": "Báo Quảng Trị",
        "soc_trang": UNKNOWN,
    }


@pytest.mark.parametrize("by", ["tinh", "text", ["primary_province", "vung"], [], 3])
def test_a_by_that_is_not_a_documents_column_names_the_valid_columns(corpus, by):
    with pytest.raises(ParameterError) as err:
        check_by(corpus, by)
    message = str(err.value)
    assert "not a column of corpus.documents" in message
    assert "primary_province" in message and "year" in message and "outlet" in message
    assert "text," not in message and not message.rstrip().endswith("text")


def test_check_by_takes_a_documents_table_as_well_as_a_corpus(corpus):
    check_by(corpus.documents, ["primary_province", "kind"])
    check_by(corpus.documents, None)


def test_vocabulary_still_exports_the_shared_names():
    assert vocabulary.group_label is grouping.group_label
    assert vocabulary.doc_groups is grouping.doc_groups
    assert vocabulary.check_by is grouping.check_by
    assert (vocabulary.ALL, vocabulary.UNKNOWN) == ("(all)", "(unknown)")


# ------------------------------------------------------------------- the same groups in every table
@pytest.mark.parametrize("by", ["year", "outlet"])
def test_word_tables_have_every_group_with_the_same_labels(corpus, by):
    assert set(frequencies(corpus, by=by)["group"]) == EXPECTED[by]
    assert set(keyness(corpus, by=by)["group"]) == EXPECTED[by]


@pytest.mark.parametrize("by", ["year", "outlet"])
def test_theme_tables_have_every_group_with_the_same_labels(corpus, coded, by):
    assert set(theme_table(coded, corpus, by=by, n_boot=0)["group"]) == EXPECTED[by]
    assert set(distinctive_themes(coded, corpus, by=by)["group"]) == EXPECTED[by]


@pytest.mark.parametrize("by", ["year", "outlet"])
def test_register_table_keeps_documents_without_a_value(corpus, by):
    table = register_table(corpus, by=by, n_boot=0)
    assert set(table["group"]) == EXPECTED[by]
    per_group = table.drop_duplicates("group").set_index("group")["n_documents_group"]
    assert per_group.sum() == 4 and per_group[UNKNOWN] == 2


@pytest.mark.parametrize("by", ["year", "outlet"])
def test_speaker_table_keeps_quotations_of_documents_without_a_value(corpus, quotes, by):
    table = speaker_table(quotes, corpus, by=by)
    assert set(table["group"]) == EXPECTED[by]
    assert set(table.loc[table["group"] == UNKNOWN, "speaker"]) == (
        {"Lê Đức Thọ", "Trần Văn Lâu"} if by == "outlet" else {"Nguyễn Văn Tuấn", "Trần Văn Lâu"}
    )


@pytest.mark.parametrize("by", ["year", "outlet"])
def test_timeline_tables_group_by_a_documents_column(corpus, by):
    lags = lag_table(corpus.events, by=by, documents=corpus.documents)
    assert set(lags["group"]) == EXPECTED[by]
    assert dict(zip(lags["symbol"], lags["group"], strict=True))["45/KH-UBND"] == (
        "2022" if by == "year" else "Báo Quảng Trị"
    )
    events = timeline_table(corpus.events, by=by, documents=corpus.documents)
    assert set(events["group"]) == EXPECTED[by]


def test_timeline_tables_still_group_by_the_events_own_province(corpus):
    lags = lag_table(corpus.events)
    assert set(lags["group"]) == {"Bến Tre", "Lạng Sơn", "Quảng Trị", "Sóc Trăng"}


def test_timeline_by_a_documents_column_without_documents_says_how(corpus):
    with pytest.raises(ParameterError, match="documents=corpus.documents"):
        lag_table(corpus.events, by="year")


def test_a_year_is_chosen_by_its_label_in_the_explorer(corpus, coded):
    part = restrict(corpus, ["2022"], by="year")
    assert list(part.documents["doc_id"]) == ["quang_tri"]
    view = explorer_view(corpus, coded, phrase="chuyển đổi số", by="year")
    assert set(view["counts"]["group"]) == EXPECTED["year"]
