"""Document references: shapes, partial citations, attached dates, traps, corpus resolution."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from dxcompare import schema
from dxcompare.extract.references import canonical_symbol, extract_doc_refs, resolve_refs
from support import DATA


def _one(text: str) -> pd.Series:
    refs = extract_doc_refs(text)
    assert len(refs) == 1, refs[["raw", "symbol"]]
    return refs.iloc[0]


def _symbols(text: str) -> list:
    return extract_doc_refs(text)["symbol"].tolist()


# -- canonical_symbol -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, canonical",
    [
        ("4216 / QĐ - UBND", "4216/QĐ-UBND"),
        ("4216/QD-UBND", "4216/QĐ-UBND"),
        ("4216/qđ-ubnd", "4216/QĐ-UBND"),
        ("749/QĐ-TTg", "749/QĐ-TTg"),
        ("30/2020/NĐ-CP", "30/2020/NĐ-CP"),
        ("01/2020/TTLT-BTC-BNV", "01/2020/TTLT-BTC-BNV"),
        ("86/2015/QH13", "86/2015/QH13"),
        ("1234/UBND-VP", "1234/UBND-VP"),
        ("05 - NQ/TU", "05-NQ/TU"),
        ("07-CTr/QU", "07-CTr/QU"),
        ("36-HD/VPTW", "36-HD/VPTW"),
        ("6/QĐ-TTg", "06/QĐ-TTg"),
        ("17-NQ/CP", "17/NQ-CP"),
        ("52/NQ-TW", "52-NQ/TW"),
        ("1111/NQ-UBTVQH15", "1111/NQ-UBTVQH15"),
        ("05-NQ/ÐU", "05-NQ/ĐU"),
    ],
)
def test_canonical_symbol_normalizes_spacing_case_diacritics_and_shape(written, canonical):
    assert canonical_symbol(written) == canonical


@pytest.mark.parametrize(
    "not_a_number",
    ["03/6/2020", "40/63", "579/579", "ISO 9001:2015", "24/7", "4.0", "15%", "5/kh-hn"],
)
def test_canonical_symbol_rejects_dates_ratios_and_standards(not_a_number):
    assert canonical_symbol(not_a_number) is None


# -- shapes in running text -------------------------------------------------------------------


def test_state_decision_with_document_word_and_date_after():
    ref = _one(
        "UBND tỉnh Đồng Tháp đã ban hành Kế hoạch số 176/KH-UBND ngày 12 tháng 5 năm 2022 về chuyển đổi số."
    )
    assert ref["raw"] == "Kế hoạch số 176/KH-UBND"
    assert (ref["symbol"], ref["type"], ref["type_name"]) == ("176/KH-UBND", "KH", "Kế hoạch")
    assert (ref["issuer"], ref["issuer_name"], ref["family"]) == (
        "UBND",
        "Ủy ban nhân dân",
        "state",
    )
    assert ref["date"] == "2022-05-12"
    assert ref["year"] == 2022


def test_date_after_the_issuer_phrase_is_attached():
    refs = extract_doc_refs(
        "Thực hiện Quyết định số 942/QĐ-TTg ngày 15/6/2021 của Thủ tướng Chính phủ, "
        "Sở Thông tin và Truyền thông trình Tờ trình số 1342/TTr-STTTT."
    )
    assert refs["symbol"].tolist() == ["942/QĐ-TTg", "1342/TTr-STTTT"]
    assert refs["date"].tolist() == ["2021-06-15", None]
    assert refs["issuer_name"].tolist() == ["Thủ tướng Chính phủ", "Sở Thông tin và Truyền thông"]


def test_legal_normative_and_joint_circular_numbers():
    refs = extract_doc_refs(
        "Theo Nghị định 30/2020/NĐ-CP và Thông tư liên tịch số 01/2020/TTLT-BTC-BNV, các cơ quan phải số hóa."
    )
    assert refs["symbol"].tolist() == ["30/2020/NĐ-CP", "01/2020/TTLT-BTC-BNV"]
    assert refs["year"].tolist() == [2020, 2020]
    assert refs["type_name"].tolist() == ["Nghị định", "Thông tư liên tịch"]
    assert refs["issuer"].tolist() == ["CP", "BTC-BNV"]


def test_law_number_keeps_the_law_title_as_evidence():
    ref = _one("Luật An toàn thông tin mạng số 86/2015/QH13 quy định rõ trách nhiệm của chủ quản.")
    assert ref["raw"] == "Luật An toàn thông tin mạng số 86/2015/QH13"
    assert (ref["symbol"], ref["family"], ref["type_name"], ref["issuer_name"]) == (
        "86/2015/QH13",
        "law",
        "Luật",
        "Quốc hội",
    )


def test_official_letter_reads_issuer_then_unit():
    # contract changed on purpose: the issuer is the sender (vietnamese.md §5 <ISSUER>-<UNIT>),
    # the drafting unit is kept in flags (it was "UBND-KGVX", one issuer per drafting unit)
    ref = _one("Công văn số 2345/UBND-KGVX của UBND tỉnh Nghệ An đề nghị các sở báo cáo.")
    assert (ref["symbol"], ref["type"], ref["issuer"]) == ("2345/UBND-KGVX", "CV", "UBND")
    assert ref["flags"] == "drafting_unit=KGVX"


def test_party_documents_of_every_level():
    refs = extract_doc_refs(
        "Hướng dẫn 36-HD/VPTW, Chỉ thị 15-CT/TU, Kết luận 28-KL/TW và Chương trình số 09-CTr/QU đã được quán triệt."
    )
    assert refs["symbol"].tolist() == ["36-HD/VPTW", "15-CT/TU", "28-KL/TW", "09-CTr/QU"]
    assert set(refs["family"]) == {"party"}
    assert refs["type_name"].tolist() == ["Hướng dẫn", "Chỉ thị", "Kết luận", "Chương trình"]


def test_spaces_around_dash_and_slash_are_read():
    ref = _one("Nghị quyết số 12 - NQ / HU của Huyện ủy Krông Pắc")
    assert ref["symbol"] == "12-NQ/HU"
    assert ref["raw"] == "Nghị quyết số 12 - NQ / HU"


def test_citation_split_across_a_line_is_flagged():
    text = "Tỉnh ủy Lâm Đồng ban hành Nghị quyết số 05-\nNQ/TU về chuyển đổi số"
    ref = _one(text)
    assert ref["symbol"] == "05-NQ/TU"
    assert "split_line" in ref["flags"].split(";")
    assert text[ref["start"] : ref["end"]] == ref["raw"]


def test_party_shaped_government_resolution_is_normalized_and_flagged():
    refs = extract_doc_refs(
        "Chính phủ đã ban hành Nghị quyết 23-NQ/CP về cải cách và Nghị quyết 02-NQ/CP về môi trường kinh doanh."
    )
    assert refs["symbol"].tolist() == ["23/NQ-CP", "02/NQ-CP"]
    assert refs["raw"].tolist() == ["Nghị quyết 23-NQ/CP", "Nghị quyết 02-NQ/CP"]
    assert all("misformatted_party_shape" in f for f in refs["flags"])
    assert set(refs["family"]) == {"state"}


def test_state_shaped_politburo_resolution_is_normalized_and_flagged():
    ref = _one("Thực hiện Nghị quyết 52/NQ-TW của Bộ Chính trị, tỉnh Vĩnh Long xây dựng kế hoạch.")
    assert ref["symbol"] == "52-NQ/TW"
    assert "misformatted_state_shape" in ref["flags"]


def test_text_without_diacritics_and_in_lower_case():
    refs = extract_doc_refs("Quyet dinh so 4216/QD-UBND va quyết định số 4216/qđ-ubnd")
    assert refs["symbol"].tolist() == ["4216/QĐ-UBND", "4216/QĐ-UBND"]
    assert refs["raw"].tolist() == ["Quyet dinh so 4216/QD-UBND", "quyết định số 4216/qđ-ubnd"]


# -- partial citations ------------------------------------------------------------------------


def test_partial_citations_have_type_and_number_but_no_symbol():
    refs = extract_doc_refs(
        "Tỉnh Cà Mau triển khai Đề án 06 và Nghị quyết 57 của Bộ Chính trị, Quyết định số 1580 về dữ liệu."
    )
    assert refs["raw"].tolist() == ["Đề án 06", "Nghị quyết 57", "Quyết định số 1580"]
    assert refs["type"].tolist() == ["ĐA", "NQ", "QĐ"]
    assert refs["number"].tolist() == ["06", "57", "1580"]
    assert refs["symbol"].isna().all()
    assert all(f == "partial" for f in refs["flags"])


def test_partial_citation_takes_the_date_written_after_it():
    ref = _one("Thành ủy Cần Thơ ban hành Chương trình số 07 ngày 10/3/2022 về chuyển đổi số.")
    assert (ref["raw"], ref["date"], ref["type_name"]) == (
        "Chương trình số 07",
        "2022-03-10",
        "Chương trình",
    )


def test_counted_plans_and_periods_are_not_partial_citations():
    assert extract_doc_refs(
        "Kế hoạch 5 năm 2021 - 2025, Chương trình 1 triệu sáng kiến, Nghị quyết 2021 - 2025 và Kế hoạch 2025 của tỉnh."
    ).empty


# -- dates written before the citation -----------------------------------------------------


def test_date_opening_the_sentence_is_attached_to_the_issued_document():
    ref = _one(
        "Ngày 15/7/2021, Ban Thường vụ Tỉnh ủy Quảng Ninh ban hành Nghị quyết số 09-NQ/TU về chuyển đổi số."
    )
    assert ref["date"] == "2021-07-15"
    assert "date_before" in ref["flags"]


def test_date_after_a_cited_resolution_belongs_to_the_next_clause():
    refs = extract_doc_refs(
        "Thực hiện Nghị quyết số 05-NQ/TU của Tỉnh ủy, ngày 14/9/2021 UBND tỉnh Phú Yên đã ban hành Kế hoạch số 99/KH-UBND."
    )
    assert refs["date"].tolist() == [None, "2021-09-14"]


def test_date_attached_after_one_citation_is_not_reused_for_the_next():
    refs = extract_doc_refs(
        "Căn cứ Nghị quyết số 05-NQ/TU ngày 14/9/2021 của Tỉnh ủy, UBND tỉnh đã ban hành Kế hoạch số 99/KH-UBND."
    )
    assert refs["date"].tolist() == ["2021-09-14", None]


def test_two_dated_citations_in_a_preamble():
    refs = extract_doc_refs(
        "Căn cứ Nghị quyết số 26/NQ-CP ngày 15 tháng 4 năm 2015 của Chính phủ ban hành Chương trình hành động "
        "thực hiện Nghị quyết số 36-NQ/TW ngày 01 tháng 7 năm 2014 của Bộ Chính trị;"
    )
    assert refs["symbol"].tolist() == ["26/NQ-CP", "36-NQ/TW"]
    assert refs["date"].tolist() == ["2015-04-15", "2014-07-01"]


def test_a_date_that_is_no_issuing_date_is_not_attached():
    refs = extract_doc_refs(
        "Ngày 6/4/2024, Bộ Nội vụ công bố Chỉ số cải cách hành chính; Quyết định số 321/QĐ-UBND vẫn còn hiệu lực."
    )
    assert refs["date"].tolist() == [None]


# -- traps ----------------------------------------------------------------------------------


def test_dates_ratios_standards_and_percentages_are_not_references():
    text = "Ngày 03/6/2020, 40/63 tỉnh, 579/579 xã, ISO 9001:2015, trực 24/7, công nghiệp 4.0, đạt 95,5% và 3/63."
    assert extract_doc_refs(text).empty


def test_empty_text_gives_the_schema_columns():
    refs = extract_doc_refs("")
    assert list(refs.columns) == schema.DOC_REFS
    assert refs.empty


def test_offsets_are_evidence_and_rows_are_sorted():
    text = (
        "Ngày 03/6/2020, Thủ tướng ban hành Quyết định 749/QĐ-TTg; Tỉnh ủy Bắc Ninh có Nghị quyết 15-NQ/TU "
        "và Đề án 06.\nKế hoạch số 12/KH-UBND ngày 2/2/2022."
    )
    refs = extract_doc_refs(text)
    assert refs["start"].is_monotonic_increasing
    for row in refs.itertuples():
        assert text[row.start : row.end] == row.raw


# -- the seeds --------------------------------------------------------------------------------


def test_seed_national_programme_dated_from_the_sentence_opening(seed_texts):
    refs = extract_doc_refs(seed_texts["002_658379389a81f1c0"])
    dated = dict(zip(refs["symbol"], refs["date"], strict=True))
    assert dated["749/QĐ-TTg"] == "2020-06-03"
    assert dated["4098/QĐ-UBND"] == "2021-09-06"


def test_seed_hai_phong_resolution_and_decision_dates(seed_texts):
    refs = extract_doc_refs(seed_texts["003_8327b7ecb46c3ee9"])
    first = refs.drop_duplicates("symbol").set_index("symbol")["date"]
    assert first["03-NQ/TU"] == "2021-10-26"
    assert first["284/QĐ-UBND"] == "2022-01-24"
    assert refs.loc[refs["symbol"] == "03-NQ/TU", "date"].tolist()[1:] == [None, None, None]


def test_seed_binh_dinh_resolution_is_found_each_time(seed_texts):
    refs = extract_doc_refs(seed_texts["001_2c77bc4ad56ba6cd"])
    assert refs["symbol"].tolist() == ["05-NQ/TU"] * 4


def test_seed_partial_decision_and_misformatted_government_resolutions(seed_texts):
    refs = extract_doc_refs(seed_texts["004_26e7b4dec0642521"])
    partial = refs[refs["raw"] == "Quyết định số 8258"].iloc[0]
    assert (partial["date"], partial["number"], partial["flags"]) == (
        "2025-02-25",
        "8258",
        "partial;date_before",
    )
    misformatted = refs[refs["flags"].str.contains("misformatted_party_shape")]
    assert misformatted["raw"].tolist() == ["Nghị quyết 17-NQ/CP", "Nghị quyết 01-NQ/CP"]
    assert misformatted["symbol"].tolist() == ["17/NQ-CP", "01/NQ-CP"]


# -- resolve_refs -----------------------------------------------------------------------------


def _refs_of(docs: dict[str, tuple[str, str]]) -> pd.DataFrame:
    frames = []
    for doc_id, (province, text) in docs.items():
        refs = extract_doc_refs(text)
        refs.insert(0, "doc_id", doc_id)
        refs["primary_province"] = province
        frames.append(refs)
    return pd.concat(frames, ignore_index=True)


def test_partial_citation_resolves_to_the_full_number_cited_in_the_same_province():
    refs = _refs_of(
        {
            "a": (
                "Nghệ An",
                "UBND tỉnh ban hành Quyết định số 8258/QĐ-UBND về ứng dụng dùng chung.",
            ),
            "b": ("Nghệ An", "Theo Quyết định số 8258, các sở dùng chung ứng dụng."),
            "c": ("Hà Tĩnh", "Quyết định số 8258 của tỉnh Hà Tĩnh về giao thông."),
        }
    )
    out = resolve_refs(refs)
    assert out["resolved_symbol"].tolist() == ["8258/QĐ-UBND", "8258/QĐ-UBND", None]


def test_partial_citation_resolves_through_the_national_list():
    refs = _refs_of(
        {"a": ("Sóc Trăng", "Tỉnh quán triệt Nghị quyết 57 và triển khai Đề án 06 đến cấp xã.")}
    )
    assert resolve_refs(refs)["resolved_symbol"].tolist() == ["57-NQ/TW", "06/QĐ-TTg"]


def test_province_can_come_from_the_documents_table():
    refs = _refs_of(
        {
            "a": (None, "Kế hoạch số 45/KH-UBND của tỉnh về chuyển đổi số."),
            "b": (None, "Kế hoạch số 45 được triển khai."),
        }
    ).drop(columns="primary_province")
    documents = pd.DataFrame({"doc_id": ["a", "b"], "primary_province": ["Yên Bái", "Yên Bái"]})
    assert resolve_refs(refs, documents)["resolved_symbol"].tolist() == ["45/KH-UBND"] * 2
    assert resolve_refs(refs)["resolved_symbol"].tolist() == ["45/KH-UBND", None]


def test_two_equally_cited_candidates_stay_unresolved():
    refs = _refs_of(
        {
            "a": ("Kon Tum", "Kế hoạch số 45/KH-UBND và Kế hoạch số 45/KH-STTTT."),
            "b": ("Kon Tum", "Kế hoạch số 45 được triển khai."),
        }
    )
    assert resolve_refs(refs)["resolved_symbol"].tolist() == ["45/KH-UBND", "45/KH-STTTT", None]


# -- evaluation set -----------------------------------------------------------------------------

GOLD = DATA / "timeline_gold" / "refs_gold.yaml"


def _matches(expected: dict, found: pd.Series, text: str) -> bool:
    """The shared gold rule: spans overlap and every given field but raw is equal."""
    start = text.find(expected["raw"])
    overlap = start < found["end"] and found["start"] < start + len(expected["raw"])
    return overlap and all(found[k] == v for k, v in expected.items() if k != "raw")


def test_gold_set_citations_symbols_and_dates():
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    assert gold["function"] == "dxcompare.extract.references.extract_doc_refs"
    items = gold["items"]
    assert len(items) >= 30
    n_expected = n_found = hits = 0
    for item in items:
        found = extract_doc_refs(item["text"])
        n_expected += len(item["expected"])
        n_found += len(found)
        for exp in item["expected"]:
            hits += any(_matches(exp, row, item["text"]) for _, row in found.iterrows())
    assert hits / n_found >= 0.95  # precision
    assert hits / n_expected >= 0.95  # recall


def test_date_wrapped_across_a_line_is_attached_to_the_citation():
    ref = _one(
        "Căn cứ Quyết định số 2289/QĐ-UBND ngày 03 tháng 11\nnăm 2022 của UBND tỉnh Yên Bái;"
    )
    assert (ref["symbol"], ref["date"]) == ("2289/QĐ-UBND", "2022-11-03")


def test_party_body_of_the_centre_keeps_its_party_shape():
    ref = _one("Triển khai Hướng dẫn số 04-HD/BCĐTW của Ban Chỉ đạo Trung ương, tỉnh Phú Thọ ...")
    assert (ref["symbol"], ref["family"], ref["flags"]) == ("04-HD/BCĐTW", "party", "")
    assert ref["issuer_name"] == "Ban Chỉ đạo Trung ương"


@pytest.mark.parametrize(
    "written, canonical",
    [
        ("11/KH-BTGDVTW", "11-KH/BTGDVTW"),  # a code ending in TW is Party, whatever its shape
        ("08-HD/BTGTƯ", "08-HD/BTGTW"),  # old spelling TƯ of a Central body, not BTGTU
        ("06-KH/ĐUKCQ", "06-KH/ĐUKCQ"),  # unknown issuer: the shape as written stands
        ("27/KH-BQLDA", "27/KH-BQLDA"),
        ("14-KH/BCĐ", "14-KH/BCĐ"),  # a steering committee may be Party or state
        ("14/KH-BCĐ", "14/KH-BCĐ"),
        ("09-CV/BTCTU", "09-CV/BTCTU"),
    ],
)
def test_only_a_known_state_issuer_is_reshaped(written, canonical):
    assert canonical_symbol(written) == canonical


def test_unknown_party_shaped_issuer_is_not_flagged_as_misformatted():
    ref = _one("Công văn số 215-CV/ĐUCQ của Đảng ủy các cơ quan tỉnh Trà Vinh")
    assert (ref["symbol"], ref["family"], ref["flags"]) == ("215-CV/ĐUCQ", "party", "")


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Chỉ tiêu | Thực hiện 2024 | Kế hoạch 2026 |\n", []),
        ("Đề án 2030 về chính quyền số của tỉnh Hậu Giang được triển khai.", []),
        ("Theo Kế hoạch số 2026 của UBND tỉnh Sơn La, các sở báo cáo.", ["2026"]),
        ("Thực hiện Kế hoạch 2026/KH-UBND của tỉnh Hòa Bình.", ["2026"]),
        ("Nghị quyết 36 của Tỉnh ủy Phú Yên đã đề ra mục tiêu.", ["36"]),
    ],
)
def test_number_after_document_word_agrees_with_dates(text, numbers):
    from dxcompare.extract.dates import extract_dates

    refs = extract_doc_refs(text)
    assert refs["number"].tolist() == numbers
    years = extract_dates(text)
    cited = {int(n) for n in numbers}
    assert not any(int(v) in cited for v in years["value"] if v and len(v) == 4)


@pytest.mark.parametrize(
    ("text", "raw", "number", "type_"),
    [
        (
            "Thực hiện NQ 36 của Tỉnh ủy Quảng Bình, các huyện xây dựng kế hoạch.",
            "NQ 36",
            "36",
            "NQ",
        ),
        (
            "Theo QĐ số 3157 ngày 12/9/2023, Sở Y tế triển khai bệnh án điện tử.",
            "QĐ số 3157",
            "3157",
            "QĐ",
        ),
        ("Các xã của Nghệ An đã triển khai KH 88 về chuyển đổi số.", "KH 88", "88", "KH"),
        ("Sở Tài chính có CV số 456 gửi các đơn vị.", "CV số 456", "456", "CV"),
    ],
)
def test_upper_case_type_code_before_a_bare_number_is_a_partial_citation(text, raw, number, type_):
    ref = _one(text)
    assert (ref["raw"], ref["number"], ref["type"], ref["flags"]) == (raw, number, type_, "partial")


@pytest.mark.parametrize(
    "text",
    [
        "Năm nay tỉnh Bình Phước có NQ 12 tháng liên tục tăng trưởng.",  # no citation word after
        "Màn hình HD 720 được lắp ở bộ phận một cửa.",  # HD is not cited alone
        "Học viên TT 03 lớp bồi dưỡng đã tốt nghiệp.",
        "Tỉnh ban hành NQ 2025 của HĐND.",  # a year without "số" (cited_number)
        "nq 57 của Bộ Chính trị",  # lower case is not a code
    ],
)
def test_type_codes_not_cited_alone_or_without_a_citation_context(text):
    assert extract_doc_refs(text).empty


def test_type_code_with_so_before_a_full_number_is_part_of_the_citation():
    ref = _one("Căn cứ QĐ số 1021/QĐ-UBND ngày 20/5/2024 của UBND tỉnh Đồng Nai;")
    assert (ref["raw"], ref["symbol"], ref["date"]) == (
        "QĐ số 1021/QĐ-UBND",
        "1021/QĐ-UBND",
        "2024-05-20",
    )


@pytest.mark.parametrize(
    ("text", "issuer", "unit"),
    [
        ("Văn bản số 812/SNV-CCHC của Sở Nội vụ tỉnh Tây Ninh hướng dẫn rà soát.", "SNV", "CCHC"),
        ("UBND tỉnh Kon Tum có Công văn 3301/UBND-KTTH ngày 2/10/2024 gửi các sở.", "UBND", "KTTH"),
        (
            "Công văn số 77/STTTT-BCVT-CNTT của Sở TT&TT Phú Yên đề nghị báo cáo.",
            "STTTT",
            "BCVT-CNTT",
        ),
    ],
)
def test_official_letter_issuer_is_the_sender_and_the_unit_is_in_flags(text, issuer, unit):
    ref = _one(text)
    assert (ref["type"], ref["issuer"]) == ("CV", issuer)
    assert f"drafting_unit={unit}" in ref["flags"].split(";")
    assert ref["symbol"].endswith(f"/{issuer}-{unit}")


def test_joint_issuers_of_a_state_document_stay_joined():
    ref = _one("Căn cứ Thông tư liên tịch số 03/2021/TTLT-BTTTT-BNV của hai bộ;")
    assert (ref["issuer"], ref["flags"]) == ("BTTTT-BNV", "")


# -- issue 16: short symbols, mixed-case departments, levels from the body named ---------------


@pytest.mark.parametrize(
    ("text", "symbol", "issuer"),
    [
        (
            "UBND tỉnh Hưng Yên chọn ngày ban hành Nghị quyết 03/TU là Ngày chuyển đổi số của tỉnh.",
            "03-NQ/TU",
            "TU",
        ),
        ("Sơn La triển khai Quyết định 749/TTg về chuyển đổi số quốc gia.", "749/QĐ-TTg", "TTg"),
        (
            "Theo tinh thần Chỉ thị số 05/TW, Tỉnh ủy Phú Yên yêu cầu các cấp ủy...",
            "05-CT/TW",
            "TW",
        ),
        ("Huyện ủy Mường Tè thực hiện Kết luận 12/HU về chuyển đổi số.", "12-KL/HU", "HU"),
    ],
)
def test_a_document_word_number_and_issuer_without_type_code_is_a_short_symbol(
    text, symbol, issuer
):
    row = _one(text)
    assert (row["symbol"], row["issuer"]) == (symbol, issuer)
    assert "short_symbol" in row["flags"]


@pytest.mark.parametrize(
    "text",
    [
        "Kế hoạch 12/KH được giao cho các sở.",  # a type code is no issuer
        "Tỷ lệ đạt 40/63 tỉnh, thành phố.",  # no document word
        "Nghị quyết 57/2024 của Bộ Chính trị",  # a year, not an issuer
    ],
)
def test_no_short_symbol_without_a_known_issuer(text):
    assert "short_symbol" not in ";".join(extract_doc_refs(text)["flags"].astype(str))


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        (
            "Theo đề nghị của Sở Khoa học và Công nghệ tại Tờ trình số 07/TTr-SoKHCN ngày 20/3/2025.",
            "SoKHCN",
        ),
        (
            "Xét Tờ trình số 215/TTr-SởTTTT ngày 02/8/2023 của Sở Thông tin và Truyền thông Kon Tum.",
            "SoTTTT",
        ),
    ],
)
def test_a_department_written_so_and_initials_is_an_issuer(text, issuer):
    row = _one(text)
    assert (row["type"], row["issuer"], row["level"]) == ("TTr", issuer, "province")


@pytest.mark.parametrize(
    ("text", "level"),
    [
        (
            "Thực hiện Kế hoạch số 358/KH-UBND ngày 18/01/2023 của UBND huyện về chuyển đổi số"
            " huyện Đăk R’lấp năm 2023.",
            "district",
        ),
        ("Căn cứ Quyết định số 112/QĐ-UBND của Ủy ban nhân dân thị xã Hoàng Mai.", "district"),
        ("Theo Kế hoạch số 45/KH-UBND ngày 02/3/2024 của UBND xã Thạch Kim.", "commune"),
        (
            "Căn cứ Quyết định số 1929/QĐ-UBND ngày 01/8/2022 của Ủy ban nhân dân tỉnh Cà Mau.",
            "province",
        ),
        ("Kế hoạch số 5731/KH-UBND của UBND thành phố Cần Thơ về chuyển đổi số.", "province"),
        ("Kế hoạch số 88/KH-UBND của UBND thành phố Thủ Dầu Một về chuyển đổi số.", "district"),
        (
            "Thực hiện Kế hoạch số 246/KH-UBND ngày 06/11/2024 về chuyển đổi số tỉnh Lạng Sơn.",
            "province",
        ),
    ],
)
def test_the_level_of_a_peoples_committee_document_comes_from_the_body_named_after_it(text, level):
    assert _one(text)["level"] == level


def test_a_central_issuer_keeps_its_level_whatever_follows():
    text = (
        "Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng; Kế hoạch của UBND huyện Krông Pắc"
    )
    assert _one(text)["level"] == "national"


def test_a_letter_shaped_number_under_another_types_word_takes_the_words_type():
    row = _one("- Quyết định số\n2323/BTTTT-THH ngày 31 tháng 12 năm 2019 của Bộ trưởng Bộ TT&TT")
    assert (row["type"], row["issuer"]) == ("QĐ", "BTTTT")
    assert "type_from_word" in row["flags"]
    letter = _one("Thực hiện Công văn số 5511/BKHCN-CĐSQG ngày 10/10/2025 của Bộ KH&CN")
    assert (letter["type"], letter["issuer"]) == ("CV", "BKHCN")
    assert "type_from_word" not in letter["flags"]
