"""Properties every extractor keeps on any text: no crash, offsets into the text, idempotence.

Hypothesis generates arbitrary Unicode and Vietnamese-heavy text (syllables with every tone,
decree numbers, dates, NBSP, combining marks, quotes, ETH). Examples are derandomized so CI
sees the same inputs on every run; a failure prints the smallest text that breaks the rule.
"""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxcompare.analyze.themes import code_text
from dxcompare.annotate.normalize import fold, normalize_line, normalize_text
from dxcompare.annotate.provinces import find_provinces
from dxcompare.annotate.segment import normalize_token, split_sentences, tokenize, tokenize_many
from dxcompare.extract.dates import extract_dates
from dxcompare.extract.references import extract_doc_refs
from dxcompare.extract.targets import extract_targets

PROPERTY = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# underthesea's CRF is the slow part: fewer examples for the segmenter.
SEGMENTER = settings(PROPERTY, max_examples=80)

# Pieces of administrative and news Vietnamese, and the traps that break naive rules.
PIECES = [
    # syllables with every tone, both tone placements, and Đ/ETH
    "chuyển",
    "đổi",
    "số",
    "Tỉnh",
    "ủy",
    "Uỷ",
    "Ủy",
    "hòa",
    "hoà",
    "thủy",
    "thuỷ",
    "quý",
    "Bình",
    "Định",
    "Ðịnh",
    "Khánh",
    "Hoà",
    "Đắk",
    "Lắk",
    "Quảng",
    "Ngãi",
    "Thừa",
    "Thiên",
    "Huế",
    "Hà",
    "Nội",
    "Hồ",
    "Chí",
    "Minh",
    "TP.HCM",
    "Bà Rịa - Vũng Tàu",
    "Lào",
    "Cai",
    "nghị",
    "quyết",
    "kế",
    "hoạch",
    "chính",
    "quyền",
    "kinh",
    "tế",
    "xã",
    "hội",
    "dữ",
    "liệu",
    # dates and periods
    "ngày",
    "tháng",
    "năm",
    "quý",
    "II",
    "giai đoạn",
    "đến năm",
    "nhiệm kỳ",
    "03/6/2020",
    "12/12/2022",
    "tháng 6/2025",
    "quý II/2025",
    "2021 - 2026",
    "24-2-2025",
    "16 giờ trước",
    "Thứ hai,",
    "06 tháng 10 năm 2020",
    "2025",
    "2030",
    "31",
    "13",
    "0",
    "9999",
    "1/1/1",
    # document numbers
    "Quyết định số",
    "749/QĐ-TTg",
    "05-NQ/TU",
    "30/2020/NĐ-CP",
    "86/2015/QH13",
    "1234/UBND-VP",
    "17-NQ/CP",
    "Nghị quyết 57",
    "Đề án 06",
    "QĐ",
    "NQ",
    "TW",
    "/",
    "-",
    "–",
    "—",
    # numbers, targets, ratios
    "100%",
    "92,75",
    "1.234.567",
    "40/63",
    "579/579",
    "3/63",
    "ISO 9001:2015",
    "top 10",
    "xếp thứ",
    "tăng 5 bậc",
    "đạt",
    "phấn đấu",
    "triệu",
    "tỷ đồng",
    "%",
    # punctuation, quotes, spaces, marks
    ".",
    ",",
    ";",
    ":",
    "?",
    "!",
    "…",
    "...",
    '"',
    "“",
    "”",
    "'",
    "‘",
    "’",
    "(",
    ")",
    "[WU1]",
    " ",
    "  ",
    "\u00a0",
    "\t",
    "\n",
    "\r\n",
    "\u200b",
    "\ufeff",
    "\u00ad",
    "\u0300",
    "\u0301",
    "\u0303",
    "\u0309",
    "\u0323",
    "\u0110",
    "\u00d0",
    "<script>",
    "{{ x }}",
    "$\\alpha$",
]

vietnamese_text = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=40
).map(" ".join)
any_text = st.one_of(vietnamese_text, st.text(max_size=200))
nfd_text = vietnamese_text.map(lambda s: unicodedata.normalize("NFD", s))
text_strategy = st.one_of(vietnamese_text, st.text(max_size=200), nfd_text)


def assert_offsets(found: pd.DataFrame, text: str, surface: str = "raw") -> None:
    """Every row's [start, end) lies in the text and spells what the row says it found."""
    for start, end, raw in zip(found["start"], found["end"], found[surface], strict=True):
        assert 0 <= start <= end <= len(text), (start, end, len(text))
        assert text[start:end] == raw


# --------------------------------------------------------------------------- normalization


@PROPERTY
@given(text_strategy)
def test_normalize_text_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


@PROPERTY
@given(text_strategy)
def test_normalized_text_is_nfc_without_eth_or_nbsp(text):
    once = normalize_text(text)
    assert unicodedata.is_normalized("NFC", once)
    assert "\u00d0" not in once and "\u00a0" not in once and "\u200b" not in once


@PROPERTY
@given(text_strategy)
def test_normalize_line_audit_is_empty_exactly_when_nothing_changed(text):
    after, changes = normalize_line(text)
    assert (after == text) == (changes == [])
    for rule, _before, _after, count in changes:
        assert isinstance(rule, str) and count >= 1


@PROPERTY
@given(text_strategy)
def test_fold_is_idempotent_and_ignores_case(text):
    key = fold(text)
    assert fold(key) == key
    assert fold(text.upper()) == fold(text.upper().lower())


@PROPERTY
@given(text_strategy)
def test_normalize_token_is_idempotent(text):
    key = normalize_token(text)
    assert normalize_token(key) == key


# --------------------------------------------------------------------------- extractors


@PROPERTY
@given(text_strategy)
def test_extract_dates_offsets_point_into_the_text(text):
    found = extract_dates(text)
    assert_offsets(found, text)
    assert found.equals(extract_dates(text))


@PROPERTY
@given(text_strategy, st.sampled_from([None, "2022-12-12", "2020-06", "2021"]))
def test_extract_dates_with_a_reference_never_crashes(text, reference):
    assert_offsets(extract_dates(text, reference=reference), text)


@PROPERTY
@given(text_strategy)
def test_extract_doc_refs_offsets_point_into_the_text(text):
    found = extract_doc_refs(text)
    assert_offsets(found, text)
    assert found.equals(extract_doc_refs(text))


@PROPERTY
@given(text_strategy)
def test_extract_targets_offsets_point_into_the_text(text):
    found = extract_targets(text)
    assert_offsets(found, text)
    assert found.equals(extract_targets(text))


@PROPERTY
@given(text_strategy)
def test_find_provinces_offsets_point_into_the_text(text):
    found = find_provinces(text)
    assert_offsets(found, text, surface="surface")
    assert found.equals(find_provinces(text))


@PROPERTY
@given(text_strategy)
def test_code_text_offsets_point_into_the_text(text):
    found = code_text(text)
    assert_offsets(found, text, surface="matched")
    assert found.equals(code_text(text))


@PROPERTY
@given(text_strategy)
def test_sentences_stay_inside_the_text_and_never_cross_a_line(text):
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert "\n" not in text[start:end]
        previous_end = end
    assert spans == split_sentences(text)


@SEGMENTER
@given(text_strategy)
def test_tokens_spell_the_words_they_point_at(text):
    for sentence in [text[s:e] for s, e in split_sentences(text)] or [text]:
        tokens = tokenize(sentence)
        for token, start, end in tokens:
            assert 0 <= start < end <= len(sentence)
            assert token == " ".join(sentence[start:end].split())
        assert tokens == tokenize(sentence)


@SEGMENTER
@given(st.lists(text_strategy, max_size=4))
def test_tokenize_many_is_tokenize_on_each_sentence(sentences):
    assert tokenize_many(sentences) == [tokenize(s) for s in sentences]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\u0301",
        "\u00a0\u00a0",
        "Ð\u0323",
        "ngày 31/2/2024",
        "Quyết định số /QĐ-",
        "năm 0",
        "9" * 400,
        "tháng 13/2025, quý V/2025, ngày 0/0/0",
        "hoà" + "\u0300" * 5,
    ],
)
def test_edge_cases_found_while_writing_these_properties(text):
    for extract, column in (
        (extract_dates, "raw"),
        (extract_doc_refs, "raw"),
        (extract_targets, "raw"),
        (find_provinces, "surface"),
        (code_text, "matched"),
    ):
        assert_offsets(extract(text), text, surface=column)
    assert normalize_text(normalize_text(text)) == normalize_text(text)
