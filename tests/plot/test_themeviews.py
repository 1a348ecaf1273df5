"""Views of theme tables: heatmap, pillar bars with intervals, keyword in context, safe HTML."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from matplotlib.figure import Figure

import dxcompare
from corpora import FIN, NEUTRAL, YOUTH, tiny_corpus
from dxcompare.analyze.codebook import load_codebook
from dxcompare.analyze.themes import code_themes, theme_table
from dxcompare.errors import ParameterError
from dxcompare.plot.themeviews import (
    KWIC,
    group_theme_shares,
    kwic_html,
    plot_group_themes,
    plot_pillar_shares,
    plot_theme_heatmap,
    theme_kwic,
)
from support import SEEDS

HOSTILE = (
    'Tỉnh đoàn Sóc Trăng <script>alert("x")</script> giao <img src=x onerror=alert(1)> kinh phí.'
)


@pytest.fixture()
def hand():
    # Province A: a1 (FIN, FIN, NEUTRAL, NEUTRAL) + a2 (FIN, NEUTRAL); B: b1 (FIN, YOUTH, YOUTH, NEUTRAL)
    return tiny_corpus(
        {
            "a1": ({"primary_province": "A", "kind": "news"}, [FIN, FIN, NEUTRAL, NEUTRAL]),
            "a2": ({"primary_province": "A", "kind": "resolution"}, [FIN, NEUTRAL]),
            "b1": ({"primary_province": "B", "kind": "news"}, [FIN, YOUTH, YOUTH, NEUTRAL]),
        }
    )


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def tags_of(markup: str) -> set[str]:
    parser = _Tags()
    parser.feed(markup)
    return set(parser.tags)


# ------------------------------------------------------------------------------------ figures
def test_heatmap_returns_a_figure_with_labels_in_the_chosen_language(hand):
    fig = plot_theme_heatmap(theme_table(code_themes(hand), hand, n_boot=50), lang="vi")
    assert isinstance(fig, Figure)
    # the themes are the rows, each full label wrapped over lines (never cut with "…")
    labels = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()]
    assert "Tài chính, nguồn lực" in labels and "không chủ đề" not in labels
    assert not any("…" in label for label in labels)
    cb = load_codebook()
    assert cb.label("admin_reform", "vi") in labels  # the longest labels, whole
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["A", "B"]
    assert {t.get_fontsize() for t in fig.axes[0].texts} == {10}  # readable cell numbers


def test_heatmap_cells_hold_the_table_values(hand):
    table = theme_table(code_themes(hand), hand, n_boot=0)
    fig = plot_theme_heatmap(table, value="n_sentences", annot=True)
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {"3", "2", "1", "0"} <= texts  # A finance 3, B youth 2, B finance 1


def test_heatmap_of_kind_adjusted_shares_needs_a_stratified_table(hand):
    coded = code_themes(hand)
    with pytest.raises(ParameterError, match="strata='kind'"):
        plot_theme_heatmap(theme_table(coded, hand, n_boot=0), value="share_adjusted")
    fig = plot_theme_heatmap(
        theme_table(coded, hand, n_boot=0, strata="kind"), value="share_adjusted"
    )
    assert isinstance(fig, Figure)


def test_pillar_chart_draws_one_bar_per_group_and_pillar_with_intervals(hand):
    table = theme_table(code_themes(hand), hand, level="pillar", n_boot=100)
    fig = plot_pillar_shares(table)
    ax = fig.axes[0]
    assert isinstance(fig, Figure) and ax.get_legend() is not None
    n_pillars = len(load_codebook().pillars)
    assert len(ax.patches) == 2 * n_pillars
    heights = sorted(round(p.get_height(), 6) for p in ax.patches)
    assert round(0.5, 6) in heights  # A enablers (finance): 3 of 6; B digital society: 2 of 4
    assert len(ax.lines) + len(ax.collections) > 0  # error bars drawn


def test_pillar_chart_can_show_kind_adjusted_shares(hand):
    table = theme_table(code_themes(hand), hand, level="pillar", n_boot=50, strata="kind")
    fig = plot_pillar_shares(table, value="share_adjusted")
    assert "standardized" in fig.axes[0].get_ylabel()


def test_pillar_chart_refuses_a_theme_level_table(hand):
    table = theme_table(code_themes(hand), hand, n_boot=0)
    with pytest.raises(ParameterError, match="level='pillar'"):
        plot_pillar_shares(table[~table.theme_id.isin(load_codebook().pillars)])


def test_group_theme_shares_lists_the_groups_themes_largest_first_with_the_corpus_share(hand):
    coded = code_themes(hand)
    rows = group_theme_shares(theme_table(coded, hand, n_boot=50), coded, "B")
    assert list(rows["theme_id"]) == ["youth_mass_orgs", rows["theme_id"].iloc[1]]
    assert list(rows["share"]) == [0.5, 0.25]  # B: youth 2 of 4, finance 1 of 4
    assert list(rows["corpus_share"]) == [0.2, 0.4]  # corpus: youth 2 of 10, finance 4 of 10
    assert rows["theme"].iloc[0] == load_codebook().label("youth_mass_orgs", "en")


def test_group_theme_shares_keeps_the_n_largest_and_refuses_an_unknown_group(hand):
    coded = code_themes(hand)
    table = theme_table(coded, hand, n_boot=0)
    assert list(group_theme_shares(table, coded, "A")["share"]) == [0.5]  # finance only
    assert len(group_theme_shares(table, coded, "B", n=1)) == 1
    with pytest.raises(ParameterError, match="A, B"):
        group_theme_shares(table, coded, "Cà Mau")


def test_group_themes_plot_has_a_bar_per_theme_and_a_corpus_dot_on_each(hand):
    coded = code_themes(hand)
    fig = plot_group_themes(theme_table(coded, hand, n_boot=50), coded, "B")
    ax = fig.axes[0]
    assert isinstance(fig, Figure)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == load_codebook().label("youth_mass_orgs", "en")  # largest at the top
    assert sorted(round(p.get_width(), 6) for p in ax.patches) == [0.25, 0.5]
    dots = next(line for line in ax.lines if line.get_label() == "whole corpus")
    assert list(dots.get_xdata()) == [0.4, 0.2]
    assert "B" in ax.get_title()


# ------------------------------------------------------------------------------------ KWIC
def test_kwic_for_a_theme_shows_keyword_in_its_sentence(hand):
    k = theme_kwic(hand, code_themes(hand), theme="youth_mass_orgs", width=11)
    assert list(k.columns) == KWIC
    assert len(k) == 2 and set(k.keyword) == {"Thanh niên"}
    assert set(k.right) == {" đi đầu mọi"} and set(k.sentence) == {YOUTH}


def test_kwic_for_a_pillar_includes_its_themes(hand):
    k = theme_kwic(hand, code_themes(hand), theme="enablers")
    assert set(k.theme_id) == {"finance"} and len(k) == 4


def test_kwic_for_a_phrase_folds_case_and_gives_offsets(hand):
    k = theme_kwic(hand, phrase="KINH PHÍ")
    texts = hand.documents.set_index("doc_id")["text"]
    assert len(k) == 4
    assert all(texts[r.doc_id][r.start : r.end] == "kinh phí" for r in k.itertuples())


def test_kwic_for_no_theme_lists_uncoded_sentences(hand):
    k = theme_kwic(hand, code_themes(hand), theme="none")
    assert set(k.sentence) == {NEUTRAL} and len(k) == 4


def test_kwic_needs_exactly_one_of_theme_or_phrase(hand):
    with pytest.raises(ParameterError):
        theme_kwic(hand)
    with pytest.raises(ParameterError, match="unknown theme"):
        theme_kwic(hand, theme="no_such_theme")


# ------------------------------------------------------------------------------------ safe HTML
def test_kwic_html_shows_markup_in_a_document_as_text():
    corpus = tiny_corpus({"x": ({"primary_province": "Sóc Trăng"}, [HOSTILE])})
    k = theme_kwic(corpus, code_themes(corpus), theme="finance")
    page = kwic_html(k, columns=["doc_id", "left", "keyword", "right", "sentence"])
    assert tags_of(page) == {"table", "thead", "tr", "th", "tbody", "td", "mark"}
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<mark>kinh phí</mark>" in page
    assert page._repr_html_() == str(page)


def test_kwic_dataframe_is_escaped_when_jupyter_shows_it():
    corpus = tiny_corpus({"x": ({"primary_province": "Sóc Trăng"}, [HOSTILE])})
    shown = theme_kwic(corpus, phrase="kinh phí")._repr_html_()
    assert "script" not in tags_of(shown) and "img" not in tags_of(shown)


def test_kwic_html_limits_rows_and_says_how_many_are_hidden(hand):
    k = theme_kwic(hand, phrase="kinh phí")
    page = kwic_html(k, max_rows=1)
    assert page.count("<mark>") == 1 and "3 more rows not shown" in page


def test_kwic_html_refuses_an_unknown_column(hand):
    with pytest.raises(ParameterError, match="not in the KWIC table"):
        kwic_html(theme_kwic(hand, phrase="kinh phí"), columns=["left", "speaker"])


# ------------------------------------------------------------------------------------ seeds
@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    import os

    os.environ.setdefault("DXCOMPARE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    corpus = dxcompare.load_corpus(SEEDS)
    return corpus, code_themes(corpus)


def test_seed_kwic_shows_the_source_line_as_read(seeds):
    # Seed 000 writes a no-break space after "lần thứ chín,": the sentence is normalized, the
    # source line shown beside it is as read.
    corpus, coded = seeds
    k = theme_kwic(corpus, coded, theme="smart_city")
    row = k[k.original.fillna("").str.contains("lần thứ chín,\xa0Ban Chấp hành")].iloc[0]
    assert row.keyword == "thành phố thông minh" and "lần thứ chín, Ban Chấp hành" in row.sentence
    texts = corpus.documents.set_index("doc_id")["text"]
    assert all(texts[r.doc_id][r.start : r.end] == r.keyword for r in k.itertuples())


def test_seed_heatmap_by_province(seeds):
    corpus, coded = seeds
    fig = plot_theme_heatmap(theme_table(coded, corpus, by="province", n_boot=0))
    columns = [t.get_text() for t in fig.axes[0].get_xticklabels()]  # themes are the rows
    assert columns == ["Bình Định", "Hà Nội", "Hải Phòng"]
    pillars = theme_table(coded, corpus, by="province", level="pillar", n_boot=0)
    rows = [t.get_text() for t in plot_theme_heatmap(pillars).axes[0].get_yticklabels()]
    assert rows == ["Bình Định", "Hà Nội", "Hải Phòng"]  # few pillars: the groups are rows
