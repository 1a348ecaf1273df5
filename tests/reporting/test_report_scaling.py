"""Reports that scale with provinces: profiles for provinces with enough documents, the rest listed."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from dxcompare.cli import add_report_arguments
from dxcompare.errors import ParameterError
from dxcompare.reporting.plan import ALL_PROFILES_UP_TO, MIN_DOCUMENTS, profiled_provinces
from dxcompare.reporting.reports import report

META = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def make_corpus(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def write_notebook(folder: Path, name: str, cells: list[tuple[str, str]], title: str) -> Path:
    """A notebook from (kind, source) pairs; kind "params" is the cell tagged 'parameters'."""
    built = [new_markdown_cell(f"# {title}")]
    for kind, source in cells:
        cell = new_code_cell(source)
        if kind == "params":
            cell.metadata["tags"] = ["parameters"]
        built.append(cell)
    for i, cell in enumerate(built):
        cell.id = f"c{i}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.ipynb"
    nbformat.write(new_notebook(cells=built, metadata=META), path)
    return path


TEXTS = {
    "ha_noi_1.txt": (
        "Hà Nội ra mắt nền tảng số dùng chung\n\n"
        "UBND thành phố Hà Nội ban hành Kế hoạch số 10/KH-UBND về chuyển đổi số năm 2024.\n"
        "Thành phố Hà Nội đưa 100% dịch vụ công trực tuyến lên Cổng dịch vụ công.\n"
    ),
    "ha_noi_2.txt": (
        "Hà Nội phát triển kinh tế số\n\n"
        "Thành phố Hà Nội đặt mục tiêu kinh tế số chiếm 30% GRDP vào năm 2030.\n"
    ),
    "can_tho_1.txt": (
        "Cần Thơ đào tạo nhân lực số\n\n"
        "UBND thành phố Cần Thơ triển khai chương trình đào tạo kỹ năng số cho nông dân.\n"
    ),
    "can_tho_2.txt": (
        "Cần Thơ số hóa hồ sơ hành chính\n\n"
        "Thành phố Cần Thơ hoàn thành số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.\n"
    ),
    "binh_dinh.txt": (
        "Bình Định xây dựng chính quyền số\n\n"
        "UBND tỉnh Bình Định ban hành Kế hoạch số 45/KH-UBND về chuyển đổi số năm 2024.\n"
    ),
}

PROFILE = [
    ("params", "corpus_path = None\noutput_dir = None\nprovince = None"),
    (
        "code",
        "from dxcompare.reporting.notebook import record_headline\n"
        "record_headline('province', province, output_dir)",
    ),
]


def test_the_default_profiles_every_province_of_a_small_corpus_and_the_bigger_ones_of_a_large():
    few = {"Hà Nội": 3, "Bình Định": 1}
    assert profiled_provinces(few) == (["Hà Nội", "Bình Định"], {})
    many = {f"Tỉnh {i:02d}": 1 for i in range(ALL_PROFILES_UP_TO)}
    many["Hà Nội"] = 74
    many["Đà Nẵng"] = MIN_DOCUMENTS
    chosen, skipped = profiled_provinces(many)
    assert chosen == ["Hà Nội", "Đà Nẵng"]
    assert len(skipped) == ALL_PROFILES_UP_TO and set(skipped.values()) == {1}
    assert profiled_provinces(many, 1) == (list(many), {})


@pytest.mark.parametrize("bad", [0, -2, 1.5, True, "3"])
def test_a_bad_min_documents_is_refused_before_any_work(tmp_path, bad):
    with pytest.raises(ParameterError, match="min_documents"):
        report(tmp_path / "none", tmp_path / "out", min_documents=bad, progress=None)
    assert not (tmp_path / "out").exists()


def test_the_cli_passes_min_documents():
    parser = argparse.ArgumentParser()
    add_report_arguments(parser)
    assert parser.parse_args(["--min-documents", "2"]).min_documents == 2
    assert parser.parse_args([]).min_documents is None


def test_provinces_with_too_few_documents_are_listed_and_can_be_added(tmp_path):
    corpus = make_corpus(tmp_path / "tin bai", TEXTS)
    nb_dir = tmp_path / "nb"
    write_notebook(nb_dir, "profile", PROFILE, title="Hồ sơ tỉnh")
    out = tmp_path / "out"

    first = report(corpus, out, notebooks_dir=nb_dir, min_documents=2, workers=2, progress=None)
    assert first.ok, first.summary()
    assert sorted(o.name for o in first.outcomes) == ["profile-can-tho", "profile-ha-noi"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["corpus"]["documents_per_province"] == {
        "Bình Định": 1,
        "Cần Thơ": 2,
        "Hà Nội": 2,
    }
    assert manifest["corpus"]["provinces"] == ["Bình Định", "Cần Thơ", "Hà Nội"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Provinces without a profile" in index
    assert "<td>Bình Định</td><td>1</td>" in index
    assert "--provinces &#34;Bình Định&#34;" in index or '--provinces "Bình Định"' in index

    added = report(corpus, out, notebooks_dir=nb_dir, provinces=["binh dinh"], progress=None)
    assert added.ok, added.summary()
    assert [o.name for o in added.outcomes] == ["profile-binh-dinh"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Provinces without a profile" not in index
    for name in ("profile-binh-dinh", "profile-can-tho", "profile-ha-noi"):
        assert (out / "reports" / f"{name}.html").is_file()
        assert f"reports/{name}.html" in index
    headlines = json.loads((out / "data/profile-binh-dinh/headlines.json").read_text("utf-8"))
    assert headlines["province"] == "Bình Định"

    # Back to the default: the extra profile is still current and kept, nothing recomputed
    again = report(corpus, out, notebooks_dir=nb_dir, min_documents=2, progress=None)
    assert {o.status for o in again.outcomes} == {"cached"}
    assert "profile-binh-dinh" in (out / "index.html").read_text(encoding="utf-8")
