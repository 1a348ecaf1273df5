"""Word frequencies per group: counts, rates per 1,000 words, document frequency, display forms."""

from __future__ import annotations

import pytest

import dxcompare
from dxcompare.analyze.vocabulary import doc_groups, frequencies, group_label, group_sizes
from dxcompare.errors import ParameterError

DOCS = {
    "quang_ninh.txt": (
        "Quảng Ninh đẩy mạnh chuyển đổi số trong ngành than\n\n"
        "Tỉnh Quảng Ninh lấy người dân, doanh nghiệp là trung tâm của chuyển đổi số.\n"
        "Ngành than của Quảng Ninh ứng dụng chuyển đổi số trong khai thác than.\n"
        "Công nhân mỏ than được đào tạo kỹ năng số.\n"
    ),
    "quang_ninh_2.txt": (
        "Quảng Ninh: than sạch\n\nCác mỏ than ở Quảng Ninh dùng dữ liệu để giảm bụi.\n"
    ),
    "can_tho.txt": (
        "Cần Thơ chuyển đổi số nông nghiệp\n\n"
        "Thành phố Cần Thơ đưa nông sản lên sàn thương mại điện tử.\n"
        "Nông dân Cần Thơ bán lúa gạo trên sàn thương mại điện tử.\n"
    ),
}


@pytest.fixture(scope="module")
def tiny(load_texts):
    return load_texts(DOCS, "tiny_freq")


def row(table, group, token):
    hit = table[(table["group"] == group) & (table["token"] == token)]
    assert len(hit) == 1, (group, token)
    return hit.iloc[0]


def test_counts_rates_and_document_frequency_of_a_province(tiny):
    table = frequencies(tiny, by="primary_province")
    than = row(table, "Quảng Ninh", "than")
    words = int(
        tiny.documents.loc[tiny.documents["primary_province"] == "Quảng Ninh", "n_words"].sum()
    )
    assert than["count"] == 4  # 3 in the first article, 1 in the second
    assert than["n_documents"] == 2 and than["n_documents_group"] == 2
    assert than["n_words_group"] == words
    assert than["rate_per_1000"] == pytest.approx(1000 * 4 / words)


def test_multiword_token_is_counted_whole_and_its_syllable_is_not(tiny):
    table = frequencies(tiny, by="primary_province")
    assert row(table, "Cần Thơ", "thương mại điện tử")["count"] == 2
    assert row(table, "Quảng Ninh", "chuyển đổi số")["count"] == 2
    assert table[(table["group"] == "Quảng Ninh") & (table["token"] == "số")].empty


def test_display_is_the_usual_surface_form_not_the_sentence_initial_one(tiny):
    table = frequencies(tiny, by="primary_province", entities=True)
    assert row(table, "Cần Thơ", "cần thơ")["display"] == "Cần Thơ"
    # "Ngành" opens a sentence once, "ngành" is never written otherwise in the body: kept as is.
    assert row(table, "Quảng Ninh", "ngành")["display"] == "Ngành"


def test_title_words_are_not_counted_only_body_words_are(tiny):
    # "nông nghiệp" is only in the title of the Cần Thơ article.
    table = frequencies(tiny, by=None)
    assert "nông nghiệp" not in set(table["token"])
    assert "nông sản" in set(table["token"])


def test_stopwords_leave_the_rows_but_not_the_rate_denominator(tiny):
    with_stop = frequencies(tiny, by="primary_province")
    without = frequencies(tiny, by="primary_province", stopwords=False)
    assert "của" in set(with_stop["token"]) and "của" not in set(without["token"])
    a, b = row(with_stop, "Cần Thơ", "sàn"), row(without, "Cần Thơ", "sàn")
    assert a["rate_per_1000"] == b["rate_per_1000"]


def test_any_documents_column_groups_and_none_is_the_whole_corpus(tiny):
    assert set(frequencies(tiny, by="doc_id")["group"]) == {"quang_ninh", "quang_ninh_2", "can_tho"}
    assert set(frequencies(tiny, by="kind")["group"]) == {"news"}
    whole = frequencies(tiny, by=None)
    assert set(whole["group"]) == {"(all)"}
    assert whole["count"].sum() == frequencies(tiny, by="primary_province")["count"].sum()


def test_missing_values_form_the_unknown_group_and_float_years_read_as_integers(tiny):
    groups = doc_groups(tiny, "year")
    assert set(groups) == {"(unknown)"}
    assert group_label(2022.0) == "2022" and group_label(None) == "(unknown)"
    assert group_label("Hà Nội") == "Hà Nội"


def test_by_that_is_not_a_column_names_the_valid_columns(tiny):
    with pytest.raises(ParameterError) as err:
        frequencies(tiny, by="tinh")
    assert "primary_province" in str(err.value) and "tinh" in str(err.value)


def test_group_sizes_are_every_body_word(tiny):
    sizes = group_sizes(tiny, "primary_province")
    docs = tiny.documents
    assert sizes["Cần Thơ"] == int(docs.loc[docs["doc_id"] == "can_tho", "n_words"].iloc[0])


def test_frequencies_are_deterministic(tiny):
    assert frequencies(tiny).equals(frequencies(tiny))


def test_seed_bình_định_counts_chuyển_đổi_số_as_one_word(seeds_dir):
    corpus = dxcompare.load_corpus(seeds_dir, use_cache=False)
    table = frequencies(corpus, by="primary_province", stopwords=False)
    top = table[table["group"] == "Bình Định"].iloc[0]
    assert top["token"] == "chuyển đổi số" and top["count"] >= 10
    assert "hà nội" not in set(table["token"])  # names are masked by default
    named = frequencies(corpus, by="primary_province", stopwords=False, entities=True)
    assert row(named, "Hà Nội", "hà nội")["display"] == "Hà Nội"
    assert row(named, "Hà Nội", "hà nội")["n_documents"] == 3
