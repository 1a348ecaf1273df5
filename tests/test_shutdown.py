"""Pool workers of a corpus build do not outlive their parent, even after ``kill -9``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads /proc")
@pytest.mark.timeout(300)
def test_workers_exit_after_kill_9_of_the_parent(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    sentence = (
        "Theo ông Nguyễn Văn Bình, Giám đốc Sở Thông tin và Truyền thông tỉnh Quảng Ninh, "
        "đến năm 2025, 80% hồ sơ của tỉnh được xử lý trực tuyến. "
    )
    for i in range(40):
        (folder / f"bai_{i:02d}.txt").write_text(
            f"Chuyển đổi số ở Quảng Ninh, bài {i}\n" + sentence * 400 + "\n", encoding="utf-8"
        )
    script = textwrap.dedent(
        f"""
        from dxcompare.corpus.build import load_corpus
        load_corpus({str(folder)!r}, workers=2)
        """
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "lib"), DXCOMPARE_CACHE_DIR=str(tmp_path / "c"))
    parent = subprocess.Popen([sys.executable, "-c", script], env=env)
    try:
        deadline = time.monotonic() + 120
        workers: list[int] = []
        while time.monotonic() < deadline and len(workers) < 2:
            workers = _children(parent.pid)
            time.sleep(0.2)
        assert len(workers) >= 2, "the build did not start its two workers"
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.2)
        assert not [w for w in workers if _alive(w)], "workers outlived their killed parent"
    finally:
        if parent.poll() is None:
            parent.kill()
