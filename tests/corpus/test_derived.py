"""The derived-results cache: corpus-wide tables computed once, read back identical, keyed right."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import dxcompare.errors
from dxcompare.analyze import formulaic, registers, speakers, themes
from dxcompare.analyze.keywords import keyness
from dxcompare.corpus import derived
from dxcompare.reporting.subset import restrict
from support import ROOT

DOCS = {
    "binh_dinh.txt": (
        "Bình Định đẩy mạnh chuyển đổi số trong cải cách hành chính\n\n"
        "Ngày 12/3/2024, UBND tỉnh Bình Định ban hành Kế hoạch số 45/KH-UBND về chuyển đổi số.\n"
        "Giám đốc Sở Thông tin và Truyền thông tỉnh Bình Định Trần Văn Thành cho biết: "
        '"Đến năm 2025, 100% dịch vụ công trực tuyến toàn trình được cung cấp trên Cổng dịch vụ công."\n'
        "Tỉnh huy động nguồn lực xã hội cho chuyển đổi số và phát triển hạ tầng số.\n"
        "Cả hệ thống chính trị vào cuộc để người dân sử dụng dịch vụ công trực tuyến.\n"
    ),
    "ha_noi.txt": (
        "Hà Nội phát triển kinh tế số và đô thị thông minh\n\n"
        "Thành phố Hà Nội đặt mục tiêu kinh tế số chiếm 30% GRDP vào năm 2030.\n"
        "“Dữ liệu là tài nguyên mới của Thủ đô”, ông Nguyễn Mạnh Quyền, "
        "Phó Chủ tịch UBND thành phố Hà Nội, nhấn mạnh.\n"
        "Hà Nội xây dựng trung tâm dữ liệu và nền tảng số dùng chung cho các sở, ngành.\n"
        "Người dân được hướng dẫn kỹ năng số để sử dụng dịch vụ công trực tuyến.\n"
    ),
    "can_tho.txt": (
        "Cần Thơ đào tạo nguồn nhân lực số cho nông nghiệp\n\n"
        "Thành phố Cần Thơ triển khai Nghị quyết số 52/NQ-CP về phát triển nguồn nhân lực số.\n"
        "Theo ông Lê Văn Tâm, Giám đốc Sở Nông nghiệp thành phố Cần Thơ, nông dân đã bán "
        "nông sản trên sàn thương mại điện tử.\n"
        "Cả hệ thống chính trị vào cuộc để người dân sử dụng dịch vụ công trực tuyến.\n"
        "Thành phố phát triển hạ tầng số và bảo đảm an toàn thông tin mạng.\n"
    ),
}


@pytest.fixture(scope="module")
def corpus(load_texts):
    return load_texts(DOCS, "derived_three")


def _equal(a, b) -> None:
    if isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b, check_exact=True)
    else:
        pd.testing.assert_frame_equal(a, b, check_exact=True)


def _every_table(corpus) -> dict:
    coded = themes.code_themes(corpus)
    return {
        "coded": coded,
        "theme_table": themes.theme_table(coded, corpus, n_boot=50),
        "pillars": themes.theme_table(coded, corpus, level="pillar", n_boot=50, strata="kind"),
        "distinctive": themes.distinctive_themes(coded, corpus, strata="kind"),
        "quotations": speakers.quotations(corpus),
        "register_hits": registers.register_hits(corpus),
        "register_table": registers.register_table(corpus, n_boot=50),
        "template_mask": formulaic.template_token_mask(corpus),
        "keyness": keyness(corpus, exclude_templates=True),
    }


def _fresh(corpus):
    """The same corpus without the in-memory caches an earlier call left on the object."""
    return dataclasses.replace(corpus)


def _stored(cache: Path) -> list[str]:
    return sorted(p.name.split("-")[0] for p in (cache / "derived").glob("*.parquet"))


def test_cached_tables_are_identical_to_computed_ones(corpus, monkeypatch, tmp_path):
    monkeypatch.setenv("DXCOMPARE_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv(derived.ENV_SWITCH, "0")
    reference = _every_table(_fresh(corpus))
    assert not (tmp_path / "derived").exists()  # switched off: nothing written
    monkeypatch.setenv(derived.ENV_SWITCH, "1")
    first = _every_table(_fresh(corpus))
    stored = _stored(tmp_path)
    for name in ("code_themes", "quotations", "theme_table", "distinctive_themes",
                 "register_hits", "register_table", "template_token_mask", "entity_spans",
                 "token_mask"):  # fmt: skip
        assert name in stored
    second = _every_table(_fresh(corpus))  # read back from Parquet
    for name, table in reference.items():
        _equal(table, first[name])
        _equal(table, second[name])
    assert second["coded"].attrs["codebook"] is not None
    # the theme spans are tuples again, offsets into the document text
    spans = second["coded"].loc[second["coded"]["theme_id"] != "none", "spans"]
    assert all(isinstance(s, tuple) and isinstance(s[0], tuple) for s in spans)
    assert "Trần Văn Thành" in set(second["quotations"]["speaker"])


def test_a_hit_does_not_compute_again(corpus, monkeypatch):
    themes.code_themes(_fresh(corpus))

    def fail(*args, **kwargs):
        raise AssertionError("computed again")

    monkeypatch.setattr(themes, "_code_themes", fail)
    coded = themes.code_themes(_fresh(corpus))
    assert len(coded) > 0


def test_a_restricted_or_edited_corpus_is_not_served_the_whole_corpus_table(corpus):
    whole = themes.code_themes(corpus)
    part = restrict(corpus, ["Hà Nội"])
    coded = themes.code_themes(part)
    assert set(coded["doc_id"]) == set(part.documents["doc_id"])
    assert set(coded["doc_id"]) < set(whole["doc_id"])
    quotes = speakers.quotations(part)
    assert set(quotes["doc_id"]) <= set(part.documents["doc_id"])

    sentences = corpus.sentences.copy()
    hit = sentences["text"].str.contains("hạ tầng số")
    assert hit.any()
    sentences.loc[hit, "text"] = sentences.loc[hit, "text"].str.replace("hạ tầng số", "hạ tầng xx")
    edited = dataclasses.replace(corpus, sentences=sentences)
    monkey = derived.ENV_SWITCH
    os.environ[monkey] = "0"
    try:
        expected = themes.code_themes(edited)
    finally:
        os.environ[monkey] = "1"
    _equal(themes.code_themes(edited), expected)
    assert not themes.code_themes(edited).equals(whole)


def test_another_codebook_gives_another_coding(corpus, tmp_path):
    default = themes.code_themes(corpus)
    book = tmp_path / "codebook.yaml"
    book.write_text(
        "themes:\n"
        "- id: agri\n"
        "  label_vi: Nông nghiệp số\n"
        "  label_en: Digital agriculture\n"
        "  patterns:\n"
        "    - nông sản\n"
        "    - nông dân\n",
        encoding="utf-8",
    )
    own = themes.code_themes(corpus, book)
    assert set(own["theme_id"]) == {"agri", "none"}
    assert set(default["theme_id"]) != {"agri", "none"}
    book.write_text(
        book.read_text(encoding="utf-8").replace("    - nông sản\n", ""), encoding="utf-8"
    )
    fewer = themes.code_themes(corpus, book)
    assert (fewer["theme_id"] == "agri").sum() <= (own["theme_id"] == "agri").sum()
    assert "nông sản" not in "; ".join(fewer["matched"])


def test_parameters_are_part_of_the_key(corpus):
    coded = themes.code_themes(corpus)
    a = themes.theme_table(coded, corpus, n_boot=20, seed=1)
    b = themes.theme_table(coded, corpus, n_boot=20, seed=2)
    assert not a[["ci_low", "ci_high"]].equals(b[["ci_low", "ci_high"]])
    none = themes.theme_table(coded, corpus, n_boot=0)
    assert none["ci_low"].isna().all()


def test_a_corrupt_entry_is_removed_and_recomputed(corpus, monkeypatch, tmp_path):
    monkeypatch.setenv("DXCOMPARE_CACHE_DIR", str(tmp_path))
    expected = speakers.quotations(corpus)
    (entry,) = (tmp_path / "derived").glob("quotations-*.parquet")
    entry.write_bytes(entry.read_bytes()[:40])  # a write cut short
    _equal(speakers.quotations(corpus), expected)
    assert entry.is_file() and entry.stat().st_size > 40  # written again, whole


def test_tables_parquet_cannot_hold_identically_are_returned_not_stored(monkeypatch, tmp_path):
    monkeypatch.setenv("DXCOMPARE_CACHE_DIR", str(tmp_path))
    mixed = pd.DataFrame({"value": [1, "hai", 3.5]})  # pyarrow refuses mixed objects
    sets = pd.DataFrame({"provinces": [{"Hà Nội", "Cần Thơ"}, {"Bình Định"}]})  # no Parquet type
    for i, frame in enumerate((mixed, sets)):
        got = derived.cached(f"odd{i}", {}, [(frame, None)], lambda f=frame: f)
        _equal(got, frame)
    assert not list((tmp_path / "derived").glob("odd*.parquet"))


def test_stale_temporaries_of_a_killed_writer_are_removed(corpus, monkeypatch, tmp_path):
    monkeypatch.setenv("DXCOMPARE_CACHE_DIR", str(tmp_path))
    folder = tmp_path / "derived"
    folder.mkdir()
    old = folder / ".tmp-99999-quotations-abc.parquet"
    new = folder / ".tmp-99998-quotations-def.parquet"
    old.write_bytes(b"half")
    new.write_bytes(b"half")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    speakers.quotations(corpus)
    assert not old.exists()
    assert new.exists()  # perhaps a live writer: left alone


_WORKER = """
import logging, sys
import dxcompare
from dxcompare.analyze.themes import code_themes
logging.basicConfig(level=logging.DEBUG, format="%(name)s %(message)s", stream=sys.stdout)
for name in ("", "dxcompare.derived"):
    logging.getLogger(name).setLevel(logging.WARNING)
logging.getLogger("dxcompare.derived").setLevel(logging.DEBUG)
corpus = dxcompare.load_corpus(sys.argv[1])
print("rows", len(code_themes(corpus)))
"""


def test_parallel_processes_compute_a_table_once(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    env = {
        **os.environ,
        "DXCOMPARE_CACHE_DIR": str(tmp_path / "cache"),
        "PYTHONPATH": str(ROOT / "lib"),
    }
    subprocess.run(
        [sys.executable, "-c", "import dxcompare, sys; dxcompare.load_corpus(sys.argv[1])",
         str(folder)], env=env, check=True, timeout=300,
    )  # fmt: skip
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(folder)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    rows = {line for out in outputs for line in out.splitlines() if line.startswith("rows")}
    assert len(rows) == 1  # the same table
    computed = sum(out.count("computing code_themes") for out in outputs)
    assert computed == 1, outputs


def test_one_province_keyness_is_its_rows_of_the_shared_every_group_table(corpus):
    from dxcompare.analyze.keywords import _keyness

    options = dict(
        by="primary_province", method="logodds", alpha0=None, correction="default",
        stopwords=False, min_count=1, exclude_templates=True, template_by="primary_province",
        template_n=(3, 4, 5), template_min_groups=2, exclude=["Hà Nội"], entities=False,
    )  # fmt: skip
    for province in ("Bình Định", "Hà Nội", "Cần Thơ"):
        shared = keyness(corpus, target=province, exclude_templates=True, exclude=["Hà Nội"])
        direct = _keyness(corpus, target=province, prior=None, reference=None, **options)
        _equal(shared, direct)
        assert len(shared) and set(shared["reference"]) == {"rest"}
    with pytest.raises(dxcompare.errors.ParameterError, match="Đà Nẵng"):
        keyness(corpus, target="Đà Nẵng")


def test_frequencies_and_corpus_shares_read_back_identical(corpus, monkeypatch):
    from dxcompare.analyze.vocabulary import _frequencies, frequencies
    from dxcompare.plot.themeviews import group_theme_shares

    for stopwords in (True, False):
        expected = _frequencies(corpus, "primary_province", stopwords, True, 1, False)
        _equal(frequencies(corpus, stopwords=stopwords), expected)
        _equal(frequencies(_fresh(corpus), stopwords=stopwords), expected)
    coded = themes.code_themes(corpus)
    table = themes.theme_table(coded, corpus, n_boot=0)
    shares = group_theme_shares(table, coded, "Bình Định")
    assert len(shares) and (shares["corpus_share"] > 0).all()
    themed = coded[coded["theme_id"] != "none"]
    first = shares.iloc[0]
    sentences = coded[["doc_id", "sentence_id"]].drop_duplicates()
    carrying = themed[themed["theme_id"] == first["theme_id"]][["doc_id", "sentence_id"]]
    assert first["corpus_share"] == len(carrying.drop_duplicates()) / len(sentences)
