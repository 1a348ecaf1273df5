"""`make lab` starts JupyterLab, also as root in a container (Jupyter refuses root by default)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import ROOT


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_starts_a_server_as_the_current_user_root_included(tmp_path):
    venv = Path(sys.prefix)
    if not (venv / "bin" / "jupyter").exists():
        pytest.skip("jupyter is not in this environment")
    stamp = venv / ".dxcompare-installed"
    # -o: never (re)install the environment from a test; only the lab command runs
    args = ["make", "-C", str(ROOT), "-o", str(stamp), "-o", "setup", "lab", f"VENV={venv}",
            "LAB_ARGS=--no-browser --port=0 --ServerApp.token="]  # fmt: skip
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "HOME": str(tmp_path)}
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=env, start_new_session=True)  # fmt: skip
    seen = []
    settings = None
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                break
            seen.append(line)
            url = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if url:
                settings = _widget_settings(int(url.group(1)))
                break
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
    text = "".join(seen)
    assert "Running as root is not recommended" not in text, text[-2000:]
    assert settings is not None, text[-2000:]
    # lab/overrides.json: widget state saved with the notebook (the explorer's note survives)
    assert settings["schema"]["properties"]["saveState"]["default"] is True


def _widget_settings(port: int) -> dict:
    import json
    import urllib.request

    plugin = "@jupyter-widgets/jupyterlab-manager:plugin"
    url = f"http://127.0.0.1:{port}/lab/api/settings/{plugin}"
    for _ in range(50):
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return json.loads(response.read())
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")
