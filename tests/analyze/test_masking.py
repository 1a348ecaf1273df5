"""Entity masking: names and symbol fragments never count as vocabulary (written texts)."""

from __future__ import annotations

import pytest

from dxcompare.analyze.formulaic import ngram_table, shared_ngrams
from dxcompare.analyze.keywords import keyness
from dxcompare.analyze.masking import entity_spans, entity_spans_of_text, masked
from dxcompare.analyze.registers import register_hits
from dxcompare.analyze.vocabulary import frequencies

CAN_THO = """Cần Thơ đẩy mạnh chuyển đổi số trong cơ quan nhà nước

Ngày 12/3/2024, Ủy ban nhân dân thành phố Cần Thơ tổ chức hội nghị triển khai Kế hoạch số 45/KH-UBND về chuyển đổi số.
Theo Kế hoạch, thành phố Cần Thơ phấn đấu đến năm 2025 có 80% hồ sơ được giải quyết trực tuyến.
Ông Trần Việt Trường, Chủ tịch UBND thành phố Cần Thơ, cho biết Cần Thơ sẽ ưu tiên hạ tầng số.
Các sở, ngành cần hoàn thành kết nối dữ liệu trước quý IV.
Thực hiện Nghị quyết số 05-NQ/TU của Thành ủy Cần Thơ, các quận Ninh Kiều, Bình Thủy và Cái Răng thí điểm dịch vụ công trực tuyến.
"""

LAI_CHAU = """Lai Châu triển khai chính quyền số ở vùng cao

Ngày 20/4/2024, UBND tỉnh Lai Châu ban hành Quyết định số 612/QĐ-UBND về chính quyền số.
Tỉnh yêu cầu các huyện phải hoàn thành phủ sóng di động tại các bản vùng sâu.
Bà Lò Thị Mai, Giám đốc Sở Thông tin và Truyền thông, cho biết tỉnh đã đào tạo 300 tổ công nghệ số cộng đồng.
Thực hiện Nghị quyết số 05-NQ/TU của Tỉnh ủy Lai Châu, huyện Sìn Hồ và huyện Phong Thổ thí điểm thanh toán không dùng tiền mặt.
"""


@pytest.fixture(scope="module")
def corpus(load_texts):
    return load_texts({"can_tho.txt": CAN_THO, "lai_chau.txt": LAI_CHAU}, "masking")


def _doc(corpus, province: str) -> str:
    docs = corpus.documents
    return str(docs.loc[docs["primary_province"] == province, "doc_id"].iloc[0])


def test_names_and_codes_of_a_sentence():
    text = "Chiều 5/3, ông Hùng cùng đồng chí Lò Thị Mai làm việc với UBND xã Ea Kao về NQ mới."
    found = [(text[s:e], k) for s, e, k in entity_spans_of_text(text)]
    assert found == [
        ("Hùng", "name"),
        ("Lò Thị Mai", "name"),
        ("UBND", "acronym"),
        ("Ea Kao", "name"),
        ("NQ", "acronym"),
    ]


def test_a_capitalised_sentence_opener_is_no_name():
    text = "Theo Kế hoạch, Thực hiện nhiệm vụ. Bình Định triển khai."
    found = [text[s:e] for s, e, _ in entity_spans_of_text(text)]
    assert found == ["Bình Định"]


def test_can_of_can_tho_is_no_directive(corpus):
    hits = register_hits(corpus)
    directive = hits[
        (hits["register"] == "directive") & (hits["doc_id"] == _doc(corpus, "Cần Thơ"))
    ]
    # The one real "cần" ("Các sở, ngành cần hoàn thành"); the city's name six times is not.
    assert directive["matched"].str.lower().tolist().count("cần") == 1
    assert (
        "ngành cần hoàn thành" in directive.loc[directive["matched"] == "cần", "sentence"].iloc[0]
    )


def test_names_never_lead_keyness_or_frequencies(corpus):
    table = keyness(corpus, by="primary_province")
    words = set(table["token"])
    for name in ("cần thơ", "cần", "thơ", "lai châu", "ninh kiều", "nq", "tu", "ubnd", "kh", "qđ"):
        assert name not in words, name
    assert "hạ tầng" in words or "hạ tầng số" in words or "hạ" in words
    freq = set(frequencies(corpus, by=None)["token"])
    assert not {"cần thơ", "ubnd", "nq", "tu", "trần việt trường"} & freq


def test_rates_keep_every_word_in_the_denominator(corpus):
    # Masking removes names from the numerators only: n_words_group is still every body word.
    freq = frequencies(corpus, by="primary_province")
    words = corpus.documents.set_index("primary_province")["n_words"]
    for group, size in freq.groupby("group")["n_words_group"].first().items():
        assert size == words[group]


def test_symbol_fragments_make_no_ngrams(corpus):
    grams = set(ngram_table(corpus, by="primary_province", n=(2, 3))["ngram"])
    assert not [g for g in grams if "nq" in g.split() or "tu" in g.split()]
    shared = set(shared_ngrams(corpus, n=(2, 3, 4))["ngram"])
    assert not [g for g in shared if "nq" in g.split()]
    # Only the number-and-code part of a citation is masked: its type words are still vocabulary
    # ("nghị quyết số" is shared), and nothing is joined across the masked "05-NQ/TU".
    assert "nghị quyết số" in shared
    assert not [g for g in shared if "05" in g.split() or "của" in g.split()[:1]]


def test_masked_needs_most_of_the_span(corpus):
    doc = _doc(corpus, "Cần Thơ")
    text = str(corpus.documents.set_index("doc_id").loc[doc, "text"])
    start = text.index("Theo Kế hoạch")
    kh = start + len("Theo ")
    city = text.index("Cần Thơ", start)
    got = masked(corpus, [doc, doc], [kh, city], [kh + len("Kế hoạch"), city + len("Cần Thơ")])
    assert got.tolist() == [False, True]
    kinds = set(entity_spans(corpus)["kind"])
    assert {"province", "symbol", "name", "acronym"} <= kinds
