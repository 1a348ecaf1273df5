"""No kernel or worker outlives ``dxcompare report`` / ``dxcompare corpus``: signals and kill -9.

Real subprocesses and real kernels: each test starts the command, waits until its kernels or
pool workers exist (found in /proc as descendants), stops it, and checks within a generous
timeout that no descendant is left, that the exit code and message say what happened, and
that the output folder holds only complete reports.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from dxcompare import lifeline
from dxcompare.stopping import Children, Stopped
from support import ROOT

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")

# Three short articles in the layouts the corpus meets: news with a quotation, a provincial
# plan with its number and date, an e-commerce report; three provinces.
TEXTS = {
    "quang_ninh.txt": (
        "Quảng Ninh đẩy mạnh chuyển đổi số trong cải cách hành chính\n\n"
        "Ngày 12/3/2024, UBND tỉnh Quảng Ninh ban hành Kế hoạch số 45/KH-UBND về chuyển đổi số "
        "năm 2024. Theo ông Nguyễn Văn Bình, Giám đốc Sở Thông tin và Truyền thông tỉnh Quảng "
        "Ninh, đến năm 2025, 80% hồ sơ thủ tục hành chính của tỉnh được xử lý trực tuyến.\n"
    ),
    "binh_dinh.txt": (
        "ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH\nSố: 1234/QĐ-UBND\n"
        "Bình Định, ngày 5 tháng 4 năm 2024\n\nQUYẾT ĐỊNH\n"
        "Về việc ban hành Kế hoạch xây dựng chính quyền số tỉnh Bình Định năm 2024\n\n"
        "Điều 1. Phấn đấu 70% người trưởng thành có tài khoản định danh điện tử; hoàn thành "
        "trung tâm dữ liệu dùng chung trước ngày 31/12/2025.\n"
    ),
    "ha_giang.txt": (
        "Hà Giang đưa nông sản lên sàn thương mại điện tử\n\n"
        "Ngày 20/5/2024, Sở Công Thương tỉnh Hà Giang đưa 120 sản phẩm OCOP lên sàn thương mại "
        'điện tử. Ông Lê Minh Tuấn cho biết: "Đến năm 2030, kinh tế số chiếm 20% GRDP."\n'
    ),
}
STOPS = [signal.SIGTERM, signal.SIGINT, signal.SIGHUP]
META = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


# -- processes ------------------------------------------------------------------------------


def _stat(pid: int) -> tuple[str, int] | None:
    try:
        rest = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return rest[0], int(rest[1])  # state, parent


def _descendants(root: int) -> set[int]:
    """Every process below ``root`` now (children, grandchildren...)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (st := _stat(int(entry.name))) is not None:
            children.setdefault(st[1], []).append(int(entry.name))
    found: set[int] = set()
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    st = _stat(pid)
    return st is not None and st[0] not in ("Z", "X")


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _is_kernel(pid: int) -> bool:
    line = _cmdline(pid)
    return "ipykernel" in line or "lifeline.py" in line


def _default_stop_signals() -> None:
    """Give the command the signal dispositions a terminal gives it.

    A test run started with ``nohup`` or as a background job (``make test &``) ignores SIGHUP
    or SIGINT, and a child inherits that; dxcompare rightly keeps an ignored signal ignored,
    so without this the test would measure how it was launched, not dxcompare.
    """
    for signum in STOPS:
        signal.signal(signum, signal.SIG_DFL)


class Run:
    """``python -m dxcompare.cli ...`` in the background, output to files (kernels inherit it:
    a pipe would only close when the last kernel does)."""

    def __init__(self, args: list[str], tmp: Path, cache: Path) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT / "lib"), DXCOMPARE_CACHE_DIR=str(cache))
        self.err_path = tmp / f"stderr-{time.monotonic_ns()}.txt"
        with open(tmp / "stdout.txt", "ab") as out, open(self.err_path, "wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "dxcompare.cli", *args],
                env=env,
                stdout=out,
                stderr=err,
                preexec_fn=_default_stop_signals,
            )
        self.seen: set[int] = set()

    def wait_for(self, what: str, ready, timeout: float = 180) -> set[int]:
        """Wait until ``ready(descendants)``; remember every descendant seen."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            now = _descendants(self.proc.pid)
            self.seen |= now
            if ready(now):
                return now
            assert self.proc.poll() is None, f"ended before {what}: {self.stderr()}"
            time.sleep(0.05)
        raise AssertionError(f"no {what} after {timeout} s: {self.stderr()}")

    def stop(self, signum: int, timeout: float = 120) -> int:
        self.seen |= _descendants(self.proc.pid)
        self.proc.send_signal(signum)
        return self.proc.wait(timeout=timeout)

    def survivors(self, timeout: float = 60) -> list[str]:
        """Descendants still alive after ``timeout`` seconds (an empty list is the goal)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and any(_alive(p) for p in self.seen):
            time.sleep(0.1)
        return [f"{p}: {_cmdline(p)[:120]}" for p in sorted(self.seen) if _alive(p)]

    def stderr(self) -> str:
        return self.err_path.read_text(encoding="utf-8", errors="replace")

    def cleanup(self) -> None:
        for pid in [self.proc.pid, *self.seen]:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if self.proc.poll() is None:
            self.proc.wait()


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory) -> Path:
    """One cache for the module: the three texts are built once, not before every kernel."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def run(tmp_path, shared_cache):
    started: list[Run] = []

    def start(*args: str, cache: Path | None = None) -> Run:
        started.append(Run(list(args), tmp_path, cache or shared_cache))
        return started[-1]

    yield start
    for r in started:
        r.cleanup()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ba_tinh")
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _has_kernel(pids: set[int]) -> bool:
    return any(_is_kernel(p) for p in pids)


# -- the output folder ----------------------------------------------------------------------


def _lock_is_free(out: Path) -> bool:
    with open(out / ".dxcompare.lock", "a") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    return True


def _assert_only_complete_reports(out: Path) -> dict:
    """No staging folder or temporary file, the lock free, every listed file whole."""
    assert not (out / ".dxcompare-staging").exists(), "the staging folder was left behind"
    assert _lock_is_free(out), "the output folder is still locked"
    leftovers = [p for p in out.rglob("*") if ".dxcompare-" in p.name and p.suffix == ".tmp"]
    assert not leftovers, leftovers
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8")) if manifest_path.exists() else {}
    for name, entry in manifest.get("reports", {}).items():
        for rel, sha in entry["files"].items():
            assert (out / rel).is_file(), f"{name}: {rel} listed but missing"
            assert hashlib.sha256((out / rel).read_bytes()).hexdigest() == sha, f"{name}: {rel}"
    return manifest


# -- dxcompare report with the project's notebooks ------------------------------------------


@pytest.mark.slow
@pytest.mark.xdist_group("shutdown")
@pytest.mark.timeout(300)
@pytest.mark.parametrize("signum", STOPS, ids=lambda s: signal.Signals(s).name)
def test_a_stop_signal_ends_report_and_its_kernels(run, corpus, tmp_path, signum):
    out = tmp_path / "out"
    r = run("report", "--corpus", str(corpus), "--out", str(out), "--workers", "2")
    r.wait_for("kernel", _has_kernel)
    code = r.stop(signum)
    assert code == 128 + signum, r.stderr()
    assert f"stopped by {signal.Signals(signum).name}" in r.stderr()
    assert "Traceback" not in r.stderr()
    assert not r.survivors(), "processes outlived dxcompare report"
    _assert_only_complete_reports(out)


@pytest.mark.slow
@pytest.mark.xdist_group("shutdown")
@pytest.mark.timeout(300)
def test_kernels_exit_after_kill_9_of_report(run, corpus, tmp_path):
    r = run("report", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--workers", "2")
    r.wait_for("kernel", _has_kernel)
    assert r.stop(signal.SIGKILL) == -signal.SIGKILL
    assert not r.survivors(), "kernels outlived their killed parent"


# -- a kernel that holds the GIL: ipykernel's own parent watcher cannot run -----------------


def _notebook(folder: Path, name: str, code: str) -> Path:
    params = new_code_cell("corpus_path = None\noutput_dir = None")
    params.metadata["tags"] = ["parameters"]
    cells = [new_markdown_cell(f"# {name}"), params, new_code_cell(code)]
    for i, cell in enumerate(cells):
        cell.id = f"c{i}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.ipynb"
    nbformat.write(new_notebook(cells=cells, metadata=META), path)
    return path


def _busy_notebooks(folder: Path, started: Path, hold: Path) -> Path:
    """``a_nhanh`` finishes at once; ``b_ban`` marks ``started`` and, while ``hold`` exists,
    computes in one C call that never releases the GIL (as a stuck regex does)."""
    _notebook(
        folder,
        "a_nhanh",
        "from dxcompare.reporting.notebook import record_headline\n"
        "record_headline('Số tỉnh', 3, output_dir)\nprint('Quảng Ninh, Bình Định, Hà Giang')",
    )
    _notebook(
        folder,
        "b_ban",
        "import pathlib\n"
        f"pathlib.Path({str(started)!r}).touch()\n"
        f"if pathlib.Path({str(hold)!r}).exists():\n"
        "    sum(range(10**13))\n"
        "print('xong')",
    )
    return folder


@pytest.mark.slow
@pytest.mark.xdist_group("shutdown")
@pytest.mark.timeout(300)
def test_a_kernel_holding_the_gil_dies_after_kill_9_of_report(run, corpus, tmp_path):
    started, hold = tmp_path / "started", tmp_path / "hold"
    hold.touch()
    nb_dir = _busy_notebooks(tmp_path / "nb", started, hold)
    r = run(
        "report", "--corpus", str(corpus), "--out", str(tmp_path / "out"),
        "--notebooks", str(nb_dir), "--workers", "2",
    )  # fmt: skip
    r.wait_for("the busy cell", lambda pids: started.exists())
    time.sleep(0.5)  # inside sum() now
    assert r.stop(signal.SIGKILL) == -signal.SIGKILL
    assert not r.survivors(), "a busy kernel outlived its killed parent"


@pytest.mark.slow
@pytest.mark.xdist_group("shutdown")
@pytest.mark.timeout(300)
def test_sigterm_keeps_finished_reports_and_a_rerun_completes(run, corpus, tmp_path):
    started, hold = tmp_path / "started", tmp_path / "hold"
    hold.touch()
    nb_dir = _busy_notebooks(tmp_path / "nb", started, hold)
    out = tmp_path / "out"
    args = ["report", "--corpus", str(corpus), "--out", str(out), "--notebooks", str(nb_dir)]
    r = run(*args, "--workers", "2")
    r.wait_for(
        "the first report and the busy cell",
        lambda pids: started.exists() and (out / "reports" / "a_nhanh.html").exists(),
    )
    assert r.stop(signal.SIGTERM) == 143, r.stderr()
    assert not r.survivors(), "a busy kernel outlived SIGTERM of its parent"
    manifest = _assert_only_complete_reports(out)
    assert set(manifest["reports"]) == {"a_nhanh"}, "only the finished report is kept"
    assert not (out / "reports" / "b_ban.html").exists()
    hold.unlink()
    again = run(*args, "--workers", "1")
    assert again.proc.wait(timeout=240) == 0, again.stderr()
    after = _assert_only_complete_reports(out)
    assert set(after["reports"]) == {"a_nhanh", "b_ban"}
    assert "[cached]  a_nhanh" in (tmp_path / "stdout.txt").read_text("utf-8")


# -- dxcompare corpus --workers 2 -----------------------------------------------------------


@pytest.fixture(scope="module")
def long_corpus(tmp_path_factory) -> Path:
    """Enough text that two workers are busy for several seconds; the short first text is
    built (and written to the cache) while they are."""
    folder = tmp_path_factory.mktemp("dai")
    (folder / "a_ngan.txt").write_text(
        "Ngày 20/5/2024, Sở Công Thương tỉnh Hà Giang đưa 120 sản phẩm OCOP lên sàn thương mại "
        "điện tử.\n",
        encoding="utf-8",
    )
    sentence = (
        "Theo ông Nguyễn Văn Bình, Giám đốc Sở Thông tin và Truyền thông tỉnh Quảng Ninh, "
        "đến năm 2025, 80% hồ sơ của tỉnh được xử lý trực tuyến. "
    )
    for i in range(40):
        (folder / f"bai_{i:02d}.txt").write_text(
            f"Chuyển đổi số ở Quảng Ninh, bài {i}\n" + sentence * 400 + "\n", encoding="utf-8"
        )
    return folder


def _two_workers(pids: set[int]) -> bool:
    return len(pids) >= 2


@pytest.mark.slow
@pytest.mark.xdist_group("shutdown")
@pytest.mark.timeout(300)
@pytest.mark.parametrize("signum", STOPS, ids=lambda s: signal.Signals(s).name)
def test_a_stop_signal_ends_corpus_and_its_workers(run, long_corpus, signum):
    r = run("corpus", "--workers", "2", "--no-cache", str(long_corpus))
    r.wait_for("two workers", _two_workers)
    code = r.stop(signum)
    assert code == 128 + signum, r.stderr()
    assert f"stopped by {signal.Signals(signum).name}" in r.stderr()
    assert "Traceback" not in r.stderr()
    assert not r.survivors(timeout=30), "workers outlived dxcompare corpus"


@pytest.mark.slow
@pytest.mark.xdist_group("shutdown")
@pytest.mark.timeout(300)
def test_workers_exit_after_kill_9_of_corpus(run, long_corpus):
    r = run("corpus", "--workers", "2", "--no-cache", str(long_corpus))
    r.wait_for("two workers", _two_workers)
    assert r.stop(signal.SIGKILL) == -signal.SIGKILL
    assert not r.survivors(timeout=30), "workers outlived their killed parent"


def _sessions(cache: Path) -> list[str]:
    """The cache's temporary write sessions (``tmp/<32 hex>`` folders and their locks)."""
    tmp = cache / "tmp"
    return sorted(p.name for p in tmp.iterdir()) if tmp.is_dir() else []


@pytest.mark.slow
@pytest.mark.xdist_group("shutdown")
@pytest.mark.timeout(300)
def test_stopped_builds_leave_no_cache_temporaries(run, long_corpus, corpus, tmp_path):
    cache = tmp_path / "cache"
    # SIGTERM while the cache is being written: the run removes its own temporaries
    r = run("corpus", "--workers", "2", str(long_corpus), cache=cache)
    r.wait_for("a cache write", lambda pids: _sessions(cache) and len(pids) >= 2)
    assert r.stop(signal.SIGTERM) == 143, r.stderr()
    assert not _sessions(cache), "SIGTERM left cache temporaries"
    assert not r.survivors(timeout=30)
    # kill -9: nothing can clean up then; the next run (of any corpus) removes the leftovers
    cache = tmp_path / "cache-9"
    r = run("corpus", "--workers", "2", str(long_corpus), cache=cache)
    r.wait_for("a cache write", lambda pids: _sessions(cache) and len(pids) >= 2)
    assert r.stop(signal.SIGKILL) == -signal.SIGKILL
    assert _sessions(cache), "the killed build should have left its session (test premise)"
    assert not r.survivors(timeout=30)
    again = run("corpus", "--workers", "1", str(corpus), cache=cache)
    assert again.proc.wait(timeout=240) == 0, again.stderr()
    assert not _sessions(cache), "the next run left the killed build's temporaries"


@pytest.mark.timeout(300)
@pytest.mark.xdist_group("shutdown")
def test_workers_exit_after_kill_9_of_a_library_build(tmp_path, long_corpus):
    """load_corpus(workers=2) from a program of one's own, killed with -9."""
    script = f"from dxcompare.corpus.build import load_corpus\nload_corpus({str(long_corpus)!r}, workers=2, use_cache=False)"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "lib"), DXCOMPARE_CACHE_DIR=str(tmp_path / "c"))
    parent = subprocess.Popen([sys.executable, "-c", script], env=env)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(workers) < 2:
            workers = _descendants(parent.pid)
            time.sleep(0.1)
        assert len(workers) >= 2, "the build did not start its two workers"
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.1)
        assert not [w for w in workers if _alive(w)], "workers outlived their killed parent"
    finally:
        for pid in [parent.pid, *workers]:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


# -- the pieces, without kernels ------------------------------------------------------------


def test_stopped_carries_the_shell_exit_code():
    assert Stopped(signal.SIGINT).exit_code == 130
    assert Stopped(signal.SIGTERM).exit_code == 143
    assert Stopped(signal.SIGHUP).exit_code == 129
    assert isinstance(Stopped(signal.SIGTERM), KeyboardInterrupt)


def test_a_child_added_after_the_stop_is_killed_at_once():
    killed: list[str] = []
    with Children() as children:
        key = children.add(lambda: killed.append("nhân Quảng Ninh"))
        children.discard(key)
        children.add(lambda: killed.append("nhân Bình Định"))
        children.stop()
        assert killed == ["nhân Bình Định"]
        children.add(lambda: killed.append("nhân Hà Giang"))
    assert killed == ["nhân Bình Định", "nhân Hà Giang"]


def test_only_the_ipykernel_launcher_command_is_wrapped():
    argv = ["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "/tmp/k.json"]
    wrapped = lifeline.kernel_command(argv)
    assert wrapped[0] == argv[0] and wrapped[1] == "-c" and wrapped[-2:] == argv[-2:]
    assert str(Path(lifeline.__file__).resolve()) in wrapped[2]
    other = ["julia", "-i", "kernel.jl", "{connection_file}"]
    assert lifeline.kernel_command(other) == other


def test_a_guarded_child_dies_with_its_parent_even_while_it_holds_the_gil(tmp_path):
    """The child computes in one C call (no Python thread could run); kill -9 of its parent."""
    ready = tmp_path / "ready"
    child = textwrap.dedent(
        f"""
        import os, pathlib, sys
        sys.path.insert(0, {str(ROOT / "lib")!r})
        from dxcompare.lifeline import die_with_parent
        die_with_parent(int(sys.argv[1]))
        pathlib.Path({str(ready)!r}).write_text(str(os.getpid()))
        sum(range(10**13))
        """
    )
    parent_code = (
        "import os, subprocess, sys, time\n"
        f"subprocess.Popen([sys.executable, '-c', {child!r}, str(os.getpid())])\n"
        "time.sleep(600)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", parent_code])
    pid = None
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not ready.exists():
            time.sleep(0.05)
        pid = int(ready.read_text())
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.05)
        assert not _alive(pid), "the busy child outlived its killed parent"
    finally:
        for p in [parent.pid, pid]:
            if p and _alive(p):
                os.kill(p, signal.SIGKILL)


def test_signals_ignored_at_start_stay_ignored(tmp_path):
    """``nohup dxcompare ...``: SIGHUP stays ignored while the others stop the run."""
    code = textwrap.dedent(
        """
        import signal
        from dxcompare.stopping import handle_signals
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        with handle_signals():
            print(signal.getsignal(signal.SIGHUP) is signal.SIG_IGN,
                  callable(signal.getsignal(signal.SIGTERM)))
        print(signal.getsignal(signal.SIGTERM) is signal.SIG_DFL)
        """
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "lib"))
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["True", "True", "True"]


def test_a_stop_during_a_commit_comes_after_it(tmp_path):
    """The children die at once; Stopped is raised only when the deferred block is done."""
    code = textwrap.dedent(
        """
        import os, signal, time
        from dxcompare.stopping import Children, Stopped, deferred, handle_signals
        killed = []
        try:
            with handle_signals(), Children() as children:
                children.add(lambda: killed.append("nhân Đà Nẵng"))
                with deferred():
                    os.kill(os.getpid(), signal.SIGTERM)
                    time.sleep(0.3)
                    print("báo cáo đã ghi xong", killed)
                print("không bao giờ in")
        except Stopped as stop:
            print("dừng", stop.exit_code)
        """
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "lib"))
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == ["báo cáo đã ghi xong ['nhân Đà Nẵng']", "dừng 143"]
