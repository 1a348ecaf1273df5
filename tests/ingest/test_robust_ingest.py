"""Robustness, round two (issue 15): inputs that never crash a run and wrong text never accepted.

One discovery for every command, operating-system errors on one entry set aside, a manifest
that is a link out of the corpus refused unread, parse errors with their line, mixed encodings
decoded line by line, truncated and implausible bytes, Markdown front matter, a missing reader
library. Every input is written here.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

import dxcompare
from dxcompare.corpus.build import DocumentTask, _file_keys
from dxcompare.errors import CorpusError, ManifestError, UnreadableFileError
from dxcompare.ingest.discover import discover_files
from dxcompare.ingest.reading import read_document
from dxcompare.reporting.plan import corpus_fingerprint
from support import ROOT

QUANG_NINH = (
    "Quảng Ninh đẩy mạnh chuyển đổi số\n"
    "Ngày 12/3/2023, UBND tỉnh Quảng Ninh ban hành Kế hoạch số 45/KH-UBND về chuyển đổi số.\n"
    "Tỉnh phấn đấu đến năm 2025 có 90% hồ sơ thủ tục hành chính được xử lý trực tuyến.\n"
)
LAI_CHAU = (
    "Lai Châu phát triển hạ tầng số\n"
    "Tỉnh Lai Châu triển khai mạng 4G đến 100% thôn bản vùng cao trong năm 2024.\n"
)
CA_MAU_CP1258 = "Tỉnh Cà Mau số hóa hồ sơ hành chính, phục vụ người dân nhanh hơn.\n"


def cp1258(text: str) -> bytes:
    """Windows-1258 bytes of a Vietnamese text (tone marks as combining characters)."""
    import unicodedata

    from support import cp1258_bytes

    return cp1258_bytes(unicodedata.normalize("NFC", text))


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def problems_of(corpus) -> dict[str, str]:
    return {
        Path(p).name: text
        for p, text in zip(corpus.problems["path"], corpus.problems["problem"], strict=True)
    }


# --------------------------------------------------------------------------- discovery


def _deep_folder(base: Path, depth: int = 24) -> Path:
    """A folder nested deeper than PATH_MAX (4,096 on Linux), made through directory handles."""
    name = "thu_muc_rat_dai_" + "x" * 180
    fd = os.open(base, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=fd)
            new = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = new
        with open(os.open("lai_chau.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fd), "w") as out:
            out.write(LAI_CHAU)
    finally:
        os.close(fd)
    return base.joinpath(*[name] * depth)


def test_a_folder_too_deep_to_list_is_reported_and_the_rest_loads(tmp_path):
    corpus_dir = write(tmp_path / "kho", {"quang_ninh.txt": QUANG_NINH})
    deep = _deep_folder(corpus_dir)
    assert len(str(deep)) > 4096
    corpus = dxcompare.load_corpus(corpus_dir, use_cache=False)
    assert list(corpus.documents["doc_id"]) == ["quang_ninh"]
    unlisted = corpus.problems[corpus.problems["problem"].str.contains("cannot be listed")]
    assert len(unlisted) == 1
    assert "File name too long" in unlisted.iloc[0]["problem"]
    assert "shorten the folder or file names" in unlisted.iloc[0]["fix"]
    # The report's fingerprint lists the same way and does not crash either.
    assert len(corpus_fingerprint(corpus_dir)) == 64


def test_a_path_too_long_given_as_a_file_is_set_aside(tmp_path):
    good = write(tmp_path, {"quang_ninh.txt": QUANG_NINH}) / "quang_ninh.txt"
    too_long = tmp_path / ("a" * 300 + ".txt")  # one name longer than NAME_MAX (255)
    corpus = dxcompare.load_corpus([good, too_long], use_cache=False)
    assert list(corpus.documents["doc_id"]) == ["quang_ninh"]
    assert "File name too long" in corpus.problems.iloc[0]["problem"]


def test_a_file_that_cannot_be_read_for_its_cache_key_is_set_aside(tmp_path):
    """The cache key is where a file's bytes are first read: an OSError there is the file's problem."""
    write(tmp_path, {"quang_ninh.txt": QUANG_NINH})
    tasks = [
        DocumentTask(path=str(tmp_path / "quang_ninh.txt"), doc_id="quang_ninh", override={}),
        DocumentTask(path=str(tmp_path / "da_xoa.txt"), doc_id="da_xoa", override={}),  # gone
        DocumentTask(path=str(tmp_path), doc_id="thu_muc", override={}),  # a folder: EISDIR
    ]
    kept, keys, problems = _file_keys(tasks)
    assert [t.doc_id for t in kept] == ["quang_ninh"] and len(keys) == 1
    assert [Path(p.path).name for p in problems] == ["da_xoa.txt", tmp_path.name]
    assert all(p.problem.startswith("cannot be opened (") for p in problems)


def test_system_folders_are_never_a_corpus():
    with pytest.raises(CorpusError, match="system folder"):
        discover_files("/proc/self")


def test_a_link_into_proc_is_never_opened_by_any_command(tmp_path):
    corpus_dir = write(tmp_path / "kho", {"quang_ninh.txt": QUANG_NINH})
    (corpus_dir / "bo_nho.txt").symlink_to("/proc/self/mem")
    (corpus_dir / "lon.txt").symlink_to(
        write(tmp_path / "ngoai", {"lon.txt": "x" * 1000}) / "lon.txt"
    )
    _, files, problems = discover_files(corpus_dir)
    assert [f.name for f in files] == ["quang_ninh.txt"]
    assert {Path(p.path).name for p in problems} == {"bo_nho.txt", "lon.txt"}
    before = corpus_fingerprint(corpus_dir)
    (tmp_path / "ngoai" / "lon.txt").write_text("y" * 1000)  # the outside file is not read
    assert corpus_fingerprint(corpus_dir) == before
    (corpus_dir / "quang_ninh.txt").write_text(QUANG_NINH + "Thêm một dòng.\n", encoding="utf-8")
    assert corpus_fingerprint(corpus_dir) != before


def test_the_fingerprint_sees_the_manifest(tmp_path):
    corpus_dir = write(tmp_path, {"quang_ninh.txt": QUANG_NINH})
    before = corpus_fingerprint(corpus_dir)
    (corpus_dir / "manifest.csv").write_text("file,province\nquang_ninh.txt,Quảng Ninh\n")
    assert corpus_fingerprint(corpus_dir) != before


# --------------------------------------------------------------------------- manifest


def test_a_manifest_linking_out_of_the_corpus_is_refused_unread(tmp_path):
    secret = tmp_path / "ngoai" / "passwd"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    corpus_dir = write(tmp_path / "kho", {"quang_ninh.txt": QUANG_NINH})
    (corpus_dir / "manifest.csv").symlink_to(secret)
    with pytest.raises(ManifestError, match="outside the corpus folder") as caught:
        dxcompare.load_corpus(corpus_dir, use_cache=False)
    assert "root:x" not in str(caught.value)
    # The report's fingerprint neither reads it nor crashes.
    assert len(corpus_fingerprint(corpus_dir)) == 64


def test_an_upper_case_manifest_is_reported_not_silently_ignored(tmp_path):
    corpus_dir = write(
        tmp_path,
        {
            "quang_ninh.txt": QUANG_NINH,
            "MANIFEST.CSV": "file,province\nquang_ninh.txt,Quảng Ninh\n",
        },
    )
    corpus = dxcompare.load_corpus(corpus_dir, use_cache=False)
    row = corpus.problems.iloc[0]
    assert Path(row["path"]).name == "MANIFEST.CSV"
    assert "only 'manifest.csv' (lower case) is read" in row["problem"]
    assert row["fix"] == "rename it to manifest.csv"


def test_an_unclosed_quote_swallowing_rows_names_its_line(tmp_path):
    corpus_dir = write(tmp_path, {"quang_ninh.txt": QUANG_NINH, "lai_chau.txt": LAI_CHAU})
    (corpus_dir / "manifest.csv").write_text(
        'file,title,province\nquang_ninh.txt,"Kế hoạch chuyển đổi số,Quảng Ninh\n'
        "lai_chau.txt,Hạ tầng số,Lai Châu\n",
        encoding="utf-8",
    )
    with pytest.raises(ManifestError) as caught:
        dxcompare.load_corpus(corpus_dir, use_cache=False)
    assert caught.value.line == 2
    assert "unclosed" in str(caught.value) or "unexpected end of data" in str(caught.value)


def test_an_unclosed_quote_closed_by_a_later_one_names_its_line(tmp_path):
    corpus_dir = write(tmp_path, {"quang_ninh.txt": QUANG_NINH, "lai_chau.txt": LAI_CHAU})
    (corpus_dir / "manifest.csv").write_text(
        'file,title,province\nquang_ninh.txt,"Kế hoạch,Quảng Ninh\nlai_chau.txt,"Hạ tầng",Lai Châu\n',
        encoding="utf-8",
    )
    with pytest.raises(ManifestError, match="check the quotes of that row") as caught:
        dxcompare.load_corpus(corpus_dir, use_cache=False)
    assert caught.value.line == 2


# --------------------------------------------------------------------------- decoding


def test_utf8_and_windows_1258_lines_in_one_file_are_each_decoded(tmp_path):
    data = QUANG_NINH.encode("utf-8") + cp1258(CA_MAU_CP1258) + "Ninh Bình cũng vậy.\n".encode()
    write(tmp_path, {"tron.txt": data})
    corpus = dxcompare.load_corpus(tmp_path, use_cache=False)
    doc = corpus.documents.iloc[0]
    assert "Tỉnh Cà Mau số hóa hồ sơ hành chính" in doc["text"]
    assert "Quảng Ninh" in doc["text"] and "Ninh Bình cũng vậy" in doc["text"]
    assert doc["encoding"] == "utf-8+cp1258"
    assert "line(s) (4) decoded as Windows-1258, the others as UTF-8" in doc["reading_notes"]
    audit = corpus.normalization[corpus.normalization["rule"] == "line_encoding:cp1258"]
    assert list(audit["line_no"]) == [4]
    assert "Cà Mau" in audit.iloc[0]["after"]


def test_a_truncated_last_utf8_character_is_dropped_with_a_note(tmp_path):
    data = (QUANG_NINH + "Vịnh Hạ Long thuộc Cẩm Phả").encode("utf-8")[:-1]  # 'ả' cut in two
    assert data.endswith(b"\xe1\xba")
    doc = read_document(write(tmp_path, {"cut.txt": data}) / "cut.txt")
    assert doc.encoding == "utf-8" and doc.conversion is None
    assert doc.text.endswith("Vịnh Hạ Long thuộc Cẩm Ph")
    assert "Quảng Ninh" in doc.text
    assert doc.notes == (
        "the last character was cut off (an incomplete UTF-8 sequence of 2 byte(s) at the "
        "end of the file); dropped",
    )


def test_random_high_bytes_named_txt_are_set_aside(tmp_path):
    rng = random.Random(15)
    high = bytes(rng.randrange(0x80, 0x100) for _ in range(4096))
    printable = bytes(rng.randrange(0x20, 0x100) for _ in range(4096))
    for name, data in (("rac.txt", high), ("rac2.txt", printable)):
        path = write(tmp_path, {name: data}) / name
        with pytest.raises(UnreadableFileError, match="no plausible Vietnamese or English"):
            read_document(path)


def test_plausible_eight_bit_text_still_loads(tmp_path):
    path = write(tmp_path, {"ca_mau.txt": cp1258(CA_MAU_CP1258 * 3)}) / "ca_mau.txt"
    assert "Cà Mau" in read_document(path).text


# --------------------------------------------------------------------------- front matter


def test_markdown_front_matter_is_metadata_not_title_and_body(tmp_path):
    text = (
        "---\n"
        "title: Đà Nẵng ra mắt nền tảng dữ liệu số\n"
        "published: 2023-05-04\n"
        "province: Đà Nẵng\n"
        "outlet: Báo Đà Nẵng\n"
        "tags: [cds]\n"
        "---\n"
        "Sáng 4/5, UBND thành phố công bố nền tảng dữ liệu số phục vụ người dân.\n"
        "Nền tảng kết nối 56 cơ sở dữ liệu chuyên ngành của thành phố.\n"
    )
    write(tmp_path, {"da_nang.md": text, "quang_ninh.txt": QUANG_NINH})
    corpus = dxcompare.load_corpus(tmp_path, use_cache=False)
    doc = corpus.document("da_nang")
    assert doc["title"] == "Đà Nẵng ra mắt nền tảng dữ liệu số"
    assert doc["published"] == "2023-05-04" and doc["published_precision"] == "day"
    assert doc["primary_province"] == "Đà Nẵng"
    assert doc["outlet"] == "Báo Đà Nẵng"
    assert "published:" not in doc["text"] and "---" not in doc["text"]
    assert "56 cơ sở dữ liệu" in doc["text"]
    assert "front matter keys not used: tags" in doc["reading_notes"]
    # Line numbers still count the file's lines: the body's first line is line 8.
    lines = corpus.lines[corpus.lines["doc_id"] == "da_nang"]
    first = lines[lines["text"].str.startswith("Sáng 4/5")].iloc[0]
    assert first["line_no"] == 8


def test_front_matter_that_is_not_yaml_stays_text_with_a_note(tmp_path):
    text = "---\ntitle: [chưa đóng\n---\nTỉnh Lai Châu triển khai mạng 4G đến các thôn bản.\n"
    doc = read_document(write(tmp_path, {"lai_chau.md": text}) / "lai_chau.md")
    assert "front matter is not valid YAML" in doc.notes[0]
    assert doc.declared == {}


# --------------------------------------------------------------------------- readers


def test_a_missing_html_library_sets_only_the_html_files_aside(tmp_path):
    """An older pip without lxml_html_clean: trafilatura cannot import, the .txt still loads."""
    write(
        tmp_path,
        {
            "quang_ninh.txt": QUANG_NINH,
            "tin.html": "<html><body><article><p>" + LAI_CHAU + "</p></article></body></html>",
        },
    )
    script = (
        "import sys, importlib.abc\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name in ('lxml_html_clean', 'lxml.html.clean'):\n"
        "            raise ImportError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import dxcompare\n"
        f"c = dxcompare.load_corpus({str(tmp_path)!r}, use_cache=False)\n"
        "print(list(c.documents['doc_id']))\n"
        "print(c.problems.iloc[0]['problem'])\n"
        "print(c.problems.iloc[0]['fix'])\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "lib")}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300
    )
    assert out.returncode == 0, out.stderr
    ids, problem, fix = out.stdout.strip().splitlines()[-3:]
    assert ids == "['quang_ninh']"
    assert problem.startswith("cannot be read: the .html reader could not import lxml")
    assert "pip install -U trafilatura lxml_html_clean" in fix


# --------------------------------------------------------------------------- strict and the cache


def test_strict_raises_on_a_cache_hit_too(tmp_path):
    write(tmp_path, {"quang_ninh.txt": QUANG_NINH, "rong.txt": b""})
    first = dxcompare.load_corpus(tmp_path)  # builds and caches, rong.txt set aside
    assert not first.from_cache and len(first.problems) == 1
    assert dxcompare.load_corpus(tmp_path).from_cache
    with pytest.raises(UnreadableFileError, match="the file is empty"):
        dxcompare.load_corpus(tmp_path, strict=True)
