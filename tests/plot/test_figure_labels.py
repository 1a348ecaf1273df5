"""The figures speak the report's language: titles, axis labels and legends in English or
Vietnamese (with its diacritics), the same figure otherwise."""

from __future__ import annotations

import pytest

import dxcompare
from dxcompare.analyze.themes import code_themes, theme_table
from dxcompare.plot.labels import FIGURE_LABELS, figure_label
from dxcompare.plot.rhetoricviews import plot_keyness, plot_keyness_dots
from dxcompare.plot.themeviews import plot_group_themes, plot_pillar_shares, plot_theme_heatmap
from dxcompare.plot.timelineviews import plot_swimlane
from dxcompare.reporting.explorerpage import explorer_page

# Written for this test: three provinces, each with a dated plan of its own.
TEXTS = {
    "lai_chau.txt": """Lai Châu ban hành kế hoạch chuyển đổi số

Ngày 15/3/2021, UBND tỉnh Lai Châu ban hành Kế hoạch số 512/KH-UBND về chuyển đổi số.
Tỉnh Lai Châu đưa dịch vụ công trực tuyến mức độ 4 về các xã vùng cao.
Người dân Lai Châu được cấp chữ ký số miễn phí để nộp hồ sơ trực tuyến.
""",
    "hau_giang.txt": """Hậu Giang phát triển kinh tế số trong nông nghiệp

Ngày 02/8/2021, Tỉnh ủy Hậu Giang ban hành Nghị quyết số 09-NQ/TU về chuyển đổi số.
Nông dân Hậu Giang bán khóm qua sàn thương mại điện tử và thanh toán không dùng tiền mặt.
Hợp tác xã được hỗ trợ xây dựng cửa hàng trực tuyến.
""",
    "quang_tri.txt": """Quảng Trị xây dựng chính quyền số

Ngày 20/10/2020, UBND tỉnh Quảng Trị ban hành Quyết định số 2850/QĐ-UBND về chính quyền số.
Tỉnh Quảng Trị vận hành trung tâm điều hành thông minh và hệ thống văn bản điện tử.
Cán bộ xử lý hồ sơ công việc trên môi trường mạng.
""",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ba_tinh_hinh")
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return dxcompare.load_corpus(folder, use_cache=False)


def _texts(fig):
    out = [
        fig._suptitle.get_text() if fig._suptitle else "",
        fig._supxlabel.get_text() if fig._supxlabel else "",
    ]
    for ax in fig.axes:
        out += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        out += [t.get_text() for t in ax.get_yticklabels()]
        legend = ax.get_legend()
        if legend:
            out += [t.get_text() for t in legend.get_texts()]
    return " | ".join(out)


def test_both_languages_have_every_label_and_an_unknown_one_is_refused():
    assert set(FIGURE_LABELS["en"]) == set(FIGURE_LABELS["vi"])
    assert figure_label("documents", "vi") == "Số văn bản"
    with pytest.raises(ValueError, match="'en' or 'vi'"):
        figure_label("documents", "fr")


def test_theme_figures_in_vietnamese(corpus):
    coded = code_themes(corpus)
    pillars = theme_table(coded, corpus, level="pillar", n_boot=50)
    vi, en = _texts(plot_pillar_shares(pillars, lang="vi")), _texts(plot_pillar_shares(pillars))
    assert "Tỷ lệ câu thuộc phần nội dung" in vi and "share of body sentences" not in vi
    assert "share of body sentences" in en and "Tỷ lệ câu" not in en
    themes = theme_table(coded, corpus, n_boot=0)
    heat = _texts(plot_theme_heatmap(themes, lang="vi"))
    assert "Chủ đề theo Tỉnh: tỷ lệ câu" in heat
    assert "Themes by primary_province: share" in _texts(plot_theme_heatmap(themes))
    group = _texts(plot_group_themes(themes, coded, "Hậu Giang", lang="vi"))
    assert "Chủ đề của Hậu Giang" in group and "toàn bộ kho văn bản" in group


def test_keyness_and_timeline_figures_in_vietnamese(corpus):
    key = dxcompare.keyness(corpus)
    bars = _texts(plot_keyness(key, target="Lai Châu", lang="vi"))
    assert "Từ khóa đặc trưng: Lai Châu so với phần còn lại của kho" in bars
    assert "điểm z log-odds có trọng số" in bars
    dots = _texts(plot_keyness_dots(key, lang="vi"))
    assert "Những từ làm nên nét riêng của từng nhóm" in dots and "đường nét đứt: z = 2.0" in dots
    lanes = _texts(plot_swimlane(corpus.events, lang="vi"))
    assert "Các sự kiện có ngày theo tỉnh, so với văn bản trung ương (749/QĐ-TTg)" in lanes
    assert "Văn bản trung ương" in lanes and "văn bản ban hành / phê duyệt" in lanes
    assert "Dated events by province" in _texts(plot_swimlane(corpus.events))
    # each provincial document is labelled with its lag in days: "ngày", not "d"
    notes = [t.get_text() for t in plot_swimlane(corpus.events, lang="vi").axes[0].texts]
    assert any(n.endswith(" ngày)") and "(+" in n for n in notes), notes
    assert not any(n.endswith(" d)") for n in notes)


def test_the_explorer_page_speaks_the_report_language(corpus):
    coded = code_themes(corpus)
    page = explorer_page(corpus, coded, language="vi")._repr_html_()
    assert "<th>Tỉnh</th><th>Câu</th>" in page and "Chọn một chủ đề" in page
    assert "<th>province</th>" in explorer_page(corpus, coded)._repr_html_()
