"""Hang guards: every extractor on one very long line of ordinary news phrasing.

Not speed assertions: the timeouts are generous (minutes for what takes seconds) and only catch
a regex that backtracks without bound or a loop that is quadratic in the line length, as
``speakers._before_frame`` (the ``theo ...,`` regex) and ``dates._as_dateline`` were.
"""

from __future__ import annotations

import sys

import pytest

from support import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_long_lines import news_line  # noqa: E402

from dxcompare.analyze import speakers, themes  # noqa: E402
from dxcompare.annotate import lines, provinces, segment  # noqa: E402
from dxcompare.extract import dates, references, targets  # noqa: E402

MB = 1_000_000


@pytest.fixture(scope="module")
def line() -> str:
    text = news_line(MB)
    assert "\n" not in text and len(text) >= MB
    return text


@pytest.mark.timeout(600)
def test_quotations_on_a_1mb_line(line):
    found = speakers.find_quotations(line)
    # the frames are read, not only survived: "Theo ông Nguyễn Văn Bình, ..." has its speaker
    assert (found["speaker"] == "Nguyễn Văn Bình").sum() > 100
    row = found.iloc[0]
    assert line[row["start"] : row["end"]] == row["quote"]


@pytest.mark.timeout(600)
def test_dates_on_a_1mb_line(line):
    found = dates.extract_dates(line, reference="2024-05-01")
    assert (found["value"] == "2023-03-15").sum() > 100
    assert all(
        line[s:e] == r for s, e, r in zip(found["start"], found["end"], found["raw"], strict=True)
    )


@pytest.mark.timeout(600)
def test_references_and_targets_on_a_1mb_line(line):
    refs = references.extract_doc_refs(line)
    assert (refs["symbol"].astype(str).str.contains("749/QĐ-TTg")).sum() > 100
    figures = targets.extract_targets(line)
    assert len(figures) > 100


@pytest.mark.timeout(600)
def test_lines_provinces_themes_on_a_1mb_line(line):
    assert lines.label_lines([line]) == ["body"]
    assert (provinces.find_provinces(line)["province"] == "Quảng Ninh").sum() > 100
    assert len(segment.split_sentences(line)) > 100
    assert len(themes.code_text(line)) > 0


@pytest.mark.slow  # segmenting 5 MB with underthesea takes minutes on a loaded machine
@pytest.mark.timeout(1800)
def test_a_5mb_one_line_file_builds(tmp_path, monkeypatch):
    from dxcompare.corpus.build import load_corpus

    monkeypatch.setenv("DXCOMPARE_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "corpus"
    folder.mkdir()
    body = news_line(5 * MB)
    (folder / "long.txt").write_text("Chuyển đổi số ở Quảng Ninh\n" + body + "\n", encoding="utf-8")
    corpus = load_corpus(folder, workers=1)
    assert len(corpus.documents) == 1
    assert len(corpus.documents.iloc[0]["text"]) >= 5 * MB
    assert len(corpus.dates) > 1000
