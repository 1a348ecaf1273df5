"""Official documents in the national formats: headers, own numbers, issue dates, hard wraps.

The texts are written here in the layouts of Nghị định 30/2020/NĐ-CP (state documents) and
Hướng dẫn 36-HD/VPTW (Party documents), as they arrive copied from web pages and PDFs.
"""

from __future__ import annotations

import pandas as pd
import pytest

from dxcompare.annotate.official import read_header, readable
from dxcompare.annotate.wraps import soft_wrapped

CAO_BANG = """ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH CAO BẰNG | Độc lập - Tự do - Hạnh phúc
------- | ---------------
Số: 128/ KH\u2010UBND | Cao Bằng, ngày 15 tháng 4 năm 2022
KẾ HOẠCH
CHUYỂN ĐỔI SỐ TỈNH CAO BẰNG ĐẾN NĂM 2025,
ĐỊNH HƯỚNG ĐẾN NĂM 2030
Căn cứ Nghị quyết số
52-NQ/TW ngày 27/9/2019 của Bộ Chính trị về một số chủ trương, chính sách chủ động tham gia
cuộc Cách mạng công nghiệp lần thứ tư;
Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ;
Theo đề nghị của Sở Thông tin và Truyền thông tại Tờ trình số 215/TTr- STTTT ngày 17
tháng 3 năm 2022, Ủy ban nhân dân tỉnh ban hành KẾ HOẠCH
1. Mục tiêu chung: đến năm 2025, Cao Bằng phấn đấu thuộc nhóm khá của cả nước về chuyển đổi số.
2. Kế hoạch số 128/KH-UBND thay thế các văn bản trước đây.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Trung Thảo
Nơi nhận:
- Bộ Thông tin và Truyền thông;
- Lưu: VT.
"""

BINH_DINH_PARTY = """ĐẢNG BỘ TỈNH BÌNH ĐỊNH
TỈNH ỦY
*
Số 05-NQ/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Bình Định, ngày 20 tháng 9 năm 2021
NGHỊ QUYẾT
CỦA BAN THƯỜNG VỤ TỈNH ỦY
về chuyển đổi số tỉnh Bình Định đến năm 2025, định hướng đến năm 2030
-----
I. TÌNH HÌNH
Thực hiện Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị, tỉnh đã ban hành nhiều văn bản.
T/M BAN THƯỜNG VỤ
BÍ THƯ
Hồ Quốc Dũng
"""

HOAN_KIEM_DISTRICT = """ĐẢNG BỘ THÀNH PHỐ HÀ NỘI
QUẬN ỦY HOÀN KIẾM
*
Số 07-CTr/QU
ĐẢNG CỘNG SẢN VIỆT NAM
Hoàn Kiếm, ngày 12 tháng 7 năm 2021
CHƯƠNG TRÌNH
CHUYỂN ĐỔI SỐ QUẬN HOÀN KIẾM GIAI ĐOẠN 2021 - 2025
I. MỤC ĐÍCH
Thực hiện Nghị quyết số 52-NQ/TW, quận tập trung xây dựng chính quyền số.
"""

# Two columns joined with "|" in the other order, a leading zero and the date line broken.
SON_LA_PIPES = """ỦY BAN NHÂN DÂN |
CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM |
|
Số: 0091/QĐ-UBND |
Sơn La, ngày
05 tháng 01 năm 2026 |
QUYẾT ĐỊNH
PHÊ DUYỆT ĐỀ ÁN CHUYỂN ĐỔI SỐ TỈNH SƠN LA GIAI ĐOẠN 2026 - 2030
ỦY BAN NHÂN DÂN TỈNH SƠN LA
Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;
Căn cứ Kế hoạch số 120-KH/TU ngày 10 tháng 10 năm 2025 của Tỉnh ủy;
QUYẾT ĐỊNH:
Điều 1. Phê duyệt Đề án chuyển đổi số tỉnh Sơn La giai đoạn 2026 - 2030.
"""

NEWS = """Cao Bằng đẩy mạnh chuyển đổi số
Ngày 15/4/2022, UBND tỉnh Cao Bằng ban hành Kế hoạch số 128/KH-UBND về chuyển đổi số.
Theo kế hoạch, đến năm 2025 tỉnh phấn đấu có 80% hồ sơ được xử lý trên môi trường mạng.
"""


def test_state_header_joined_with_pipes():
    head = read_header(CAO_BANG.splitlines())
    assert head is not None
    assert head.symbol == "128/KH-UBND" and head.symbol_raw.startswith("128/ KH")
    assert (head.issued, head.place) == ("2022-04-15", "Cao Bằng")
    assert head.issuer == "Ủy ban nhân dân tỉnh Cao Bằng"
    assert (head.province, head.level, head.kind) == ("Cao Bằng", "province", "plan")
    assert head.title_raw.startswith("KẾ HOẠCH CHUYỂN ĐỔI SỐ TỈNH CAO BẰNG")
    assert (
        head.title == "Kế hoạch chuyển đổi số tỉnh Cao Bằng đến năm 2025, định hướng đến năm 2030"
    )


def test_party_header_issuer_parent_and_level():
    head = read_header(BINH_DINH_PARTY.splitlines())
    assert head is not None
    assert head.symbol == "05-NQ/TU"
    assert head.issued == "2021-09-20"
    assert (head.issuer, head.parent) == ("Tỉnh ủy", "Đảng bộ tỉnh Bình Định")
    assert (head.province, head.level, head.kind) == ("Bình Định", "province", "resolution")


def test_district_party_programme_is_district_level():
    head = read_header(HOAN_KIEM_DISTRICT.splitlines())
    assert head is not None
    assert head.symbol == "07-CTr/QU"
    assert head.level == "district"
    assert head.province == "Hà Nội"
    assert head.issuer == "Quận ủy Hoàn Kiếm"


def test_broken_dateline_and_leading_zero():
    head = read_header(SON_LA_PIPES.splitlines())
    assert head is not None
    assert head.symbol == "91/QĐ-UBND"
    assert head.issued == "2026-01-05"
    assert head.province == "Sơn La" and head.kind == "decision"
    assert (
        head.title == "Quyết định phê duyệt đề án chuyển đổi số tỉnh Sơn La giai đoạn 2026 - 2030"
    )


def test_news_has_no_header():
    assert read_header(NEWS.splitlines()) is None


def test_readable_keeps_province_capitals():
    assert readable("CHUYỂN ĐỔI SỐ THÀNH PHỐ CẦN THƠ NĂM 2026") == (
        "Chuyển đổi số thành phố Cần Thơ năm 2026"
    )
    assert readable("Đã viết thường") == "Đã viết thường"


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("Nghị quyết số\n52-NQ/TW", "Nghị quyết số 52-NQ/TW"),
        ("ngày 17\ntháng 5 năm 2021", "ngày 17 tháng 5 năm 2021"),
        ("ban hành KẾ HOẠCH\n1. Mục tiêu", "ban hành KẾ HOẠCH\n1. Mục tiêu"),
        ("hoàn thành.\nNăm 2025", "hoàn thành.\nNăm 2025"),
        ("Căn cứ Luật A;\nCăn cứ Luật B", "Căn cứ Luật A;\nCăn cứ Luật B"),
        ("I. MỤC TIÊU\n1. Chung", "I. MỤC TIÊU\n1. Chung"),
        ("các sở\n- Sở Tài chính", "các sở\n- Sở Tài chính"),
    ],
)
def test_soft_wraps(text, joined):
    assert soft_wrapped(text) == joined
    assert len(soft_wrapped(text)) == len(text)


@pytest.fixture(scope="module")
def corpus(load_texts):
    return load_texts(
        {
            "cao_bang.txt": CAO_BANG,
            "binh_dinh.txt": BINH_DINH_PARTY,
            "hoan_kiem.txt": HOAN_KIEM_DISTRICT,
            "son_la.txt": SON_LA_PIPES,
            "news.txt": NEWS,
        },
        "official",
    )


def test_documents_carry_the_header(corpus):
    docs = corpus.documents.set_index("doc_id")
    assert docs.loc["cao_bang", "symbol"] == "128/KH-UBND"
    assert docs.loc["cao_bang", "published"] == "2022-04-15"
    assert docs.loc["cao_bang", "published_precision"] == "day"
    assert docs.loc["cao_bang", "primary_province"] == "Cao Bằng"
    assert docs.loc["cao_bang", "kind"] == "plan"
    assert docs.loc["son_la", "symbol"] == "91/QĐ-UBND"
    assert docs.loc["son_la", "province_2025"] == "Sơn La"
    assert docs.loc["son_la", "published"] == "2026-01-05"
    assert docs.loc["hoan_kiem", "level"] == "district"
    assert docs.loc["binh_dinh", "issuer"] == "Tỉnh ủy"
    assert (
        docs.loc["news", "symbol"] is None
        or docs.loc["news", "symbol"] != docs.loc["news", "symbol"]
    )


def test_header_and_signature_are_not_body(corpus):
    text = corpus.documents.set_index("doc_id").loc["cao_bang", "text"]
    assert "Số: 128" not in text and "Cao Bằng, ngày 15" not in text
    assert "Nguyễn Trung Thảo" not in text and "Nơi nhận" not in text
    assert "Căn cứ Quyết định số 749/QĐ-TTg" in text


def test_references_across_wraps_and_odd_symbols(corpus):
    refs = corpus.doc_refs[corpus.doc_refs.doc_id == "cao_bang"]
    symbols = set(refs["symbol"])
    assert {"52-NQ/TW", "749/QĐ-TTg", "215/TTr-STTTT"} <= symbols
    text = corpus.documents.set_index("doc_id").loc["cao_bang", "text"]
    row = refs[refs.symbol == "52-NQ/TW"].iloc[0]
    assert text[row.start : row.end] == row.raw and "\n" in row.raw
    # "KẾ HOẠCH" at a line's end, "1." on the next: no plan number 1
    assert not ((refs["type"] == "KH") & (refs["number"].astype(str).isin(["1", "01"]))).any()
    own = refs[refs.symbol == "128/KH-UBND"]
    assert len(own) == 1 and "self" in own.iloc[0]["flags"]
    son_la = set(corpus.doc_refs[corpus.doc_refs.doc_id == "son_la"]["symbol"])
    assert {"72/2025/QH15", "120-KH/TU"} <= son_la


def test_dates_across_wraps(corpus):
    dates = corpus.dates[corpus.dates.doc_id == "cao_bang"]
    assert "2022-03-17" in set(dates["value"])
    horizon = dates[dates.kind == "horizon"]
    assert 2025 in {int(str(v)[:4]) for v in horizon["value"]}


def test_goals_in_words_are_target_rows(corpus):
    targets = corpus.targets[corpus.targets.doc_id == "cao_bang"]
    goals = targets[targets.kind == "goal"]
    assert goals[["measure", "year"]].values.tolist() == [["thuộc nhóm khá của cả nước", 2025]]
    text = corpus.documents.set_index("doc_id").loc["cao_bang", "text"]
    row = goals.iloc[0]
    assert text[row.start : row.end] == row.raw


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mục tiêu đến năm 2030, Đà Nẵng trở thành thành phố thông minh, kết nối khu vực.",
            [["goal", "trở thành thành phố thông minh", 2030]],
        ),
        (
            "Tỉnh phấn đấu đến năm 2025 cao hơn mức trung bình cả nước; đến năm 2030 dẫn đầu khu vực "
            "Tây Nguyên về chuyển đổi số.",
            [
                ["goal", "cao hơn mức trung bình cả nước", 2025],
                ["goal", "dẫn đầu khu vực Tây Nguyên", 2030],
            ],
        ),
        ("Năm 2024, Hà Nội dẫn đầu cả nước về chỉ số DTI.", []),  # a result, not a goal
        (
            "Ninh Bình chọn chủ đề năm 2023 là “Năm dữ liệu số và tiện ích số”.",
            [["theme", "Năm dữ liệu số và tiện ích số", 2023]],
        ),
    ],
)
def test_extract_goals(text, expected):
    from dxcompare.extract.goals import extract_goals

    found = extract_goals(text)[["kind", "measure", "year"]].values.tolist()
    assert found == expected


def test_reference_levels(corpus):
    refs = corpus.doc_refs[corpus.doc_refs.doc_id.isin(["cao_bang", "son_la"])].set_index("symbol")
    assert refs.loc["52-NQ/TW", "level"] == "national"
    assert refs.loc["749/QĐ-TTg", "level"] == "national"
    assert refs.loc["215/TTr-STTTT", "level"] == "province"
    assert refs.loc["120-KH/TU", "level"] == "province"
    assert "split_line" in refs.loc["52-NQ/TW", "flags"]


LEVELS_NEWS = """Quảng Trị đẩy mạnh chuyển đổi số
Sáng 12/3/2024, tỉnh Quảng Trị tổ chức hội nghị triển khai chuyển đổi số năm 2024.
Bộ trưởng Bộ Thông tin và Truyền thông Nguyễn Mạnh Hùng nhấn mạnh: "Chuyển đổi số phải lấy người dân làm trung tâm."
Phó Chủ tịch UBND tỉnh Hoàng Nam khẳng định: "Tỉnh sẽ hoàn thành các chỉ tiêu đề ra trong năm nay."
Chủ tịch UBND huyện Hải Lăng Lê Văn An cho biết: "Huyện đã số hóa toàn bộ hồ sơ hộ tịch từ năm 2023."
"""


def test_central_speakers_are_marked(load_texts):
    from dxcompare.analyze.speakers import quotations

    quotes = quotations(load_texts({"quang_tri.txt": LEVELS_NEWS}, "levels"))
    direct = quotes[quotes.kind == "direct"].set_index("speaker")
    assert direct.loc["Nguyễn Mạnh Hùng", "speaker_level"] == "national"
    assert direct.loc["Hoàng Nam", "speaker_level"] == "province"
    assert direct.loc["Lê Văn An", "speaker_level"] == "district"


MERGED_NEWS = """Gia Lai sau hợp nhất đẩy mạnh chuyển đổi số
Sau khi hợp nhất hai tỉnh Gia Lai và Bình Định, chính quyền hai cấp vận hành thông suốt.
Các phường ở Quy Nhơn (Bình Định cũ) và Pleiku (Gia Lai cũ) đã số hóa hồ sơ hộ tịch.
"""

COMPARISON_2023 = """Hai tỉnh Tây Nguyên và duyên hải cùng tăng hạng chuyển đổi số
Năm 2023, Gia Lai và Bình Định cùng tăng hạng chỉ số DTI.
"""


def test_merged_provinces_give_the_new_unit(load_texts):
    from dxcompare.annotate.maps import province_map

    docs = load_texts(
        {"merged.txt": MERGED_NEWS, "comparison.txt": COMPARISON_2023}, "maps"
    ).documents.set_index("doc_id")
    assert docs.loc["merged", "primary_province"] == "Gia Lai"
    assert docs.loc["merged", "province_2025"] == "Gia Lai"
    # Before the merger two provinces named alike are a comparison: no province.
    assert pd.isna(docs.loc["comparison", "primary_province"])
    assert [
        province_map(d) for d in ("2025-06-30", "2025-07-01", "2025-07", "2026", "2025", None)
    ] == [
        "63",
        "34",
        "34",
        "34",
        None,
        None,
    ]


HA_NOI_NEWS = """Hà Nội đẩy mạnh chuyển đổi số
Ngày 12/7/2021, Quận ủy Hoàn Kiếm ban hành Chương trình số 07-CTr/QU về chuyển đổi số của quận.
Ngày 25/8/2021, Thành ủy Hà Nội ban hành Chương trình số 06-CTr/TU về chuyển đổi số thành phố Hà Nội.
Hà Nội thực hiện Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ.
"""


def test_first_response_is_the_provinces_own_document(load_texts):
    from dxcompare.plot.timelineviews import first_responses, lag_table

    corpus = load_texts({"ha_noi.txt": HA_NOI_NEWS}, "first_response")
    events = corpus.events.set_index("symbol")
    assert events.loc["07-CTr/QU", "level"] == "district"
    assert events.loc["06-CTr/TU", "level"] == "province"
    first = first_responses(lag_table(corpus.events, documents=corpus.documents))
    assert first.set_index("group").loc["Hà Nội", "symbol"] == "06-CTr/TU"
    local = first_responses(lag_table(corpus.events, documents=corpus.documents, local=True))
    assert local.set_index("group").loc["Hà Nội", "symbol"] == "07-CTr/QU"


def test_section_labels_and_signer(corpus):
    lines = corpus.lines[corpus.lines.doc_id == "cao_bang"].set_index("line_no")
    assert lines.loc[14, "text"].startswith("1. Mục tiêu") and lines.loc[14, "section"] == "1"
    son_la = corpus.lines[corpus.lines.doc_id == "son_la"]
    article = son_la[son_la.text.str.startswith("Điều 1")]
    assert article["section"].tolist() == ["Điều 1"]
    bd = corpus.lines[corpus.lines.doc_id == "binh_dinh"]
    assert bd[bd.text.str.startswith("Thực hiện")]["section"].tolist() == ["I"]
    assert corpus.documents.set_index("doc_id").loc["cao_bang", "author"] == "Nguyễn Trung Thảo"


@pytest.mark.parametrize(
    "province, number", [("QUẢNG NINH", "1488/QĐ-UBND"), ("HÀ TĨNH", "424/QĐ-UBND")]
)
def test_so_broken_from_its_number_is_read_as_one_line(province, number):
    lines = [
        "ỦY BAN NHÂN DÂN",
        f"TỈNH {province}",
        "-------",
        "|",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "|",
        "Số:",
        number,
        "|",
        "Hà Tĩnh, ngày 18 tháng 02 năm 2022",
        "QUYẾT ĐỊNH",
        "PHÊ DUYỆT ĐỀ ÁN CHUYỂN ĐỔI SỐ",
        "Căn cứ Luật Tổ chức chính quyền địa phương;",
    ]
    head = read_header(lines)
    assert (head.symbol, head.issued) == (number, "2022-02-18")
    assert 8 in head.lines  # the number's own line is header, not body


def test_a_lone_so_followed_by_no_number_is_no_symbol():
    lines = [
        "ỦY BAN NHÂN DÂN",
        "TỈNH SƠN LA",
        "Số:",
        "Sơn La, ngày 05 tháng 3 năm 2024",
        "KẾ HOẠCH",
    ]
    head = read_header(lines)
    assert head.symbol is None and head.issued == "2024-03-05"
