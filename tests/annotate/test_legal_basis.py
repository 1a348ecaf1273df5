"""The legal basis of a decision ("Căn cứ ...", "Theo đề nghị ...") is body wherever a copy puts it.

Two layouts seen on copies of real decisions: the type line ("QUYẾT ĐỊNH") lost above the
subject, so the only type word left is the enacting "QUYẾT ĐỊNH:" under the basis; and a short
excerpt whose authority line ("ỦY BAN NHÂN DÂN TỈNH X", above the basis) falls among the last
lines, where a signature block is looked for. The texts below are written for the tests.
"""

from __future__ import annotations

from dxcompare.annotate.lines import label_lines

# A Ninh Thuận decision copied without its type line, header cells joined with "|".
NO_TYPE_LINE = """ỦY BAN NHÂN DÂN
|
CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM |
Số: 412/QĐ-UBND |
Ninh Thuận, ngày 15 tháng 3 năm 2023 |
PHÊ DUYỆT KẾ HOẠCH CHUYỂN ĐỔI SỐ TỈNH NINH THUẬN NĂM 2023
ỦY BAN NHÂN DÂN TỈNH NINH THUẬN
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;
Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ;
Theo đề nghị của Giám đốc Sở Thông tin và Truyền thông tại Tờ trình số 35/TTr-STTTT ngày 02/3/2023.
QUYẾT ĐỊNH:
Điều 1. Phê duyệt Kế hoạch chuyển đổi số tỉnh Ninh Thuận năm 2023.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký."""

# A district decision in a blank-line layout with a long subject, cut after its legal basis (a
# short excerpt).
SHORT_EXCERPT = """ỦY BAN NHÂN DÂN
HUYỆN PHÚ GIÁO
-------

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 1205/QĐ-UBND

Phú Giáo, ngày 04 tháng 8 năm 2022

QUYẾT ĐỊNH

VỀ VIỆC BAN HÀNH KẾ HOẠCH ỨNG DỤNG CÔNG NGHỆ THÔNG TIN TRONG HOẠT ĐỘNG CỦA CƠ QUAN NHÀ NƯỚC, PHÁT TRIỂN CHÍNH QUYỀN SỐ, KINH TẾ SỐ, XÃ HỘI SỐ VÀ BẢO ĐẢM AN TOÀN THÔNG TIN MẠNG TRÊN ĐỊA BÀN HUYỆN PHÚ GIÁO, TỈNH BÌNH DƯƠNG GIAI ĐOẠN 2021 - 2025

ỦY BAN NHÂN DÂN HUYỆN PHÚ GIÁO

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;

Căn cứ Luật Giao dịch điện tử ngày 29 tháng 11 năm 2005;

Căn cứ Quyết định số 1358/QĐ-BTTTT ngày 29 tháng 7 năm 2022 của Bộ Thông tin và Truyền thông về thành lập Tổ công nghệ số cộng đồng;"""

# The same block with its signature, and a plan attached after it that opens with its basis.
WITH_SIGNATURE = """ỦY BAN NHÂN DÂN
HUYỆN PHÚ GIÁO
Số: 1205/QĐ-UBND
Phú Giáo, ngày 04 tháng 8 năm 2022
QUYẾT ĐỊNH
VỀ VIỆC THÀNH LẬP TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG
Điều 1. Thành lập Tổ công nghệ số cộng đồng tại các xã, thị trấn trên địa bàn huyện.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Văn Hùng
KẾ HOẠCH
Căn cứ Quyết định số 1205/QĐ-UBND ngày 04/8/2022 của UBND huyện;"""


def _labels(text: str) -> dict[str, str]:
    lines = text.split("\n")
    return dict(zip(lines, label_lines(lines), strict=True))


def test_a_decision_copied_without_its_type_line_keeps_its_legal_basis_in_the_body():
    labels = _labels(NO_TYPE_LINE)
    for line in NO_TYPE_LINE.split("\n")[:8]:
        assert labels[line] in ("title", "dateline", "furniture"), line
    basis = [line for line in labels if line.startswith(("Căn cứ", "Theo đề nghị"))]
    assert len(basis) == 3
    assert all(labels[line] == "body" for line in basis)
    assert labels["Điều 1. Phê duyệt Kế hoạch chuyển đổi số tỉnh Ninh Thuận năm 2023."] == "body"


def test_a_decision_with_its_type_line_keeps_its_header():
    text = NO_TYPE_LINE.replace("PHÊ DUYỆT KẾ HOẠCH", "QUYẾT ĐỊNH\nPHÊ DUYỆT KẾ HOẠCH")
    labels = _labels(text)
    assert labels["QUYẾT ĐỊNH"] == "title"
    assert labels["PHÊ DUYỆT KẾ HOẠCH CHUYỂN ĐỔI SỐ TỈNH NINH THUẬN NĂM 2023"] == "title"
    assert labels["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;"] == "body"


def test_an_authority_line_over_short_basis_lines_is_not_a_signature():
    labels = _labels(SHORT_EXCERPT)
    assert labels["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"] == "body"
    assert labels["Căn cứ Luật Giao dịch điện tử ngày 29 tháng 11 năm 2005;"] == "body"


def test_a_signature_block_still_ends_where_an_attached_plan_opens_its_basis():
    labels = _labels(WITH_SIGNATURE)
    assert [labels[x] for x in ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")] == [
        "furniture"
    ] * 3
    assert labels["Trần Văn Hùng"] == "byline"
    assert labels["Căn cứ Quyết định số 1205/QĐ-UBND ngày 04/8/2022 của UBND huyện;"] == "body"


def test_the_law_dates_of_a_short_excerpt_are_dates_of_the_document(load_texts):
    corpus = load_texts({"phu_giao.txt": SHORT_EXCERPT}, "legal_basis")
    days = set(corpus.dates.loc[corpus.dates.precision == "day", "value"])
    assert {"2015-06-19", "2005-11-29", "2022-07-29"} <= days
    refs = corpus.doc_refs
    assert "1358/QĐ-BTTTT" in set(refs.symbol)
