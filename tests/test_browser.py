"""The reports in a real browser: headless Chromium driven over the DevTools Protocol.

Every page of a seed run (the index and each report) must load without console errors or
blocked requests, every link and image must resolve, and the Vietnamese text must be there as
text. A full-page PNG of each page is saved in the test's tmp folder.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_notebooks import build_reports, write_other_corpus  # noqa: E402

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


# What every page is asked once it has loaded.
PAGE_FACTS = """(() => ({
  links: Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href')),
  broken_images: Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)
                      .map(i => (i.getAttribute('src') || '').slice(0, 60)),
  images: document.images.length,
  text: document.body.innerText,
  // the page's own scripts are inline modules allowed by hash (reporting/pagescripts.py)
  scripts: Array.from(document.scripts).filter(s => s.src || s.type !== 'module').length,
  script_policy: ((document.querySelector('meta[http-equiv="Content-Security-Policy"]') || {}).content || '')
                   .split('script-src')[1] || '',
  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
}))()"""


def unresolved_links(page: Path, links: list[str]) -> list[str]:
    """Links that point to no file (relative paths, file: URLs) or no element (#anchors)."""
    missing = []
    for href in links:
        parsed = urlparse(href)
        if parsed.scheme in ("http", "https", "mailto"):
            missing.append(f"{href} (outside link in an offline report)")
            continue
        if parsed.scheme not in ("", "file") or not parsed.path:
            continue  # a pure #anchor is checked by the browser itself
        target = (page.parent / unquote(parsed.path)).resolve()
        if not target.exists():
            missing.append(href)
    return missing


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    executable = find_browser()
    if executable is None:
        pytest.skip("no Chromium found: install it with `make browser` (apt-get install chromium)")
    pytest.importorskip("websocket", reason="websocket-client is needed to drive Chromium")
    profile = Path(tempfile.mkdtemp(prefix="dx-chromium-"))
    driver = Browser(executable, profile)
    yield driver
    driver.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def seed_pages(tmp_path_factory, seeds_dir):
    """The seed reports (the same folder as test_notebooks': built once per worker)."""
    out, result = build_reports(tmp_path_factory, "seeds", seeds_dir)
    assert result.ok, result.summary()
    return out


@pytest.fixture(scope="module")
def other_pages(tmp_path_factory):
    """The reports of test_notebooks' other corpus, with its hostile page."""
    corpus = write_other_corpus(tmp_path_factory.getbasetemp() / "corpus-other")
    out, result = build_reports(tmp_path_factory, "other", corpus)
    assert result.ok, result.summary()
    return out


def page_ids(out: Path) -> list[Path]:
    return [out / "index.html", *sorted((out / "reports").glob("*.html"))]


@pytest.mark.slow
@pytest.mark.xdist_group("reports-seeds")
def test_every_seed_page_loads_cleanly_with_resolving_links_images_and_vietnamese_text(
    browser, seed_pages, tmp_path
):
    pages = page_ids(seed_pages)
    assert len(pages) >= 8
    failures = {}
    for page in pages:
        browser.open(page)
        facts = browser.evaluate(PAGE_FACTS)
        browser.screenshot(tmp_path / "shots" / f"{page.stem}.png")
        bad = browser.problems()
        bad += [f"broken link {h}" for h in unresolved_links(page, facts["links"])]
        bad += [f"broken image {s}" for s in facts["broken_images"]]
        if facts["scripts"]:
            bad.append(f"{facts['scripts']} script element(s) not the page's own in a report")
        if "unsafe" in facts["script_policy"] or not facts["script_policy"]:
            bad.append(f"script policy {facts['script_policy']!r}")
        if not any(name in facts["text"] for name in ("Bình Định", "Hà Nội", "Hải Phòng")):
            bad.append("no province name in the page text")
        if bad:
            failures[page.name] = bad
    assert failures == {}


@pytest.mark.slow
@pytest.mark.xdist_group("reports-seeds")
def test_reports_show_vietnamese_as_text_and_embed_their_figures(browser, seed_pages):
    texts, images = {}, {}
    for page in page_ids(seed_pages):
        browser.open(page)
        facts = browser.evaluate(PAGE_FACTS)
        texts[page.stem], images[page.stem] = facts["text"], facts["images"]
    assert "Bình Định" in texts["index"]
    assert "chuyển đổi số" in texts["corpus_overview"].lower()
    assert "Bình Định" in texts["summary"] and "Hải Phòng" in texts["summary"]
    assert "749/QĐ-TTg" in texts["timelines"]
    assert "Chuyển đổi nhận thức để chuyển đổi số" in texts["province_profile-binh-dinh"]
    assert "Đoàn" in texts["strategies"]  # the evidence of Bình Định's youth theme
    for name in ("summary", "strategies", "timelines", "province_profile-ha-noi", "explorer"):
        assert images[name] >= 1, f"{name} shows no figure"


@pytest.mark.slow
@pytest.mark.xdist_group("reports-seeds")
def test_index_links_every_report_and_its_csv_tables(browser, seed_pages):
    browser.open(seed_pages / "index.html")
    links = browser.evaluate(PAGE_FACTS)["links"]
    reports = {Path(unquote(h)).name for h in links if h.startswith("reports/")}
    assert reports == {p.name for p in (seed_pages / "reports").glob("*.html")}
    assert any(h.endswith(".csv") for h in links)
    assert any(h.startswith("notebooks/") for h in links)


@pytest.mark.slow
@pytest.mark.xdist_group("reports-other")
def test_hostile_markup_in_documents_shows_as_text_and_never_runs(browser, other_pages, tmp_path):
    failures = {}
    shown = ""
    for page in page_ids(other_pages):
        browser.open(page)
        facts = browser.evaluate(PAGE_FACTS)
        browser.screenshot(tmp_path / "shots" / f"{page.stem}.png")
        dialogs = [e for e in browser.events if e.get("method") == "Page.javascriptDialogOpening"]
        bad = browser.problems() + [f"dialog {d['params'].get('message')}" for d in dialogs]
        bad += [f"broken link {h}" for h in unresolved_links(page, facts["links"])]
        bad += [f"broken image {s}" for s in facts["broken_images"]]
        if facts["scripts"]:
            bad.append(f"{facts['scripts']} script element(s) not the page's own")
        if "unsafe" in facts["script_policy"] or not facts["script_policy"]:
            bad.append(f"script policy {facts['script_policy']!r}")
        if bad:
            failures[page.name] = bad
        shown += facts["text"]
    assert failures == {}
    assert "Quảng Ninh <script>alert(1)</script> số hóa hồ sơ {{ kinh_phi }} $x$" in shown
    assert "<img src=x onerror=alert(1)>" in shown
    assert '<a href="javascript:alert(1)">' in shown
