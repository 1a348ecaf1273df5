"""Date extraction: forms of Vietnamese administrative and news text, and the traps."""

from __future__ import annotations

import datetime as dt

import pytest

from dxcompare.extract.dates import extract_dates
from dxcompare.schema import DATES


def _rows(text: str, reference=None) -> list[tuple[str, str | None, str, str]]:
    df = extract_dates(text, reference)
    for row in df.itertuples():
        assert text[row.start : row.end] == row.raw
    return [(r.raw, r.value, r.precision, r.kind) for r in df.itertuples()]


def test_columns_follow_the_schema_even_when_nothing_is_found():
    df = extract_dates("Không có ngày tháng nào ở đây.")
    assert list(df.columns)[: len(DATES)] == DATES
    assert df.empty


def test_numeric_date_is_read_day_first():
    assert _rows("Quyết định ký ngày 6/8/2021.") == [("ngày 6/8/2021", "2021-08-06", "day", "date")]


def test_decree_date_keeps_the_day_and_leaves_the_decree_number_alone():
    text = "Ngày 03/6/2020, Thủ tướng ban hành Quyết định số 749/QĐ-TTg."
    assert _rows(text) == [("Ngày 03/6/2020", "2020-06-03", "day", "date")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ngày 06 tháng 10 năm 2020", "2020-10-06"),
        ("06 tháng 10 năm 2020", "2020-10-06"),
        ("24-2-2025", "2025-02-24"),
        ("24.2.2025", "2025-02-24"),
        ("ngày 29/2/2024", "2024-02-29"),
    ],
)
def test_day_forms_resolve_to_iso_days(text, value):
    assert _rows(text) == [(text, value, "day", "date")]


def test_legal_dateline_carries_its_place():
    text = "QUYẾT ĐỊNH\nKhánh Hòa, ngày 15 tháng 3 năm 2023\nVề việc ban hành"
    df = extract_dates(text)
    assert df.loc[0, "raw"] == "Khánh Hòa, ngày 15 tháng 3 năm 2023"
    assert (df.loc[0, "kind"], df.loc[0, "place"], df.loc[0, "value"]) == (
        "legal_dateline",
        "Khánh Hòa",
        "2023-03-15",
    )


def test_legal_dateline_with_city_prefix():
    df = extract_dates("TP. Hồ Chí Minh, ngày 02 tháng 01 năm 2024")
    assert df.loc[0, "kind"] == "legal_dateline"
    assert df.loc[0, "place"] == "TP. Hồ Chí Minh"


def test_sentence_starting_with_a_date_is_not_a_dateline():
    assert _rows("Tại Cần Thơ, ngày 5/3/2024 diễn ra hội nghị.")[0][3] == "date"


def test_page_dateline_with_nbsp_weekday_and_time():
    text = "Thứ hai,\u00a012/12/2022 16:49"
    assert _rows(text) == [(text, "2022-12-12", "day", "page_dateline")]


def test_weekday_used_as_ordinal_is_not_a_date():
    assert _rows("Thứ hai, xây dựng cơ chế chính sách. Thứ năm, đào tạo nhân lực.") == []


@pytest.mark.parametrize(
    "text",
    [
        "hệ thống quản lý theo tiêu chuẩn ISO 9001:2015",
        "xếp thứ 40/63 tỉnh, thành phố",
        "đạt 579/579 xã, phường",
        "giữ vị trí thứ 3/63",
        "tăng 15% so với cùng kỳ",
        "Quyết định số 8258 về danh mục",
        "Quyết định số 2020 của UBND",
        "ngày 32/13/2020",
        "ngày 30/2/2021",
        "Quyết định 4216/QĐ-UBND",
        "Nghị định 30/2020/NĐ-CP",
        "Luật 86/2015/QH13",
        "Nghị quyết 05-NQ/TU",
        "tổng vốn 1.200 tỷ đồng",
        "đường dây nóng 0236 3822 555",
        "tổng đài 1900 2020",
        "hỗ trợ 2000 hộ dân",
        "những bài học kinh nghiệm quý báu",
    ],
)
def test_numbers_that_are_not_dates(text):
    assert _rows(text) == []


def test_month_and_quarter_forms():
    text = "tháng 6/2025, tháng 11 năm 2024, quý II/2025, quý 4 năm 2023, Quý I-2022"
    assert [(v, p) for _, v, p, _ in _rows(text)] == [
        ("2025-06", "month"),
        ("2024-11", "month"),
        ("2025-Q2", "quarter"),
        ("2023-Q4", "quarter"),
        ("2022-Q1", "quarter"),
    ]


def test_year_parts_keep_the_part_as_qualifier():
    df = extract_dates("Trong 6 tháng đầu năm 2025 và đến cuối năm 2025, đầu năm 2024")
    assert list(df["kind"]) == ["year_part", "horizon", "year_part"]
    assert list(df["value"]) == ["2025", "2025", "2024"]
    assert list(df["qualifier"]) == ["6 tháng đầu năm", "đến cuối năm", "đầu năm"]


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("giai đoạn 2021 - 2026", "2021/2026", "giai đoạn"),
        ("giai đoạn 2021-2025", "2021/2025", "giai đoạn"),
        ("nhiệm kỳ 2020 – 2025", "2020/2025", "nhiệm kỳ"),
        ("thời kỳ 2021—2030", "2021/2030", "thời kỳ"),
        ("2021 − 2025", "2021/2025", None),
        ("từ năm 2016 đến năm 2020", "2016/2020", None),
    ],
)
def test_periods_win_over_their_years(text, value, qualifier):
    df = extract_dates(text)
    assert len(df) == 1
    assert (df.loc[0, "raw"], df.loc[0, "value"], df.loc[0, "kind"]) == (text, value, "period")
    assert df.loc[0, "qualifier"] == qualifier


def test_horizons():
    text = (
        "Chương trình chuyển đổi số tỉnh Sóc Trăng đến năm 2025, định hướng đến năm 2030, "
        "tầm nhìn đến năm 2045; phấn đấu trước năm 2028 hoàn thành, đến hết năm 2026 đạt chuẩn."
    )
    df = extract_dates(text)
    assert list(df["kind"]) == ["horizon"] * 5
    assert list(df["value"]) == ["2025", "2030", "2045", "2028", "2026"]
    assert list(df["qualifier"]) == ["đến", "định hướng đến", "tầm nhìn đến", "trước", "đến hết"]


def test_status_as_of_is_not_a_horizon():
    assert _rows("Tính đến năm 2023, toàn tỉnh có 120 tổ công nghệ số.") == [
        ("năm 2023", "2023", "year", "year")
    ]


def test_bare_years_in_running_text():
    # "Kế hoạch 2024" without "số" is a year (the rule references.py shares: cited_number)
    rows = _rows("Trong hai năm 2022 và 2023, Kế hoạch 2024 của Sở, các năm 2020, 2021.")
    assert [v for _, v, _, _ in rows] == ["2022", "2023", "2024", "2020", "2021"]


def test_relative_dates_resolve_against_the_reference():
    text = "16 giờ trướcBài gốc. Hôm qua, 3 ngày trước, năm ngoái"
    rows = _rows(text, reference="2025-04-07")
    assert rows == [
        ("16 giờ trước", "2025-04-07", "day", "relative"),
        ("Hôm qua", "2025-04-06", "day", "relative"),
        ("3 ngày trước", "2025-04-04", "day", "relative"),
        ("năm ngoái", "2024", "year", "relative"),
    ]


def test_relative_dates_without_reference_are_unresolved():
    assert _rows("Cập nhật 5 giờ trước") == [("5 giờ trước", None, "unresolved", "relative")]


def test_relative_hours_with_a_datetime_reference_can_cross_midnight():
    rows = _rows("20 giờ trước", reference=dt.datetime(2025, 4, 7, 8, 0))
    assert rows == [("20 giờ trước", "2025-04-06", "day", "relative")]


def test_date_without_year_takes_the_reference_year():
    assert _rows("ngày 15/8, UBND tỉnh họp", reference=dt.date(2023, 9, 1)) == [
        ("ngày 15/8", "2023-08-15", "day", "date")
    ]
    assert _rows("ngày 15/8, UBND tỉnh họp") == [("ngày 15/8", None, "unresolved", "date")]


def test_day_ranges():
    rows = _rows("từ ngày 1/1/2021 đến ngày 31/12/2021; ngày 15-16/3/2025")
    assert [v for _, v, _, _ in rows] == ["2021-01-01/2021-12-31", "2025-03-15/2025-03-16"]


def test_rows_are_sorted_by_start():
    df = extract_dates("năm 2025 rồi ngày 1/2/2020 rồi quý III/2021")
    assert list(df["start"]) == sorted(df["start"])


def test_horizon_written_with_eth_is_still_a_horizon():
    df = extract_dates("Ðến năm 2030, Bình Ðịnh trở thành địa phương khá; giai Ðoạn 2021-2025")
    assert list(df["kind"]) == ["horizon", "period"]
    assert list(df["qualifier"]) == ["đến", "giai đoạn"]


def test_seed_002_national_programme_date_and_page_dateline(seed_texts):
    text = seed_texts["002_658379389a81f1c0"]
    df = extract_dates(text)
    assert ("Thứ hai,\u00a012/12/2022 16:49", "2022-12-12", "page_dateline") in set(
        zip(df["raw"], df["value"], df["kind"], strict=True)
    )
    assert ("Ngày 03/6/2020", "2020-06-03") in set(zip(df["raw"], df["value"], strict=True))
    assert "2021/2030" in set(df["value"])


def test_seed_004_relative_dateline_resolves_with_publication_date(seed_texts):
    df = extract_dates(seed_texts["004_26e7b4dec0642521"], reference="2025-04-08")
    first = df.iloc[0]
    assert (first["raw"], first["value"], first["kind"]) == (
        "16 giờ trước",
        "2025-04-08",
        "relative",
    )
    assert "2025-04-06" in set(df["value"])  # "công bố ngày 6/4/2025"


def test_written_date_wrapped_once_inside_a_preamble_is_one_day():
    text = "Căn cứ Nghị quyết số 09/NQ-HĐND ngày 27 tháng 7\nnăm 2023 của Hội đồng nhân dân tỉnh;"
    assert _rows(text) == [("ngày 27 tháng 7\nnăm 2023", "2023-07-27", "day", "date")]
    assert _rows("Hội thảo khai mạc 30 tháng\n9 năm 2026.") == [
        ("30 tháng\n9 năm 2026", "2026-09-30", "day", "date")
    ]


def test_legal_dateline_wrapped_once_keeps_its_place():
    df = extract_dates("Kon Tum, ngày 04 tháng 3\nnăm 2022")
    assert list(zip(df["kind"], df["value"], df["place"], strict=True)) == [
        ("legal_dateline", "2022-03-04", "Kon Tum")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Hội nghị diễn ra ngày 8 tháng 5\n\nnăm 2024 là năm bản lề.",  # a blank line between
        "Ngày 8\ntháng 5\nnăm 2024",  # two line breaks
        "Thời gian họp ngày 8 tháng 5\nNăm 2024, tỉnh đặt mục tiêu mới.",  # a new sentence
    ],
)
def test_a_date_never_crosses_a_paragraph_two_lines_or_a_new_sentence(text):
    assert "day" not in {p for _, _, p, _ in _rows(text)}


def test_numeric_date_does_not_cross_a_line():
    assert "day" not in {p for _, _, p, _ in _rows("số liệu ngày 8/5\n/2024")}


@pytest.mark.parametrize(
    ("text", "raw", "value"),
    [
        ("Chiều 22-9, Sở Nội vụ tỉnh Phú Thọ tổ chức tập huấn.", "Chiều 22-9", "2024-09-22"),
        ("Tối 5.10, đoàn công tác của tỉnh Hà Tĩnh đến Hàn Quốc.", "Tối 5.10", "2024-10-05"),
        ("Hôm 14-2 vừa qua, xã Phong Điền khai trương điểm wifi.", "Hôm 14-2", "2024-02-14"),
        ("Ngày 29-2, huyện Mường Tè ra mắt tổ công nghệ số.", "Ngày 29-2", "2024-02-29"),
    ],
)
def test_day_month_joined_by_hyphen_or_dot_after_a_day_word(text, raw, value):
    assert _rows(text, reference="2024-11-30") == [(raw, value, "day", "date")]


def test_day_month_with_hyphen_without_reference_is_unresolved():
    assert _rows("Sáng 7-8, Thái Nguyên khởi công trung tâm dữ liệu.") == [
        ("Sáng 7-8", None, "unresolved", "date")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Buổi sáng 2-3 giờ dành cho thực hành.",  # a duration
        "Trong ngày 2-3 tháng 5, tỉnh Yên Bái tổ chức hội chợ.",  # days 2 and 3 of May
        "Ngày 31-6 không có trong lịch.",  # invalid day
        "Chỉ số tăng 4-5% so với năm trước.",  # no day word: a range
        "Tỷ số trận đấu chiều qua là 2-1.",
    ],
)
def test_hyphenated_numbers_that_are_not_a_day_month(text):
    assert [r for r in _rows(text, reference="2024-11-30") if r[2] == "day"] == []


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Chỉ tiêu | Thực hiện 2024 | Kế hoạch 2026\n", ["2024", "2026"]),  # table header
        ("Chương trình 2030 của tỉnh Kiên Giang đặt mục tiêu cao.", ["2030"]),
        ("Đề án 2025 về đô thị thông minh của Huế đã hoàn thành.", ["2025"]),
        ("Theo Kế hoạch số 2026 của UBND tỉnh Sơn La, các sở báo cáo.", []),
        ("Quyết định số 1987 ngày 4/5/2023 của UBND tỉnh Tuyên Quang", []),
        ("Thực hiện Kế hoạch 2026/KH-UBND của tỉnh Hòa Bình.", []),
    ],
)
def test_year_after_a_document_word_is_a_document_number_only_with_so_or_a_symbol(text, years):
    found = [r[1] for r in _rows(text) if r[2] == "year"]
    assert found == years


def test_cited_number_is_the_rule_references_share():
    from dxcompare.extract.dates import cited_number

    assert cited_number("2025", so_written=True, symbol_follows=False)
    assert cited_number("2025", so_written=False, symbol_follows=True)
    assert not cited_number("2025", so_written=False, symbol_follows=False)
    assert cited_number("57", so_written=False, symbol_follows=False)
    assert cited_number("1200", so_written=False, symbol_follows=False)  # not year-like


def test_year_at_line_end_is_not_read_with_the_next_lines_noun():
    text = "Chỉ tiêu\tNăm 2022\tKế hoạch 2027\nTỷ lệ hộ có cáp quang\t61%\t90%"
    assert [r[1] for r in _rows(text)] == ["2022", "2027"]


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("Đến hết quý II/2024, toàn tỉnh Lạng Sơn có 312.400 tài khoản VNeID.", "quý II/2024"),
        ("Đến ngày 30/9/2023, Bắc Kạn đạt 95,2% hồ sơ trực tuyến toàn trình.", "ngày 30/9/2023"),
        ("Đến hết tháng 8/2024, tỉnh ghi nhận 1.020 doanh nghiệp số.", "tháng 8/2024"),
    ],
)
def test_status_cut_off_finer_than_a_year_is_an_as_of_not_a_horizon(text, raw):
    rows = _rows(text)
    assert [r[0] for r in rows] == [raw]
    assert rows[0][3] != "horizon"


@pytest.mark.parametrize(
    "text",
    [
        "Đến hết quý III/2025, 100% hồ sơ phải được số hóa.",  # the figure comes first: a target
        "Đến hết tháng 6/2026, toàn tỉnh Hà Nam sẽ có 500 điểm wifi.",  # intent
        "Đến năm 2026, toàn tỉnh Ninh Thuận có 80% dân số dùng điện thoại thông minh.",  # a year
        "Dự kiến đến hết quý III/2025 hoàn thành số hóa hồ sơ.",
    ],
)
def test_deadlines_with_intent_or_a_year_stay_horizons(text):
    assert [r[3] for r in _rows(text)] == ["horizon"]


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        (
            "UBND tỉnh Hải Dương chọn ngày 26/3 hàng năm là Ngày chuyển đổi số của tỉnh.",
            "ngày 26/3",
        ),
        ("Tỉnh Bến Tre lấy ngày 10/10 hằng năm là Ngày Chuyển đổi số tỉnh.", "ngày 10/10"),
        ("Quảng Trị tổ chức vào ngày 20 tháng 3, mỗi năm một lần.", "ngày 20 tháng 3"),
    ],
)
def test_a_day_that_comes_back_every_year_is_not_dated_by_the_publication(text, raw):
    found = extract_dates(text, reference="2023-06-05")
    row = found[found["raw"] == raw].iloc[0]
    assert row["value"] is None and row["precision"] == "unresolved"
    assert row["qualifier"] == "recurring"


def test_the_same_day_with_its_year_stays_a_date_beside_the_recurring_one():
    text = "chọn ngày 26/3 hàng năm là Ngày chuyển đổi số. Ngày 26/3/2022, tỉnh đã tổ chức sự kiện."
    found = extract_dates(text, reference="2023-06-05")
    assert found["value"].tolist() == [None, "2022-03-26"]
    assert extract_dates("Sáng 26/3, tỉnh Thái Bình khai trương IOC.", "2023-06-05")[
        "value"
    ].tolist() == ["2023-03-26"]
