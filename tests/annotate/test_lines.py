"""Line labels: only the author's words are body, on the seeds and on pages of other outlets."""

from __future__ import annotations

import pytest

from corpora import BAO_THANH_HOA, DECISION, PORTAL, RESEARCH, RESOLUTION, TUOI_TRE, VNEXPRESS
from dxcompare.annotate.lines import label_lines, split_lines, strip_editor_anchors
from dxcompare.annotate.normalize import normalize_text
from dxcompare.schema import LINE_LABELS


def labelled(text: str) -> list[tuple[str, str]]:
    lines = [normalize_text(line) for line in split_lines(text)]
    return list(zip(label_lines(lines), lines, strict=True))


def label_of(text: str, startswith: str) -> str:
    matches = [label for label, line in labelled(text) if line.startswith(startswith)]
    assert matches, startswith
    return matches[0]


def seed_labels(seed_texts, name: str) -> list[str]:
    lines = [normalize_text(line) for line in split_lines(seed_texts[name])]
    return label_lines(lines)


# ---------------------------------------------------------------------------- the seeds


def test_seed_000_share_bar_is_furniture_and_pen_name_is_byline(seed_texts):
    labels = seed_labels(seed_texts, "000_59a7e2a612e78fb7")
    assert labels[:6] == ["title", "blank", "byline", "furniture", "blank", "body"]


def test_seed_000_caption_repeated_on_next_line_is_duplicate(seed_texts):
    labels = seed_labels(seed_texts, "000_59a7e2a612e78fb7")
    assert labels[13:15] == ["caption", "duplicate"]
    assert labels.count("body") == 22


def test_seed_001_capitals_byline_and_photo_credit(seed_texts):
    labels = seed_labels(seed_texts, "001_2c77bc4ad56ba6cd")
    assert labels[0] == "title"
    assert labels[6] == "caption"  # "... Ảnh: Thị đoàn Hoài Nhơn"
    assert labels[-1] == "byline"  # NGUYỄN VĂN TRANG
    assert labels[4] == "body"  # subheading "Thanh niên phải đi đầu"


def test_seed_002_nbsp_dateline_and_rating_widget(seed_texts):
    labels = seed_labels(seed_texts, "002_658379389a81f1c0")
    assert labels[2] == "dateline"  # "Thứ hai,\u00a012/12/2022 16:49"
    assert labels[3] == "furniture"  # "Từ viết tắt Xem với cỡ chữ"
    assert labels[7] == "caption"  # "... Ảnh: VGP/Minh Anh"
    assert labels[43:] == [
        "source",
        "blank",
        "furniture",
        "blank",
        "furniture",
        "blank",
        "furniture",
    ]


def test_seed_003_reviewer_comments_and_academic_byline(seed_texts):
    labels = seed_labels(seed_texts, "003_8327b7ecb46c3ee9")
    assert labels[:3] == ["byline", "byline", "body"]
    assert labels[-2:] == ["editor_comment", "editor_comment"]
    assert "title" not in labels  # the article starts with its byline, then a paragraph


def test_seed_003_ordinal_weekday_sentences_are_body(seed_texts):
    text = seed_texts["003_8327b7ecb46c3ee9"]
    lines = [normalize_text(line) for line in split_lines(text)]
    labels = label_lines(lines)
    ordinals = [lab for line, lab in zip(lines, labels, strict=True) if line.startswith("Thứ ")]
    assert len(ordinals) == 7
    assert set(ordinals) == {"body"}
    assert (
        labels[lines.index(next(x for x in lines if x.startswith("Nguồn lực vật chất")))] == "body"
    )


def test_seed_004_repeated_title_pull_quote_captions_and_sources(seed_texts):
    labels = seed_labels(seed_texts, "004_26e7b4dec0642521")
    assert labels[:4] == ["title", "blank", "duplicate", "furniture"]  # "16 giờ trướcBài gốc"
    assert labels[8:10] == ["duplicate", "caption"]  # pull quote, "Bộ trưởng Nguyễn Mạnh Hùng"
    assert [labels[i] for i in (14, 19, 28, 37)] == ["caption"] * 4
    assert labels[-2:] == ["source", "source"]  # "(Vietnam+)", "Nguồn VietnamPlus : https://..."


def test_every_seed_label_is_in_the_schema(seed_texts):
    for name in seed_texts:
        assert set(seed_labels(seed_texts, name)) <= set(LINE_LABELS)


# ---------------------------------------------------------------------------- other outlets


def test_vnexpress_page_dateline_caption_and_closing_byline():
    assert [label for label, _ in labelled(VNEXPRESS)] == [
        "dateline",
        "title",
        "body",
        "body",
        "caption",
        "body",
        "byline",
    ]


def test_tuoi_tre_page_related_links_and_google_news_are_furniture():
    assert [label for label, _ in labelled(TUOI_TRE)] == [
        "title",
        "dateline",
        "body",
        "caption",
        "body",
        "byline",
        "furniture",
        "furniture",
        "furniture",
    ]


def test_bao_thanh_hoa_credit_line_and_caption_above_bare_credit():
    assert [label for label, _ in labelled(BAO_THANH_HOA)] == [
        "title",
        "dateline",
        "furniture",
        "body",
        "byline",
        "caption",
        "caption",
        "body",
        "furniture",
    ]


def test_provincial_portal_breadcrumb_counter_and_footer():
    assert [label for label, _ in labelled(PORTAL)] == [
        "furniture",
        "title",
        "dateline",
        "furniture",
        "body",
        "body",
        "byline",
        "source",
        "furniture",
    ]


def test_legal_decision_header_is_title_and_signature_block_is_not_body():
    labels = [label for label, line in labelled(DECISION) if line]
    assert labels == [
        "title",
        "title",
        "furniture",
        "title",
        "title",
        "furniture",
        "title",
        "dateline",
    ] + [
        "title",
        "title",
        "title",
    ] + ["body"] * 5 + ["furniture"] * 6 + ["byline"]


def test_party_resolution_header_with_merged_lines():
    assert [label for label, _ in labelled(RESOLUTION)] == [
        "title",
        "furniture",
        "dateline",
        "title",
        "title",
        "title",
        "body",
        "body",
    ]


def test_research_article_keywords_figures_and_bibliography():
    assert [label for label, _ in labelled(RESEARCH)] == [
        "byline",
        "byline",
        "title",
        "body",
        "furniture",
        "body",
        "caption",
        "source",
        "source",
        "source",
    ]


# ---------------------------------------------------------------------------- single lines


@pytest.mark.parametrize(
    "line",
    [
        "Chia sẻ",
        "Zalo Facebook Twitter",
        "In bài | Copy link | Gửi bài | Lưu",
        "Đánh giá",
        "(Di chuột vào ngôi sao để chọn điểm)",
        "Từ viết tắt",
        "Xem với cỡ chữ",
        "Tìm theo ngày :",
        "3 ngày trước",
        "45 phút trước",
        "2 giờ trướcBài gốc",
        "Bài gốc",
        "Tin liên quan",
        "Xem thêm",
        "Đọc thêm: Bắc Ninh thu hút đầu tư vào công nghiệp bán dẫn",
        "Tags: chuyển đổi số, Long An",
        "Từ khóa: kinh tế số",
        "Theo dõi Báo Nhân Dân trên Google News",
        "* * *",
        "-----------",
        "#chuyểnđổisố #KhánhHòa",
    ],
)
def test_page_furniture_is_recognised(line):
    assert label_of(f"Tiêu đề bài báo về chuyển đổi số\n{line}\n", line.strip()[:8]) == "furniture"


@pytest.mark.parametrize(
    "line",
    [
        "Nguồn: Chinhphu.vn",
        "Nguồn: Báo Quảng Ninh",
        "Nguồn VietnamPlus : https://www.vietnamplus.vn/abc-post1.vnp",
        "(Vietnam+)",
        "(TTXVN)",
        "Theo Báo Nhân Dân",
        "Theo TTXVN",
        "Theo vnexpress.net",
        "https://baothanhhoa.vn/chuyen-doi-so-123.htm",
    ],
)
def test_source_lines_are_recognised(line):
    text = f"Tiêu đề bài báo về chuyển đổi số\nĐoạn văn bản chính của bài báo nói về chính quyền số.\n{line}\n"
    assert label_of(text, line[:6]) == "source"


@pytest.mark.parametrize(
    "line",
    [
        "Người dân làm thủ tục tại bộ phận một cửa. (Ảnh: Minh Sơn/Vietnam+)",
        "Ảnh minh họa",
        "Ảnh minh hoạ",
        "Ảnh: TTXVN",
        "Lãnh đạo tỉnh Sóc Trăng thăm gian hàng công nghệ - Ảnh: VĂN LONG",
        "Đại biểu tham quan mô hình nông nghiệp số (ảnh: TL)",
        "Hình 2: Tỷ lệ hồ sơ trực tuyến theo năm",
    ],
)
def test_captions_are_recognised(line):
    text = f"Tiêu đề bài báo về chuyển đổi số\nĐoạn văn bản chính của bài báo nói về chính quyền số.\n{line}\n"
    assert label_of(text, line[:6]) == "caption"


@pytest.mark.parametrize(
    "line",
    [
        "Thứ hai, 12/12/2022 16:49",
        "Thứ Ba, 07/03/2023 - 08:15",
        "Cập nhật: 10:20 05/03/2023",
        "Chủ nhật, 5/3/2023, 07:00 (GMT+7)",
        "Thanh Hóa, ngày 06 tháng 10 năm 2020",
        "TP. Hồ Chí Minh, ngày 15 tháng 02 năm 2024",
        "15/04/2023 | 09:30",
    ],
)
def test_datelines_are_recognised(line):
    assert (
        label_of(f"Tiêu đề bài báo về chuyển đổi số\n{line}\nĐoạn văn bản chính.\n", line[:6])
        == "dateline"
    )


@pytest.mark.parametrize(
    "line",
    [
        "Thứ hai, xây dựng cơ chế, chính sách thúc đẩy chuyển đổi số.",
        "Thứ ba, phát triển hạ tầng số ngày 15/3/2023 đã được khởi công tại Tây Ninh.",
        "Nguồn lực vật chất là một trong những điều kiện quan trọng.",
        "Nguồn vốn cho chuyển đổi số năm 2023 của tỉnh Lào Cai đạt 120 tỷ đồng.",
        "Ảnh hưởng của chuyển đổi số đến doanh nghiệp nhỏ và vừa ở Bến Tre là rõ rệt.",
        "Hình thành hệ sinh thái khởi nghiệp sáng tạo của tỉnh Bắc Giang.",
        "Theo đó, UBND tỉnh Nghệ An yêu cầu các sở hoàn thành trước ngày 30/6/2024.",
        "Theo TS Trần Hải Định - giảng viên Học viện Hành chính, Nghị quyết đã đi vào cuộc sống.",
        "Bài học kinh nghiệm từ các địa phương đi đầu",
        "Chia sẻ kinh nghiệm chuyển đổi số của tỉnh Vĩnh Long với các địa phương.",
        "Đánh giá cao kết quả chuyển đổi số năm 2023 của tỉnh Bình Phước.",
        "Lưu ý: các đơn vị gửi báo cáo trước ngày 15/12.",
    ],
)
def test_traps_stay_body(line):
    text = f"Tiêu đề bài báo về chuyển đổi số\nĐoạn mở đầu của bài báo về chính quyền số.\n{line}\nĐoạn kết.\n"
    assert label_of(text, line[:12]) == "body"


@pytest.mark.parametrize(
    "line",
    [
        "PV",
        "Nhóm PV",
        "Bài và ảnh: Lê Hợi",
        "Tin, ảnh: Hải Yến",
        "ThS. Lê Thị Thanh Nhàn",
        "NGỌC AN",
        "Hà Thanh",
    ],
)
def test_bylines_under_the_title(line):
    text = f"Tiêu đề bài báo về chuyển đổi số\n{line}\nĐoạn văn bản chính của bài báo nói về chính quyền số.\n"
    assert label_of(text, line) == "byline"


def test_name_of_a_province_under_the_title_is_not_a_byline():
    text = "Tiêu đề bài báo về chuyển đổi số\nBình Định\nĐoạn văn bản chính của bài.\n"
    assert label_of(text, "Bình Định") != "byline"


def test_repeated_paragraph_keeps_first_copy_as_body():
    para = "Tỉnh Hà Giang đã số hóa 80% hồ sơ hộ tịch trong năm 2023."
    labels = [label for label, _ in labelled(f"Tiêu đề bài báo về chuyển đổi số\n{para}\n{para}\n")]
    assert labels == ["title", "body", "duplicate"]


def test_same_caption_later_in_the_text_is_duplicate():
    caption = "Toàn cảnh hội nghị chuyển đổi số tỉnh Kiên Giang"
    text = f"Tiêu đề bài báo về chuyển đổi số\n{caption}\n\n{caption}\nĐoạn văn.\n"
    assert [label for label, _ in labelled(text)] == [
        "title",
        "caption",
        "blank",
        "duplicate",
        "body",
    ]


def test_anchor_in_the_middle_of_text_is_body_not_comment():
    text = "Tiêu đề bài báo về chuyển đổi số\n[WU1]Đoạn một của bài.\nĐoạn hai của bài.\n[WU2]Sửa lại số liệu\n"
    assert [label for label, _ in labelled(text)] == ["title", "body", "body", "editor_comment"]


def test_label_lines_accepts_empty_and_odd_input():
    assert label_lines([]) == []
    assert label_lines(["", "   ", "\u200b"]) == ["blank", "blank", "blank"]
    assert label_lines(["???", "12"]) == ["furniture", "furniture"]


# ---------------------------------------------------------------------------- anchors, splitting


@pytest.mark.parametrize(
    ("line", "expected", "n"),
    [
        ("[WU1]phát triển CĐS", "phát triển CĐS", 1),
        ("chuyển đổi số [WU1]là xu thế [WU2] tất yếu", "chuyển đổi số là xu thế tất yếu", 2),
        ("kinh tế số[AB12].", "kinh tế số.", 1),
        ("ý kiến [ĐH3] của tổ", "ý kiến của tổ", 1),
        ("theo Điều [1] và [a1] không đổi", "theo Điều [1] và [a1] không đổi", 0),
    ],
)
def test_strip_editor_anchors(line, expected, n):
    assert strip_editor_anchors(line) == (expected, n)


def test_split_lines_handles_every_line_break():
    assert split_lines("a\r\nb\rc\nd\u2028e") == ["a", "b", "c", "d", "e"]
    assert split_lines("a\n") == ["a"]
    assert split_lines("") == []


def test_a_portals_visit_counter_is_furniture_but_a_total_in_a_sentence_is_not():
    lines = [
        "Hội nghị chuyển đổi số trong giai đoạn sáp nhập tỉnh, xã ở Đắk Lắk",
        "Hôm nay: 0",
        "Hôm qua: 12",
        "Trong tuần: 1.345",
        "Tất cả: 20.451",
        "Sáng 06/6, Sở Khoa học và Công nghệ tỉnh Đắk Lắk dự hội nghị trực tuyến.",
        "Tổng số: 120 xã đã có cáp quang đến trung tâm.",
    ]
    labels = label_lines(lines)
    assert labels[1:5] == ["furniture"] * 4
    assert labels[5:] == ["body", "body"]
