"""schema.py is the data contract: every built table has exactly the columns it lists, in order."""

from __future__ import annotations

import json

import pytest

from dxcompare import schema
from dxcompare.cli import extract_records

# An official document layout (national motto, issuer, symbol, legal dateline) and two news
# texts about provinces the seeds do not cover.
OFFICIAL = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NINH
Số: 1234/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Quảng Ninh, ngày 15 tháng 3 năm 2023
KẾ HOẠCH
Chuyển đổi số tỉnh Quảng Ninh năm 2023
Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030; Đề án 06 về phát triển ứng dụng dữ liệu dân cư.
Ủy ban nhân dân tỉnh ban hành Kế hoạch chuyển đổi số năm 2023 với các mục tiêu sau.
Đến năm 2025, ít nhất 80% hồ sơ thủ tục hành chính được xử lý trực tuyến toàn trình.
Phấn đấu đến cuối năm 2023 có 1.500 tổ công nghệ số cộng đồng hoạt động hiệu quả.
"""

NEWS_DONG_THAP = """Đồng Tháp tăng 5 bậc về chỉ số chuyển đổi số
Năm 2023, tỉnh Đồng Tháp xếp thứ 12/63 tỉnh, thành phố về Chỉ số chuyển đổi số (DTI), tăng 5 bậc so với năm 2022.
Ngày 20/4/2024, UBND tỉnh tổ chức hội nghị sơ kết công tác chuyển đổi số quý I/2024.
Theo Kế hoạch số 45/KH-UBND, tỉnh đặt mục tiêu 70% dân số trưởng thành có tài khoản thanh toán điện tử trong năm 2025.
"""

NEWS_LAI_CHAU = """Lai Châu đẩy mạnh chuyển đổi số ở vùng cao
Tỉnh Lai Châu đang phủ sóng di động đến các bản vùng sâu, vùng xa.
Người dân được hướng dẫn dùng dịch vụ công trực tuyến tại nhà văn hóa bản.
"""


@pytest.fixture(scope="module")
def corpus(load_texts, seed_texts):
    texts = {f"{name}.txt": text for name, text in seed_texts.items()}
    texts.update(
        {
            "quang_ninh_ke_hoach.txt": OFFICIAL,
            "dong_thap_dti.txt": NEWS_DONG_THAP,
            "lai_chau_vung_cao.txt": NEWS_LAI_CHAU,
        }
    )
    return load_texts(texts, "schema")


@pytest.mark.parametrize("table", list(schema.TABLES))
def test_each_built_table_has_exactly_the_schema_columns_in_order(corpus, table):
    assert list(getattr(corpus, table).columns) == schema.columns(table)


@pytest.mark.parametrize("table", ["dates", "doc_refs", "targets", "events", "mentions"])
def test_the_fact_tables_have_rows_from_the_written_texts(corpus, table):
    # the column check above means something only if the facts were really extracted
    frame = getattr(corpus, table)
    written = {"quang_ninh_ke_hoach", "dong_thap_dti"}
    assert written & set(frame["doc_id"].astype(str))


def test_a_corpus_without_any_fact_keeps_every_column(load_texts):
    empty = load_texts({"lai_chau.txt": NEWS_LAI_CHAU}, "schema_empty")
    assert empty.doc_refs.empty and empty.targets.empty
    for table in schema.TABLES:
        assert list(getattr(empty, table).columns) == schema.columns(table), table


def test_every_column_says_what_it_means():
    for table, columns in schema.TABLES.items():
        for column, meaning in columns.items():
            assert isinstance(meaning, str) and len(meaning) > 5, (table, column)


def test_the_extractors_return_the_schema_lists():
    from dxcompare.extract.dates import extract_dates
    from dxcompare.extract.references import extract_doc_refs
    from dxcompare.extract.targets import extract_targets

    text = NEWS_DONG_THAP
    assert list(extract_dates(text).columns) == schema.DATES
    assert list(extract_doc_refs(text).columns) == schema.DOC_REFS
    assert list(extract_targets(text).columns) == schema.TARGETS


def test_the_json_export_has_the_schema_keys_and_columns(corpus):
    records = json.loads(json.dumps(extract_records(corpus), ensure_ascii=False))
    assert {r["doc_id"] for r in records} >= {"quang_ninh_ke_hoach", "dong_thap_dti"}
    for record in records:
        assert list(record) == schema.EXPORT_DOCUMENT + list(schema.EXPORT_FACTS)
        for fact, columns in schema.EXPORT_FACTS.items():
            assert set(columns) <= set(schema.columns(fact))
            for item in record[fact]:
                assert list(item) == columns
    official = next(r for r in records if r["doc_id"] == "quang_ninh_ke_hoach")
    assert "749/QĐ-TTg" in {ref["symbol"] for ref in official["doc_refs"]}


def _count_names(frame) -> set[str]:
    return {c for c in frame.columns if c == "count" or c == "n" or c.startswith("n_")}


def test_every_analysis_table_names_its_counts_as_the_schema_does(corpus):
    # one name per quantity: a table that counts documents as "n_docs" or "doc_freq" fails here
    import dxcompare
    from dxcompare.reporting.explorer import explorer_view

    coded = dxcompare.code_themes(corpus)
    events = corpus.events
    lags = dxcompare.lag_table(events)
    tables = {
        "audit": corpus.audit(),
        "frequencies": dxcompare.frequencies(corpus),
        "keyness": dxcompare.keyness(corpus),
        "ngram_table": dxcompare.ngram_table(corpus),
        "shared_ngrams": dxcompare.shared_ngrams(corpus, min_groups=2),
        "register_table": dxcompare.register_table(corpus, n_boot=0),
        "theme_table": dxcompare.theme_table(coded, corpus, n_boot=0),
        "distinctive_themes": dxcompare.distinctive_themes(coded, corpus),
        "speaker_table": dxcompare.speaker_table(dxcompare.quotations(corpus), corpus),
        "citation_table": dxcompare.citation_table(corpus.doc_refs, corpus.documents),
        "first_responses": dxcompare.first_responses(lags),
        "explorer": explorer_view(corpus, coded, None, phrase="chuyển đổi số")["counts"],
    }
    counted = set()
    for name, frame in tables.items():
        names = _count_names(frame)
        assert names <= set(schema.COUNT_COLUMNS), (name, names - set(schema.COUNT_COLUMNS))
        counted |= names
    # the documents of a group are counted under one name wherever a table counts them
    assert {"n_documents", "n_documents_group", "n_sentences_group", "n_words_group"} <= counted
    assert not tables["theme_table"].empty and not tables["frequencies"].empty
