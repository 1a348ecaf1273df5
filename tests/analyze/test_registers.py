from __future__ import annotations

import warnings

import pandas as pd
import pytest

import dxcompare
from dxcompare.analyze.registers import PhraseMatcher, load_registers, register_hits, register_table
from dxcompare.errors import LexiconError, ParameterError


def _matcher(name: str) -> PhraseMatcher:
    reg = next(r for r in load_registers() if r.name == name)
    return PhraseMatcher(reg.phrases, reg.exclude)


def _found(name: str, sentence: str) -> list[str]:
    return [sentence[s:e] for s, e, _ in _matcher(name).find(sentence)]


# ------------------------------------------------------------------------ phrases and exclusions
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Các sở, ngành cần đẩy mạnh chuyển đổi số.", ["cần", "đẩy mạnh"]),
        (
            "UBND tỉnh Nghệ An yêu cầu các huyện chỉ đạo quyết liệt.",
            ["yêu cầu", "chỉ đạo", "quyết liệt"],
        ),
        ("Cần phải tăng cường kiểm tra, giám sát.", ["Cần phải", "tăng cường"]),
        ("Các đơn vị phải hoàn thành trước ngày 30/6/2025.", ["phải"]),
        ("Người đứng đầu phải chịu trách nhiệm nếu chậm trễ.", ["phải", "chịu trách nhiệm"]),
    ],
)
def test_directive_phrases_are_found_on_whole_syllables(sentence, expected):
    assert _found("directive", sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Việc chuyển đổi số ở Sóc Trăng là rất cần thiết.",  # necessary: an evaluation
        "Người dân không phải đến trụ sở UBND xã.",  # no obligation
        "Đây không phải là việc của riêng ngành TT&TT.",  # negation
        "Phải chăng chuyển đổi số chỉ là khẩu hiệu?",  # rhetorical question
        "Cột bên phải ghi số hồ sơ trực tuyến.",  # the right-hand side
        "Tỉnh Kon Tum gặp phải nhiều khó khăn về hạ tầng.",  # run into
        "Ban chỉ đạo tỉnh họp phiên thứ hai.",  # the name of a body
        "Hệ thống đã đáp ứng yêu cầu của người dân.",  # meet requirements
        "Người nông dân cần cù, chịu khó.",  # diligent
    ],
)
def test_directive_exclusions_are_not_counted(sentence):
    assert _found("directive", sentence) == []


def test_cần_thiết_phải_counts_the_phải_only():
    assert _found("directive", "Cần thiết phải xây dựng hạ tầng số đồng bộ.") == ["phải"]


def test_vanguard_phrases_span_segmented_words():
    sentence = (
        "Tuổi trẻ Cà Mau xung kích, tiên phong đi đầu, cùng cả hệ thống chính trị và toàn xã hội."
    )
    assert _found("vanguard", sentence) == [
        "xung kích",
        "tiên phong",
        "đi đầu",
        "cả hệ thống chính trị",
        "toàn xã hội",
    ]


def test_phrase_is_not_found_inside_a_longer_syllable():
    # "đi đầuu" is a typo, "cầnthiết" a lost space: neither is a whole-syllable match
    assert _found("vanguard", "Hà Giang đi đầuu trong cải cách.") == []
    assert _found("directive", "Việc này cầnthiết.") == []


def test_aspiration_and_hedging_phrases():
    aspiration = "Đồng Tháp phấn đấu thuộc nhóm dẫn đầu cả nước và trở thành hình mẫu."
    assert _found("aspiration", aspiration) == [
        "phấn đấu",
        "thuộc nhóm dẫn đầu",
        "trở thành",
        "hình mẫu",
    ]
    hedging = "Tiến độ còn chậm, nguồn lực còn hạn chế, đây là thách thức và khó khăn lớn."
    assert _found("hedging", hedging) == ["còn chậm", "còn hạn chế", "thách thức", "khó khăn"]


def test_hedging_excludes_a_deadline():
    assert _found("hedging", "Chậm nhất ngày 15/8, các sở gửi báo cáo.") == []


def test_old_tone_placement_and_capitals_match_the_same_phrase():
    matcher = PhraseMatcher(["hòa nhập"])
    assert [p for _, _, p in matcher.find("HÒA NHẬP số")] == ["hòa nhập"]


# ------------------------------------------------------------------------ the lexicon file
def test_user_lexicon_replaces_the_bundled_one(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "# my registers\nurgency:\n  label: Urgency\n  phrases: [khẩn trương, ngay]\n",
        encoding="utf-8",
    )
    (reg,) = load_registers(path)
    assert (reg.name, reg.label, reg.phrases) == ("urgency", "Urgency", ("khẩn trương", "ngay"))


def test_user_lexicon_phrases_are_folded(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("peace:\n  phrases: [Hoà Bình]\n", encoding="utf-8")
    (reg,) = load_registers(path)
    assert reg.phrases == ("hòa bình",)


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ("a:\n  phrases: [cần\n", None, "not valid YAML"),
        ("a:\n  phrases:\n    - cần\n  colour: red\n", 4, "unknown key 'colour'"),
        ("a:\n  phrases:\n    - cần\nb:\n  phrases:\n    - cần\n", 6, "in both 'a' and 'b'"),
        ("a:\n  phrases:\n    - cần\n    - 'đẩy mạnh!'\n", 4, "not a phrase of words"),
        ("a:\n  targets: [ranking, medals]\n", 2, "'medals' is not a kind"),
        ("a:\n  label: nothing\n", 1, "has nothing to match"),
    ],
)
def test_broken_lexicon_names_file_and_line(tmp_path, content, line, words):
    path = tmp_path / "broken.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_registers(path)
    assert str(path) in str(err.value) and words in str(err.value)
    if line is not None:
        assert err.value.line == line
    else:
        assert err.value.line is not None


def test_missing_lexicon_file_is_a_clear_error(tmp_path):
    with pytest.raises(LexiconError, match="cannot read"):
        load_registers(tmp_path / "nope.yaml")


def test_bundled_lexicon_has_the_five_registers():
    names = {r.name for r in load_registers()}
    assert {"directive", "vanguard", "aspiration", "standing", "hedging", "numbers"} <= names


# ------------------------------------------------------------------------ a tiny corpus
DOCS = {
    "nghe_an_1.txt": (
        "Nghệ An đẩy mạnh chuyển đổi số\n\n"
        "UBND tỉnh Nghệ An yêu cầu các sở cần khẩn trương triển khai. "
        "Việc chuyển đổi số ở Nghệ An là rất cần thiết.\n\n"
        "Tỉnh Nghệ An xếp thứ 20/63 về chỉ số DTI năm 2023.\n"
    ),
    "nghe_an_2.txt": (
        "Tuổi trẻ Nghệ An tiên phong\n\n"
        "Đoàn viên thanh niên tỉnh Nghệ An tiên phong đi đầu trong chuyển đổi số. "
        "Nghệ An vẫn còn nhiều khó khăn.\n"
    ),
    "ca_mau.txt": (
        "Cà Mau phấn đấu dẫn đầu\n\n"
        "Tỉnh Cà Mau phấn đấu thuộc nhóm dẫn đầu. "
        "Đến năm 2025, Cà Mau có 90% hồ sơ được xử lý trực tuyến. "
        "Người dân Cà Mau không phải đến trụ sở.\n"
    ),
}


@pytest.fixture(scope="module")
def tiny(load_texts):
    return load_texts(DOCS, "tiny")


def test_tiny_corpus_provinces(tiny):
    provinces = dict(zip(tiny.documents["doc_id"], tiny.documents["primary_province"], strict=True))
    assert provinces == {"ca_mau": "Cà Mau", "nghe_an_1": "Nghệ An", "nghe_an_2": "Nghệ An"}


def test_hits_carry_their_evidence(tiny):
    hits = register_hits(tiny)
    texts = dict(zip(tiny.documents["doc_id"], tiny.documents["text"], strict=True))
    sentences = tiny.sentences.set_index(["doc_id", "sentence_id"])["text"]
    for row in hits.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.matched
        assert row.matched in row.sentence
        assert sentences[(row.doc_id, row.sentence_id)] == row.sentence
    directive = hits[(hits.doc_id == "nghe_an_1") & (hits.register == "directive")]
    assert directive["matched"].tolist() == ["yêu cầu", "cần", "khẩn trương"]


def test_rates_per_group_by_hand(tiny):
    table = register_table(tiny, by="primary_province").set_index(["group", "register"])
    words = tiny.documents.groupby("primary_province")["n_words"].sum()
    expected = {
        # Nghệ An: yêu cầu, cần, khẩn trương (cần thiết excluded)
        ("Nghệ An", "directive"): (3, 1),
        # tiên phong, đi đầu
        ("Nghệ An", "vanguard"): (2, 1),
        # khó khăn
        ("Nghệ An", "hedging"): (1, 1),
        # xếp thứ 20/63, a ranking without a horizon
        ("Nghệ An", "standing"): (1, 1),
        ("Nghệ An", "aspiration"): (0, 0),
        # Cà Mau: phấn đấu, thuộc nhóm dẫn đầu
        ("Cà Mau", "aspiration"): (2, 1),
        # "không phải" is not an obligation
        ("Cà Mau", "directive"): (0, 0),
        # 90% under "Đến năm 2025"
        ("Cà Mau", "quantified_targets"): (1, 1),
        ("Cà Mau", "standing"): (0, 0),
    }
    for key, (n_hits, n_docs) in expected.items():
        row = table.loc[key]
        assert (row["n_hits"], row["n_documents"]) == (n_hits, n_docs), key
        assert row["n_words_group"] == words[key[0]]
        assert row["rate_per_1000"] == pytest.approx(1000 * n_hits / words[key[0]])
    assert table.loc[("Nghệ An", "directive"), "n_documents_group"] == 2


def test_rate_interval_brackets_the_rate(tiny):
    table = register_table(tiny, by="primary_province")
    several = table[table["n_documents_group"] >= 2]  # a one-document group has no interval
    assert not several.empty and table.loc[table["n_documents_group"] < 2, "ci_low"].isna().all()
    assert (several["ci_low"] <= several["rate_per_1000"] + 1e-9).all()
    assert (several["rate_per_1000"] <= several["ci_high"] + 1e-9).all()
    assert register_table(tiny, by="primary_province").equals(table)  # seeded: same numbers


def test_every_group_gets_every_register(tiny):
    table = register_table(tiny, by="doc_id", n_boot=0)
    assert len(table) == 3 * len(load_registers())
    assert table["ci_low"].isna().all()


def test_by_none_is_one_group(tiny):
    table = register_table(tiny, by=None, n_boot=0)
    assert set(table["group"]) == {"(all)"}
    assert table.set_index("register").loc["directive", "n_hits"] == 3


def test_unknown_by_column_is_a_parameter_error(tiny):
    with pytest.raises(ParameterError, match="by='provinc'"):
        register_table(tiny, by="provinc")


@pytest.fixture(scope="module")
def with_empty(tmp_path_factory):
    """The tiny corpus plus a Lai Châu title with no body and a Nghệ An title with no body."""
    folder = tmp_path_factory.mktemp("with_empty")
    extra = {
        "lai_chau.txt": "Lai Châu yêu cầu chuyển đổi số\n\n",
        "nghe_an_3.txt": "Nghệ An họp\n\n",
    }
    for name, text in {**DOCS, **extra}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return dxcompare.load_corpus(folder, use_cache=False)


def test_group_without_body_words_has_no_rate_and_no_warning(with_empty):
    words = with_empty.documents.groupby("primary_province")["n_words"].sum()
    assert words["Lai Châu"] == 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's "All-NaN slice" RuntimeWarning would fail here
        table = register_table(with_empty, by="primary_province", n_boot=200)
    lai_chau = table[table["group"] == "Lai Châu"]
    assert len(lai_chau) == len(load_registers())
    assert lai_chau[["rate_per_1000", "ci_low", "ci_high"]].isna().all().all()
    assert (lai_chau["n_hits"] == 0).all() and (lai_chau["n_documents_group"] == 1).all()


def test_empty_document_in_a_group_leaves_its_interval_around_the_rate(with_empty):
    table = register_table(with_empty, by="primary_province", n_boot=200)
    nghe_an = table[table["group"] == "Nghệ An"].set_index("register")
    assert nghe_an.loc["directive", "n_documents_group"] == 3
    assert nghe_an[["ci_low", "ci_high"]].notna().all().all()
    assert nghe_an.loc["directive", "ci_low"] <= nghe_an.loc["directive", "rate_per_1000"]
    assert nghe_an.loc["directive", "rate_per_1000"] <= nghe_an.loc["directive", "ci_high"]


# ------------------------------------------------------------------------ seeds
def test_seed_000_has_the_mobilisation_formula(seeds_dir):
    corpus = dxcompare.load_corpus(seeds_dir)
    hits = register_hits(corpus)
    seed0 = hits[hits.doc_id.str.startswith("000")]
    vanguard = seed0[seed0.register == "vanguard"]["matched"].str.lower().tolist()
    assert vanguard.count("toàn xã hội") >= 3
    assert "cả hệ thống chính trị" in vanguard
    directive = seed0[seed0.register == "directive"]
    # "cần thiết phải xây dựng": "cần thiết" excluded, "phải" counted
    sentence = directive[directive.sentence.str.contains("cần thiết phải")]
    assert sentence["matched"].tolist() == ["phải"]


def test_a_one_document_group_has_no_zero_width_interval_and_is_thin(load_texts):
    corpus = load_texts(
        {
            "soc_trang.txt": "Sóc Trăng đẩy mạnh chuyển đổi số\n\n"
            "Ngày 3/5/2024, UBND tỉnh Sóc Trăng yêu cầu các sở phải số hóa hồ sơ.\n"
            "Các huyện cần hoàn thành kết nối trước tháng 9.\n",
            "tra_vinh_1.txt": "Trà Vinh triển khai chuyển đổi số\n\n"
            "Ngày 8/5/2024, UBND tỉnh Trà Vinh yêu cầu các xã phải cập nhật dữ liệu dân cư.\n",
            "tra_vinh_2.txt": "Trà Vinh tập huấn công nghệ số\n\n"
            "Ngày 9/6/2024, tỉnh Trà Vinh tập huấn cho 200 cán bộ về kỹ năng số.\n"
            "Người dân được hướng dẫn cài đặt ứng dụng.\n",
        }
    )
    table = register_table(corpus).set_index(["group", "register"])
    one = table.loc[("Sóc Trăng", "directive")]
    assert one["n_hits"] >= 2 and one["n_documents_group"] == 1
    assert pd.isna(one["ci_low"]) and pd.isna(one["ci_high"])  # no zero-width "95%" interval
    assert bool(one["thin"])
    two = table.loc[("Trà Vinh", "directive")]
    assert two["n_documents_group"] == 2 and two["ci_low"] < two["ci_high"] and bool(two["thin"])
