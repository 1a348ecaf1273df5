"""Building a corpus on Dask gives exactly the corpus a local build gives."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pandas as pd
import pytest

import dxcompare
from dxcompare.corpus.build import _TABLES
from dxcompare.corpus.distributed import check_workers
from dxcompare.errors import CorpusError

distributed = pytest.importorskip("dask.distributed")

# Written for these tests: other provinces, other numbers, a caption and page furniture.
QUANG_NGAI_ARTICLE = """Quảng Ngãi đưa 95% thủ tục hành chính lên môi trường số

Chia sẻ Zalo
Thứ năm, 14/09/2023 08:15

Ngày 12/9/2023, UBND tỉnh Quảng Ngãi ban hành Kế hoạch số 171/KH-UBND về chuyển đổi số. Đến năm 2025, tỉnh phấn đấu 95% thủ tục hành chính đủ điều kiện được cung cấp trực tuyến toàn trình.
Người dân xã Tịnh Phong nộp hồ sơ trên Cổng dịch vụ công (Ảnh: Thanh Nhàn)
Năm 2022, Quảng Ngãi xếp thứ 41/63 về Chỉ số chuyển đổi số cấp tỉnh (DTI), tăng 9 bậc so với năm trước. Tỉnh học tập kinh nghiệm của Đà Nẵng về đô thị thông minh.
"""

SON_LA_ARTICLE = """Sơn La: đưa sóng 4G về bản vùng cao

Theo Nghị quyết số 07-NQ/TU ngày 20/4/2021 của Tỉnh ủy Sơn La, đến năm 2025 có 100% bản được phủ sóng di động. Hiện còn 38 bản chưa có sóng, chủ yếu ở huyện Sốp Cộp.
Ông Lò Văn Minh, Giám đốc Sở Thông tin và Truyền thông, cho biết tỉnh đã thành lập 2.018 tổ công nghệ số cộng đồng.
Nguồn: Báo Sơn La
"""


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory, seeds_dir) -> Path:
    folder = tmp_path_factory.mktemp("dask corpus")
    for path in sorted(seeds_dir.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    (folder / "quang-ngai.txt").write_text(QUANG_NGAI_ARTICLE, encoding="utf-8")
    (folder / "son la.txt").write_text(SON_LA_ARTICLE, encoding="utf-8")
    (folder / "trống.txt").write_bytes(b"")  # unreadable: set aside on both paths
    return folder


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=False,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def local_build(corpus_dir):
    return dxcompare.load_corpus(corpus_dir, use_cache=False, workers=1)


def test_every_table_of_a_dask_build_equals_the_local_build(corpus_dir, client, local_build):
    on_dask = dxcompare.load_corpus(corpus_dir, use_cache=False, scheduler=client)
    assert len(on_dask.documents) == 7
    for name in (*_TABLES, "problems"):
        pd.testing.assert_frame_equal(
            getattr(on_dask, name), getattr(local_build, name), check_exact=True, obj=name
        )
    assert on_dask.key == local_build.key


def test_a_scheduler_address_is_accepted_like_a_client(corpus_dir, client, local_build):
    on_dask = dxcompare.load_corpus(corpus_dir, use_cache=False, scheduler=client.scheduler.address)
    pd.testing.assert_frame_equal(on_dask.tokens, local_build.tokens, check_exact=True)
    pd.testing.assert_frame_equal(on_dask.events, local_build.events, check_exact=True)


def test_a_dask_build_fills_the_same_cache_a_local_load_reads(corpus_dir, client):
    built = dxcompare.load_corpus(corpus_dir, scheduler=client)
    again = dxcompare.load_corpus(corpus_dir)
    assert not built.from_cache and again.from_cache
    pd.testing.assert_frame_equal(again.tokens, built.tokens)
    assert list(again.problems["path"]) == [str(corpus_dir / "trống.txt")]


def test_the_empty_file_is_set_aside_with_its_fix(local_build, corpus_dir):
    problems = local_build.problems
    assert list(problems["path"]) == [str(corpus_dir / "trống.txt")]
    assert problems["fix"].str.len().min() > 0


def test_workers_that_cannot_read_a_file_are_a_clear_error(client, tmp_path):
    missing = tmp_path / "không có.txt"
    with pytest.raises(CorpusError, match="cannot read 1 of the corpus files.*Fix: put the corpus"):
        check_workers(client, [str(missing)])


def test_an_unreachable_scheduler_is_a_clear_error(corpus_dir, monkeypatch):
    monkeypatch.setattr("dxcompare.corpus.distributed.CONNECT_TIMEOUT", 1)
    with pytest.raises(CorpusError, match="cannot reach the Dask scheduler.*Fix"):
        dxcompare.load_corpus(corpus_dir, use_cache=False, scheduler="tcp://127.0.0.1:9")


def test_scheduler_local_starts_worker_processes_and_matches_the_local_build(tmp_path):
    folder = tmp_path / "hai bài"
    folder.mkdir()
    (folder / "quang-ngai.txt").write_text(QUANG_NGAI_ARTICLE, encoding="utf-8")
    (folder / "son-la.txt").write_text(SON_LA_ARTICLE, encoding="utf-8")
    local = dxcompare.load_corpus(folder, use_cache=False, workers=1)
    on_dask = dxcompare.load_corpus(folder, use_cache=False, scheduler="local", workers=1)
    assert on_dask.provinces == ["Quảng Ngãi", "Sơn La"]
    for name in _TABLES:
        pd.testing.assert_frame_equal(getattr(on_dask, name), getattr(local, name), obj=name)
