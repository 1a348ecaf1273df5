"""Timeline views: event days at every precision, lags after 749/QĐ-TTg, the swimlane figure."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from matplotlib.figure import Figure

import dxcompare
from dxcompare.extract.events import EVENT_COLUMNS
from dxcompare.plot.timelineviews import (
    event_day,
    first_responses,
    lag_table,
    national_reference,
    plot_swimlane,
    timeline_table,
)


def event(doc_id, province, day, kind="document", symbol=None, national=False, precision="day",
          sentence="", start=0, raw=""):  # fmt: skip
    row = dict.fromkeys(EVENT_COLUMNS)
    row.update(doc_id=doc_id, province=province, province_2025=province, date=day, kind=kind,
               symbol=symbol, national=national, precision=precision, sentence=sentence,
               start=start, end=start + 5, sentence_id=0, raw=raw or sentence, action="issue")  # fmt: skip
    return row


@pytest.fixture
def written_events() -> pd.DataFrame:
    """Events of articles written for this test (other provinces, other numbers, other forms)."""
    return pd.DataFrame(
        [
            event("lc", "Lào Cai", "2022-08-20", symbol="312/KH-UBND",
                  sentence="Ngày 20/8/2022, UBND tỉnh Lào Cai ban hành Kế hoạch số 312/KH-UBND."),
            event("lc", "Lào Cai", "2020-06-03", symbol="749/QĐ-TTg", national=True, start=80,
                  sentence="Thực hiện Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng."),
            event("dn", "Đà Nẵng", "2021-03", symbol="05-NQ/TU", precision="month",
                  sentence="Tháng 3/2021, Thành ủy Đà Nẵng ban hành Nghị quyết số 05-NQ/TU."),
            event("dn", "Đà Nẵng", "2019-11-02", symbol="12/QĐ-UBND", start=90,
                  sentence="Ngày 2/11/2019, UBND thành phố ban hành Quyết định số 12/QĐ-UBND."),
            event("dn", "Đà Nẵng", "2025", kind="target", precision="year", start=150,
                  sentence="Đến năm 2025, 100% dịch vụ công trực tuyến mức độ 4."),
            event("ct", "Cần Thơ", "2023-Q4", kind="meeting", precision="quarter",
                  sentence="Hội nghị sơ kết chuyển đổi số quý IV/2023."),
            event("ct", "Cần Thơ", None, kind="date", precision=None, start=60),
        ]
    )  # fmt: skip


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-08-20", date(2022, 8, 20)),
        ("2021-03", date(2021, 3, 1)),
        ("2023-Q4", date(2023, 10, 1)),
        ("2030", date(2030, 1, 1)),
        ("2021/2026", date(2021, 1, 1)),
        (None, None),
        ("2022-02-30", None),
        ("không rõ", None),
    ],
)
def test_event_day_is_the_first_day_at_any_precision(value, expected):
    assert event_day(value) == expected


def test_lag_counts_days_from_the_national_programme_for_provincial_documents_only(
    written_events,
):
    lags = lag_table(written_events)
    # by province (code-point order, as every dxcompare table), then days
    assert list(lags["symbol"]) == ["312/KH-UBND", "12/QĐ-UBND", "05-NQ/TU"]
    by_symbol = lags.set_index("symbol")
    # 03/6/2020 -> 20/8/2022: 808 days; a month-precision date counts from the 1st, with a note
    assert by_symbol.loc["312/KH-UBND", "days_after_reference"] == 808
    assert by_symbol.loc["05-NQ/TU", "days_after_reference"] == 271
    assert "month" in by_symbol.loc["05-NQ/TU", "alignment_note"]
    assert by_symbol.loc["12/QĐ-UBND", "days_after_reference"] < 0
    assert set(lags["reference"]) == {"749/QĐ-TTg"} and set(lags["reference_date"]) == {
        "2020-06-03"
    }
    assert "Lào Cai" in by_symbol.loc["312/KH-UBND", "sentence"]


def test_first_response_skips_documents_issued_before_the_programme(written_events):
    first = first_responses(lag_table(written_events)).set_index("group")
    assert first.loc["Đà Nẵng", "symbol"] == "05-NQ/TU"
    assert first.loc["Đà Nẵng", "n_documents"] == 1
    assert list(first.index) == ["Đà Nẵng", "Lào Cai"]  # quickest first


def test_first_response_counts_each_document_after_the_programme_once():
    events = pd.DataFrame(
        [
            event("qn1", "Quảng Ninh", "2021-04-12", symbol="88/KH-UBND",
                  sentence="Ngày 12/4/2021, UBND tỉnh Quảng Ninh ban hành Kế hoạch số 88/KH-UBND."),
            event("qn2", "Quảng Ninh", "2021-04-12", symbol="88/KH-UBND",
                  sentence="Thực hiện Kế hoạch số 88/KH-UBND ngày 12/4/2021 của UBND tỉnh."),
            event("qn2", "Quảng Ninh", "2022-01-05", start=70, raw="Quyết định số 15",
                  sentence="Ngày 5/1/2022, tỉnh ban hành Quyết định số 15 về chuyển đổi số."),
            event("qn3", "Quảng Ninh", "2019-12-30", symbol="2/NQ-HĐND",
                  sentence="Ngày 30/12/2019, HĐND tỉnh thông qua Nghị quyết số 2/NQ-HĐND."),
        ]
    )  # fmt: skip
    first = first_responses(lag_table(events)).set_index("group")
    assert first.loc["Quảng Ninh", "symbol"] == "88/KH-UBND"
    # 88/KH-UBND (cited twice) + Quyết định số 15; the 2019 resolution precedes 749/QĐ-TTg
    assert first.loc["Quảng Ninh", "n_documents"] == 2


def test_lag_table_of_no_events_has_the_columns():
    lags = lag_table(pd.DataFrame(columns=EVENT_COLUMNS))
    assert lags.empty and "days_after_reference" in lags.columns
    assert first_responses(lags).empty


def test_timeline_table_drops_undated_events_and_keeps_chosen_provinces(written_events):
    table = timeline_table(written_events, provinces=["Cần Thơ"])
    assert list(table["kind"]) == ["meeting"]
    assert table["day"].iloc[0] == date(2023, 10, 1)


def test_national_reference_keeps_cited_national_documents_and_the_reference(written_events):
    nat = national_reference(written_events)
    assert list(nat["symbol"]) == ["749/QĐ-TTg"]
    assert nat["day"].iloc[0] == date(2020, 6, 3)


def _texts(fig: Figure) -> list[str]:
    ax = fig.axes[0]
    return [t.get_text() for t in ax.texts] + [t.get_text() for t in ax.get_yticklabels()]


def test_swimlane_has_a_lane_per_province_under_the_national_one_with_lag_labels(written_events):
    fig = plot_swimlane(written_events)
    assert isinstance(fig, Figure)
    labels = _texts(fig)
    assert {"Lào Cai", "Đà Nẵng", "Cần Thơ", "National documents"} <= set(labels)
    assert "312/KH-UBND (+808 d)" in labels
    assert "12/QĐ-UBND (-214 d)" in labels
    fig.savefig(__import__("io").BytesIO(), format="png")  # draws without error


def test_swimlane_shows_only_the_chosen_provinces(written_events):
    labels = _texts(plot_swimlane(written_events, provinces=["Lào Cai"]))
    assert "Lào Cai" in labels and "Đà Nẵng" not in labels


def test_swimlane_survives_dollar_signs_and_an_empty_table(written_events):
    hostile = written_events.copy()
    hostile.loc[0, "symbol"] = "$x$ 5$"
    hostile.loc[0, "province"] = "Quảng Ninh $"
    fig = plot_swimlane(hostile)
    fig.savefig(__import__("io").BytesIO(), format="png")  # a lone "$" would break mathtext
    empty = plot_swimlane(pd.DataFrame(columns=EVENT_COLUMNS))
    empty.savefig(__import__("io").BytesIO(), format="png")


def test_swimlane_of_the_seeds_labels_hanoi_decision_460_days_after(seeds_dir):
    corpus = dxcompare.load_corpus(seeds_dir)
    labels = _texts(plot_swimlane(corpus.events))
    assert "4098/QĐ-UBND (+460 d)" in labels
    assert "Quyết định số 8258 (+1728 d)" in labels  # cited without its full symbol
    lags = lag_table(corpus.events)
    assert set(lags["group"]) == {"Hà Nội", "Hải Phòng"}
