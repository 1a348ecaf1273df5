"""Sortable, searchable tables and a kernel-free explorer in the report pages: offline, inline,
every script allowed by its hash in the page's Content-Security-Policy, document text escaped."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import dxcompare
from dxcompare.reporting.display import style_table
from dxcompare.reporting.explorerpage import explorer_page, marked_sentence
from dxcompare.reporting.htmlexport import ReportRenderer, find_live_markup
from dxcompare.reporting.pagescripts import EXPLORER_SCRIPT, _closes_early, script_hash

# Written for this test: four provinces, one sentence carrying a page's markup.
TEXTS = {
    "ha_giang.txt": """Hà Giang phát triển hạ tầng số đến thôn bản

Tỉnh Hà Giang đầu tư hạ tầng số, phủ sóng di động 4G đến 95% thôn bản vùng cao.
Tổ công nghệ số cộng đồng hướng dẫn người dân cài đặt ứng dụng dịch vụ công trực tuyến.
""",
    "long_an.txt": """Long An đẩy mạnh kinh tế số trong nông nghiệp

Tỉnh Long An hỗ trợ hợp tác xã đưa thanh long lên sàn thương mại điện tử.
Doanh nghiệp nhỏ được hướng dẫn thanh toán không dùng tiền mặt.
""",
    "ninh_binh.txt": """Ninh Bình số hóa hồ sơ du lịch

UBND tỉnh Ninh Bình cung cấp 400 dịch vụ công trực tuyến toàn trình <script>alert(1)</script> cho người dân.
Tỉnh xây dựng hạ tầng số phục vụ du lịch thông minh ở Tràng An.
""",
    "gia_lai.txt": """Gia Lai đào tạo kỹ năng số cho cán bộ xã

Tỉnh Gia Lai mở lớp bồi dưỡng kỹ năng số cho cán bộ, công chức cấp xã.
Người dân được hướng dẫn sử dụng dịch vụ công trực tuyến trên điện thoại.
""",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bon_tinh")
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return dxcompare.load_corpus(folder, use_cache=False)


def _table() -> pd.DataFrame:
    names = ["Hà Giang", "Long An", "Ninh Bình", "Gia Lai", "Cần Thơ", "Lào Cai"]
    rows = [
        {"province": names[i % 6], "documents": 20 - i, "share": i / 40,
         "sentence": f"Câu số {i}: tỉnh đẩy mạnh chuyển đổi số <script>alert({i})</script>"}
        for i in range(20)
    ]  # fmt: skip
    return pd.DataFrame(rows)


def _page(corpus, tmp_path) -> tuple[str, Path]:
    coded = dxcompare.code_themes(corpus)
    explorer = explorer_page(corpus, coded, theme="online_services")
    nb = nbformat.v4.new_notebook()
    for html in (style_table(_table())._repr_html_(), explorer._repr_html_()):
        cell = nbformat.v4.new_code_cell("x")
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": html})]
        nb.cells.append(cell)
    page = ReportRenderer().render(nb, "Bốn tỉnh", {"corpus_path": "/x/bon_tinh"})
    path = tmp_path / "bon-tinh.html"
    path.write_text(page, encoding="utf-8")
    return page, path


def test_page_scripts_are_inline_allowed_by_hash_and_nothing_is_loaded_from_outside(
    corpus, tmp_path
):
    page, _ = _page(corpus, tmp_path)
    meta = re.search(r"<meta[^>]*Content-Security-Policy[^>]*>", page).group(0)
    csp = re.search(r'content="([^"]+)"', meta).group(1)
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1]
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert len(scripts) == 2  # DataTables (itables' offline bundle) and the explorer's filters
    for attributes, body in scripts:
        assert attributes == ' type="module"'  # inline, no src=
        assert f"'{script_hash(body)}'" in csp
    assert any("DataTable" in body for _, body in scripts)
    assert any(body == EXPLORER_SCRIPT for _, body in scripts)
    # nothing the page could load: no src/href to a server, no CSS url() or @import outside
    assert re.findall(r'(?:src|href)\s*=\s*["\']?(?:https?:)?//', page, re.I) == []
    assert re.findall(r"url\(\s*['\"]?(?:https?:)?//|@import", page, re.I) == []
    outside = re.sub(r"<script[^>]*>.*?</script>|/\*.*?\*/", "", page, flags=re.S)
    # a URL only as a string inside the library's code, or in a CSS comment
    assert re.findall(r"https?://", outside) == []


def test_document_markup_stays_text_in_tables_and_explorer(corpus, tmp_path):
    page, _ = _page(corpus, tmp_path)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the Ninh Bình sentence
    assert "&lt;script&gt;alert(7)&lt;/script&gt;" in page  # a table cell
    no_scripts = re.sub(r'<script type="module">.*?</script>', "", page, flags=re.S)
    assert find_live_markup(no_scripts, frozenset({"meta"})) == []
    assert 'class="dx-table dx-datatable"' in page


def test_explorer_holds_every_theme_and_hides_rows_off_the_default(corpus):
    coded = dxcompare.code_themes(corpus)
    explorer = explorer_page(corpus, coded, theme="online_services", per_group=1)
    html = explorer._repr_html_()
    assert 'data-dx-default="online_services"' in html
    shown = explorer.shown
    online = shown[shown["themes"].map(lambda t: "online_services" in t)]
    assert set(online["group"]) == {"Hà Giang", "Ninh Bình", "Gia Lai"}
    # per_group=1: at most one sentence per province and theme in the page, every one in table
    kept = shown.explode("themes").groupby(["group", "themes"]).size()
    assert kept.max() == 1
    assert len(explorer.table) > len(shown)
    assert html.count("<tr data-dx-group") == len(shown)
    assert html.count(" hidden><td>") == len(shown) - len(online)
    assert marked_sentence("a <b> hạ tầng", 10, [(16, 23)]) == "a &lt;b&gt; <mark>hạ tầng</mark>"


def test_the_bundled_library_cannot_end_its_script_element_early():
    assert _closes_early("x = '</script>'")
    assert _closes_early("/<!--/; s = '<script>'")
    assert not _closes_early("/<!--/; s = /<script\\b/")
    assert not _closes_early(EXPLORER_SCRIPT)


@pytest.mark.slow
def test_tables_sort_and_search_and_the_explorer_filters_in_a_real_browser(corpus, tmp_path):
    from support import Browser, find_browser

    executable = find_browser()
    if executable is None:
        pytest.skip("no Chromium found: install it with `make browser`")
    pytest.importorskip("websocket")
    _, path = _page(corpus, tmp_path)
    browser = Browser(executable, tmp_path / "profile")
    try:
        browser.open(path)
        assert browser.problems() == []  # no CSP violation, no console error, no request
        facts = browser.evaluate("""(() => {
          const table = document.querySelector('table.dx-datatable');
          const visible = () => Array.from(table.tBodies[0].rows).map(r => r.cells[0].textContent);
          const before = visible().length;
          const search = document.querySelector('.dt-search input');
          search.value = 'Lào Cai'; search.dispatchEvent(new Event('input', {bubbles: true}));
          const found = visible();
          const box = document.querySelector('div.dx-explorer');
          const rows = () => Array.from(box.querySelectorAll('tbody tr')).filter(r => !r.hidden);
          const [theme, group] = box.querySelectorAll('select');
          const words = box.querySelector('input[type=search]');
          const start = rows().length, total = box.querySelectorAll('tbody tr').length;
          theme.value = ''; theme.dispatchEvent(new Event('change'));
          const every = rows().length;
          group.value = 'Ninh Bình'; group.dispatchEvent(new Event('change'));
          const ninh = rows().map(r => r.getAttribute('data-dx-group'));
          group.value = ''; group.dispatchEvent(new Event('change'));
          words.value = 'ha tang so'; words.dispatchEvent(new Event('input'));
          const tang = rows().map(r => r.textContent);
          return {dt: document.querySelectorAll('.dt-container').length, before, found,
                  start, total, every, ninh, tang, count: box.querySelector('.dx-explorer-count').textContent,
                  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth};
        })()""")
        browser.screenshot(tmp_path / "wide.png", width=1280)
        browser.screenshot(tmp_path / "phone.png", width=390)
        narrow = browser.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert browser.problems() == []
    finally:
        browser.close()
    assert facts["dt"] == 1  # the 20-row table; the explorer is not a DataTable
    assert facts["before"] == 10  # ten rows a page
    assert facts["found"] and set(facts["found"]) == {"Lào Cai"}
    assert 0 < facts["start"] < facts["total"] == facts["every"]
    assert facts["ninh"] and set(facts["ninh"]) == {"Ninh Bình"}
    assert facts["tang"] and all("hạ tầng số" in t for t in facts["tang"])
    assert facts["count"].endswith("sentences shown")
    assert facts["overflow"] <= 0 and narrow <= 0


def test_long_texts_are_cut_at_a_word_in_tables_and_kept_whole_in_the_data():
    from dxcompare.reporting.display import MAX_CHARS, shorten

    sentence = "Ủy ban nhân dân tỉnh Hà Giang ban hành kế hoạch chuyển đổi số " * 12
    table = pd.DataFrame({"province": ["Hà Giang"], "sentence": [sentence]})
    html = style_table(table)._repr_html_()
    shown = re.search(r"(Ủy ban[^<]*)</td>", html).group(1)
    assert shown.endswith(" …") and len(shown) <= MAX_CHARS + 2
    assert shown[:-2] == sentence[: len(shown) - 2] and not shown[:-2].endswith("chuy")
    assert table["sentence"].iloc[0] == sentence  # the data (and its CSV) keep every character
    assert shorten("Cần Thơ", 5) == "Cần …" and shorten(42, 1) == 42
    assert "…" not in style_table(table, max_chars=None)._repr_html_()
