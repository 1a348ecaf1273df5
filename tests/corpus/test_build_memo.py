"""Repeated sentences are segmented once per build, and the tables stay exactly what they were.

A real corpus repeats captions, source lines and templated paragraphs across documents. The
build remembers each sentence's words (``segment.tokenize_many``); these tests check that a
corpus whose documents share such sentences gives, document by document, the same tables as
building each document alone with an empty memo.
"""

from __future__ import annotations

import pandas as pd
import pytest

import dxcompare
from dxcompare.annotate import segment

# Shared by several documents, as on a news site: a caption, a template and a source line.
CAPTION = "Ảnh minh họa."
TEMPLATE = (
    "Theo Kế hoạch số 25/KH-UBND ngày 15/3/2023, đến năm 2025 tỉnh phấn đấu 100% thủ tục "
    "hành chính đủ điều kiện được cung cấp dưới dạng dịch vụ công trực tuyến toàn trình."
)
SOURCE = "Theo Báo Điện tử Chính phủ"

TEXTS = {
    "binh_dinh.txt": (
        "Bình Định đẩy mạnh chuyển đổi số\n\n"
        "Ngày 10/4/2023, UBND tỉnh Bình Định tổ chức hội nghị triển khai chuyển đổi số. "
        f"{TEMPLATE} Ông Nguyễn Văn A, Giám đốc Sở Thông tin và Truyền thông, cho biết tỉnh "
        "đã số hóa 85% hồ sơ.\n"
        f"{CAPTION}\n"
        f"{SOURCE}\n"
    ),
    "lao_cai.txt": (
        "Lào Cai phát triển chính quyền số\n\n"
        f"{TEMPLATE} Năm 2022, Lào Cai xếp thứ 12/63 về chỉ số chuyển đổi số cấp tỉnh. "
        "Tỉnh đặt mục tiêu đến năm 2030 kinh tế số chiếm 20% GRDP.\n"
        f"{CAPTION}\n"
        f"{SOURCE}\n"
    ),
    "ca_mau.txt": (
        "Cà Mau: người dân làm quen với dịch vụ công trực tuyến\n\n"
        "Theo bà Trần Thị B, Phó Chủ tịch UBND tỉnh Cà Mau, tỉnh đã ban hành Quyết định số "
        f"1234/QĐ-UBND ngày 20/6/2022 về chuyển đổi số. {TEMPLATE}\n"
        f"{CAPTION}\n"
        f"{TEMPLATE}\n"
        f"{SOURCE}\n"
    ),
}

_FACTS = ("lines", "sentences", "tokens", "mentions", "dates", "doc_refs", "targets", "events")


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """A table without its categoricals and index, to compare one document across corpora."""
    out = df.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype(object)
    return out.reset_index(drop=True)


def _write(folder, names):
    folder.mkdir()
    for name in names:
        (folder / name).write_text(TEXTS[name], encoding="utf-8")
    return folder


def test_shared_sentences_give_the_tables_of_documents_built_alone(tmp_path):
    segment.load_phrases().memo.clear()
    together = dxcompare.load_corpus(_write(tmp_path / "all", TEXTS), use_cache=False)
    # the template's words were remembered once and reused by the other documents
    assert TEMPLATE in segment.load_phrases().memo
    for name in TEXTS:
        segment.load_phrases().memo.clear()
        alone = dxcompare.load_corpus(_write(tmp_path / name[:-4], [name]), use_cache=False)
        doc_id = name[:-4]
        for table in _FACTS:
            whole = getattr(together, table)
            mine = whole[whole["doc_id"].astype(str) == doc_id] if len(whole) else whole
            pd.testing.assert_frame_equal(
                _plain(mine), _plain(getattr(alone, table)), check_dtype=False, obj=table
            )
        assert together.document(doc_id)["n_words"] == alone.document(doc_id)["n_words"]


def test_remembered_words_are_what_segmenting_gives():
    phrases = segment.load_phrases()
    phrases.memo.clear()
    sentences = [TEMPLATE, CAPTION, TEMPLATE, "Tỉnh Bình Định phát triển chính quyền số.", CAPTION]
    first = segment.tokenize_many(sentences)
    again = segment.tokenize_many(sentences)  # every sentence from the memo now
    fresh = [segment._tokenize(s, phrases.trie) for s in sentences]
    assert first == again == fresh
    assert ("chính quyền số", 26, 40) in first[3]
    # a caller changing its list does not change what the memo hands out next time
    first[0].clear()
    assert segment.tokenize_many([TEMPLATE])[0] == fresh[0]


def test_the_memo_is_bounded(monkeypatch):
    phrases = segment.load_phrases()
    phrases.memo.clear()
    monkeypatch.setattr(segment, "MEMO_SENTENCES", 2)
    sentences = [f"Năm {2020 + i}, tỉnh Hà Giang số hóa {10 * i}% hồ sơ." for i in range(5)]
    words = segment.tokenize_many(sentences)
    assert len(phrases.memo) <= 2
    assert words == [segment._tokenize(s, phrases.trie) for s in sentences]


@pytest.mark.parametrize("user_phrase", ["chỉ số chuyển đổi số"])
def test_a_user_phrase_list_has_its_own_memo(tmp_path, user_phrase):
    path = tmp_path / "phrases.txt"
    path.write_text(user_phrase + "\n", encoding="utf-8")
    mine = segment.load_phrases(path)
    sentence = "Năm 2022, Lào Cai xếp thứ 12/63 về chỉ số chuyển đổi số cấp tỉnh."
    bundled = segment.tokenize_many([sentence])[0]
    with_user = segment.tokenize_many([sentence], mine)[0]
    assert user_phrase in [t for t, _, _ in with_user]
    assert user_phrase not in [t for t, _, _ in bundled]
    assert sentence in mine.memo
