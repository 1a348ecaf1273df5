"""A report run with language="vi" is Vietnamese throughout: headings, explanations, column
headers, empty-table messages and printed lines; the anchors links rely on stay the English ones,
and an English report keeps its English texts.

The batch runs once per language on the corpus of other provinces (tests/corpora.py: Vietnamese
news and a resolution about Cần Thơ, Lào Cai, Quảng Ninh and Đà Nẵng).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from corpora import write_other_corpus
from dxcompare.reporting.display import NoneFound, style_kwic, style_table
from dxcompare.reporting.prose import (
    COLUMNS_VI,
    EMPTY_REASONS,
    SECTIONS,
    anchor,
    column_label,
    empty_reason,
    report_question,
    report_title,
    say,
    section,
    section_text,
)
from support import NOTEBOOKS, build_reports

VIETNAMESE_MARKS = re.compile(r"[^\W\da-zA-Z_]")  # a letter with a diacritic (or đ)

#: Column names a reader must never see as headers in a Vietnamese report.
ENGLISH_HEADERS = (
    "group", "share_group", "share_rest", "n_sentences_group", "n_group", "n_rest", "theme",
    "title", "source", "symbol", "action", "date", "days_after_reference", "sentence", "speaker",
    "speaker_title", "quote", "kind", "n_documents", "n_hits", "documents", "words", "kinds",
    "most distinctive theme", "key words", "first document", "published", "outlet", "author",
    "n_words", "share of documents", "example", "groups", "count", "ngram", "register", "matched",
    "label", "mentions", "province", "precision", "raw", "rate_per_1000",
)  # fmt: skip


def headings(language: str) -> dict[tuple[str, str], str]:
    """(report, section) -> the heading text of every section that has one."""
    out = {}
    for report, sections in SECTIONS.items():
        for key in sections:
            first = section_text(report, key, language).split("\n\n", 1)[0]
            if first.startswith("#"):
                out[report, key] = first.lstrip("#").strip()
    return out


class _Reader(HTMLParser):
    """The text of a report page by tag, without its header (parameter names are code)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.skip = 0
        self.headers: list[str] = []
        self.headings: list[str] = []
        self.printed: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "header"):
            self.skip += 1
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in ("style", "script", "header"):
            self.skip -= 1
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        if self.skip or not data.strip():
            return
        self.text.append(data.strip())
        if "th" in self.stack:
            self.headers.append(data.strip())
        if any(h in self.stack for h in ("h1", "h2", "h3")):
            self.headings.append(data.strip())
        if "pre" in self.stack:
            self.printed.append(data.strip())


def read_page(path: Path) -> _Reader:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader


# ---------------------------------------------------------------------------------- the texts
def test_every_section_has_a_vietnamese_text_with_diacritics_and_the_english_anchor():
    for (report, key), heading in headings("vi").items():
        assert VIETNAMESE_MARKS.search(heading), (report, key, heading)
        english = headings("en")[report, key]
        assert heading != english
        page = section(report, key, "vi")._repr_html_()
        assert f'id="{anchor(english)}"' in page and f'href="#{anchor(english)}"' in page
    for report, sections in SECTIONS.items():
        for key, (en, vi) in sections.items():
            assert en != vi and VIETNAMESE_MARKS.search(vi), (report, key)
            assert en.count("\n\n") == vi.count("\n\n"), (report, key)  # same paragraphs
    assert report_title("strategies", "vi") == "Chiến lược: các chủ đề mỗi tỉnh/thành phố nhấn mạnh"
    assert report_question("timelines", "vi").startswith("Mỗi tỉnh ban hành văn bản")
    assert report_question("timelines").startswith("When did each province issue")
    assert report_title("my_own_notebook") is None


def test_the_anchors_are_those_nbconvert_gives_the_english_headings():
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    for (report, key), heading in headings("en").items():
        level = section_text(report, key).split(" ", 1)[0]
        rendered = markdown2html_mistune(f"{level} {heading}")
        assert f'id="{anchor(heading)}"' in rendered, (report, key, rendered)


def test_every_notebook_shows_all_its_sections_and_no_markdown_prose_is_left():
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, 4)
        assert not [c.id for c in nb.cells if c.cell_type == "markdown"], path.name
        source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        shown = set(re.findall(rf'section\("{path.stem}", "([^"]+)", language\)', source))
        assert shown == set(SECTIONS[path.stem]), path.name
        # every reason given for an empty table has its Vietnamese text
        for reason in re.findall(r'empty="([^"]+)"', source):
            assert reason in EMPTY_REASONS, (path.name, reason)
        # every table a reader sees is shown in the report's language
        n_tables = len(re.findall(r"(?<![\w.])(?:style_table|evidence_table|style_kwic)\(", source))
        assert source.count("language=language") >= n_tables, path.name


def test_vietnamese_headers_and_none_found_while_the_frame_keeps_its_columns():
    table = pd.DataFrame(
        {"group": ["Lào Cai", "Cần Thơ"], "n_sentences_group": [12, 7], "share_group": [0.25, 0.5]}
    )
    vi = style_table(table, language="vi").to_html()
    assert "tỉnh/thành phố" in vi and "số câu của tỉnh" in vi and "tỷ lệ trong tỉnh" in vi
    assert not re.search(r">\s*(group|share_group|n_sentences_group)\s*<", vi)
    assert "25%" in vi  # shares still formatted as shares (found by their English names)
    assert list(table.columns) == ["group", "n_sentences_group", "share_group"]
    en = style_table(table).to_html()
    assert "share_group" in en and "tỉnh/thành phố" not in en

    def same(page: str) -> str:  # without the Styler's random table id
        return re.sub(r"T_[0-9a-f]{5}", "T_", page)

    assert same(style_table(table, language="en").to_html()) == same(en)
    empty = style_table(table.iloc[0:0], empty="no one is quoted in these texts", language="vi")
    assert empty._repr_html_() == (
        '<p class="dx-none-found"><strong>Không tìm thấy</strong>: '
        "không ai được trích dẫn trong các văn bản này.</p>"
    )
    assert "None found" in NoneFound("no one is quoted in these texts")._repr_html_()
    kwic = pd.DataFrame({"group": ["Lào Cai"], "doc_id": ["a"], "title": ["Lào Cai đưa tổ công nghệ"],
                         "left": ["Tỉnh"], "keyword": ["chuyển đổi số"], "right": ["mạnh mẽ"]})  # fmt: skip
    page = style_kwic(kwic, language="vi").to_html()
    assert "ngữ cảnh trước" in page and "từ khóa" in page and "tiêu đề" in page
    assert column_label("n_group", "vi") == "số lần trong tỉnh" and column_label(3, "vi") == 3
    assert empty_reason("no direct quotation in these texts", "en").startswith("no direct")
    assert say("events", "vi", events=3, dated=2, documents=5) == (
        "3 sự kiện có ngày trong 2/5 văn bản"
    )
    assert all(VIETNAMESE_MARKS.search(v) or v in ("z", "khung trang") for v in COLUMNS_VI.values())


# ---------------------------------------------------------------------- the reports, rendered
@pytest.fixture(scope="module")
def other_corpus(tmp_path_factory):
    return write_other_corpus(tmp_path_factory.getbasetemp() / "corpus-other")


@pytest.fixture(scope="module")
def vi_reports(tmp_path_factory, other_corpus):
    out, result = build_reports(tmp_path_factory, "other-vi", other_corpus, language="vi")
    assert result.ok, result.summary()
    return out


@pytest.fixture(scope="module")
def en_reports(tmp_path_factory, other_corpus):
    out, result = build_reports(
        tmp_path_factory, "other", other_corpus
    )  # shared with test_notebooks
    assert result.ok, result.summary()
    return out


def _report(stem: str) -> str:
    return "province_profile" if stem.startswith("province_profile-") else stem


@pytest.mark.slow
@pytest.mark.xdist_group("reports-other-vi")
def test_a_vietnamese_report_has_no_english_heading_header_or_message(vi_reports):
    english_headings = headings("en")
    pages = sorted((vi_reports / "reports").glob("*.html"))
    assert len(pages) >= 10
    for path in pages:
        report = _report(path.stem)
        page = read_page(path)
        html = path.read_text(encoding="utf-8")
        shown = set(page.headings)
        for (name, key), heading in english_headings.items():
            if name == report:
                assert heading not in shown, (path.name, heading)
                assert headings("vi")[name, key] in shown, (path.name, key)
                assert f'id="{anchor(heading)}"' in html, (path.name, heading)
        wrong = sorted(set(page.headers) & set(ENGLISH_HEADERS))
        assert not wrong, (path.name, wrong)
        assert "None found" not in html, path.name
        assert "Findings" not in shown and "Phát hiện chính" in shown, path.name
        assert "Phương pháp và giới hạn" in shown, path.name
        for line in page.printed:  # printed summaries: no English sentence
            assert not re.search(r"\b(documents|sentences|occurrences|words|events)\b", line), (
                path.name,
                line,
            )
        # every link inside the page reaches a section of it
        ids = set(re.findall(r'id="([^"]+)"', html))
        assert set(re.findall(r'href="#([^"]+)"', html)) <= ids, path.name
        for empty in re.findall(r'<p class="dx-none-found">(.*?)</p>', html):
            assert empty.startswith("<strong>Không tìm thấy</strong>"), (path.name, empty)
            assert VIETNAMESE_MARKS.search(empty.split("</strong>", 1)[1]), (path.name, empty)
    strategies = (vi_reports / "reports" / "strategies.html").read_text(encoding="utf-8")
    assert "<h1>Chiến lược: các chủ đề mỗi tỉnh/thành phố nhấn mạnh</h1>" in strategies
    rhetoric = read_page(vi_reports / "reports" / "rhetoric.html")
    assert "Mệnh lệnh và nghĩa vụ" in rhetoric.text  # register labels in Vietnamese
    assert "Directive and obligation" not in rhetoric.text
    # the CSVs keep their English columns (the data contract)
    pillars = pd.read_csv(vi_reports / "data" / "strategies" / "distinctive_themes.csv")
    assert {"group", "share_group", "n_sentences_group"} <= set(pillars.columns)


@pytest.mark.slow
@pytest.mark.xdist_group("reports-other")
def test_an_english_report_keeps_its_english_headings_and_headers(en_reports):
    english_headings = headings("en")
    for path in sorted((en_reports / "reports").glob("*.html")):
        report = _report(path.stem)
        page = read_page(path)
        for (name, _), heading in english_headings.items():
            if name == report:
                assert heading in page.headings, (path.name, heading)
        # ("nhãn" is the explorer's own header over the Vietnamese labels, in English too)
        assert not set(page.headers) & (set(COLUMNS_VI.values()) - {"z", "nhãn"}), path.name
    strategies = read_page(en_reports / "reports" / "strategies.html")
    assert {"group", "share_group", "n_sentences_group"} <= set(strategies.headers)
    assert any(
        re.fullmatch(r"\d+ of \d+ body sentences carry at least one theme of the codebook", line)
        for line in strategies.printed
    )
    assert "The three pillars and the enablers" in strategies.headings
