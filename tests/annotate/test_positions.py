"""Line and column in the user's own file for offsets into the normalized body.

Files written here byte by byte: Windows line ends, a byte-order mark, decomposed letters, a
hard-wrapped official document (a PDF copy), odd spaces and a reviewer's anchor.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

import dxcompare
from dxcompare.annotate.positions import column_map, source_positions
from dxcompare.reporting.evidence import doc_href, theme_coding, with_evidence

# A Hà Tĩnh plan copied from a PDF: hard wraps mid-sentence, CRLF, a BOM, decomposed letters
# (NFD "Hà Tĩnh"), an NBSP and a double space, old-style tone ("hoà").
HA_TINH = (
    "ỦY BAN NHÂN DÂN\r\n"
    "TỈNH HÀ TĨNH\r\n"
    "Số: 215/KH-UBND\r\n"
    "\r\n"
    "KẾ HOẠCH\r\n"
    "Chuyển đổi số tỉnh Hà Tĩnh năm 2024\r\n"
    "\r\n"
    "Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt Chương trình\r\n"
    "chuyển đổi số quốc gia, Ủy ban nhân dân tỉnh ban hành Kế hoạch chuyển đổi\r\n"
    "số năm 2024 với mục tiêu hoà nhập nền kinh tế số.\r\n"
    + unicodedata.normalize("NFD", "Tỉnh Hà Tĩnh phấn đấu")
    + "\u00a0đến năm 2025,  100% hồ sơ được xử lý trực tuyến.\r\n"
)
# A Tây Ninh news text with a reviewer's anchor in the middle of a line.
TAY_NINH = (
    "Tây Ninh mở rộng thanh toán số\n\n"
    "Ngày 5/7/2024, tỉnh Tây Ninh [WU1]triển khai ví điện tử tại chợ Long Hoa.\n"
    "Người dân dùng mã QR để thanh toán dịch vụ công trực tuyến.\n"
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("positions")
    (folder / "ha_tinh_ke_hoach.txt").write_bytes(b"\xef\xbb\xbf" + HA_TINH.encode("utf-8"))
    (folder / "tin").mkdir()
    (folder / "tin" / "tay_ninh.txt").write_bytes(TAY_NINH.encode("utf-8"))
    return dxcompare.load_corpus(folder, use_cache=False)


def _in_file(folder, file, line, column, length):
    raw = (Path(folder) / file).read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    text = raw.split("\n")[line - 1]
    return unicodedata.normalize("NFC", text[column - 1 : column - 1 + length])


@pytest.mark.parametrize(
    "words, doc",
    [
        ("phê duyệt", "ha_tinh_ke_hoach"),
        ("chuyển đổi số quốc gia", "ha_tinh_ke_hoach"),  # on the wrapped line
        ("hòa nhập", "ha_tinh_ke_hoach"),  # written "hoà nhập" in the file
        ("đến năm 2025", "ha_tinh_ke_hoach"),  # after NFD letters and an NBSP
        ("100% hồ sơ", "ha_tinh_ke_hoach"),  # after a double space
        ("triển khai ví điện tử", "tin/tay_ninh"),  # after the anchor [WU1]
        ("mã QR", "tin/tay_ninh"),
    ],
)
def test_an_offset_points_at_the_same_words_in_the_users_file(corpus, words, doc):
    text = corpus.documents.set_index("doc_id").loc[doc, "text"]
    offset = text.index(words)
    [(line, column)] = source_positions(corpus, [doc], [offset])
    file = "ha_tinh_ke_hoach.txt" if doc.startswith("ha") else "tin/tay_ninh.txt"
    found = _in_file(corpus.source, file, line, column, len(words) + 8)
    # the file may spell it the old way (hoà) or with NBSP: compare normalized forms
    assert dxcompare.normalize_text(found).startswith(words), (words, line, column, found)


def test_a_sentence_over_a_hard_wrap_starts_on_its_first_line_in_the_file(corpus):
    sents = corpus.sentences[corpus.sentences["doc_id"] == "ha_tinh_ke_hoach"]
    first = sents[sents["text"].str.startswith("Căn cứ")].iloc[0]
    assert "quốc gia" in first["text"]  # one sentence over the wrap
    [(line, column)] = source_positions(corpus, ["ha_tinh_ke_hoach"], [first["start"]])
    assert (line, column) == (8, 1)  # CRLF and BOM do not shift lines or columns
    [(line, _)] = source_positions(
        corpus, ["ha_tinh_ke_hoach"], [first["start"] + first["text"].index("số năm 2024")]
    )
    assert line == 10


def test_column_map_skips_what_normalization_removed():
    original = "\u200bKhánh Hoà  [WU1] Ủy ban"
    normalized = "Khánh Hòa Ủy ban"
    cols = column_map(original, normalized)
    assert len(cols) == len(normalized) + 1
    assert original[cols[normalized.index("Ủy")]] == "Ủ"  # not the "U" inside the anchor
    assert original[cols[0]] == "K"  # the zero-width space is skipped


def test_column_map_is_linear_on_a_long_line():
    import time

    line = "Tỉnh Hà Tĩnh hoà nhập kinh tế số. " * 30_000  # ~1 MB
    normalized = dxcompare.normalize_text(line)
    t = time.perf_counter()
    cols = column_map(line, normalized)
    assert len(cols) == len(normalized) + 1 and time.perf_counter() - t < 20


def test_evidence_rows_carry_title_file_line_and_a_link(corpus):
    from dxcompare import register_hits

    hits = with_evidence(register_hits(corpus), corpus)
    assert len(hits) and {"title", "file", "line", "column"} <= set(hits.columns)
    files = set(hits["file"])
    assert files <= {"ha_tinh_ke_hoach.txt", "tin/tay_ninh.txt"}  # relative, no machine path
    assert not any(str(corpus.source) in str(v) for v in hits.astype(str).to_numpy().ravel())
    assert doc_href("tin/tay_ninh").startswith("corpus_overview.html#doc-tin-tay_ninh-")
    assert doc_href("tin/Đà Nẵng") != doc_href("tin/Đà Nãng")  # never one anchor for two ids


def test_theme_coding_has_one_row_per_matched_term_with_its_place_in_the_file(corpus):
    from dxcompare.analyze.themes import code_themes

    coding = theme_coding(code_themes(corpus), corpus)
    row = coding[coding["matched"].str.lower() == "dịch vụ công trực tuyến"].iloc[0]
    assert row["theme_id"] == "online_services" and row["file"] == "tin/tay_ninh.txt"
    text = corpus.documents.set_index("doc_id").loc[row["doc_id"], "text"]
    assert text[row["start"] : row["end"]] == row["matched"]
    assert _in_file(corpus.source, row["file"], row["line"], row["column"], 23) == row["matched"]
    # every body sentence is in the coding, themed or "none"
    assert coding[["doc_id", "sentence_id"]].drop_duplicates().shape[0] == len(corpus.sentences)
