"""The corpus as a user meets it: load a folder, read the tables, trust the offsets."""

from __future__ import annotations

import hashlib
import shutil
import unicodedata
from pathlib import Path

import pytest

import dxcompare
from dxcompare.errors import CorpusError, ManifestError, UnreadableFileError
from support import ROOT

# An article written for these tests (not from the seeds), with the usual page furniture,
# a caption repeated on the next line, the Latin ETH for Đ and old tone placement.
THANH_HOA_ARTICLE = """Thanh Hoá đẩy mạnh chuyển đổi số trong cơ quan nhà nước

LÊ HOÀNG
Chia sẻ Facebook
Thứ tư, 15/03/2023 09:30

Ngày 10/3/2023, UBND tỉnh Thanh Hoá ban hành Kế hoạch số 58/KH-UBND về chuyển đổi số năm 2023. Theo kế hoạch, đến năm 2025, 100% hồ sơ công việc tại cấp tỉnh được xử lý trên môi trường mạng.
Ðồng chí Chủ tịch UBND tỉnh nhấn mạnh: "Chuyển đổi số phải lấy người dân làm trung tâm".
Cán bộ một cửa hướng dẫn người dân nộp hồ sơ trực tuyến (Ảnh: Minh Hà)
Cán bộ một cửa hướng dẫn người dân nộp hồ sơ trực tuyến (Ảnh: Minh Hà)
Năm 2022, tỉnh xếp thứ 25/63 về Chỉ số chuyển đổi số cấp tỉnh (DTI). Hoà cùng xu thế chung, các huyện cũng thành lập tổ công nghệ số cộng đồng.
Nguồn: Báo Thanh Hóa
"""

KHANH_HOA_ARTICLE = """Khánh Hòa triển khai dịch vụ công trực tuyến toàn trình

Thứ hai, 05/06/2023 14:00
Năm 2023, Khánh Hòa đặt mục tiêu 80% hồ sơ thủ tục hành chính được giải quyết trực tuyến. Tỉnh đã tích hợp dữ liệu dân cư với Đề án 06 để người dân dùng VNeID khi làm thủ tục.
Đánh giá
"""


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: base letters precomposed, tones combining."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def written_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "bài viết"
    folder.mkdir()
    (folder / "thanh hoa.txt").write_text(THANH_HOA_ARTICLE, encoding="utf-8")
    (folder / "khanh-hoa.txt").write_text(KHANH_HOA_ARTICLE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def seeds_corpus():
    return dxcompare.load_corpus(ROOT / "seeds")


def test_seeds_load_as_five_documents_with_their_provinces(seeds_corpus):
    docs = seeds_corpus.documents.set_index("doc_id")
    assert len(docs) == 5
    assert seeds_corpus.problems.empty
    assert docs.loc["000_59a7e2a612e78fb7", "primary_province"] == "Hà Nội"
    assert docs.loc["001_2c77bc4ad56ba6cd", "primary_province"] == "Bình Định"
    assert docs.loc["001_2c77bc4ad56ba6cd", "province_2025"] == "Gia Lai"
    assert docs.loc["003_8327b7ecb46c3ee9", "primary_province"] == "Hải Phòng"
    assert docs.loc["004_26e7b4dec0642521", "primary_province"] == "Hà Nội"


def test_eth_written_binh_dinh_is_counted_as_one_province(seeds_corpus):
    body = seeds_corpus.document("001_2c77bc4ad56ba6cd")["text"]
    assert "\u00d0" not in body
    mentions = seeds_corpus.mentions[seeds_corpus.mentions["doc_id"] == "001_2c77bc4ad56ba6cd"]
    assert set(mentions["province"]) >= {"Bình Định"}
    assert not any("\u00d0" in s for s in mentions["surface"])
    assert (seeds_corpus.normalization["rule"] == "eth_to_dstroke").any()


def test_old_and_new_tone_placement_count_as_one_word(seeds_corpus):
    syllables = {s for n in seeds_corpus.tokens["norm"].astype(str) for s in n.split()}
    assert not syllables & {"hoà", "thuỷ", "uỷ", "toà", "hoạ", "khoẻ"}
    assert "hòa" in syllables or "hòa lạc" in set(seeds_corpus.tokens["norm"].astype(str))
    hoa_lac = seeds_corpus.tokens[seeds_corpus.tokens["norm"].astype(str).str.contains("hòa lạc")]
    assert len(hoa_lac) >= 2  # "Hoà Lạc" and "Hòa Lạc" in seed 000 are one word


def test_page_furniture_and_captions_stay_out_of_the_body(seeds_corpus):
    lines = seeds_corpus.lines
    first = lines[lines["doc_id"] == "000_59a7e2a612e78fb7"]
    label_of = dict(zip(first["text"], first["label"], strict=True))
    assert label_of["Chia sẻ Zalo"] == "furniture"
    body = seeds_corpus.document("000_59a7e2a612e78fb7")["text"]
    assert "Chia sẻ Zalo" not in body
    assert "(Ảnh:" not in body
    assert (lines["label"] == "caption").sum() >= 3
    assert (lines["label"] == "duplicate").sum() >= 1


def test_reviewer_anchors_are_removed_from_body_sentences(seeds_corpus):
    sentences = seeds_corpus.sentences[seeds_corpus.sentences["doc_id"] == "003_8327b7ecb46c3ee9"]
    assert len(sentences) > 10
    assert not sentences["text"].str.contains(r"\[WU\d", regex=True).any()
    assert (seeds_corpus.normalization["rule"] == "editor_anchor").any()


def test_every_offset_points_at_its_evidence(seeds_corpus):
    texts = dict(zip(seeds_corpus.documents["doc_id"], seeds_corpus.documents["text"], strict=True))
    for row in seeds_corpus.sentences.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text
    for row in seeds_corpus.tokens.sample(300, random_state=1).itertuples():
        surface = texts[row.doc_id][row.start : row.end]
        assert surface.split() == str(row.token).split()
    for row in seeds_corpus.mentions.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.surface
    for table in (seeds_corpus.dates, seeds_corpus.doc_refs, seeds_corpus.targets):
        for row in table.itertuples():
            assert texts[row.doc_id][row.start : row.end] == row.raw


def test_domain_phrases_are_one_word_and_stopwords_spare_them(seeds_corpus):
    tokens = seeds_corpus.tokens
    cds = tokens[tokens["norm"] == "chuyển đổi số"]
    assert len(cds) > 20
    assert not cds["is_stop"].any()


def test_written_articles_are_read_labelled_and_dated(written_corpus):
    corpus = dxcompare.load_corpus(written_corpus)
    docs = corpus.documents.set_index("doc_id")
    assert list(docs.index) == ["khanh-hoa", "thanh hoa"]
    thanh_hoa = docs.loc["thanh hoa"]
    assert thanh_hoa["primary_province"] == "Thanh Hóa"
    assert thanh_hoa["published"] == "2023-03-15"
    assert thanh_hoa["title"].startswith("Thanh Hóa đẩy mạnh")
    assert "Chia sẻ" not in thanh_hoa["text"]
    assert "Đồng chí" in thanh_hoa["text"]
    assert "(Ảnh: Minh Hà)" not in thanh_hoa["text"]
    refs = corpus.doc_refs[corpus.doc_refs["doc_id"] == "thanh hoa"]
    assert "58/KH-UBND" in set(refs["symbol"])
    assert docs.loc["khanh-hoa", "primary_province"] == "Khánh Hòa"
    assert docs.loc["khanh-hoa", "published"] == "2023-06-05"


def test_a_second_load_comes_from_the_cache_and_is_identical(written_corpus):
    first = dxcompare.load_corpus(written_corpus)
    second = dxcompare.load_corpus(written_corpus)
    assert not first.from_cache and second.from_cache
    for name in ("documents", "sentences", "tokens", "mentions", "doc_refs"):
        assert getattr(first, name).equals(getattr(second, name)), name


def test_editing_a_document_invalidates_the_cache(written_corpus):
    dxcompare.load_corpus(written_corpus)
    path = written_corpus / "khanh-hoa.txt"
    path.write_text(KHANH_HOA_ARTICLE.replace("80%", "90%"), encoding="utf-8")
    again = dxcompare.load_corpus(written_corpus)
    assert not again.from_cache
    assert "90%" in again.document("khanh-hoa")["text"]


def test_a_corrupt_cache_entry_is_rebuilt(written_corpus, tmp_path, monkeypatch):
    cache_root = tmp_path / "cache"
    monkeypatch.setenv("DXCOMPARE_CACHE_DIR", str(cache_root))
    dxcompare.load_corpus(written_corpus)
    entries = list(cache_root.rglob("*.dxdoc")) + list(cache_root.rglob("*.arrow"))
    assert entries
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:-100])
    with pytest.warns(UserWarning, match="corrupt cache entry"):
        rebuilt = dxcompare.load_corpus(written_corpus)
    assert not rebuilt.from_cache
    assert len(rebuilt.documents) == 2


def test_unreadable_files_are_set_aside_with_a_fix_and_the_rest_loads(written_corpus):
    (written_corpus / "empty.txt").write_bytes(b"")
    (written_corpus / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (written_corpus / "table.xlsx").write_bytes(b"PK\x03\x04")
    corpus = dxcompare.load_corpus(written_corpus)
    assert len(corpus.documents) == 2
    problems = corpus.problems.set_index(corpus.problems["path"].map(lambda p: Path(p).name))
    assert set(problems.index) == {"empty.txt", "picture.txt", "table.xlsx"}
    assert all(problems["fix"].str.len() > 10)
    with pytest.raises((UnreadableFileError, CorpusError)) as err:
        dxcompare.load_corpus(written_corpus, strict=True, use_cache=False)
    assert (
        "empty.txt" in str(err.value)
        or "picture.txt" in str(err.value)
        or "table.xlsx" in str(err.value)
    )


def test_legacy_encodings_are_converted_and_recorded(tmp_path):
    folder = tmp_path / "legacy"
    folder.mkdir()
    text = "Tỉnh Quảng Ngãi thúc đẩy chuyển đổi số\n\nNăm 2024, tỉnh Quảng Ngãi hoàn thành kế hoạch chuyển đổi số của Ủy ban nhân dân tỉnh.\n"
    (folder / "cp1258.txt").write_bytes(_cp1258(text))
    corpus = dxcompare.load_corpus(folder)
    doc = corpus.documents.iloc[0]
    assert doc["encoding"] == "cp1258"
    assert doc["primary_province"] == "Quảng Ngãi"
    assert "chuyển đổi số" in doc["text"]


def test_manifest_overrides_detected_metadata(written_corpus):
    (written_corpus / "manifest.csv").write_text(
        "file,title,outlet,published,province,kind\n"
        "khanh-hoa.txt,Bài về Khánh Hòa,Báo Khánh Hòa,2023-06-04,Khánh Hòa,news\n",
        encoding="utf-8",
    )
    docs = dxcompare.load_corpus(written_corpus).documents.set_index("doc_id")
    assert docs.loc["khanh-hoa", "title"] == "Bài về Khánh Hòa"
    assert docs.loc["khanh-hoa", "outlet"] == "Báo Khánh Hòa"
    assert docs.loc["khanh-hoa", "published"] == "2023-06-04"


def test_a_manifest_row_for_a_missing_file_is_a_clear_error(written_corpus):
    (written_corpus / "manifest.csv").write_text(
        "file,title\nkhong-co.txt,Không có\n", encoding="utf-8"
    )
    with pytest.raises(ManifestError) as err:
        dxcompare.load_corpus(written_corpus)
    assert "khong-co.txt" in str(err.value)


def test_loading_never_writes_into_the_corpus_folder(tmp_path):
    seeds = ROOT / "seeds"
    copy = tmp_path / "seeds"
    shutil.copytree(seeds, copy)
    before = _digest(copy)
    dxcompare.load_corpus(copy)
    assert _digest(copy) == before


def test_parallel_build_gives_the_same_corpus(written_corpus):
    serial = dxcompare.load_corpus(written_corpus, use_cache=False, workers=1)
    parallel = dxcompare.load_corpus(written_corpus, use_cache=False, workers=2)
    for name in ("documents", "sentences", "tokens", "mentions", "events"):
        assert getattr(serial, name).equals(getattr(parallel, name)), name
