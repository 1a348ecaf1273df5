"""Reading documents from disk: discovery, decodings, legacy fonts, containers, bad files."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import docx
import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252", used to make mojibake)
import pytest

from dxcompare.errors import CorpusError, UnreadableFileError
from dxcompare.ingest.reading import (
    SUPPORTED_SUFFIXES,
    RawDocument,
    discover_files,
    read_document,
)
from support import cp1258_bytes, legacy_surface, minimal_pdf

# Written for these tests: a Party resolution and a provincial plan from provinces
# other than the seeds'. No uppercase toned letters: TCVN3 cannot write them.
NGHI_QUYET = (
    "Nghị quyết của Ban Thường vụ Tỉnh ủy Bình Định về chuyển đổi số đến năm 2025, "
    "định hướng đến năm 2030."
)
KE_HOACH = (
    "UBND tỉnh Quảng Ngãi ban hành Kế hoạch số 176/KH-UBND ngày 06/10/2021 triển khai "
    "chính quyền số, kinh tế số và xã hội số; phấn đấu 100% hồ sơ công việc cấp tỉnh "
    "được xử lý trên môi trường mạng, trừ hồ sơ mật."
)
TIN_BAI = (
    "Sở Thông tin và Truyền thông tỉnh Đắk Lắk cho biết, đến hết quý II/2023 toàn tỉnh "
    "đã có 184/184 xã, phường, thị trấn kết nối mạng truyền số liệu chuyên dùng."
)
VIETNAMESE = "\n".join([NGHI_QUYET, KE_HOACH, TIN_BAI]) + "\n"


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- discovery


def test_folder_is_searched_recursively_and_sorted_by_relative_path(tmp_path):
    write(tmp_path, "b.txt", "Bình Định")
    write(tmp_path, "a/z.md", "Gia Lai")
    write(tmp_path, "a/b/c.html", "<p>x</p>")
    write(tmp_path, "A.docx", b"")
    write(tmp_path, "report.PDF", b"")
    root, files, problems = discover_files(tmp_path)
    assert root == tmp_path.resolve()
    assert [f.relative_to(root).as_posix() for f in files] == [
        "A.docx",
        "a/b/c.html",
        "a/z.md",
        "b.txt",
        "report.PDF",
    ]
    assert problems == []


def test_hidden_files_manifest_and_office_litter_are_skipped_silently(tmp_path):
    write(tmp_path, "bai_viet.txt", "Bình Định")
    write(tmp_path, ".DS_Store", b"\x00\x01")
    write(tmp_path, ".git/config.txt", "x")
    write(tmp_path, "manifest.csv", "file\n")
    write(tmp_path, "~$bao_cao.docx", b"\x00")
    write(tmp_path, "Thumbs.db", b"\x00")
    _, files, problems = discover_files(tmp_path)
    assert [f.name for f in files] == ["bai_viet.txt"]
    assert problems == []


def test_root_inside_a_hidden_folder_is_still_read(tmp_path):
    corpus = tmp_path / ".cache" / "corpus"
    write(corpus, "tin.txt", "Đắk Lắk")
    _, files, _ = discover_files(corpus)
    assert [f.name for f in files] == ["tin.txt"]


def test_unsupported_suffix_is_a_problem_with_a_fix(tmp_path):
    write(tmp_path, "ok.txt", "Hà Nội")
    write(tmp_path, "bang.xlsx", b"PK\x03\x04")
    write(tmp_path, "README", "no suffix")
    _, files, problems = discover_files(tmp_path)
    assert [f.name for f in files] == ["ok.txt"]
    by_name = {Path(p.path).name: p for p in problems}
    assert by_name["bang.xlsx"].problem == "unsupported file type '.xlsx'"
    assert by_name["bang.xlsx"].fix == (
        "convert it to .txt/.md/.html/.docx/.pdf or move it out of the corpus folder"
    )
    assert "no extension" in by_name["README"].problem


def test_file_names_with_spaces_vietnamese_letters_and_leading_dashes(tmp_path):
    names = ["Kế hoạch chuyển đổi số 2025.txt", "-draft.md", "--help.txt", "bài viết (1).txt"]
    for name in names:
        write(tmp_path, name, f"Nội dung của {name}")
    _, files, problems = discover_files(tmp_path)
    assert sorted(f.name for f in files) == sorted(names)
    assert problems == []
    for path in files:
        assert read_document(path).text == f"Nội dung của {path.name}"


def test_symlink_out_of_the_root_is_a_problem_and_not_followed(tmp_path):
    outside = write(tmp_path / "outside", "secret.txt", "mật")
    corpus = tmp_path / "corpus"
    write(corpus, "inside.txt", "Quảng Trị")
    write(corpus, ".archive/old.txt", "Quảng Bình")
    (corpus / "link.txt").symlink_to(outside)
    (corpus / "linked_dir").symlink_to(outside.parent, target_is_directory=True)
    (corpus / "same.txt").symlink_to(corpus / "inside.txt")
    (corpus / "old.txt").symlink_to(corpus / ".archive/old.txt")
    (corpus / "broken.txt").symlink_to(tmp_path / "gone.txt")
    _, files, problems = discover_files(corpus)
    assert [f.name for f in files] == ["inside.txt", "old.txt"]
    by_name = {Path(p.path).name: p.problem for p in problems}
    assert set(by_name) == {"link.txt", "linked_dir", "broken.txt", "same.txt"}
    assert "outside the corpus folder" in by_name["link.txt"]
    assert "outside the corpus folder" in by_name["linked_dir"]
    assert "broken" in by_name["broken.txt"]
    assert "'inside.txt', which is already in the corpus" in by_name["same.txt"]


def test_missing_folder_raises_corpus_error_naming_it(tmp_path):
    missing = tmp_path / "không có"
    with pytest.raises(CorpusError, match="không có"):
        discover_files(missing)


def test_list_of_files_keeps_them_sorted_with_no_root(tmp_path):
    b = write(tmp_path, "b.txt", "Huế")
    a = write(tmp_path, "sub/a.md", "Thừa Thiên Huế")
    x = write(tmp_path, "x.rtf", "{\\rtf}")
    root, files, problems = discover_files([str(b), a, x, b])
    assert root is None
    assert files == sorted([a, b], key=lambda p: p.as_posix())
    assert [Path(p.path).name for p in problems] == ["x.rtf"]


def test_list_with_a_missing_file_raises_corpus_error(tmp_path):
    ok = write(tmp_path, "ok.txt", "x")
    with pytest.raises(CorpusError, match="thiếu.txt"):
        discover_files([ok, tmp_path / "thiếu.txt"])


def test_discovery_writes_nothing(tmp_path):
    write(tmp_path, "a.txt", "Cần Thơ")
    write(tmp_path, "b.xyz", "x")
    before = sorted((p.as_posix(), p.stat().st_mtime_ns) for p in tmp_path.rglob("*"))
    discover_files(tmp_path)
    read_document(tmp_path / "a.txt")
    after = sorted((p.as_posix(), p.stat().st_mtime_ns) for p in tmp_path.rglob("*"))
    assert before == after


def test_supported_suffixes_are_the_contract():
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".html", ".htm", ".docx", ".pdf")


# --------------------------------------------------------------------------- plain text


def test_seeds_are_read_unchanged_as_utf8(seeds_dir, seed_texts):
    for path in sorted(seeds_dir.glob("*.txt")):
        document = read_document(path)
        assert isinstance(document, RawDocument)
        assert document.text == seed_texts[path.stem]
        assert (document.encoding, document.conversion) == ("utf-8", None)


def test_utf8_bom_is_removed_and_recorded(tmp_path):
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + VIETNAMESE.encode("utf-8"))
    document = read_document(path)
    assert document.text == VIETNAMESE
    assert document.encoding == "utf-8-sig"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded_and_crlf_becomes_lf(tmp_path, codec):
    data = ("\ufeff" + VIETNAMESE.replace("\n", "\r\n")).encode(codec)
    document = read_document(write(tmp_path, "utf16.txt", data))
    assert document.text == VIETNAMESE
    assert document.encoding == "utf-16"
    assert document.conversion is None


def test_crlf_and_lone_cr_become_lf(tmp_path):
    document = read_document(
        write(tmp_path, "nl.txt", b"H\xc3\xa0 N\xe1\xbb\x99i\r\nHu\xe1\xba\xbf\rx\n")
    )
    assert document.text == "Hà Nội\nHuế\nx\n"


def test_windows_1258_is_decoded_without_normalizing(tmp_path):
    data = cp1258_bytes(VIETNAMESE)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    document = read_document(write(tmp_path, "cp1258.txt", data))
    assert document.encoding == "cp1258"
    assert document.conversion is None
    assert document.text == data.decode("cp1258")  # combining tone marks kept for normalize.py
    assert unicodedata.normalize("NFC", document.text) == VIETNAMESE
    assert "decoded as Windows-1258 (not valid UTF-8)" in document.notes


@pytest.mark.parametrize(
    ("encoding", "label"),
    [("tcvn3", "TCVN3 (ABC)"), ("vni", "VNI"), ("viscii", "VISCII")],
)
def test_legacy_font_bytes_are_converted(tmp_path, encoding, label):
    data = legacy_surface(VIETNAMESE, encoding).encode("latin-1")
    document = read_document(write(tmp_path, f"{encoding}.txt", data))
    assert document.text == VIETNAMESE
    assert document.conversion == encoding
    assert any(note.startswith(f"converted from {label}") for note in document.notes)


@pytest.mark.parametrize(
    ("surface", "encoding", "expected"),
    [
        ("NghÞ quyÕt cña TØnh ñy B×nh §Þnh", "tcvn3", "Nghị quyết của Tỉnh ủy Bình Định"),
        ("Nghò quyeát cuûa Tænh uûy Bình Ñònh", "vni", "Nghị quyết của Tỉnh ủy Bình Định"),
        ("§µ N½ng vµ Gia Lai", "tcvn3", "Đà Nẵng và Gia Lai"),
        ("Ñaø Naüng vaø Gia Lai", "vni", "Đà Nẵng và Gia Lai"),
    ],
)
def test_short_legacy_texts_are_converted(tmp_path, surface, encoding, expected):
    for data in (surface.encode("latin-1"), surface.encode("utf-8")):
        document = read_document(write(tmp_path, "short.txt", data))
        assert (document.text, document.conversion) == (expected, encoding)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_utf8_text_holding_legacy_font_characters_is_converted(tmp_path, encoding):
    path = write(tmp_path, "copied.txt", legacy_surface(VIETNAMESE, encoding))
    document = read_document(path)
    assert document.encoding == "utf-8"
    assert document.conversion == encoding
    assert document.text == VIETNAMESE


def test_unicode_lines_of_a_mixed_document_are_left_alone(tmp_path):
    title = "Tỉnh Bình Định: Ủy ban nhân dân ban hành kế hoạch"
    body = legacy_surface(KE_HOACH + "\n" + NGHI_QUYET, "tcvn3")
    document = read_document(write(tmp_path, "mixed.txt", title + "\n" + body))
    assert document.conversion == "tcvn3"
    assert document.text == title + "\n" + KE_HOACH + "\n" + NGHI_QUYET


def test_mojibake_is_repaired(tmp_path):
    mojibake = VIETNAMESE.encode("utf-8").decode("sloppy-windows-1252")
    assert mojibake.startswith("Nghá»‹ quyáº¿t")
    document = read_document(write(tmp_path, "moji.txt", mojibake))
    assert document.conversion == "mojibake"
    assert document.text == VIETNAMESE


UNCHANGED = [
    VIETNAMESE,
    unicodedata.normalize(
        "NFD", VIETNAMESE
    ),  # decomposed, as copied from PDFs: left for normalize.py
    "THÔNG BÁO KẾT LUẬN CỦA CHỦ TỊCH UBND TỈNH KHÁNH HOÀ VỀ CHUYỂN ĐỔI SỐ\n",
    "Tô Lâm, Ô Môn, Ân Thi, Ê-đê, Ánh Dương, Ý Yên; Ông Ánh nói: «Chúng tôi phấn đấu…»\n",
    "Diện tích\u00a0rừng đạt 57%\u00a0năm 2025 · 25 m² · 30°C × 2 · Điều 5 § 2 © Báo Lào Cai®\n",
    "Tong so 579/579 xa da ket noi; ty le dat 100% - khong dau\n",
    "Tỷ lệ 100\u00a0%\n\u00a0\nTô\u00a0Lâm\n\u00a0Ô\u00a0Môn\n",  # NBSP is not VISCII's Õ here
    "Ở Ba Vì, Hà Nội; KỶ NIỆM NGÃ BA ĐỒNG LỘC; Tp. Hồ Chí Minh; Thừa Thiên – Huế\n",
    "El señor José García vivió en España. Mañana iremos a la montaña con niños pequeños.\n",
    "Die Größe der Übung wäre für Jürgen schön gewesen, aber es regnete früh in Köln.\n",
    "Le ministère a présenté un élève très âgé; où est la fenêtre? Ça déçoit les côtés.\n",
    "Ærø og Øresund: smørrebrød på Frederiksberg, søndag. Åbningstider følger.\n",
    "The café’s naïve “résumé” — costs €5, ©2024 ACME™.\n",
]


@pytest.mark.parametrize("text", UNCHANGED)
def test_plain_unicode_and_other_languages_come_back_unchanged(tmp_path, text):
    document = read_document(write(tmp_path, "plain.txt", text))
    assert document.text == text
    assert document.conversion is None
    assert document.encoding == "utf-8"


@pytest.mark.parametrize(
    "text",
    [
        "El señor José García vivió en España. Mañana iremos a la montaña con niños pequeños.\n",
        "Die Größe der Übung wäre für Jürgen schön gewesen, aber es regnete früh in Köln.\n",
        "Le ministère a présenté un élève très âgé; où est la fenêtre? Ça déçoit.\n",
    ],
)
def test_other_languages_in_8bit_bytes_are_not_converted(tmp_path, text):
    document = read_document(write(tmp_path, "latin.txt", text.encode("cp1252")))
    assert document.text == text
    assert document.conversion is None


def test_empty_file_is_unreadable_with_a_fix(tmp_path):
    path = write(tmp_path, "rỗng.txt", b"")
    with pytest.raises(UnreadableFileError) as caught:
        read_document(path)
    assert "rỗng.txt" in str(caught.value)
    assert "empty" in caught.value.problem
    assert caught.value.fix


def test_whitespace_only_file_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFileError, match="only whitespace"):
        read_document(write(tmp_path, "space.md", " \r\n\t \n\u00a0\n"))


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (bytes(range(256)) * 4, "NUL bytes"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "legacy Microsoft Office"),
        (b"\x01\x02\x03\x04\x05\x06\x07\x08abc" * 50, "control characters"),
    ],
)
def test_binary_files_named_txt_are_unreadable(tmp_path, data, what):
    path = write(tmp_path, "not text.txt", data)
    with pytest.raises(UnreadableFileError, match=what) as caught:
        read_document(path)
    assert caught.value.path == str(path)
    assert caught.value.fix


def test_pdf_named_txt_says_rename_it(tmp_path):
    with pytest.raises(UnreadableFileError) as caught:
        read_document(write(tmp_path, "bao_cao.txt", minimal_pdf(["x"])))
    assert caught.value.fix == "rename it to .pdf"


def test_thirty_megabyte_file_and_long_line_load(tmp_path, seed_texts):
    seed = next(iter(seed_texts.values()))
    repeats = 30_000_000 // len(seed.encode("utf-8")) + 1
    big = write(tmp_path, "big.txt", (seed + "\n") * repeats)
    assert big.stat().st_size >= 30_000_000
    document = read_document(big)
    assert len(document.text) == len(seed + "\n") * repeats
    assert document.conversion is None
    line = ("chuyển đổi số tỉnh Bình Phước " * 4000)[:100_000]
    assert read_document(write(tmp_path, "line.txt", line)).text == line


def test_thirty_megabyte_tcvn3_file_is_converted(tmp_path):
    surface = legacy_surface(NGHI_QUYET, "tcvn3") + "\r\n"
    path = write(
        tmp_path, "big_tcvn3.txt", (surface * (30_000_000 // len(surface))).encode("latin-1")
    )
    document = read_document(path)
    assert document.conversion == "tcvn3"
    assert document.text.startswith(NGHI_QUYET + "\n" + NGHI_QUYET)
    assert document.text.count("\n") == 30_000_000 // len(surface)


# --------------------------------------------------------------------------- HTML

ARTICLE_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>Quảng Ninh đẩy mạnh chuyển đổi số - Báo Quảng Ninh</title>
<meta name="author" content="Trần Minh Hải">
<meta property="og:site_name" content="Báo Quảng Ninh">
<meta property="article:published_time" content="2023-04-05T08:00:00+07:00">
<link rel="canonical" href="https://baoquangninh.vn/quang-ninh-chuyen-doi-so.html">
<script>alert('xss'); document.write('HACKED')</script>
</head><body>
<nav><a href="/">Trang chủ</a> | <a href="javascript:alert(1)">Đăng nhập</a></nav>
<article>
<h1>Quảng Ninh đẩy mạnh chuyển đổi số</h1>
<p>Ngày 5/4/2023, UBND tỉnh Quảng Ninh ban hành Kế hoạch số 88/KH-UBND về chuyển đổi số năm 2023.</p>
<img src="anh.png" onerror="alert('img')">
<p>Theo kế hoạch, tỉnh phấn đấu 95% hồ sơ thủ tục hành chính được xử lý trực tuyến toàn trình.
<a href="javascript:void(steal(document.cookie))">Xem chi tiết</a></p>
<script>var tracking = "evil";</script>
<p onclick="alert(2)">Kinh tế số chiếm 20% GRDP của tỉnh vào năm 2025, theo mục tiêu đề ra.</p>
</article>
<footer>Bản quyền © Báo Quảng Ninh</footer>
</body></html>
"""


def test_html_keeps_article_lines_and_drops_scripts(tmp_path):
    document = read_document(write(tmp_path, "bai.html", ARTICLE_HTML))
    lines = document.text.split("\n")
    assert lines[0] == "Quảng Ninh đẩy mạnh chuyển đổi số"
    assert (
        "Ngày 5/4/2023, UBND tỉnh Quảng Ninh ban hành Kế hoạch số 88/KH-UBND "
        "về chuyển đổi số năm 2023." in lines
    )
    assert "Kinh tế số chiếm 20% GRDP của tỉnh vào năm 2025, theo mục tiêu đề ra." in lines
    for executable in (
        "alert",
        "HACKED",
        "tracking",
        "evil",
        "javascript",
        "onerror",
        "cookie",
        "<",
    ):
        assert executable not in document.text
    assert document.encoding == "html"


def test_html_metadata_comes_from_the_page(tmp_path):
    document = read_document(write(tmp_path, "bai.htm", ARTICLE_HTML))
    assert document.meta == {
        "title": "Quảng Ninh đẩy mạnh chuyển đổi số",
        "author": "Trần Minh Hải",
        "date": "2023-04-05",
        "url": "https://baoquangninh.vn/quang-ninh-chuyen-doi-so.html",
        "outlet": "Báo Quảng Ninh",
    }


def test_html_title_is_added_when_the_body_lacks_it(tmp_path):
    html = (
        "<html><head><title>Cà Mau số hóa hồ sơ</title></head><body><article>"
        f"<p>{KE_HOACH}</p><p>{TIN_BAI}</p><p>{NGHI_QUYET}</p></article></body></html>"
    )
    document = read_document(write(tmp_path, "ca_mau.html", html))
    assert document.text.split("\n") == ["Cà Mau số hóa hồ sơ", KE_HOACH, TIN_BAI, NGHI_QUYET]


def test_html_without_main_text_is_unreadable(tmp_path):
    html = (
        "<html><head><script>alert(1)</script><style>p{}</style></head>"
        "<body><img src='a.png' onerror='alert(2)'><script>document.write('x')</script></body></html>"
    )
    with pytest.raises(UnreadableFileError, match="no article text") as caught:
        read_document(write(tmp_path, "empty_page.html", html))
    assert ".txt" in caught.value.fix


def test_empty_html_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFileError, match="empty"):
        read_document(write(tmp_path, "blank.html", b"  \n"))


# --------------------------------------------------------------------------- DOCX


def make_docx(path: Path, paragraphs: list[str], **props: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for key, value in props.items():
        setattr(document.core_properties, key, value)
    document.save(str(path))
    return path


def test_docx_paragraphs_become_lines_with_core_properties(tmp_path):
    from datetime import datetime

    path = tmp_path / "Kế hoạch.docx"
    document = docx.Document()
    document.add_heading("Kế hoạch chuyển đổi số tỉnh Quảng Ngãi", level=1)
    document.add_paragraph(KE_HOACH)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
    table.cell(1, 0).text = "Số: 176/KH-UBND"
    table.cell(1, 1).text = "Quảng Ngãi, ngày 06 tháng 10 năm 2021"
    document.add_paragraph(TIN_BAI)
    document.core_properties.title = "Kế hoạch chuyển đổi số"
    document.core_properties.author = "Sở Thông tin và Truyền thông"
    document.core_properties.created = datetime(2021, 10, 6, 9, 30)
    document.save(str(path))
    raw = read_document(path)
    assert raw.text.split("\n") == [
        "Kế hoạch chuyển đổi số tỉnh Quảng Ngãi",
        KE_HOACH,
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        "Số: 176/KH-UBND",
        "Quảng Ngãi, ngày 06 tháng 10 năm 2021",
        TIN_BAI,
    ]
    assert raw.encoding == "docx"
    assert raw.meta == {
        "title": "Kế hoạch chuyển đổi số",
        "author": "Sở Thông tin và Truyền thông",
        "created": "2021-10-06",
    }


def test_docx_placeholder_author_is_not_reported(tmp_path):
    raw = read_document(make_docx(tmp_path / "d.docx", [NGHI_QUYET]))
    assert raw.text == NGHI_QUYET
    assert "author" not in raw.meta  # python-docx's template says "python-docx"


def test_docx_typed_in_a_tcvn3_font_is_converted(tmp_path):
    path = make_docx(tmp_path / "vntime.docx", legacy_surface(VIETNAMESE, "tcvn3").split("\n"))
    raw = read_document(path)
    assert raw.conversion == "tcvn3"
    assert raw.text == VIETNAMESE


def test_corrupt_docx_is_unreadable(tmp_path):
    path = write(tmp_path, "hong.docx", b"PK\x03\x04 this is not a real zip archive")
    with pytest.raises(UnreadableFileError, match="not a readable .docx") as caught:
        read_document(path)
    assert "save it again as .docx" in caught.value.fix


def test_legacy_doc_named_docx_says_how_to_convert(tmp_path):
    path = write(tmp_path, "cu.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(UnreadableFileError, match="legacy Word .doc") as caught:
        read_document(path)
    assert "libreoffice" in caught.value.fix


# --------------------------------------------------------------------------- PDF


def test_pdf_text_layer_is_read_with_metadata(tmp_path):
    lines = ["Binh Dinh digital transformation plan", "Decision 749/QD-TTg of 03/6/2020"]
    info = {
        "Title": "Ke hoach chuyen doi so",
        "Author": "Nguyen Van An",
        "CreationDate": "D:20220315",
    }
    raw = read_document(write(tmp_path, "plan.pdf", minimal_pdf(lines, info)))
    assert raw.text.split("\n")[:2] == lines
    assert raw.encoding == "pdf"
    assert raw.meta == {
        "title": "Ke hoach chuyen doi so",
        "author": "Nguyen Van An",
        "created": "2022-03-15",
    }


def test_pdf_without_text_layer_says_ocr_is_out_of_scope(tmp_path):
    path = write(tmp_path, "scan.pdf", minimal_pdf([]))
    with pytest.raises(UnreadableFileError, match="no text layer") as caught:
        read_document(path)
    assert "OCR is out of scope" in caught.value.problem
    assert "ocrmypdf" in caught.value.fix
    assert ".txt" in caught.value.fix


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4\n1 0 obj garbage without structure\n", b"this is not a pdf at all", b""],
)
def test_corrupt_pdf_is_unreadable(tmp_path, data):
    path = write(tmp_path, "hong.pdf", data)
    with pytest.raises(UnreadableFileError) as caught:
        read_document(path)
    assert caught.value.path == str(path)
    assert "no text layer" not in caught.value.problem


def test_unsupported_suffix_given_directly_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFileError, match="unsupported file type"):
        read_document(write(tmp_path, "a.odt", b"x"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_permissions_are_reported(tmp_path):
    path = write(tmp_path, "locked.txt", "Hà Nội")
    path.chmod(0)
    with pytest.raises(UnreadableFileError, match="cannot be opened"):
        read_document(path)


def test_copies_with_the_same_bytes_are_read_once_keeping_the_shortest_name(tmp_path):
    write(tmp_path, "bai.txt", NGHI_QUYET)
    write(tmp_path, "bai (1).txt", NGHI_QUYET)
    write(tmp_path, "sub/ban sao.md", NGHI_QUYET)
    write(tmp_path, "khac.txt", KE_HOACH)
    write(tmp_path, "rong1.txt", b"")
    write(tmp_path, "rong2.txt", b"")
    _, files, problems = discover_files(tmp_path)
    assert [f.name for f in files] == ["bai.txt", "khac.txt", "rong1.txt", "rong2.txt"]
    assert {Path(p.path).name: p.problem for p in problems} == {
        "bai (1).txt": "same bytes as 'bai.txt', which is already in the corpus; not read twice",
        "ban sao.md": "same bytes as 'bai.txt', which is already in the corpus; not read twice",
    }
    _, listed, copies = discover_files([tmp_path / "bai.txt", tmp_path / "bai (1).txt"])
    assert len(listed) == 1 and "same bytes as" in copies[0].problem


def test_named_pipes_are_set_aside_never_opened(tmp_path):
    os.mkfifo(tmp_path / "ong.txt")
    (tmp_path / "lien_ket.txt").symlink_to(tmp_path / "ong.txt")
    write(tmp_path, "bai.txt", NGHI_QUYET)
    _, files, problems = discover_files(tmp_path)
    assert [f.name for f in files] == ["bai.txt"]
    assert {Path(p.path).name for p in problems} == {"ong.txt", "lien_ket.txt"}
    assert all("not a regular file" in p.problem for p in problems)
    _, listed, problems = discover_files([tmp_path / "ong.txt"])
    assert listed == [] and "named pipe" in problems[0].problem
    with pytest.raises(UnreadableFileError, match="not a regular file"):
        read_document(tmp_path / "ong.txt")
