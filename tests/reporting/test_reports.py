"""The batch report machinery: parameters, safety, failures, reproducibility, incremental runs."""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from dxcompare import atomic
from dxcompare.cli import add_report_arguments, run_report_command
from dxcompare.errors import ParameterError
from dxcompare.reporting.htmlexport import clean_html, find_live_markup, safe_html
from dxcompare.reporting.notebook import read_headlines, record_headline, save_table
from dxcompare.reporting.pagescripts import without_page_scripts
from dxcompare.reporting.reports import report, select_provinces, slug
from support import PARAMS, ROOT, make_corpus, write_notebook

SETUP = "from dxcompare.reporting.notebook import setup_notebook, save_table, record_headline\nsetup_notebook()"
HOSTILE = (
    "UBND tỉnh Quảng Trị ban hành kế hoạch chuyển đổi số năm 2024.\n"
    "<script>alert('xss')</script>\n"
    '<img src=x onerror="alert(2)">\n'
    '<a href="javascript:alert(3)">Xem chi tiết</a>\n'
)


READ_CORPUS = (
    "code",
    "import pathlib\nimport pandas as pd\n"
    "docs = pd.DataFrame([{'file': p.name, 'text': p.read_text(encoding='utf-8')}\n"
    "                     for p in sorted(pathlib.Path(corpus_path).glob('*.txt'))])",
)


def all_files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != ".dxcompare.lock"
    }


# --------------------------------------------------------------------------------------------
# Fast: parameters, helpers, HTML safety
# --------------------------------------------------------------------------------------------


def test_slug_folds_vietnamese_names_to_file_names():
    assert slug("Bà Rịa - Vũng Tàu") == "ba-ria-vung-tau"
    assert slug("Đắk Lắk") == "dak-lak"
    assert slug("Thừa Thiên Huế") == "thua-thien-hue"


def test_province_typed_without_diacritics_finds_the_corpus_name():
    available = ["Bình Định", "Hà Nội", "Quảng Trị"]
    assert select_provinces(["binh dinh", "HÀ NỘI"], available, Path("corpus")) == [
        "Bình Định",
        "Hà Nội",
    ]


def test_unknown_province_error_lists_the_valid_ones():
    with pytest.raises(ParameterError) as err:
        select_provinces(["Bình Dương"], ["Bình Định", "Hà Nội"], Path("corpus"))
    message = str(err.value)
    assert "Bình Dương" in message and "Bình Định, Hà Nội" in message


def test_missing_corpus_path_is_named_before_any_output_is_made(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(ParameterError, match="corpus path not found") as err:
        report(tmp_path / "không-có", out, notebooks_dir=tmp_path, progress=None)
    assert "không-có" in str(err.value)
    assert not out.exists()


def test_misspelt_parameter_name_is_refused_before_running(tmp_path):
    nb_dir = tmp_path / "nb"
    write_notebook(nb_dir, "typo", [("params", "corpus_pth = None\noutput_dir = None")])
    corpus = make_corpus(tmp_path / "corpus", {"a.txt": "Hà Nội"})
    with pytest.raises(ParameterError, match="corpus_path"):
        report(corpus, tmp_path / "out", notebooks_dir=nb_dir, progress=None)
    assert not (tmp_path / "out").exists()


def test_notebook_with_two_parameters_cells_is_refused(tmp_path):
    nb_dir = tmp_path / "nb"
    write_notebook(nb_dir, "twice", [PARAMS, PARAMS])
    corpus = make_corpus(tmp_path / "corpus", {"a.txt": "Hà Nội"})
    with pytest.raises(ParameterError, match="2 cells tagged 'parameters'"):
        report(corpus, tmp_path / "out", notebooks_dir=nb_dir, progress=None)


def test_output_folder_inside_the_corpus_is_refused_before_any_output_is_made(tmp_path):
    # Its HTML reports would be read back as documents of the corpus on the next run.
    nb_dir = tmp_path / "nb"
    write_notebook(nb_dir, "ok", [PARAMS])
    corpus = make_corpus(tmp_path / "corpus", {"kien_giang.txt": "Kiên Giang số hóa hồ sơ."})
    out = corpus / "bao_cao"
    with pytest.raises(ParameterError, match="inside the corpus"):
        report(corpus, out, notebooks_dir=nb_dir, progress=None)
    assert not out.exists()


def test_output_folder_that_is_a_file_is_named(tmp_path):
    nb_dir = tmp_path / "nb"
    write_notebook(nb_dir, "ok", [PARAMS])
    corpus = make_corpus(tmp_path / "corpus", {"a.txt": "Hà Nội"})
    blocker = tmp_path / "outputs.txt"
    blocker.write_text("not a folder")
    with pytest.raises(ParameterError) as err:
        report(corpus, blocker, notebooks_dir=nb_dir, progress=None)
    assert str(blocker) in str(err.value) and "--out" in str(err.value)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_output_folder_is_named(tmp_path):
    nb_dir = tmp_path / "nb"
    write_notebook(nb_dir, "ok", [PARAMS])
    corpus = make_corpus(tmp_path / "corpus", {"a.txt": "Hà Nội"})
    out = tmp_path / "readonly"
    out.mkdir()
    out.chmod(0o500)
    try:
        with pytest.raises(ParameterError) as err:
            report(corpus, out, notebooks_dir=nb_dir, progress=None)
        assert str(out) in str(err.value)
    finally:
        out.chmod(0o700)


def test_failed_atomic_write_keeps_the_previous_file_whole(tmp_path):
    target = tmp_path / "bảng.csv"
    atomic.write_text(target, "tỉnh,số\nBình Định,3\n")
    with pytest.raises(TypeError):
        atomic.write_bytes(target, None)  # the write fails after the temp file was made
    assert target.read_text(encoding="utf-8") == "tỉnh,số\nBình Định,3\n"
    assert [p.name for p in tmp_path.iterdir()] == ["bảng.csv"]


def test_save_table_writes_excel_friendly_csv_and_returns_the_frame(tmp_path):
    df = pd.DataFrame({"province": ["Bình Định", "Hà Nội"], "documents": [3, 1]})
    shown = save_table(df, "documents_per_province", tmp_path / "data")
    assert shown is df
    raw = (tmp_path / "data" / "documents_per_province.csv").read_bytes()
    assert raw == "\ufeffprovince,documents\nBình Định,3\nHà Nội,1\n".encode()
    with pytest.raises(ParameterError):
        save_table(df, "../escape", tmp_path / "data")


def test_save_table_without_output_dir_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    save_table(pd.DataFrame({"a": [1]}), "t", None)
    assert list(tmp_path.iterdir()) == []


def test_record_headline_keeps_every_number_in_order(tmp_path):
    record_headline("documents", 12, tmp_path)
    record_headline("provinces", 4, tmp_path)
    record_headline("documents", 13, tmp_path)
    assert read_headlines(tmp_path) == {"documents": 13, "provinces": 4}


def test_script_in_html_output_is_shown_as_text():
    page = safe_html("<p>Sở TT&amp;TT</p><script>alert(1)</script>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert find_live_markup(page) == []


def test_entity_encoded_javascript_link_is_found():
    assert find_live_markup('<a href="&#106;avascript:alert(1)">x</a>')
    assert find_live_markup('<a href=" java\tscript:alert(1)">x</a>')


def test_dataframe_table_survives_cleaning():
    html = pd.DataFrame({"tỉnh": ["Bình Định"], "số": [3]})._repr_html_()
    cleaned = clean_html(html)
    assert "<thead>" in cleaned and "<th>tỉnh</th>" in cleaned and "<td>Bình Định</td>" in cleaned


def test_report_arguments_parse_the_documented_options():
    parser = argparse.ArgumentParser()
    add_report_arguments(parser)
    args = parser.parse_args(
        [
            "--corpus",
            "c",
            "--out",
            "o",
            "--provinces",
            "Bình Định",
            "Hà Nội",
            "--workers",
            "3",
            "--show-code",
            "--force",
        ]
    )
    assert (args.corpus, args.out, args.provinces, args.workers) == (
        "c",
        "o",
        ["Bình Định", "Hà Nội"],
        3,
    )
    assert args.show_code and args.force


# --------------------------------------------------------------------------------------------
# Slow: notebooks executed by papermill
# --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_hostile_document_text_never_becomes_live_markup(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", {"hostile.txt": HOSTILE})
    nb_dir = tmp_path / "nb"
    write_notebook(
        nb_dir,
        "careful",
        [
            ("code", SETUP),
            PARAMS,
            READ_CORPUS,
            ("code", "docs"),
            ("code", "print(docs.loc[0, 'text'])"),
            ("code", "docs.style"),
        ],
    )
    write_notebook(
        nb_dir,
        "careless",
        [  # no setup_notebook(): the renderer must still hold
            PARAMS,
            READ_CORPUS,
            (
                "code",
                "from IPython.display import HTML, Markdown, display\n"
                "display(HTML(docs.loc[0, 'text']))\ndisplay(Markdown(docs.loc[0, 'text']))",
            ),
            ("code", "docs.style"),
        ],
    )
    result = report(corpus, tmp_path / "out", notebooks_dir=nb_dir, progress=None)
    assert result.ok, result.summary()
    for name in ("careful", "careless"):
        page = (tmp_path / "out" / "reports" / f"{name}.html").read_text(encoding="utf-8")
        page = without_page_scripts(page)  # the page's own, allowed by hash in its CSP
        assert find_live_markup(page, allowed_tags=frozenset({"meta"})) == []
        assert "<script" not in page.lower()
        assert "&lt;script&gt;alert(" in page  # the attack is there, as text
        assert "Content-Security-Policy" in page
        assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)  # no outside request
    careful = (tmp_path / "out" / "reports" / "careful.html").read_text(encoding="utf-8")
    assert "<th>text</th>" in careful or ">text</th>" in careful  # tables stay tables


@pytest.mark.slow
def test_failing_notebook_is_reported_with_its_cell_and_the_others_still_run(tmp_path, capsys):
    corpus = make_corpus(tmp_path / "corpus", {"a.txt": "Bình Định"})
    nb_dir = tmp_path / "nb"
    write_notebook(nb_dir, "a_good", [PARAMS, ("code", "print('xong')")])
    write_notebook(
        nb_dir,
        "b_broken",
        [
            PARAMS,
            ("code", "x = 1"),
            ("code", "bang = {}\nbang['tỉnh không có']"),
        ],
    )
    write_notebook(nb_dir, "c_good", [PARAMS, ("code", "print('xong')")])
    args = argparse.Namespace(
        corpus=str(corpus),
        out=str(tmp_path / "out"),
        provinces=None,
        workers=2,
        show_code=False,
        force=False,
        notebooks=str(nb_dir),
    )
    assert run_report_command(args) == 1
    printed = capsys.readouterr().out
    assert "FAILED b_broken (b_broken.ipynb)" in printed
    assert (
        "KeyError" in printed and "tỉnh không có" in printed and "bang['tỉnh không có']" in printed
    )
    out = tmp_path / "out"
    assert (out / "reports" / "a_good.html").exists() and (out / "reports" / "c_good.html").exists()
    assert (out / "failed" / "b_broken.html").exists() and not (
        out / "reports" / "b_broken.html"
    ).exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "failed" in index and "KeyError" in index


def test_a_hung_cell_fails_its_report_after_the_cell_timeout_and_the_others_finish(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("DXCOMPARE_CELL_TIMEOUT", "2")
    corpus = make_corpus(tmp_path / "corpus", {"a.txt": "Quảng Bình"})
    nb_dir = tmp_path / "nb"
    write_notebook(nb_dir, "a_hangs", [PARAMS, ("code", "import time\ntime.sleep(600)")])
    write_notebook(nb_dir, "b_good", [PARAMS, ("code", "print('xong')")])
    result = report(corpus, tmp_path / "out", notebooks_dir=nb_dir, workers=2, progress=None)
    assert not result.ok
    [failed] = result.failed
    assert failed.name == "a_hangs" and "timed out" in failed.error.lower()
    assert (tmp_path / "out" / "reports" / "b_good.html").exists()


def test_a_cell_timeout_that_is_not_a_number_is_refused_by_name(monkeypatch):
    from dxcompare.reporting.reports import cell_timeout

    monkeypatch.setenv("DXCOMPARE_CELL_TIMEOUT", "hai giờ")
    with pytest.raises(ParameterError, match="DXCOMPARE_CELL_TIMEOUT"):
        cell_timeout()


@pytest.mark.slow
def test_two_runs_give_identical_bytes_and_an_unchanged_second_run_recomputes_nothing(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", {"a.txt": "Bình Định\n", "b.txt": "Hà Nội\n"})
    nb_dir = tmp_path / "nb"
    write_notebook(
        nb_dir,
        "overview",
        [
            ("code", SETUP + "\nimport matplotlib.pyplot as plt"),
            PARAMS,
            READ_CORPUS,
            (
                "code",
                "record_headline('documents', len(docs), output_dir)\n"
                "save_table(docs, 'documents', output_dir)\ndocs.style",
            ),
            (
                "code",
                "import random, numpy as np\nprint(random.random(), np.random.rand(), {'Huế', 'Hà Nội', 'Vinh'})",
            ),
            (
                "code",
                "fig, ax = plt.subplots()\nax.bar(docs['file'], docs['text'].str.len())\nplt.show()",
            ),
        ],
    )
    out = tmp_path / "out"
    first = report(corpus, out, notebooks_dir=nb_dir, progress=None)
    assert [o.status for o in first.outcomes] == ["ok"]
    assert first.outcomes[0].headlines == {"documents": 2}
    before = all_files(out)
    assert {
        "index.html",
        "reports/overview.html",
        "notebooks/overview.ipynb",
        "data/overview/documents.csv",
        "manifest.json",
    } <= set(before)

    second = report(corpus, out, notebooks_dir=nb_dir, progress=None)
    assert [o.status for o in second.outcomes] == ["cached"]
    forced = report(corpus, out, notebooks_dir=nb_dir, force=True, progress=None)
    assert [o.status for o in forced.outcomes] == ["ok"]
    after = all_files(out)
    assert after.keys() == before.keys()
    assert [k for k in before if before[k] != after[k]] == []

    executed = json.loads(before["notebooks/overview.ipynb"])
    assert all(
        "execution" not in c["metadata"] and "papermill" not in c["metadata"]
        for c in executed["cells"]
    )
    assert "start_time" not in json.dumps(executed["metadata"])

    (corpus / "b.txt").write_text("Hà Nội và Huế\n", encoding="utf-8")
    changed = report(corpus, out, notebooks_dir=nb_dir, progress=None)
    assert [o.status for o in changed.outcomes] == ["ok"]


@pytest.mark.slow
def test_show_code_rerenders_the_stored_notebook_without_executing_it(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", {"a.txt": "Bình Định"})
    nb_dir = tmp_path / "nb"
    write_notebook(nb_dir, "small", [PARAMS, ("code", "so_van_ban = 41\nprint(so_van_ban)")])
    out = tmp_path / "out"
    report(corpus, out, notebooks_dir=nb_dir, progress=None)
    hidden = (out / "reports" / "small.html").read_text(encoding="utf-8")
    assert "so_van_ban" not in hidden and "41" in hidden
    shown = report(corpus, out, notebooks_dir=nb_dir, show_code=True, progress=None)
    assert [o.status for o in shown.outcomes] == ["rerendered"]
    assert "so_van_ban" in (out / "reports" / "small.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_province_notebook_runs_once_per_province_with_its_title_and_parameter(tmp_path):
    corpus = make_corpus(
        tmp_path / "corpus",
        {
            "bd.txt": "UBND tỉnh Bình Định triển khai chuyển đổi số. Tỉnh Bình Định đặt mục tiêu năm 2025.\n",
            "hn.txt": "UBND thành phố Hà Nội triển khai chuyển đổi số. Thành phố Hà Nội đặt mục tiêu năm 2025.\n",
        },
    )
    nb_dir = tmp_path / "nb"
    write_notebook(
        nb_dir,
        "profile",
        [
            ("params", "corpus_path = None\noutput_dir = None\nprovince = 'Hà Nội'"),
            (
                "code",
                "from dxcompare.reporting.notebook import record_headline\n"
                "record_headline('letters', len(province), output_dir)\nprint(province)",
            ),
        ],
        title="Province profile",
    )
    result = report(
        corpus,
        tmp_path / "out",
        provinces=["Bình Định", "Hà Nội"],
        notebooks_dir=nb_dir,
        progress=None,
    )
    assert [o.name for o in result.outcomes] == ["profile-binh-dinh", "profile-ha-noi"]
    page = (tmp_path / "out" / "reports" / "profile-binh-dinh.html").read_text(encoding="utf-8")
    assert "<h1>Province profile: Bình Định</h1>" in page
    assert "<th>province</th><td>Bình Định</td>" in page
    executed = (tmp_path / "out" / "notebooks" / "profile-binh-dinh.ipynb").read_text(
        encoding="utf-8"
    )
    assert "province = 'Bình Định'" in "".join(json.loads(executed)["cells"][2]["source"])
    assert result.outcomes[0].headlines == {"letters": 9}


@pytest.mark.slow
def test_failed_rerun_keeps_the_last_good_report(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", {"a.txt": "Bình Định"})
    nb_dir = tmp_path / "nb"
    write_notebook(nb_dir, "report", [PARAMS, ("code", "print('bản tốt')")])
    out = tmp_path / "out"
    report(corpus, out, notebooks_dir=nb_dir, progress=None)
    good = (out / "reports" / "report.html").read_bytes()
    write_notebook(nb_dir, "report", [PARAMS, ("code", "raise ValueError('hỏng')")])
    result = report(corpus, out, notebooks_dir=nb_dir, progress=None)
    assert result.exit_code == 1 and "ValueError: hỏng" in result.failed[0].error
    assert (out / "reports" / "report.html").read_bytes() == good
    assert "hỏng" in (out / "failed" / "report.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_run_killed_midway_leaves_the_previous_outputs_whole(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", {"a.txt": "Bình Định"})
    nb_dir = tmp_path / "nb"
    marker = tmp_path / "started"
    write_notebook(nb_dir, "one", [PARAMS, ("code", "print('một')")])
    write_notebook(nb_dir, "two", [PARAMS, ("code", "print('hai')")])
    out = tmp_path / "out"
    report(corpus, out, notebooks_dir=nb_dir, progress=None)
    before = all_files(out)
    # The new version of "two" signals it has started, then hangs until killed.
    write_notebook(
        nb_dir,
        "two",
        [
            PARAMS,
            (
                "code",
                f"import pathlib, time\npathlib.Path({str(marker)!r}).touch()\ntime.sleep(3600)",
            ),
        ],
    )
    code = (
        f"from dxcompare.reporting.reports import report\nreport({str(corpus)!r}, {str(out)!r}, "
        f"notebooks_dir={str(nb_dir)!r}, force=True, progress=None)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
    try:
        while not marker.exists():
            assert proc.poll() is None, "the run ended before the notebook started"
            time.sleep(0.1)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    after = all_files(out)
    manifest = json.loads(after["manifest.json"])
    for name, entry in manifest["reports"].items():
        for rel in entry["files"]:
            assert rel in after, f"{name}: {rel} missing after the kill"
    assert after["reports/two.html"] == before["reports/two.html"]
    assert after["index.html"] == before["index.html"]
    # the next run cleans up and finishes normally
    write_notebook(nb_dir, "two", [PARAMS, ("code", "print('hai')")])
    assert report(corpus, out, notebooks_dir=nb_dir, progress=None).ok
    assert not (out / ".dxcompare-staging").exists()


def _corpus_modules_available() -> bool:
    """load_corpus needs every pipeline module (see docs/architecture.md)."""
    import importlib.util

    modules = (
        "corpus",
        "reading",
        "manifest",
        "normalize",
        "lines",
        "metadata",
        "segment",
        "provinces",
        "dates",
        "references",
        "targets",
        "events",
    )
    return all(importlib.util.find_spec(f"dxcompare.{m}") is not None for m in modules)


@pytest.mark.slow
@pytest.mark.skipif(
    not _corpus_modules_available(), reason="dxcompare.load_corpus not complete yet"
)
def test_project_notebooks_render_the_seed_corpus(tmp_path, seeds_dir):
    result = report(seeds_dir, tmp_path / "out", notebooks_dir=ROOT / "notebooks", progress=None)
    assert result.ok, result.summary()
    names = [o.name for o in result.outcomes]
    assert "corpus_overview" in names
    assert any(n.startswith("province_profile-") for n in names)
    assert result.outcomes[names.index("corpus_overview")].headlines["documents"] == 5
    assert (tmp_path / "out" / "data" / "corpus_overview" / "documents_per_province.csv").exists()


def test_dxcompare_report_stays_the_function_after_notebooks_import_their_helpers(tmp_path):
    import dxcompare
    import dxcompare.reporting.notebook  # noqa: F401  (what a notebook's setup cell does)
    import dxcompare.reporting.reports  # noqa: F401

    assert callable(dxcompare.report)
    with pytest.raises(ParameterError, match="corpus path not found"):
        dxcompare.report(tmp_path / "không-có", tmp_path / "out", progress=None)


def test_index_keeps_the_notebooks_headline_order_when_a_report_is_cached(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", {"a.txt": "Kon Tum"})
    nb_dir = tmp_path / "nb"
    cell = (
        "from dxcompare.reporting.notebook import record_headline\n"
        "record_headline('văn bản', 3, output_dir)\n"
        "record_headline('Bình Định', 'thanh niên', output_dir)\n"
    )
    write_notebook(nb_dir, "a_headlines", [PARAMS, ("code", cell)])
    out = tmp_path / "out"
    assert report(corpus, out, notebooks_dir=nb_dir, workers=1, progress=None).ok
    first = (out / "index.html").read_text(encoding="utf-8")
    again = report(corpus, out, notebooks_dir=nb_dir, workers=1, progress=None)
    assert [o.status for o in again.outcomes] == ["cached"]
    assert (out / "index.html").read_text(encoding="utf-8") == first
    assert first.index("văn bản: 3") < first.index("Bình Định: thanh niên")
