"""Formulaic language: word n-grams shared verbatim across provinces vs a province's own."""

from __future__ import annotations

import pytest

import dxcompare
from dxcompare.analyze.formulaic import ngram_table, shared_ngrams, template_token_mask
from dxcompare.errors import ParameterError

DOCS = {
    "quang_ninh.txt": (
        "Quảng Ninh đẩy mạnh chuyển đổi số trong ngành than\n\n"
        "Tỉnh Quảng Ninh lấy người dân, doanh nghiệp là trung tâm của chuyển đổi số.\n"
        "Ngành than của Quảng Ninh ứng dụng chuyển đổi số trong khai thác than.\n"
        "Công nhân mỏ than được đào tạo kỹ năng số.\n"
    ),
    "da_nang.txt": (
        "Đà Nẵng xây dựng đô thị thông minh\n\n"
        "Thành phố Đà Nẵng lấy người dân doanh nghiệp là trung tâm của chuyển đổi số.\n"
        "Đà Nẵng phát triển du lịch thông minh và dữ liệu mở.\n"
    ),
    "can_tho.txt": (
        "Cần Thơ chuyển đổi số nông nghiệp\n\n"
        "Nông dân Cần Thơ bán lúa gạo trên sàn thương mại điện tử.\n"
        "Hợp tác xã bán lúa gạo trên sàn thương mại điện tử.\n"
    ),
}
TEMPLATE = "người dân doanh nghiệp là trung tâm của chuyển đổi số"


@pytest.fixture(scope="module")
def tiny(load_texts):
    return load_texts(DOCS, "tiny_formulaic")


def test_national_slogan_is_shared_across_provinces_with_evidence(tiny):
    shared = shared_ngrams(tiny, by="primary_province", n=(3, 4, 5, 6), min_groups=2)
    hit = shared[shared["ngram"] == TEMPLATE]
    assert len(hit) == 1
    hit = hit.iloc[0]
    assert hit["n"] == 6 and hit["n_groups"] == 2 and hit["count"] == 2 and hit["n_documents"] == 2
    assert hit["groups"] == "Quảng Ninh; Đà Nẵng"
    text = tiny.documents.set_index("doc_id").loc[hit["doc_id"], "text"]
    assert text[hit["start"] : hit["end"]] == hit["example"]
    # Quảng Ninh writes "người dân, doanh nghiệp": the comma does not stop the match
    assert hit["example"].lower().replace(",", "") == TEMPLATE


def test_shorter_pieces_of_a_listed_template_are_not_listed_again(tiny):
    shared = shared_ngrams(tiny, n=(3, 4, 5, 6))
    assert "doanh nghiệp là trung tâm" not in set(shared["ngram"])
    everything = shared_ngrams(tiny, n=(3, 4, 5, 6), maximal=False)
    assert "doanh nghiệp là trung tâm" in set(everything["ngram"])


def test_default_sizes_find_the_five_word_pieces(tiny):
    shared = shared_ngrams(tiny)
    assert set(shared["n"]) <= {3, 4, 5}
    assert "doanh nghiệp là trung tâm của chuyển đổi số" in set(shared["ngram"])


def test_a_province_s_own_repeated_phrase_is_not_a_template(tiny):
    table = ngram_table(tiny, n=(3, 4))
    own = table[table["ngram"] == "lúa gạo trên sàn thương mại điện tử"]
    assert len(own) == 1
    assert own.iloc[0]["group"] == "Cần Thơ" and own.iloc[0]["count"] == 2
    assert not own.iloc[0]["template"]
    assert "lúa gạo trên sàn thương mại điện tử" not in set(shared_ngrams(tiny)["ngram"])


def test_ngrams_do_not_begin_or_end_with_a_stopword(tiny):
    table = ngram_table(tiny, n=(3, 4, 5))
    assert not table["ngram"].str.endswith(" của").any()
    assert not table["ngram"].str.startswith("lấy ").any()
    loose = ngram_table(tiny, n=(3, 4, 5), edge_stopwords=True)
    assert loose["ngram"].str.startswith("lấy ").any()


def test_template_mask_marks_the_slogan_tokens_and_nothing_else(tiny):
    mask = template_token_mask(tiny, n=(3, 4, 5, 6))
    tokens = tiny.tokens
    assert mask.index.equals(tokens.index)
    marked = tokens[mask.to_numpy()]
    assert set(marked["doc_id"].astype(str)) == {"quang_ninh", "da_nang"}
    assert set(marked["norm"].astype(str)) == {
        "người dân", "doanh nghiệp", "là", "trung tâm", "của", "chuyển đổi số",
    }  # fmt: skip
    # the second "chuyển đổi số" of Quảng Ninh is its own sentence, outside the template
    qn = tokens[(tokens["doc_id"] == "quang_ninh") & (tokens["norm"] == "chuyển đổi số")]
    assert mask[qn.index].tolist() == [True, False]


def test_bad_sizes_are_a_clear_error(tiny):
    with pytest.raises(ParameterError, match="n=1"):
        shared_ngrams(tiny, n=1)
    with pytest.raises(ParameterError, match="min_groups"):
        shared_ngrams(tiny, min_groups=0)


def test_shared_ngrams_are_deterministic(tiny):
    assert shared_ngrams(tiny).equals(shared_ngrams(tiny))


QUOTED = {
    "hau_giang.txt": (
        "Hậu Giang ra quân chuyển đổi số\n\n"
        'Chủ tịch UBND tỉnh Hậu Giang yêu cầu: "Các sở phải hành động ngay" - ông Trần Văn Hùng '
        "nhấn mạnh tại hội nghị.\n"
        "Tỉnh triển khai nền tảng số dùng chung (gồm hệ thống thông tin giải quyết thủ tục hành "
        "chính) cho cấp xã; người dân được hướng dẫn sử dụng dịch vụ công trực tuyến.\n"
        "Hậu Giang lấy người dân, doanh nghiệp làm trung tâm của chuyển đổi số.\n"
    ),
    "bac_kan.txt": (
        "Bắc Kạn đẩy mạnh dịch vụ công trực tuyến\n\n"
        'Giám đốc Sở Thông tin và Truyền thông Bắc Kạn khẳng định: "Chúng ta phải hành động ngay" '
        "- bà Hoàng Thị Lan cho biết.\n"
        "Bắc Kạn lấy người dân, doanh nghiệp làm trung tâm của chuyển đổi số; nền tảng số dùng "
        "chung được triển khai cho cấp xã.\n"
    ),
}


@pytest.fixture(scope="module")
def quoted(load_texts):
    return load_texts(QUOTED, "quoted")


@pytest.mark.parametrize(
    ("junk", "why"),
    [
        ("hành động ngay ông", "closing quote and a spaced dash"),
        ("hành động ngay bà", "closing quote and a spaced dash"),
        ("yêu cầu các sở", "colon and opening quote"),
        ("khẳng định chúng ta", "colon and opening quote"),
        ("dùng chung gồm", "opening bracket"),
        ("hành chính cho cấp", "closing bracket"),
        ("cấp xã người dân", "semicolon"),
        ("chuyển đổi số nền tảng số", "semicolon"),
    ],
)
def test_own_phrasing_never_runs_across_quotes_colons_semicolons_brackets_or_dashes(
    quoted, junk, why
):
    ngrams = ngram_table(quoted, n=(2, 3, 4, 5), min_content=1)["ngram"]
    assert not ngrams.str.contains(junk, regex=False).any(), why


def test_phrases_on_each_side_of_the_punctuation_are_still_found(quoted):
    ngrams = set(ngram_table(quoted, n=(2, 3, 4, 5), min_content=1)["ngram"])
    assert {"sở phải hành động", "nhấn mạnh tại hội nghị"} <= ngrams
    assert not [g for g in ngrams if "hùng" in g.split()]  # a person's name is masked
    assert "hệ thống thông tin giải quyết thủ tục hành chính" in ngrams  # inside the brackets


def test_a_template_still_runs_across_a_comma(quoted):
    shared = shared_ngrams(quoted, n=(2, 3, 4, 5), min_content=1).set_index("ngram")
    assert shared.loc["người dân doanh nghiệp làm trung tâm", "example"] == (
        "người dân, doanh nghiệp làm trung tâm"
    )
    assert shared.loc["người dân doanh nghiệp làm trung tâm", "n_groups"] == 2


def test_seed_provinces_share_the_national_programme_horizon(seeds_dir):
    corpus = dxcompare.load_corpus(seeds_dir, use_cache=False)
    shared = shared_ngrams(corpus)
    horizon = shared[shared["ngram"] == "2025 định hướng đến năm 2030"]
    assert len(horizon) == 1
    assert horizon.iloc[0]["groups"] == "Bình Định; Hà Nội; Hải Phòng"
    row = horizon.iloc[0]
    text = corpus.documents.set_index("doc_id").loc[row["doc_id"], "text"]
    assert text[row["start"] : row["end"]] == row["example"] == "2025, định hướng đến năm 2030"


def test_own_phrasing_collapses_overlapping_ngrams_to_the_longest(load_texts):
    phrase = "kế hoạch hành động thực hiện chương trình số hóa nông thôn mới"
    corpus = load_texts(
        {
            "ha_tinh.txt": "Hà Tĩnh số hóa nông thôn\n\n"
            "Sáng 2/4/2024, hội nghị trực tuyến được tổ chức tại 13 huyện.\n"
            f"Tỉnh ban hành {phrase} trong tháng 4.\n"
            f"Các huyện triển khai {phrase} ngay sau hội nghị.\n",
            "quang_tri.txt": "Quảng Trị đào tạo kỹ năng số\n\n"
            "Tỉnh tập huấn kỹ năng số cho 500 cán bộ cấp xã trong năm 2024.\n",
        }
    )
    plain = ngram_table(corpus, n=(3, 4, 5))
    own = ngram_table(corpus, n=(3, 4, 5), maximal=True)
    ha_tinh = own[(own["group"] == "Hà Tĩnh") & ~own["template"]]
    windows = plain[(plain["group"] == "Hà Tĩnh") & (plain["count"] == 2)]
    twice = ha_tinh[ha_tinh["count"] == 2]
    assert len(windows) > 5 and len(twice) == 1  # the repeated phrase: many windows, one row
    longest = twice.iloc[0]
    assert longest["count"] == 2 and longest["n"] > 5  # n: words, longer than the largest n-gram
    # "mới" is a stopword: a phrase neither begins nor ends with one
    assert longest["ngram"] == "kế hoạch hành động thực hiện chương trình số hóa nông thôn"
    # no listed phrase lies inside another listed phrase of the group
    phrases = ha_tinh["ngram"].tolist()
    assert not [a for a in phrases for b in phrases if a != b and f" {a} " in f" {b} "]
