"""Documents after the 2025 merger (issue 16): the former provinces a text names ("(cũ)") as
their own field, and an official document's readable title reaching the documents table."""

from __future__ import annotations

import pandas as pd
import pytest

from dxcompare.annotate.maps import former_provinces
from dxcompare.annotate.provinces import find_provinces
from dxcompare.corpus.build import load_corpus


@pytest.mark.parametrize(
    ("text", "former"),
    [
        (
            "Trong khi Hà Nam (cũ) là trung tâm công nghiệp số thì Nam Định (cũ) là trung tâm đào"
            " tạo nhân lực số của tỉnh Ninh Bình.",
            ["Hà Nam", "Nam Định"],
        ),
        (
            "Đoàn công tác làm việc với 36 xã, phường thuộc tỉnh Bình Dương cũ.",
            ["Bình Dương"],
        ),
        ("Sở Khoa học và Công nghệ tỉnh Kiên Giang ( cũ ) đã hoàn thành hệ thống.", ["Kiên Giang"]),
        ("Tỉnh Quảng Ngãi và tỉnh Kon Tum hợp nhất từ ngày 1/7/2025.", []),
        ("Trường cũ ở Lào Cai, nay là trường mới ở Yên Bái cũng khang trang.", []),
    ],
)
def test_former_provinces_are_the_ones_written_with_cu(text, former):
    assert former_provinces(find_provinces(text), text) == former


def test_documents_carry_former_provinces_and_keep_the_new_unit(tmp_path):
    text = (
        "Ninh Bình: Bứt phá kinh tế số sau sáp nhập\n\n"
        "Việc sáp nhập ba tỉnh không chỉ là hợp nhất về hành chính. Hà Nam (cũ) là trung tâm công"
        " nghiệp số, Nam Định (cũ) là trung tâm đào tạo, còn tỉnh Ninh Bình (mới) mạnh về du lịch.\n"
    )
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Tỉnh Sơn La đẩy mạnh chuyển đổi số.\n", encoding="utf-8")
    docs = load_corpus(tmp_path, use_cache=False).documents.set_index("doc_id")
    assert docs.loc["a", "former_provinces"] == "Hà Nam; Nam Định"
    assert docs.loc["a", "primary_province"] == "Ninh Bình"
    assert pd.isna(docs.loc["b", "former_provinces"])


def test_an_official_documents_readable_title_reaches_the_documents_table(tmp_path):
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU\n-------\nSố: 0280/KH-UBND\n"
        "Cà Mau, ngày 31 tháng 12 năm 2025\nKẾ HOẠCH\nTHỰC HIỆN CHUYỂN ĐỔI SỐ NĂM 2026 CỦA TỈNH CÀ MAU\n"
        "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;\n"
    )
    (tmp_path / "plan.txt").write_text(text, encoding="utf-8")
    doc = load_corpus(tmp_path, use_cache=False).documents.iloc[0]
    assert doc["title_readable"] == "Kế hoạch thực hiện chuyển đổi số năm 2026 của tỉnh Cà Mau"
    assert doc["symbol"] == "280/KH-UBND"  # canonical: leading zeros dropped
