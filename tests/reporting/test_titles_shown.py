"""Report tables show a document's title (else its file), never only its raw id; CSVs keep doc_id."""

from __future__ import annotations

import pytest

import dxcompare
from dxcompare.reporting.display import style_kwic
from dxcompare.reporting.evidence import titled
from dxcompare.reporting.explorer import explorer_view

# Written for this test: three provinces; the Sóc Trăng file opens straight on its body (no title).
TEXTS = {
    "tin/lao_cai.txt": """Lào Cai đưa dịch vụ công trực tuyến về các xã vùng cao

UBND tỉnh Lào Cai triển khai dịch vụ công trực tuyến tại 152 xã, phường, thị trấn.
Người dân ở Bát Xát nộp hồ sơ qua dịch vụ công trực tuyến mà không phải xuống huyện.
""",
    "tin/ninh_thuan.txt": """Ninh Thuận cấp chữ ký số miễn phí cho người dân

Tỉnh Ninh Thuận cấp chữ ký số để người dân dùng dịch vụ công trực tuyến trên điện thoại.
""",
    "soc_trang.txt": """Tỉnh Sóc Trăng hướng dẫn nông dân bán lúa qua sàn thương mại điện tử, Hợp tác xã
giảm chi phí trung gian nhờ dịch vụ công trực tuyến và thanh toán không dùng tiền mặt.
""",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ba_tinh")
    for name, text in TEXTS.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return dxcompare.load_corpus(folder, use_cache=False)


def test_the_explorer_kwic_table_shows_titles_and_its_csv_keeps_the_ids(corpus):
    view = explorer_view(corpus, None, phrase="dịch vụ công trực tuyến")
    kwic = view["kwic"]
    assert len(kwic) >= 3 and {"doc_id", "title"} <= set(kwic.columns)
    titles = dict(
        zip(corpus.documents["doc_id"].astype(str), corpus.documents["title"], strict=True)
    )
    lao_cai = [d for d, t in titles.items() if str(t).startswith("Lào Cai")][0]
    assert set(kwic.loc[kwic["doc_id"] == lao_cai, "title"]) == {
        "Lào Cai đưa dịch vụ công trực tuyến về các xã vùng cao"
    }
    page = style_kwic(kwic).to_html()
    assert "Lào Cai đưa dịch vụ công trực tuyến về các xã vùng cao" in page
    assert "Ninh Thuận cấp chữ ký số miễn phí cho người dân" in page
    assert not any(doc_id in page for doc_id in kwic["doc_id"])  # no raw id in the table
    assert list(kwic.columns).index("title") == list(kwic.columns).index("doc_id") + 1


def test_style_kwic_reads_titles_from_the_corpus_when_the_table_has_none(corpus):
    from dxcompare.analyze.kwic import theme_kwic

    kwic = theme_kwic(corpus, phrase="chữ ký số")
    assert "title" not in kwic.columns
    page = style_kwic(kwic, corpus=corpus).to_html()
    assert "Ninh Thuận cấp chữ ký số miễn phí cho người dân" in page
    assert kwic["doc_id"].iloc[0] not in page
    assert kwic["doc_id"].iloc[0] in style_kwic(kwic).to_html()  # without a corpus: the id


def test_titled_replaces_an_index_of_ids_and_falls_back_to_the_file(corpus):
    docs = corpus.documents
    per_doc = docs.set_index("doc_id")[["n_words"]]
    shown = titled(per_doc, corpus)
    assert list(shown.columns) == ["title", "n_words"]
    assert "doc_id" not in shown.columns and "doc_id" in per_doc.index.names
    facts = dict(zip(docs["doc_id"], docs["title"], strict=True))
    soc_trang = [
        d
        for d, p in zip(docs["doc_id"], docs["path"], strict=True)
        if str(p).endswith("soc_trang.txt")
    ][0]
    expected = facts[soc_trang] or "soc_trang.txt"  # a file without a title line shows its name
    assert expected in set(shown["title"])
    assert set(shown["title"]) >= {"Lào Cai đưa dịch vụ công trực tuyến về các xã vùng cao"}


def test_titled_keeps_a_title_column_of_its_own_and_names_the_document_column_apart(corpus):
    labels = corpus.line_labels()  # one column per line label, "title" among them
    assert "title" in labels.columns
    shown = titled(labels, corpus)
    assert list(shown["title"]) == list(labels["title"])  # the count of title lines is kept
    assert "Ninh Thuận cấp chữ ký số miễn phí cho người dân" in set(shown["document"])
    assert "doc_id" not in shown.columns
