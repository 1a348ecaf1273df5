"""Output folders that never lose a user's file (issue 15, round two).

Only files the run itself created are removed, checked against its own records; paths from a
``manifest.json`` are refused unless inside the output folder; a run refused by the lock touches
nothing of the run holding it; a user's ``.*.tmp`` files are never deleted; settings are checked
before any folder is made; an OS error during the run is a ``ReportError`` (exit 2).
"""

from __future__ import annotations

import errno
import hashlib
import json

import pytest

from dxcompare.errors import ParameterError, ReportError
from dxcompare.reporting import atomic
from dxcompare.reporting.outputs import OutputFolder, run_error
from dxcompare.reporting.reports import report
from support import PARAMS, make_corpus, write_notebook

ARTICLE = (
    "Tỉnh Hà Tĩnh đẩy mạnh chuyển đổi số\n\n"
    "Ngày 05/6/2023, UBND tỉnh Hà Tĩnh ban hành Kế hoạch số 210/KH-UBND về chuyển đổi số, "
    "phấn đấu đến năm 2025 có 85% hồ sơ được xử lý trực tuyến.\n"
)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_run_refused_by_the_lock_touches_nothing_of_the_first_run(tmp_path):
    out = tmp_path / "out"
    with OutputFolder(out) as first:
        staged = first.staging / "tong_quan.ipynb"
        staged.write_text("{}", encoding="utf-8")
        with pytest.raises(ReportError, match="another dxcompare report run is writing here"):
            with OutputFolder(out):
                pass
        assert staged.read_text(encoding="utf-8") == "{}"  # the first run's work is intact
        first.write("index.html", "<p>xong</p>")
    assert (out / "index.html").read_text(encoding="utf-8") == "<p>xong</p>"


def test_manifest_paths_outside_the_output_folder_are_never_deleted(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("dữ liệu của người dùng", encoding="utf-8")
    elsewhere = tmp_path / "xa" / "victim2.txt"
    elsewhere.parent.mkdir()
    elsewhere.write_text("cũng của người dùng", encoding="utf-8")
    (out / "link").symlink_to(tmp_path / "xa")
    own = out / "cu.html"
    own.write_text("<p>cũ</p>", encoding="utf-8")
    with OutputFolder(out) as folder:
        assert folder.inside("../victim.txt") is None
        assert folder.inside(str(victim)) is None
        assert folder.inside("link/victim2.txt") is None
        assert folder.inside("cu.html") == own
        folder.remove(["../victim.txt", str(victim), "link/victim2.txt", "cu.html"])
        # is_current never reads outside either
        assert not folder.is_current({"files": {"../victim.txt": sha(victim.read_bytes())}})
    assert victim.exists() and elsewhere.exists()
    assert not own.exists()


def test_a_hostile_manifest_json_costs_nothing_in_a_full_run(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", {"ha_tinh.txt": ARTICLE})
    nb_dir = tmp_path / "nb"
    write_notebook(nb_dir, "tong_quan", [PARAMS, ("code", "print('tổng quan')")])
    out = tmp_path / "out"
    (out / "ghi_chu").mkdir(parents=True)
    victim = tmp_path / "victim.txt"
    victim.write_text("không được xoá", encoding="utf-8")
    user_tmp = [out / ".ghi_chu.tmp", out / "ghi_chu" / ".ban_nhap.tmp", out / ".a.b.tmp"]
    for path in user_tmp:
        path.write_text("tệp tạm của người dùng", encoding="utf-8")
    manifest = {
        "format": 1,
        "reports": {
            "bao_cao_cu": {
                "files": {"../victim.txt": sha(victim.read_bytes()), str(victim): "x" * 64}
            }
        },
        "failed": {"hong": {"files": {"../../victim.txt": "y" * 64}}},
    }
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = report(corpus, out, notebooks_dir=nb_dir, progress=None)
    assert result.ok
    assert victim.read_text(encoding="utf-8") == "không được xoá"
    assert all(path.exists() for path in user_tmp)
    assert (out / "index.html").exists()


def test_only_dxcompare_temporaries_are_cleaned(tmp_path):
    atomic.write_text(tmp_path / "bang.csv", "tỉnh\nHà Tĩnh\n")
    ours = tmp_path / ".bang.csv.dxcompare-abc123xy.tmp"  # what a killed write_bytes leaves
    ours.write_text("nửa chừng")
    theirs = tmp_path / ".bang.csv.abc123xy.tmp"
    theirs.write_text("của người dùng")
    assert atomic.remove_stale_temporaries(tmp_path) == 1
    assert not ours.exists() and theirs.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".bang.csv.abc123xy.tmp", "bang.csv"]


@pytest.mark.parametrize("value", ["abc", "0", "-5", "1.5"])
def test_an_invalid_cell_timeout_is_refused_before_any_folder_is_made(tmp_path, monkeypatch, value):
    corpus = make_corpus(tmp_path / "corpus", {"ha_tinh.txt": ARTICLE})
    monkeypatch.setenv("DXCOMPARE_CELL_TIMEOUT", value)
    out = tmp_path / "out"
    with pytest.raises(ParameterError, match="DXCOMPARE_CELL_TIMEOUT"):
        report(corpus, out, progress=None)
    assert not out.exists()


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (errno.ENOSPC, "the disk holding the output folder is full while writing the reports"),
        (errno.EROFS, "cannot use the output folder (Read-only file system)"),
        (errno.EIO, "cannot use the output folder (Input/output error)"),
    ],
)
def test_os_errors_during_a_run_are_report_errors(tmp_path, code, expected):
    import os

    error = run_error(tmp_path, OSError(code, os.strerror(code)))
    assert isinstance(error, ReportError)
    assert expected in str(error)
