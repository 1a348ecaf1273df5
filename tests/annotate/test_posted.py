"""A document posted whole under a lead that gives its number (issue 16): its own number, its
lead's date in the body, and news reports about a document that keep no own number."""

from __future__ import annotations

import pytest

from dxcompare.corpus.build import load_corpus

PARTY_POSTED = (
    "Ngày 14/7/2022, Ban Chấp hành Đảng bộ tỉnh Cà Mau đã ban hành Nghị quyết số 05-NQ/TU về"
    " chuyển đổi số tỉnh Cà Mau đến năm 2025, định hướng đến năm 2030; Cổng Thông tin điện tử"
    " Đảng bộ tỉnh xin đăng toàn văn Nghị quyết.\n"
    "NGHỊ QUYẾT\n"
    "CỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH\n"
    "về chuyển đổi số tỉnh Cà Mau đến năm 2025,\n"
    "định hướng đến năm 2030\n"
    "-----\n"
    "I. TÌNH HÌNH VÀ NGUYÊN NHÂN\n"
    "Thực hiện Chỉ thị số 19-CT/TU ngày 18/5/2021 của Ban Thường vụ Tỉnh ủy, cả hệ thống chính"
    " trị của tỉnh đã vào cuộc đối với công tác chuyển đổi số.\n"
)

PLAN_POSTED = (
    "Kế hoạch chuyển đổi số của Sở Y tế năm 2026\n"
    "Ngày 12/11/2025, Sở Y tế tỉnh Sơn La ban hành Kế hoạch số 2104/KH-SYT về chuyển đổi số của"
    " ngành y tế năm 2026.\n\n"
    "Theo đó, thực hiện Kế hoạch số 312/KH-UBND ngày 03/10/2025 của UBND tỉnh Sơn La, Sở Y tế"
    " xây dựng Kế hoạch như sau:\n"
    "Phần I\n"
    "ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NĂM 2025\n"
    "1. Hạ tầng số: 100% cơ sở y tế có kết nối Internet băng rộng.\n"
)

NEWS_ABOUT = (
    "Tỉnh ủy Nghệ An ban hành Chương trình hành động thực hiện Nghị quyết Đại hội\n\n"
    "Ngày 29/10/2025, Bí thư Tỉnh ủy Nghệ An ký ban hành Chương trình hành động số 01-CTr/TU của"
    " Ban Chấp hành Đảng bộ tỉnh thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XX.\n\n"
    "Chương trình hành động xác định 39 chỉ tiêu chủ yếu của nhiệm kỳ 2025 - 2030.\n"
)


def _build(tmp_path, text):
    (tmp_path / "doc.txt").write_text(text, encoding="utf-8")
    return load_corpus(tmp_path, use_cache=False)


@pytest.mark.parametrize(
    ("text", "symbol", "kind"),
    [(PARTY_POSTED, "05-NQ/TU", "resolution"), (PLAN_POSTED, "2104/KH-SYT", "plan")],
)
def test_the_lead_gives_the_posted_documents_own_number(tmp_path, text, symbol, kind):
    corpus = _build(tmp_path, text)
    doc = corpus.documents.iloc[0]
    assert (doc["symbol"], doc["kind"]) == (symbol, kind)
    own = corpus.doc_refs[corpus.doc_refs["flags"].astype(str).str.contains("self")]
    assert own["symbol"].tolist() == [symbol]  # the lead's citation is the document itself


def test_the_lead_sentence_is_body_so_its_date_is_found(tmp_path):
    corpus = _build(tmp_path, PARTY_POSTED)
    assert "2022-07-14" in set(corpus.dates["value"])
    assert corpus.documents.iloc[0]["title"].startswith("NGHỊ QUYẾT")


def test_a_news_report_about_a_document_keeps_no_own_number(tmp_path):
    corpus = _build(tmp_path, NEWS_ABOUT)
    doc = corpus.documents.iloc[0]
    assert doc["symbol"] is None and doc["kind"] == "news"
    assert "01-CTr/TU" in set(corpus.doc_refs["symbol"])  # still a cited document
