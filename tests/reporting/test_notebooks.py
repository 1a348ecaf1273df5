"""The project's notebooks, run as `dxcompare report` runs them, on the seeds and on a corpus of
other provinces written for this test (with one hostile document), checked on their content.

The batch runs once per corpus (module fixtures, shared with test_browser.py through the
folder they write); every test asserts on that one output.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

import dxcompare
from corpora import write_other_corpus
from dxcompare.errors import ParameterError
from dxcompare.reporting.htmlexport import find_live_markup
from dxcompare.reporting.methods import accuracy
from dxcompare.reporting.notebook import (
    explorer_view,
    explorer_widgets,
    in_batch,
    province_column,
    restrict,
    setup_notebook,
    style_table,
    top_rows,
)
from dxcompare.reporting.pagescripts import without_page_scripts
from support import NOTEBOOKS, build_reports

NOTEBOOK_NAMES = sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))

OTHER_PROVINCES = {"Cần Thơ", "Lào Cai", "Quảng Ninh", "Đà Nẵng"}
QUOTES = "quotations" in (NOTEBOOKS / "rhetoric.ipynb").read_text(encoding="utf-8")


def snapshot(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def csv(out: Path, report_name: str, table: str) -> pd.DataFrame:
    return pd.read_csv(out / "data" / report_name / f"{table}.csv", encoding="utf-8-sig")


def page(out: Path, report_name: str) -> str:
    return (out / "reports" / f"{report_name}.html").read_text(encoding="utf-8")


def headlines(out: Path, report_name: str) -> dict:
    return json.loads((out / "data" / report_name / "headlines.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_reports(tmp_path_factory, seeds_dir):
    out, result = build_reports(tmp_path_factory, "seeds", seeds_dir)
    assert result.ok, result.summary()
    return out


@pytest.fixture(scope="module")
def other_reports(tmp_path_factory):
    """The other corpus, run twice (the second with --force) to compare every byte."""
    corpus = write_other_corpus(tmp_path_factory.getbasetemp() / "corpus-other")
    out, first = build_reports(tmp_path_factory, "other", corpus)
    assert first.ok, first.summary()
    before = snapshot(out)
    _, forced = build_reports(tmp_path_factory, "other", corpus, force=True)
    assert forced.ok, forced.summary()
    after = snapshot(out)
    _, unchanged = build_reports(tmp_path_factory, "other", corpus)
    return {"out": out, "before": before, "after": after, "unchanged": unchanged}


# --------------------------------------------------------------------------------------------
# Helpers the notebooks call (fast)
# --------------------------------------------------------------------------------------------


def test_province_column_maps_63_and_34_units_and_refuses_others():
    assert province_column("63") == "primary_province"
    assert province_column(34) == "province_2025"
    assert province_column("34", table="events") == "province_2025"
    with pytest.raises(ParameterError, match="'63'"):
        province_column("64")


def test_restrict_keeps_every_table_of_the_chosen_provinces_typed_without_diacritics(seeds_dir):
    corpus = dxcompare.load_corpus(seeds_dir)
    part = restrict(corpus, ["binh dinh", "Hải Phòng"])
    assert sorted(part.documents["primary_province"]) == ["Bình Định", "Hải Phòng"]
    kept = set(part.documents["doc_id"])
    for table in ("sentences", "tokens", "mentions", "events", "lines", "doc_refs"):
        assert set(getattr(part, table)["doc_id"].astype(str)) <= kept, table
    assert len(part.tokens) < len(corpus.tokens)
    assert restrict(corpus, None) is corpus and restrict(corpus, []) is corpus


def test_restrict_to_an_unknown_province_names_the_corpus_provinces(seeds_dir):
    corpus = dxcompare.load_corpus(seeds_dir)
    with pytest.raises(ParameterError, match="Hà Nội"):
        restrict(corpus, ["Đà Lạt"])


def test_style_table_shows_document_markup_as_text_and_shares_as_percent():
    setup_notebook()
    table = pd.DataFrame(
        {"title": ["<script>alert(1)</script> Bình Định", None], "share": [0.297, None]}
    )
    markup = style_table(table).to_html()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Bình Định" in markup
    assert find_live_markup(markup) == []
    assert "29.7%" not in markup and "30%" in markup and "–" in markup


def test_top_rows_keeps_the_first_rows_of_each_group_in_group_order():
    table = pd.DataFrame({"group": ["Lào Cai", "Cần Thơ", "Lào Cai", "Cần Thơ", "Lào Cai"],
                          "z": [5, 4, 3, 2, 1]})  # fmt: skip
    assert top_rows(table, 2).values.tolist() == [
        ["Cần Thơ", 4], ["Cần Thơ", 2], ["Lào Cai", 5], ["Lào Cai", 3]
    ]  # fmt: skip


def test_explorer_view_counts_every_chosen_province_including_zero(seeds_dir):
    corpus = dxcompare.load_corpus(seeds_dir)
    coded = dxcompare.code_themes(corpus)
    view = explorer_view(corpus, coded, None, theme="youth_mass_orgs")
    counts = view["counts"].set_index("group")
    assert set(counts.index) == {"Bình Định", "Hà Nội", "Hải Phòng"}
    assert counts.loc["Bình Định", "n_hits"] > counts.loc["Hà Nội", "n_hits"]
    phrase = explorer_view(corpus, coded, ["Hải Phòng", "Bình Định"], phrase="chính quyền số")
    assert set(phrase["kwic"]["group"]) <= {"Hải Phòng", "Bình Định"}
    assert phrase["query"] == "phrase 'chính quyền số'"
    assert (phrase["kwic"]["keyword"].str.lower() == "chính quyền số").all()


def test_explorer_builds_no_live_widget_in_a_batch_run(seeds_dir, monkeypatch):
    corpus = dxcompare.load_corpus(seeds_dir)
    monkeypatch.setenv("DXCOMPARE_BATCH", "1")
    assert in_batch()
    controls = explorer_widgets(corpus, dxcompare.code_themes(corpus), print)
    assert controls.widget is None
    bundle = controls._repr_mimebundle_()
    assert "JupyterLab" in bundle["text/plain"]
    assert 'class="dx-explorer"' in bundle["text/html"]  # the kernel-free explorer instead


def test_explorer_controls_start_on_a_province_given_alone_or_without_diacritics(
    tmp_path, monkeypatch
):
    (tmp_path / "vinh_long.txt").write_text(
        "Vĩnh Long mở rộng dịch vụ công trực tuyến\n\n"
        "Tỉnh Vĩnh Long đưa 500 dịch vụ công trực tuyến lên cổng của tỉnh.\n",
        encoding="utf-8",
    )
    (tmp_path / "bac_kan.txt").write_text(
        "Bắc Kạn đào tạo kỹ năng số\n\nTỉnh Bắc Kạn mở lớp kỹ năng số cho cán bộ xã.\n",
        encoding="utf-8",
    )
    monkeypatch.delenv("DXCOMPARE_BATCH", raising=False)
    corpus = dxcompare.load_corpus(tmp_path, use_cache=False)
    coded = dxcompare.code_themes(corpus)
    shown = []
    for provinces in ("Vĩnh Long", ["vinh long"]):
        controls = explorer_widgets(corpus, coded, shown.append, provinces, "online_services")
        pick = controls.widget.children[1].children[0]
        assert pick.value == ("Vĩnh Long",)
        assert shown[-1]["provinces"] == ["Vĩnh Long"]


# --------------------------------------------------------------------------------------------
# The seeds
# --------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.xdist_group("reports-seeds")
def test_seed_run_renders_every_notebook_once_per_province_where_needed(seed_reports):
    reports = sorted(p.stem for p in (seed_reports / "reports").glob("*.html"))
    expected = [n for n in NOTEBOOK_NAMES if n != "province_profile"] + [
        "province_profile-binh-dinh", "province_profile-ha-noi", "province_profile-hai-phong"
    ]  # fmt: skip
    assert reports == sorted(expected)
    assert {"summary", "strategies", "timelines", "rhetoric", "explorer"} <= set(reports)


@pytest.mark.slow
@pytest.mark.xdist_group("reports-seeds")
def test_seed_summary_lists_the_provinces_with_their_distinctive_theme(seed_reports):
    glance = csv(seed_reports, "summary", "at_a_glance").set_index("group")
    assert set(glance.index) == {"Bình Định", "Hà Nội", "Hải Phòng"}
    assert glance.loc["Hà Nội", "documents"] == 3
    assert glance.loc["Bình Định", "most distinctive theme"] == "Youth union and mass organisations"
    # Hà Nội's own 4098/QĐ-UBND (460 days), not Quận ủy Hoàn Kiếm's 07-CTr/QU (429): a district's
    # programme is not the city's response (lag_table(local=False)).
    assert glance.loc["Hà Nội", "days after 749/QĐ-TTg"] == 460
    assert len(str(glance.loc["Bình Định", "key words"]).split(", ")) == 5
    html = page(seed_reports, "summary")
    for name in ("Bình Định", "Hà Nội", "Hải Phòng", "How they talk", "When they acted"):
        assert name in html
    assert headlines(seed_reports, "summary")["documents"] == 5
    # Findings first (in words, with evidence and strength), methods and limitations last
    assert html.index('id="Findings"') < html.index("At a glance") < html.index("Methods and")
    assert "Bình Định&#x27;s documents stress Youth union" in html or (
        "Bình Định's documents stress Youth union" in html
    )
    assert "Thin evidence" in html and "cannot be compared on themes" in html


@pytest.mark.slow
@pytest.mark.xdist_group("reports-seeds")
def test_seed_strategies_find_the_binh_dinh_youth_theme(seed_reports):
    themes = csv(seed_reports, "strategies", "theme_table")
    youth = themes[(themes["group"] == "Bình Định") & (themes["theme_id"] == "youth_mass_orgs")]
    assert youth["n_sentences"].item() >= 8 and youth["share"].item() > 0.2
    distinct = csv(seed_reports, "strategies", "distinctive_themes")
    assert distinct[distinct["group"] == "Bình Định"].iloc[0]["theme_id"] == "youth_mass_orgs"
    by_kind = csv(seed_reports, "strategies", "pillar_table_by_kind")
    assert {"Hải Phòng / research", "Hà Nội / news"} <= set(by_kind["group"])
    html = page(seed_reports, "strategies")
    assert "Youth union and mass organisations" in html and "Đoàn" in html


@pytest.mark.slow
@pytest.mark.xdist_group("reports-seeds")
def test_seed_timelines_count_days_after_749(seed_reports):
    lags = csv(seed_reports, "timelines", "lags")
    assert set(lags["reference"]) == {"749/QĐ-TTg"} and set(lags["reference_date"]) == {
        "2020-06-03"
    }
    rows = {(r.group, r.symbol): r.days_after_reference for r in lags.itertuples()}
    assert rows[("Hà Nội", "4098/QĐ-UBND")] == 460
    assert rows[("Hải Phòng", "284/QĐ-UBND")] == 600
    first = csv(seed_reports, "timelines", "first_responses").set_index("group")
    assert first.loc["Hải Phòng", "symbol"] == "03-NQ/TU"
    events = csv(seed_reports, "timelines", "events")
    assert {"document", "target", "ranking"} <= set(events["kind"])
    assert headlines(seed_reports, "timelines")["provincial documents dated"] == len(lags)
    median = headlines(seed_reports, "timelines")["median days after 749/QĐ-TTg"]
    assert median.endswith(f"(median of {len(first)} provinces)")  # says what it is the median of


@pytest.mark.slow
@pytest.mark.xdist_group("reports-seeds")
def test_seed_profile_names_its_documents_speakers_and_words(seed_reports):
    docs = csv(seed_reports, "province_profile-binh-dinh", "documents")
    assert docs["doc_id"].tolist() == ["001_2c77bc4ad56ba6cd"]
    html = page(seed_reports, "province_profile-binh-dinh")
    assert "Chuyển đổi nhận thức để chuyển đổi số" in html
    assert "province</th><td>Bình Định" in html  # the parameter, in the header
    if QUOTES:
        speakers = csv(seed_reports, "province_profile-binh-dinh", "speakers")
        assert "Hà Duy Trung" in set(speakers["speaker"])
    assert headlines(seed_reports, "province_profile-ha-noi")["documents"] == 3
    key = csv(seed_reports, "province_profile-hai-phong", "keyness")
    assert set(key["group"]) == {"Hải Phòng"}


@pytest.mark.slow
@pytest.mark.xdist_group("reports-seeds")
def test_seed_overview_rhetoric_and_explorer_show_their_tables(seed_reports):
    audit = csv(seed_reports, "corpus_overview", "normalization").set_index("rule")
    assert audit.loc["eth_to_dstroke", "n_changes"] == 4
    assert headlines(seed_reports, "corpus_overview")["documents"] == 5
    shared = csv(seed_reports, "rhetoric", "shared_ngrams")
    assert (shared["n_groups"] >= 2).all() and shared["example"].str.contains("2030").any()
    registers = csv(seed_reports, "rhetoric", "registers")
    assert {"directive", "vanguard"} <= set(registers["register"])
    assert set(csv(seed_reports, "explorer", "counts")["group"]) == {
        "Bình Định",
        "Hà Nội",
        "Hải Phòng",
    }
    html = page(seed_reports, "explorer")
    assert "Default view" in html and "dịch vụ công" in html and "JupyterLab" in html


@pytest.mark.slow
@pytest.mark.xdist_group("reports-seeds")
def test_seed_reports_hide_code_embed_figures_and_load_nothing_from_outside(
    seed_reports, seeds_dir
):
    for path in sorted((seed_reports / "reports").glob("*.html")):
        html = path.read_text(encoding="utf-8")
        assert "import dxcompare" not in html, path.name
        # no absolute path of the machine that rendered it (privacy; same page in any folder)
        assert str(seed_reports) not in html and str(seeds_dir.resolve()) not in html, path.name
        assert find_live_markup(without_page_scripts(html), frozenset({"meta"})) == [], path.name
        assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html), path.name
        assert 'class="dx-parameters"' in html
        if not path.stem.startswith("corpus_overview"):
            assert "data:image/png;base64," in html, path.name
    index = (seed_reports / "index.html").read_text(encoding="utf-8")
    assert "reports/summary.html" in index and "data/timelines/lags.csv" in index


@pytest.mark.slow
@pytest.mark.xdist_group("reports-seeds")
def test_seed_reports_open_with_findings_end_with_methods_and_link_each_other(seed_reports):
    pages = {
        p.stem: p.read_text(encoding="utf-8") for p in (seed_reports / "reports").glob("*.html")
    }
    assert len(pages) == 9
    for name, html in pages.items():
        assert html.index('id="Findings"') < html.index('id="Methods-and-limitations"'), name
        assert html.count('href="../index.html"') >= 2, name  # top and bottom
        if name != "province_profile-binh-dinh":  # the page itself is shown, not linked
            assert 'href="province_profile-binh-dinh.html"' in html, name
        assert 'class="dx-finding dx-' in html, name
        found = csv(seed_reports, name, "findings")
        assert len(found) and set(found["strength"]) <= {"none", "thin", "weak", "clear"}
        # "None found" and its reason, never a table of headers over no row
        assert not re.search(r"<tbody>\s*</tbody>", html), name
    # each finding says how strong it is; the one-document provinces are called thin
    assert "Thin evidence" in pages["strategies"] and "cannot be compared" in pages["strategies"]
    assert "Median" not in pages["province_profile-ha-noi"]  # no median of one province
    assert "Hải Phòng&#x27;s first dated document" in pages["timelines"] or (
        "Hải Phòng's first dated document" in pages["timelines"]
    )
    assert "dx-none-found" in pages["province_profile-hai-phong"]  # nobody is quoted there
    texts = accuracy()["gold"]["texts"]  # data/accuracy.json, checked against the gold set
    assert f"{texts} hand-annotated" in pages["timelines"] and "Wilson" in pages["strategies"]


@pytest.mark.slow
@pytest.mark.xdist_group("reports-seeds")
def test_seed_theme_coding_and_evidence_point_at_the_words_in_the_users_file(
    seed_reports, seeds_dir
):
    coding = csv(seed_reports, "strategies", "theme_coding")
    for col in ("doc_id", "sentence_id", "start", "end", "theme_id", "matched", "file", "line"):
        assert col in coding.columns
    themed = coding[coding["theme_id"] != "none"]
    youth = themed[themed["theme_id"] == "youth_mass_orgs"]
    assert len(youth) >= 8 and set(youth["file"]) >= {"001_2c77bc4ad56ba6cd.txt"}
    for row in themed.sample(20, random_state=0).itertuples():
        line = (seeds_dir / row.file).read_text(encoding="utf-8-sig").splitlines()[row.line - 1]
        assert line[row.column - 1 :].startswith(row.matched), (row.matched, line)
    hits = csv(seed_reports, "rhetoric", "register_hits")
    assert {"title", "file", "line", "column"} <= set(hits.columns) and hits["line"].notna().all()
    strategies, overview = page(seed_reports, "strategies"), page(seed_reports, "corpus_overview")
    links = set(re.findall(r'href="corpus_overview\.html#(doc-[^"]+)"', strategies))
    assert links and all(f'id="{anchor}"' in overview for anchor in links)


@pytest.mark.slow
def test_a_notebook_runs_from_the_notebooks_folder_in_vietnamese(tmp_path):
    import papermill

    papermill.execute_notebook(
        str(NOTEBOOKS / "corpus_overview.ipynb"),
        str(tmp_path / "run.ipynb"),
        parameters={"language": "vi"},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(NOTEBOOKS),
    )
    text = (tmp_path / "run.ipynb").read_text(encoding="utf-8")
    assert "<Kho 'seeds': 5 văn bản" in text and "Bình Định" in text and "5 documents" not in text
    assert "Phát hiện chính" in text and "Phương pháp và giới hạn" in text
    assert "Kho văn bản có 5 văn bản về 3 tỉnh" in text


# --------------------------------------------------------------------------------------------
# Another corpus: other provinces, a resolution, a hostile page
# --------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.xdist_group("reports-other")
def test_other_corpus_summary_and_profiles_cover_its_provinces(other_reports):
    out = other_reports["out"]
    glance = csv(out, "summary", "at_a_glance").set_index("group")
    assert set(glance.index) == OTHER_PROVINCES
    assert glance.loc["Đà Nẵng", "documents"] == 2
    assert {p.stem for p in (out / "reports").glob("province_profile-*.html")} == {
        "province_profile-can-tho", "province_profile-lao-cai", "province_profile-quang-ninh",
        "province_profile-da-nang",
    }  # fmt: skip
    docs = csv(out, "province_profile-lao-cai", "documents")
    assert docs["title"].tolist() == ["Lào Cai đưa tổ công nghệ số cộng đồng về từng thôn bản"]
    if QUOTES:
        assert "Nguyễn Văn Bình" in set(csv(out, "province_profile-lao-cai", "speakers")["speaker"])
    overview = csv(out, "corpus_overview", "documents").set_index("doc_id")
    assert overview.loc["dn_nghi_quyet", "kind"] == "resolution"  # from manifest.csv


@pytest.mark.slow
@pytest.mark.xdist_group("reports-other")
def test_other_corpus_timelines_count_days_after_749_per_province(other_reports):
    lags = csv(other_reports["out"], "timelines", "lags")
    rows = {(r.group, r.symbol): r.days_after_reference for r in lags.itertuples()}
    assert rows[("Đà Nẵng", "05-NQ/TU")] == 285  # 15/3/2021
    assert rows[("Lào Cai", "312/KH-UBND")] == 808  # 20/8/2022
    assert rows[("Cần Thơ", "45/QĐ-UBND")] == 581  # 05/01/2022
    assert set(lags["reference"]) == {"749/QĐ-TTg"}
    events = csv(other_reports["out"], "timelines", "events")
    assert "meeting" in set(events.loc[events["group"] == "Cần Thơ", "kind"])


@pytest.mark.slow
@pytest.mark.xdist_group("reports-other")
def test_other_corpus_findings_and_evidence_rows_with_files_relative_to_the_corpus(other_reports):
    out = other_reports["out"]
    lags = csv(out, "timelines", "lags").set_index("symbol")
    assert lags.loc["05-NQ/TU", "file"] == "dn_nghi_quyet.txt"
    assert lags.loc["05-NQ/TU", "line"] == 3  # its sentence, line 3 of the file
    assert lags.loc["05-NQ/TU", "title"].startswith("NGHỊ QUYẾT VỀ CHUYỂN ĐỔI SỐ")
    timelines = page(out, "timelines")
    assert "Đà Nẵng&#x27;s first dated document after 749/QĐ-TTg" in timelines or (
        "Đà Nẵng's first dated document after 749/QĐ-TTg" in timelines
    )
    assert "285 days after it" in timelines
    for name in ("corpus_overview", "strategies", "rhetoric", "explorer", "summary"):
        html = page(out, name)
        assert html.index('id="Findings"') < html.index('id="Methods-and-limitations"'), name


@pytest.mark.slow
@pytest.mark.xdist_group("reports-other")
def test_other_corpus_themes_and_quotations(other_reports):
    out = other_reports["out"]
    themes = csv(out, "strategies", "theme_table")
    teams = themes[(themes["group"] == "Lào Cai") & (themes["theme_id"] == "community_teams")]
    assert teams["n_sentences"].item() >= 2
    if QUOTES:
        quotes = csv(out, "rhetoric", "quotations")
        said = quotes[quotes["speaker"] == "Trần Thị Hoa"]["quote"].tolist()
        assert "Kinh tế số phải mang lại lợi ích thiết thực cho người nông dân" in said
    assert set(csv(out, "explorer", "counts")["group"]) == OTHER_PROVINCES


@pytest.mark.slow
@pytest.mark.xdist_group("reports-other")
def test_hostile_document_text_is_shown_as_text_in_every_report(other_reports):
    out = other_reports["out"]
    shown = {}
    for path in sorted((out / "reports").glob("*.html")):
        html = path.read_text(encoding="utf-8")
        assert find_live_markup(without_page_scripts(html), frozenset({"meta"})) == [], path.name
        assert "alert(1)</script>" not in html and "onerror=alert(1)>" not in html
        shown[path.stem] = html
    # the title, the javascript: link, the image and the template syntax are there, as text
    assert (
        "Quảng Ninh &lt;script&gt;alert(1)&lt;/script&gt; số hóa hồ sơ {{ kinh_phi }} $x$"
        in shown["corpus_overview"]
    )
    assert re.search(
        r"&lt;a href=(?:&quot;|\")javascript:alert\(1\)(?:&quot;|\")&gt;", shown["timelines"]
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown["timelines"]
    assert "{% if x %}50{% endif %}" in shown["timelines"]
    if QUOTES:
        assert "{{ 7*7 }} đến từng xã $x$" in shown["province_profile-quang-ninh"]
    assert "{{ 7*7 }} đến từng xã" in shown["explorer"]  # in the keyword-in-context table
    assert "49 đến từng xã" not in "".join(shown.values())  # never evaluated
    assert 'class="dx-escaped-html"' not in "".join(shown.values())  # tables escaped themselves


@pytest.mark.slow
@pytest.mark.xdist_group("reports-other")
def test_two_runs_give_identical_files_and_an_unchanged_run_recomputes_nothing(other_reports):
    before, after = other_reports["before"], other_reports["after"]
    assert sorted(before) == sorted(after)
    changed = [name for name in before if before[name] != after[name]]
    assert changed == []
    assert any(name.endswith(".png") or "image/png" in before[name].decode("utf-8", "replace")
               for name in before if name.startswith("reports/"))  # fmt: skip
    assert {o.status for o in other_reports["unchanged"].outcomes} == {"cached"}
