"""The corpus cache: per-document entries, incremental builds equal to cold ones, no pickles.

The texts are written for these tests: news from several provinces and an official plan laid
out as a provincial People's Committee issues it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import dxcompare
from dxcompare.corpus import cache, corpusentry, docentry, tables
from dxcompare.corpus.build import _TABLES
from dxcompare.errors import CacheWarning, UnreadableFileError

QUANG_NINH = """Quảng Ninh dẫn đầu cả nước về chỉ số chuyển đổi số

Thứ năm, 12/09/2024 08:15
Năm 2023, Quảng Ninh đứng thứ nhất trong 63 tỉnh, thành phố về Chỉ số chuyển đổi số cấp tỉnh (DTI). Theo ông Nguyễn Văn Hùng, Giám đốc Sở Thông tin và Truyền thông, tỉnh đặt mục tiêu đến năm 2025 có 100% thủ tục hành chính đủ điều kiện được cung cấp trực tuyến toàn trình.
"Chúng tôi lấy người dân và doanh nghiệp làm trung tâm", ông Hùng nói. Tỉnh đã hoàn thành Trung tâm điều hành thông minh (IOC) tại thành phố Hạ Long.
Nguồn: Báo Quảng Ninh
"""

DA_NANG = """Đà Nẵng thí điểm nền tảng dữ liệu mở cho doanh nghiệp

Thứ hai, 03/06/2024 10:00
Ngày 31/5/2024, UBND thành phố Đà Nẵng công bố nền tảng dữ liệu mở với hơn 2.000 bộ dữ liệu. Thành phố phấn đấu đến năm 2030 kinh tế số chiếm 30% GRDP.
Bà Trần Thị Mai, Phó Giám đốc Sở Thông tin và Truyền thông, cho biết các quận, huyện đã triển khai hệ thống camera giám sát giao thông.
"""

CAN_THO = """Cần Thơ đẩy mạnh thanh toán không dùng tiền mặt

Chủ nhật, 20/10/2024 16:45
Năm 2024, thành phố Cần Thơ có 85% người dân từ 15 tuổi trở lên có tài khoản ngân hàng. Các chợ truyền thống ở quận Ninh Kiều đã dùng mã QR để thanh toán.
Theo kế hoạch, đến năm 2025, 80% giao dịch tại bệnh viện công được thanh toán không dùng tiền mặt.
"""

LAO_CAI_PLAN = """ỦY BAN NHÂN DÂN
TỈNH LÀO CAI
Số: 215/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lào Cai, ngày 15 tháng 3 năm 2024

KẾ HOẠCH
Chuyển đổi số tỉnh Lào Cai năm 2024

Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030;
Ủy ban nhân dân tỉnh ban hành Kế hoạch chuyển đổi số năm 2024 như sau:
I. MỤC TIÊU
1. Đến hết năm 2024, 90% hồ sơ công việc tại cấp tỉnh được xử lý trên môi trường mạng.
2. Phấn đấu 70% hộ gia đình ở các huyện vùng cao có kết nối cáp quang.
II. NHIỆM VỤ
Sở Thông tin và Truyền thông chủ trì, phối hợp với các sở, ngành triển khai nền tảng số tại các xã.
Nơi nhận:
- Bộ Thông tin và Truyền thông;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
"""

BAC_NINH = """Bắc Ninh phát triển khu công nghiệp số

Thứ ba, 05/11/2024 09:00
Năm 2024, tỉnh Bắc Ninh thu hút thêm 1,2 tỷ USD vốn đầu tư vào sản xuất linh kiện điện tử. Tỉnh đặt mục tiêu đến năm 2030 kinh tế số chiếm 40% GRDP.
"""

TEXTS = {
    "quang-ninh.txt": QUANG_NINH,
    "da-nang.txt": DA_NANG,
    "can-tho.txt": CAN_THO,
    "van-ban/lao-cai-215.txt": LAO_CAI_PLAN,
}

ALL_TABLES = (*_TABLES, "problems")


def write(folder: Path, texts: dict[str, str]) -> Path:
    for name, text in texts.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def assert_same_corpus(left, right) -> None:
    """Every table equal, dtypes, categories and doc ids included."""
    for name in ALL_TABLES:
        a, b = getattr(left, name), getattr(right, name)
        assert_frame_equal(a, b, check_exact=True, check_categorical=True, obj=name)
        assert a.equals(b), name
        assert list(a.dtypes.astype(str)) == list(b.dtypes.astype(str)), name
        for col in a.columns:
            if isinstance(a[col].dtype, pd.CategoricalDtype):
                assert list(a[col].cat.categories) == list(b[col].cat.categories), (name, col)


def cold(folder: Path):
    return dxcompare.load_corpus(folder, use_cache=False)


@pytest.fixture
def cache_root(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("DXCOMPARE_CACHE_DIR", str(root))
    return root


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    return write(tmp_path / "corpus", TEXTS)


def _built_documents(monkeypatch) -> list[str]:
    """Record which documents a load actually builds (the real build, only observed)."""
    from dxcompare.corpus import build

    built: list[str] = []
    real = build.build_document

    def observed(task):
        built.append(task.doc_id)
        return real(task)

    monkeypatch.setattr(build, "build_document", observed)
    return built


# ------------------------------------------------------------------ incremental = cold


def test_adding_editing_removing_one_document_builds_only_it_and_equals_a_cold_build(
    corpus_dir, cache_root, monkeypatch
):
    first = dxcompare.load_corpus(corpus_dir)
    assert not first.from_cache
    assert_same_corpus(first, cold(corpus_dir))
    built = _built_documents(monkeypatch)

    write(corpus_dir, {"bac-ninh.txt": BAC_NINH})  # add one
    added = dxcompare.load_corpus(corpus_dir)
    assert built == ["bac-ninh"] and not added.from_cache
    assert "bac-ninh" in set(added.documents["doc_id"])
    assert_same_corpus(added, cold(corpus_dir))

    built.clear()
    write(corpus_dir, {"can-tho.txt": CAN_THO.replace("85%", "88%")})  # edit one
    edited = dxcompare.load_corpus(corpus_dir)
    assert built == ["can-tho"]
    assert "88%" in edited.document("can-tho")["text"]
    assert_same_corpus(edited, cold(corpus_dir))

    built.clear()
    (corpus_dir / "da-nang.txt").unlink()  # remove one
    removed = dxcompare.load_corpus(corpus_dir)
    assert built == []
    assert "da-nang" not in set(removed.documents["doc_id"])
    assert "da-nang" not in set(removed.tokens["doc_id"].cat.categories)
    assert_same_corpus(removed, cold(corpus_dir))

    built.clear()  # the cold builds above were observed too
    again = dxcompare.load_corpus(corpus_dir)
    assert again.from_cache and built == []
    assert_same_corpus(again, removed)


def test_a_parallel_incremental_build_equals_a_serial_cold_one(corpus_dir, cache_root):
    dxcompare.load_corpus(corpus_dir, workers=2)
    write(corpus_dir, {"bac-ninh.txt": BAC_NINH, "quang-ninh.txt": QUANG_NINH + "\nThêm dòng.\n"})
    incremental = dxcompare.load_corpus(corpus_dir, workers=2)
    assert_same_corpus(incremental, cold(corpus_dir))


def test_a_manifest_row_is_part_of_its_documents_key(corpus_dir, cache_root, monkeypatch):
    dxcompare.load_corpus(corpus_dir)
    built = _built_documents(monkeypatch)
    (corpus_dir / "manifest.csv").write_text(
        "file,title,province\nda-nang.txt,Đà Nẵng mở dữ liệu,Đà Nẵng\n", encoding="utf-8"
    )
    corpus = dxcompare.load_corpus(corpus_dir)
    assert built == ["da-nang"]
    assert corpus.document("da-nang")["title"] == "Đà Nẵng mở dữ liệu"
    assert_same_corpus(corpus, cold(corpus_dir))


def test_a_phrase_list_changes_every_documents_key(corpus_dir, cache_root, tmp_path, monkeypatch):
    phrases = tmp_path / "cum_tu.txt"
    phrases.write_text("chuyển đổi số\n", encoding="utf-8")
    dxcompare.load_corpus(corpus_dir, phrases=phrases)
    built = _built_documents(monkeypatch)
    phrases.write_text("chuyển đổi số\ndữ liệu mở\n", encoding="utf-8")
    dxcompare.load_corpus(corpus_dir, phrases=phrases)
    assert sorted(built) == sorted(["quang-ninh", "da-nang", "can-tho", "van-ban/lao-cai-215"])


def test_a_moved_corpus_keeps_true_paths(corpus_dir, cache_root, tmp_path):
    dxcompare.load_corpus(corpus_dir)
    moved = tmp_path / "moved"
    shutil.copytree(corpus_dir, moved)
    corpus = dxcompare.load_corpus(moved)
    assert all(Path(p).is_relative_to(moved) for p in corpus.documents["path"])
    assert_same_corpus(corpus, cold(moved))


# ------------------------------------------------------------------ the format


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def _looks_pickled(data: bytes) -> bool:
    # Protocol 2+ pickles start with PROTO (0x80) and the protocol number.
    return len(data) > 1 and data[0] == 0x80 and 2 <= data[1] <= 5


def test_no_file_in_the_cache_is_a_pickle_and_loading_never_unpickles(
    corpus_dir, cache_root, monkeypatch
):
    import pickle

    dxcompare.load_corpus(corpus_dir)
    files = _files(cache_root)
    kinds = {p.suffix for p in files}
    assert {".dxdoc", ".arrow", ".json"} <= kinds
    for path in files:
        data = path.read_bytes()
        assert not _looks_pickled(data), path
        assert b"\x80\x05\x95" not in data and b"\x80\x04\x95" not in data, path
        if path.suffix == ".dxdoc":
            assert data.startswith(docentry.MAGIC)
        elif path.suffix == ".arrow":
            assert data.startswith(b"ARROW1")
        elif path.suffix == ".json":
            json.loads(data)

    def refuse(*args, **kwargs):
        raise AssertionError("the cache unpickled something")

    for name in ("load", "loads", "Unpickler"):
        monkeypatch.setattr(pickle, name, refuse)
    assert dxcompare.load_corpus(corpus_dir).from_cache
    write(corpus_dir, {"bac-ninh.txt": BAC_NINH})
    assert not dxcompare.load_corpus(corpus_dir).from_cache  # per-document entries read


def test_the_cache_modules_do_not_import_pickle():
    import dxcompare.corpus as pkg

    folder = Path(pkg.__file__).parent
    for name in ("cache.py", "docentry.py", "corpusentry.py", "tables.py"):
        source = (folder / name).read_text(encoding="utf-8")
        assert "import pickle" not in source and "from pickle" not in source, name


def test_cached_tables_open_with_any_arrow_reader(corpus_dir, cache_root):
    import pyarrow.feather as feather

    corpus = dxcompare.load_corpus(corpus_dir)
    [folder] = [p for p in (cache_root / cache.CORPORA).glob("*/*") if p.is_dir()]
    docs = feather.read_table(folder / "documents.arrow")
    assert sorted(docs.column("doc_id").to_pylist()) == sorted(corpus.documents["doc_id"])
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["tables"]["tokens"]["rows"] == len(corpus.tokens)


def test_a_document_entry_round_trips_value_for_value():
    from dxcompare.corpus.build import DocumentTask, build_document

    folder = Path(os.environ["DXCOMPARE_CACHE_DIR"]).parent / "doc"
    write(folder, {"lao-cai.txt": LAO_CAI_PLAN})
    result = build_document(DocumentTask(str(folder / "lao-cai.txt"), "lao-cai", {}))
    back = docentry.decode(docentry.encode(result))
    for name in docentry.ROW_TABLES:
        assert back[name] == result[name], name
    for name in docentry.FRAME_TABLES:
        if isinstance(result[name], pd.DataFrame):
            assert_frame_equal(back[name], result[name], check_exact=True, obj=name)
            assert back[name].equals(result[name]), name
    for col, value in result["tokens"].items():
        if isinstance(value, tuple):
            assert np.array_equal(back["tokens"][col][0], value[0])
            assert list(back["tokens"][col][1]) == list(value[1])
        else:
            assert (
                np.array_equal(back["tokens"][col], value)
                and back["tokens"][col].dtype == value.dtype
            )


def test_tables_keep_none_versus_nan_ints_in_objects_and_nullable_ints():
    df = pd.DataFrame(
        {
            "doc_id": pd.Series(["quang-ninh", "da-nang", "quang-ninh"]).astype("category"),
            "value": pd.Series([None, 1, 2.5], dtype=object),
            "level": pd.Series([None, float("nan"), "tỉnh"], dtype=object),
            "symbol": pd.Series([None, "215/KH-UBND", None], dtype=object),
            "year": pd.array([2024, None, 2030], dtype="Int64"),
            "raw": pd.Series(["năm 2025", None, "30%"]),
            "start": np.array([0, 5, 9], dtype=np.int64),
            "national": np.array([True, False, True]),
        }
    )
    table, meta = tables.frame_to_arrow(df)
    for back in (
        tables.frame_from_arrow(table, meta),
        tables.frame_from_json(tables.frame_to_json(df)),
    ):
        assert_frame_equal(back, df, check_exact=True)
        assert back["level"][0] is None and isinstance(back["level"][1], float)
        assert type(back["value"][1]) is int and type(back["value"][2]) is float


def test_a_timestamp_column_is_refused_not_stored_inexactly():
    df = pd.DataFrame({"when": pd.to_datetime(["2024-03-15"])})
    with pytest.raises(tables.Unencodable):
        tables.frame_to_arrow(df)


# ------------------------------------------------------------------ corrupt and hostile entries


def _doc_entries(root: Path) -> list[Path]:
    return sorted((root / cache.DOCUMENTS).rglob("*.dxdoc"))


def _corpus_folders(root: Path) -> list[Path]:
    return [p for p in (root / cache.CORPORA).glob("*/*") if p.is_dir()]


@pytest.mark.parametrize(
    "damage",
    ["truncate", "flip_a_byte", "garbage", "valid_checksum_hostile_json", "empty"],
)
def test_a_damaged_document_entry_is_removed_warned_and_rebuilt(corpus_dir, cache_root, damage):
    import hashlib

    reference = dxcompare.load_corpus(corpus_dir)
    for folder in _corpus_folders(cache_root):
        shutil.rmtree(folder)  # force the merge from per-document entries
    entry = _doc_entries(cache_root)[0]
    blob = entry.read_bytes()
    if damage == "truncate":
        blob = blob[: len(blob) // 2]
    elif damage == "flip_a_byte":
        blob = blob[:-10] + bytes([blob[-10] ^ 0xFF]) + blob[-9:]
    elif damage == "garbage":
        blob = os.urandom(len(blob))
    elif damage == "valid_checksum_hostile_json":
        # Well-formed and correctly checksummed, but not what a build writes: an object
        # pretending to be a class to instantiate, a huge array reference, a pickle inside.
        header = json.dumps(
            {
                "layout": docentry.LAYOUT,
                "documents": {"__class__": "os.system", "args": ["touch /tmp/pwned"]},
                "tokens": {"start": {"dtype": "<i4", "offset": 0, "count": 10**12}},
                "lines": "\x80\x05\x95cos\nsystem\n",
            }
        ).encode()
        payload = len(header).to_bytes(8, "little") + header
        blob = docentry.MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    else:
        blob = b""
    entry.write_bytes(blob)
    with pytest.warns(CacheWarning, match="removed it and rebuilding"):
        rebuilt = dxcompare.load_corpus(corpus_dir)
    assert_same_corpus(rebuilt, reference)
    assert entry.exists() and docentry.decode(entry.read_bytes())  # rewritten, valid
    assert not Path("/tmp/pwned").exists()


@pytest.mark.parametrize(
    "damage", ["table_truncated", "meta_altered", "meta_garbage", "table_missing"]
)
def test_a_damaged_corpus_entry_is_removed_warned_and_rebuilt(corpus_dir, cache_root, damage):
    reference = dxcompare.load_corpus(corpus_dir)
    [folder] = _corpus_folders(cache_root)
    if damage == "table_truncated":
        data = (folder / "tokens.arrow").read_bytes()
        (folder / "tokens.arrow").write_bytes(data[: len(data) - 100])
    elif damage == "meta_altered":
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        meta["tables"]["documents"]["codecs"][0] = {"kind": "json"}
        (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    elif damage == "meta_garbage":
        (folder / "meta.json").write_bytes(os.urandom(300))
    else:
        (folder / "sentences.arrow").unlink()
    with pytest.warns(CacheWarning, match="removed it and rebuilding"):
        rebuilt = dxcompare.load_corpus(corpus_dir)
    assert not rebuilt.from_cache
    assert_same_corpus(rebuilt, reference)
    again = dxcompare.load_corpus(corpus_dir)
    assert again.from_cache
    assert_same_corpus(again, reference)


def test_a_foreign_entry_for_another_document_is_not_trusted(corpus_dir, cache_root):
    reference = dxcompare.load_corpus(corpus_dir)
    for folder in _corpus_folders(cache_root):
        shutil.rmtree(folder)
    entries = _doc_entries(cache_root)
    entries[1].write_bytes(entries[0].read_bytes())  # a valid entry, of the wrong document
    with pytest.warns(CacheWarning, match="another document"):
        rebuilt = dxcompare.load_corpus(corpus_dir)
    assert_same_corpus(rebuilt, reference)


def test_strict_raises_on_a_cache_hit_too(corpus_dir, cache_root):
    (corpus_dir / "anh.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    first = dxcompare.load_corpus(corpus_dir)
    assert len(first.problems) == 1
    assert dxcompare.load_corpus(corpus_dir).from_cache
    with pytest.raises(UnreadableFileError, match="anh.txt"):
        dxcompare.load_corpus(corpus_dir, strict=True)


# ------------------------------------------------------------------ location, leftovers, locks


def test_the_default_location_is_the_users_cache_dir(monkeypatch, tmp_path):
    import platformdirs

    monkeypatch.delenv("DXCOMPARE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == Path(platformdirs.user_cache_dir("dxcompare", appauthor=False))
    monkeypatch.setenv("DXCOMPARE_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"


_KILLED_WRITER = """
import os, sys
from dxcompare.corpus import cache
tmp = cache.temp_path(suffix=".dxdoc")
tmp.write_bytes(b"half an entry")
print(tmp, flush=True)
os._exit(9)  # as kill -9 would: no cleanup runs
"""


def test_what_a_killed_write_left_is_removed_by_the_next_run(corpus_dir, cache_root):
    env = {**os.environ, "PYTHONPATH": str(Path(dxcompare.__file__).parents[1])}
    out = subprocess.run(
        [sys.executable, "-c", _KILLED_WRITER], env=env, capture_output=True, text=True, check=False
    )
    left = Path(out.stdout.strip())
    assert left.exists() and left.parent.parent == cache_root / cache.TMP
    # A user's file and a live writer's folder in the cache are never touched.
    own = cache_root / cache.TMP / "notes.txt"
    own.write_text("ghi chú của tôi", encoding="utf-8")
    live = cache.temp_path(suffix=".dxdoc")
    live.write_bytes(b"being written")
    dxcompare.load_corpus(corpus_dir)
    assert not left.exists() and not left.parent.exists()
    assert own.exists() and live.exists()


def test_an_old_pickle_cache_is_removed_without_being_read(corpus_dir, cache_root):
    shard = cache_root / "corpus" / "ab"
    shard.mkdir(parents=True)
    old = shard / ("ab" * 32 + ".pkl")
    old.write_bytes(b"\x80\x05\x95 pretend pickle")
    left = shard / ".tmp-x1y2.pkl"
    left.write_bytes(b"\x80\x05")
    mine = cache_root / "corpus" / "ghi-chu.pkl"
    mine.write_bytes(b"not ours to remove")
    dxcompare.load_corpus(corpus_dir)
    assert not old.exists() and not left.exists() and mine.exists()


_CONCURRENT = """
import sys, time
import dxcompare
t = time.time()
c = dxcompare.load_corpus(sys.argv[1])
print(c.from_cache, round(time.time() - t, 2), flush=True)
"""


def test_two_concurrent_builds_of_one_corpus_give_valid_entries(corpus_dir, cache_root):
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(dxcompare.__file__).parents[1]),
        "DXCOMPARE_CACHE_DIR": str(cache_root),
    }
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _CONCURRENT, str(corpus_dir)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=600) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-2000:] for o in outs]
    hits = sorted(o[0].split()[0] for o in outs)
    assert hits == ["False", "True"]  # the second waited for the first, then read its entry
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)  # nothing corrupt to discard
        corpus = dxcompare.load_corpus(corpus_dir)
    assert corpus.from_cache
    for entry in _doc_entries(cache_root):
        docentry.decode(entry.read_bytes())
    assert_same_corpus(corpus, cold(corpus_dir))


def test_an_unwritable_cache_costs_only_the_cache(corpus_dir, tmp_path, monkeypatch):
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("không phải thư mục", encoding="utf-8")
    monkeypatch.setenv("DXCOMPARE_CACHE_DIR", str(blocker))
    first = dxcompare.load_corpus(corpus_dir)
    second = dxcompare.load_corpus(corpus_dir)
    assert not first.from_cache and not second.from_cache
    assert_same_corpus(first, second)


def test_a_stale_session_folder_without_a_lock_file_is_removed_after_a_while(cache_root):
    stale = cache_root / cache.TMP / ("0" * 32)
    stale.mkdir(parents=True)
    (stale / "x.dxdoc").write_bytes(b"old")
    old = time.time() - 2 * cache.STALE_AFTER
    os.utime(stale, (old, old))
    removed = cache.clean_leftovers(cache_root)
    assert stale in removed and not stale.exists()


def test_each_change_keeps_only_the_newest_merged_entries_of_a_folder(corpus_dir, cache_root):
    other = write(corpus_dir.parent / "other", {"bac-ninh.txt": BAC_NINH})
    dxcompare.load_corpus(other)
    for i in range(3):
        write(corpus_dir, {f"them-{i}.txt": BAC_NINH.replace("1,2 tỷ", f"{i + 2} tỷ")})
        dxcompare.load_corpus(corpus_dir)
        time.sleep(0.05)  # distinct modification times
    folders = _corpus_folders(cache_root)
    sources = [json.loads((f / "meta.json").read_text(encoding="utf-8"))["source"] for f in folders]
    assert sources.count(str(corpus_dir)) == corpusentry.KEEP_PER_SOURCE
    assert sources.count(str(other)) == 1  # another corpus's entry is not touched
    assert dxcompare.load_corpus(corpus_dir).from_cache
    assert dxcompare.load_corpus(other).from_cache


def test_a_link_out_of_the_corpus_fixed_is_not_replayed_from_the_cache(
    corpus_dir, cache_root, tmp_path
):
    outside = write(tmp_path / "ngoai", {"bi-mat.txt": "Tài liệu ngoài thư mục.\n"})
    link = corpus_dir / "lien-ket.txt"
    link.symlink_to(outside / "bi-mat.txt")
    first = dxcompare.load_corpus(corpus_dir)
    assert any("lien-ket" in p for p in first.problems["path"])
    link.unlink()
    again = dxcompare.load_corpus(corpus_dir)
    assert again.from_cache  # the same documents: the same entry
    assert again.problems.empty


def test_old_build_locks_are_removed_but_a_held_one_is_kept(cache_root):
    import filelock

    locks = cache_root / cache.LOCKS
    locks.mkdir(parents=True)
    old, held = locks / ("a" * 64 + ".lock"), locks / ("b" * 64 + ".lock")
    other = locks / "cua-toi.lock"
    for path in (old, held, other):
        path.write_bytes(b"")
        stamp = time.time() - 2 * cache.STALE_AFTER
        os.utime(path, (stamp, stamp))
    with filelock.FileLock(str(held)):
        env = {**os.environ, "PYTHONPATH": str(Path(dxcompare.__file__).parents[1])}
        code = "from dxcompare.corpus import cache; cache.clean_leftovers()"
        subprocess.run([sys.executable, "-c", code], env=env, check=True)
    assert not old.exists() and held.exists() and other.exists()
