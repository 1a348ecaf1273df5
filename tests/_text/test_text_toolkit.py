"""The shared text helpers in ``dxcompare._text``: each rule once, tested on Vietnamese text."""

from __future__ import annotations

import re

import pytest

from dxcompare import fold
from dxcompare._text.casefold import lower_keeping_offsets
from dxcompare._text.data import bundled_csv, bundled_text, content_lines
from dxcompare._text.marks import ascii_words, strip_marks
from dxcompare._text.patterns import HSPACE
from dxcompare._text.phrases import alternation, longest_first
from dxcompare._text.spans import keep_leftmost, keep_longest, overlaps
from dxcompare.extract.national import NATIONAL_PROGRAMME, national_documents


def test_hspace_takes_spaces_tabs_and_nbsp_but_never_a_line_break():
    pattern = re.compile(f"Quyết{HSPACE}+định")
    assert pattern.fullmatch("Quyết \t\u00a0\u202fđịnh")
    assert not pattern.fullmatch("Quyết\nđịnh")


@pytest.mark.parametrize(
    ("written", "unmarked"),
    [
        ("Đắk Lắk", "Dak Lak"),
        ("Bình Ðịnh", "Binh Dinh"),  # Latin eth (Ð) as some sources write Đ
        ("Thừa Thiên Huế", "Thua Thien Hue"),
        ("Hoa\u0300 Bi\u0300nh", "Hoa Binh"),  # decomposed (NFD) input
        ("QĐ-UBND", "QD-UBND"),
    ],
)
def test_strip_marks_removes_every_vietnamese_mark_and_keeps_case(written, unmarked):
    assert strip_marks(written) == unmarked


def test_ascii_words_is_what_a_user_types_without_vietnamese_input():
    assert ascii_words("Bà Rịa - Vũng Tàu") == "ba ria vung tau"
    assert ascii_words("  TP. Hồ Chí Minh ") == "tp ho chi minh"


def test_fold_keeps_the_marks_that_strip_marks_removes():
    # two meanings, two names: "hòa" (peace) and "hoa" (flower) stay apart in counting
    assert fold("HÒA") == "hòa" != fold("HOA")
    assert strip_marks(fold("HÒA")) == "hoa"


def test_lowering_keeps_every_offset_even_where_str_lower_lengthens():
    text = "İstanbul và Sở TT&TT Đà Nẵng"
    lowered = lower_keeping_offsets(text)
    assert len(lowered) == len(text)
    start = lowered.index("sở tt&tt")
    assert text[start : start + 8] == "Sở TT&TT"
    assert lower_keeping_offsets("Ủy Ban Nhân Dân") == "ủy ban nhân dân"


def test_alternation_tries_the_longer_phrase_first():
    pattern = re.compile(alternation(["chuyển đổi số", "chuyển đổi số quốc gia"]))
    m = pattern.search("Chương trình chuyển đổi số quốc gia đến năm 2025")
    assert m.group(0) == "chuyển đổi số quốc gia"
    assert longest_first(["ab", "c", "de"]) == ["ab", "de", "c"]  # ties keep their order
    assert alternation(["a+", "b"], str) == "a+|b"  # regex pieces are not escaped with str


def test_keep_longest_prefers_the_full_date_over_its_parts():
    text = "ngày 03/6/2020 và tháng 6/2020"
    found = [m.span() for m in re.finditer(r"\d{1,2}/\d{1,2}/\d{4}|\d{1,2}/\d{4}", text)]
    found += [m.span() for m in re.finditer(r"6/2020", text)]
    kept = keep_longest(found, span=lambda s: s)
    assert [text[s:e] for s, e in kept] == ["03/6/2020", "6/2020"]
    assert keep_longest([(5, 9)], span=lambda s: s, taken=[(0, 6)]) == []


def test_keep_leftmost_hides_what_the_first_match_covers():
    spans = [(10, 20), (0, 12), (12, 15), (20, 25)]
    assert keep_leftmost(spans, span=lambda s: s) == [(0, 12), (12, 15), (20, 25)]
    assert overlaps(3, 5, [(4, 10)]) and not overlaps(3, 4, [(4, 10)])


def test_bundled_data_is_read_once_the_same_way():
    rows = bundled_csv("national_documents.csv")
    assert rows and all(not r["symbol"].startswith("#") for r in rows)
    assert content_lines("# chú thích\n\nHà Nội\n  \nHuế") == ["Hà Nội", "Huế"]
    assert "749/QĐ-TTg" in bundled_text("national_documents.csv")


def test_the_national_programme_is_named_once_and_is_in_the_national_list():
    from dxcompare.analyze import summaryviews
    from dxcompare.extract import events
    from dxcompare.plot import timelineviews

    assert NATIONAL_PROGRAMME == "749/QĐ-TTg"
    assert NATIONAL_PROGRAMME in set(national_documents()["symbol"])
    assert summaryviews.REFERENCE == timelineviews.REFERENCE == NATIONAL_PROGRAMME
    assert events.align_to_national.__defaults__ == (NATIONAL_PROGRAMME,)


def test_dash_takes_every_dash_a_range_is_written_with():
    from dxcompare._text.patterns import DASH

    for written in ("2021-2025", "2021–2025", "2021—2025", "2021−2025", "2021‑2025"):
        assert re.fullmatch(rf"\d{{4}}{DASH}\d{{4}}", written), written
    assert not re.fullmatch(rf"\d{{4}}{DASH}\d{{4}}", "2021/2025")
