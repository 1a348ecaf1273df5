"""Helpers shared by several test modules: paths, notebook and corpus writers, byte makers, a browser.

A test module imports what it needs from here (``from support import ROOT, write_notebook``);
no test module imports another. Test corpora (texts) are in ``corpora.py``.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import subprocess
import time
import unicodedata
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from viparse.normalize.encodings import CHARMAPS

from dxcompare.reporting.reports import report

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DATA = TESTS / "data"
SEEDS = ROOT / "seeds"


META = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def write_notebook(folder: Path, name: str, cells: list[tuple[str, str]], title: str = "") -> Path:
    """A notebook from (kind, source) pairs; kind "params" is the cell tagged 'parameters'."""
    built = [new_markdown_cell(f"# {title or name}")]
    for kind, source in cells:
        cell = new_markdown_cell(source) if kind == "md" else new_code_cell(source)
        if kind == "params":
            cell.metadata["tags"] = ["parameters"]
        built.append(cell)
    for i, cell in enumerate(built):
        cell.id = f"c{i}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.ipynb"
    nbformat.write(new_notebook(cells=built, metadata=META), path)
    return path


def make_corpus(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


PARAMS = ("params", "corpus_path = None\noutput_dir = None")


CP1258_TONES = "\u0300\u0301\u0303\u0309\u0323"


def legacy_surface(text: str, encoding: str) -> str:
    """Unicode Vietnamese written back in a legacy font encoding, by inverting viparse's table."""
    inverse: dict[str, str] = {}
    for source, letter in CHARMAPS[encoding].pairs:
        inverse.setdefault(letter, source)
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii():
            out.append(ch)
        elif ch in inverse:
            out.append(inverse[ch])
        elif encoding == "viscii" and ord(ch) < 256:
            out.append(ch)  # VISCII keeps the letters it shares with Latin-1 (à, é, ô...)
        else:
            raise AssertionError(f"{encoding} cannot write {ch!r}; change the test sentence")
    return "".join(out)


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 bytes: base letters precomposed (â, ơ, ư), tone marks as separate bytes."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in CP1258_TONES))
        out += (base + "".join(c for c in parts if c in CP1258_TONES)).encode("cp1258")
    return bytes(out)


def minimal_pdf(lines: list[str], info: dict[str, str] | None = None) -> bytes:
    """A valid one-page PDF; each ASCII line is drawn in Helvetica (empty list: no text)."""
    ops = [b"BT /F1 12 Tf 14 TL 72 720 Td"]
    for line in lines:
        ops.append(b"(" + line.encode("ascii") + b") Tj T*")
    ops.append(b"ET")
    content = b"\n".join(ops) if lines else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if info:
        entries = b" ".join(b"/%s (%s)" % (k.encode(), v.encode()) for k, v in info.items())
        objects.append(b"<< " + entries + b" >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if info:
        trailer += b" /Info %d 0 R" % len(objects)
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


NOTEBOOKS = ROOT / "notebooks"


def build_reports(tmp_path_factory, name: str, corpus: Path, **kwargs):
    """Run the batch into a folder named for the corpus (a second call reuses what is current)."""
    base = tmp_path_factory.getbasetemp()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DXCOMPARE_CACHE_DIR", str(base / f"cache-{name}"))
        result = report(
            corpus, base / f"reports-{name}", notebooks_dir=NOTEBOOKS, progress=None, **kwargs
        )
    return base / f"reports-{name}", result


BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser() -> str | None:
    return next((shutil.which(name) for name in BROWSERS if shutil.which(name)), None)


class Browser:
    """One headless Chromium and one page, spoken to over its DevTools websocket."""

    def __init__(self, executable: str, profile: Path) -> None:
        import websocket

        args = [executable, "--headless=new", "--remote-debugging-port=0",
                f"--user-data-dir={profile}", "--no-first-run", "--no-default-browser-check",
                "--disable-gpu", "--disable-extensions", "--hide-scrollbars", "about:blank"]  # fmt: skip
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.ids = itertools.count(1)
        self.events: list[dict] = []
        port, path = self._endpoint(profile / "DevToolsActivePort")
        browser_ws = websocket.create_connection(f"ws://127.0.0.1:{port}{path}", timeout=60)
        target = self._call(browser_ws, "Target.createTarget", url="about:blank")["targetId"]
        browser_ws.close()
        self.ws = websocket.create_connection(
            f"ws://127.0.0.1:{port}/devtools/page/{target}", timeout=60
        )
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")

    def _endpoint(self, active: Path) -> tuple[int, str]:
        """Port and browser path from the DevToolsActivePort file Chromium writes once it listens."""
        for _ in range(600):
            lines = active.read_text().splitlines() if active.exists() else []
            if len(lines) >= 2:
                return int(lines[0]), lines[1]
            if self.process.poll() is not None:
                raise RuntimeError(f"chromium exited with {self.process.returncode}")
            time.sleep(0.1)
        raise RuntimeError("chromium did not open its DevTools port")

    def _call(self, ws, method: str, **params) -> dict:
        ident = next(self.ids)
        ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(ws.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def call(self, method: str, **params) -> dict:
        return self._call(self.ws, method, **params)

    def wait_for(self, method: str) -> dict:
        while True:
            for i, event in enumerate(self.events):
                if event.get("method") == method:
                    return self.events.pop(i)
            event = json.loads(self.ws.recv())
            self.events.append(event)
            if event.get("method") == "Page.javascriptDialogOpening":  # would block the load
                self.ws.send(json.dumps({"id": next(self.ids), "method": "Page.handleJavaScriptDialog",
                                         "params": {"accept": False}}))  # fmt: skip

    def open(self, path: Path) -> None:
        self.events.clear()
        self.call("Page.navigate", url=path.resolve().as_uri())
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions, blocked or failed requests since the last open."""
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                found.append(
                    "console: "
                    + " ".join(
                        str(a.get("value", a.get("description", "")))
                        for a in params.get("args", [])
                    )
                )
            elif method == "Runtime.exceptionThrown":
                found.append("exception: " + params["exceptionDetails"].get("text", ""))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                found.append(
                    f"log ({params['entry'].get('source')}): {params['entry'].get('text')}"
                )
            elif method == "Network.loadingFailed":
                found.append(
                    f"request failed: {params.get('errorText')} {params.get('blockedReason', '')}"
                )
            elif (
                method == "Network.responseReceived"
                and params["response"].get("status", 200) >= 400
            ):
                found.append(f"HTTP {params['response']['status']}: {params['response']['url']}")
        return found

    def screenshot(self, target: Path, width: int = 1280) -> Path:
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=800,
                  deviceScaleFactor=1, mobile=False)  # fmt: skip
        height = self.evaluate("Math.ceil(document.documentElement.scrollHeight)") or 800
        height = min(int(height), 16000)
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=False)  # fmt: skip
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(shot["data"]))
        self.call("Emulation.clearDeviceMetricsOverride")
        return target

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
