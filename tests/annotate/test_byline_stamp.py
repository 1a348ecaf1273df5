"""Publication date from a byline's date-time stamp (``"Lan Vũ 11/07/2025 09:28"``)."""

from __future__ import annotations

from dxcompare.annotate.lines import label_lines, split_lines
from dxcompare.annotate.metadata import detect_metadata
from dxcompare.annotate.normalize import normalize_text


def meta_of(text: str, container: dict[str, str] | None = None) -> dict[str, str | None]:
    lines = [normalize_text(line) for line in split_lines(text)]
    return detect_metadata(lines, label_lines(lines), container)


LANG_SON_BYLINE = """Chuyển đổi số

Lạng Sơn: Đưa dịch vụ công trực tuyến về tận thôn bản

Minh Châu 11/07/2025 09:28

Tỉnh Lạng Sơn đang đẩy mạnh đưa dịch vụ công trực tuyến về các xã vùng cao, giúp người dân nộp hồ sơ ngay tại nhà.

Theo Sở Khoa học và Công nghệ, tỷ lệ hồ sơ trực tuyến của tỉnh đạt 72% trong sáu tháng đầu năm.
"""

GIA_LAI_INITIALS = """Gia Lai: Số hóa hồ sơ đất đai tại các phường

KT 18/12/2025 14:11

Gia Lai đã số hóa hơn 400.000 hồ sơ đất đai, kết nối với cơ sở dữ liệu quốc gia về dân cư.
"""

BEN_TRE_TITLE = """Bến Tre được vinh danh là 'tỉnh tiêu biểu về chuyển đổi số giai đoạn 2021-2025' 21/10/2025 18:01

(PLO)- Tỉnh Bến Tre được Bộ Khoa học và Công nghệ vinh danh là địa phương tiêu biểu về chuyển đổi số.

Ngày 21-10, tại Hà Nội, tỉnh nhận bằng khen cùng nhiều địa phương khác.
"""

GIA_LAI_PROSE = """Gia Lai họp bàn kế hoạch chuyển đổi số năm 2026

Sáng nay, các sở ngành tỉnh Gia Lai họp bàn kế hoạch chuyển đổi số năm 2026.

Ngày 11/07/2025 lúc 09:28, UBND tỉnh họp với các sở ngành về kế hoạch.

Hội nghị kết thúc 03/08/2025 16:30
"""

LANG_SON_DECISION = """ỦY BAN NHÂN DÂN
TỈNH LẠNG SƠN
Số: 1234/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lạng Sơn, ngày 05 tháng 3 năm 2025
Cập nhật 11/07/2025 09:28
QUYẾT ĐỊNH
Về việc ban hành Kế hoạch chuyển đổi số tỉnh Lạng Sơn năm 2025
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số tỉnh Lạng Sơn năm 2025.
"""


def test_a_byline_stamp_under_the_title_is_the_publication_date():
    meta = meta_of(LANG_SON_BYLINE)
    assert (meta["published"], meta["published_precision"]) == ("2025-07-11", "day")


def test_a_stamp_after_initials_is_the_publication_date():
    assert meta_of(GIA_LAI_INITIALS)["published"] == "2025-12-18"


def test_a_stamp_ending_the_title_line_is_the_date_and_leaves_the_title():
    meta = meta_of(BEN_TRE_TITLE)
    assert (meta["published"], meta["published_precision"]) == ("2025-10-21", "day")
    assert meta["title"] == (
        "Bến Tre được vinh danh là 'tỉnh tiêu biểu về chuyển đổi số giai đoạn 2021-2025'"
    )


def test_a_date_and_time_in_body_prose_is_not_a_stamp():
    # Inside a sentence, and a short sentence ending with a date-time (not a capitalised
    # name): neither is a byline.
    assert meta_of(GIA_LAI_PROSE)["published"] is None


def test_a_stamp_below_the_head_is_not_taken():
    body = "\n\n".join(f"Đoạn {i} về chuyển đổi số tại Bến Tre." for i in range(8))
    text = (
        f"Bến Tre mở rộng thanh toán không dùng tiền mặt\n\n{body}\n\nNgọc Hân 02/02/2025 08:15\n"
    )
    assert meta_of(text)["published"] is None


def test_an_official_header_date_wins_over_a_stamp():
    meta = meta_of(LANG_SON_DECISION)
    assert meta["symbol"] == "1234/QĐ-UBND"
    assert (meta["published"], meta["published_precision"]) == ("2025-03-05", "day")


def test_the_container_date_wins_over_a_stamp():
    meta = meta_of(LANG_SON_BYLINE, {"published": "2025-07-10T22:00:00+07:00"})
    assert meta["published"] == "2025-07-10"


def test_a_manifest_date_wins_over_a_stamp(tmp_path):
    import dxcompare

    (tmp_path / "lang_son.txt").write_text(LANG_SON_BYLINE, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,published\nlang_son.txt,2025-07-09\n", encoding="utf-8"
    )
    docs = dxcompare.load_corpus(tmp_path, use_cache=False).documents
    assert docs.iloc[0]["published"] == "2025-07-09"
    # Without the manifest the stamp gives the date.
    (tmp_path / "manifest.csv").unlink()
    docs = dxcompare.load_corpus(tmp_path, use_cache=False).documents
    assert docs.iloc[0]["published"] == "2025-07-11"
