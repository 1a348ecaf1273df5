"""The explorer's phrase search: diacritics optional, suggestions when nothing is found, and the
note a JupyterLab user sees with the live controls."""

from __future__ import annotations

import pytest

import dxcompare
from dxcompare.plot.themeviews import theme_kwic, unmarked_same_length
from dxcompare.reporting.explorer import KERNEL_NOTE, explorer_view, explorer_widgets

# Written for this test: three provinces, the same phrases written several ways.
TEXTS = {
    "tuyen_quang.txt": """Tuyên Quang đẩy mạnh chuyển đổi số ở cấp xã

UBND tỉnh Tuyên Quang triển khai chuyển đổi số đồng bộ ở 138 xã, phường, thị trấn.
Người dân nộp hồ sơ qua dịch vụ công trực tuyến mà không phải đến trụ sở.
""",
    "binh_phuoc.txt": """Bình Phước: Chuyển đổi số trong nông nghiệp

Tỉnh Bình Phước hướng dẫn nông dân bán hạt điều qua sàn thương mại điện tử.
CHUYỂN ĐỔI SỐ giúp hợp tác xã giảm chi phí trung gian.
""",
    "ha_nam.txt": """Hà Nam cấp chữ ký số cho người dân

Tỉnh Hà Nam cấp miễn phí chữ ký số để người dân dùng dịch vụ công trực tuyến.
""",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ba_tinh")
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return dxcompare.load_corpus(folder, use_cache=False)


def test_a_phrase_without_diacritics_is_found_when_asked_and_keeps_its_offsets(corpus):
    assert len(theme_kwic(corpus, phrase="chuyen doi so")) == 0  # marks matter by default
    loose = theme_kwic(corpus, phrase="chuyen doi so", ignore_diacritics=True)
    assert set(loose["keyword"].str.lower()) == {"chuyển đổi số"}
    assert len(loose) == 2  # body sentences only (not the titles); the capitals count
    texts = corpus.documents.set_index("doc_id")["text"]
    assert all(texts[r.doc_id][r.start : r.end] == r.keyword for r in loose.itertuples())
    # a wrong mark is ignored too, and "hoa" does not find "hòa" by default
    assert len(theme_kwic(corpus, phrase="chữ kỳ số", ignore_diacritics=True)) == 1
    assert unmarked_same_length("Đắk Lắk ở") == "Dak Lak o"


def test_zero_hits_suggest_the_corpus_spelling_or_the_nearest_phrase(corpus):
    coded = dxcompare.code_themes(corpus)
    view = explorer_view(corpus, coded, phrase="chuyen doi so")
    assert view["counts"]["n_hits"].sum() == 0
    assert view["suggestions"] == [("chuyển đổi số", 2)]
    assert "Did you mean 'chuyển đổi số' (2)?" in view["message"]
    assert "ignore_diacritics=True" in view["message"]
    typo = explorer_view(corpus, coded, phrase="dịch vụ công trực tuyễn")
    assert typo["suggestions"][0] == ("dịch vụ công trực tuyến", 2)
    found = explorer_view(corpus, coded, phrase="chuyen doi so", ignore_diacritics=True)
    assert found["counts"]["n_hits"].sum() == 2 and found["suggestions"] == []
    assert "(diacritics ignored)" in found["query"]


def test_live_controls_open_with_the_projects_note_and_a_diacritics_switch(corpus, monkeypatch):
    pytest.importorskip("ipywidgets")
    monkeypatch.delenv("DXCOMPARE_BATCH", raising=False)
    coded = dxcompare.code_themes(corpus)
    shown = []
    controls = explorer_widgets(corpus, coded, shown.append, None, "online_services")
    note, panel = controls.widget.children[0], controls.widget.children[1]
    assert KERNEL_NOTE.split(":")[0] in note.value and "Run All Cells" in note.value
    loose = panel.children[1].children[2]
    phrase = panel.children[1].children[1]
    phrase.value = "chuyen doi so"
    assert shown[-1]["suggestions"] == [("chuyển đổi số", 2)]
    loose.value = True
    assert shown[-1]["counts"]["n_hits"].sum() == 2
