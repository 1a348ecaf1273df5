"""Normalization: one canonical spelling, an audit of every change, never a changed word."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dxcompare.annotate.normalize import fold, normalize_line, normalize_text


def rules(line: str) -> dict[str, list[tuple[str, str, int]]]:
    out: dict[str, list[tuple[str, str, int]]] = {}
    for rule, before, after, count in normalize_line(line)[1]:
        out.setdefault(rule, []).append((before, after, count))
    return out


def test_eth_d_is_counted_as_dstroke():
    text, changes = normalize_line("Bình Ðịnh và Ðô thị ðẹp")
    assert text == "Bình Định và Đô thị đẹp"
    assert ("eth_to_dstroke", "Ð", "Đ", 2) in changes
    assert ("eth_to_dstroke", "ð", "đ", 1) in changes


def test_decomposed_text_is_composed_and_audited():
    nfd = unicodedata.normalize("NFD", "Tỉnh Quảng Ngãi chuyển đổi số")
    text, changes = normalize_line(nfd)
    assert text == "Tỉnh Quảng Ngãi chuyển đổi số"
    assert {c[0] for c in changes} == {"nfc"}
    assert ("nfc", unicodedata.normalize("NFD", "Quảng"), "Quảng", 1) in changes


def test_windows_1258_bytes_decode_to_canonical_spelling():
    # cp1258 stores tones as combining marks, and old-style placement survives decoding.
    decoded = b"Kha\xecnh Hoa\xcc, thuy\xd2 l\xf5\xf2i".decode("cp1258")
    assert decoded == "Kha\u0301nh Hoa\u0300, thuy\u0309 l\u01a1\u0323i"
    text, changes = normalize_line(decoded)
    assert text == "Khánh Hòa, thủy lợi"
    assert [c[0] for c in changes] == ["nfc"] * 4 + ["tone_placement"] * 2


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hoà", "hòa"),
        ("Hoà Lạc", "Hòa Lạc"),
        ("thuỷ lợi", "thủy lợi"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("uỷ quyền", "ủy quyền"),
        ("Khánh Hoà", "Khánh Hòa"),
        ("Thanh Hoá", "Thanh Hóa"),
        ("đồ hoạ", "đồ họa"),
        ("toà án", "tòa án"),
        ("sức khoẻ", "sức khỏe"),
        ("tuỳ chọn", "tùy chọn"),
        ("luỹ kế", "lũy kế"),
        ("THUỶ", "THỦY"),
        ("KHÁNH HOÀ", "KHÁNH HÒA"),
    ],
)
def test_old_tone_placement_moves_to_traditional(old, new):
    text, changes = normalize_line(old)
    assert text == new
    assert [c[0] for c in changes] == ["tone_placement"]


@pytest.mark.parametrize(
    "word",
    [
        "quý",
        "quả",
        "Quỳnh",
        "quỹ",
        "hoàng",
        "thuyền",
        "khuya",
        "hòa",
        "thủy",
        "Hoàn Kiếm",
        "ngoài",
        "xoáy",
    ],
)
def test_words_outside_open_oa_oe_uy_are_left_alone(word):
    assert normalize_line(word) == (word, [])


def test_tone_placement_agrees_with_underthesea():
    from underthesea import text_normalize

    words = "hoà Hoà thuỷ Uỷ Khánh Hoà hoạ toà khoẻ tuỳ luỹ nguỵ xoè quý quả hoàng".split()
    for word in words:
        assert normalize_text(word) == text_normalize(word), word


def test_seed_000_old_and_new_hoa_lac_fold_to_one(seed_texts):
    text = seed_texts["000_59a7e2a612e78fb7"]
    assert "Hoà Lạc" in text and "Hòa Lạc" in text
    normalized = normalize_text(text)
    assert "Hoà Lạc" not in normalized
    assert normalized.count("Hòa Lạc") == text.count("Hoà Lạc") + text.count("Hòa Lạc")


def test_seed_001_has_four_eth_letters(seed_texts):
    lines = seed_texts["001_2c77bc4ad56ba6cd"].splitlines()
    n = sum(c[3] for line in lines for c in normalize_line(line)[1] if c[0] == "eth_to_dstroke")
    assert n == 4


def test_seed_002_dateline_nbsp_becomes_space(seed_texts):
    line = seed_texts["002_658379389a81f1c0"].splitlines()[2]
    text, changes = normalize_line(line)
    assert text == "Thứ hai, 12/12/2022 16:49"
    assert ("nbsp", "\u00a0", " ", 1) in changes


def test_unicode_spaces_quotes_and_dashes_are_unified():
    line = "Sở\u202fTT&TT\u2007tỉnh Hà\u00a0Tĩnh: \u201cchuyển đổi số\u201d \u2013 \u2018kinh tế số\u2019 \u2014 5\u22122"
    text, changes = normalize_line(line)
    assert text == "Sở TT&TT tỉnh Hà Tĩnh: \"chuyển đổi số\" - 'kinh tế số' - 5-2"
    found = rules(line)
    assert sum(n for _, _, n in found["nbsp"]) == 3
    assert sum(n for _, _, n in found["quote"]) == 4
    assert sum(n for _, _, n in found["dash"]) == 3


def test_guillemets_and_primes_become_straight_quotes():
    assert (
        normalize_text("«Nền tảng số» ″Make in Vietnam″ ‚x′")
        == '"Nền tảng số" "Make in Vietnam" \'x\''
    )


def test_zero_width_and_soft_hyphen_are_removed():
    text, changes = normalize_line("\ufeffchuyển\u200b đổi\u00ad số\u200c\u200d")
    assert text == "chuyển đổi số"
    assert sum(c[3] for c in changes if c[0] == "zero_width") == 5


def test_whitespace_runs_collapse_and_ends_are_stripped():
    text, changes = normalize_line("  \tKế hoạch   số 176/KH-UBND\t\tcủa  tỉnh  ")
    assert text == "Kế hoạch số 176/KH-UBND của tỉnh"
    assert {c[0] for c in changes} == {"whitespace"}


def test_line_breaks_are_unified_in_multiline_text():
    assert (
        normalize_text("Dòng một  \r\nDòng hai\rDòng ba\u2028Dòng bốn")
        == "Dòng một\nDòng hai\nDòng ba\nDòng bốn"
    )


def test_author_typos_and_ellipsis_are_kept():
    line = "Cần trú trọng việc Chính vie thế… và hiệu quả.../."
    assert normalize_text(line) == line


def test_clean_line_has_empty_audit():
    assert normalize_line("Nghị quyết số 05-NQ/TU của Tỉnh ủy Bình Định") == (
        "Nghị quyết số 05-NQ/TU của Tỉnh ủy Bình Định",
        [],
    )


def test_fold_lowercases_and_keeps_diacritics():
    assert fold("Hoà") == fold("HÒA") == fold("hòa") == "hòa"
    assert fold("Bình Ðịnh") == "bình định"
    assert fold("Chuyển Đổi Số") == "chuyển đổi số" != "chuyen doi so"


def test_stray_combining_mark_after_vowel_stays_idempotent():
    text = "hoà\u0301"
    once = normalize_text(text)
    assert normalize_text(once) == once


_VIETNAMESE = st.sampled_from(
    list("aáàảãạăắằẳẵặâấầẩẫậoóòỏõọôốồổỗộơớờởỡợuúùủũụưứừửữựyýỳỷỹỵeéèẻẽẹ")
    + list("hqtkngđĐÐðHQUO \u00a0\u200b\u00ad\u2013\u201c\u0300\u0301\u0309\u0323\t\r\n")
)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_is_idempotent_on_any_unicode(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert fold(fold(text)) == fold(text)


@settings(max_examples=300, deadline=None)
@given(st.text(_VIETNAMESE, max_size=40))
def test_normalize_is_idempotent_on_vietnamese_like_text(text):
    once, changes = normalize_line(text)
    assert normalize_line(once) == (once, [])
    assert all(isinstance(c[3], int) and c[3] > 0 for c in changes)


def test_a_long_line_normalized_twice_gives_the_same_text_and_fold():
    # A scraped article's body on one line (past the short-text memo): the long-text memo must
    # give what normalizing gives, for the raw line and for its normalized copy.
    line = (
        "Tỉnh Khánh Hoà đẩy mạnh chuyển đổi số, Ðề án 06 “thuỷ lợi số” — giai đoạn 2021–2025. " * 40
    )
    assert len(line) > 2000
    expected = normalize_line(line)[0]
    assert "Khánh Hòa" in expected and "Đề án" in expected and "thủy" in expected
    assert normalize_text(line) == expected == normalize_text(line)
    assert normalize_text(expected) == expected
    assert fold(line) == fold(expected) == normalize_line(expected.lower())[0]
