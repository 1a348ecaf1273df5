"""The hostile corpus: every kind of bad input a researcher's folder holds, and what dxcompare does.

One readable inventory. ``FILE_CASES`` are files dropped together into one corpus folder (so
mixed encodings, copies and links meet each other) and loaded once; ``INPUT_CASES`` are whole
inputs that must stop with a clear error (or, for a few, must not). Each row says the exact
behaviour: loaded, converted with a note, set aside with a message naming the file and the fix,
skipped silently, or an error naming the file, the line and the fix.

``docs/robustness.md`` holds the same table; regenerate it with
``PYTHONPATH=tests .venv/bin/python tests/system/test_hostile.py`` (a test checks that it is up to date).
"""

from __future__ import annotations

import io
import os
import tracemalloc
import unicodedata
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252", used to make mojibake)
import pytest

import dxcompare
from dxcompare.analyze.codebook import load_codebook
from dxcompare.errors import CodebookError, CorpusError, DxError, ManifestError
from dxcompare.ingest.reading import read_document
from support import ROOT, cp1258_bytes, legacy_surface, minimal_pdf

# One worker builds the hostile corpus once (make test runs pytest -n 2 --dist loadgroup).
pytestmark = pytest.mark.xdist_group("hostile")

DOC = ROOT / "docs" / "robustness.md"

# Written for these tests. No uppercase toned letters, so TCVN3 and VNI can write every sentence.
SENTENCE = "Nghị quyết của Tỉnh ủy {p} về chuyển đổi số đến năm 2025, định hướng đến năm 2030."
LONG_LINE = ("Tỉnh Bình Phước đẩy mạnh chuyển đổi số, phấn đấu đạt 100% vào năm 2025; " * 1500)[
    :100_000
]
HOSTILE_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Cà Mau số hóa hồ sơ hành chính</title>
<script>alert('xss'); document.write('HACKED')</script>
</head><body><article>
<h1>Cà Mau số hóa hồ sơ hành chính</h1>
<p onclick="alert(2)">UBND tỉnh Cà Mau ban hành Kế hoạch số 88/KH-UBND ngày 05/4/2023 về chuyển đổi số.</p>
<img src="x.png" onerror="alert(3)">
<p>Tỉnh phấn đấu 95% hồ sơ được xử lý trực tuyến. <a href="javascript:steal(document.cookie)">Xem</a></p>
<script>var tracking = "evil";</script>
</article></body></html>
"""
TEMPLATE_TEXT = (
    "Tỉnh Gia Lai chi {{ kinh_phi }} tỷ đồng {% if x %}cho{% endif %} chuyển đổi số, "
    "tương đương $5$ triệu USD, công thức $\\frac{a}{b}$ năm 2024.\n"
)


def sentence(province: str) -> str:
    return SENTENCE.format(p=province)


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class FileCase:
    """One file of the hostile corpus and what loading the folder does with it."""

    input: str  # what a researcher would call it
    name: str  # file name inside the corpus folder
    make: Callable[[Path], None]  # writes the file (or link) at that path
    outcome: str  # "loaded" | "converted" | "set aside" | "skipped silently"
    detail: str  # the note (reading_notes) or the problem, as the user sees it
    check: Callable[[dict], None] | None = field(default=None, compare=False)

    @property
    def id(self) -> str:
        return self.name


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _text(text: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(text, encoding="utf-8", newline="")


def _link(target: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        outside = path.parent.parent / "ngoai"
        outside.mkdir(exist_ok=True)
        (outside / "mat.txt").write_text(sentence("Kon Tum"), encoding="utf-8")
        path.symlink_to(
            {"file": outside / "mat.txt", "folder": outside, "gone": outside / "x"}[target]
        )

    return make


def _copy_of(name: str) -> Callable[[Path], None]:
    return lambda path: path.write_bytes((path.parent / name).read_bytes())


def _docx(lines: list[str]) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        import docx

        document = docx.Document()
        for line in lines:
            document.add_paragraph(line)
        document.save(str(path))

    return make


def _province_is(province: str) -> Callable[[dict], None]:
    def check(doc: dict) -> None:
        assert doc["primary_province"] == province
        assert sentence(province) in doc["text"]

    return check


def _no_live_html(doc: dict) -> None:
    for word in ("<script", "alert", "HACKED", "javascript", "onclick", "onerror", "cookie", "<"):
        assert word not in doc["text"]
    assert "95% hồ sơ được xử lý trực tuyến" in doc["text"]
    assert doc["primary_province"] == "Cà Mau"


def _verbatim_template(doc: dict) -> None:
    assert "{{ kinh_phi }}" in doc["text"] and "{% if x %}" in doc["text"]
    assert "$\\frac{a}{b}$" in doc["text"]


def _nfc_recorded(doc: dict) -> None:
    assert doc["text"] == sentence("Lào Cai")
    assert "nfc" in doc["rules"]


def _long_line(doc: dict) -> None:
    assert doc["text"] == LONG_LINE.strip()
    assert doc["n_body_sentences"] == 1  # no full stop: one sentence, segmented whole
    assert doc["n_words"] > 10_000


FILE_CASES = [
    FileCase(
        "Empty file (0 bytes)",
        "rong.txt",
        _bytes(b""),
        "set aside",
        "the file is empty (0 bytes); fix: delete it or put the document's text in it",
    ),
    FileCase(
        "Whitespace only (spaces, tabs, NBSP, CRLF)",
        "trang.txt",
        _text(" \r\n\t\u00a0\n  \n"),
        "set aside",
        "contains no text (only whitespace); fix: replace it with the document's text or move it "
        "out of the corpus folder",
    ),
    FileCase(
        "PNG image named .txt",
        "anh.txt",
        _bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)),
        "set aside",
        "is a PNG image, not text; fix: move it out of the corpus folder",
    ),
    FileCase(
        "Binary file with NUL bytes named .txt",
        "nhi_phan.txt",
        _bytes(b"Ha Noi\x00\x01\x02" * 100),
        "set aside",
        "is binary (contains NUL bytes), not text; fix: if it is a document, save it as UTF-8 "
        ".txt, .docx or .pdf; otherwise move it out of the corpus folder",
    ),
    FileCase(
        "One line of 100,000 characters",
        "dong_dai.txt",
        _text(LONG_LINE),
        "loaded",
        "one body sentence (no full stop) of 100,000 characters, segmented whole; offsets valid",
        _long_line,
    ),
    FileCase(
        "NFD text (decomposed letters, as copied from PDF or Word)",
        "nfd.txt",
        _text(unicodedata.normalize("NFD", sentence("Lào Cai"))),
        "loaded",
        "composed to NFC by normalization; recorded in corpus.normalization (rule 'nfc')",
        _nfc_recorded,
    ),
    FileCase(
        "Windows-1258 bytes (Vietnamese Windows code page)",
        "cp1258.txt",
        _bytes(cp1258_bytes(sentence("Quảng Ngãi"))),
        "converted",
        "decoded as Windows-1258 (not valid UTF-8)",
        _province_is("Quảng Ngãi"),
    ),
    FileCase(
        "TCVN3 (ABC, .VnTime font) bytes",
        "tcvn3.txt",
        _bytes(legacy_surface(sentence("Bình Định"), "tcvn3").encode("latin-1")),
        "converted",
        "read as 8-bit bytes (not valid UTF-8); converted from TCVN3 (ABC) font encoding (1 lines)",
        _province_is("Bình Định"),
    ),
    FileCase(
        "VNI (VNI-Times font) bytes",
        "vni.txt",
        _bytes(legacy_surface(sentence("Gia Lai"), "vni").encode("latin-1")),
        "converted",
        "read as 8-bit bytes (not valid UTF-8); converted from VNI font encoding (1 lines)",
        _province_is("Gia Lai"),
    ),
    FileCase(
        "TCVN3 characters saved as UTF-8 (text copied out of a .VnTime document)",
        "tcvn3_utf8.txt",
        _text(legacy_surface(sentence("Hà Giang"), "tcvn3")),
        "converted",
        "converted from TCVN3 (ABC) font encoding (1 lines)",
        _province_is("Hà Giang"),
    ),
    FileCase(
        "UTF-16 with byte-order mark, CRLF line ends",
        "utf16.txt",
        _bytes(("\ufeff" + sentence("Sơn La") + "\r\n").encode("utf-16-le")),
        "loaded",
        "decoded as UTF-16 (byte-order mark)",
        _province_is("Sơn La"),
    ),
    FileCase(
        "UTF-8 with byte-order mark",
        "utf8_bom.txt",
        _bytes(b"\xef\xbb\xbf" + sentence("Yên Bái").encode("utf-8")),
        "loaded",
        "decoded as UTF-8 (with byte-order mark)",
        _province_is("Yên Bái"),
    ),
    FileCase(
        "UTF-8 mojibake (UTF-8 once decoded as Windows-1252: 'Nghá»‹ quyáº¿t')",
        "mojibake.txt",
        _text(sentence("Cao Bằng").encode("utf-8").decode("sloppy-windows-1252")),
        "converted",
        "repaired mojibake (UTF-8 text that had been decoded as Windows-1252) with ftfy",
        _province_is("Cao Bằng"),
    ),
    FileCase(
        "Word .docx typed in a TCVN3 font",
        "vntime.docx",
        _docx([legacy_surface(sentence("Điện Biên"), "tcvn3")]),
        "converted",
        "converted from TCVN3 (ABC) font encoding (1 lines)",
        _province_is("Điện Biên"),
    ),
    FileCase(
        "HTML with <script>, inline event handlers (onclick, onerror) and javascript: links",
        "trang_web.html",
        _text(HOSTILE_HTML),
        "loaded",
        "main text and metadata extracted with trafilatura; no script, handler or link text kept",
        _no_live_html,
    ),
    FileCase(
        "Text containing template and maths syntax: {{ }}, {% %}, $…$",
        "mau.txt",
        _text(TEMPLATE_TEXT),
        "loaded",
        "kept verbatim as text (never evaluated; escaped wherever it is shown)",
        _verbatim_template,
    ),
    FileCase(
        "File name with a leading dash: -rf.txt",
        "-rf.txt",
        _text(sentence("Lai Châu")),
        "loaded",
        "doc_id '-rf'",
        _province_is("Lai Châu"),
    ),
    FileCase(
        "File name that looks like an option: --help.txt",
        "--help.txt",
        _text(sentence("Tuyên Quang")),
        "loaded",
        "doc_id '--help'",
        _province_is("Tuyên Quang"),
    ),
    FileCase(
        "File name with spaces and Vietnamese letters",
        "Kế hoạch chuyển đổi số (bản cuối).txt",
        _text(sentence("Phú Thọ")),
        "loaded",
        "doc_id 'Kế hoạch chuyển đổi số (bản cuối)'",
        _province_is("Phú Thọ"),
    ),
    FileCase(
        "Symbolic link to a file outside the corpus folder",
        "lien_ket.txt",
        _link("file"),
        "set aside",
        "symbolic link points outside the corpus folder (to …/ngoai/mat.txt); not followed; "
        "fix: copy the file into the corpus folder instead of linking to it",
    ),
    FileCase(
        "Symbolic link to a folder outside the corpus folder",
        "thu_muc_ngoai",
        _link("folder"),
        "set aside",
        "symbolic link points outside the corpus folder (to …/ngoai); not followed; "
        "fix: copy the file into the corpus folder instead of linking to it",
    ),
    FileCase(
        "Broken symbolic link",
        "hong.txt",
        _link("gone"),
        "set aside",
        "broken symbolic link (its target does not exist); fix: remove the link or copy the "
        "real file into the corpus folder",
    ),
    FileCase(
        "Named pipe (FIFO) called .txt (reading one would wait forever)",
        "ong.txt",
        os.mkfifo,
        "set aside",
        "is not a regular file (a named pipe, socket or device); not read; fix: save the "
        "document as a file and give that file's path",
    ),
    FileCase(
        "Symbolic link to that named pipe, inside the corpus",
        "ong_lien_ket.txt",
        lambda path: path.symlink_to(path.parent / "ong.txt"),
        "set aside",
        "is not a regular file (a named pipe, socket or device); not read; fix: …",
    ),
    FileCase(
        "The same document twice (identical bytes under another name)",
        "tcvn3 (1).txt",
        _copy_of("tcvn3.txt"),
        "set aside",
        "same bytes as 'tcvn3.txt', which is already in the corpus; not read twice; fix: delete "
        "the copy so the document is counted once (…)",
    ),
    FileCase(
        "Unsupported type (.xlsx)",
        "bang.xlsx",
        _bytes(b"PK\x03\x04"),
        "set aside",
        "unsupported file type '.xlsx'; fix: convert it to .txt/.md/.html/.docx/.pdf or move it "
        "out of the corpus folder",
    ),
    FileCase(
        "Corrupt .docx (not a ZIP archive)",
        "hong.docx",
        _bytes(b"PK\x03\x04 not a real zip"),
        "set aside",
        "is not a readable .docx file (…); fix: open it in Word or LibreOffice and save it again "
        "as .docx",
    ),
    FileCase(
        "Scanned PDF (no text layer)",
        "scan.pdf",
        _bytes(minimal_pdf([])),
        "set aside",
        "has no text layer (a scanned PDF?); OCR is out of scope for dxcompare; fix: OCR it "
        "first (e.g. ocrmypdf -l vie in.pdf out.pdf) or supply the text as .txt",
    ),
    FileCase(
        "Hidden files and office litter (.DS_Store, ~$lock.docx, Thumbs.db)",
        "~$khoa.docx",
        _bytes(b"\x00\x01"),
        "skipped silently",
        "never a document: not loaded and not listed",
    ),
]


@dataclass(frozen=True)
class InputCase:
    """A whole input (manifest, codebook, command line, parameters) and what it must give."""

    input: str
    run: Callable[[Path], object]  # given an empty folder; raises or returns
    outcome: str  # "error" | "loaded" | "ignored"
    detail: str  # the message (or its essential part)
    error: type[BaseException] | None = None
    line: int | None = None

    @property
    def id(self) -> str:
        return self.input


def _corpus_with_manifest(folder: Path, manifest: str) -> dxcompare.Corpus:
    (folder / "binh_dinh.txt").write_text(sentence("Bình Định"), encoding="utf-8")
    (folder / "gia lai.txt").write_text(sentence("Gia Lai"), encoding="utf-8")
    (folder / "manifest.csv").write_text(manifest, encoding="utf-8")
    return dxcompare.load_corpus(folder, use_cache=False)


def _manifest(text: str) -> Callable[[Path], object]:
    return lambda folder: _corpus_with_manifest(folder, text)


def _manifest_only_some_columns(folder: Path) -> None:
    corpus = _corpus_with_manifest(folder, "file,published\nbinh_dinh.txt,2022-12\n")
    docs = corpus.documents.set_index("doc_id")
    assert docs.loc["binh_dinh", "published"] == "2022-12"
    assert docs.loc["binh_dinh", "published_precision"] == "month"


def _manifest_names_a_copy(folder: Path) -> None:
    (folder / "gia lai (1).txt").write_text(sentence("Gia Lai"), encoding="utf-8")
    corpus = _corpus_with_manifest(
        folder, "file,kind\ngia lai (1).txt,plan\nbinh_dinh.txt,resolution\n"
    )
    assert sorted(corpus.documents["doc_id"]) == ["binh_dinh", "gia lai"]
    assert corpus.problems["problem"].str.startswith("same bytes as 'gia lai.txt'").any()


def _codebook(body: str) -> Callable[[Path], object]:
    def run(folder: Path) -> object:
        path = folder / "codebook.yaml"
        path.write_text(CODEBOOK + body, encoding="utf-8")
        return load_codebook(path)

    return run


CODEBOOK = """themes:
- id: econ
  label_vi: Kinh tế số
  label_en: Digital economy
- id: shops
  parent: econ
  label_vi: Thương mại điện tử
  label_en: E-commerce
  patterns:
    - thương mại điện tử
"""


def _cli(*argv: str) -> Callable[[Path], object]:
    """Run ``dxcompare ARGV`` in a folder holding -rf.txt and --help.txt; returns the output."""

    def run(folder: Path) -> str:
        from dxcompare.cli import main

        (folder / "-rf.txt").write_text(sentence("Lai Châu"), encoding="utf-8")
        (folder / "--help.txt").write_text(sentence("Tuyên Quang"), encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        cwd = Path.cwd()
        os.chdir(folder)
        try:
            with redirect_stdout(out), redirect_stderr(err):
                code = main(list(argv))
        except SystemExit as exc:
            code = exc.code
        finally:
            os.chdir(cwd)
        assert code == 0, err.getvalue()
        assert "Lai Châu" in out.getvalue()
        if "--help.txt" in argv:
            assert "Tuyên Quang" in out.getvalue()
        return out.getvalue()

    return run


def _cli_bare_dash_name(folder: Path) -> None:
    from dxcompare.cli import main

    (folder / "-rf.txt").write_text(sentence("Lai Châu"), encoding="utf-8")
    err = io.StringIO()
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        with redirect_stderr(err), pytest.raises(SystemExit) as caught:
            main(["corpus", "-rf.txt"])
    finally:
        os.chdir(cwd)
    assert caught.value.code == 2
    assert "the following arguments are required: path" in err.getvalue()
    assert list(folder.iterdir()) == [folder / "-rf.txt"]  # nothing removed, nothing written


INPUT_CASES = [
    InputCase(
        "manifest.csv without a 'file' column",
        _manifest("title,kind\nBài viết,news\n"),
        "error",
        "manifest.csv:1: has no 'file' column. Fix: add a 'file' column with each document's "
        "path relative to the corpus folder (valid columns: …)",
        ManifestError,
        1,
    ),
    InputCase(
        "manifest.csv with only some of the columns",
        _manifest_only_some_columns,
        "loaded",
        "missing optional columns are fine; given cells override what is detected",
    ),
    InputCase(
        "manifest.csv with an unknown column",
        _manifest("file,tinh\nbinh_dinh.txt,Bình Định\n"),
        "error",
        "manifest.csv:1: unknown column 'tinh'. Fix: rename or remove it; valid columns are: …",
        ManifestError,
        1,
    ),
    InputCase(
        "manifest.csv naming a file that is not in the corpus",
        _manifest("file\nbinh_dinh.txt\nbinh dinh.txt\n"),
        "error",
        "manifest.csv:3: 'binh dinh.txt' is not a document of the corpus (did you mean "
        "'binh_dinh.txt'?). Fix: write the path relative to the manifest's folder …",
        ManifestError,
        3,
    ),
    InputCase(
        "manifest.csv naming a file that was set aside (a copy, a link, a bad type)",
        _manifest_names_a_copy,
        "ignored",
        "the row is skipped; corpus.problems already says why the file was set aside",
    ),
    InputCase(
        "manifest.csv with an impossible date (31/02/2023)",
        _manifest("file,published\nbinh_dinh.txt,31/02/2023\n"),
        "error",
        "manifest.csv:2: published date '31/02/2023' has no day 31 in month 2. Fix: write it as "
        "YYYY-MM-DD, YYYY-MM, YYYY, DD/MM/YYYY or MM/YYYY …",
        ManifestError,
        2,
    ),
    InputCase(
        "manifest.csv with a date that is not a date ('quý 2')",
        _manifest("file,published\ngia lai.txt,quý 2\n"),
        "error",
        "manifest.csv:2: published date 'quý 2' is not a date. Fix: …",
        ManifestError,
        2,
    ),
    InputCase(
        "manifest.csv with the path ../../etc/passwd",
        _manifest("file\n../../etc/passwd\n"),
        "error",
        "manifest.csv:2: '../../etc/passwd' points outside the corpus folder. Fix: list only "
        "files inside the corpus folder, with paths relative to it",
        ManifestError,
        2,
    ),
    InputCase(
        "manifest.csv with an absolute path (/etc/passwd)",
        _manifest("file\n/etc/passwd\n"),
        "error",
        "manifest.csv:2: '/etc/passwd' is an absolute path. Fix: write the path relative to the "
        "corpus folder",
        ManifestError,
        2,
    ),
    InputCase(
        "manifest.csv with a javascript: url",
        _manifest("file,url\nbinh_dinh.txt,javascript:alert(1)\n"),
        "error",
        "manifest.csv:2: url 'javascript:alert(1)' is not a web address. Fix: write the full "
        "address starting with https:// or http://",
        ManifestError,
        2,
    ),
    InputCase(
        "Codebook with bad YAML",
        _codebook("- id: a: b\n  label_vi: X\n"),
        "error",
        "codebook.yaml:11: not valid YAML: mapping values are not allowed here. Fix: check "
        "indentation, colons and quotes (quote regexes)",
        CodebookError,
        11,
    ),
    InputCase(
        "Codebook with a duplicate theme id",
        _codebook("- id: shops\n  label_vi: X\n  label_en: Y\n"),
        "error",
        "codebook.yaml:11: duplicate theme id 'shops' (first defined at line 5). Fix: give each "
        "theme its own id; …",
        CodebookError,
        11,
    ),
    InputCase(
        "Codebook with a pattern that cannot compile",
        _codebook("    - 're:(ví điện tử'\n"),
        "error",
        "codebook.yaml:11: pattern 're:(ví điện tử' cannot compile: missing ), unterminated "
        "subpattern at position 7. Fix: fix the regular expression (after `re:`) …",
        CodebookError,
        11,
    ),
    InputCase(
        "Codebook with an unknown parent",
        _codebook("- id: gov\n  parent: goverment\n  label_vi: X\n  label_en: Y\n"),
        "error",
        "codebook.yaml:12: theme 'gov' has unknown parent 'goverment'. Fix: use the id of a theme "
        "defined in this file, or drop `parent:` for a top-level theme",
        CodebookError,
        12,
    ),
    InputCase(
        "Corpus path that does not exist",
        lambda folder: dxcompare.load_corpus(folder / "không có"),
        "error",
        "…/không có: no such file or folder. Fix: check the path …",
        CorpusError,
    ),
    InputCase(
        "Corpus folder with no readable document",
        lambda folder: (folder / "rong.txt").write_bytes(b"") or dxcompare.load_corpus(folder),
        "error",
        "…: no readable document found. Fix: put .txt, .md, .html, .docx or .pdf files there "
        "(problems: …/rong.txt: the file is empty (0 bytes)…)",
        CorpusError,
    ),
    InputCase(
        "A named pipe given as the corpus (dxcompare corpus pipe.txt)",
        lambda folder: os.mkfifo(folder / "ong.txt") or dxcompare.load_corpus([folder / "ong.txt"]),
        "error",
        "no readable document found. Fix: … (problems: …/ong.txt: is not a regular file (a named "
        "pipe, socket or device); not read. …)",
        CorpusError,
    ),
    InputCase(
        "dxcompare corpus -- -rf.txt --help.txt",
        _cli("corpus", "--no-cache", "--", "-rf.txt", "--help.txt"),
        "loaded",
        "after '--' every argument is a file: both documents are read",
    ),
    InputCase(
        "dxcompare extract ./-rf.txt",
        _cli("extract", "--no-cache", "--format", "csv", "./-rf.txt"),
        "loaded",
        "a path starting with './' is never taken for an option",
    ),
    InputCase(
        "dxcompare corpus -rf.txt (no '--')",
        _cli_bare_dash_name,
        "error",
        "usage error (exit 2): 'the following arguments are required: path'; nothing is read, "
        "removed or written. Use '--' or './-rf.txt'",
    ),
]


# --------------------------------------------------------------------------- the tests


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, dxcompare.Corpus]:
    """The hostile folder, loaded once (no cache: the module fixture outlives the private cache)."""
    folder = tmp_path_factory.mktemp("hostile") / "tài liệu"
    folder.mkdir()
    for case in FILE_CASES:
        case.make(folder / case.name)
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")
    return folder, dxcompare.load_corpus(folder, use_cache=False)


def _document(corpus: dxcompare.Corpus, name: str) -> dict | None:
    rows = corpus.documents[corpus.documents["path"].map(lambda p: Path(p).name) == name]
    if rows.empty:
        return None
    doc = rows.iloc[0].to_dict()
    norm = corpus.normalization
    doc["rules"] = set(norm.loc[norm["doc_id"] == doc["doc_id"], "rule"])
    return doc


def _problem(corpus: dxcompare.Corpus, name: str) -> str | None:
    rows = corpus.problems[corpus.problems["path"].map(lambda p: Path(p).name) == name]
    if rows.empty:
        return None
    row = rows.iloc[0]
    return f"{row['problem']}; fix: {row['fix']}"


def _matches(detail: str, actual: str) -> bool:
    """``detail`` with '…' standing for any text."""
    pos = 0
    for part in detail.split("…"):
        found = actual.find(part, pos)
        if found < 0:
            return False
        pos = found + len(part)
    return True


@pytest.mark.parametrize("case", FILE_CASES, ids=lambda c: c.id)
def test_hostile_file(hostile, case: FileCase):
    folder, corpus = hostile
    doc, problem = _document(corpus, case.name), _problem(corpus, case.name)
    if case.outcome in ("loaded", "converted"):
        assert problem is None and doc is not None, problem
        assert doc["doc_id"] == Path(case.name).stem
        if case.outcome == "converted":
            assert doc["conversion"] is not None or doc["encoding"] not in ("utf-8", "utf-8-sig")
            assert _matches(case.detail, doc["reading_notes"]), doc["reading_notes"]
        elif case.detail.startswith("decoded as"):
            assert case.detail in doc["reading_notes"]
        if case.check is not None:
            case.check(doc)
    elif case.outcome == "set aside":
        assert doc is None
        assert problem is not None, f"{case.name} is neither loaded nor set aside"
        assert _matches(case.detail, problem), problem
        path = corpus.problems.loc[corpus.problems["path"].str.endswith(case.name), "path"].iloc[0]
        assert Path(path).parent == folder.resolve()  # the message names the file itself
    else:
        assert doc is None and problem is None


def test_hostile_folder_loads_everything_it_can_and_nothing_else(hostile):
    folder, corpus = hostile
    expected = {c.name for c in FILE_CASES if c.outcome in ("loaded", "converted")}
    assert set(corpus.documents["path"].map(lambda p: Path(p).name)) == expected
    set_aside = {c.name for c in FILE_CASES if c.outcome == "set aside"}
    assert set(corpus.problems["path"].map(lambda p: Path(p).name)) == set_aside
    assert not corpus.documents["text"].str.contains("Kon Tum").any()  # links not followed


def test_every_offset_of_the_hostile_corpus_points_at_its_evidence(hostile):
    _, corpus = hostile
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
    for table, column in (
        (corpus.sentences, "text"),
        (corpus.tokens, "token"),
        (corpus.mentions, "surface"),
        (corpus.dates, "raw"),
        (corpus.doc_refs, "raw"),
        (corpus.targets, "raw"),
    ):
        for doc_id, start, end, raw in zip(
            table["doc_id"], table["start"], table["end"], table[column], strict=True
        ):
            spelled = texts[doc_id][start:end]
            assert spelled == raw or " ".join(spelled.split()) == raw, (doc_id, raw)


def test_the_summary_of_the_hostile_corpus_names_every_file_set_aside(hostile):
    _, corpus = hostile
    summary = corpus.summary()
    for case in FILE_CASES:
        if case.outcome == "set aside":
            assert case.name in summary


@pytest.mark.parametrize("case", INPUT_CASES, ids=lambda c: c.id)
def test_hostile_input(tmp_path, case: InputCase):
    folder = tmp_path / "dữ liệu"
    folder.mkdir()
    if case.error is None:
        case.run(folder)
        return
    with pytest.raises(case.error) as caught:
        case.run(folder)
    message = str(caught.value)
    assert isinstance(caught.value, DxError)
    assert _matches(case.detail, message), message
    assert "Fix: " in message
    if case.line is not None:
        assert caught.value.line == case.line


def test_thirty_megabytes_of_text_read_in_bounded_memory(tmp_path):
    """A 30 MB article file: read whole, with peak memory a small multiple of its size."""
    paragraph = (sentence("Bình Phước") + " " + LONG_LINE[:2000] + "\n").encode("utf-8")
    path = tmp_path / "lon.txt"
    path.write_bytes(paragraph * (30_000_000 // len(paragraph) + 1))
    size = path.stat().st_size
    tracemalloc.start()
    try:
        document = read_document(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert size >= 30_000_000
    assert len(document.text) > 10_000_000
    # bytes + str (1-2 bytes per character for Vietnamese) + the newline pass: about 5x here
    assert peak < 8 * size, f"peak {peak / 1e6:.0f} MB for a {size / 1e6:.0f} MB file"


# --------------------------------------------------------------------------- the doc


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def inventory_markdown() -> str:
    """The table of docs/robustness.md, from FILE_CASES and INPUT_CASES."""
    rows = ["| Input | What dxcompare does | Note or message the user sees |", "|---|---|---|"]
    for case in FILE_CASES:
        rows.append(f"| {_cell(case.input)} | {case.outcome} | {_cell(case.detail)} |")
    for case in INPUT_CASES:
        where = f" (line {case.line})" if case.line else ""
        rows.append(f"| {_cell(case.input)} | {case.outcome}{where} | {_cell(case.detail)} |")
    return "\n".join(rows) + "\n"


BEGIN, END = "<!-- inventory: begin -->\n", "<!-- inventory: end -->\n"


def test_docs_robustness_table_is_this_inventory():
    text = DOC.read_text(encoding="utf-8")
    assert BEGIN in text and END in text
    table = text.split(BEGIN, 1)[1].split(END, 1)[0]
    assert table == inventory_markdown(), (
        "regenerate: PYTHONPATH=tests .venv/bin/python tests/system/test_hostile.py"
    )


if __name__ == "__main__":
    current = DOC.read_text(encoding="utf-8")
    head, rest = current.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    DOC.write_text(head + BEGIN + inventory_markdown() + END + tail, encoding="utf-8")
    print(f"updated {DOC}")
