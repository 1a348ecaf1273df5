"""Tables inside documents (issue 16): a figure in a table cell takes its column's year and its
row's label; texts written for the tests, several provinces, as tables arrive copied from pages."""

from __future__ import annotations

import pandas as pd

from dxcompare.corpus.build import load_corpus
from dxcompare.extract.tables import table_cells, with_table_context

KON_TUM = (
    "ỦY BAN NHÂN DÂN\nTỈNH KON TUM\n-------\nSố: 215/KH-UBND\nKon Tum, ngày 12 tháng 3 năm 2024\n"
    "KẾ HOẠCH\nCHUYỂN ĐỔI SỐ TỈNH KON TUM NĂM 2024\n"
    "I. MỤC TIÊU\nCác chỉ tiêu chủ yếu năm 2024 và năm 2025 như sau:\n"
    "| STT | Chỉ tiêu | Năm 2024 | Năm 2025 |\n"
    "| 1 | Tỷ lệ dịch vụ công trực tuyến toàn trình | 80% | 100% |\n"
    "| 2 | Tỷ lệ hồ sơ công việc cấp xã xử lý trên môi trường mạng | 70% | 90% |\n"
    "II. NHIỆM VỤ\n1. Hoàn thành số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.\n"
)


def _targets(tmp_path, text):
    (tmp_path / "doc.txt").write_text(text, encoding="utf-8")
    corpus = load_corpus(tmp_path, use_cache=False)
    return corpus.targets, corpus


def test_a_table_figure_takes_its_columns_year_and_its_rows_label(tmp_path):
    targets, _ = _targets(tmp_path, KON_TUM)
    got = [(t.raw, t.year, t.measure) for t in targets.itertuples()]
    assert got == [
        ("80%", 2024, "Tỷ lệ dịch vụ công trực tuyến toàn trình"),
        ("100%", 2025, "Tỷ lệ dịch vụ công trực tuyến toàn trình"),
        ("70%", 2024, "Tỷ lệ hồ sơ công việc cấp xã xử lý trên môi trường mạng"),
        ("90%", 2025, "Tỷ lệ hồ sơ công việc cấp xã xử lý trên môi trường mạng"),
    ]


def test_a_results_column_gives_no_target_year_but_the_label():
    text = (
        "| Chỉ tiêu | Thực hiện 2023 | Kế hoạch 2024 |\n"
        "| Tỷ lệ hộ gia đình có cáp quang tại Ninh Thuận | 61% | 75% |\n"
    )
    cells = [(c["year"], c["label"]) for c in table_cells(text)]
    label = "Tỷ lệ hộ gia đình có cáp quang tại Ninh Thuận"
    assert cells == [(None, label), (None, label), (2024, label)]


def test_a_range_header_and_a_broken_row_give_nothing():
    text = (
        "| Nội dung | Giai đoạn 2021-2025 | Năm 2026 |\n"
        "| Kinh tế số trong GRDP tỉnh Bắc Giang | 20% | 25% |\n"
        "| Dòng bị gộp | 30% |\n"
    )
    cells = table_cells(text)
    assert [c["year"] for c in cells] == [None, None, 2026]  # the merged row is not read


def test_a_year_the_sentence_gives_is_kept():
    text = "| Chỉ tiêu | Năm 2024 | Năm 2025 |\n| Phấn đấu đến năm 2030 đạt | 50% | 60% |\n"
    start = text.index("50%")
    targets = pd.DataFrame(
        [dict(raw="50%", start=start, end=start + 3, year=2030, measure="doanh nghiệp số")]
    )
    out = with_table_context(targets, text).iloc[0]
    assert (out["year"], out["measure"]) == (2030, "doanh nghiệp số")


def test_text_without_tables_is_unchanged(tmp_path):
    text = (
        "Tỉnh Hậu Giang phấn đấu đến năm 2025 có 100% thủ tục hành chính đủ điều kiện được cung"
        " cấp trực tuyến toàn trình.\n"
    )
    targets, corpus = _targets(tmp_path, text)
    assert set(targets["year"]) == {2025}
    assert with_table_context(targets, corpus.documents.iloc[0]["text"]) is targets
