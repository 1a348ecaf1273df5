from __future__ import annotations

import pandas as pd
import pytest

import dxcompare
from dxcompare.analyze.speakers import (
    find_quotations,
    parse_speaker,
    quotations,
    quote_spans,
    speaker_table,
)
from dxcompare.annotate.normalize import normalize_text


def _rows(text: str, normalize: bool = True) -> list[dict]:
    text = normalize_text(text) if normalize else text
    table = find_quotations(text)
    for row in table.itertuples():
        assert text[row.start : row.end] == row.quote
    return table.to_dict("records")


def _speech(text: str) -> list[dict]:
    return [r for r in _rows(text) if r["kind"] != "term"]


def _one(text: str) -> dict:
    rows = _speech(text)
    assert len(rows) == 1, rows
    return rows[0]


# ------------------------------------------------------------------------ frames and speakers
def test_title_before_name_with_colon_and_straight_quotes():
    row = _one(
        "Giám đốc Sở Thông tin và Truyền thông tỉnh Nghệ An Nguyễn Văn Hải cho biết: "
        '"Tỉnh sẽ hoàn thành 100% dịch vụ công trực tuyến toàn trình trong năm 2025."'
    )
    assert row["speaker"] == "Nguyễn Văn Hải"
    assert row["speaker_title"] == "Giám đốc Sở Thông tin và Truyền thông tỉnh Nghệ An"
    assert (
        row["quote"] == "Tỉnh sẽ hoàn thành 100% dịch vụ công trực tuyến toàn trình trong năm 2025."
    )
    assert row["kind"] == "direct"


def test_name_before_title_after_a_curly_quote():
    row = _one(
        "“Chúng tôi xác định dữ liệu là tài nguyên mới của tỉnh”, ông Lê Quang Huy, "
        "Phó Chủ tịch UBND tỉnh Quảng Trị, nhấn mạnh."
    )
    assert (row["speaker"], row["speaker_title"]) == (
        "Lê Quang Huy",
        "Phó Chủ tịch UBND tỉnh Quảng Trị",
    )
    assert row["quote"] == "Chúng tôi xác định dữ liệu là tài nguyên mới của tỉnh"


def test_title_dash_honorific_name():
    row = _one(
        'Bí thư Tỉnh ủy Lâm Đồng - ông Trần Đức Quận khẳng định: "Không để ai bị bỏ lại phía sau '
        'trong chuyển đổi số."'
    )
    assert (row["speaker"], row["speaker_title"]) == ("Trần Đức Quận", "Bí thư Tỉnh ủy Lâm Đồng")


def test_province_ending_in_a_family_name_is_not_part_of_the_name():
    # "Đồng" is a family name, but "Lâm Đồng" is the province in the title
    row = _one(
        'Chủ tịch UBND tỉnh Lâm Đồng Trần Văn Hiệp cho rằng: "Du lịch thông minh là hướng đi của tỉnh."'
    )
    assert (row["speaker"], row["speaker_title"]) == (
        "Trần Văn Hiệp",
        "Chủ tịch UBND tỉnh Lâm Đồng",
    )


def test_theo_introduces_an_indirect_statement_with_name_and_title():
    row = _one(
        "Theo bà Nguyễn Thị Minh Hằng, Giám đốc Trung tâm Chuyển đổi số tỉnh Hậu Giang, "
        "tỉnh đã số hóa 80% hồ sơ đất đai."
    )
    assert row["kind"] == "indirect"
    assert row["speaker"] == "Nguyễn Thị Minh Hằng"
    assert row["speaker_title"] == "Giám đốc Trung tâm Chuyển đổi số tỉnh Hậu Giang"
    assert row["quote"] == "tỉnh đã số hóa 80% hồ sơ đất đai"


def test_theo_before_a_quoted_passage():
    row = _one(
        'Theo ông Phan Văn Mãi, "kinh tế số phải trở thành động lực tăng trưởng mới của thành phố".'
    )
    assert (row["speaker"], row["speaker_title"], row["kind"]) == ("Phan Văn Mãi", None, "direct")
    assert row["quote"] == "kinh tế số phải trở thành động lực tăng trưởng mới của thành phố"


def test_nested_curly_quotes_stay_inside_one_quotation():
    rows = _rows(
        "Phó Chủ tịch UBND tỉnh Quảng Ninh Cao Tường Huy phát biểu: “Tỉnh kiên trì mục tiêu xây dựng "
        "“Chính quyền số” phục vụ người dân và doanh nghiệp.”"
    )
    assert len(rows) == 1
    assert rows[0]["speaker"] == "Cao Tường Huy"
    assert rows[0]["quote"] == (
        'Tỉnh kiên trì mục tiêu xây dựng "Chính quyền số" phục vụ người dân và doanh nghiệp.'
    )


def test_nested_single_quotes_are_part_of_the_quote():
    row = _one("Ông Lê Văn Hùng nói: “Chúng tôi gọi đó là ‘một cửa số’ của tỉnh Bắc Ninh.”")
    assert row["speaker"] == "Lê Văn Hùng"
    assert row["quote"] == "Chúng tôi gọi đó là 'một cửa số' của tỉnh Bắc Ninh."


def test_quote_spanning_two_sentences_starts_in_the_first():
    text = normalize_text(
        "“Năm 2025 là năm bản lề. Mọi sở, ngành phải về đích đúng hạn”, Chủ tịch UBND tỉnh Đồng Nai "
        "Võ Tấn Đức nói."
    )
    (row,) = find_quotations(text).to_dict("records")
    assert (row["speaker"], row["speaker_title"]) == ("Võ Tấn Đức", "Chủ tịch UBND tỉnh Đồng Nai")
    assert row["quote"] == "Năm 2025 là năm bản lề. Mọi sở, ngành phải về đích đúng hạn"
    assert row["sentence_id"] == 0
    assert row["sentence"].endswith("Võ Tấn Đức nói.")  # the evidence names the speaker


def test_an_unclosed_quote_ends_with_its_paragraph():
    rows = _rows(
        'Ông Nguyễn Văn Thắng cho biết: "Tỉnh sẽ triển khai nền tảng số cho 100% xã.\n'
        "Đây là đoạn văn tiếp theo của bài báo."
    )
    assert len(rows) == 1
    assert rows[0]["quote"] == "Tỉnh sẽ triển khai nền tảng số cho 100% xã."
    assert rows[0]["flag"] == "unclosed" and rows[0]["speaker"] == "Nguyễn Văn Thắng"


def test_a_quote_over_two_paragraphs_without_reopening():
    text = (
        'Ông Trần Quốc Nam cho biết: "Đoạn một nói về hạ tầng số của tỉnh Ninh Thuận.\n'
        'Đoạn hai nói về dữ liệu số của tỉnh Ninh Thuận".'
    )
    (row,) = _speech(text)
    assert (
        row["quote"]
        == "Đoạn một nói về hạ tầng số của tỉnh Ninh Thuận.\nĐoạn hai nói về dữ liệu số của tỉnh Ninh Thuận"
    )


def test_a_quote_over_two_paragraphs_that_reopens_each_paragraph():
    text = (
        "Ông Trần Quốc Nam cho biết: “Đoạn một nói về hạ tầng số của tỉnh Ninh Thuận.\n"
        "“Đoạn hai nói về dữ liệu số của tỉnh Ninh Thuận.”"
    )
    (row,) = _speech(text)
    assert row["quote"].startswith("Đoạn một") and row["quote"].endswith("tỉnh Ninh Thuận.")
    assert "\n" in row["quote"]


def test_colon_at_the_end_of_the_previous_line():
    (row,) = _speech(
        "Phát biểu tại hội nghị, Thứ trưởng Bộ Khoa học và Công nghệ Bùi Hoàng Phương nhấn mạnh:\n"
        "“Dữ liệu phải được kết nối, chia sẻ giữa các cấp chính quyền.”"
    )
    assert (row["speaker"], row["speaker_title"]) == (
        "Bùi Hoàng Phương",
        "Thứ trưởng Bộ Khoa học và Công nghệ",
    )


def test_comma_inside_the_closing_quote():
    row = _one('"Dữ liệu là tư liệu sản xuất mới," Bộ trưởng Nguyễn Mạnh Hùng nói.')
    assert (row["speaker"], row["speaker_title"]) == ("Nguyễn Mạnh Hùng", "Bộ trưởng")
    assert row["quote"] == "Dữ liệu là tư liệu sản xuất mới,"


def test_scare_quotes_and_named_campaigns_are_terms():
    rows = _rows(
        "Tỉnh Bến Tre triển khai mô hình “Chợ 4.0” và phong trào “Bình dân học vụ số” trong toàn tỉnh. "
        "Năm 2024, tỉnh Hà Tĩnh chọn chủ đề “Đẩy mạnh chuyển đổi số, xây dựng chính quyền số phục vụ người dân”."
    )
    assert [(r["quote"], r["kind"], r["speaker"]) for r in rows] == [
        ("Chợ 4.0", "term", None),
        ("Bình dân học vụ số", "term", None),
        ("Đẩy mạnh chuyển đổi số, xây dựng chính quyền số phục vụ người dân", "term", None),
    ]


def test_bare_honorific_points_to_the_last_named_person():
    rows = _speech(
        "Ông Nguyễn Hữu Thắng làm Giám đốc Sở TT&TT tỉnh Tây Ninh từ năm 2021.\n"
        "Ông cho biết, tỉnh sẽ thí điểm trợ lý ảo cho cán bộ cấp xã."
    )
    assert [(r["speaker"], r["flag"], r["quote"]) for r in rows] == [
        ("Nguyễn Hữu Thắng", "pronoun", "tỉnh sẽ thí điểm trợ lý ảo cho cán bộ cấp xã")
    ]


def test_bà_with_a_given_name_resolves_to_the_full_name():
    rows = _speech(
        "Bà Trần Thị Thu Hà, Phó Giám đốc Sở Y tế tỉnh Bình Phước, cho biết tỉnh đã cấp một triệu hồ sơ "
        "sức khỏe điện tử. “Chúng tôi đang liên thông dữ liệu với bảo hiểm xã hội”, bà Hà nói."
    )
    assert [(r["kind"], r["speaker"], r["speaker_title"], r["flag"]) for r in rows] == [
        ("indirect", "Trần Thị Thu Hà", "Phó Giám đốc Sở Y tế tỉnh Bình Phước", ""),
        ("direct", "Trần Thị Thu Hà", "Phó Giám đốc Sở Y tế tỉnh Bình Phước", "short_name"),
    ]


def test_a_bare_title_resolves_to_the_same_office_not_to_its_deputy():
    rows = _speech(
        "Giám đốc Sở TT&TT tỉnh Gia Lai Nguyễn Văn Tâm cho biết, tỉnh có 220 tổ công nghệ số cộng đồng. "
        "Giám đốc Sở TT&TT cho biết thêm, tỉnh sẽ mở rộng mô hình này. "
        "Phó Giám đốc Sở TT&TT cho rằng, cần thêm kinh phí cho các xã."
    )
    assert [(r["speaker"], r["flag"]) for r in rows] == [
        ("Nguyễn Văn Tâm", ""),
        ("Nguyễn Văn Tâm", "title"),
        (None, ""),
    ]
    assert rows[2]["speaker_title"] == "Phó Giám đốc Sở TT&TT"


def test_a_titled_speaker_without_a_name_keeps_the_title():
    (row,) = _speech(
        "Đại diện Sở Nội vụ tỉnh Kiên Giang cho biết, tỉnh đã cắt giảm 30% thủ tục hành chính."
    )
    assert (row["speaker"], row["speaker_title"], row["kind"]) == (
        None,
        "Đại diện Sở Nội vụ tỉnh Kiên Giang",
        "indirect",
    )


def test_president_hồ_chí_minh_is_a_person_but_the_youth_union_is_not():
    (row,) = _speech('Chủ tịch Hồ Chí Minh từng nói: "Không có gì quý hơn độc lập, tự do."')
    assert (row["speaker"], row["speaker_title"]) == ("Hồ Chí Minh", "Chủ tịch")
    assert _speech("Đoàn TNCS Hồ Chí Minh cho biết, năm nay có 500 công trình thanh niên.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Thành ủy Hải Phòng nhấn mạnh, chuyển đổi số là nhiệm vụ trọng tâm của nhiệm kỳ.",
        "Nghị quyết 05-NQ/TU nêu rõ: phát triển chính quyền số là nhiệm vụ trọng tâm.",
        "Nói chung, người dân đã quen với dịch vụ công trực tuyến mức độ 4.",
        "Giám đốc Sở TT&TT Trần Văn Kha đánh giá cao giải pháp kết nối dữ liệu của tỉnh.",
        "Các sở thông tin và truyền thông cho biết, việc này rất khó.",
        "Có thể nói Đà Nẵng là địa phương dẫn đầu về chính quyền số.",
    ],
)
def test_institutions_and_other_meanings_are_not_speakers(text):
    assert _speech(text) == []


def test_after_frame_with_auxiliary_and_thêm():
    row = _one("“Tỉnh sẽ phủ sóng 5G toàn bộ khu công nghiệp”, ông Võ Văn Hưng đã cho biết thêm.")
    assert row["speaker"] == "Võ Văn Hưng"


@pytest.mark.parametrize(
    ("text", "speaker", "title"),
    [
        (
            "Anh Nguyễn Văn Bình, một người dân ở xã Tân Lập, chia sẻ: “Giờ tôi làm thủ tục ngay trên điện thoại.”",
            "Nguyễn Văn Bình",
            "một người dân ở xã Tân Lập",
        ),
        (
            "Chị Lò Thị Mai (bản Nà Sản) kể: “Trước đây phải đi 20 km mới làm được giấy tờ.”",
            "Lò Thị Mai",
            "bản Nà Sản",
        ),
        (
            "PGS.TS Trần Văn Hòa, Trường Đại học Kinh tế Quốc dân, nhận định: “Kinh tế số sẽ chiếm 30% GDP.”",
            "Trần Văn Hòa",
            "PGS.TS, Trường Đại học Kinh tế Quốc dân",
        ),
        (
            "Chủ tịch Hội Nông dân tỉnh, ông Nguyễn Văn Ba, Bí thư Chi bộ ấp 3, cho biết, nông dân đã bán "
            "hàng trên sàn thương mại điện tử.",
            "Nguyễn Văn Ba",
            "Chủ tịch Hội Nông dân tỉnh, Bí thư Chi bộ ấp 3",
        ),
    ],
)
def test_a_description_after_the_name_is_kept_as_the_title(text, speaker, title):
    row = _one(text)
    assert (row["speaker"], row["speaker_title"]) == (speaker, title)


def test_given_name_anh_is_part_of_the_name_not_an_honorific():
    row = _one(
        "Ông Nguyễn Tuấn Anh, Giám đốc Sở Tài chính tỉnh Yên Bái, cho biết, tỉnh đã thanh toán không "
        "dùng tiền mặt 60% giao dịch."
    )
    assert (row["speaker"], row["speaker_title"]) == (
        "Nguyễn Tuấn Anh",
        "Giám đốc Sở Tài chính tỉnh Yên Bái",
    )


def test_a_named_speaker_takes_the_title_given_earlier():
    rows = _speech(
        "Giám đốc Sở Xây dựng tỉnh Sơn La Lò Văn Tuấn cho biết, tỉnh đã có bản đồ số quy hoạch. "
        "“Chúng tôi sẽ công khai dữ liệu quy hoạch”, ông Lò Văn Tuấn nói."
    )
    assert [(r["speaker"], r["speaker_title"], r["flag"]) for r in rows] == [
        ("Lò Văn Tuấn", "Giám đốc Sở Xây dựng tỉnh Sơn La", ""),
        ("Lò Văn Tuấn", "Giám đốc Sở Xây dựng tỉnh Sơn La", "title_earlier"),
    ]


def test_parse_speaker_reads_title_office_and_name():
    text = "Phó Bí thư Quận ủy, Chủ tịch UBND quận Hoàn Kiếm - Ông Phạm Tuấn Long"
    sp = parse_speaker(text, 0, len(text))
    assert (sp.name, sp.title, sp.honorific) == (
        "Phạm Tuấn Long",
        "Phó Bí thư Quận ủy, Chủ tịch UBND quận Hoàn Kiếm",
        "ông",
    )


def test_quote_spans_use_context_when_quotes_are_straight():
    text = 'Ông A gọi đó là "hạt nhân", còn ông B nói: "Làm ngay."'
    assert [text[s.start : s.end] for s in quote_spans(text)] == ["hạt nhân", "Làm ngay."]


# ------------------------------------------------------------------------ seeds
@pytest.fixture(scope="module")
def seed_corpus(seeds_dir):
    return dxcompare.load_corpus(seeds_dir)


@pytest.fixture(scope="module")
def seed_quotes(seed_corpus):
    return quotations(seed_corpus)


def test_seed_quotes_point_into_the_document_text(seed_quotes, seed_corpus):
    texts = dict(zip(seed_corpus.documents["doc_id"], seed_corpus.documents["text"], strict=True))
    for row in seed_quotes.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.quote
        if not pd.isna(row.speaker_start):
            assert row.speaker_end > row.speaker_start
    assert set(seed_quotes["kind"]) <= {"direct", "indirect", "term"}


def test_seed_000_minister_nguyễn_mạnh_hùng(seed_quotes):
    rows = seed_quotes[
        seed_quotes.doc_id.str.startswith("000") & (seed_quotes.speaker == "Nguyễn Mạnh Hùng")
    ]
    (row,) = rows.to_dict("records")
    assert row["speaker_title"] == "Bộ trưởng Bộ Thông tin và Truyền thông"
    assert row["kind"] == "direct"
    # the quote runs over two paragraphs, closed only at the end of the second
    assert row["quote"].startswith("Chuyển đổi số thì phải chuyển đổi cách làm")
    assert row["quote"].endswith("thì cũng không có chuyển đổi số")
    assert "\n" in row["quote"]


def test_seed_000_đặng_đức_mai(seed_quotes):
    rows = seed_quotes[
        seed_quotes.doc_id.str.startswith("000") & (seed_quotes.speaker == "Đặng Đức Mai")
    ]
    (row,) = rows.to_dict("records")
    assert row["speaker_title"] == "Chủ tịch Hội Tin học Viễn thông Hà Nội"
    assert row["quote"].startswith("Người đứng đầu và cấp ủy đóng vai trò rất quan trọng")
    assert row["quote"].endswith("thông qua công nghệ và kinh tế số")


def test_seed_000_scare_quotes_are_terms(seed_quotes):
    terms = seed_quotes[seed_quotes.doc_id.str.startswith("000") & (seed_quotes.kind == "term")]
    assert {"hạt nhân", "tinh hoa"} <= set(terms["quote"])


def test_seed_001_speakers_and_anaphora(seed_quotes):
    seed = seed_quotes[seed_quotes.doc_id.str.startswith("001") & (seed_quotes.kind != "term")]
    pairs = set(zip(seed["speaker"], seed["speaker_title"], strict=True))
    assert ("Lê Ngọc An", "Chánh Văn phòng UBND tỉnh") in pairs
    assert ("Hà Duy Trung", "Bí thư Tỉnh đoàn") in pairs
    # "ông Kha cho hay" after "Giám đốc Sở TT&TT Trần Kim Kha"
    kha = seed[seed.quote.str.startswith("Có những giải pháp")]
    assert kha[["speaker", "speaker_title", "flag"]].values.tolist() == [
        ["Trần Kim Kha", "Giám đốc Sở TT&TT", "short_name"]
    ]


def test_seed_002_bare_title_resolves_to_the_deputy_director(seed_quotes):
    seed = seed_quotes[seed_quotes.doc_id.str.startswith("002") & (seed_quotes.flag == "title")]
    assert seed["speaker"].tolist() == ["Nguyễn Tiến Sỹ"]


# ------------------------------------------------------------------------ a corpus and the speaker table
DOCS = {
    "ha_giang.txt": (
        "Hà Giang đẩy mạnh chuyển đổi số\n\n"
        "Chủ tịch UBND tỉnh Hà Giang Nguyễn Văn Sơn cho biết: “Tỉnh Hà Giang sẽ phủ sóng 4G tới 100% thôn bản.”\n\n"
        "“Chúng tôi ưu tiên vùng sâu, vùng xa”, ông Sơn nói thêm.\n"
    ),
    "tra_vinh.txt": (
        "Trà Vinh chọn chủ đề năm\n\n"
        "Tỉnh Trà Vinh phát động phong trào “Bình dân học vụ số”.\n\n"
        "Theo bà Kim Thị Hạnh, Giám đốc Sở Khoa học và Công nghệ tỉnh Trà Vinh, tỉnh Trà Vinh đã số hóa 70% hồ sơ.\n"
    ),
}


@pytest.fixture(scope="module")
def tiny(load_texts):
    return load_texts(DOCS, "tiny_quotes")


def test_corpus_quotations_use_the_original_curly_quotes(tiny):
    quotes = quotations(tiny)
    texts = dict(zip(tiny.documents["doc_id"], tiny.documents["text"], strict=True))
    assert all(
        texts[d][s:e] == q for d, s, e, q in quotes[["doc_id", "start", "end", "quote"]].values
    )
    hg = quotes[quotes.doc_id == "ha_giang"]
    assert hg[["speaker", "speaker_title", "kind", "flag"]].values.tolist() == [
        ["Nguyễn Văn Sơn", "Chủ tịch UBND tỉnh Hà Giang", "direct", ""],
        ["Nguyễn Văn Sơn", "Chủ tịch UBND tỉnh Hà Giang", "direct", "short_name"],
    ]


def test_speaker_table_counts_speakers_per_province(tiny):
    table = speaker_table(quotations(tiny), tiny, by="primary_province")
    assert table.to_dict("records") == [
        {"group": "Hà Giang", "speaker": "Nguyễn Văn Sơn", "speaker_title": "Chủ tịch UBND tỉnh Hà Giang",
         "n_quotes": 2, "n_documents": 1},
        {"group": "Trà Vinh", "speaker": "Kim Thị Hạnh",
         "speaker_title": "Giám đốc Sở Khoa học và Công nghệ tỉnh Trà Vinh", "n_quotes": 1, "n_documents": 1},
    ]  # fmt: skip


def test_speaker_table_rejects_an_unknown_column(tiny):
    from dxcompare.errors import ParameterError

    with pytest.raises(ParameterError, match="by='nowhere'"):
        speaker_table(quotations(tiny), tiny, by="nowhere")


def test_dxcompare_quotations_is_the_function(tiny):
    import dxcompare.analyze.speakers as module

    assert dxcompare.quotations(tiny).equals(module.quotations(tiny))
