"""Theme coding, theme tables and their statistics, distinctive themes, and the views."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import dxcompare
from corpora import FIN, NEUTRAL, YOUTH, tiny_corpus
from dxcompare.analyze.codebook import NONE_ID, load_codebook, parse_codebook
from dxcompare.analyze.themes import code_text, code_themes, distinctive_themes, rollup, theme_table
from dxcompare.errors import ParameterError
from support import SEEDS


def themes_of(sentence: str) -> set[str]:
    return set(code_text(sentence).theme_id)


# ------------------------------------------------------------------------------------ patterns
# Sentences written for the test, about provinces other than the seeds', one per theme.
POSITIVE = [
    (
        "gov_general",
        "Kiên Giang xây dựng chính quyền điện tử, hướng tới chính quyền số vào năm 2025.",
    ),
    ("gov_general", "Đẩy mạnh chuyển đổi số trong các cơ quan nhà nước của tỉnh Hậu Giang."),
    (
        "gov_general",
        "Các cơ quan hành chính nhà nước tỉnh Ninh Thuận phải triển khai chuyển đổi số.",
    ),
    ("online_services", "Quảng Ninh đã cung cấp 1.200 dịch vụ công trực tuyến toàn trình."),
    ("online_services", "Tỷ lệ hồ sơ nộp qua dịch vụ công mức độ 4 của Long An đạt 65%."),
    (
        "admin_reform",
        "Sở Nội vụ Nghệ An đẩy mạnh cải cách thủ tục hành chính, dùng chữ ký số trên văn bản điện tử.",
    ),
    (
        "digital_identity",
        "Công an Thanh Hóa đã kích hoạt 1,5 triệu tài khoản định danh điện tử trên ứng dụng VNeID.",
    ),
    (
        "digital_identity",
        "Tỉnh triển khai Đề án 06 về dữ liệu dân cư, định danh và xác thực điện tử.",
    ),
    (
        "smart_city",
        "Thừa Thiên Huế vận hành Trung tâm giám sát, điều hành đô thị thông minh (IOC).",
    ),
    ("smart_city", "Mục tiêu là xây dựng TP Cần Thơ thông minh, hiện đại."),
    (
        "remote_work",
        "Cán bộ Sở Y tế Bắc Giang làm việc từ xa và họp trực tuyến trong thời gian giãn cách.",
    ),
    ("economy_general", "Tỷ trọng kinh tế số trong GRDP của Bắc Ninh đạt 20%."),
    (
        "ecommerce_business",
        "Nông dân Sơn La đưa xoài lên sàn thương mại điện tử, nhận thanh toán không dùng tiền mặt.",
    ),
    (
        "hightech_innovation",
        "Đà Nẵng mở rộng Khu công nghệ cao và trung tâm khởi nghiệp đổi mới sáng tạo.",
    ),
    ("hightech_innovation", "Sở Khoa học và Công nghệ Nam Định hỗ trợ 12 dự án khởi nghiệp."),
    ("sector_dx", "Đồng Tháp đẩy mạnh chuyển đổi số trong nông nghiệp, truy xuất nguồn gốc xoài."),
    (
        "society_general",
        "Tỉnh phấn đấu phát triển xã hội số, hình thành văn hóa số trong cộng đồng.",
    ),
    (
        "society_services",
        "Bệnh viện đa khoa Lào Cai triển khai bệnh án điện tử và khám chữa bệnh từ xa.",
    ),
    (
        "citizens_skills",
        "Phổ cập kỹ năng số cho người cao tuổi ở Hà Giang, không để ai bị bỏ lại phía sau.",
    ),
    ("community_teams", "Toàn tỉnh Tuyên Quang đã thành lập 2.100 tổ công nghệ số cộng đồng."),
    (
        "youth_mass_orgs",
        "Tỉnh đoàn Phú Yên ra quân chiến dịch thanh niên tình nguyện hỗ trợ người dân cài VNeID.",
    ),
    (
        "youth_mass_orgs",
        "Hội Liên hiệp Phụ nữ và Hội Nông dân huyện tham gia tuyên truyền chuyển đổi số.",
    ),
    ("youth_mass_orgs", "Đoàn Thanh Niên xã Tam Kỳ ra mắt đội hình hỗ trợ cài ứng dụng."),
    ("youth_mass_orgs", "Bí thư Tỉnh đoàn Đoàn Văn Hùng phát động phong trào."),
    (
        "awareness",
        "Huyện Mường Tè tổ chức tuyên truyền, nâng cao nhận thức về chuyển đổi số cho người dân.",
    ),
    ("leadership", "Người đứng đầu cấp ủy phải trực tiếp chỉ đạo chuyển đổi số tại Vĩnh Long."),
    (
        "institutions",
        "HĐND tỉnh Bình Dương ban hành Nghị quyết về cơ chế, chính sách hỗ trợ chuyển đổi số.",
    ),
    ("infrastructure", "Viettel phủ sóng 5G và kéo cáp quang đến 100% thôn bản của Lai Châu."),
    (
        "infrastructure",
        "Thứ hai, hoàn thiện hạ tầng kỹ thuật, bảo đảm an toàn thông tin cho Bạc Liêu.",
    ),
    ("data", "Kết nối, chia sẻ dữ liệu giữa cơ sở dữ liệu đất đai và các ngành."),
    ("data", "Sở Tư pháp Hưng Yên số hóa 80% sổ hộ tịch và số hóa các hồ sơ lưu trữ."),
    ("platforms", "Tỉnh Bắc Kạn triển khai nền tảng số dùng chung và trục liên thông LGSP."),
    ("cybersecurity", "Gia Lai triển khai mô hình bảo vệ 4 lớp, bảo đảm an toàn thông tin mạng."),
    ("cybersecurity", "Hướng dẫn học sinh Hà Tĩnh cách giữ an toàn trên không gian mạng."),
    ("digital_identity", "Mỗi người dân Vĩnh Phúc có một danh tính số để giao dịch trực tuyến."),
    (
        "human_resources",
        "Đào tạo, bồi dưỡng nguồn nhân lực công nghệ thông tin cho cán bộ chuyên trách.",
    ),
    (
        "finance",
        "Bố trí kinh phí từ ngân sách tỉnh và huy động nguồn lực xã hội hóa cho chuyển đổi số.",
    ),
    ("monitoring", "Năm 2023, chỉ số chuyển đổi số DTI của Quảng Trị xếp thứ 25/63."),
    ("people_centre", "Lấy người dân, doanh nghiệp làm trung tâm của chuyển đổi số."),
    ("people_centre", "Người dân là trung tâm, là chủ thể của chuyển đổi số ở Trà Vinh."),
    ("people_centre", "Thành công cần sự chung tay, đồng hành của người dân Quảng Ngãi."),
    ("people_centre", "Huyện Mỹ Đức kêu gọi sự tham gia tích cực của cộng đồng doanh nghiệp."),
    ("emerging_tech", "Bệnh viện ứng dụng trí tuệ nhân tạo và dữ liệu lớn để chẩn đoán hình ảnh."),
    ("emerging_tech", "Sở Y tế thí điểm AI đọc phim X-quang."),
]


@pytest.mark.parametrize(("theme", "sentence"), POSITIVE)
def test_written_sentence_is_coded_with_its_theme(theme, sentence):
    assert theme in themes_of(sentence)


def test_every_leaf_theme_has_a_written_positive_sentence():
    assert set(load_codebook().leaves) <= {t for t, _ in POSITIVE}


# False friends: the sentence uses a word of the theme in another sense.
NEGATIVE = [
    ("online_services", "Doanh nghiệp cung cấp dịch vụ công nghệ thông tin cho tỉnh Đồng Nai."),
    ("online_services", "Công ty dịch vụ công ích đô thị Vinh thu gom rác mỗi ngày."),
    ("admin_reform", "Quảng Trị hướng tới nền hành chính công số, phục vụ người dân tốt hơn."),
    ("institutions", "Công an Phú Thọ triển khai Đề án 06, cấp căn cước cho người dân."),
    ("data", "Bình Phước số hóa các dịch vụ công và đưa lên Cổng dịch vụ công."),
    ("hightech_innovation", "Bộ Khoa học và Công nghệ là cơ quan chủ trì chuyển đổi số quốc gia."),
    ("youth_mass_orgs", "Chủ tịch UBND tỉnh Đoàn Văn Việt chủ trì hội nghị."),
    ("youth_mass_orgs", "Theo Báo Tuổi Trẻ, giá nhà tăng mạnh."),
    ("infrastructure", "Tỉnh Long An đầu tư hạ tầng kỹ thuật khu công nghiệp Đức Hòa."),
    ("infrastructure", "Nâng cấp hạ tầng kỹ thuật đô thị thị xã Sa Pa."),
    ("platforms", "Trên nền tảng những kết quả đạt được, tỉnh Cao Bằng đặt mục tiêu mới."),
    ("admin_reform", "Anh mở một cửa hàng bán điện thoại ở Cà Mau."),
    ("digital_identity", "Tỉnh ủy Yên Bái ban hành Đề án 06-ĐA/TU về phát triển du lịch."),
    ("smart_city", "Người dân dùng điện thoại thông minh để xem tin tức."),
    ("hightech_innovation", "Công an tỉnh triệt phá đường dây tội phạm sử dụng công nghệ cao."),
    ("society_services", "Tăng cường giáo dục chính trị tư tưởng cho đảng viên."),
    ("community_teams", "UBND tỉnh thành lập Tổ công tác chuyển đổi số của tỉnh."),
    ("youth_mass_orgs", "Tập đoàn Viettel khảo sát các vùng lõm sóng ở Điện Biên."),
    ("youth_mass_orgs", "Đoàn công tác của Bộ làm việc với tỉnh Kon Tum."),
    ("youth_mass_orgs", "Tinh thần đoàn kết giúp vượt qua khó khăn."),
    ("awareness", "Sở Thông tin và Truyền thông tỉnh Bến Tre chủ trì thực hiện."),
    ("awareness", "Chúng tôi nhận thức rõ những khó khăn phía trước."),
    (
        "leadership",
        "Duy trì hoạt động lãnh đạo, chỉ đạo, điều hành của Tỉnh ủy Lạng Sơn trên môi trường mạng.",
    ),
    ("leadership", "Công ty trách nhiệm hữu hạn phần mềm Sao Mai khai trương văn phòng."),
    ("institutions", "Cán bộ bị xử lý kỷ luật vì vi phạm."),
    ("institutions", "Ngân hàng Chính sách xã hội cho hộ nghèo vay vốn."),
    ("infrastructure", "Nông dân ứng dụng internet vạn vật để tưới cây."),
    ("infrastructure", "Tỉnh đầu tư hạ tầng giao thông nối các huyện."),
    ("data", "Tỉnh xây dựng trung tâm dữ liệu đặt tại Sở."),
    ("platforms", "Chủ nghĩa Mác - Lênin là nền tảng tư tưởng của Đảng."),
    ("platforms", "Đẩy mạnh ứng dụng công nghệ thông tin trong quản lý."),
    ("cybersecurity", "Tăng cường bảo đảm an toàn giao thông dịp Tết."),
    ("cybersecurity", "Giữ vững an ninh trật tự, an toàn vệ sinh thực phẩm."),
    ("human_resources", "Sở Giáo dục và Đào tạo Hà Tĩnh tổ chức kỳ thi."),
    ("human_resources", "Theo các chuyên gia, chuyển đổi số là xu thế tất yếu."),
    ("finance", "Huy động nguồn nhân lực chất lượng cao cho chuyển đổi số."),
    ("finance", "Vốn dĩ người dân đã quen dùng tiền mặt."),
    ("finance", "Cải thiện môi trường đầu tư của tỉnh."),
    ("monitoring", "Lãnh đạo Sở đánh giá cao sáng kiến của thanh niên."),
    ("monitoring", "Lắp hệ thống camera giám sát giao thông ở ngã tư."),
    ("people_centre", "Phát triển du lịch trải nghiệm ở Mộc Châu."),
    ("emerging_tech", "Không ai được phép đứng ngoài cuộc."),
]


@pytest.mark.parametrize(("theme", "sentence"), NEGATIVE)
def test_false_friend_is_not_coded_with_the_theme(theme, sentence):
    assert theme not in themes_of(sentence)


def test_every_theme_with_an_exclusion_has_a_written_false_friend():
    with_exclusions = {t.id for t in load_codebook() if t.exclude or t.exclude_sentence}
    assert with_exclusions <= {t for t, _ in NEGATIVE}


def test_agency_name_does_not_veto_the_theme_elsewhere_in_the_sentence():
    # The exclusion drops the words it overlaps ("Khoa học và Công nghệ" of the agency), not the
    # theme: "khởi nghiệp" is still evidence.
    coded = code_text("Sở Khoa học và Công nghệ Nam Định hỗ trợ 12 dự án khởi nghiệp.")
    assert coded.query("theme_id == 'hightech_innovation'").matched.tolist() == ["khởi nghiệp"]


def test_digitising_services_is_not_data_but_digitising_records_is():
    assert "data" not in themes_of("Hoàn thành số hóa 100% thủ tục hành chính.")
    assert "data" in themes_of("Hoàn thành số hóa 100% hồ sơ địa chính.")


def test_human_resources_and_finance_are_told_apart():
    assert "human_resources" in themes_of("Huy động nguồn nhân lực chất lượng cao.")
    assert themes_of("Huy động nguồn lực xã hội.") & {"finance", "human_resources"} == {"finance"}


def test_road_safety_beside_cybersecurity_keeps_the_cybersecurity_code():
    # The exclusion vetoes the overlapping words only, not the whole sentence.
    coded = code_text("Phổ biến kiến thức về an ninh mạng; tin nóng về an toàn giao thông.")
    cyber = coded[coded.theme_id == "cybersecurity"]
    assert list(cyber.matched) == ["an ninh mạng"]


def test_exclude_sentence_drops_the_theme_from_the_whole_sentence():
    cb = parse_codebook(
        "themes:\n- id: a\n  label_vi: a\n  label_en: a\n  patterns: [dữ liệu]\n  exclude_sentence: [thống kê]\n"
    )
    assert code_text("Dữ liệu thống kê dân số.", cb).empty
    assert list(code_text("Dữ liệu mở.", cb).theme_id) == ["a"]


def test_code_text_reports_offsets_into_the_sentence():
    sentence = "Tỉnh Ðắk Nông phát triển HẠ TẦNG SỐ."
    row = code_text(sentence).query("theme_id == 'infrastructure'").iloc[0]
    assert sentence[row.start : row.end] == row.matched == "HẠ TẦNG SỐ"
    assert row.pattern == "hạ tầng số"


@pytest.fixture()
def hand():
    # Province A: a1 (FIN, FIN, NEUTRAL, NEUTRAL) + a2 (FIN, NEUTRAL); B: b1 (FIN, YOUTH, YOUTH, NEUTRAL)
    return tiny_corpus(
        {
            "a1": ({"primary_province": "A", "kind": "news"}, [FIN, FIN, NEUTRAL, NEUTRAL]),
            "a2": ({"primary_province": "A", "kind": "news"}, [FIN, NEUTRAL]),
            "b1": ({"primary_province": "B", "kind": "news"}, [FIN, YOUTH, YOUTH, NEUTRAL]),
        }
    )


def test_every_body_sentence_is_coded_once_with_none_when_no_theme_matches(hand):
    coded = code_themes(hand)
    assert list(coded.columns[:6]) == [
        "doc_id",
        "sentence_id",
        "theme_id",
        "pillar",
        "matched",
        "sentence",
    ]
    assert len(coded.drop_duplicates(["doc_id", "sentence_id"])) == 10
    none = coded[coded.theme_id == NONE_ID]
    assert len(none) == 4 and set(none.sentence) == {NEUTRAL} and set(none.pillar) == {NONE_ID}


def test_coded_spans_are_evidence_in_the_document_text(hand):
    coded = code_themes(hand)
    texts = hand.documents.set_index("doc_id")["text"]
    for row in coded[coded.theme_id != NONE_ID].itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.sentence
        assert [texts[row.doc_id][s:e] for s, e in row.spans] == row.matched.split("; ")


def test_most_specific_code_wins_when_a_theme_is_subdivided():
    cb = parse_codebook(
        """
themes:
- id: data
  label_vi: Dữ liệu
  label_en: Data
  patterns: [dữ liệu]
- id: open_data
  parent: data
  label_vi: Dữ liệu mở
  label_en: Open data
  patterns: [dữ liệu mở]
"""
    )
    corpus = tiny_corpus(
        {"d": ({"primary_province": "X"}, ["Công bố dữ liệu mở.", "Làm sạch dữ liệu."])}
    )
    coded = code_themes(corpus, cb)
    assert list(coded.theme_id) == ["open_data", "data"]
    up = rollup(coded, depth=0)
    assert list(up.theme_id) == ["data", "data"]


def test_code_themes_accepts_a_codebook_path(tmp_path, hand):
    path = tmp_path / "cb.yaml"
    path.write_text(
        "themes:\n- id: money\n  label_vi: Tiền\n  label_en: Money\n  patterns: [kinh phí]\n",
        "utf-8",
    )
    coded = code_themes(hand, path)
    assert set(coded.theme_id) == {"money", NONE_ID}


# ------------------------------------------------------------------------------------ tables
def test_share_and_rate_match_hand_computed_values(hand):
    table = theme_table(code_themes(hand), hand, n_boot=0).set_index(["group", "theme_id"])
    a_fin, b_fin, b_youth = (
        table.loc[("A", "finance")],
        table.loc[("B", "finance")],
        table.loc[("B", "youth_mass_orgs")],
    )
    # A: 3 of 6 sentences; 30 words (5 per sentence): 3 / 30 * 1000 = 100
    assert (a_fin.n_sentences, a_fin.n_sentences_group, a_fin.n_words_group) == (3, 6, 30)
    assert a_fin.share == pytest.approx(0.5) and a_fin.rate_per_1000 == pytest.approx(100.0)
    # B: 1 of 4; 5 + 6 + 6 + 5 = 22 words
    assert b_fin.share == pytest.approx(0.25) and b_fin.rate_per_1000 == pytest.approx(1000 / 22)
    assert b_youth.n_sentences == 2 and b_youth.share == pytest.approx(0.5)
    assert table.loc[("A", "youth_mass_orgs")].n_sentences == 0
    assert table.loc[("A", NONE_ID)].n_sentences == 3 and table.loc[("B", NONE_ID)].n_sentences == 1
    assert math.isnan(a_fin.ci_low)


def test_every_theme_has_a_row_in_every_group_zeros_included(hand):
    table = theme_table(code_themes(hand), hand, n_boot=0)
    n_codes = len(load_codebook().coded_ids) + 1
    assert table.groupby("group").size().tolist() == [n_codes, n_codes]


def test_pillar_level_counts_each_sentence_once_per_pillar(hand):
    table = theme_table(code_themes(hand), hand, level="pillar", n_boot=0).set_index(
        ["group", "theme_id"]
    )
    assert table.loc[("A", "enablers")].n_sentences == 3
    assert table.loc[("B", "digital_society")].share == pytest.approx(0.5)
    assert table.loc[("B", "enablers")].share == pytest.approx(0.25)


def test_by_two_columns_shows_document_kind_beside_province(hand):
    hand.documents.loc[hand.documents.doc_id == "a2", "kind"] = "resolution"
    table = theme_table(code_themes(hand), hand, by=["primary_province", "kind"], n_boot=0)
    assert set(table.group) == {"A / news", "A / resolution", "B / news"}
    row = table[(table.group == "A / resolution") & (table.theme_id == "finance")].iloc[0]
    assert (row.primary_province, row.kind, row.n_sentences, row.share) == (
        "A",
        "resolution",
        1,
        0.5,
    )


def test_by_doc_id_gives_one_group_per_document(hand):
    table = theme_table(code_themes(hand), hand, by="doc_id", n_boot=0)
    fin = table[table.theme_id == "finance"].set_index("group")
    assert fin.share.to_dict() == pytest.approx({"a1": 0.5, "a2": 0.5, "b1": 0.25})


def test_unknown_by_column_is_a_parameter_error(hand):
    with pytest.raises(ParameterError, match="not a column"):
        theme_table(code_themes(hand), hand, by="region")


def test_document_without_province_is_grouped_as_unknown():
    corpus = tiny_corpus({"x": ({"primary_province": None}, [FIN])})
    table = theme_table(code_themes(corpus), corpus, n_boot=0)
    assert set(table.group) == {"(unknown)"}


# ------------------------------------------------------------------------------------ bootstrap
def test_bootstrap_interval_is_deterministic_and_brackets_the_share(hand):
    coded = code_themes(hand)
    one = theme_table(coded, hand, n_boot=200)
    two = theme_table(coded, hand, n_boot=200)
    pd.testing.assert_frame_equal(one, two)
    assert (one.ci_low <= one.share + 1e-12).all() and (one.share <= one.ci_high + 1e-12).all()
    assert (one.rate_ci_low <= one.rate_per_1000 + 1e-9).all() and (
        one.rate_per_1000 <= one.rate_ci_high + 1e-9
    ).all()


def test_a_theme_in_no_sentence_or_every_sentence_gets_a_wilson_interval_not_zero_width():
    # 8 of 8 sentences, 0 of 8: the bootstrap would give [1, 1] and [0, 0], a certainty that one
    # 8-sentence document cannot give; Wilson's score interval is honest about it.
    corpus = tiny_corpus({"d": ({"primary_province": "X"}, [FIN] * 8)})
    table = theme_table(code_themes(corpus), corpus, n_boot=300).set_index("theme_id")
    fin, youth = table.loc["finance"], table.loc["youth_mass_orgs"]
    assert fin["ci_high"] == pytest.approx(1.0) and 0.6 < fin["ci_low"] < 0.7
    assert youth["ci_low"] == pytest.approx(0.0) and 0.3 < youth["ci_high"] < 0.35
    assert fin["ci_method"] == youth["ci_method"] == "wilson"
    assert fin["rate_ci_high"] == pytest.approx(200.0)  # 8 of 40 words
    assert bool(fin["thin"])  # one document


def test_sentence_bootstrap_width_matches_the_binomial_standard_error():
    # 50 of 100 sentences: 95% interval ≈ 0.5 ± 1.96 * sqrt(0.25 / 100) = 0.5 ± 0.098
    corpus = tiny_corpus({"d": ({"primary_province": "X"}, [FIN, NEUTRAL] * 50)})
    row = (
        theme_table(code_themes(corpus), corpus, n_boot=2000).query("theme_id == 'finance'").iloc[0]
    )
    assert 0.38 < row.ci_low < 0.43 and 0.57 < row.ci_high < 0.62


def test_document_bootstrap_of_a_single_document_group_falls_back_to_wilson():
    corpus = tiny_corpus({"d": ({"primary_province": "X"}, [FIN, NEUTRAL, NEUTRAL])})
    row = theme_table(code_themes(corpus), corpus, n_boot=100, unit="document").query(
        "theme_id == 'finance'"
    )
    assert row.ci_low.item() < 1 / 3 < row.ci_high.item()  # 1 of 3 sentences, not [1/3, 1/3]
    assert row.ci_method.item() == "wilson" and bool(row.thin.item())


def test_adding_a_group_does_not_change_another_groups_interval(hand):
    coded = code_themes(hand)
    before = theme_table(coded, hand, n_boot=100).query("group == 'A'").reset_index(drop=True)
    more = tiny_corpus({"c1": ({"primary_province": "C", "kind": "news"}, [YOUTH])})
    bigger = SimpleNamespace(
        **{k: pd.concat([getattr(hand, k), getattr(more, k)]) for k in vars(hand)}
    )
    after = (
        theme_table(code_themes(bigger), bigger, n_boot=100)
        .query("group == 'A'")
        .reset_index(drop=True)
    )
    pd.testing.assert_frame_equal(before, after)


# ------------------------------------------------------------------------------------ distinctive
def test_log_odds_without_prior_is_the_plain_odds_ratio(hand):
    d = distinctive_themes(code_themes(hand), hand, alpha0=0).set_index(["group", "theme_id"])
    row = d.loc[("A", "finance")]
    # A: 3 with / 3 without; rest (B): 1 with / 3 without -> OR = (3*3)/(3*1) = 3
    assert (row.n_group, row.n_sentences_group, row.n_rest, row.n_sentences_rest) == (3, 6, 1, 4)
    assert row.log_odds == pytest.approx(math.log(3))
    assert row.se == pytest.approx(math.sqrt(1 / 3 + 1 / 3 + 1 / 1 + 1 / 3))
    assert row.z == pytest.approx(math.log(3) / math.sqrt(2))


def test_informative_prior_shrinks_the_log_odds_toward_zero(hand):
    d = distinctive_themes(code_themes(hand), hand, alpha0=10).set_index(["group", "theme_id"])
    row = d.loc[("A", "finance")]
    # p = 4/10 overall; pseudo-counts 4 (with) and 6 (without) in each cell: 7, 9 vs 5, 9
    assert row.log_odds == pytest.approx(math.log((7 * 9) / (9 * 5)))
    assert row.se == pytest.approx(math.sqrt(1 / 7 + 1 / 9 + 1 / 5 + 1 / 9))


def test_distinctive_rows_are_sorted_by_z_within_group(hand):
    d = distinctive_themes(code_themes(hand), hand)
    top_b = d[d.group == "B"].iloc[0]
    assert top_b.theme_id == "youth_mass_orgs" and top_b.z > 0
    assert (d.groupby("group").z.apply(lambda z: z.dropna().is_monotonic_decreasing)).all()


def test_stratifying_by_kind_removes_a_difference_that_is_only_document_kind():
    # Resolutions cite a Nghị quyết in half their sentences, news in a quarter, in both provinces;
    # province A is mostly resolutions, so unstratified it looks more "institutional".
    res = ["Ban hành nghị quyết mới.", NEUTRAL]
    news = ["Ban hành nghị quyết mới.", NEUTRAL, NEUTRAL, NEUTRAL]
    corpus = tiny_corpus(
        {
            "a1": ({"primary_province": "A", "kind": "resolution"}, res * 3),
            "a2": ({"primary_province": "A", "kind": "news"}, news),
            "b1": ({"primary_province": "B", "kind": "resolution"}, res),
            "b2": ({"primary_province": "B", "kind": "news"}, news * 3),
        }
    )
    coded = code_themes(corpus)
    plain = (
        distinctive_themes(coded, corpus)
        .set_index(["group", "theme_id"])
        .loc[("A", "institutions")]
    )
    strat = (
        distinctive_themes(coded, corpus, strata="kind")
        .set_index(["group", "theme_id"])
        .loc[("A", "institutions")]
    )
    assert plain.log_odds > 0.2
    assert strat.log_odds == pytest.approx(0.0, abs=1e-12)
    assert strat.n_strata == 2


# ------------------------------------------------------------------------------------ kind
def _kind_mix_corpus():
    # In both provinces resolutions cite a Nghị quyết in half their sentences, news in a quarter;
    # A is mostly resolutions, B mostly news, C has news only.
    res = ["Ban hành nghị quyết mới.", NEUTRAL]
    news = ["Ban hành nghị quyết mới.", NEUTRAL, NEUTRAL, NEUTRAL]
    return tiny_corpus(
        {
            "a1": ({"primary_province": "A", "kind": "resolution"}, res * 3),
            "a2": ({"primary_province": "A", "kind": "news"}, news),
            "b1": ({"primary_province": "B", "kind": "resolution"}, res),
            "b2": ({"primary_province": "B", "kind": "news"}, news * 3),
            "c1": ({"primary_province": "C", "kind": "news"}, news),
        }
    )


def test_kind_adjusted_share_removes_a_difference_that_is_only_document_kind():
    corpus = _kind_mix_corpus()
    table = theme_table(code_themes(corpus), corpus, strata="kind", n_boot=0)
    inst = table[table.theme_id == "institutions"].set_index("group")
    # raw: A 4 of 10, B 4 of 14 -> A looks more "institutional"
    assert inst.share["A"] == pytest.approx(0.4) and inst.share["B"] == pytest.approx(4 / 14)
    # corpus mix: 8 resolution and 20 news sentences of 28 -> 8/28 * 1/2 + 20/28 * 1/4 = 9/28
    assert inst.share_adjusted["A"] == pytest.approx(9 / 28)
    assert inst.share_adjusted["B"] == pytest.approx(9 / 28)
    assert inst.strata_coverage["A"] == inst.strata_coverage["B"] == 1.0


def test_group_missing_a_kind_says_so_in_strata_coverage():
    corpus = _kind_mix_corpus()
    table = theme_table(code_themes(corpus), corpus, strata="kind", n_boot=0)
    c = table[(table.group == "C") & (table.theme_id == "institutions")].iloc[0]
    assert c.share_adjusted == pytest.approx(0.25) and c.strata_coverage == pytest.approx(20 / 28)


def test_kind_adjusted_interval_is_deterministic_brackets_and_leaves_plain_intervals_alone():
    corpus = _kind_mix_corpus()
    coded = code_themes(corpus)
    plain = theme_table(coded, corpus, n_boot=200)
    one = theme_table(coded, corpus, strata="kind", n_boot=200)
    two = theme_table(coded, corpus, strata="kind", n_boot=200)
    pd.testing.assert_frame_equal(one, two)
    pd.testing.assert_frame_equal(one[plain.columns], plain)
    assert (one.adj_ci_low <= one.share_adjusted + 1e-12).all()
    assert (one.share_adjusted <= one.adj_ci_high + 1e-12).all()


def test_without_strata_the_table_has_the_contract_columns_only(hand):
    table = theme_table(code_themes(hand), hand, n_boot=0)
    assert "share_adjusted" not in table.columns
    assert list(table.columns[:1]) == ["group"] and {
        "n_sentences",
        "share",
        "rate_per_1000",
        "ci_low",
        "ci_high",
    } <= set(table.columns)


# ------------------------------------------------------------------------------------ seeds
@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    import os

    os.environ.setdefault("DXCOMPARE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    corpus = dxcompare.load_corpus(SEEDS)
    return corpus, code_themes(corpus)


def _sentences(coded, doc_prefix, theme):
    rows = coded[coded.doc_id.str.startswith(doc_prefix) & (coded.theme_id == theme)]
    return list(rows.sentence)


def test_binh_dinh_seed_youth_union_is_coded(seeds):
    _, coded = seeds
    youth = _sentences(coded, "001", "youth_mass_orgs")
    assert any("Đoàn TNCS Hồ Chí Minh" in s for s in youth)
    assert any(s.startswith("Thanh niên phải là lực lượng xung phong") for s in youth)
    assert len(youth) >= 6


def test_binh_dinh_stands_out_for_youth_and_remote_work(seeds):
    corpus, coded = seeds
    d = distinctive_themes(coded, corpus)
    top = d[d.group == "Bình Định"].head(3)
    assert {"youth_mass_orgs", "remote_work"} <= set(top.theme_id)


def test_hai_phong_seed_cybersecurity_and_finance_are_coded(seeds):
    _, coded = seeds
    cyber = _sentences(coded, "003", "cybersecurity")
    assert any("hệ thống giám sát an toàn thông tin" in s for s in cyber)
    finance = _sentences(coded, "003", "finance")
    assert any(s.startswith("Nguồn lực vật chất là một trong những điều kiện") for s in finance)
    assert any("ngân sách nhà nước" in s for s in finance)
    # "phát triển nguồn nhân lực" is human resources, not money
    hr_heading = [
        s
        for s in coded[coded.doc_id.str.startswith("003")].sentence.unique()
        if "nguồn nhân lực" in s
    ]
    assert hr_heading and all(s not in finance for s in hr_heading)


def test_ha_noi_seeds_digital_identity_and_online_public_services_are_coded(seeds):
    _, coded = seeds
    identity = _sentences(coded, "004", "digital_identity")
    assert any("Đề án 06" in s for s in identity) and any("VNeID" in s for s in identity)
    online = _sentences(coded, "002", "online_services") + _sentences(
        coded, "004", "online_services"
    )
    assert any("dịch vụ công trực tuyến mức độ 4" in s for s in online)
    assert any("Cổng Dịch vụ Công Quốc gia" in s for s in online)


def test_seed_evidence_offsets_point_at_the_matched_words(seeds):
    corpus, coded = seeds
    texts = corpus.documents.set_index("doc_id")["text"]
    assert len(coded.drop_duplicates(["doc_id", "sentence_id"])) == len(corpus.sentences)
    for row in coded[coded.theme_id != NONE_ID].itertuples():
        assert [texts[row.doc_id][s:e] for s, e in row.spans] == row.matched.split("; ") or set(
            texts[row.doc_id][s:e] for s, e in row.spans
        ) == set(row.matched.split("; "))


def test_seed_theme_table_by_province_and_kind(seeds):
    corpus, coded = seeds
    table = theme_table(coded, corpus, by=["primary_province", "kind"], n_boot=100)
    assert {"Hà Nội / news", "Bình Định / news", "Hải Phòng / research"} <= set(table.group)
    assert np.isfinite(table.ci_low).all()


def test_public_names_are_exported():
    assert dxcompare.load_codebook is load_codebook
    assert dxcompare.code_themes is code_themes
    assert dxcompare.theme_table is theme_table


def test_seed_province_table_ranks_the_themes_each_seed_is_about(seeds):
    # Bình Định's article is about its youth union, Hải Phòng's about security and money for DX,
    # Hà Nội's three about Đề án 06 / VNeID and online public services.
    corpus, coded = seeds
    table = theme_table(coded, corpus, by="province", n_boot=0)
    share = table.pivot(index="theme_id", columns="group", values="share")
    assert share.loc["youth_mass_orgs"].idxmax() == "Bình Định"
    assert share.loc["cybersecurity"].idxmax() == "Hải Phòng"
    assert share.loc["finance"].idxmax() == "Hải Phòng"
    assert share.loc["online_services"].idxmax() == "Hà Nội"
    assert share.loc["digital_identity"].gt(0).to_dict() == {
        "Bình Định": False,
        "Hà Nội": True,
        "Hải Phòng": False,
    }


def test_seed_within_kind_comparison_says_hai_phong_has_no_peer(seeds):
    # Hải Phòng's only seed is a research article and no other province has one: within kind,
    # there is nothing to compare it with, and the tables say so instead of inventing a number.
    corpus, coded = seeds
    d = distinctive_themes(coded, corpus, by="province", strata="kind")
    hp, bd = d[d.group == "Hải Phòng"], d[d.group == "Bình Định"]
    assert (hp.n_strata == 0).all() and hp.z.isna().all()
    assert (bd.n_strata == 1).all() and bd.iloc[0].theme_id == "youth_mass_orgs"
    table = theme_table(coded, corpus, by="province", strata="kind", n_boot=0)
    coverage = table.drop_duplicates("group").set_index("group").strata_coverage
    n = corpus.documents.set_index("province").n_body_sentences
    assert coverage["Hải Phòng"] == pytest.approx(n["Hải Phòng"] / n.sum())
    assert coverage["Hà Nội"] == pytest.approx(1 - n["Hải Phòng"] / n.sum())


@pytest.mark.parametrize(("theme", "sentence"), POSITIVE[::3])
def test_merged_theme_regex_finds_every_word_a_single_pattern_finds(theme, sentence):
    # code_text runs one bounded alternation per theme; each pattern alone must find nothing more.
    from dxcompare.analyze.codebook import fold_same_length

    folded = fold_same_length(sentence)
    spans = [(r.start, r.end) for r in code_text(sentence).query("theme_id == @theme").itertuples()]
    vetoes = [
        m.span() for p in load_codebook()[theme].exclude for m in p.finditer(sentence, folded)
    ]
    for p in load_codebook()[theme].patterns:
        for m in p.finditer(sentence, folded):
            if not any(s < m.end() and m.start() < e for s, e in vetoes):
                assert any(s <= m.start() and m.end() <= e for s, e in spans), (p.source, m.group())


def test_overlapping_patterns_of_a_theme_give_one_span_of_evidence():
    coded = code_text("Cà Mau kích hoạt 300.000 tài khoản định danh điện tử mức 2.")
    row = coded.query("theme_id == 'digital_identity'").iloc[0]
    assert row.matched == "tài khoản định danh điện tử"
    assert set(row.pattern.split("; ")) == {"tài khoản định danh", "định danh điện tử"}


def test_year_group_is_named_2022_even_when_pandas_stores_years_as_floats(hand):
    hand.documents["year"] = [2022.0, float("nan"), 2023.0]
    table = theme_table(code_themes(hand), hand, by="year", n_boot=0)
    assert set(table.group) == {"2022", "2023", "(unknown)"}


def test_seed_table_groups_by_any_document_column(seeds):
    corpus, coded = seeds
    by_2025 = theme_table(coded, corpus, by="province_2025", n_boot=0)
    assert set(by_2025.group) == {
        "Hà Nội",
        "Gia Lai",
        "Hải Phòng",
    }  # Bình Định is in Gia Lai since 2025
    by_kind = theme_table(coded, corpus, by="kind", n_boot=0)
    assert set(by_kind.group) == {"news", "research"}
    by_outlet = theme_table(coded, corpus, by="outlet", n_boot=0)
    assert "VietnamPlus" in set(by_outlet.group)
