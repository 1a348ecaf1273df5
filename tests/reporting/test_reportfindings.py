"""Each report's generated findings, on texts written for these tests: the five-province corpus
(tests/data/five_provinces: Cần Thơ, Đắk Lắk, Lai Châu, Quảng Ninh, Thừa Thiên Huế) plus an
official plan of Quảng Ninh with its header, and a file that cannot be read."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import dxcompare
from dxcompare.analyze.themes import code_themes, theme_table
from dxcompare.plot.timelineviews import first_responses, lag_table
from dxcompare.reporting.explorer import explorer_view
from dxcompare.reporting.methods import REPORT_METHODS, accuracy, methods_lines, methods_section
from dxcompare.reporting.navigation import report_nav
from dxcompare.reporting.reportfindings import (
    corpus_findings,
    keyness_findings,
    profile_findings,
    query_findings,
    share_findings,
    speaker_findings,
    timeline_findings,
)
from dxcompare.reporting.sections import closing, opening
from support import DATA

FIVE = DATA / "five_provinces"
QUANG_NINH_PLAN = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NINH
Số: 158/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Quảng Ninh, ngày 14 tháng 7 năm 2021

KẾ HOẠCH
Chuyển đổi số tỉnh Quảng Ninh giai đoạn 2021 - 2025

Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt Chương trình
chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030;
Ủy ban nhân dân tỉnh ban hành Kế hoạch chuyển đổi số với các nội dung sau:
1. Mục tiêu: đến năm 2025, 100% dịch vụ công trực tuyến mức độ 4 được cung cấp trên Cổng dịch vụ công của tỉnh.
2. Phát triển kinh tế số, hỗ trợ doanh nghiệp nhỏ và vừa đưa sản phẩm lên sàn thương mại điện tử.
3. Các sở, ngành phải hoàn thành kết nối cơ sở dữ liệu dùng chung trước năm 2023.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reportfindings")
    for path in FIVE.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    (folder / "quang_ninh_ke_hoach.txt").write_text(QUANG_NINH_PLAN, encoding="utf-8")
    (folder / "hinh_anh.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))  # not text: set aside
    return dxcompare.load_corpus(folder, use_cache=False)


def test_corpus_findings_name_thin_provinces_dates_and_the_file_set_aside(corpus):
    found = corpus_findings(corpus)
    text = " ".join(f.text for f in found)
    assert "9 documents about 5 provinces" in text
    thin = next(f for f in found if f.strength == "thin")
    for province in ("Lai Châu", "Thừa Thiên Huế", "Đắk Lắk"):
        assert province in thin.text
    assert "Cần Thơ" not in thin.text and "Quảng Ninh" not in thin.text  # 3 documents each
    assert "hinh_anh.txt" in text and "set aside" in text
    assert all(f.anchor.startswith("#") for f in found)


def test_timeline_findings_give_days_after_749_and_say_how_many_provinces_the_median_covers(corpus):
    lags = lag_table(corpus.events, by="province")
    first = first_responses(lags)
    provinces = sorted(set(corpus.documents["primary_province"].dropna()))
    found = timeline_findings(first, lags, groups=provinces)
    lc = next(f for f in found if f.text.startswith("Lai Châu's first"))
    assert "612/QĐ-UBND" in lc.text and "1417 days after" in lc.text  # 03/6/2020 -> 20/4/2024
    assert lc.strength == "thin"  # one dated document
    n_dated = first["days_after_reference"].notna().sum()
    medians = [f for f in found if f.text.startswith("Median")]
    if n_dated >= 2:
        assert f"over {n_dated} of 5 provinces" in medians[0].text
    else:  # a median of one number is not a finding
        assert medians == []
    if n_dated < 5:  # the provinces without a dated document are named, not dropped
        assert any("no timing to compare" in f.text for f in found)
    vi = timeline_findings(first, lags, groups=provinces, language="vi")
    assert any("1417 ngày sau đó" in f.text for f in vi)


def test_share_findings_flag_one_document_provinces_and_never_show_a_zero_width_interval(corpus):
    coded = code_themes(corpus)
    pillars = theme_table(coded, corpus, level="pillar", n_boot=200)
    one_doc = pillars[pillars["n_documents_group"] == 1]
    assert len(one_doc) and one_doc["thin"].all()
    assert (one_doc["ci_high"] > one_doc["ci_low"]).all()  # Wilson where the bootstrap is flat
    cb = coded.attrs["codebook"]
    found = share_findings(pillars, lambda t: cb.label(t, "en"))
    assert found
    for f in found:
        assert "95% interval" in f.text and f.strength in ("thin", "weak", "clear")
        assert "0%–0%" not in f.text and "100%–100%" not in f.text
    vi = share_findings(pillars, lambda t: cb.label(t, "vi"), language="vi")
    assert all("số câu" in f.text for f in vi)


def test_keyness_findings_are_not_led_by_a_province_name(corpus):
    key = dxcompare.keyness(corpus, by="primary_province", exclude_templates=True)
    found = keyness_findings(key, corpus)
    assert found
    for f in found:
        word = f.text.split("“", 1)[1].split("”", 1)[0].lower()
        assert word not in {"cần", "thơ", "cần thơ", "quảng", "ninh", "quảng ninh", "huế"}, f.text


def test_profile_and_speaker_findings_for_one_province(corpus):
    [lai_chau] = profile_findings(corpus, "Lai Châu")
    assert lai_chau.strength == "thin" and "1 document" in lai_chau.text
    [none] = profile_findings(corpus, "Hà Giang")
    assert "no document" in none.text
    quotes = dxcompare.quotations(corpus)
    speakers = dxcompare.speaker_table(quotes, corpus, by="primary_province")
    found = speaker_findings(speakers)
    assert any("Lò Thị Mai" in f.text for f in found), [f.text for f in found]
    # "Lãnh đạo tỉnh cho rằng ...": quoted by title only, never "None"
    assert not any("None" in f.text for f in found), [f.text for f in found]
    assert speaker_findings(speakers.iloc[0:0])[0].text.startswith("No quotation")


def test_query_findings_name_the_province_using_it_most_and_say_when_nothing_is_found(corpus):
    coded = code_themes(corpus)
    view = explorer_view(
        corpus, coded, None, None, "thanh toán không dùng tiền mặt", "primary_province"
    )
    [top, *rest] = query_findings(view)
    assert "most often in" in top.text and "per 1,000 words" in top.text
    silent = set(view["counts"].loc[view["counts"]["n_hits"] == 0, "group"])
    if silent:
        assert all(p in rest[0].text for p in silent)
    empty = explorer_view(corpus, coded, None, None, "tàu vũ trụ", "primary_province")
    [none] = query_findings(empty, language="vi")
    assert "không xuất hiện" in none.text


def test_opening_links_the_index_and_saves_the_findings(corpus, tmp_path):
    found = corpus_findings(corpus, language="vi")
    page = opening(
        "corpus_overview", found, ["Cần Thơ", "Lai Châu"], "vi", tmp_path / "corpus_overview"
    )
    assert 'href="../index.html"' in page and 'href="province_profile-lai-chau.html"' in page
    assert 'id="Findings"' in page and "Phát hiện chính" in page
    saved = pd.read_csv(tmp_path / "corpus_overview" / "findings.csv", encoding="utf-8-sig")
    assert len(saved) == len(found) and set(saved["strength"]) <= {"none", "thin", "weak", "clear"}
    end = closing("strategies", ["Cần Thơ"], "en")
    assert end.index("Methods and limitations") < end.index("../index.html")
    assert "<strong>Strategies</strong>" in report_nav("strategies")


def test_every_report_states_its_methods_with_the_measured_accuracy_in_both_languages():
    for report in REPORT_METHODS:
        for language in ("en", "vi"):
            lines = methods_lines(report, language)
            assert lines and any("Caveats" in x or "Lưu ý" in x for x in lines)
    figures = accuracy()  # data/accuracy.json, checked against the docs and the gold set
    timelines = methods_section("timelines")
    assert f"F1 {figures['unseen']['references_f1']:.2f}" in timelines
    assert f"P {figures['timeline']['targets_p']:.2f}" in timelines
    assert f"{figures['gold']['texts']} hand-annotated" in methods_section("corpus_overview")
    vi = f"{figures['current']['references_f1']:.2f}".replace(".", ",")
    assert "Wilson" in methods_section("strategies") and vi in methods_section("summary", "vi")
    with pytest.raises(ValueError, match="unknown"):
        methods_lines("no_such_report")
