"""The reports in a real browser: headless Chromium driven over the DevTools Protocol.

Every page of a seed run (the index and each report) must load without console errors or
blocked requests, every link and image must resolve, and the Vietnamese text must be there as
text. A full-page PNG of each page is saved in the test's tmp folder.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from corpora import write_other_corpus
from support import Browser, build_reports, find_browser

# What every page is asked once it has loaded.
PAGE_FACTS = """(() => ({
  links: Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href')),
  broken_images: Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)
                      .map(i => (i.getAttribute('src') || '').slice(0, 60)),
  images: document.images.length,
  text: document.body.innerText,
  // the page's own scripts are inline modules allowed by hash (reporting/pagescripts.py)
  scripts: Array.from(document.scripts).filter(s => s.src || s.type !== 'module').length,
  policy: (document.querySelector('meta[http-equiv="Content-Security-Policy"]') || {}).content || '',
  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
}))()"""


def scripts_locked(policy: str) -> bool:
    """The page's CSP runs no script but its own: script-src by hash only, or none at all."""
    if "script-src" in policy:
        sources = policy.split("script-src", 1)[1].split(";", 1)[0].split()
        return all(s.startswith("'sha256-") or s == "'none'" for s in sources)
    return "default-src 'none'" in policy


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
        if not scripts_locked(facts["policy"]):
            bad.append(f"script policy {facts['policy']!r}")
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
        if not scripts_locked(facts["policy"]):
            bad.append(f"script policy {facts['policy']!r}")
        if bad:
            failures[page.name] = bad
        shown += facts["text"]
    assert failures == {}
    assert "Quảng Ninh <script>alert(1)</script> số hóa hồ sơ {{ kinh_phi }} $x$" in shown
    assert "<img src=x onerror=alert(1)>" in shown
    assert '<a href="javascript:alert(1)">' in shown


@pytest.mark.slow
@pytest.mark.xdist_group("reports-seeds")
def test_every_seed_page_fits_a_phone_and_a_laptop_without_sideways_scrolling(browser, seed_pages):
    """At 390 px (a phone) and 1280 px no page is wider than the screen: wide tables scroll in
    their own box, long words wrap, and the index stacks each report's cells."""
    wide = {}
    for page in page_ids(seed_pages):
        for width in (1280, 390):
            browser.open(page)
            browser.call("Emulation.setDeviceMetricsOverride", width=width, height=900,
                         deviceScaleFactor=1, mobile=False)  # fmt: skip
            over = browser.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if over > 0:
                wide[f"{page.name}@{width}"] = over
            if page.name == "index.html" and width == 390:
                # one block per report: its title link spans the screen, never 70 px of letters
                widths = browser.evaluate(
                    "Array.from(document.querySelectorAll('tbody td:first-child a'))"
                    ".map(a => a.parentElement.getBoundingClientRect().width)"
                )
                assert widths and min(widths) > 300, widths
            browser.call("Emulation.clearDeviceMetricsOverride")
    assert wide == {}
