"""Faults a researcher's machine throws at a run: a killed command, a corrupt cache, a full disk,
an output folder that cannot be a folder. None of them may cost the work already done."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pandas as pd
import pytest

import dxcompare
from dxcompare import atomic, cache
from dxcompare.errors import ParameterError, ReportError
from dxcompare.reporting.reports import OutputFolder, report
from support import PARAMS, make_corpus, write_notebook

DXCOMPARE = Path(sys.executable).with_name("dxcompare")
ARTICLE = (
    "Tỉnh Quảng Trị đẩy mạnh chuyển đổi số\n\n"
    "Ngày 12/3/2024, UBND tỉnh Quảng Trị ban hành Kế hoạch số 45/KH-UBND về chuyển đổi số, "
    "phấn đấu đến năm 2025 có 80% hồ sơ được xử lý trực tuyến.\n"
)


def snapshot(out: Path) -> dict[str, bytes]:
    """Every file a user sees in the output folder (dot-files are dxcompare's own bookkeeping)."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)
    }


def assert_previous_outputs_whole(out: Path, before: dict[str, bytes]) -> None:
    """Every earlier file present and byte-identical; nothing half-written visible; manifest true."""
    after = snapshot(out)
    for rel, data in before.items():
        assert rel in after, f"{rel} disappeared"
        if rel != "manifest.json":  # it also records the code version, which edits change
            assert after[rel] == data, f"{rel} changed"
    old_files = {n: e["files"] for n, e in json.loads(before["manifest.json"])["reports"].items()}
    new_files = {n: e["files"] for n, e in json.loads(after["manifest.json"])["reports"].items()}
    assert new_files == old_files
    assert set(after) == set(before), f"unexpected files: {sorted(set(after) - set(before))}"
    manifest = json.loads(after["manifest.json"])
    for section in ("reports", "failed"):
        for entry in manifest.get(section, {}).values():
            for rel, sha in entry["files"].items():
                assert hashlib.sha256(after[rel]).hexdigest() == sha, rel
    assert "</html>" in after["index.html"].decode("utf-8")


def three_notebooks(folder: Path) -> Path:
    for name, word in (("a_mot", "một"), ("b_hai", "hai"), ("c_ba", "ba")):
        write_notebook(
            folder,
            name,
            [PARAMS, ("code", f"import time\ntime.sleep(0.5)\nprint({word!r})")],
        )
    return folder


# --------------------------------------------------------------------------- killed runs


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except OSError:
        return None


def _kill_when(out: Path, corpus: Path, nb_dir: Path, moment: str) -> str:
    """Start ``dxcompare report --force`` and SIGKILL it (and its kernels) at ``moment``."""
    watched = {
        "notebook running": out / ".dxcompare-staging" / "run",
        "first report moved in": out / "reports" / "a_mot.html",
        "first manifest saved": out / "manifest.json",
    }[moment]
    before = _inode(watched)
    command = [
        str(DXCOMPARE), "report", "--corpus", str(corpus), "--out", str(out),
        "--notebooks", str(nb_dir), "--force", "--workers", "1",
    ]  # fmt: skip
    proc = subprocess.Popen(
        command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        while _inode(watched) == before:
            if proc.poll() is not None:
                raise AssertionError(f"run ended before '{moment}': {proc.stderr.read()!r}")
            time.sleep(0.002)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return moment


@pytest.mark.slow
def test_report_command_killed_at_any_moment_leaves_the_previous_outputs_whole(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", {"quang_tri.txt": ARTICLE})
    nb_dir = three_notebooks(tmp_path / "nb")
    out = tmp_path / "out"
    assert report(corpus, out, notebooks_dir=nb_dir, workers=1, progress=None).ok
    before = snapshot(out)
    assert {"reports/a_mot.html", "reports/b_hai.html", "reports/c_ba.html"} <= set(before)
    for moment in ("notebook running", "first report moved in", "first manifest saved"):
        _kill_when(out, corpus, nb_dir, moment)
        assert_previous_outputs_whole(out, before)
    # The next run clears the leftovers and ends with the same files.
    done = subprocess.run(
        [str(DXCOMPARE), "report", "--corpus", str(corpus), "--out", str(out),
         "--notebooks", str(nb_dir), "--workers", "1"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert snapshot(out) == before
    assert not (out / ".dxcompare-staging").exists()
    assert not list(out.rglob(".*.tmp"))


# --------------------------------------------------------------------------- corrupt cache


def _truncate(blob: bytes) -> bytes:
    return blob[: len(blob) // 2]


def _wrong_header(blob: bytes) -> bytes:
    return b"NOTCACHE " + blob[10:]


def _random_bytes(blob: bytes) -> bytes:
    return os.urandom(len(blob))


def _a_pickle_instead(blob: bytes) -> bytes:
    # What the old format stored: it must never be unpickled, only refused.
    return pickle.dumps({"documents": "not a corpus"})


@pytest.mark.parametrize(
    "corrupt",
    [_truncate, _wrong_header, _random_bytes, _a_pickle_instead],
    ids=lambda f: f.__name__.strip("_"),
)
@pytest.mark.parametrize("entry_kind", ["tokens.arrow", "meta.json", ".dxdoc"])
def test_a_corrupt_cache_entry_is_detected_and_rebuilt(tmp_path, monkeypatch, corrupt, entry_kind):
    monkeypatch.setenv("DXCOMPARE_CACHE_DIR", str(tmp_path / "cache"))
    corpus_dir = make_corpus(tmp_path / "corpus", {"quang_tri.txt": ARTICLE})
    fresh = dxcompare.load_corpus(corpus_dir)
    if entry_kind == ".dxdoc":
        # the merged corpus gone, the document's own entry damaged: the merge must notice
        for folder in (tmp_path / "cache" / "corpora").glob("*/*"):
            shutil.rmtree(folder)
        [entry] = list((tmp_path / "cache").rglob("*.dxdoc"))
    else:
        [entry] = list((tmp_path / "cache").rglob(entry_kind))
    entry.write_bytes(corrupt(entry.read_bytes()))
    with pytest.warns(cache.CacheWarning, match=r"removed it and rebuilding the corpus"):
        rebuilt = dxcompare.load_corpus(corpus_dir)
    assert not rebuilt.from_cache
    assert rebuilt.documents.equals(fresh.documents)
    assert rebuilt.tokens.equals(fresh.tokens)
    again = dxcompare.load_corpus(corpus_dir)  # the rebuilt entry replaced the corrupt one
    assert again.from_cache and again.documents.equals(fresh.documents)


def test_a_cache_folder_that_cannot_be_a_folder_only_costs_the_cache(tmp_path, monkeypatch):
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("DXCOMPARE_CACHE_DIR", str(blocker))
    corpus_dir = make_corpus(tmp_path / "corpus", {"quang_tri.txt": ARTICLE})
    first = dxcompare.load_corpus(corpus_dir)
    second = dxcompare.load_corpus(corpus_dir)
    assert not first.from_cache and not second.from_cache
    assert second.documents.equals(first.documents)
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_cache_entry_that_cannot_be_written_is_skipped(tmp_path):
    from dxcompare.corpus import corpusentry

    (tmp_path / "tmp").write_text("a file where the cache wants a folder", encoding="utf-8")
    tables = {"documents": pd.DataFrame({"doc_id": ["quang_tri"]})}
    assert corpusentry.store("ab" * 32, tables, [], root=tmp_path) is None
    assert corpusentry.load("ab" * 32, ("documents",), root=tmp_path) is None


# --------------------------------------------------------------------------- output folder


@pytest.mark.parametrize(
    "where",
    ["under a regular file", "inside /proc", "the device /dev/full"],
)
def test_an_output_folder_that_cannot_be_made_is_a_clear_error(tmp_path, where):
    nb_dir = tmp_path / "nb"
    write_notebook(nb_dir, "ok", [PARAMS])
    corpus = make_corpus(tmp_path / "corpus", {"a.txt": ARTICLE})
    blocker = tmp_path / "ket_qua.txt"
    blocker.write_text("một tệp, không phải thư mục", encoding="utf-8")
    out = {
        "under a regular file": blocker / "outputs",
        "inside /proc": Path("/proc/dxcompare-outputs"),
        "the device /dev/full": Path("/dev/full"),
    }[where]
    with pytest.raises(ParameterError) as caught:
        report(corpus, out, notebooks_dir=nb_dir, progress=None)
    message = str(caught.value)
    assert message.startswith(f"{out}: cannot use the output folder (")
    assert "Fix: choose a writable folder with --out" in message
    assert blocker.read_text(encoding="utf-8") == "một tệp, không phải thư mục"
    assert not Path("/proc/dxcompare-outputs").exists()


class _FullDisk:
    """``os`` as atomic.py sees it on a full disk: data never reaches the platter (ENOSPC)."""

    def __getattr__(self, name: str):
        return getattr(os, name)

    @staticmethod
    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_keeps_the_previous_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "bảng.csv"
    atomic.write_text(target, "tỉnh,số\nQuảng Trị,3\n")
    monkeypatch.setattr(atomic, "os", _FullDisk())
    with pytest.raises(OSError) as caught:
        atomic.write_text(target, "tỉnh,số\nQuảng Trị,4\n")
    assert caught.value.errno == errno.ENOSPC
    assert target.read_text(encoding="utf-8") == "tỉnh,số\nQuảng Trị,3\n"
    assert [p.name for p in tmp_path.iterdir()] == ["bảng.csv"]


def test_a_full_disk_while_writing_outputs_says_so(tmp_path, monkeypatch):
    out = tmp_path / "out"
    with OutputFolder(out) as folder:
        monkeypatch.setattr(atomic, "os", _FullDisk())
        with pytest.raises(ReportError) as caught:
            folder.write("index.html", "<p>xin chào</p>")
    assert str(caught.value) == (
        f"{out}: the disk holding the output folder is full while writing index.html. "
        "Fix: free space or choose another folder with --out"
    )
    assert not (out / "index.html").exists()


@pytest.mark.slow
def test_report_command_on_a_full_disk_exits_with_the_message_and_keeps_earlier_reports(
    tmp_path, monkeypatch
):
    from dxcompare.cli import main

    corpus = make_corpus(tmp_path / "corpus", {"quang_tri.txt": ARTICLE})
    nb_dir = tmp_path / "nb"
    write_notebook(nb_dir, "tong_quan", [PARAMS, ("code", "print('tổng quan')")])
    out = tmp_path / "out"
    assert report(corpus, out, notebooks_dir=nb_dir, progress=None).ok
    before = snapshot(out)
    monkeypatch.setattr(atomic, "os", _FullDisk())
    stderr = io.StringIO()
    argv = ["report", "--corpus", str(corpus), "--out", str(out), "--notebooks", str(nb_dir)]
    with redirect_stdout(io.StringIO()), redirect_stderr(stderr):
        code = main([*argv, "--force"])
    assert code == 2
    assert "the disk holding the output folder is full" in stderr.getvalue()
    assert "Fix: free space or choose another folder with --out" in stderr.getvalue()
    assert_previous_outputs_whole(out, before)


# --------------------------------------------------------------------------- parameters


def test_unknown_province_is_refused_with_the_valid_ones_before_any_output(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", {"quang_tri.txt": ARTICLE})
    nb_dir = tmp_path / "nb"
    write_notebook(
        nb_dir, "ho_so", [("params", "corpus_path = None\noutput_dir = None\nprovince = None")]
    )
    out = tmp_path / "out"
    with pytest.raises(ParameterError) as caught:
        report(corpus, out, provinces=["Quảng Bình"], notebooks_dir=nb_dir, progress=None)
    message = str(caught.value)
    assert "unknown province 'Quảng Bình'" in message
    assert "has Quảng Trị. Fix: use one of those names" in message
    assert not out.exists()
