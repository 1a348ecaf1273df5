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
