"""Keyness: weighted log-odds with a Dirichlet prior, quanteda's chi2 and G2, comparisons, errors."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import dxcompare
from dxcompare.analyze.keywords import chi2_keyness, count_matrix, keyness, loglik_keyness
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
        "Thành phố Đà Nẵng lấy người dân, doanh nghiệp là trung tâm của chuyển đổi số.\n"
        "Đà Nẵng phát triển du lịch thông minh và dữ liệu mở.\n"
        "Du khách tra cứu dữ liệu du lịch trên ứng dụng của thành phố.\n"
    ),
    "can_tho.txt": (
        "Cần Thơ chuyển đổi số nông nghiệp\n\n"
        "Thành phố Cần Thơ đưa nông sản lên sàn thương mại điện tử.\n"
        "Nông dân Cần Thơ bán lúa gạo trên sàn thương mại điện tử.\n"
    ),
}


@pytest.fixture(scope="module")
def tiny(load_texts):
    return load_texts(DOCS, "tiny_keyness")


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    return dxcompare.load_corpus(seeds_dir, use_cache=False)


def row(table, group, token):
    hit = table[(table["group"] == group) & (table["token"] == token)]
    assert len(hit) == 1, (group, token)
    return hit.iloc[0]


def test_tiny_corpus_has_the_word_counts_the_hand_computations_use(tiny):
    counts = count_matrix(tiny, entities=True)
    # Words without stopwords: Quảng Ninh 18, Đà Nẵng 17, Cần Thơ 10 (45 in all).
    assert counts.sum().to_dict() == {"Cần Thơ": 10, "Quảng Ninh": 18, "Đà Nẵng": 17}
    assert counts.loc["than"].to_dict() == {"Cần Thơ": 0, "Quảng Ninh": 3, "Đà Nẵng": 0}


def test_log_odds_of_than_in_quảng_ninh_matches_the_hand_computation(tiny):
    # Pooled prior, alpha0 = 45 words: a_than = 45 * 3/45 = 3.
    # delta = log((3+3)/(18+45-3-3)) - log((0+3)/(27+45-0-3)), var = 1/(3+3) + 1/(0+3).
    got = row(keyness(tiny, entities=True, target="Quảng Ninh"), "Quảng Ninh", "than")
    delta = math.log(6 / 57) - math.log(3 / 69)
    var = 1 / 6 + 1 / 3
    assert got["n_group"] == 3 and got["n_rest"] == 0 and got["reference"] == "rest"
    assert got["delta"] == pytest.approx(delta, abs=1e-12)
    assert got["var"] == pytest.approx(var, abs=1e-12)
    assert got["z"] == pytest.approx(delta / math.sqrt(var), abs=1e-12)
    assert got["z"] == pytest.approx(1.25045, abs=1e-5)


def test_a_weaker_prior_moves_a_rare_word_further_from_zero(tiny):
    strong = row(keyness(tiny, entities=True, target="Quảng Ninh"), "Quảng Ninh", "than")
    weak = row(keyness(tiny, entities=True, target="Quảng Ninh", alpha0=4.5), "Quảng Ninh", "than")
    # a_than = 4.5 * 3/45 = 0.3: delta = log(3.3/(18+4.5-3.3)) - log(0.3/(27+4.5-0.3)).
    assert weak["delta"] == pytest.approx(math.log(3.3 / 19.2) - math.log(0.3 / 31.2))
    assert weak["delta"] > strong["delta"]


def test_prior_from_a_reference_series_uses_its_shares(tiny):
    ref = pd.Series({"Than": 1, "dữ liệu": 9})  # case and spacing are normalized
    got = row(keyness(tiny, entities=True, target="Quảng Ninh", prior=ref), "Quảng Ninh", "than")
    vocab = len(count_matrix(tiny, entities=True))
    # pi_than = 1 / (1 + 9 + 0.5 * (vocab - 2)); a = 45 * pi
    a = 45 * 1 / (10 + 0.5 * (vocab - 2))
    delta = math.log((3 + a) / (18 + 45 - 3 - a)) - math.log(a / (27 + 45 - a))
    assert got["delta"] == pytest.approx(delta)
    assert got["var"] == pytest.approx(1 / (3 + a) + 1 / a)


def test_prior_from_a_reference_corpus_is_accepted(tiny):
    table = keyness(tiny, target="Quảng Ninh", prior=tiny)
    default = keyness(tiny, target="Quảng Ninh")
    assert row(table, "Quảng Ninh", "than")["z"] == pytest.approx(
        row(default, "Quảng Ninh", "than")["z"]
    )


def test_chi2_of_than_matches_the_hand_computation_with_and_without_yates(tiny):
    # a=3, b=0, c=15, d=27, N=45; E(a)=1.2 < 5 and |ad-bc|=81 >= N/2, so quanteda corrects.
    got = row(
        keyness(tiny, entities=True, target="Quảng Ninh", method="chi2"), "Quảng Ninh", "than"
    )
    assert got["chi2"] == pytest.approx(45 * (81 - 22.5) ** 2 / (3 * 42 * 18 * 27))
    assert got["p"] == pytest.approx(math.erfc(math.sqrt(got["chi2"] / 2)))
    none = row(
        keyness(tiny, entities=True, target="Quảng Ninh", method="chi2", correction="none"),
        "Quảng Ninh",
        "than",
    )
    assert none["chi2"] == pytest.approx(45 * 81**2 / (3 * 42 * 18 * 27))


def test_chi2_equals_r_chisq_test_on_quanteda_s_own_test_table():
    # quanteda's test: d1 = "b b b b b b b a a a", d2 = "a a a a a a a b b"; feature a.
    observed = [3, 7, 7, 2]
    rows, cols, n = [10, 9], [10, 9], 19
    expected = [
        rows[0] * cols[0] / n,
        rows[0] * cols[1] / n,
        rows[1] * cols[0] / n,
        rows[1] * cols[1] / n,
    ]
    r_yates = sum((abs(o - e) - 0.5) ** 2 / e for o, e in zip(observed, expected, strict=True))
    got = chi2_keyness([3], [7], 10, 9)["chi2"].iloc[0]
    assert got == pytest.approx(-r_yates)  # a=3 is below its expectation: signed negative


def test_loglik_of_than_matches_the_hand_computation(tiny):
    got = row(
        keyness(tiny, entities=True, target="Quảng Ninh", method="loglik"), "Quảng Ninh", "than"
    )
    # Yates moves 0.5 toward independence: 2.5, 0.5, 15.5, 26.5 against E = 1.2, 1.8, 16.8, 25.2.
    g2 = 2 * (
        2.5 * math.log(2.5 / 1.2)
        + 0.5 * math.log(0.5 / 1.8)
        + 15.5 * math.log(15.5 / 16.8)
        + 26.5 * math.log(26.5 / 25.2)
    )
    assert got["G2"] == pytest.approx(g2, rel=1e-6)
    plain = loglik_keyness([3], [0], 18, 27, correction="none")["G2"].iloc[0]
    assert plain == pytest.approx(
        2 * (3 * math.log(3 / 1.2) + 15 * math.log(15 / 16.8) + 27 * math.log(27 / 25.2)), rel=1e-6
    )


def test_every_group_against_the_rest_by_default(tiny):
    table = keyness(tiny, entities=True)
    assert set(table["group"]) == {"Cần Thơ", "Quảng Ninh", "Đà Nẵng"}
    assert list(table.columns) == [
        "group", "reference", "token", "n_group", "n_rest", "delta", "var", "z", "display",
    ]  # fmt: skip
    for group in ("Cần Thơ", "Quảng Ninh", "Đà Nẵng"):
        part = table[table["group"] == group]
        assert part["z"].is_monotonic_decreasing
        assert (part["n_group"] + part["n_rest"]).sum() == 45
    assert row(table, "Cần Thơ", "thương mại điện tử")["display"] == "thương mại điện tử"
    assert table[table["group"] == "Cần Thơ"].iloc[0]["token"] in {
        "cần thơ",
        "thương mại điện tử",
        "sàn",
    }


def test_a_pair_of_groups_with_reference_or_a_tuple(tiny):
    a = keyness(tiny, entities=True, target="Quảng Ninh", reference="Đà Nẵng")
    b = keyness(tiny, entities=True, target=("Quảng Ninh", "Đà Nẵng"))
    pd.testing.assert_frame_equal(a, b)
    assert set(a["reference"]) == {"Đà Nẵng"}
    assert row(a, "Quảng Ninh", "du lịch")["z"] < 0 < row(a, "Quảng Ninh", "than")["z"]
    assert "sàn" not in set(a["token"])  # Cần Thơ's words are in neither side


def test_unknown_target_lists_the_valid_groups(tiny):
    with pytest.raises(ParameterError) as err:
        keyness(tiny, entities=True, target="Hà Nội")
    assert "Cần Thơ, Quảng Ninh, Đà Nẵng" in str(err.value)


def test_by_that_is_not_a_column_is_a_clear_error(tiny):
    with pytest.raises(ParameterError, match="not a column of corpus.documents"):
        keyness(tiny, entities=True, by="tỉnh")


def test_unknown_method_and_single_group_are_clear_errors(tiny):
    with pytest.raises(ParameterError, match="logodds, chi2, loglik"):
        keyness(tiny, entities=True, method="tfidf")
    with pytest.raises(ParameterError, match="two or more values"):
        keyness(tiny, entities=True, by="kind")


def test_a_group_with_no_words_is_skipped_and_named_when_asked_for(tmp_path):
    for name, text in DOCS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    # A Huế article whose only body line is a photo caption: no body words.
    (tmp_path / "hue.txt").write_text(
        "Thừa Thiên Huế số hóa di tích\n\nẢnh: Trung tâm bảo tồn di tích Huế (Ảnh: Minh Sơn/Vietnam+)\n",
        encoding="utf-8",
    )
    corpus = dxcompare.load_corpus(tmp_path, use_cache=False)
    empty = corpus.documents.loc[corpus.documents["doc_id"] == "hue", "primary_province"].iloc[0]
    assert corpus.documents.loc[corpus.documents["doc_id"] == "hue", "n_words"].iloc[0] == 0
    table = keyness(corpus)
    assert empty not in set(table["group"])
    with pytest.raises(ParameterError, match="has no words"):
        keyness(corpus, target=empty)


def test_keyness_is_deterministic(tiny):
    pd.testing.assert_frame_equal(keyness(tiny, entities=True), keyness(tiny, entities=True))


def test_seed_bình_định_stands_out_for_its_youth_union_words(seeds):
    table = keyness(seeds, target="Bình Định")
    top = list(table["token"].head(20))
    assert {"tỉnh đoàn", "đoàn"} <= set(top)
    # "ĐVTN" (đoàn viên thanh niên) is an acronym: masked by default, counted with entities=True
    assert "đvtn" not in set(table["token"])
    named = keyness(seeds, target="Bình Định", entities=True)
    assert "đvtn" in list(named["token"].head(20))
    assert row(named, "Bình Định", "đvtn")["n_rest"] == 0


def test_seed_hải_phòng_stands_out_for_its_numbered_solution_headings(seeds):
    # "Thứ ba, phát triển hạ tầng kỹ thuật và đảm bảo an toàn an ninh thông tin"
    top = list(keyness(seeds, target="Hải Phòng")["token"].head(10))
    assert "hạ tầng" in top and "an toàn" in top


def test_excluding_templates_removes_only_shared_phrases(seeds):
    plain = keyness(seeds, target="Hà Nội")
    own = keyness(seeds, target="Hà Nội", exclude_templates=True)
    # "năm 2025, định hướng đến năm 2030" is shared by all three provinces: its words drop out.
    assert n_of(own, "định hướng") < n_of(plain, "định hướng")
    assert n_of(own, "thủ đô") == n_of(plain, "thủ đô") > 0


def n_of(table, token):
    hit = table.loc[table["token"] == token, "n_group"]
    return int(hit.sum())


def test_excluded_words_leave_the_counts_in_any_case_or_tone_placement(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Thanh Hóa đẩy mạnh số hóa\n\nThanh Hóa số hóa hồ sơ. Thanh Hóa mở rộng cáp quang.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "Nghệ An phát triển nông nghiệp số\n\nNghệ An đưa nông sản lên sàn thương mại điện tử.\n",
        encoding="utf-8",
    )
    corpus = dxcompare.load_corpus(tmp_path)
    full = keyness(corpus, target="Thanh Hóa", entities=True)
    assert "thanh hóa" in set(full["token"])
    trimmed = keyness(corpus, target="Thanh Hóa", exclude=["THANH HOÁ", "Nghệ An"], entities=True)
    assert not {"thanh hóa", "nghệ an"} & set(trimmed["token"])
    kept = full[full["token"] == "hồ sơ"].iloc[0]
    assert trimmed[trimmed["token"] == "hồ sơ"].iloc[0]["n_group"] == kept["n_group"] == 1


def test_prior_series_words_in_old_tone_placement_or_capitals_match_the_corpus_words():
    from dxcompare.analyze.keywords import prior_counts

    pooled = pd.Series({"hòa bình": 6, "thủy lợi": 3, "tỉnh": 1}, dtype="int64")
    modern = pd.Series({"hòa bình": 40, "thủy lợi": 10, "tỉnh": 50})
    old = pd.Series({"Hoà Bình": 40, "THUỶ LỢI": 10, "tỉnh": 50})
    expected = prior_counts(pooled, modern)
    got = prior_counts(pooled, old)
    assert got.round(9).to_dict() == expected.round(9).to_dict()
    assert got["thủy lợi"] == pytest.approx(10 * 10 / 100)
