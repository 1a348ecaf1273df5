from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxcompare.annotate.segment import (
    PhraseList,
    is_stopword,
    load_phrases,
    load_stopwords,
    normalize_token,
    split_sentences,
    tokenize,
    tokenize_many,
)
from dxcompare.errors import LexiconError


def sentences_of(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def words(sentence: str, phrases: PhraseList | None = None) -> list[str]:
    return [token for token, _, _ in tokenize(sentence, phrases)]


def assert_valid_tokens(sentence: str, tokens: list[tuple[str, int, int]]) -> None:
    previous_end = 0
    for token, start, end in tokens:
        assert previous_end <= start < end <= len(sentence)
        assert token.split() == sentence[start:end].split()
        assert sentence[start:end] == sentence[start:end].strip()
        previous_end = end


# --- sentences -------------------------------------------------------------------------------


def test_sentence_ends_at_period_before_capital():
    text = "Tỉnh Cà Mau đã số hóa 80% hồ sơ. Năm 2024, tỉnh tiếp tục triển khai."
    assert sentences_of(text) == [
        "Tỉnh Cà Mau đã số hóa 80% hồ sơ.",
        "Năm 2024, tỉnh tiếp tục triển khai.",
    ]


def test_sentence_ends_at_question_exclamation_and_ellipsis():
    text = "Vì sao phải chuyển đổi số? Đây là xu thế! Đến năm 2030… Thành phố sẽ khác."
    assert sentences_of(text) == [
        "Vì sao phải chuyển đổi số?",
        "Đây là xu thế!",
        "Đến năm 2030…",
        "Thành phố sẽ khác.",
    ]


def test_sentence_ends_before_digit_and_opening_quote():
    text = 'Lạng Sơn có 11 huyện. 200 xã đã kết nối. "Đó là nỗ lực lớn", ông nói.'
    assert sentences_of(text) == [
        "Lạng Sơn có 11 huyện.",
        "200 xã đã kết nối.",
        '"Đó là nỗ lực lớn", ông nói.',
    ]


def test_closing_quote_stays_with_its_sentence():
    text = "Ông khẳng định: “Chuyển đổi số là tất yếu.” Sau đó, hội nghị bế mạc."
    assert sentences_of(text) == [
        "Ông khẳng định: “Chuyển đổi số là tất yếu.”",
        "Sau đó, hội nghị bế mạc.",
    ]


def test_no_split_before_lowercase_word():
    text = "Tỉnh đạt nhiều kết quả... tuy nhiên còn khó khăn? chưa rõ."
    assert sentences_of(text) == [text]


@pytest.mark.parametrize(
    "text",
    [
        "Người dân TP.HCM đã dùng dịch vụ công trực tuyến.",
        "Tại TP. Hồ Chí Minh, chỉ số DTI tăng mạnh.",
        "Tp. Cần Thơ và TX. Hoài Nhơn được khen thưởng.",
        "Bài viết của ThS. Lê Thị Thanh Nhàn được đăng tải.",
        "Theo TS. Trần Văn Nam, chính quyền số cần dữ liệu.",
        "Hội thảo có PGS.TS. Nguyễn Văn An và GS. Phạm Minh Tuấn.",
        "Ý kiến của Th.S. Hoàng Lan được ghi nhận.",
        "Các nền tảng như Zalo, Facebook, v.v. đều được sử dụng.",
        "Tỷ lệ hồ sơ trực tuyến đạt 92,75% với 5.034 hồ sơ.",
        "Thực hiện Nghị quyết số 05-NQ/TU và Quyết định 4216/QĐ-UBND của tỉnh.",
        "Xem chi tiết tại https://dichvucong.gov.vn/p/home/dvc-trang-chu.html nhé.",
        "Đến năm 2030, Thủ đô ... sẽ trở thành thành phố thông minh.",
        "Ông Nguyễn V. Hùng phát biểu tại hội nghị.",
        "Văn phòng đặt tại số 5, Q. Ba Đình, Hà Nội.",
    ],
)
def test_abbreviations_numbers_and_urls_do_not_end_a_sentence(text):
    assert sentences_of(text) == [text]


def test_url_at_sentence_end_still_splits():
    text = "Nguồn: https://binhdinh.gov.vn/tin-tuc. Theo đó, tỉnh tiếp tục."
    assert sentences_of(text) == [
        "Nguồn: https://binhdinh.gov.vn/tin-tuc.",
        "Theo đó, tỉnh tiếp tục.",
    ]


def test_enumerators_and_article_headings_are_not_sentences():
    text = "1. Mục tiêu chung\nII. NHIỆM VỤ VÀ GIẢI PHÁP\nĐiều 5. Phạm vi điều chỉnh"
    assert sentences_of(text) == [
        "1. Mục tiêu chung",
        "II. NHIỆM VỤ VÀ GIẢI PHÁP",
        "Điều 5. Phạm vi điều chỉnh",
    ]


def test_sentence_never_crosses_a_line_break():
    text = "Chuyển đổi số ở Sơn La\nTỉnh đã ban hành kế hoạch\r\nvà triển khai ngay"
    assert sentences_of(text) == [
        "Chuyển đổi số ở Sơn La",
        "Tỉnh đã ban hành kế hoạch",
        "và triển khai ngay",
    ]


def test_spans_are_stripped_and_empty_sentences_dropped():
    text = "  \u00a0Tỉnh Hậu Giang số hóa hồ sơ.   \n\n \t \n…\n  Kết quả tốt.\u00a0 "
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["Tỉnh Hậu Giang số hóa hồ sơ.", "Kết quả tốt."]


def test_seed_sentences_keep_titles_and_decree_numbers(seed_texts):
    all_sentences = [s for text in seed_texts.values() for s in sentences_of(text)]
    assert "ThS. Lê Thị Thanh Nhàn" in all_sentences
    assert any(
        s.startswith("Đó là quan điểm chỉ đạo") and "05-NQ/TU của Ban" in s for s in all_sentences
    )
    assert any("TP. Hà Nội còn chú trọng" in s for s in all_sentences)
    assert "Chuyển đổi số là một xu hướng tất yếu của thời đại." in all_sentences


# --- words and offsets -----------------------------------------------------------------------


def test_tokens_point_into_every_seed_sentence(seed_texts):
    for text in seed_texts.values():
        sentences = sentences_of(text)
        for sentence, tokens in zip(sentences, tokenize_many(sentences), strict=True):
            assert_valid_tokens(sentence, tokens)


def test_tokenize_many_equals_tokenize_one_by_one():
    sentences = ["Kinh tế số ở Đồng Tháp.", "", "Chính phủ số.", "Đắk Lắk triển khai Đề án 06."]
    assert tokenize_many(sentences) == [tokenize(s) for s in sentences]


def test_words_are_segmented_and_punctuation_dropped_numbers_kept():
    sentence = "Năm 2023, tỉnh Tây Ninh đạt 92,75% (tăng 5.034 hồ sơ)!"
    assert words(sentence) == [
        "Năm",
        "2023",
        "tỉnh",
        "Tây Ninh",
        "đạt",
        "92,75",
        "tăng",
        "5.034",
        "hồ sơ",
    ]


def test_offsets_of_a_phrase_cover_the_original_spacing():
    sentence = "Phát triển chuyển   đổi\u00a0số bền vững"
    token, start, end = tokenize(sentence)[1]
    assert token == "chuyển đổi số"
    assert sentence[start:end] == "chuyển   đổi\u00a0số"


def test_eth_d_is_aligned_and_counted_as_dstroke():
    sentence = "Tỉnh Bình Ðịnh đẩy mạnh chuyển đổi số"
    tokens = tokenize(sentence)
    assert_valid_tokens(sentence, tokens)
    assert tokens[1] == ("Bình Ðịnh", 5, 14)
    assert normalize_token(tokens[1][0]) == "bình định"


def test_old_tone_placement_is_aligned():
    sentence = "Khu công nghệ cao Hoà Lạc và Uỷ ban nhân dân tỉnh Khánh Hoà"
    tokens = tokenize(sentence)
    assert_valid_tokens(sentence, tokens)
    assert [t for t, _, _ in tokens][-2:] == ["tỉnh", "Khánh Hoà"]
    assert "Uỷ ban nhân dân" in [t for t, _, _ in tokens]


def test_decomposed_text_is_aligned():
    sentence = unicodedata.normalize("NFD", "Bình Định phát triển kinh tế số")
    tokens = tokenize(sentence)
    assert_valid_tokens(sentence, tokens)
    assert [normalize_token(t) for t, _, _ in tokens] == ["bình định", "phát triển", "kinh tế số"]


def test_spelling_rewritten_by_the_segmenter_keeps_the_authors_text():
    sentence = "Các nghành y tế, giáo dục thực hiện qui định mới"
    tokens = tokenize(sentence)
    assert_valid_tokens(sentence, tokens)
    assert [t for t, _, _ in tokens][:2] == ["Các", "nghành"]
    assert "qui định" in [t for t, _, _ in tokens]


# --- phrases ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Chuyển đổi số là nhiệm vụ trọng tâm của tỉnh Gia Lai.",
        "CHUYỂN ĐỔI SỐ TOÀN DIỆN TRÊN ĐỊA BÀN TỈNH",
        "Tỉnh Quảng Trị đẩy mạnh Chuyển Đổi Số trong năm 2024.",
        "Nghị quyết về chuyển đổi số tỉnh Nghệ An",
    ],
)
def test_chuyen_doi_so_is_one_token_in_any_case_and_position(sentence):
    assert "chuyển đổi số" in [normalize_token(t) for t in words(sentence)]


def test_phrase_cuts_a_glued_function_word_off():
    assert words("Chuyển đổi số là xu thế tất yếu")[:2] == ["Chuyển đổi số", "là"]


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("Tỉnh Bình Thuận phát triển chính quyền số và xã hội số.", "chính quyền số"),
        ("Tỷ lệ dịch vụ công trực tuyến toàn trình tăng.", "dịch vụ công trực tuyến"),
        ("Khuyến khích thanh toán không dùng tiền mặt ở chợ.", "thanh toán không dùng tiền mặt"),
        ("Thành lập tổ công nghệ số cộng đồng ở mọi thôn.", "tổ công nghệ số cộng đồng"),
        ("Bộ Công an triển khai Đề án 06 trên toàn quốc.", "Đề án 06"),
        ("Tỉnh Bà Rịa - Vũng Tàu ký kết hợp tác.", "Bà Rịa - Vũng Tàu"),
        ("Phát triển kinh tế - xã hội của địa phương.", "kinh tế - xã hội"),
    ],
)
def test_domain_phrases_are_merged(sentence, phrase):
    assert phrase in words(sentence)


def test_phrases_do_not_break_real_words():
    assert "chuyển đổi số" not in [
        normalize_token(w) for w in words("Phần mềm chuyển đổi số liệu sang định dạng mới")
    ]
    assert "kinh tế số" not in [
        normalize_token(w) for w in words("Mỹ là nền kinh tế số một thế giới")
    ]


def test_every_bundled_phrase_comes_out_as_one_token():
    phrases = load_phrases()
    assert len(phrases) >= 100
    for phrase in phrases:
        assert words(phrase) == [phrase]
        assert phrase.upper() in words(f"Theo đó, {phrase.upper()}.")


def test_user_phrase_file_adds_to_the_bundled_list(tmp_path):
    path = tmp_path / "phrases.txt"
    path.write_text("# thêm cụm từ\nsàn giao dịch công nghệ\n\n", encoding="utf-8")
    phrases = load_phrases(path)
    assert "sàn giao dịch công nghệ" in phrases and "chuyển đổi số" in phrases
    assert "sàn giao dịch công nghệ" in words("Khai trương sàn giao dịch công nghệ tỉnh", phrases)
    assert "sàn giao dịch công nghệ" not in words("Khai trương sàn giao dịch công nghệ tỉnh")


def test_broken_phrase_file_names_file_and_line(tmp_path):
    path = tmp_path / "phrases.txt"
    path.write_text("# ok\nchuyển đổi số\nkinh tế số, xã hội số\n", encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        load_phrases(path)
    assert f"{path}:3:" in str(info.value)


def test_phrase_file_that_is_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "phrases.txt"
    path.write_bytes("chuyển đổi số\n".encode() + b"kinh t\xea s\xf4\n")  # Latin-1 bytes
    with pytest.raises(LexiconError) as info:
        load_phrases(path)
    assert f"{path}:2:" in str(info.value) and "UTF-8" in str(info.value)


def test_missing_phrase_file_is_a_lexicon_error(tmp_path):
    with pytest.raises(LexiconError, match="cannot read"):
        load_phrases(tmp_path / "khong-co.txt")


# --- stopwords -------------------------------------------------------------------------------


def test_function_words_are_stopwords_domain_words_are_not():
    for word in ["của", "các", "cũng", "những", "tuy nhiên"]:
        assert is_stopword(word)
    for word in [
        "số",
        "chính",
        "nhà",
        "nước",
        "năm",
        "chuyển",
        "hỗ trợ",
        "chia sẻ",
        "chuyển đổi số",
    ]:
        assert not is_stopword(word)


def test_so_inside_chuyen_doi_so_survives_stopword_removal():
    content = [
        w
        for w in words("Các sở cũng đẩy mạnh chuyển đổi số của tỉnh")
        if not is_stopword(normalize_token(w))
    ]
    assert "chuyển đổi số" in content and "của" not in content and "Các" not in content


def test_stopwords_are_normalized_keys():
    stopwords = load_stopwords()
    assert "tòa" in stopwords  # listed upstream with old tone placement ("toà")
    assert all(w == normalize_token(w) for w in stopwords)


def test_user_stopword_file_adds_and_keeps_words(tmp_path):
    path = tmp_path / "stop.txt"
    path.write_text("# thêm\ntriển khai\n!của\n", encoding="utf-8")
    stopwords = load_stopwords(path)
    assert is_stopword("triển khai", stopwords) and not is_stopword("của", stopwords)
    assert is_stopword("của") and not is_stopword("triển khai")


def test_normalize_token_lowercases_and_collapses_spaces():
    assert normalize_token("Chuyển  đổi\u00a0Số") == "chuyển đổi số"
    assert normalize_token("ĐỀ ÁN 06") == "đề án 06"


# --- properties ------------------------------------------------------------------------------

_vietnamese_letters = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵĐÐð"
)
_mixed_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(
            list(
                _vietnamese_letters
                + _vietnamese_letters.upper()
                + ' .,!?…"“”()-/%0123456789\n\u00a0\u0301\u0309'
            )
        ),
        st.characters(),
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mixed_text)
def test_arbitrary_text_never_crashes_and_offsets_are_valid(text):
    for start, end in split_sentences(text):
        sentence = text[start:end]
        assert sentence and sentence == sentence.strip() and "\n" not in sentence
        assert_valid_tokens(sentence, tokenize(sentence))
    assert_valid_tokens(text, tokenize(text))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Tỉnh Phú Yên số hóa hồ sơ", ["Tỉnh", "Phú Yên", "số hóa", "hồ sơ"]),
        ("Triển khai dịch vụ số hóa dữ liệu", ["Triển khai", "dịch vụ", "số hóa", "dữ liệu"]),
        ("Đơn giản hóa thủ tục hành chính", ["Đơn giản hóa", "thủ tục hành chính"]),
        (
            "công nghiệp hóa, hiện đại hóa, tự động hoá",
            ["công nghiệp hóa", "hiện đại hóa", "tự động hoá"],
        ),
    ],
)
def test_hoa_suffix_joins_the_word_before_it(sentence, expected):
    assert words(sentence) == expected


def test_cap_uy_is_one_token():
    assert "cấp ủy" in words("Người đứng đầu cấp ủy chịu trách nhiệm về chuyển đổi số")


@pytest.mark.parametrize(
    ("sentence", "province"),
    [
        ("Tỉnh Bà Rịa - Vũng Tàu dẫn đầu về chỉ số DTI.", "Bà Rịa - Vũng Tàu"),
        ("Tỉnh Thừa Thiên Huế xây dựng đô thị thông minh.", "Thừa Thiên Huế"),
        ("Người dân TP. Hồ Chí Minh dùng dịch vụ công trực tuyến.", "Hồ Chí Minh"),
        ("Tỉnh ủy Đắk Nông ban hành nghị quyết.", "Đắk Nông"),
        ("Kế hoạch của UBND tỉnh Khánh Hòa năm 2023.", "Khánh Hòa"),
    ],
)
def test_multi_syllable_province_names_are_one_token(sentence, province):
    assert province in words(sentence)
