"""Metadata: title, author, outlet, url, published date and kind from labelled lines."""

from __future__ import annotations

import pytest

from corpora import BAO_THANH_HOA, DECISION, PORTAL, RESEARCH, RESOLUTION, TUOI_TRE, VNEXPRESS
from dxcompare.annotate.lines import label_lines, split_lines
from dxcompare.annotate.metadata import canonical_outlet, detect_metadata
from dxcompare.annotate.normalize import normalize_text


def meta_of(text: str, container: dict[str, str] | None = None) -> dict[str, str | None]:
    lines = [normalize_text(line) for line in split_lines(text)]
    return detect_metadata(lines, label_lines(lines), container)


def test_keys_are_exactly_the_contract():
    assert list(meta_of("Tiêu đề\nNội dung.")) == [
        "title",
        "author",
        "outlet",
        "url",
        "published",
        "published_precision",
        "kind",
        # what the header of a state or Party document says (None for news)
        "symbol",
        "issuer",
        "level",
        "title_readable",
        "header_province",
    ]


def test_seed_000_lead_prefix_names_the_outlet(seed_texts):
    meta = meta_of(seed_texts["000_59a7e2a612e78fb7"])
    assert meta["title"] == "Chuyển đổi số cần sự chung tay của toàn xã hội"
    assert meta["author"] == "Hà Thanh"
    assert meta["outlet"] == "Kinh tế & Đô thị"
    assert meta["kind"] == "news"


def test_seed_001_capitals_byline_becomes_name(seed_texts):
    meta = meta_of(seed_texts["001_2c77bc4ad56ba6cd"])
    assert meta["author"] == "Nguyễn Văn Trang"
    assert meta["title"] == "Chuyển đổi nhận thức để chuyển đổi số"


def test_seed_002_dateline_with_nbsp_is_12_december(seed_texts):
    meta = meta_of(seed_texts["002_658379389a81f1c0"])
    assert (meta["published"], meta["published_precision"]) == ("2022-12-12", "day")
    assert meta["outlet"] == "Báo Chính phủ"  # "Nguồn: Chinhphu.vn"


def test_seed_003_academic_article_is_research(seed_texts):
    meta = meta_of(seed_texts["003_8327b7ecb46c3ee9"])
    assert meta["kind"] == "research"
    assert meta["author"] == "Lê Thị Thanh Nhàn"
    assert meta["title"] is None


def test_seed_004_outlet_and_url_from_source_lines(seed_texts):
    meta = meta_of(seed_texts["004_26e7b4dec0642521"])
    assert meta["outlet"] == "VietnamPlus"
    assert meta["url"].startswith("https://www.vietnamplus.vn/ca-he-thong-chinh-tri")
    assert meta["url"].endswith("post1035725.vnp")
    assert meta["published"] is None  # "16 giờ trước" has no reference date


def test_vnexpress_dateline_and_closing_byline():
    meta = meta_of(VNEXPRESS)
    assert meta["title"] == "Quảng Ninh dẫn đầu chỉ số chuyển đổi số cấp tỉnh"
    assert (meta["published"], meta["published_precision"]) == ("2023-03-10", "day")
    assert meta["author"] == "Hoàng Phương"


def test_tuoi_tre_abbreviation_prefix_is_the_outlet():
    meta = meta_of(TUOI_TRE)
    assert meta["outlet"] == "Tuổi Trẻ"
    assert meta["published"] == "2023-03-06"
    assert meta["author"] == "Chí Quốc"


def test_bao_thanh_hoa_credit_and_parenthesised_prefix():
    meta = meta_of(BAO_THANH_HOA)
    assert meta["outlet"] == "Báo Thanh Hóa"
    assert meta["author"] == "Minh Hiếu"
    assert meta["published"] == "2023-03-05"


def test_portal_day_first_date_and_writer():
    meta = meta_of(PORTAL)
    assert meta["published"] == "2023-04-15"
    assert meta["author"] == "Hồng Nhung"
    assert meta["outlet"] == "Sở Thông tin và Truyền thông"
    assert meta["title"] == "Đắk Lắk triển khai Đề án 06 trên địa bàn tỉnh"


def test_day_first_dates_never_swap():
    meta = meta_of("Tiêu đề bài viết chuyển đổi số\n06/08/2021 09:00\nNội dung của bài.")
    assert meta["published"] == "2021-08-06"


def test_legal_decision_kind_title_date_and_signer():
    meta = meta_of(DECISION)
    assert meta["kind"] == "decision"
    assert meta["title"] == (
        "QUYẾT ĐỊNH Về việc phê duyệt Đề án chuyển đổi số tỉnh Thanh Hóa giai đoạn 2021 - 2025, "
        "định hướng đến năm 2030"
    )
    assert (meta["published"], meta["published_precision"]) == ("2020-10-06", "day")
    assert meta["author"] == "Đầu Thanh Tùng"


def test_party_resolution_kind_and_subject():
    meta = meta_of(RESOLUTION)
    assert meta["kind"] == "resolution"
    assert (
        meta["title"]
        == "NGHỊ QUYẾT về chuyển đổi số tỉnh Bình Định đến năm 2025, định hướng đến năm 2030"
    )
    assert meta["published"] == "2021-09-10"


@pytest.mark.parametrize(
    ("type_line", "kind"),
    [
        ("KẾ HOẠCH", "plan"),
        ("CHƯƠNG TRÌNH HÀNH ĐỘNG", "programme"),
        ("CHỈ THỊ", "directive"),
        ("BÁO CÁO", "report"),
        ("ĐỀ ÁN", "scheme"),
    ],
)
def test_type_line_under_a_provincial_header_gives_kind(type_line, kind):
    text = (
        "ỦY BAN NHÂN DÂN TỈNH HÀ NAM\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        f"Số: 12/KH-UBND\nHà Nam, ngày 3 tháng 2 năm 2022\n{type_line}\nChuyển đổi số tỉnh Hà Nam năm 2022\n"
        "I. MỤC ĐÍCH, YÊU CẦU\nĐẩy mạnh chuyển đổi số trong cơ quan nhà nước.\n"
    )
    meta = meta_of(text)
    assert meta["kind"] == kind
    assert meta["title"] == f"{type_line} Chuyển đổi số tỉnh Hà Nam năm 2022"
    assert meta["published"] == "2022-02-03"


def test_research_article_with_degree_byline():
    meta = meta_of(RESEARCH)
    assert meta["kind"] == "research"
    assert meta["author"] == "Nguyễn Văn Phú"
    assert meta["title"] == "Chính quyền số cấp tỉnh: kinh nghiệm của Đà Nẵng"


def test_news_that_talks_about_a_resolution_stays_news():
    text = (
        "Tỉnh ủy Quảng Trị ban hành Nghị quyết về chuyển đổi số\n"
        "Ngày 5/4/2022, Ban Thường vụ Tỉnh ủy Quảng Trị ban hành Nghị quyết số 10-NQ/TU.\n"
        "Nghị quyết đặt mục tiêu đến năm 2025 có 80% hồ sơ được xử lý trực tuyến.\n"
    )
    assert meta_of(text)["kind"] == "news"


def test_container_metadata_wins():
    container = {
        "title": "Tiêu đề từ thẻ meta",
        "author": "Thu Hằng",
        "date": "2023-05-01T08:00:00+07:00",
        "url": "https://vnexpress.net/bai-viet-1.html",
        "outlet": "vnexpress.net",
    }
    meta = meta_of(VNEXPRESS, container)
    assert meta["title"] == "Tiêu đề từ thẻ meta"
    assert meta["author"] == "Thu Hằng"
    assert (meta["published"], meta["published_precision"]) == ("2023-05-01", "day")
    assert meta["url"] == "https://vnexpress.net/bai-viet-1.html"
    assert meta["outlet"] == "VnExpress"


def test_empty_container_values_do_not_erase_found_ones():
    meta = meta_of(VNEXPRESS, {"title": "", "author": "  ", "created": "2020-01-01"})
    assert meta["title"] == "Quảng Ninh dẫn đầu chỉ số chuyển đổi số cấp tỉnh"
    assert meta["author"] == "Hoàng Phương"
    assert meta["published"] == "2023-03-10"


@pytest.mark.parametrize(
    ("value", "iso", "precision"),
    [
        ("2022-12", "2022-12", "month"),
        ("2022", "2022", "year"),
        ("ngày 15/8/2021", "2021-08-15", "day"),
    ],
)
def test_container_date_keeps_its_precision(value, iso, precision):
    meta = meta_of("Tiêu đề bài viết\nNội dung.", {"published": value})
    assert (meta["published"], meta["published_precision"]) == (iso, precision)


@pytest.mark.parametrize(
    ("name", "outlet"),
    [
        ("(Vietnam+)", "VietnamPlus"),
        ("VietnamPlus", "VietnamPlus"),
        ("www.vietnamplus.vn", "VietnamPlus"),
        ("TTO", "Tuổi Trẻ"),
        ("Chinhphu.vn", "Báo Chính phủ"),
        ("Báo Điện Biên Phủ", "Báo Điện Biên Phủ"),
    ],
)
def test_outlet_aliases_are_one_name(name, outlet):
    assert canonical_outlet(name) == outlet


def test_nothing_found_gives_nones_and_news():
    meta = detect_metadata([], [], None)
    assert meta == {
        "title": None,
        "author": None,
        "outlet": None,
        "url": None,
        "published": None,
        "published_precision": None,
        "kind": "news",
        "symbol": None,
        "issuer": None,
        "level": None,
        "title_readable": None,
        "header_province": None,
    }
