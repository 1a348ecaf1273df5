"""A central body's place-and-date line ("Hà Nội, ngày ...") names where it sits, not a province.

Ministries, the Government's office and the Party's centre all date their documents in Hà Nội;
a province's bodies date theirs in their own province, which is the province the document is
about. The texts below are written for the tests (the layouts of real công văn and notices).
"""

from __future__ import annotations

import pandas as pd

from dxcompare.annotate.official import read_header

MINISTRY_LETTER = """BỘ THÔNG TIN VÀ TRUYỀN THÔNG
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 3115/BTTTT-CĐSQG
V/v hướng dẫn xây dựng kế hoạch chuyển đổi số năm 2024
Hà Nội, ngày 21 tháng 11 năm 2023
Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.
Thực hiện Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ, Bộ Thông tin và Truyền thông hướng dẫn các địa phương xây dựng kế hoạch chuyển đổi số năm 2024 như sau:"""

# The issuing body cut by the copy ("BỘ KHOA HỌC VÀ |"): the symbol's issuer still says it.
CUT_ISSUER = """BỘ KHOA HỌC VÀ |
CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM |
Số: 1020/BKHCN-CĐSQG |
Hà Nội, ngày 05 tháng 5 năm 2025 |
Kính gửi: |
- Các bộ, cơ quan ngang bộ; |
Bộ Khoa học và Công nghệ đề nghị các bộ, ngành, địa phương rà soát dịch vụ công trực tuyến."""

GOVERNMENT_NOTICE = """VĂN PHÒNG CHÍNH PHỦ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 215/TB-VPCP
Hà Nội, ngày 12 tháng 5 năm 2025
THÔNG BÁO
KẾT LUẬN CỦA THỦ TƯỚNG CHÍNH PHỦ TẠI PHIÊN HỌP VỀ CHUYỂN ĐỔI SỐ"""

HA_NOI_PLAN = """ỦY BAN NHÂN DÂN
THÀNH PHỐ HÀ NỘI
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 58/KH-UBND
Hà Nội, ngày 20 tháng 02 năm 2024
KẾ HOẠCH
CHUYỂN ĐỔI SỐ THÀNH PHỐ HÀ NỘI NĂM 2024"""

MILITARY_COMMAND = """BỘ CHỈ HUY QUÂN SỰ
TỈNH ĐIỆN BIÊN
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 88/KH-BCH
Điện Biên, ngày 03 tháng 4 năm 2024
KẾ HOẠCH
CHUYỂN ĐỔI SỐ TRONG LỰC LƯỢNG VŨ TRANG TỈNH"""


def _header(text: str):
    head = read_header(text.split("\n"))
    assert head is not None
    return head


def test_a_ministry_letter_dated_in_ha_noi_has_no_province():
    head = _header(MINISTRY_LETTER)
    assert (head.symbol, head.issued, head.place) == ("3115/BTTTT-CĐSQG", "2023-11-21", "Hà Nội")
    assert head.province is None


def test_a_cut_ministry_name_is_central_by_its_symbol():
    head = _header(CUT_ISSUER)
    assert head.symbol == "1020/BKHCN-CĐSQG"
    assert head.province is None


def test_a_government_office_notice_has_no_province():
    assert _header(GOVERNMENT_NOTICE).province is None


def test_ha_noi_s_own_plan_and_a_provincial_command_keep_their_province():
    assert _header(HA_NOI_PLAN).province == "Hà Nội"
    assert _header(MILITARY_COMMAND).province == "Điện Biên"


def test_the_document_is_still_about_the_province_its_body_names(load_texts):
    body = (
        "\nBộ Khoa học và Công nghệ đề nghị UBND tỉnh Lào Cai hoàn thành việc kết nối "
        "hệ thống thông tin giải quyết thủ tục hành chính của tỉnh Lào Cai trước ngày 30/6/2025. "
        "Sở Khoa học và Công nghệ tỉnh Lào Cai báo cáo kết quả về Bộ trước ngày 15/7/2025."
    )
    corpus = load_texts(
        {"ministry.txt": MINISTRY_LETTER, "lao_cai.txt": CUT_ISSUER + body}, "central_issuer"
    )
    provinces = dict(zip(corpus.documents.doc_id, corpus.documents.primary_province, strict=True))
    assert pd.isna(provinces["ministry"])
    assert provinces["lao_cai"] == "Lào Cai"
