"""Timeline events: dated documents, targets, rankings, meetings; alignment; citation tables."""

from __future__ import annotations

import pandas as pd

from dxcompare import schema
from dxcompare.annotate.provinces import find_provinces
from dxcompare.annotate.segment import split_sentences
from dxcompare.extract.events import (
    EVENT_COLUMNS,
    align_to_national,
    citation_table,
    document_events,
    national_documents,
)
from dxcompare.extract.references import extract_doc_refs


def _events(
    text: str, primary: str | None, published: str | None = None, doc_id: str = "d"
) -> pd.DataFrame:
    spans = split_sentences(text)
    sentences = pd.DataFrame(
        [
            dict(doc_id=doc_id, sentence_id=i, start=s, end=e, text=text[s:e])
            for i, (s, e) in enumerate(spans)
        ],
        columns=schema.SENTENCES,
    )
    mentions = find_provinces(text)
    mentions.insert(0, "doc_id", doc_id)
    return document_events(doc_id, text, sentences, mentions, primary, published)


def _kind(events: pd.DataFrame, kind: str) -> pd.DataFrame:
    return events[events["kind"] == kind].reset_index(drop=True)


# -- national documents -------------------------------------------------------------------------


def test_national_documents_carry_the_reference_dates_and_their_source():
    nat = national_documents().set_index("symbol")
    assert nat.loc["749/QĐ-TTg", "date"] == "2020-06-03"
    assert nat.loc["942/QĐ-TTg", "date"] == "2021-06-15"
    assert nat.loc["411/QĐ-TTg", "date"] == "2022-03-31"
    assert nat.loc["52-NQ/TW", "date"] == "2019-09-27"
    assert nat.loc["57-NQ/TW", "date"] == "2024-12-22"
    assert nat.loc["06/QĐ-TTg", "date"] == "2022-01-06"
    assert "Đề án 06" in nat.loc["06/QĐ-TTg", "aliases"]
    assert nat["source"].notna().all()
    assert nat.loc[nat["date"].isna(), "source"].str.contains("not checked").all()


# -- document events ----------------------------------------------------------------------------


def test_dated_citation_is_a_document_event_with_evidence():
    text = "Ngày 20/4/2022, UBND thành phố ban hành Kế hoạch số 81/KH-UBND về chuyển đổi số. Các sở triển khai ngay."
    events = _events(text, "Đà Nẵng")
    doc = _kind(events, "document").iloc[0]
    assert (doc["symbol"], doc["date"], doc["precision"], doc["action"]) == (
        "81/KH-UBND",
        "2022-04-20",
        "day",
        "issue",
    )
    assert doc["raw"] == "Ngày 20/4/2022, UBND thành phố ban hành Kế hoạch số 81/KH-UBND"
    assert text[doc["start"] : doc["end"]] == doc["raw"]
    assert doc["raw"] in doc["sentence"]
    assert (doc["province"], doc["province_2025"], doc["national"]) == ("Đà Nẵng", "Đà Nẵng", False)
    assert list(events.columns) == EVENT_COLUMNS


def test_sentence_naming_one_other_province_is_attributed_to_it():
    text = (
        "Tỉnh Quảng Nam đã ban hành Kế hoạch số 312/KH-UBND ngày 02/6/2021 về chuyển đổi số. "
        "UBND tỉnh ban hành Quyết định số 1200/QĐ-UBND ngày 9/9/2021 để triển khai."
    )
    docs = _kind(_events(text, "Đà Nẵng"), "document")
    assert docs["symbol"].tolist() == ["312/KH-UBND", "1200/QĐ-UBND"]
    assert docs["province"].tolist() == ["Quảng Nam", "Đà Nẵng"]
    assert docs["province_2025"].tolist() == ["Đà Nẵng", "Đà Nẵng"]


def test_national_programme_cited_in_a_provincial_text_is_marked_national():
    text = "Thực hiện Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ, tỉnh Gia Lai xây dựng kế hoạch."
    doc = _kind(_events(text, "Gia Lai"), "document").iloc[0]
    assert (doc["symbol"], doc["date"], bool(doc["national"]), doc["family"]) == (
        "749/QĐ-TTg",
        "2020-06-03",
        True,
        "state",
    )


def test_approval_without_a_number_names_the_national_programme():
    text = (
        "Ngày 03/6/2020, Thủ tướng Chính phủ phê duyệt “Chương trình Chuyển đổi số quốc gia đến năm 2025, "
        "định hướng đến năm 2030”."
    )
    doc = _kind(_events(text, "Long An"), "document").iloc[0]
    assert (doc["date"], doc["action"], doc["symbol"], bool(doc["national"])) == (
        "2020-06-03",
        "approve",
        "749/QĐ-TTg",
        True,
    )


def test_partial_citation_resolves_inside_its_own_document():
    text = (
        "UBND tỉnh ban hành Quyết định số 530/QĐ-UBND về kiến trúc chính quyền số. "
        "Ngày 11/11/2022, UBND tỉnh ban hành Quyết định số 530 bổ sung, nay được sửa đổi."
    )
    doc = _kind(_events(text, "Bắc Kạn"), "document").iloc[0]
    assert (doc["symbol"], doc["date"]) == ("530/QĐ-UBND", "2022-11-11")


def test_meeting_with_a_date_is_a_meeting_event():
    text = "Ngày 12/10/2023, Tỉnh ủy Lào Cai tổ chức hội nghị sơ kết 2 năm thực hiện nghị quyết về chuyển đổi số."
    meeting = _kind(_events(text, "Lào Cai"), "meeting").iloc[0]
    assert (meeting["date"], meeting["action"], meeting["province"]) == (
        "2023-10-12",
        "meeting",
        "Lào Cai",
    )
    assert "hội nghị" in meeting["raw"]


def test_deadline_and_other_dated_facts():
    text = (
        "Các sở phải hoàn thành trước ngày 30/6/2024 việc số hóa hồ sơ. "
        "Ngày 15/3/2024, tỉnh khai trương Trung tâm điều hành thông minh."
    )
    dated = _kind(_events(text, "Hậu Giang"), "date")
    assert dated["date"].tolist() == ["2024-06-30", "2024-03-15"]
    assert dated["action"].tolist() == ["deadline", "other"]


def test_target_with_a_horizon_year_is_a_target_event():
    text = "Đến năm 2025, tỉnh Bình Phước phấn đấu 90% hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng."
    targets = _kind(_events(text, "Bình Phước"), "target")
    assert len(targets) >= 1
    assert targets["date"].iloc[0] == "2025"
    assert targets["precision"].iloc[0] == "year"
    assert targets["action"].iloc[0] == "deadline"


def test_ranking_is_a_ranking_event():
    text = "Theo kết quả công bố ngày 6/7/2024, tỉnh Quảng Ninh xếp thứ 1/63 về Chỉ số chuyển đổi số cấp tỉnh năm 2023."
    events = _events(text, "Quảng Ninh")
    rankings = _kind(events, "ranking")
    assert _kind(events, "date").empty  # the announcement day dates the ranking, once
    assert len(rankings) == 1
    assert (rankings["value"].iloc[0], rankings["unit"].iloc[0]) == (1, "rank/63")
    assert rankings["action"].iloc[0] == "ranking"
    assert rankings["date"].iloc[0] == "2024-07-06"


def test_a_date_is_used_by_one_event_only():
    text = "Ngày 15/7/2021, Ban Thường vụ Tỉnh ủy Quảng Ninh ban hành Nghị quyết số 09-NQ/TU về chuyển đổi số."
    events = _events(text, "Quảng Ninh")
    assert events["kind"].tolist() == ["document"]


def test_page_dateline_is_not_a_fact_of_the_text():
    events = _events(
        "Thứ Ba, 14/11/2023 08:30 (GMT+7)\nTỉnh Bạc Liêu đẩy mạnh chuyển đổi số.", "Bạc Liêu"
    )
    assert events.empty


def test_text_without_dated_facts_gives_the_columns():
    events = _events("Chuyển đổi số là nhiệm vụ trọng tâm của cả hệ thống chính trị.", "Hà Nam")
    assert events.empty
    assert list(events.columns) == EVENT_COLUMNS


# -- the seeds -----------------------------------------------------------------------------------


def _by_symbol(events: pd.DataFrame) -> dict:
    docs = _kind(events, "document").dropna(subset=["symbol"])
    return {
        s: (d, p) for s, d, p in zip(docs["symbol"], docs["date"], docs["province"], strict=True)
    }


def test_seed_ha_noi_programme_follows_the_national_one(seed_texts):
    events = _events(seed_texts["002_658379389a81f1c0"], "Hà Nội")
    docs = _by_symbol(events)
    assert docs["749/QĐ-TTg"][0] == "2020-06-03"
    assert docs["4098/QĐ-UBND"] == ("2021-09-06", "Hà Nội")
    aligned = align_to_national(events).set_index("symbol")
    assert aligned.loc["4098/QĐ-UBND", "days_after_reference"] == 460
    assert pd.isna(aligned.loc["749/QĐ-TTg", "days_after_reference"])


def test_seed_hai_phong_resolution_then_decision(seed_texts):
    docs = _by_symbol(_events(seed_texts["003_8327b7ecb46c3ee9"], "Hải Phòng"))
    assert docs["03-NQ/TU"] == ("2021-10-26", "Hải Phòng")
    assert docs["284/QĐ-UBND"] == ("2022-01-24", "Hải Phòng")


def test_seed_partial_decision_8258_is_dated(seed_texts):
    events = _events(seed_texts["004_26e7b4dec0642521"], "Hà Nội")
    docs = _kind(events, "document")
    hit = docs[docs["raw"].str.contains("Quyết định số 8258")]
    assert hit["date"].tolist() == ["2025-02-25"]
    assert hit["province"].tolist() == ["Hà Nội"]


# -- alignment and citation tables ----------------------------------------------------------------


def test_alignment_counts_month_precision_from_the_first_day_with_a_note():
    events = pd.DataFrame(
        [
            dict(kind="document", national=False, date="2020-07", precision="month", symbol=None),
            dict(
                kind="document",
                national=False,
                date="2021-09-06",
                precision="day",
                symbol="4098/QĐ-UBND",
            ),
            dict(
                kind="document",
                national=True,
                date="2020-06-03",
                precision="day",
                symbol="749/QĐ-TTg",
            ),
            dict(kind="target", national=False, date="2025", precision="year", symbol=None),
        ]
    )
    out = align_to_national(events)
    assert out["days_after_reference"].tolist()[:2] == [28, 460]
    assert out["days_after_reference"].isna().tolist()[2:] == [True, True]
    assert "month" in out["alignment_note"].iloc[0]
    assert out["alignment_note"].iloc[1] is None


def test_alignment_to_another_reference():
    events = pd.DataFrame(
        [dict(kind="document", national=False, date="2025-01-21", precision="day", symbol=None)]
    )
    assert align_to_national(events, "57-NQ/TW")["days_after_reference"].tolist() == [30]


def test_citation_table_counts_citations_and_documents_per_province():
    texts = {
        "a": (
            "Thái Nguyên",
            "Thực hiện Nghị quyết 57-NQ/TW và Quyết định 749/QĐ-TTg, tỉnh ban hành Kế hoạch số 20/KH-UBND.",
        ),
        "b": ("Thái Nguyên", "Nghị quyết 57 được quán triệt; Kế hoạch số 20 đã triển khai."),
        "c": ("Tuyên Quang", "Tỉnh quán triệt Nghị quyết 57-NQ/TW."),
    }
    frames = []
    for doc_id, (_, text) in texts.items():
        refs = extract_doc_refs(text)
        refs.insert(0, "doc_id", doc_id)
        frames.append(refs)
    documents = pd.DataFrame(
        {"doc_id": list(texts), "primary_province": [p for p, _ in texts.values()]}
    )
    table = citation_table(pd.concat(frames, ignore_index=True), documents)
    tn = table[table["group"] == "Thái Nguyên"].set_index("symbol")
    assert tn.loc["57-NQ/TW", ["n_citations", "n_documents"]].tolist() == [2, 2]
    assert tn.loc["20/KH-UBND", ["n_citations", "n_documents"]].tolist() == [2, 2]
    assert bool(tn.loc["57-NQ/TW", "national"]) and not bool(tn.loc["20/KH-UBND", "national"])
    assert tn.loc["749/QĐ-TTg", "family"] == "state"
    tq = table[table["group"] == "Tuyên Quang"]
    assert tq["symbol"].tolist() == ["57-NQ/TW"]
    assert list(table.columns) == [
        "group",
        "symbol",
        "type_name",
        "family",
        "national",
        "n_citations",
        "n_documents",
    ]


def test_citation_table_labels_year_groups_like_every_other_table(tmp_path):
    import dxcompare

    (tmp_path / "a.txt").write_text(
        "Tuyên Quang ban hành kế hoạch\n\nNgày 10/3/2022, UBND tỉnh Tuyên Quang ban hành Kế hoạch số "
        "45/KH-UBND thực hiện Quyết định số 749/QĐ-TTg ngày 03/6/2020.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "Yên Bái triển khai nghị quyết\n\nTỉnh ủy Yên Bái quán triệt Nghị quyết số 52-NQ/TW.\n",
        encoding="utf-8",
    )
    (tmp_path / "manifest.csv").write_text("file,published\na.txt,2022-03-15\n", encoding="utf-8")
    corpus = dxcompare.load_corpus(tmp_path)
    table = dxcompare.citation_table(corpus.doc_refs, corpus.documents, by="year")
    assert set(table["group"]) == {"2022", "(unknown)"}
    assert "749/QĐ-TTg" in set(table.loc[table["group"] == "2022", "symbol"])


def test_citations_handed_over_give_the_events_found_without_them():
    from dxcompare.extract.dates import extract_dates
    from dxcompare.extract.references import refs_with_dates

    text = (
        "Ngày 12/3/2023, UBND tỉnh Lào Cai ban hành Kế hoạch số 81/KH-UBND về chuyển đổi số, "
        "thực hiện Quyết định số 749/QĐ-TTg ngày 03/6/2020 và Nghị quyết 57. "
        "Đến năm 2025, 80% hồ sơ được xử lý trực tuyến. Hội nghị ngày 5/4/2023 đánh giá kết quả."
    )
    spans = split_sentences(text)
    sentences = pd.DataFrame(
        [
            dict(doc_id="d", sentence_id=i, start=s, end=e, text=text[s:e])
            for i, (s, e) in enumerate(spans)
        ],
        columns=schema.SENTENCES,
    )
    mentions = find_provinces(text)
    mentions.insert(0, "doc_id", "d")
    dates = extract_dates(text, reference="2023-04-06")
    refs = refs_with_dates(text, dates)
    kept = refs.copy()
    found = document_events("d", text, sentences, mentions, "Lào Cai", "2023-04-06", dates=dates)
    given = document_events(
        "d", text, sentences, mentions, "Lào Cai", "2023-04-06", dates=dates, refs=refs
    )
    pd.testing.assert_frame_equal(given, found)
    assert set(found["kind"]) >= {"document", "target", "meeting"}
    pd.testing.assert_frame_equal(refs, kept)  # the caller's citations are left unchanged
