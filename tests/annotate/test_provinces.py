"""Tests of the province gazetteer, with sentences written for them and facts from the seeds."""

from __future__ import annotations

import unicodedata

import pytest

from dxcompare.annotate.provinces import (
    find_provinces,
    primary_province,
    province_2025,
    province_table,
    resolve_province,
    validate_provinces,
)
from dxcompare.errors import ParameterError


def names(text: str) -> list[str]:
    return list(find_provinces(text)["province"])


def surfaces(text: str) -> list[str]:
    return list(find_provinces(text)["surface"])


def split_seed(text: str) -> tuple[str, str]:
    title, _, body = text.partition("\n")
    return title, body


# ---------------------------------------------------------------- the two maps


def test_63_units_become_34_with_52_merged_into_23_and_11_unchanged():
    units34 = province_table("34")
    assert len(province_table("63")) == 63 and len(units34) == 34
    sizes = units34["merged_from"].map(len)
    assert (sizes == 1).sum() == 11
    assert (sizes > 1).sum() == 23 and sizes[sizes > 1].sum() == 52


@pytest.mark.parametrize(
    "old, new",
    [
        ("Bình Định", "Gia Lai"),
        ("Hải Dương", "Hải Phòng"),
        ("Bình Dương", "Hồ Chí Minh"),
        ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
        ("Quảng Nam", "Đà Nẵng"),
        ("Thừa Thiên Huế", "Huế"),
        ("Phú Yên", "Đắk Lắk"),
        ("Đắk Nông", "Lâm Đồng"),
        ("Thanh Hóa", "Thanh Hóa"),
    ],
)
def test_province_2025_maps_old_units_to_the_new_map(old, new):
    assert province_2025(old) == new


def test_province_2025_accepts_variants_and_rejects_unknown_names():
    assert province_2025("tỉnh Bình Ðịnh") == "Gia Lai"
    assert province_2025("Huế") == "Huế"
    assert province_2025("Atlantis") is None


def test_province_table_63_has_types_regions_and_variants():
    table = province_table()
    assert list(table.columns) == [
        "province", "type", "region", "code", "province_2025", "variants",
    ]  # fmt: skip
    cities = set(table.loc[table["type"] == "thành phố", "province"])
    assert cities == {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ"}
    assert table["region"].nunique() == 6
    hcm = table.set_index("province").loc["Hồ Chí Minh"]
    assert "Sài Gòn" in hcm["variants"] and hcm["region"] == "Đông Nam Bộ"


def test_province_table_34_names_the_city_of_hue_and_its_merges():
    table = province_table("34").set_index("province")
    assert table.loc["Huế", "type"] == "thành phố"
    assert table.loc["Huế", "merged_from"] == ["Thừa Thiên Huế"]
    assert set(table.loc["Ninh Bình", "merged_from"]) == {"Hà Nam", "Nam Định", "Ninh Bình"}
    assert (table["type"] == "thành phố").sum() == 6


def test_province_table_is_a_copy_the_caller_may_change():
    table = province_table()
    table["province"] = "x"
    assert province_table()["province"].iloc[0] == "Hà Nội"


# ---------------------------------------------------------------- finding mentions


def test_offsets_point_at_the_surface_and_rows_are_sorted():
    text = "Năm 2023, UBND tỉnh Khánh Hòa phối hợp với TP.HCM và Sở TT&TT Cần Thơ."
    found = find_provinces(text)
    assert list(found.columns) == ["start", "end", "surface", "province", "province_2025"]
    assert list(found["province"]) == ["Khánh Hòa", "Hồ Chí Minh", "Cần Thơ"]
    for row in found.itertuples():
        assert text[row.start : row.end] == row.surface
    assert list(found["start"]) == sorted(found["start"])


def test_empty_text_gives_an_empty_table_with_the_columns():
    found = find_provinces("")
    assert found.empty and list(found.columns) == [
        "start", "end", "surface", "province", "province_2025",
    ]  # fmt: skip


def test_prefix_is_part_of_the_surface_not_of_the_name():
    found = find_provinces("Tỉnh Nghệ An và thành phố Hải Phòng, TP. Cần Thơ")
    assert list(found["surface"]) == ["Tỉnh Nghệ An", "thành phố Hải Phòng", "TP. Cần Thơ"]
    assert list(found["province"]) == ["Nghệ An", "Hải Phòng", "Cần Thơ"]


@pytest.mark.parametrize(
    "surface",
    [
        "TP.HCM", "TP. HCM", "TPHCM", "Tp.HCM", "HCMC", "TP Hồ Chí Minh", "TP. Hồ Chí Minh",
        "Thành phố Hồ Chí Minh", "thành phố Hồ Chí Minh", "Sài Gòn",
    ],
)  # fmt: skip
def test_ho_chi_minh_city_in_every_usual_form(surface):
    text = f"Năm 2024, {surface} dẫn đầu cả nước về kinh tế số."
    assert surfaces(text) == [surface]
    assert names(text) == ["Hồ Chí Minh"]


def test_university_of_ho_chi_minh_city_is_the_city():
    assert names("Sinh viên Đại học Quốc gia TP.HCM thi lập trình.") == ["Hồ Chí Minh"]


@pytest.mark.parametrize(
    "text",
    [
        "Đoàn TNCS Hồ Chí Minh phát động phong trào thanh niên tình nguyện.",
        "Đoàn Thanh niên Cộng sản Hồ Chí Minh tổ chức ngày hội chuyển đổi số.",
        "Cán bộ học tập và làm theo tư tưởng Hồ Chí Minh.",
        "Chủ tịch Hồ Chí Minh đọc Tuyên ngôn Độc lập năm 1945.",
        "Các cháu thiếu nhi luôn nhớ lời Bác Hồ dạy.",
        "Giảng viên Học viện Chính trị quốc gia Hồ Chí Minh trình bày tham luận.",
        "Đoàn đại biểu vào Lăng Chủ tịch Hồ Chí Minh.",
    ],
)
def test_ho_chi_minh_the_person_is_not_a_province(text):
    assert names(text) == []


def test_youth_union_of_the_city_counts_only_the_city():
    text = "Đoàn TNCS Hồ Chí Minh Thành phố Hồ Chí Minh ra mắt nền tảng số."
    assert surfaces(text) == ["Thành phố Hồ Chí Minh"]


def test_lowercase_hoa_binh_is_peace_not_the_province():
    assert names("Việt Nam yêu chuộng hòa bình và hợp tác.") == []
    assert names("Hòa bình là khát vọng của nhân dân.") == []
    assert names("Tỉnh Hòa Bình ra mắt trung tâm điều hành thông minh.") == ["Hòa Bình"]


def test_pacific_ocean_is_neither_thai_binh_nor_binh_duong():
    text = "Hợp tác kinh tế châu Á - Thái Bình Dương mở ra cơ hội; Thái Bình và Bình Dương cũng tham gia."
    assert names(text) == ["Thái Bình", "Bình Dương"]
    assert names("VÀNH ĐAI THÁI BÌNH DƯƠNG") == []


def test_laos_is_not_lao_cai():
    assert names("Việt Nam và Lào ký thỏa thuận hợp tác.") == []
    assert names("Cửa khẩu Lào Cai giáp Trung Quốc, không giáp Lào.") == ["Lào Cai"]


@pytest.mark.parametrize(
    "text",
    [
        "Phố đi bộ Hoàn Kiếm đông khách.",
        "Khu công nghệ cao Hòa Lạc thu hút doanh nghiệp.",
        "Đoàn viên TX Hoài Nhơn hướng dẫn người dân quét mã QR.",
        "Huyện Quảng Ninh của tỉnh Quảng Bình có 15 xã.",
        "UBND xã Hòa Bình tổ chức tập huấn kỹ năng số.",
        "Người dân thị trấn Long An nhận thẻ căn cước.",
    ],
)
def test_district_commune_and_place_names_are_not_provinces(text):
    found = set(names(text))
    assert found <= {"Quảng Bình"}


def test_units_of_a_province_in_the_plural_still_name_the_province():
    assert names("Các huyện, thị xã Quảng Ninh đều có trung tâm hành chính công.") == ["Quảng Ninh"]
    assert names("Cán bộ cấp xã Hà Tĩnh được bồi dưỡng kỹ năng số.") == ["Hà Tĩnh"]
    assert names("Mạng WAN đến 579 xã, phường Hà Nội.") == ["Hà Nội"]


def test_streets_named_after_provinces_are_not_provinces():
    assert names("Cửa hàng ở phố Huế và đường Hà Nội, gần xa lộ Hà Nội.") == []
    assert names("Phố phường Hà Nội rực rỡ cờ hoa.") == ["Hà Nội"]


def test_people_named_like_provinces_are_not_provinces():
    text = "Chị Huế và anh Nguyễn Thái Bình cùng bà Nguyễn Thị Hà Giang dự hội nghị."
    assert names(text) == []
    assert names("Bà con Hà Giang dùng điện thoại thông minh.") == ["Hà Giang"]


def test_department_abbreviation_tt_is_not_thi_tran():
    assert names("Sở TT&TT Đồng Nai và Sở TT-TT Huế họp trực tuyến.") == [
        "Đồng Nai",
        "Thừa Thiên Huế",
    ]


def test_dien_bien_phu_battle_is_not_a_mention_but_the_city_is():
    assert names("Kỷ niệm 70 năm chiến thắng Điện Biên Phủ.") == []
    assert names("Trụ sở ở đường Điện Biên Phủ, quận Bình Thạnh.") == []
    assert names("TP Điện Biên Phủ triển khai camera giám sát.") == ["Điện Biên"]
    assert names("Tỉnh Điện Biên có 10 đơn vị hành chính cấp huyện.") == ["Điện Biên"]


def test_old_province_quang_nam_da_nang_counts_both():
    text = "Thời tỉnh Quảng Nam - Đà Nẵng, hai địa phương dùng chung một sân bay."
    assert names(text) == ["Quảng Nam", "Đà Nẵng"]
    assert set(find_provinces(text)["province_2025"]) == {"Đà Nẵng"}


def test_ha_nam_does_not_fire_inside_ha_nam_ninh():
    assert names("Tỉnh Hà Nam Ninh được lập năm 1976.") == []
    assert names("Hà Nam và Ninh Bình hợp nhất.") == ["Hà Nam", "Ninh Bình"]


def test_thu_do_counts_as_ha_noi_only_where_the_text_names_ha_noi():
    with_hanoi = "Hà Nội đặt mục tiêu số hóa. Thủ đô sẽ hoàn thành trước năm 2025."
    assert names(with_hanoi) == ["Hà Nội", "Hà Nội"]
    assert surfaces(with_hanoi)[1] == "Thủ đô"
    assert names("Thủ đô sẽ hoàn thành nền tảng số trước năm 2025.") == []


def test_capital_law_and_foreign_capitals_are_not_ha_noi():
    text = "Hà Nội triển khai Luật Thủ đô; đoàn công tác thăm Thủ đô Viêng Chăn."
    assert surfaces(text) == ["Hà Nội"]


def test_thu_do_ha_noi_is_one_mention():
    assert surfaces("Thủ đô Hà Nội có 30 quận, huyện.") == ["Thủ đô Hà Nội"]


def test_old_tone_placement_matches():
    text = "Thanh Hoá, Khánh Hoà và Hoà Bình ký kết; Thanh Hóa, Khánh Hòa và Hòa Bình cũng vậy."
    assert names(text) == ["Thanh Hóa", "Khánh Hòa", "Hòa Bình"] * 2


def test_eth_d_is_counted_as_dstroke():
    text = "Tỉnh Bình Ðịnh (ETH) và tỉnh Bình Định (Đ) cùng một nơi; Lâm Ðồng cũng vậy."
    assert names(text) == ["Bình Định", "Bình Định", "Lâm Đồng"]


def test_seed_001_bình_định_written_with_eth_is_counted(seed_texts):
    text = seed_texts["001_2c77bc4ad56ba6cd"]
    found = find_provinces(text)
    eth = [s for s in found["surface"] if "\u00d0" in s]
    assert eth and all(resolve_province(s) == "Bình Định" for s in eth)
    assert (found["province"] == "Bình Định").sum() == len(
        [s for s in found["surface"] if "Bình" in s]
    )


@pytest.mark.parametrize(
    "surface",
    ["Thừa Thiên Huế", "Thừa Thiên - Huế", "Thừa Thiên-Huế", "TT-Huế", "TT Huế", "TP Huế", "Huế"],
)
def test_hue_in_every_usual_form(surface):
    assert names(f"Năm nay {surface} đón nhiều khách du lịch.") == ["Thừa Thiên Huế"]


@pytest.mark.parametrize(
    "surface", ["Bà Rịa - Vũng Tàu", "Bà Rịa-Vũng Tàu", "Bà Rịa – Vũng Tàu", "BR-VT", "Vũng Tàu"]
)
def test_ba_ria_vung_tau_in_every_usual_form(surface):
    assert surfaces(f"Cảng biển {surface} phát triển logistics số.") == [surface]
    assert names(f"Cảng biển {surface} phát triển logistics số.") == ["Bà Rịa - Vũng Tàu"]


@pytest.mark.parametrize(
    "surface, province",
    [
        ("Đắk Lắk", "Đắk Lắk"),
        ("Đắc Lắc", "Đắk Lắk"),
        ("Daklak", "Đắk Lắk"),
        ("Dak Lak", "Đắk Lắk"),
        ("Đắk Nông", "Đắk Nông"),
        ("Đắc Nông", "Đắk Nông"),
        ("Bắc Kạn", "Bắc Kạn"),
        ("Bắc Cạn", "Bắc Kạn"),
    ],
)
def test_spelling_variants_of_highland_and_northern_provinces(surface, province):
    assert names(f"Nông dân {surface} bán hàng trên sàn thương mại điện tử.") == [province]


def test_all_caps_headlines_are_matched():
    assert names("THANH HÓA: ĐẨY MẠNH CHUYỂN ĐỔI SỐ CÙNG TP.HCM VÀ HÀ NỘI") == [
        "Thanh Hóa",
        "Hồ Chí Minh",
        "Hà Nội",
    ]


def test_nfd_text_and_non_breaking_spaces_are_matched_with_exact_offsets():
    text = unicodedata.normalize("NFD", "Ở Thành phố Hồ Chí Minh và Khánh Hòa") + " và Hà\u00a0Nội"
    found = find_provinces(text)
    assert list(found["province"]) == ["Hồ Chí Minh", "Khánh Hòa", "Hà Nội"]
    assert all(text[r.start : r.end] == r.surface for r in found.itertuples())


def test_names_never_match_inside_longer_words():
    assert names("Ứng dụng iHanoi và HanoiTV; CầnThơ") == []


def test_long_text_gives_every_mention_once():
    piece = "Đà Nẵng và Quảng Nam hợp tác; Đoàn TNCS Hồ Chí Minh tham gia. "
    found = find_provinces(piece * 5000)
    assert len(found) == 10000
    assert found["end"].is_monotonic_increasing


# ---------------------------------------------------------------- resolving names


@pytest.mark.parametrize(
    "name, canonical",
    [
        ("TP.HCM", "Hồ Chí Minh"),
        ("Thành phố Hồ Chí Minh", "Hồ Chí Minh"),
        ("Hồ Chí Minh", "Hồ Chí Minh"),
        ("sài gòn", "Hồ Chí Minh"),
        ("TP. Hà Nội", "Hà Nội"),
        ("ha noi", "Hà Nội"),
        ("HÀ NỘI", "Hà Nội"),
        ("Thanh Hoá", "Thanh Hóa"),
        ("tỉnh Khánh Hoà", "Khánh Hòa"),
        ("Bình Ðịnh", "Bình Định"),
        ("Thừa Thiên - Huế", "Thừa Thiên Huế"),
        ("Huế", "Thừa Thiên Huế"),
        ("Thành phố Huế", "Thừa Thiên Huế"),
        ("BR-VT", "Bà Rịa - Vũng Tàu"),
        ("Ba Ria Vung Tau", "Bà Rịa - Vũng Tàu"),
        ("Daklak", "Đắk Lắk"),
        ("Đắc Nông", "Đắk Nông"),
        ("Bắc Cạn", "Bắc Kạn"),
        (unicodedata.normalize("NFD", "Cần Thơ"), "Cần Thơ"),
    ],
)
def test_resolve_province_accepts_any_spelling(name, canonical):
    assert resolve_province(name) == canonical


@pytest.mark.parametrize("name", ["Lào", "Quảng Nam - Đà Nẵng", "Hoàn Kiếm", "", "   ", None, 63])
def test_resolve_province_returns_none_for_what_is_not_one_unit(name):
    assert resolve_province(name) is None


# ---------------------------------------------------------------- validating parameters


def test_validate_provinces_returns_canonical_names_in_order():
    assert validate_provinces(["tp.hcm", "Thanh Hoá", "Ha Noi"]) == [
        "Hồ Chí Minh",
        "Thanh Hóa",
        "Hà Nội",
    ]
    assert validate_provinces("Bình Ðịnh") == ["Bình Định"]


def test_unknown_province_error_names_it_suggests_and_lists_the_valid_ones():
    with pytest.raises(ParameterError) as caught:
        validate_provinces(["Hà Nội", "Thanh Hoa Xanh"])
    message = str(caught.value)
    assert "'Thanh Hoa Xanh'" in message
    assert "Did you mean: Thanh Hóa" in message
    assert "Cà Mau" in message and "Yên Bái" in message


def test_validate_on_the_34_unit_map_points_merged_units_to_their_new_province():
    assert validate_provinces(["Gia Lai", "Thừa Thiên Huế", "Huế"], map="34") == [
        "Gia Lai",
        "Huế",
        "Huế",
    ]
    with pytest.raises(ParameterError, match="Bình Định merged into Gia Lai"):
        validate_provinces(["Bình Định"], map="34")


def test_validate_rejects_an_unknown_map():
    with pytest.raises(ParameterError, match="map='63'"):
        validate_provinces(["Hà Nội"], map="64")


# ---------------------------------------------------------------- the province of a document


@pytest.mark.parametrize(
    "seed, province",
    [
        ("000_59a7e2a612e78fb7", "Hà Nội"),
        ("001_2c77bc4ad56ba6cd", "Bình Định"),
        ("002_658379389a81f1c0", "Hà Nội"),
        ("003_8327b7ecb46c3ee9", "Hải Phòng"),
        ("004_26e7b4dec0642521", "Hà Nội"),
    ],
)
def test_primary_province_of_the_seeds(seed_texts, seed, province):
    title, body = split_seed(seed_texts[seed])
    assert primary_province(title, body) == province


def test_seed_004_profiles_da_nang_and_hcm_but_is_about_ha_noi(seed_texts):
    title, body = split_seed(seed_texts["004_26e7b4dec0642521"])
    found = set(find_provinces(body)["province"])
    assert {"Hà Nội", "Đà Nẵng", "Hồ Chí Minh"} <= found
    assert primary_province(title, body) == "Hà Nội"


THANH_HOA = (
    "Thanh Hoá đẩy mạnh cải cách hành chính gắn với chuyển đổi số",
    "Năm 2023, tỉnh Thanh Hóa ban hành Kế hoạch số 120/KH-UBND về chuyển đổi số. "
    "Đến nay, 100% hồ sơ công việc của cấp tỉnh được xử lý trên môi trường mạng.\n"
    "Tỉnh đã cử đoàn công tác học tập kinh nghiệm của Hà Nội và Đà Nẵng.",
)
KHANH_HOA_TITLE_ONLY = (
    "Khánh Hòa học tập kinh nghiệm chuyển đổi số của các địa phương",
    "Đoàn công tác đã làm việc tại Đà Nẵng, nơi nhiều năm liền dẫn đầu cả nước. "
    "Tại Đà Nẵng, đoàn tìm hiểu trung tâm điều hành thông minh.\n"
    "Sau Đà Nẵng, đoàn đến Hà Nội và Bắc Ninh. Hà Nội giới thiệu ứng dụng iHanoi.\n"
    "Kết thúc chuyến đi, lãnh đạo tỉnh cho biết sẽ áp dụng những cách làm phù hợp.",
)
DAK_LAK = (
    "Nông dân Tây Nguyên bán cà phê qua sàn thương mại điện tử",
    "Tại tỉnh Đắk Lắk, hơn 2.000 hộ nông dân đã mở gian hàng trực tuyến. "
    "Sở Công Thương cho biết doanh thu tăng gấp đôi so với năm trước.\n"
    "Nhiều đơn hàng đến từ TP.HCM. Mô hình này sẽ được nhân rộng khắp Đắc Lắc.",
)
HUE = (
    "Thừa Thiên - Huế: người dân nộp hồ sơ trực tuyến không cần đến trụ sở",
    "Từ đầu năm, TP Huế và các huyện đã tiếp nhận hơn 50.000 hồ sơ trực tuyến. "
    "Ứng dụng Hue-S được người dân Huế sử dụng rộng rãi.\n"
    "Một số tỉnh như Quảng Trị đã đến học tập mô hình này.",
)
HCM = (
    "TP.HCM ra mắt ứng dụng công dân số",
    "Sáng 15/3, UBND Thành phố Hồ Chí Minh ra mắt ứng dụng công dân số. "
    "Đoàn TNCS Hồ Chí Minh thành phố cử 500 đoàn viên hướng dẫn người dân.\n"
    "Lãnh đạo tỉnh Bình Dương cũng dự lễ ra mắt.",
)


@pytest.mark.parametrize(
    "article, province",
    [
        (THANH_HOA, "Thanh Hóa"),
        (KHANH_HOA_TITLE_ONLY, "Khánh Hòa"),
        (DAK_LAK, "Đắk Lắk"),
        (HUE, "Thừa Thiên Huế"),
        (HCM, "Hồ Chí Minh"),
    ],
)
def test_primary_province_of_articles_written_for_the_test(article, province):
    assert primary_province(*article) == province


def test_title_province_wins_over_provinces_named_more_often_in_the_body():
    title, body = KHANH_HOA_TITLE_ONLY
    counts = find_provinces(body)["province"].value_counts()
    assert "Khánh Hòa" not in counts and counts["Đà Nẵng"] >= 3
    assert primary_province(title, body) == "Khánh Hòa"


def test_without_a_title_province_the_lead_and_frequency_decide():
    title, body = DAK_LAK
    assert primary_province("Bán cà phê qua mạng", body) == "Đắk Lắk"


def test_a_national_article_naming_provinces_in_passing_has_no_primary_province():
    body = (
        "Bộ Thông tin và Truyền thông công bố chỉ số chuyển đổi số năm 2022. "
        "Cả nước có nhiều tiến bộ rõ rệt.\n"
        "Quảng Ninh xếp thứ nhất, tiếp theo là Đà Nẵng và Thừa Thiên Huế."
    )
    assert primary_province("Công bố chỉ số chuyển đổi số cấp tỉnh", body) is None


def test_two_provinces_with_equal_claim_give_no_primary_province():
    body = "Hà Nội và TP.HCM ký kết hợp tác chuyển đổi số. Hai bên trao đổi dữ liệu."
    assert primary_province("Hai thành phố lớn bắt tay", body) is None


def test_primary_province_is_none_for_an_empty_document():
    assert primary_province("", "") is None


def test_thu_do_in_the_title_counts_when_the_body_names_ha_noi():
    body = "Hà Nội đã số hóa 100% thủ tục. Đà Nẵng và Huế cũng tham gia hội thảo. Đà Nẵng chia sẻ."
    assert primary_province("Thủ đô đi đầu về dịch vụ công trực tuyến", body) == "Hà Nội"


def test_primary_province_uses_the_mentions_it_is_given():
    title, body = THANH_HOA
    mentions = find_provinces(body).assign(doc_id="a")
    assert primary_province(title, body, mentions) == "Thanh Hóa"
    only_da_nang = mentions[mentions["province"] == "Đà Nẵng"]
    assert primary_province("Tin tức", body, only_da_nang) is None  # one mention, not in the lead


def test_an_initial_does_not_end_the_lead_sentence():
    # "ông C." is an initial, not a sentence end (the splitter of corpus.sentences): the lead is
    # this sentence and the next, so the province named in the second sentence counts as lead.
    title = "Người đàn ông tử vong vì bị đàn ong rừng tấn công"
    body = (
        "Đi qua vườn cao su trước nhà, ông C. bất ngờ bị đàn ong tấn công.\n"
        "Ngày 8/2, Công an thị xã Bình Long (tỉnh Bình Phước) cho biết đang làm rõ vụ việc."
    )
    assert primary_province(title, body) == "Bình Phước"
