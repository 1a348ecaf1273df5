"""Reports do not depend on where they were rendered: no absolute path, the same bytes whatever the
output folder is called (papermill records parameters in the executed notebook; they are kept
relative to its folder)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dxcompare.reporting.plan import portable_parameters
from dxcompare.reporting.reports import report
from support import ROOT

FIVE = ROOT / "tests" / "data" / "five_provinces"


def test_parameters_are_recorded_relative_to_the_executed_notebooks_folder():
    recorded = portable_parameters(
        {
            "corpus_path": "/srv/tư liệu/bai-bao",
            "output_dir": "/srv/kết quả/data/summary",
            "province": "Cần Thơ",
        }  # fmt: skip
    )
    assert recorded == {"corpus_path": "../../tư liệu/bai-bao", "output_dir": "../data/summary",
                        "province": "Cần Thơ"}  # fmt: skip
    # relative parameters (a notebook opened by hand) are left as they are
    assert portable_parameters({"corpus_path": "../seeds", "output_dir": None}) == {
        "corpus_path": "../seeds",
        "output_dir": None,
    }


def _files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


@pytest.mark.slow
def test_two_differently_named_output_folders_get_byte_identical_files(tmp_path, monkeypatch):
    corpus = tmp_path / "five_provinces"
    shutil.copytree(FIVE, corpus)
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for name in ("corpus_overview", "explorer"):  # few kernel runs; the same code path as all
        shutil.copy(ROOT / "notebooks" / f"{name}.ipynb", notebooks)
    monkeypatch.setenv("DXCOMPARE_CACHE_DIR", str(tmp_path / "cache"))
    outs = [tmp_path / "báo cáo tháng 5", tmp_path / "reports-b"]
    for out in outs:
        result = report(corpus, out, notebooks_dir=notebooks, progress=None)
        assert result.ok, result.summary()
    first, second = (_files(out) for out in outs)
    assert sorted(first) == sorted(second)
    assert len(first) > 10
    differ = [name for name in first if first[name] != second[name]]
    assert differ == []
    for name, data in first.items():
        text = data.decode("utf-8", errors="replace")
        assert str(tmp_path) not in text, f"{name} holds an absolute path"
    nb = json.loads(first["notebooks/explorer.ipynb"])
    assert nb["metadata"]["papermill"]["parameters"]["corpus_path"] == "../../five_provinces"
    assert nb["metadata"]["papermill"]["parameters"]["output_dir"] == "../data/explorer"
